"""Output formatting of calculation results: decimals as strings, dates as ISO."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from regulations import rounding


def money(value: Decimal) -> str:
    """Roubles with two decimals: ``"4891.85"``."""
    return f"{rounding.money(value):f}"


def gcal(value: Decimal) -> str:
    """Гкал with three decimals: ``"231.287"``."""
    return f"{rounding.gcal(value):f}"


def number(value: Decimal) -> str:
    """A rate, a temperature, hours: as written, without trailing zeros: ``"9.5"``, ``"20"``."""
    text = f"{value.normalize():f}"
    return "0" if text in ("-0", "0") else text


def day(value: date | None) -> str | None:
    return value.isoformat() if value else None
