"""The Django admin's words that no catalogue reaches, in Russian (docs/setup.md «Язык интерфейса»).

Django writes a yes/no value as an icon whose text is the Python value («True», «False»,
«None»: ``admin_list._boolean_icon``, no translation hook). The project's copies of the
admin's list and fieldset templates pass a cell through ``{{ item|russian_booleans }}``.
"""

from __future__ import annotations

import re

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

BOOLEAN_TEXT = {"True": "Да", "False": "Нет", "None": "Не указано"}
BOOLEAN_ICON = re.compile(r'(<img src="[^"]*/admin/img/icon-(?:yes|no|unknown)\.svg" alt=")(True|False|None)(">)')


@register.filter
def russian_booleans(html):
    """The admin's yes/no icons in ``html`` with a Russian text; other text as it is."""
    if not isinstance(html, SafeString):
        return html
    return mark_safe(BOOLEAN_ICON.sub(lambda m: m.group(1) + BOOLEAN_TEXT[m.group(2)] + m.group(3), html))  # noqa: S308
