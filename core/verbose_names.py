"""Labels keep their abbreviations: «ИНН», not «Инн».

viewflow writes a field's label as ``verbose_name.capitalize()`` (list headers, detail pages,
list titles), and ``str.capitalize`` lower-cases everything after the first letter: «ИНН»
became «Инн», «сумма без НДС» «Сумма без ндс». At start-up every model's verbose names that
hold a capital after their first letter become :class:`KeepCase` strings, whose
``capitalize`` only raises the first letter (Django's ``capfirst``). Nothing else changes:
a ``KeepCase`` equals the plain string (migrations see no difference).
"""

from __future__ import annotations

from django.apps import apps
from django.utils.text import capfirst


class KeepCase(str):
    """A label whose capitalisation keeps the case of its other letters."""

    __slots__ = ()

    def capitalize(self) -> str:
        return str(capfirst(str(self)))

    def title(self) -> str:
        return str(capfirst(str(self)))


def needs_keep_case(label: object) -> bool:
    return isinstance(label, str) and not isinstance(label, KeepCase) and any(c.isupper() for c in label[1:])


def keep_abbreviations() -> None:
    """Wrap every model's and field's verbose name that holds a capital after its first letter."""
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        for attribute in ("verbose_name", "verbose_name_plural"):
            if needs_keep_case(getattr(opts, attribute)):
                setattr(opts, attribute, KeepCase(getattr(opts, attribute)))
        for field in opts.get_fields(include_hidden=True):
            if needs_keep_case(getattr(field, "verbose_name", None)):
                field.verbose_name = KeepCase(field.verbose_name)
