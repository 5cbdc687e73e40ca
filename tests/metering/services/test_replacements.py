"""The replacement of a unit's device: what it writes and the input it refuses."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from audit.models import AuditEvent
from core.errors import ApplicationError
from metering.models import Device, DeviceReplacement, Seal, UnitStatus, UnitStatusChange
from metering.selectors import unit_status_on
from metering.services.replacements import device_replace

from ..factories import DeviceFactory, DeviceModelFactory, MeteringUnitFactory
from ..replacing import NEXT_VERIFICATION, REMOVED_ON, expired_unit, replacement_input

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 12)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(TODAY)


@pytest.fixture
def expired():
    return expired_unit()


def test_a_replacement_removes_the_old_device_installs_the_new_and_stops_commercial_metering(expired, technician):
    unit, old = expired
    valve = unit.seals.get(number="П-ЗАДВ")
    # when the technician replaces the expired heat calculator, removing the valve's seal too
    replacement = device_replace(unit=unit, actor=technician, seals=[valve], **replacement_input(old))
    # then the old device is removed with its seal and keeps its history; the new one is installed
    old.refresh_from_db()
    assert old.removed_on == REMOVED_ON and old.unit == unit
    assert old.history.count() >= 2
    new = replacement.installed_device
    assert (new.serial_number, new.unit, new.installed_on, new.next_verification_on) == (
        "NEW-7", unit, REMOVED_ON, NEXT_VERIFICATION
    )
    assert sorted(Seal.objects.filter(removed_on=REMOVED_ON).values_list("number", flat=True)) == ["П-ВЫЧ", "П-ЗАДВ"]
    assert replacement.seals_removed == ["П-ВЫЧ", "П-ЗАДВ"]
    # and the unit is not commercial from the removal, the day before it still is
    assert unit_status_on(unit, REMOVED_ON) == UnitStatus.NOT_COMMISSIONED
    assert unit_status_on(unit, REMOVED_ON - timedelta(days=1)) == UnitStatus.COMMERCIAL
    unit.refresh_from_db()
    assert (unit.status, unit.status_since) == (UnitStatus.NOT_COMMISSIONED, REMOVED_ON)
    assert "замена прибора учета: Истек срок поверки" in unit.status_changes.last().reason
    assert AuditEvent.objects.filter(action="device.replaced", target_id=str(replacement.pk)).exists()
    assert AuditEvent.objects.filter(action="device.removed").exists()
    assert AuditEvent.objects.filter(action="device.installed").exists()


def test_the_same_device_back_from_verification_is_installed_again_with_its_new_verification(expired, technician):
    unit, old = expired
    device_replace(
        unit=unit, actor=technician,
        **replacement_input(old, device_model=old.device_model, serial_number=old.serial_number, reason="planned"),
    )
    old.refresh_from_db()
    assert (old.removed_on, old.installed_on, old.next_verification_on) == (None, REMOVED_ON, NEXT_VERIFICATION)
    assert Device.objects.filter(serial_number=old.serial_number).count() == 1


def _installed_elsewhere(old):
    other = DeviceFactory(unit=MeteringUnitFactory(), installed_on=date(2025, 5, 1), verified_on=date(2025, 4, 1))
    return {"device_model": other.device_model, "serial_number": other.serial_number}


BAD_INPUT = [
    ("installation before removal", lambda old: {"installed_on": REMOVED_ON - timedelta(days=1)}, "installed_on"),
    ("next verification before verification", lambda old: {"next_verification_on": date(2025, 1, 1)},
     "next_verification_on"),
    ("next verification off the model's interval", lambda old: {"next_verification_on": date(2029, 1, 20)},
     "next_verification_on"),
    ("negative final reading", lambda old: {"final_reading": Decimal("-1")}, "final_reading"),
    ("negative initial reading", lambda old: {"initial_reading": Decimal("-0.001")}, "initial_reading"),
    ("final reading below the last accepted", lambda old: {"final_reading": Decimal("1199.999")}, "final_reading"),
    ("serial number installed elsewhere", _installed_elsewhere, "serial_number"),
    ("removal in the future", lambda old: {"removed_on": TODAY + timedelta(days=1)}, "removed_on"),
    ("removal before the device was installed", lambda old: {"removed_on": date(2022, 1, 1)}, "removed_on"),
    ("new device already expired", lambda old: {"verified_on": date(2021, 1, 10),
                                                 "next_verification_on": date(2025, 1, 10)}, "verified_on"),
    ("other reason unexplained", lambda old: {"reason": "other"}, "reason_note"),
    ("no serial number", lambda old: {"serial_number": "  "}, "serial_number"),
]


@pytest.mark.parametrize(("case", "changes", "field"), BAD_INPUT, ids=[c[0] for c in BAD_INPUT])
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(expired, technician, case, changes, field):
    unit, old = expired
    data = replacement_input(old, **changes(old))
    devices, events = Device.objects.count(), AuditEvent.objects.count()
    seals = Seal.objects.filter(removed_on__isnull=False).count()
    with pytest.raises(ApplicationError) as exc:
        device_replace(unit=unit, actor=technician, **data)
    assert exc.value.field == field, exc.value.message
    old.refresh_from_db()
    assert old.removed_on is None
    assert not DeviceReplacement.objects.exists()
    assert Device.objects.count() == devices and Seal.objects.filter(removed_on__isnull=False).count() == seals
    assert UnitStatusChange.objects.filter(unit=unit).count() == 1 and AuditEvent.objects.count() == events


def test_a_device_of_another_unit_is_refused(expired, technician):
    unit, _ = expired
    foreign = DeviceFactory(unit=MeteringUnitFactory(), installed_on=date(2025, 5, 1), verified_on=date(2025, 4, 1))
    with pytest.raises(ApplicationError) as exc:
        device_replace(unit=unit, actor=technician, **replacement_input(foreign))
    assert exc.value.field == "device"


@pytest.mark.parametrize("role", ["billing", "manager"])
def test_only_a_technician_replaces_a_device(expired, request, role):
    unit, old = expired
    with pytest.raises(ApplicationError):
        device_replace(unit=unit, actor=request.getfixturevalue(role), **replacement_input(old))
    assert not DeviceReplacement.objects.exists()


def test_the_next_verification_follows_the_models_own_interval(expired, technician):
    """A model with a 6-year interval takes its own next date."""
    unit, old = expired
    model = DeviceModelFactory(verification_interval_years=6)
    replacement = device_replace(
        unit=unit, actor=technician, **replacement_input(old, device_model=model, next_verification_on=date(2032, 1, 20))
    )
    assert replacement.installed_device.next_verification_on == date(2032, 1, 20)
