"""How values read on pages: dates as ДД.ММ.ГГГГ, money with digit groups and two places,
other decimals with digit groups, a comma and no trailing zeros, booleans as да/нет, nothing as a dash, a list as
«a, b, c», a user by name."""

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
        # other decimals as stored, trailing zeros dropped, digit groups: «71 034,2», «9,5»
        return formatting.decimal_text(value.normalize()) if value.is_finite() else str(value)
    if isinstance(value, dict) and not value:  # an empty JSON field is nothing, never «{}»
        return EMPTY
    if isinstance(value, (list, tuple, set, frozenset)):  # never a Python list on a page: «a, b, c»
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return ", ".join(display_value(item) for item in items) or EMPTY
    if callable(getattr(value, "get_username", None)):
        return user_name(value)
    return str(value)


def user_name(user) -> str:
    """A user as people are named on pages: surname first, as names are kept («Петров Сергей»);
    the login only for a user without a name. It is also a user's ``str`` (``core.apps``):
    viewflow's task lists, the lists' columns and the choices of a user write it."""
    name = " ".join(part for part in (getattr(user, "last_name", ""), getattr(user, "first_name", "")) if part)
    return name or user.get_username()
