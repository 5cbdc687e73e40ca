"""Rules that check a month's readings. Pure: facts and limits in, findings out.

Each rule returns a ``Finding`` (its code, a Russian message with the numbers, the numbers
as data) or None. ``RULES`` lists them in the order their findings are shown. Limits come
from the editable, dated ``ValidationSettings``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal("100")
GCAL = Decimal("0.001")
PERCENT = Decimal("0.01")

TOTAL_LABELS = {
    "q_total": "Q, Гкал",
    "m1_total": "M1, т",
    "m2_total": "M2, т",
    "v1_total": "V1, м³",
    "v2_total": "V2, м³",
}


@dataclass(frozen=True)
class Limits:
    load_margin: Decimal
    imbalance_tolerance_percent: Decimal
    operating_time_tolerance_hours: Decimal
    forecast_tolerance_percent: Decimal
    forecast_min_deviation_gcal: Decimal = Decimal("0")


@dataclass(frozen=True)
class ExpiredDevice:
    label: str
    valid_until: date


@dataclass(frozen=True)
class ReadingFacts:
    """What the rules need to know about one month's reading of a unit."""

    q: Decimal
    m1: Decimal
    m2: Decimal
    operating_hours: Decimal
    error_hours: Decimal
    service_hours: Decimal  # hours of the month the unit was in service
    totals: dict[str, Decimal | None] = field(default_factory=dict)
    previous_totals: dict[str, Decimal | None] = field(default_factory=dict)
    previous_period: date | None = None
    contractual_load: Decimal | None = None  # Гкал/ч the unit meters under the contract
    heating_season_days: int = 0
    is_open_system: bool = False
    expired_devices: tuple[ExpiredDevice, ...] = ()
    forecast: Decimal | None = None
    degree_days: Decimal | None = None
    mean_outdoor: Decimal | None = None


@dataclass(frozen=True)
class Finding:
    rule: str
    message: str
    data: dict


def _n(value: Decimal) -> str:
    return format(value, "f")


def _h(hours: Decimal) -> str:
    return _n(hours.quantize(Decimal("0.01")))


def decreasing_totals(facts: ReadingFacts, limits: Limits) -> Finding | None:
    """Cumulative registers must not go down from the previous month's."""
    fallen = {}
    for name, label in TOTAL_LABELS.items():
        now, before = facts.totals.get(name), facts.previous_totals.get(name)
        if now is not None and before is not None and now < before:
            fallen[name] = {"label": label, "previous": _n(before), "current": _n(now)}
    if not fallen:
        return None
    details = "; ".join(f"{v['label']}: {v['previous']} → {v['current']}" for v in fallen.values())
    period = f" (за {facts.previous_period:%m.%Y})" if facts.previous_period else ""
    return Finding(
        "decreasing_totals",
        f"Показания нарастающим итогом уменьшились по сравнению с предыдущими{period}: {details}",
        {"fields": fallen, "previous_period": facts.previous_period.isoformat() if facts.previous_period else None},
    )


def above_contractual_load(facts: ReadingFacts, limits: Limits) -> Finding | None:
    """Q above contractual load × hours of the month × margin is physically implausible."""
    if facts.contractual_load is None:
        return None
    limit = (facts.contractual_load * facts.service_hours * limits.load_margin).quantize(GCAL, ROUND_HALF_UP)
    if facts.q <= limit:
        return None
    return Finding(
        "above_contractual_load",
        f"Q = {_n(facts.q)} Гкал больше предела {_n(limit)} Гкал "
        f"(нагрузка {_n(facts.contractual_load)} Гкал/ч × {_h(facts.service_hours)} ч × запас {_n(limits.load_margin)})",
        {"q": _n(facts.q), "limit": _n(limit), "load": _n(facts.contractual_load),
         "hours": _h(facts.service_hours), "margin": _n(limits.load_margin)},
    )


def zero_in_heating_season(facts: ReadingFacts, limits: Limits) -> Finding | None:
    """No heat at all in a month with heating-season days."""
    if facts.heating_season_days == 0 or facts.q > 0:
        return None
    return Finding(
        "zero_in_heating_season",
        f"Нулевое потребление (Q = 0 Гкал) при {facts.heating_season_days} дн. отопительного периода в месяце",
        {"q": _n(facts.q), "heating_season_days": facts.heating_season_days},
    )


def mass_imbalance(facts: ReadingFacts, limits: Limits) -> Finding | None:
    """In a closed system M1 and M2 differ only by measurement error; more is a leak."""
    if facts.is_open_system or facts.m1 <= 0:
        return None
    imbalance = ((facts.m1 - facts.m2).copy_abs() / facts.m1 * HUNDRED).quantize(PERCENT, ROUND_HALF_UP)
    if imbalance <= limits.imbalance_tolerance_percent:
        return None
    return Finding(
        "mass_imbalance",
        f"Небаланс масс M1 − M2 = {_n(facts.m1 - facts.m2)} т ({_n(imbalance)} % от M1) "
        f"больше допустимых {_n(limits.imbalance_tolerance_percent)} %",
        {"m1": _n(facts.m1), "m2": _n(facts.m2), "imbalance_percent": _n(imbalance),
         "tolerance_percent": _n(limits.imbalance_tolerance_percent)},
    )


def short_operating_time(facts: ReadingFacts, limits: Limits) -> Finding | None:
    """Operating time shorter than the month: the unit failed for part of it."""
    shortfall = facts.service_hours - facts.operating_hours
    if shortfall <= limits.operating_time_tolerance_hours:
        return None
    return Finding(
        "short_operating_time",
        f"Время работы {_h(facts.operating_hours)} ч меньше периода {_h(facts.service_hours)} ч "
        f"на {_h(shortfall)} ч (время ошибок {_h(facts.error_hours)} ч)",
        {"operating_hours": _h(facts.operating_hours), "service_hours": _h(facts.service_hours),
         "shortfall_hours": _h(shortfall), "error_hours": _h(facts.error_hours),
         "tolerance_hours": _h(limits.operating_time_tolerance_hours)},
    )


def expired_verification(facts: ReadingFacts, limits: Limits) -> Finding | None:
    """A device of the unit was past its verification during the month."""
    if not facts.expired_devices:
        return None
    listed = ", ".join(f"{d.label} (поверка действительна до {d.valid_until:%d.%m.%Y})" for d in facts.expired_devices)
    return Finding(
        "expired_verification",
        f"Показания сняты при истекшей поверке: {listed}",
        {"devices": [{"device": d.label, "valid_until": d.valid_until.isoformat()} for d in facts.expired_devices]},
    )


def far_from_forecast(facts: ReadingFacts, limits: Limits) -> Finding | None:
    """Q far from what the unit's own history predicts for the month's outdoor temperature."""
    if facts.forecast is None or facts.forecast <= 0:
        return None
    deviation = ((facts.q - facts.forecast) / facts.forecast * HUNDRED).quantize(PERCENT, ROUND_HALF_UP)
    if deviation.copy_abs() <= limits.forecast_tolerance_percent:
        return None
    if (facts.q - facts.forecast).copy_abs() < limits.forecast_min_deviation_gcal:
        return None
    climate = ""
    if facts.mean_outdoor is not None:
        climate = f" при средней температуре наружного воздуха {_n(facts.mean_outdoor)} °C"
    return Finding(
        "far_from_forecast",
        f"Q = {_n(facts.q)} Гкал отличается от прогноза {_n(facts.forecast)} Гкал{climate} "
        f"на {_n(deviation)} % (допустимо ±{_n(limits.forecast_tolerance_percent)} %)",
        {"q": _n(facts.q), "forecast": _n(facts.forecast), "deviation_percent": _n(deviation),
         "tolerance_percent": _n(limits.forecast_tolerance_percent),
         "degree_days": _n(facts.degree_days) if facts.degree_days is not None else None,
         "mean_outdoor": _n(facts.mean_outdoor) if facts.mean_outdoor is not None else None},
    )


RULES = (
    decreasing_totals,
    above_contractual_load,
    zero_in_heating_season,
    mass_imbalance,
    short_operating_time,
    expired_verification,
    far_from_forecast,
)

RULE_TITLES = {
    "decreasing_totals": "Уменьшение показаний нарастающим итогом",
    "above_contractual_load": "Потребление выше договорной нагрузки",
    "zero_in_heating_season": "Нулевое потребление в отопительный период",
    "mass_imbalance": "Небаланс M1 − M2 (утечка)",
    "short_operating_time": "Время работы меньше периода",
    "expired_verification": "Истекшая поверка прибора",
    "far_from_forecast": "Отклонение от прогноза по температуре",
}


def evaluate(facts: ReadingFacts, limits: Limits) -> list[Finding]:
    return [finding for rule in RULES if (finding := rule(facts, limits)) is not None]
