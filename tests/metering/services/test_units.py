from datetime import date

import pytest

from core.errors import ApplicationError
from metering.models import Device, Seal, UnitStatus, UnitStatusChange
from metering.services import units as services

from ..factories import (
    DeviceFactory,
    DeviceModelFactory,
    HeatedObjectFactory,
    MeteringUnitFactory,
    SealFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(date(2026, 3, 10))


def test_register_a_unit_not_yet_commissioned(technician):
    unit = services.unit_register(
        number="УУ-1", heated_object=HeatedObjectFactory(), location="ИТП", purpose="heating", actor=technician
    )
    assert unit.status == UnitStatus.NOT_COMMISSIONED


def test_a_unit_number_in_use_is_refused(technician):
    MeteringUnitFactory(number="УУ-1")
    with pytest.raises(ApplicationError) as exc:
        services.unit_register(
            number="УУ-1", heated_object=HeatedObjectFactory(), location="ИТП", purpose="heating", actor=technician
        )
    assert exc.value.field == "number"


def test_status_change_updates_the_current_status_and_is_idempotent(technician):
    # given a commercial unit
    unit = MeteringUnitFactory()
    services.unit_status_change(unit=unit, status=UnitStatus.COMMERCIAL, effective_from=date(2026, 1, 5), actor=technician)
    # when it becomes faulty, twice
    first = services.unit_status_change(
        unit=unit, status=UnitStatus.FAULTY, effective_from=date(2026, 3, 1), reason="истек срок поверки"
    )
    second = services.unit_status_change(
        unit=unit, status=UnitStatus.FAULTY, effective_from=date(2026, 3, 1), reason="истек срок поверки"
    )
    # then one step is recorded and the unit shows it
    unit.refresh_from_db()
    assert first is not None and second is None
    assert UnitStatusChange.objects.filter(unit=unit).count() == 2
    assert (unit.status, unit.status_since) == (UnitStatus.FAULTY, date(2026, 3, 1))


def test_a_status_dated_in_the_future_is_refused():
    with pytest.raises(ApplicationError) as exc:
        services.unit_status_change(unit=MeteringUnitFactory(), status=UnitStatus.COMMERCIAL, effective_from=date(2026, 3, 11))
    assert exc.value.field == "effective_from"


def test_duplicate_serial_number_of_the_same_model_is_refused(technician):
    model = DeviceModelFactory()
    DeviceFactory(device_model=model, serial_number="123456")
    with pytest.raises(ApplicationError) as exc:
        services.device_register(
            device_model=model, serial_number=" 123456 ", verified_on=date(2025, 1, 1), actor=technician
        )
    assert (exc.value.code, exc.value.field) == ("duplicate", "serial_number")
    assert Device.objects.count() == 1


def test_a_verification_date_in_the_future_is_refused(technician):
    with pytest.raises(ApplicationError) as exc:
        services.device_register(
            device_model=DeviceModelFactory(), serial_number="1", verified_on=date(2026, 3, 11), actor=technician
        )
    assert exc.value.field == "verified_on"
    assert not Device.objects.exists()


def test_new_verification_moves_the_next_date_by_the_model_interval(technician):
    device = DeviceFactory(device_model=DeviceModelFactory(verification_interval_years=5), verified_on=date(2021, 3, 1))
    device = services.device_verification_record(device=device, verified_on=date(2026, 3, 2), actor=technician)
    assert device.next_verification_on == date(2031, 3, 2)


def test_a_device_with_expired_verification_cannot_be_installed(technician):
    device = DeviceFactory(verified_on=date(2022, 3, 10))  # 4 years → due 10.03.2026
    with pytest.raises(ApplicationError) as exc:
        services.device_install(device=device, unit=MeteringUnitFactory(), installed_on=date(2026, 3, 10), actor=technician)
    assert (exc.value.code, exc.value.field) == ("verification_expired", "verified_on")


def test_removing_a_device_removes_its_seals(technician):
    unit = MeteringUnitFactory()
    device = services.device_install(device=DeviceFactory(), unit=unit, installed_on=date(2026, 1, 1), actor=technician)
    seal = services.seal_set(unit=unit, device=device, number="77", place="разъем", set_on=date(2026, 1, 1), actor=technician)
    services.device_remove(device=device, removed_on=date(2026, 3, 1), reason="ремонт", actor=technician)
    seal.refresh_from_db()
    assert (seal.removed_on, seal.removal_reason) == (date(2026, 3, 1), "ремонт")


def test_a_seal_number_in_place_is_refused_with_the_unit_that_holds_it(technician):
    holder = SealFactory(number="0012345").unit
    with pytest.raises(ApplicationError) as exc:
        services.seal_set(unit=MeteringUnitFactory(), number="0012345", place="x", set_on=date(2026, 3, 1), actor=technician)
    assert (exc.value.code, exc.value.field) == ("seal_in_use", "number")
    assert holder.number in exc.value.message
    assert Seal.objects.count() == 1
