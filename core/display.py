"""How values read on pages: dates as ДД.ММ.ГГГГ, money with digit groups and two places,
other decimals with a comma and no trailing zeros, booleans as да/нет, nothing as a dash."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils import formats, timezone

from core import formatting

EMPTY = "—"


def display_value(value) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, datetime):
        return formats.localize(timezone.localtime(value)) if timezone.is_aware(value) else value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Decimal):
        if value.as_tuple().exponent == -2:  # money (two places): «78 713 019,27», never «501610,2»
            return formatting.amount(value)
        return formatting.plain_number(value)
    return str(value)
