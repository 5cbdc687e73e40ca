"""Restriction of heat supply for a debt (ПП РФ от 08.08.2012 № 808, п. 92–93).

Norm: Правила организации теплоснабжения (ПП РФ № 808), п. 92–93 ✅:
supply to a consumer may be restricted when its overdue debt exceeds the amount of one
period of payment, after a written warning. The number of periods and the warning's lead
time (calendar days from delivery of the warning to the earliest day of the restriction) are
a dated ``SupplyRestrictionRule`` (reference data; the lead time is for the legal staff to
confirm ❓), not constants.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from .errors import RuleError

RESTRICTION_NORM = "ПП РФ от 08.08.2012 № 808, п. 92–93"


@dataclass(frozen=True, slots=True)
class RestrictionRule:
    valid_from: date
    periods: int  # the overdue debt must exceed this many periods of payment
    notice_days: int  # calendar days from the warning's delivery to the earliest restriction
    norm: str


@dataclass(frozen=True, slots=True)
class RestrictionGrounds:
    allowed: bool
    overdue_debt: Decimal
    threshold: Decimal
    norm: str


def restriction_grounds(*, overdue_debt: Decimal, period_charge: Decimal, rule: RestrictionRule) -> RestrictionGrounds:
    """Whether the overdue debt allows a restriction (ПП РФ № 808, п. 92): it must exceed
    ``rule.periods`` × the charge of one period of payment (``period_charge``, the last billed
    month). Example: charge 100 000.00 a month, overdue 150 000.00 → allowed; 100 000.00 → not."""
    if overdue_debt < 0:
        raise RuleError("overdue_debt: задолженность не может быть отрицательной", field="overdue_debt")
    if period_charge < 0:
        raise RuleError("period_charge: начисление за период не может быть отрицательным", field="period_charge")
    threshold = period_charge * rule.periods
    return RestrictionGrounds(allowed=overdue_debt > threshold and overdue_debt > 0, overdue_debt=overdue_debt,
                              threshold=threshold, norm=rule.norm)


def earliest_restriction_day(*, notice_delivered_on: date, rule: RestrictionRule) -> date:
    """The first day supply may be restricted after the written warning (ПП РФ № 808, п. 93):
    ``rule.notice_days`` calendar days after its delivery. Example: delivered 02.12.2026,
    10 days → 12.12.2026."""
    return notice_delivered_on + timedelta(days=rule.notice_days)
