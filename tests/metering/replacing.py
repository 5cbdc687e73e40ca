"""A commercial unit whose heat calculator's verification expired, and the input of its
replacement (shared by the metering and workflows tests)."""

from datetime import date
from decimal import Decimal

from metering.models import DeviceReplacement

from .factories import DeviceFactory, DeviceModelFactory, MeteringUnitFactory, ReadingFactory, SealFactory, StatusChangeFactory

COMMERCIAL_FROM = date(2022, 2, 10)
OLD_VERIFIED = date(2022, 2, 1)  # a 4-year interval: valid through 31.01.2026
REMOVED_ON = date(2026, 2, 5)
NEW_VERIFIED = date(2026, 1, 20)
NEXT_VERIFICATION = date(2030, 1, 20)


def expired_unit(*, verified_on: date = OLD_VERIFIED, **unit_fields):
    """A commercial unit (since 10.02.2022) with a heat calculator expired on 01.02.2026 (or
    verified on ``verified_on``), its seal, a seal of the unit, and the January reading with
    Q 1 200 Гкал on its register."""
    unit = MeteringUnitFactory(**unit_fields)
    StatusChangeFactory(unit=unit, effective_from=COMMERCIAL_FROM)
    unit.status, unit.status_since = "commercial", COMMERCIAL_FROM
    unit.save(update_fields=["status", "status_since"])
    device = DeviceFactory(unit=unit, installed_on=COMMERCIAL_FROM, verified_on=verified_on, serial_number="OLD-1")
    SealFactory(unit=unit, device=device, number="П-ВЫЧ", set_on=COMMERCIAL_FROM)
    SealFactory(unit=unit, number="П-ЗАДВ", place="задвижка подающего трубопровода", set_on=COMMERCIAL_FROM)
    ReadingFactory(unit=unit, period=date(2026, 1, 1), q_total=Decimal("1200.000"))
    return unit, device


def replacement_input(device, **changes) -> dict:
    """The replacement's input as the service takes it (dates, the model, readings)."""
    model = changes.pop("device_model", None) or DeviceModelFactory(name="ТВ7", verification_interval_years=4)
    data = {
        "device": device, "removed_on": REMOVED_ON, "reason": DeviceReplacement.Reason.EXPIRED,
        "final_reading": Decimal("1234.500"), "device_model": model, "serial_number": "NEW-7",
        "verified_on": NEW_VERIFIED, "next_verification_on": NEXT_VERIFICATION, "installed_on": REMOVED_ON,
        "initial_reading": Decimal("0.000"),
    }
    return {**data, **changes}
