"""«Загрузка температур» (metering/views/temperature_import.py): upload and report, who may."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import ADMINISTRATOR
from metering.models import OutdoorTemperature

from ..factories import WeatherStationFactory
from . import files

pytestmark = pytest.mark.django_db

PAGE = "/metering/temperature_import/"
ROWS = [{"Дата": "01.01.2026", "Температура, °C": "-3,5"}, {"Дата": "02.01.2026", "Температура, °C": "-7"}]


def upload(client, station, data: bytes, name: str = "t.csv"):
    return client.post(PAGE, {"station": station.pk if station else "",
                              "file": SimpleUploadedFile(name, data, content_type="text/csv")})


def test_a_billing_specialist_uploads_a_file_and_sees_the_counts(client, billing):
    station = WeatherStationFactory(is_default=True)
    client.force_login(billing)
    page = client.get(PAGE).content.decode()
    assert "Светлоборск, АМСГ (27612)" in page and f'<option value="{station.pk}" selected>' in page

    response = upload(client, station, files.csv_file(ROWS))

    assert response.status_code == 200
    assert response.context["result"].added == 2
    assert 'id="import-counts"' in response.content.decode()
    assert OutdoorTemperature.objects.get(date=date(2026, 1, 1)).mean_temperature == Decimal("-3.5")


def test_a_corrected_day_is_listed_with_its_old_value(client, make_user):
    station = WeatherStationFactory()
    OutdoorTemperature.objects.create(station=station, date=date(2026, 1, 2), mean_temperature=Decimal("-1.0"))
    client.force_login(make_user(ADMINISTRATOR))

    response = upload(client, station, files.xlsx(ROWS), name="t.xlsx")

    page = response.content.decode()
    assert 'id="import-changed"' in page
    assert '<td class="num">3</td><td>Светлоборск, АМСГ (27612)</td><td>02.01.2026</td>' in page
    assert OutdoorTemperature.objects.get(date=date(2026, 1, 2)).mean_temperature == Decimal("-7.0")


def test_a_refused_file_shows_every_problem_and_writes_nothing(client, billing):
    station = WeatherStationFactory()
    client.force_login(billing)
    rows = [*ROWS, {"Дата": "01.01.2026", "Температура, °C": "тепло"}]

    response = upload(client, station, files.csv_file(rows))

    page = response.content.decode()
    assert "Файл не загружен: 1 ошибка, ничего не записано" in page
    assert '<td class="num">4</td><td>Температура, °C</td><td>тепло</td><td>не число</td>' in page
    assert not OutdoorTemperature.objects.exists()


def test_a_technician_gets_403(client, technician):
    station = WeatherStationFactory()
    client.force_login(technician)

    assert client.get(PAGE).status_code == 403
    assert upload(client, station, files.csv_file(ROWS)).status_code == 403
    assert not OutdoorTemperature.objects.exists()
