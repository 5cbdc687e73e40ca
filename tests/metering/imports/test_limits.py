"""A hostile or oversized file of readings or temperatures is refused before its rows are
read, with the same Russian message on the page and from the command; nothing is written."""

from datetime import date
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from metering.models import OutdoorTemperature, Reading, ReadingImport
from tests.core import hostile_files

from ..factories import ReadingColumnFactory, ReadingImportSourceFactory, WeatherStationFactory
from . import files
from .conftest import MAPPING, january_rows

pytestmark = pytest.mark.django_db

MB = 2**20
BOMB = ("файл XLSX распаковывается в 8 МБ, допустимо не больше 2 МБ: слишком много данных или это «zip-бомба»; "
        "разделите его на несколько файлов")
ENTITIES = ("в файле XLSX (часть xl/sharedStrings.xml) объявлены DTD или сущности XML (<!DOCTYPE, <!ENTITY): "
            "такой файл не читается; сохраните его заново в Excel")
ROWS = "в файле больше 5 строк: разделите его на несколько файлов"
SIZE = "файл слишком большой: 3 МБ, допустимо не больше 2 МБ; разделите его на несколько файлов"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.IMPORT_MAX_FILE_BYTES = 2 * MB
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 2 * MB
    settings.IMPORT_MAX_ROWS = 5
    settings.IMPORT_MAX_CELL_SHOWN = 20


def with_bad_byte(data: bytes, row: int) -> bytes:
    lines = data.splitlines(keepends=True)
    lines[row - 1] = lines[row - 1].replace(b";", b";\x98", 1)
    return b"".join(lines)


# ---------------------------------------------------------------- readings

def readings_csv(count: int) -> bytes:
    rows = january_rows()
    return files.csv_file([{**rows[n % 2], "Узел учета": f"УУ-{n}"} for n in range(count)])


READING_CASES = {  # name → (file format of the source, file, the one message)
    "bomb": ("xlsx", lambda: hostile_files.shared_string_bomb([["Узел учета"]], megabytes=8), BOMB),
    "entities": ("xlsx", lambda: hostile_files.entity_workbook([["Узел учета"]]), ENTITIES),
    "rows": ("csv", lambda: readings_csv(5), ROWS),
    "size": ("csv", lambda: readings_csv(2) + b" " * (3 * MB), SIZE),
    "byte": ("csv", lambda: with_bad_byte(readings_csv(2), 3),
             "строка 3: неверная кодировка: байт 0x98 не читается как Windows-1251 (кодировка в настройках источника)"),
}


@pytest.fixture
def sources():
    """The same mapping for a CSV (windows-1251) and an XLSX source."""
    found = {}
    for file_format in ("csv", "xlsx"):
        source = ReadingImportSourceFactory(name=f"Взлет {file_format}", file_format=file_format, csv_encoding="cp1251")
        for field_name, (header, measure) in MAPPING.items():
            ReadingColumnFactory(source=source, field=field_name, column=header, measure=measure)
        found[file_format] = source
    return found


@pytest.mark.parametrize("case", READING_CASES)
def test_the_readings_page_refuses_the_file_naming_the_problem(units, sources, client, billing, case):
    file_format, build, message = READING_CASES[case]
    client.force_login(billing)

    response = client.post("/metering/reading_import/", {
        "source": sources[file_format].pk, "file": SimpleUploadedFile(f"vzlet.{file_format}", build()),
    })

    assert response.status_code == 200
    assert [str(p) for p in response.context["refused"].problems] == [message]
    assert "Файл не загружен: 1 ошибка, ничего не записано" in response.content.decode()
    assert not Reading.objects.exists() and not ReadingImport.objects.exists()


@pytest.mark.parametrize("case", READING_CASES)
def test_the_readings_command_refuses_the_file_naming_the_problem(units, sources, tmp_path, case):
    file_format, build, message = READING_CASES[case]
    path = tmp_path / f"vzlet.{file_format}"
    path.write_bytes(build())
    err = StringIO()

    with pytest.raises(CommandError, match="Файл не загружен: 1 ошибка, ничего не записано"):
        call_command("import_readings", str(path), "--source", sources[file_format].name, stderr=err)

    assert err.getvalue().splitlines() == [message]
    assert not Reading.objects.exists()


def test_a_huge_cell_of_readings_is_quoted_cut(units, sources, client, billing):
    rows = january_rows()
    rows[0]["Тепло, ГДж"] = "9" * 30_000 + "x"
    client.force_login(billing)

    response = client.post("/metering/reading_import/", {
        "source": sources["csv"].pk, "file": SimpleUploadedFile("vzlet.csv", files.csv_file(rows)),
    })

    assert [str(p) for p in response.context["refused"].problems] == [
        "строка 2, столбец «Тепло, ГДж»: «99999999999999999999… (30\u00a0001 знак)» — не число"
    ]
    assert len(response.content) < 50_000


# ---------------------------------------------------------------- temperatures

def temperatures_csv(days: int) -> bytes:
    return files.csv_file([{"Дата": f"{day:02d}.01.2026", "Температура, °C": "-3,5"} for day in range(1, days + 1)])


TEMPERATURE_CASES = {  # name → (file, its name, the one message)
    "bomb": (lambda: hostile_files.shared_string_bomb([["Дата"]], megabytes=8), "t.xlsx", BOMB),
    "entities": (lambda: hostile_files.entity_workbook([["Дата"]]), "t.xlsx", ENTITIES),
    "rows": (lambda: temperatures_csv(5), "t.csv", ROWS),
    "size": (lambda: temperatures_csv(2) + b" " * (3 * MB), "t.csv", SIZE),
    "byte": (lambda: with_bad_byte(temperatures_csv(3), 4), "t.csv",
             "строка 4: неверная кодировка: байт 0x98 не читается ни как UTF-8, ни как Windows-1251"),
}


@pytest.fixture
def today(time_machine):
    time_machine.move_to(date(2026, 2, 5))


@pytest.mark.parametrize("case", TEMPERATURE_CASES)
def test_the_temperatures_page_refuses_the_file_naming_the_problem(client, billing, today, case):
    build, name, message = TEMPERATURE_CASES[case]
    station = WeatherStationFactory()
    client.force_login(billing)

    response = client.post("/metering/temperature_import/", {
        "station": station.pk, "file": SimpleUploadedFile(name, build()),
    })

    assert response.status_code == 200
    assert [str(p) for p in response.context["refused"].problems] == [message]
    assert "Файл не загружен: 1 ошибка, ничего не записано" in response.content.decode()
    assert not OutdoorTemperature.objects.exists()


@pytest.mark.parametrize("case", TEMPERATURE_CASES)
def test_the_temperatures_command_refuses_the_file_naming_the_problem(tmp_path, today, case):
    build, name, message = TEMPERATURE_CASES[case]
    WeatherStationFactory(code="27612")
    path = tmp_path / name
    path.write_bytes(build())
    err = StringIO()

    with pytest.raises(CommandError, match="Файл не загружен: 1 ошибка, ничего не записано"):
        call_command("import_temperatures", str(path), "--station", "27612", stderr=err)

    assert err.getvalue().splitlines() == [message]
    assert not OutdoorTemperature.objects.exists()


def test_a_huge_station_cell_is_quoted_cut(tmp_path, today):
    WeatherStationFactory(code="27612")
    path = tmp_path / "t.csv"
    path.write_bytes(files.csv_file([{"Дата": "01.01.2026", "Температура, °C": "-3", "Станция": "Луна " * 10_000}]))
    err = StringIO()

    with pytest.raises(CommandError):
        call_command("import_temperatures", str(path), stderr=err)

    assert err.getvalue().splitlines() == [
        "строка 2, столбец «Станция»: «Луна Луна Луна Луна … (49\u00a0999 знаков)» — станция не найдена "
        "(укажите индекс или наименование станции)"
    ]
