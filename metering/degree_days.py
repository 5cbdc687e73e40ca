"""Degree-day regression of a unit's heat consumption on its own history.

Pure (no Django): numbers in, numbers out, all ``Decimal``. Reading validation compares a
month's Q with the prediction; the billing forecast reuses ``fit``/``predict``.

Model: ``Q = base × days + slope × DD`` where ``days`` is the number of days of the period
and ``DD`` its degree-days, ``Σ max(0, t_in − t_out)`` over the period's heating-season
days. ``base`` is the weather-independent load per day (hot water, losses), ``slope`` the
heat per degree-day. Both are fitted by least squares without an intercept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0")
GCAL = Decimal("0.001")


@dataclass(frozen=True)
class Sample:
    """One past period: its length in days, its degree-days and the heat consumed (Гкал)."""

    days: int
    degree_days: Decimal
    consumption: Decimal


@dataclass(frozen=True)
class DegreeDayModel:
    base_per_day: Decimal
    per_degree_day: Decimal
    samples: int


def degree_days(outdoor_temperatures: Iterable[Decimal], indoor_temperature: Decimal) -> Decimal:
    """Σ max(0, t_in − t_out) over the given daily means (pass heating-season days only)."""
    return sum((max(ZERO, indoor_temperature - t) for t in outdoor_temperatures), ZERO)


def fit(samples: Iterable[Sample]) -> DegreeDayModel | None:
    """Least-squares fit of ``Q = base × days + slope × DD``; None when the samples cannot
    determine the model (fewer than two, or days and degree-days proportional).

    When no sample has degree-days (summer only) the slope is 0 and the base is the mean
    daily consumption.
    """
    samples = list(samples)
    if len(samples) < 2:
        return None
    d = [Decimal(s.days) for s in samples]
    dd = [s.degree_days for s in samples]
    q = [s.consumption for s in samples]
    s_dd = sum((x * x for x in d), ZERO)
    s_dD = sum((x * y for x, y in zip(d, dd, strict=True)), ZERO)
    s_DD = sum((y * y for y in dd), ZERO)
    s_dq = sum((x * z for x, z in zip(d, q, strict=True)), ZERO)
    s_Dq = sum((y * z for y, z in zip(dd, q, strict=True)), ZERO)
    if s_DD == 0:
        return DegreeDayModel(base_per_day=s_dq / s_dd, per_degree_day=ZERO, samples=len(samples))
    det = s_dd * s_DD - s_dD * s_dD
    if det == 0:
        return None
    base = (s_dq * s_DD - s_Dq * s_dD) / det
    slope = (s_Dq * s_dd - s_dq * s_dD) / det
    return DegreeDayModel(base_per_day=base, per_degree_day=slope, samples=len(samples))


def predict(model: DegreeDayModel, *, days: int, degree_days: Decimal) -> Decimal:
    """Expected consumption for a period, Гкал rounded half-up to 0.001, never below zero."""
    value = model.base_per_day * days + model.per_degree_day * degree_days
    return max(ZERO, value).quantize(GCAL, rounding=ROUND_HALF_UP)
