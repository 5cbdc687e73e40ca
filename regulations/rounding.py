"""The rounding points of the rules, in one place.

- Money: half-up to the kopeck (``money``) — each penalty line, each VAT amount, each
  reduction line is rounded once, and totals are sums of rounded parts.
- State duty: half-up to the whole rouble (``rubles``), НК РФ ст. 52 п. 6 ("сумма
  исчисляется в полных рублях"; 50 копеек и более округляются до полного рубля).
- Heat: half-up to 0.001 Гкал (``gcal``), per period of a calculation; a total of several
  periods is the sum of the rounded periods.

A value too large to be rounded in the decimal context (more than 28 digits) is refused
with ``RuleError`` rather than ``decimal.InvalidOperation``; the edge bounds its inputs so
that this is a last line, not the usual answer.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .errors import RuleError

CENT = Decimal("0.01")
RUBLE = Decimal("1")
GCAL = Decimal("0.001")
ZERO = Decimal("0")
HUNDRED = Decimal("100")


def money(value: Decimal) -> Decimal:
    """Half-up to the kopeck."""
    return _quantize(value, CENT)


def rubles(value: Decimal) -> Decimal:
    """Half-up to the whole rouble, kept with two decimals (``17500.00``)."""
    return _quantize(_quantize(value, RUBLE), CENT)


def gcal(value: Decimal) -> Decimal:
    """Half-up to 0.001 Гкал."""
    return _quantize(value, GCAL)


def _quantize(value: Decimal, step: Decimal) -> Decimal:
    try:
        return value.quantize(step, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise RuleError(f"результат расчета {value:.3E} слишком велик или не является числом; "
                        "проверьте исходные данные") from None
