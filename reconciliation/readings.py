"""The rows of the readings reconciliation act (docs/reconciliation.md): per metering unit of the
consumer and its devices, over a range of months, from the readings in metering.

- readings at the start: the heat register (``q_total``) at the end of the month before the
  range (that month's reading, or the first reading of the range less its month's heat);
  at the end: the register of the range's last reading; the difference of the two;
- Гкал, M1/M2 (т), hot water (м³: V1 − V2 of a unit that meters hot water), operating and
  fault hours: sums of the months' readings;
- Гкал accepted for billing: the heat of the accepted readings only (a rejected reading or
  one awaiting review is billed otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from metering.models import MeteringUnit, Reading
from metering.models.readings import ReadingStatus
from metering.models.units import UnitPurpose
from subscribers.models import Consumer

ZERO = Decimal("0")


@dataclass(frozen=True)
class UnitRow:
    unit_id: int
    unit: str
    location: str
    devices: str
    start: Decimal | None
    end: Decimal | None
    q: Decimal
    m1: Decimal
    m2: Decimal
    hot_water: Decimal
    hours: Decimal
    fault_hours: Decimal
    accepted: Decimal
    months: int

    @property
    def difference(self) -> Decimal | None:
        return None if self.start is None or self.end is None else self.end - self.start


def _previous_month(month: date) -> date:
    return month.replace(year=month.year - 1, month=12) if month.month == 1 else month.replace(month=month.month - 1)


def unit_rows(*, consumer: Consumer, date_from: date, date_to: date) -> list[UnitRow]:
    units = (MeteringUnit.objects.filter(heated_object__consumer=consumer).prefetch_related("devices__device_model")
             .order_by("number"))
    readings: dict[int, list[Reading]] = {}
    for r in (Reading.objects.filter(unit__in=units, period__gte=_previous_month(date_from), period__lte=date_to)
              .exclude(status=ReadingStatus.REJECTED).order_by("unit_id", "period")):
        readings.setdefault(r.unit_id, []).append(r)
    rows = []
    for unit in units:
        items = readings.get(unit.pk, [])
        before = [r for r in items if r.period < date_from]
        inside = [r for r in items if r.period >= date_from]
        if not inside and not before:
            continue
        start = before[-1].q_total if before else (inside[0].q_total - inside[0].q if inside else None)
        end = inside[-1].q_total if inside else None
        hot = unit.purpose in (UnitPurpose.HOT_WATER, UnitPurpose.BOTH)
        devices = ", ".join(f"{d.device_model.name} № {d.serial_number}" for d in unit.devices.all() if d.removed_on is None)
        rows.append(UnitRow(
            unit_id=unit.pk, unit=unit.number, location=unit.location, devices=devices or "—", start=start, end=end,
            q=sum((r.q for r in inside), ZERO), m1=sum((r.m1 for r in inside), ZERO), m2=sum((r.m2 for r in inside), ZERO),
            hot_water=sum(((r.v1 or ZERO) - (r.v2 or ZERO) for r in inside), ZERO) if hot else ZERO,
            hours=sum((r.operating_hours for r in inside), ZERO), fault_hours=sum((r.error_hours for r in inside), ZERO),
            accepted=sum((r.q for r in inside if r.status == ReadingStatus.ACCEPTED), ZERO), months=len(inside),
        ))
    return rows
