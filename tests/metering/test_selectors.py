from datetime import date
from decimal import Decimal

import pytest

from core.errors import ApplicationError
from metering import selectors
from metering.models import (
    DesignOutdoorTemperature,
    HeatingSeason,
    OutdoorTemperature,
    ReadingStatus,
    UnitStatus,
    WeatherStation,
)
from metering.selectors import StatusInterval

from .factories import (
    HeatedObjectFactory,
    MeteringUnitFactory,
    NetworkSectionFactory,
    ReadingFactory,
    StatusChangeFactory,
    WeatherStationFactory,
)

pytestmark = pytest.mark.django_db

C, F, N = UnitStatus.COMMERCIAL, UnitStatus.FAULTY, UnitStatus.NOT_COMMISSIONED


def test_status_intervals_cover_the_range_and_split_at_each_change():
    # given a unit commercial from 10.01, faulty from 01.03 (expired verification), commercial again from 20.03
    unit = MeteringUnitFactory()
    StatusChangeFactory(unit=unit, status=C, effective_from=date(2026, 1, 10))
    StatusChangeFactory(unit=unit, status=F, effective_from=date(2026, 3, 1), reason="истек срок поверки")
    StatusChangeFactory(unit=unit, status=C, effective_from=date(2026, 3, 20))
    # when
    intervals = selectors.unit_status_intervals(unit, date(2026, 1, 1), date(2026, 3, 31))
    # then
    assert intervals == [
        StatusInterval(N, date(2026, 1, 1), date(2026, 1, 9)),
        StatusInterval(C, date(2026, 1, 10), date(2026, 2, 28)),
        StatusInterval(F, date(2026, 3, 1), date(2026, 3, 19), "истек срок поверки"),
        StatusInterval(C, date(2026, 3, 20), date(2026, 3, 31)),
    ]
    assert sum(i.days for i in intervals) == 90


def test_the_last_change_of_a_day_wins_and_a_change_recorded_late_is_placed_by_its_date():
    # given a faulty step recorded after the later commercial step
    unit = MeteringUnitFactory()
    StatusChangeFactory(unit=unit, status=C, effective_from=date(2026, 2, 1))
    StatusChangeFactory(unit=unit, status=F, effective_from=date(2026, 2, 1), reason="пломба сорвана")
    StatusChangeFactory(unit=unit, status=C, effective_from=date(2026, 2, 20))
    StatusChangeFactory(unit=unit, status=F, effective_from=date(2026, 2, 10), reason="поверка")
    # then
    assert selectors.unit_status_intervals(unit, date(2026, 2, 1), date(2026, 2, 28)) == [
        StatusInterval(F, date(2026, 2, 1), date(2026, 2, 9), "пломба сорвана"),
        StatusInterval(F, date(2026, 2, 10), date(2026, 2, 19), "поверка"),
        StatusInterval(C, date(2026, 2, 20), date(2026, 2, 28)),
    ]
    assert selectors.unit_status_on(unit, date(2026, 2, 15)) == F
    assert selectors.unit_status_on(unit, date(2026, 1, 31)) == N


def test_accepted_readings_exclude_flagged_and_rejected():
    # given
    period = date(2026, 1, 1)
    accepted = ReadingFactory(period=period)
    ReadingFactory(period=period, status=ReadingStatus.FLAGGED)
    ReadingFactory(period=period, status=ReadingStatus.REJECTED)
    ReadingFactory(period=date(2026, 2, 1))
    # then
    assert list(selectors.accepted_readings(date(2026, 1, 17))) == [accepted]
    assert selectors.accepted_reading(accepted.unit, period) == accepted


def test_units_are_found_by_number_whatever_the_case_of_its_cyrillic_letters():
    # given units «УУ-100» and «Уу-Ёж-7» (the number of the first one's neighbour is not asked)
    first, second = MeteringUnitFactory(number="УУ-100"), MeteringUnitFactory(number="Уу-Ёж-7")
    MeteringUnitFactory(number="УУ-101")
    # when asked in other cases, with spaces around
    found = selectors.units_by_number([" уу-100 ", "УУ-ЁЖ-7", "уу-404"])
    # then both are found (on SQLite too), keyed by the folded number; the unknown one is not
    assert found == {"уу-100": first, "уу-ёж-7": second}


def test_an_object_takes_the_station_of_its_network_section_city_else_the_default():
    # given
    ours = WeatherStationFactory()
    default = WeatherStation.objects.create(code="27511", name="Подмосковная", city="Клин", is_default=True)
    in_our_city = HeatedObjectFactory(network_section=NetworkSectionFactory(code="A", city=" светлоборск "))
    elsewhere = HeatedObjectFactory(network_section=NetworkSectionFactory(code="B", city="Тверь"))
    # then
    assert selectors.station_for_object(in_our_city) == ours
    assert selectors.station_for_object(elsewhere) == default


def test_mean_outdoor_temperature_rounds_half_up_to_a_tenth():
    station = WeatherStationFactory()
    for day, t in ((1, "-8.5"), (2, "-8.6"), (3, "-8.6")):
        OutdoorTemperature.objects.create(station=station, date=date(2026, 1, day), mean_temperature=Decimal(t))
    assert selectors.mean_outdoor_temperature(station, date(2026, 1, 1), date(2026, 1, 3)) == Decimal("-8.6")


def test_mean_outdoor_temperature_names_the_missing_days():
    station = WeatherStationFactory()
    OutdoorTemperature.objects.create(station=station, date=date(2026, 1, 1), mean_temperature=Decimal("-3"))
    with pytest.raises(ApplicationError, match="02.01.2026, 03.01.2026"):
        selectors.mean_outdoor_temperature(station, date(2026, 1, 1), date(2026, 1, 3))
    assert selectors.missing_temperature_days(station, date(2026, 1, 1), date(2026, 1, 3)) == [
        date(2026, 1, 2), date(2026, 1, 3)
    ]


def test_design_temperature_is_dated_reference_data():
    # given the seeded value for Moscow and a later change
    DesignOutdoorTemperature.objects.create(
        city="Москва", valid_from=date(2026, 7, 1), temperature=Decimal("-24.0"), basis="новая редакция СП"
    )
    # then
    assert selectors.design_outdoor_temperature("Москва", date(2026, 1, 1)) == Decimal("-25.0")
    assert selectors.design_outdoor_temperature("москва", date(2026, 7, 1)) == Decimal("-24.0")
    with pytest.raises(ApplicationError) as exc:
        selectors.design_outdoor_temperature("Тверь", date(2026, 1, 1))
    assert (exc.value.code, exc.value.field) == ("design_temperature_missing", "design_outdoor_temperature")


def test_heating_season_days_of_a_month():
    HeatingSeason.objects.create(city="Москва", starts_on=date(2025, 9, 29), ends_on=date(2026, 4, 20))
    HeatingSeason.objects.create(city="Москва", starts_on=date(2026, 9, 25))
    assert len(selectors.heating_season_days("Москва", date(2026, 4, 1), date(2026, 4, 30))) == 20
    assert len(selectors.heating_season_days("Москва", date(2026, 9, 1), date(2026, 9, 30))) == 6
    assert selectors.heating_season_days("Москва", date(2026, 6, 1), date(2026, 6, 30)) == []
