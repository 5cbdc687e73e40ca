"""«Загрузка показаний» (metering/views/imports.py): upload and report, the source pages, who may."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from metering.models import Reading, ReadingColumn, ReadingImport, ReadingImportSource

from . import files
from .conftest import MAPPING, january_rows

pytestmark = pytest.mark.django_db

PAGE = "/metering/reading_import/"


def upload(client, source, data: bytes, name: str = "vzlet.csv"):
    return client.post(PAGE, {"source": source.pk, "file": SimpleUploadedFile(name, data, content_type="text/csv")})


def test_a_billing_specialist_uploads_a_file_and_sees_the_counts(units, source, client, billing):
    client.force_login(billing)
    assert "Взлет СП" in client.get(PAGE).content.decode()

    response = upload(client, source, files.csv_file(january_rows()))

    assert response.status_code == 200
    assert response.context["result"].written == 2
    page = response.content.decode()
    assert 'id="import-counts"' in page and "Файл vzlet.csv загружен" in page
    assert Reading.objects.get(unit=units[0]).q == Decimal("50.000")


def test_a_refused_file_shows_every_problem_in_a_table_and_writes_nothing(units, source, client, billing):
    client.force_login(billing)
    rows = january_rows()
    rows[1]["Тепло, ГДж"] = "abc"

    response = upload(client, source, files.csv_file(rows))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Файл не загружен: 1 ошибка, ничего не записано" in page
    assert "<td class=\"num\">3</td><td>Тепло, ГДж</td><td>abc</td><td>не число</td>" in page
    assert not Reading.objects.exists() and not ReadingImport.objects.exists()


def test_a_billing_specialist_creates_a_source_with_its_mapping_then_edits_it(client, billing):
    client.force_login(billing)
    form = {
        "name": "Логика СПСеть", "file_format": "xlsx", "unit_key": "calculator_serial", "csv_delimiter": ";",
        "csv_encoding": "utf-8", "period_format": "%d.%m.%Y",
        **{f"column_{f}": header for f, (header, _) in MAPPING.items()},
        **{f"measure_{f}": measure for f, (_, measure) in MAPPING.items() if measure not in ("°C", "ч")},
    }

    response = client.post(f"{PAGE}sources/add/", form)

    source = ReadingImportSource.objects.get(name="Логика СПСеть")
    assert response.status_code == 302 and response["Location"] == f"{PAGE}?source={source.pk}"
    assert source.columns.get(field=ReadingColumn.Field.Q).measure == "ГДж"

    page = client.get(f"{PAGE}sources/{source.pk}/").content.decode()
    assert 'value="Тепло, ГДж"' in page
    response = client.post(f"{PAGE}sources/{source.pk}/", {**form, "column_v1": "", "measure_q": "МВт·ч"})
    assert response.status_code == 302
    assert source.columns.get(field=ReadingColumn.Field.Q).measure == "МВт·ч"
    assert not source.columns.filter(field=ReadingColumn.Field.V1).exists()


def test_a_source_without_a_required_column_is_refused_on_the_form(client, billing):
    client.force_login(billing)
    form = {
        "name": "Без массы", "file_format": "csv", "unit_key": "unit_number", "csv_delimiter": ";",
        "csv_encoding": "utf-8", "period_format": "%m.%Y",
        **{f"column_{f}": header for f, (header, _) in MAPPING.items() if f != ReadingColumn.Field.M1},
    }

    response = client.post(f"{PAGE}sources/add/", form)

    assert response.status_code == 200
    assert response.context["form"].errors["column_m1"] == ["Обязательное поле."]
    assert not ReadingImportSource.objects.exists()


def test_a_technician_may_neither_import_nor_edit_a_source(units, source, client, technician):
    client.force_login(technician)

    assert client.get(PAGE).status_code == 403
    assert upload(client, source, files.csv_file(january_rows())).status_code == 403
    assert client.get(f"{PAGE}sources/add/").status_code == 403
    assert client.post(f"{PAGE}sources/{source.pk}/", {}).status_code == 403
    assert not Reading.objects.exists()
