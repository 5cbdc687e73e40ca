"""Readings: each validation rule with a reading that trips it and one that does not."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from audit.models import AuditEvent
from core.errors import ApplicationError
from metering.models import (
    HeatingSeason,
    OutdoorTemperature,
    Reading,
    ReadingSource,
    ReadingStatus,
    UnitStatus,
)
from metering.selectors import days_between, month_end
from metering.services.readings import reading_record, reading_review

from ..factories import (
    CITY,
    DeviceFactory,
    HeatLoadFactory,
    MeteringUnitFactory,
    ReadingFactory,
    StatusChangeFactory,
    WeatherStationFactory,
)

pytestmark = pytest.mark.django_db

JANUARY = date(2026, 1, 1)
NORMAL = {  # a January that trips nothing for the unit below
    "q": Decimal("50.000"), "m1": Decimal("1000.000"), "m2": Decimal("995.000"),
    "t1": Decimal("85.00"), "t2": Decimal("55.00"), "operating_hours": Decimal("744.00"),
}


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(date(2026, 2, 5))


@pytest.fixture
def unit():
    """A closed-system unit (heating and hot water), commercial since 2025, load 0.2 + 0.05 Гкал/ч."""
    unit = MeteringUnitFactory(is_open_system=False)
    HeatLoadFactory(
        heated_object=unit.heated_object, heating=Decimal("0.2"), ventilation=Decimal("0"), hot_water_max=Decimal("0.05")
    )
    StatusChangeFactory(unit=unit, status=UnitStatus.COMMERCIAL, effective_from=date(2025, 1, 1))
    DeviceFactory(unit=unit, installed_on=date(2025, 1, 1), verified_on=date(2024, 3, 15))
    return unit


@pytest.fixture
def record(unit, technician):
    def record(period=JANUARY, **overrides):
        return reading_record(
            unit=unit, period=period, source=ReadingSource.TECHNICIAN, values={**NORMAL, **overrides}, actor=technician
        )

    return record


def rules(reading: Reading) -> list[str]:
    return [flag.rule for flag in reading.flags.all()]


def test_a_normal_reading_is_accepted_without_flags(record):
    reading = record()
    assert reading.status == ReadingStatus.ACCEPTED
    assert rules(reading) == []


# ------------------------------------------------------------ decreasing cumulative values


def test_totals_lower_than_last_month_trip_decreasing_totals(unit, record):
    ReadingFactory(unit=unit, period=date(2025, 12, 1), q_total=Decimal("1200.000"), m1_total=Decimal("50000"))
    reading = record(q_total=Decimal("1199.500"), m1_total=Decimal("51000"))
    assert reading.status == ReadingStatus.FLAGGED
    assert rules(reading) == ["decreasing_totals"]
    flag = reading.flags.get()
    assert flag.data["fields"] == {"q_total": {"label": "Q, Гкал", "previous": "1200.000", "current": "1199.500"}}
    assert "1200.000 → 1199.500" in flag.message


def test_totals_that_grow_do_not_trip_decreasing_totals(unit, record):
    ReadingFactory(unit=unit, period=date(2025, 12, 1), q_total=Decimal("1200.000"))
    assert rules(record(q_total=Decimal("1250.000"))) == []


def test_registers_after_a_replacement_are_not_compared_with_the_old_devices(unit, record, technician):
    from metering.services.replacements import device_replace

    from ..factories import DeviceModelFactory

    # given December's registers, and the heat calculator replaced on 20.01 (the new one starts from zero)
    ReadingFactory(unit=unit, period=date(2025, 12, 1), q_total=Decimal("1200.000"))
    device_replace(
        unit=unit, device=unit.devices.get(), removed_on=date(2026, 1, 20), reason="failure",
        final_reading=Decimal("1230.000"), device_model=DeviceModelFactory(verification_interval_years=4),
        serial_number="НОВ-1", verified_on=date(2026, 1, 10), next_verification_on=date(2030, 1, 10),
        installed_on=date(2026, 1, 20), initial_reading=Decimal("0"), actor=technician,
    )
    # then January's registers of the new device are not "decreasing"
    assert "decreasing_totals" not in rules(record(q_total=Decimal("12.000")))


# ------------------------------------------------------------ above contractual load


def test_q_above_load_times_hours_times_margin_trips_the_load_rule(record):
    # 0.25 Гкал/ч × 744 ч × 1.1 = 204.600 Гкал
    reading = record(q=Decimal("204.601"))
    assert rules(reading) == ["above_contractual_load"]
    assert reading.flags.get().data == {
        "q": "204.601", "limit": "204.600", "load": "0.250000", "hours": "744.00", "margin": "1.100"
    }


def test_q_at_the_load_limit_does_not_trip_the_load_rule(record):
    assert rules(record(q=Decimal("204.600"))) == []


# ------------------------------------------------------------ zero in heating season


def test_zero_q_in_the_heating_season_trips_the_zero_rule(record):
    HeatingSeason.objects.create(city=CITY, starts_on=date(2025, 9, 29), ends_on=date(2026, 4, 30))
    reading = record(q=Decimal("0"))
    assert rules(reading) == ["zero_in_heating_season"]
    assert reading.flags.get().data["heating_season_days"] == 31


def test_zero_q_outside_the_heating_season_does_not_trip_the_zero_rule(record):
    HeatingSeason.objects.create(city=CITY, starts_on=date(2026, 9, 29))
    assert rules(record(q=Decimal("0"))) == []


# ------------------------------------------------------------ M1 − M2 imbalance


def test_imbalance_beyond_tolerance_trips_the_leak_rule(record):
    reading = record(m1=Decimal("1000"), m2=Decimal("979"))  # 2.1 % > 2 %
    assert rules(reading) == ["mass_imbalance"]
    assert reading.flags.get().data["imbalance_percent"] == "2.10"


def test_imbalance_within_tolerance_does_not_trip_the_leak_rule(record):
    assert rules(record(m1=Decimal("1000"), m2=Decimal("980"))) == []


def test_an_open_system_is_not_checked_for_imbalance(unit, record):
    unit.is_open_system = True
    unit.save()
    assert rules(record(m1=Decimal("1000"), m2=Decimal("700"))) == []


# ------------------------------------------------------------ operating time


def test_operating_time_shorter_than_the_month_trips_the_partial_failure_rule(record):
    reading = record(operating_hours=Decimal("700"), error_hours=Decimal("44"))
    assert rules(reading) == ["short_operating_time"]
    assert reading.flags.get().data["shortfall_hours"] == "44.00"


def test_operating_time_of_the_whole_month_does_not_trip_the_partial_failure_rule(record):
    assert rules(record(operating_hours=Decimal("744"))) == []


def test_a_unit_commissioned_mid_month_is_expected_to_run_from_that_day(technician):
    # given a unit commercial from 21.01: 11 days × 24 h = 264 h
    unit = MeteringUnitFactory()
    StatusChangeFactory(unit=unit, status=UnitStatus.COMMERCIAL, effective_from=date(2026, 1, 21))
    values = {**NORMAL, "operating_hours": Decimal("264")}
    # then
    reading = reading_record(unit=unit, period=JANUARY, source="consumer", values=values, actor=technician)
    assert rules(reading) == []


# ------------------------------------------------------------ expired verification


def test_a_device_past_its_verification_in_the_month_trips_the_verification_rule(unit, record):
    DeviceFactory(unit=unit, installed_on=date(2022, 1, 10), verified_on=date(2022, 1, 20), serial_number="777")
    reading = record()
    assert rules(reading) == ["expired_verification"]
    assert reading.flags.get().data["devices"] == [
        {"device": reading.flags.get().data["devices"][0]["device"], "valid_until": "2026-01-19"}
    ]
    assert "№ 777" in reading.flags.get().message


def test_a_device_removed_before_it_expired_does_not_trip_the_verification_rule(unit, record):
    DeviceFactory(
        unit=unit, installed_on=date(2022, 1, 10), verified_on=date(2022, 1, 20), removed_on=date(2026, 1, 20)
    )
    assert rules(record()) == []


# ------------------------------------------------------------ forecast by outdoor temperature


@pytest.fixture
def history(unit):
    """Eight accepted months that follow Q = 0.5 × days + 0.05 × degree-days, and a
    January at −10 °C: 31 × 30 degree-days → forecast 15.5 + 46.5 = 62.000 Гкал."""
    station = WeatherStationFactory()
    HeatingSeason.objects.create(city=CITY, starts_on=date(2025, 1, 1))
    temperature_of = {1: "-12", 2: "-8", 3: "-2", 4: "5", 5: "12", 6: "14", 7: "16", 8: "10", 9: "0"}
    for month in range(1, 10):
        period = date(2025, month, 1)
        t = Decimal(temperature_of[month])
        days = days_between(period, month_end(period))
        OutdoorTemperature.objects.bulk_create(
            OutdoorTemperature(station=station, date=d, mean_temperature=t) for d in days
        )
        q = Decimal("0.5") * len(days) + Decimal("0.05") * (Decimal("20") - t) * len(days)
        ReadingFactory(unit=unit, period=period, q=q)
    OutdoorTemperature.objects.bulk_create(
        OutdoorTemperature(station=station, date=JANUARY + timedelta(days=n), mean_temperature=Decimal("-10"))
        for n in range(31)
    )


@pytest.mark.usefixtures("history")
def test_q_far_from_the_forecast_trips_the_forecast_rule(record):
    reading = record(q=Decimal("40.000"))  # −35.48 % from 62.000
    assert rules(reading) == ["far_from_forecast"]
    data = reading.flags.get().data
    assert (data["forecast"], data["deviation_percent"], data["mean_outdoor"]) == ("62.000", "-35.48", "-10.0")


@pytest.mark.usefixtures("history")
def test_q_near_the_forecast_does_not_trip_the_forecast_rule(record):
    assert rules(record(q=Decimal("70.000"))) == []  # +12.9 %


def test_without_enough_history_the_forecast_rule_does_not_apply(unit, record):
    ReadingFactory(unit=unit, period=date(2025, 12, 1), q=Decimal("1"))
    assert rules(record(q=Decimal("150"))) == []


# ------------------------------------------------------------ entry and review


def test_a_second_reading_of_the_same_month_is_refused(record):
    record()
    with pytest.raises(ApplicationError) as exc:
        record()
    assert exc.value.field == "period"
    assert Reading.objects.count() == 1


def test_a_month_after_the_current_one_is_refused_naming_the_period(record):
    # given today is 05.02.2026 (the autouse fixture); when March is entered
    with pytest.raises(ApplicationError) as exc:
        record(period=date(2026, 3, 1))
    # then it is refused on the period, and nothing is written
    assert (exc.value.code, exc.value.field) == ("future_period", "period")
    assert not Reading.objects.exists()
    assert not AuditEvent.objects.filter(action="reading.recorded").exists()


def test_the_current_month_may_be_entered(record):
    reading = record(period=date(2026, 2, 1), operating_hours=Decimal("672.00"))
    assert reading.pk and reading.period == date(2026, 2, 1)


def test_the_current_month_is_the_local_one(record, time_machine):
    # given 28.02.2026 23:30 in Moscow (20:30 UTC): March has not begun
    time_machine.move_to(datetime(2026, 2, 28, 20, 30, tzinfo=UTC))
    with pytest.raises(ApplicationError):
        record(period=date(2026, 3, 1))
    # when it is 01.03.2026 00:30 in Moscow (still 28.02 by UTC), then March may be entered
    time_machine.move_to(datetime(2026, 2, 28, 21, 30, tzinfo=UTC))
    assert record(period=date(2026, 3, 1)).period == date(2026, 3, 1)


def test_a_rejected_reading_may_be_entered_again(record, technician):
    flagged = record(q=Decimal("0"), m2=Decimal("900"))
    reading_review(reading=flagged, accept=False, comment="ошибка ввода", actor=technician)
    assert record().status == ReadingStatus.ACCEPTED


def test_hours_beyond_the_month_are_refused_naming_the_field(record):
    with pytest.raises(ApplicationError) as exc:
        record(operating_hours=Decimal("745"))
    assert exc.value.field == "operating_hours"
    assert not Reading.objects.exists()


def test_review_accepts_a_flagged_reading_and_rejection_needs_a_reason(record, technician):
    flagged = record(m2=Decimal("900"))
    with pytest.raises(ApplicationError) as exc:
        reading_review(reading=flagged, accept=False, comment=" ", actor=technician)
    assert exc.value.field == "comment"
    reviewed = reading_review(reading=flagged, accept=True, comment="утечка подтверждена актом", actor=technician)
    assert (reviewed.status, reviewed.reviewed_by) == (ReadingStatus.ACCEPTED, technician)
