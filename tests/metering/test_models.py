from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from metering.models import UnitStatus, UnitStatusChange
from metering.models.units import next_verification_date

from .factories import DeviceFactory, DeviceModelFactory, MeteringUnitFactory, SealFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("verified_on", "years", "expected"),
    [
        (date(2022, 3, 15), 4, date(2026, 3, 15)),
        (date(2024, 2, 29), 4, date(2028, 2, 29)),
        (date(2024, 2, 29), 1, date(2025, 2, 28)),
    ],
)
def test_next_verification_is_the_verification_date_plus_the_interval(verified_on, years, expected):
    assert next_verification_date(verified_on, years) == expected


def test_device_takes_its_interval_from_its_model():
    # given two models with different intervals
    four, five = DeviceModelFactory(verification_interval_years=4), DeviceModelFactory(verification_interval_years=5)
    # when
    a = DeviceFactory(device_model=four, verified_on=date(2023, 6, 1))
    b = DeviceFactory(device_model=five, verified_on=date(2023, 6, 1))
    # then
    assert a.next_verification_on == date(2027, 6, 1)
    assert a.verification_valid_until == date(2027, 5, 31)
    assert b.next_verification_on == date(2028, 6, 1)


def test_a_verification_date_in_the_future_is_refused(time_machine):
    time_machine.move_to(date(2026, 3, 1))
    device = DeviceFactory.build(device_model=DeviceModelFactory(), verified_on=date(2026, 3, 2))
    with pytest.raises(ValidationError) as exc:
        device.full_clean()
    assert "verified_on" in exc.value.message_dict


def test_two_active_seals_cannot_share_a_number():
    SealFactory(number="0012345")
    with pytest.raises(IntegrityError):
        SealFactory(number="0012345")


def test_a_removed_seal_number_may_be_set_again():
    SealFactory(number="0012345", removed_on=date(2026, 1, 10), removal_reason="поверка")
    SealFactory(number="0012345")


def test_faulty_status_needs_a_reason():
    change = UnitStatusChange(unit=MeteringUnitFactory(), status=UnitStatus.FAULTY, effective_from=date(2026, 1, 1))
    with pytest.raises(ValidationError) as exc:
        change.full_clean()
    assert "reason" in exc.value.message_dict
