"""Value added tax on heat energy (НК РФ ст. 164).

Norms: НК РФ ст. 164 п. 3 — the standard rate, 20 % until 31.12.2025 and 22 % from
01.01.2026 (Федеральный закон от 28.11.2025 № 425-ФЗ ⚠️, kept as dated ``VatRate`` data);
ст. 164 п. 4 — the rate inside a gross amount is ``rate / (100 + rate)``; ст. 166–167 —
the rate of the date of shipment (for heat, the billing period).

Rounding: the VAT amount is rounded half-up to the kopeck; the other amount is derived
from it so that ``net + vat == gross`` exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .errors import RuleError
from .rounding import HUNDRED, money

VAT_NORM = "НК РФ ст. 164 п. 3"
VAT_INSIDE_NORM = "НК РФ ст. 164 п. 4"


@dataclass(frozen=True, slots=True)
class VatRate:
    """From ``valid_from`` on (the date of shipment), the rate ``rate_percent``."""

    valid_from: date
    rate_percent: Decimal
    norm: str = VAT_NORM


@dataclass(frozen=True, slots=True)
class VatAmounts:
    net: Decimal
    vat: Decimal
    gross: Decimal
    rate_percent: Decimal
    norm: str


def vat_rate_on(day: date, rates: Sequence[VatRate]) -> VatRate:
    """The VAT rate for a shipment on ``day`` (НК РФ ст. 164, ст. 167)."""
    in_force = [r for r in rates if r.valid_from <= day]
    if not in_force:
        raise RuleError(f"date: нет ставки НДС на {day:%d.%m.%Y}", field="date")
    return max(in_force, key=lambda r: r.valid_from)


def vat_on_top(net: Decimal, rate_percent: Decimal, *, norm: str = VAT_NORM) -> VatAmounts:
    """VAT added to an amount without VAT (НК РФ ст. 164 п. 3, ст. 168)."""
    vat = money(net * rate_percent / HUNDRED)
    return VatAmounts(net=net, vat=vat, gross=net + vat, rate_percent=rate_percent, norm=norm)


def vat_inside(gross: Decimal, rate_percent: Decimal) -> VatAmounts:
    """VAT contained in a gross amount, ``rate / (100 + rate)`` (НК РФ ст. 164 п. 4)."""
    vat = money(gross * rate_percent / (HUNDRED + rate_percent))
    return VatAmounts(net=gross - vat, vat=vat, gross=gross, rate_percent=rate_percent, norm=VAT_INSIDE_NORM)
