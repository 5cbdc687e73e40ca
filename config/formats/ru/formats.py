"""The project's Russian output formats: every page writes a date ДД.ММ.ГГГГ and a moment
ДД.ММ.ГГГГ ЧЧ:ММ, as ``core.formatting.date_short`` and ``core.display`` do.

Django's own ``ru`` formats write ``{{ day }}`` of a template, a ``DetailView``'s field and
``formats.localize`` as «8 декабря 2026 г.» and «8 декабря 2026 г. 6:32»: beside the
ДД.ММ.ГГГГ of the rest of the interface that reads as two formats on one page. The long
form (ГОСТ Р 7.0.97-2016) stays where a document asks for it (``formatting.date_long``).
Only the output formats are set here; the input formats and the separators are Django's
``ru`` ones.
"""

DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "d.m.Y H:i"
TIME_FORMAT = "H:i"
