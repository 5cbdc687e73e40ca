"""Contract-less consumption of heat (бездоговорное потребление), 190-ФЗ ст. 22.

Norm: Федеральный закон от 27.07.2010 № 190-ФЗ «О теплоснабжении», ст. 22 ч. 8–10 (❓ the
wording is an open question for the legal staff): the volume is calculated from the
connected load for the whole period of contract-less consumption, but for at most three
years; the consumer pays one and a half times the cost within 15 days of the demand.
The multiplier, the limit in years and the payment term are a dated ``ContractlessRule``
(reference data), not constants. VAT is added on top of the whole 1.5× amount at the rate
passed in (НК РФ ст. 164 п. 3, by the date of shipment).

The three-year cut: when ``period_end`` (the last day of the period, usually the act's
date) is given, the limit is the number of days from the same date three years before
(exclusive) to ``period_end`` (inclusive) — 1 096 days when a 29 February falls inside;
without it, 3 × 365 = 1 095 days. Days are cut from the *earliest* periods (the list is
in chronological order), so the last three years remain.

Rounding: volume per period to 0.001 Гкал (``volumes``), cost, surcharge and VAT
half-up to the kopeck; the total is their sum.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .errors import RuleError
from .rounding import HUNDRED, money
from .vat import VAT_NORM
from .volumes import HeatingPeriod, VolumeResult, heating_volume

ONE = Decimal(1)


@dataclass(frozen=True, slots=True)
class ContractlessRule:
    valid_from: date
    multiplier: Decimal  # 1.5
    max_years: int  # 3
    payment_days: int  # 15 days from the demand
    norm: str


@dataclass(frozen=True, slots=True)
class ContractlessResult:
    volume: VolumeResult
    days_claimed: int
    days_billed: int
    days_cut: int
    tariff_per_gcal: Decimal
    cost: Decimal
    multiplier: Decimal
    surcharge: Decimal
    amount_without_vat: Decimal
    vat_percent: Decimal
    vat: Decimal
    total: Decimal
    payment_days: int
    norm: str


def _limit_days(max_years: int, period_end: date | None) -> int:
    if period_end is None:
        return 365 * max_years
    try:
        start = period_end.replace(year=period_end.year - max_years)
    except ValueError:  # 29 February → 28 February
        start = period_end.replace(year=period_end.year - max_years, day=28)
    return (period_end - start).days


def cut_to_last_years(
    periods: Sequence[HeatingPeriod], *, max_years: int, period_end: date | None = None
) -> tuple[tuple[HeatingPeriod, ...], int]:
    """Keep the last ``max_years`` of ``periods`` (chronological); return them and the days cut."""
    limit = _limit_days(max_years, period_end)
    excess = sum(p.days for p in periods) - limit
    if excess <= 0:
        return tuple(periods), 0
    kept: list[HeatingPeriod] = []
    to_cut = excess
    for period in periods:
        if to_cut >= period.days:
            to_cut -= period.days
            continue
        kept.append(HeatingPeriod(days=period.days - to_cut, t_out=period.t_out) if to_cut else period)
        to_cut = 0
    return tuple(kept), excess


def contractless_consumption(
    *,
    load_gcal_h: Decimal,
    t_inside: Decimal,
    t_outside_design: Decimal,
    periods: Sequence[HeatingPeriod],
    tariff_per_gcal: Decimal,
    vat_percent: Decimal,
    rule: ContractlessRule,
    period_end: date | None = None,
) -> ContractlessResult:
    """Cost of contract-less consumption (190-ФЗ ст. 22 ч. 8–10 ❓): volume by load for at
    most ``rule.max_years``, × ``rule.multiplier``, VAT on top.

    Example: 0.15 Гкал/ч, 20, −10, −25, 92 days → 220.800 Гкал; at 2 500 ₽/Гкал → 552 000.00;
    × 1.5 = 828 000.00 without VAT.
    """
    if tariff_per_gcal < 0:
        raise RuleError("tariff_per_gcal: тариф не может быть отрицательным", field="tariff_per_gcal")
    if vat_percent < 0:
        raise RuleError("vat_percent: ставка НДС не может быть отрицательной", field="vat_percent")
    for n, period in enumerate(periods):
        if isinstance(period.days, bool) or not isinstance(period.days, int) or period.days < 0:
            raise RuleError(f"periods[{n}].days: число дней должно быть целым неотрицательным",
                            field=f"periods[{n}].days")
    days_claimed = sum(p.days for p in periods)
    kept, days_cut = cut_to_last_years(periods, max_years=rule.max_years, period_end=period_end)
    volume = heating_volume(
        load_gcal_h=load_gcal_h, t_inside=t_inside, t_outside_design=t_outside_design, periods=kept
    )
    cost = money(volume.total_gcal * tariff_per_gcal)
    surcharge = money(cost * (rule.multiplier - ONE))
    without_vat = cost + surcharge
    vat = money(without_vat * vat_percent / HUNDRED)
    return ContractlessResult(
        volume=volume,
        days_claimed=days_claimed,
        days_billed=days_claimed - days_cut,
        days_cut=days_cut,
        tariff_per_gcal=tariff_per_gcal,
        cost=cost,
        multiplier=rule.multiplier,
        surcharge=surcharge,
        amount_without_vat=without_vat,
        vat_percent=vat_percent,
        vat=vat,
        total=without_vat + vat,
        payment_days=rule.payment_days,
        norm=f"{rule.norm}; {volume.norm}; {VAT_NORM}",
    )
