"""Outdoor temperatures, design temperatures and heating seasons through their pages in
«Учет»: billing specialists keep them, technicians only look, clashes are refused on their
field, and a record's page shows who changed it."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from metering.models import DesignOutdoorTemperature, HeatingSeason, OutdoorTemperature

from .factories import WeatherStationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def keeper(make_user):
    from accounts.roles import BILLING

    return make_user(BILLING, first_name="Ольга", last_name="Расчетова")


def history_of(client, url) -> str:
    page = client.get(url).content.decode()
    return page[page.index("История изменений"):]


def test_outdoor_temperatures_are_listed_by_station_and_month(client, technician):
    north, south = WeatherStationFactory(code="1", name="Северная"), WeatherStationFactory(code="2", name="Южная")
    for station, day in ((north, date(2026, 1, 31)), (north, date(2026, 2, 1)), (south, date(2026, 1, 15))):
        OutdoorTemperature.objects.create(station=station, date=day, mean_temperature=Decimal("-10.0"))
    client.force_login(technician)
    url = reverse("metering:outdoor_temperatures:index")

    def listed(query):
        return sorted((r.station.code, r.date) for r in client.get(url, query).context["object_list"])

    assert len(listed({})) == 3
    assert listed({"station": north.pk}) == [("1", date(2026, 1, 31)), ("1", date(2026, 2, 1))]
    assert listed({"station": north.pk, "month": "2026-01"}) == [("1", date(2026, 1, 31))]
    assert listed({"month": "01.2026"}) == [("1", date(2026, 1, 31)), ("2", date(2026, 1, 15))]


def test_a_billing_specialist_enters_and_corrects_a_day(client, keeper):
    station = WeatherStationFactory()
    client.force_login(keeper)
    # when she enters 15 January
    add = reverse("metering:outdoor_temperatures:add")
    response = client.post(add, {"station": station.pk, "date": "2026-01-15", "mean_temperature": "-12.5"})
    row = OutdoorTemperature.objects.get()
    assert response.status_code == 302 and row.mean_temperature == Decimal("-12.5")
    # the same day again is refused on the date, nothing changes
    response = client.post(add, {"station": station.pk, "date": "2026-01-15", "mean_temperature": "-3"})
    assert response.status_code == 200 and response.context["form"].errors["date"]  # the page shows it on the date
    # when she corrects it (the station and the day stay whatever is posted)
    other = WeatherStationFactory(code="99999")
    response = client.post(reverse("metering:outdoor_temperatures:change", args=[row.pk]),
                           {"station": other.pk, "date": "2026-01-16", "mean_temperature": "-13.1"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.station, row.date, row.mean_temperature) == (station, date(2026, 1, 15), Decimal("-13.1"))
    # then the page shows who changed what
    history = history_of(client, reverse("metering:outdoor_temperatures:detail", args=[row.pk]))
    assert "Расчетова Ольга" in history and "-12,5 → -13,1" in history.replace(".", ",")
    assert AuditEvent.objects.filter(action="outdoor_temperature.saved", actor=keeper).count() == 2


def test_an_absurd_temperature_is_refused_on_its_field(client, keeper):
    client.force_login(keeper)
    response = client.post(reverse("metering:outdoor_temperatures:add"),
                           {"station": WeatherStationFactory().pk, "date": "2026-01-15", "mean_temperature": "-95"})
    assert response.status_code == 200 and "mean_temperature" in response.context["form"].errors
    assert not OutdoorTemperature.objects.exists()


def test_a_billing_specialist_keeps_design_temperatures(client, keeper):
    client.force_login(keeper)
    add = reverse("metering:design_temperatures:add")
    data = {"city": "Светлоборск", "valid_from": "2025-01-01", "temperature": "-28", "basis": "СП 131.13330.2020"}
    assert client.post(add, data).status_code == 302
    row = DesignOutdoorTemperature.objects.get(city="Светлоборск")
    # a second value for the same city and day is refused, nothing added
    response = client.post(add, {**data, "temperature": "-30"})
    assert response.status_code == 200 and response.context["form"].errors
    assert DesignOutdoorTemperature.objects.filter(city="Светлоборск").count() == 1
    # correcting it
    response = client.post(reverse("metering:design_temperatures:change", args=[row.pk]), {**data, "temperature": "-29"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.temperature == Decimal("-29")
    history = history_of(client, reverse("metering:design_temperatures:detail", args=[row.pk]))
    assert "Расчетова Ольга" in history and "Изменение" in history
    assert AuditEvent.objects.filter(action="design_temperature.changed", actor=keeper).exists()


def test_a_billing_specialist_keeps_heating_seasons(client, keeper):
    client.force_login(keeper)
    add = reverse("metering:heating_seasons:add")
    data = {"city": "Светлоборск", "starts_on": "2025-10-01", "ends_on": "", "basis": "Постановление № 1"}
    assert client.post(add, data).status_code == 302
    season = HeatingSeason.objects.get()
    # the end before the start is refused on the end
    change = reverse("metering:heating_seasons:change", args=[season.pk])
    response = client.post(change, {**data, "ends_on": "2025-09-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["ends_on"]
    # a season meeting this one is refused on the start
    response = client.post(add, {**data, "starts_on": "2026-04-01"})
    assert response.status_code == 200 and response.context["form"].errors["starts_on"]
    # closing the season
    assert client.post(change, {**data, "ends_on": "2026-05-08", "basis": "Постановление № 2"}).status_code == 302
    season.refresh_from_db()
    assert season.ends_on == date(2026, 5, 8) and HeatingSeason.objects.count() == 1
    history = history_of(client, reverse("metering:heating_seasons:detail", args=[season.pk]))
    assert "Расчетова Ольга" in history and "08.05.2026" in history
    assert AuditEvent.objects.filter(action="heating_season.changed", actor=keeper).exists()


def test_a_technician_sees_but_does_not_edit(client, technician):
    station = WeatherStationFactory()
    rows = {
        "outdoor_temperatures": OutdoorTemperature.objects.create(
            station=station, date=date(2026, 1, 1), mean_temperature=Decimal("-1")),
        "design_temperatures": DesignOutdoorTemperature.objects.create(
            city="Светлоборск", valid_from=date(2025, 1, 1), temperature=Decimal("-28"), basis="СП"),
        "heating_seasons": HeatingSeason.objects.create(city="Светлоборск", starts_on=date(2025, 10, 1)),
    }
    client.force_login(technician)
    for name, row in rows.items():
        assert client.get(reverse(f"metering:{name}:detail", args=[row.pk])).status_code == 200
        for url in (reverse(f"metering:{name}:add"), reverse(f"metering:{name}:change", args=[row.pk])):
            assert client.get(url).status_code == 403, url
            assert client.post(url, {}).status_code == 403, url


def test_weather_stations_have_a_page_billing_keeps_and_technicians_only_see(client, keeper, technician):
    from metering.models import WeatherStation

    old = WeatherStationFactory(code="27037", name="Светлоборск, АМСГ", city="Светлоборск", is_default=True)
    client.force_login(keeper)
    # when a billing specialist adds a station, the default one of the region
    response = client.post(reverse("metering:weather_stations:add"),
                           {"code": "27038", "name": "Вологда, АМСГ", "city": "Вологда", "is_default": "on"})
    new = WeatherStation.objects.get(code="27038")
    assert response.status_code == 302 and new.is_default
    old.refresh_from_db()
    assert not old.is_default  # one default at most
    # a station index already taken is refused on its field
    response = client.post(reverse("metering:weather_stations:change", args=[old.pk]),
                           {"code": "27038", "name": old.name, "city": old.city})
    assert response.status_code == 200 and response.context["form"].errors["code"]
    # when she corrects a name, the change is audited and the page lists it
    response = client.post(reverse("metering:weather_stations:change", args=[old.pk]),
                           {"code": "27037", "name": "Светлоборск, метеостанция", "city": "Светлоборск"})
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.name == "Светлоборск, метеостанция"
    event = AuditEvent.objects.get(action="weather_station.changed", target_id=str(old.pk))
    assert "name" in event.data
    page = client.get(reverse("metering:weather_stations:list")).content.decode()
    assert "Светлоборск, метеостанция" in page and "Вологда, АМСГ" in page
    # and a technician sees the stations but may not change them
    client.force_login(technician)
    assert client.get(reverse("metering:weather_stations:detail", args=[old.pk])).status_code == 200
    assert client.get(reverse("metering:weather_stations:change", args=[old.pk])).status_code == 403


def test_the_station_services_check_the_permission(technician):
    from core.errors import ApplicationError
    from metering.services.weather import weather_station_create, weather_station_update

    station = WeatherStationFactory()
    with pytest.raises(ApplicationError) as refused:
        weather_station_update(station=station, actor=technician, code=station.code, name="x", city=station.city)
    assert refused.value.code == "permission_denied"
    with pytest.raises(ApplicationError) as refused:
        weather_station_create(code="1", name="x", city="y", actor=technician)
    assert refused.value.code == "permission_denied"


def test_a_temperature_reads_with_a_comma_and_the_minus_of_print(client, technician):
    station = WeatherStationFactory(code="27037")
    row = OutdoorTemperature.objects.create(station=station, date=date(2026, 12, 7), mean_temperature=Decimal("-5.9"))
    assert str(row) == "27037 07.12.2026: \u22125,9\xa0°C"
    design = DesignOutdoorTemperature(city="Москва", temperature=Decimal("-25.0"), valid_from=date(2025, 1, 1))
    assert str(design).startswith("Москва: \u221225,0\xa0°C")
    client.force_login(technician)
    page = client.get(reverse("metering:outdoor_temperatures:detail", args=[row.pk])).content.decode()
    assert "\u22125,9\xa0°C" in page and "-5.9" not in page
