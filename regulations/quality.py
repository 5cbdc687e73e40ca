"""Reduction of the charge for heating and hot water of poor quality (ПП РФ № 354, прил. 1).

Norms: Правила предоставления коммунальных услуг (ПП РФ от 06.05.2011 № 354), приложение 1:

- п. 14 (heating, interruptions): allowed 24 h in total per month (and 16 / 8 / 4 h in one
  go depending on the room temperature); for each hour over the allowance *counted in
  total over the month* the month's heating charge is reduced by 0.15 %;
- п. 15 (heating, room temperature): norm +18 °C (+20 °C corner rooms, +20/+22 °C where the
  coldest five-day period is −31 °C or below); no drop by day, up to 3 °C at night
  (00–05 h); 0.15 % of the charge for each hour and each degree of deviation;
- п. 4 (hot water, interruptions): allowed 8 h in total per month (4 h in one go, 24 h
  after an accident on a dead-end main); 0.15 % for each hour over, counted in total;
- п. 5 (hot water, temperature): +60…+75 °C; allowed shortfall 5 °C at night, 3 °C by day;
  0.1 % for each hour and for each whole 3 °C beyond the allowance; below +40 °C the
  water is billed as cold water (a re-billing by the cold-water tariff, done elsewhere:
  such hours make a zero line marked ``cold_water``).
- The reduction never exceeds the month's charge.

Readings of the norm: the single-go limits (16/8/4 h, 4 h) are quality requirements; the
reduction counts the hours over the allowance "исчисленной суммарно за расчетный
период", so only the monthly total decides the amount. Degrees of deviation count whole
degrees (heating) and whole 3 °C steps (hot water): a part of a degree is not a degree.

Rounding: each line half-up to the kopeck; the total is the sum of the lines, capped at
the month's charge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from .errors import RuleError
from .rounding import HUNDRED, ZERO, gcal, money

HEATING = "heating"
HOT_WATER = "hot_water"
SERVICES = (HEATING, HOT_WATER)
DAY, NIGHT = "day", "night"

HEATING_INTERRUPTION_NORM = "ПП РФ № 354, прил. 1, п. 14"
HEATING_TEMPERATURE_NORM = "ПП РФ № 354, прил. 1, п. 15"
HOT_WATER_INTERRUPTION_NORM = "ПП РФ № 354, прил. 1, п. 4"
HOT_WATER_TEMPERATURE_NORM = "ПП РФ № 354, прил. 1, п. 5"
CAP_NORM = "ПП РФ № 354, прил. 1 (снижение не превышает размера платы за месяц)"

HEATING_NORM_C = Decimal(18)
HOT_WATER_NORM_C = Decimal(60)


@dataclass(frozen=True, slots=True)
class Interruption:
    hours: Decimal


@dataclass(frozen=True, slots=True)
class TemperatureDeviation:
    """``hours`` at ``measured_c`` against ``norm_c`` (``None``: the service's usual norm)."""

    hours: Decimal
    measured_c: Decimal
    period: str = DAY
    norm_c: Decimal | None = None


@dataclass(frozen=True, slots=True)
class QualityLine:
    kind: str  # "interruption" | "temperature" | "cold_water"
    hours: Decimal  # hours the line is about (total interruption hours, deviation hours)
    excess_hours: Decimal  # hours that count for the reduction
    degrees: Decimal  # degrees (heating) or 3 °C steps (hot water) beyond the allowance
    percent: Decimal  # percent of the charge this line takes
    amount: Decimal
    norm: str


@dataclass(frozen=True, slots=True)
class QualityResult:
    service: str
    monthly_charge: Decimal
    total: Decimal
    uncapped_total: Decimal
    capped: bool
    lines: tuple[QualityLine, ...]
    norms: tuple[str, ...]


def _whole(value: Decimal) -> Decimal:
    return value.to_integral_value(rounding=ROUND_FLOOR)


def _check(monthly_charge: Decimal, interruptions: Sequence[Interruption],
           deviations: Sequence[TemperatureDeviation]) -> None:
    if monthly_charge < 0:
        raise RuleError("monthly_charge: плата за месяц не может быть отрицательной", field="monthly_charge")
    for n, item in enumerate(interruptions):
        if item.hours < 0:
            raise RuleError(f"interruptions[{n}].hours: часы не могут быть отрицательными",
                            field=f"interruptions[{n}].hours")
    for n, item in enumerate(deviations):
        if item.hours < 0:
            raise RuleError(f"temperature_deviations[{n}].hours: часы не могут быть отрицательными",
                            field=f"temperature_deviations[{n}].hours")
        if item.period not in (DAY, NIGHT):
            raise RuleError(f"temperature_deviations[{n}].period: ожидается day или night",
                            field=f"temperature_deviations[{n}].period")


def _interruption_line(charge: Decimal, interruptions: Sequence[Interruption], allowance_hours: Decimal,
                       percent_per_hour: Decimal, norm: str) -> QualityLine:
    total_hours = sum((i.hours for i in interruptions), ZERO)
    excess = max(total_hours - allowance_hours, ZERO)
    percent = percent_per_hour * excess
    return QualityLine(
        kind="interruption", hours=total_hours, excess_hours=excess, degrees=ZERO,
        percent=percent, amount=money(charge * percent / HUNDRED), norm=norm,
    )


def _result(service: str, charge: Decimal, lines: Sequence[QualityLine]) -> QualityResult:
    uncapped = sum((line.amount for line in lines), ZERO)
    total = min(uncapped, charge)
    norms = tuple(dict.fromkeys(line.norm for line in lines if line.amount or line.kind == "cold_water"))
    if total < uncapped:
        norms += (CAP_NORM,)
    return QualityResult(
        service=service, monthly_charge=charge, total=money(total), uncapped_total=money(uncapped),
        capped=total < uncapped, lines=tuple(lines), norms=norms,
    )


def heating_reduction(
    *,
    monthly_charge: Decimal,
    interruptions: Sequence[Interruption] = (),
    deviations: Sequence[TemperatureDeviation] = (),
    allowance_hours: Decimal = Decimal(24),
    percent_per_hour: Decimal = Decimal("0.15"),
    night_allowance_c: Decimal = Decimal(3),
) -> QualityResult:
    """Reduction of the month's heating charge (ПП РФ № 354, прил. 1, п. 14–15).

    Examples: charge 3 000.00, interruptions totalling 40 h → 16 h × 0.15 % = 72.00;
    15 °C by day against 18 °C for 50 h → 3° × 50 h × 0.15 % = 675.00.
    """
    _check(monthly_charge, interruptions, deviations)
    lines = []
    if interruptions:
        lines.append(_interruption_line(monthly_charge, interruptions, allowance_hours, percent_per_hour,
                                        HEATING_INTERRUPTION_NORM))
    for item in deviations:
        norm_c = HEATING_NORM_C if item.norm_c is None else item.norm_c
        allowed_c = norm_c - (night_allowance_c if item.period == NIGHT else ZERO)
        degrees = _whole(max(allowed_c - item.measured_c, ZERO))
        percent = percent_per_hour * item.hours * degrees
        lines.append(QualityLine(
            kind="temperature", hours=item.hours, excess_hours=item.hours if degrees else ZERO,
            degrees=degrees, percent=percent, amount=money(monthly_charge * percent / HUNDRED),
            norm=HEATING_TEMPERATURE_NORM,
        ))
    return _result(HEATING, monthly_charge, lines)


def hot_water_reduction(
    *,
    monthly_charge: Decimal,
    interruptions: Sequence[Interruption] = (),
    deviations: Sequence[TemperatureDeviation] = (),
    allowance_hours: Decimal = Decimal(8),
    percent_per_hour: Decimal = Decimal("0.15"),
    day_allowance_c: Decimal = Decimal(3),
    night_allowance_c: Decimal = Decimal(5),
    step_c: Decimal = Decimal(3),
    percent_per_step_hour: Decimal = Decimal("0.1"),
    cold_below_c: Decimal = Decimal(40),
) -> QualityResult:
    """Reduction of the month's hot-water charge (ПП РФ № 354, прил. 1, п. 4–5).

    Examples: charge 1 200.00, 52 °C by day for 100 h → one 3 °C step × 100 h × 0.1 % =
    120.00; interruptions totalling 20 h → 12 h × 0.15 % = 21.60.
    """
    _check(monthly_charge, interruptions, deviations)
    lines = []
    if interruptions:
        lines.append(_interruption_line(monthly_charge, interruptions, allowance_hours, percent_per_hour,
                                        HOT_WATER_INTERRUPTION_NORM))
    for item in deviations:
        if item.measured_c < cold_below_c:
            lines.append(QualityLine(
                kind="cold_water", hours=item.hours, excess_hours=item.hours, degrees=ZERO,
                percent=ZERO, amount=money(ZERO), norm=HOT_WATER_TEMPERATURE_NORM,
            ))
            continue
        norm_c = HOT_WATER_NORM_C if item.norm_c is None else item.norm_c
        allowed_c = norm_c - (night_allowance_c if item.period == NIGHT else day_allowance_c)
        steps = _whole(max(allowed_c - item.measured_c, ZERO) / step_c)
        percent = percent_per_step_hour * item.hours * steps
        lines.append(QualityLine(
            kind="temperature", hours=item.hours, excess_hours=item.hours if steps else ZERO,
            degrees=steps, percent=percent, amount=money(monthly_charge * percent / HUNDRED),
            norm=HOT_WATER_TEMPERATURE_NORM,
        ))
    return _result(HOT_WATER, monthly_charge, lines)


def quality_reduction(*, service: str, **kwargs: Any) -> QualityResult:
    """Dispatch by ``service``: ``"heating"`` (п. 14–15) or ``"hot_water"`` (п. 4–5)."""
    if service == HEATING:
        return heating_reduction(**kwargs)
    if service == HOT_WATER:
        return hot_water_reduction(**kwargs)
    raise RuleError(f"service: неизвестная услуга «{service}»; допустимо: heating, hot_water", field="service")


CONTRACT_NORM = "ГК РФ ст. 542, 547; договор теплоснабжения (недопоставка по договорной нагрузке)"


def undelivered_heat(*, hours: Decimal, load_gcal_h: Decimal) -> Decimal:
    """Heat not delivered to a non-residential consumer under its contract (ГК РФ ст. 542,
    547; the contract): hours of the breach × the contract load, half-up to 0.001 Гкал.
    It is excluded from a calculated volume; a metered volume stays as metered.
    Example: 50 h × 0.2 Гкал/ч = 10.000 Гкал."""
    if hours < 0:
        raise RuleError("hours: часы не могут быть отрицательными", field="hours")
    if load_gcal_h < 0:
        raise RuleError("load_gcal_h: нагрузка не может быть отрицательной", field="load_gcal_h")
    return gcal(hours * load_gcal_h)
