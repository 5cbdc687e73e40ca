"""Heat volumes by calculation from contractual loads (Методика 99/пр, ПП РФ № 1034).

Norm: Методика осуществления коммерческого учета тепловой энергии, теплоносителя
(приказ Минстроя России от 17.03.2014 № 99/пр) for the calculation method, which
replaces metering under ПП РФ от 18.11.2013 № 1034 when there is no meter, it is
faulty, or readings are late (❓ symbols as commonly cited; docs/law.md, "Volumes by calculation"):

- heating and ventilation: ``Q = Q_load × (t_in − t_out) / (t_in − t_design) × 24 × days``,
  with ``t_out`` the mean outdoor temperature of the period and ``t_design`` the design
  outdoor temperature for heating (СП 131.13330); a period warmer than ``t_in`` needs
  no heat and gives 0;
- hot water: ``Q = Q_hw_avg × 24 × days``.

Rounding: each period's volume is rounded half-up to 0.001 Гкал; a total of several
periods is the sum of the rounded periods (so that the lines of a statement add up).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .errors import RuleError
from .rounding import ZERO, gcal

HOURS = Decimal(24)
HEATING_NORM = (
    "Методика коммерческого учета тепловой энергии, теплоносителя (приказ Минстроя России "
    "от 17.03.2014 № 99/пр), расчетный способ; ПП РФ от 18.11.2013 № 1034"
)
HEATING_FORMULA = "Q = Qнагр × (tвн − tнар) / (tвн − tр.о) × 24 × дни"
HOT_WATER_FORMULA = "Q = Qгвс.ср × 24 × дни"


@dataclass(frozen=True, slots=True)
class HeatingPeriod:
    """A stretch of ``days`` with mean outdoor temperature ``t_out`` (°C)."""

    days: int
    t_out: Decimal


@dataclass(frozen=True, slots=True)
class PeriodVolume:
    days: int
    t_out: Decimal | None
    volume_gcal: Decimal


@dataclass(frozen=True, slots=True)
class VolumeResult:
    total_gcal: Decimal
    periods: tuple[PeriodVolume, ...]
    formula: str
    norm: str


def _check_days(days: int, field: str) -> None:
    if isinstance(days, bool) or not isinstance(days, int) or days < 0:
        raise RuleError(f"{field}: число дней должно быть целым неотрицательным", field=field)


def heating_period_volume(
    *, load_gcal_h: Decimal, t_inside: Decimal, t_outside_design: Decimal, days: int, t_out: Decimal
) -> Decimal:
    """One period's heating volume, Гкал to 0.001 (Методика 99/пр, расчетный способ)."""
    if t_out >= t_inside:
        return gcal(ZERO)
    return gcal(load_gcal_h * (t_inside - t_out) * HOURS * days / (t_inside - t_outside_design))


def heating_volume(
    *,
    load_gcal_h: Decimal,
    t_inside: Decimal,
    t_outside_design: Decimal,
    periods: Sequence[HeatingPeriod],
) -> VolumeResult:
    """Heating (and ventilation) volume by calculation from the hourly load (Методика 99/пр).

    Example: 0.5 Гкал/ч, t_in 20, t_out −8.6, t_design −26, 31 days → 231.287 Гкал.
    """
    if load_gcal_h < 0:
        raise RuleError("load_gcal_h: нагрузка не может быть отрицательной", field="load_gcal_h")
    if t_outside_design >= t_inside:
        raise RuleError(
            "t_outside_design: расчетная температура наружного воздуха должна быть ниже внутренней",
            field="t_outside_design",
        )
    result = []
    for n, period in enumerate(periods):
        _check_days(period.days, f"periods[{n}].days")
        volume = heating_period_volume(
            load_gcal_h=load_gcal_h, t_inside=t_inside, t_outside_design=t_outside_design,
            days=period.days, t_out=period.t_out,
        )
        result.append(PeriodVolume(days=period.days, t_out=period.t_out, volume_gcal=volume))
    total = sum((p.volume_gcal for p in result), gcal(ZERO))
    return VolumeResult(total_gcal=total, periods=tuple(result), formula=HEATING_FORMULA, norm=HEATING_NORM)


def hot_water_volume(*, load_avg_gcal_h: Decimal, days: int) -> VolumeResult:
    """Hot-water volume by the average hourly load (Методика 99/пр, расчетный способ).

    Example: 0.08 Гкал/ч × 24 × 31 days → 59.520 Гкал.
    """
    if load_avg_gcal_h < 0:
        raise RuleError("load_avg_gcal_h: нагрузка не может быть отрицательной", field="load_avg_gcal_h")
    _check_days(days, "days")
    volume = gcal(load_avg_gcal_h * HOURS * days)
    return VolumeResult(
        total_gcal=volume,
        periods=(PeriodVolume(days=days, t_out=None, volume_gcal=volume),),
        formula=HOT_WATER_FORMULA,
        norm=HEATING_NORM,
    )
