from datetime import date
from decimal import Decimal

import pytest

from core.errors import ApplicationError
from metering.models import OutdoorTemperature
from metering.services.weather import heating_season_set, outdoor_temperatures_save

from ..factories import WeatherStationFactory

pytestmark = pytest.mark.django_db


def test_temperatures_are_added_and_corrected_with_history(technician):
    station = WeatherStationFactory()
    first = outdoor_temperatures_save(
        station=station, temperatures={date(2026, 1, 1): Decimal("-5.0"), date(2026, 1, 2): Decimal("-7.5")},
        actor=technician,
    )
    second = outdoor_temperatures_save(
        station=station, temperatures={date(2026, 1, 2): Decimal("-7.0"), date(2026, 1, 1): Decimal("-5.0")},
        actor=technician,
    )
    assert first == {"added": 2, "changed": 0, "same": 0}
    assert second == {"added": 0, "changed": 1, "same": 1}
    row = OutdoorTemperature.objects.get(date=date(2026, 1, 2))
    assert [h.mean_temperature for h in row.history.order_by("history_id")] == [Decimal("-7.5"), Decimal("-7.0")]


def test_an_absurd_temperature_writes_nothing(technician):
    station = WeatherStationFactory()
    with pytest.raises(ApplicationError) as exc:
        outdoor_temperatures_save(
            station=station, temperatures={date(2026, 1, 1): Decimal("-5"), date(2026, 1, 2): Decimal("-95")},
            actor=technician,
        )
    assert exc.value.field == "mean_temperature"
    assert not OutdoorTemperature.objects.exists()


def test_overlapping_heating_seasons_are_refused(technician):
    heating_season_set(city="Светлоборск", starts_on=date(2025, 9, 26), ends_on=date(2026, 5, 8), actor=technician)
    with pytest.raises(ApplicationError) as exc:
        heating_season_set(city="светлоборск", starts_on=date(2026, 5, 1), actor=technician)
    assert (exc.value.code, exc.value.field) == ("invalid_value", "starts_on")
