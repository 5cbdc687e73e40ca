"""The rounding points of the rules, in one place.

- Money: half-up to the kopeck (``money``) — each penalty line, each VAT amount, each
  reduction line is rounded once, and totals are sums of rounded parts.
- State duty: half-up to the whole rouble (``rubles``), НК РФ ст. 52 п. 6 ("сумма
  исчисляется в полных рублях"; 50 копеек и более округляются до полного рубля).
- Heat: half-up to 0.001 Гкал (``gcal``), per period of a calculation; a total of several
  periods is the sum of the rounded periods.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
RUBLE = Decimal("1")
GCAL = Decimal("0.001")
ZERO = Decimal("0")
HUNDRED = Decimal("100")


def money(value: Decimal) -> Decimal:
    """Half-up to the kopeck."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def rubles(value: Decimal) -> Decimal:
    """Half-up to the whole rouble, kept with two decimals (``17500.00``)."""
    return value.quantize(RUBLE, rounding=ROUND_HALF_UP).quantize(CENT)


def gcal(value: Decimal) -> Decimal:
    """Half-up to 0.001 Гкал."""
    return value.quantize(GCAL, rounding=ROUND_HALF_UP)
