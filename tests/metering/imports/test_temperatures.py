"""Outdoor temperatures from a file (metering/imports/temperatures.py) and
``manage.py import_temperatures``: every row checked first, all or nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEvent
from core.errors import ApplicationError
from core.imports import ImportRefused
from core.permissions import PERMISSION_DENIED
from metering.imports import temperatures
from metering.models import OutdoorTemperature

from ..factories import WeatherStationFactory
from . import files

pytestmark = pytest.mark.django_db

DATE, T = "Дата", "Температура, °C"


@pytest.fixture
def station():
    return WeatherStationFactory()


def week() -> list[dict]:
    """1–7 January 2026, −3,0 … −9,0 °C as a Russian spreadsheet writes them."""
    return [{DATE: f"{day:02d}.01.2026", T: f"-{day + 2},0"} for day in range(1, 8)]


def saved(station) -> dict[date, Decimal]:
    return dict(OutdoorTemperature.objects.filter(station=station).values_list("date", "mean_temperature"))


def refused(**kwargs) -> list[str]:
    with pytest.raises(ImportRefused) as caught:
        temperatures.temperatures_import(filename="t.csv", **kwargs)
    return [str(p) for p in caught.value.problems]


def test_a_windows_1251_csv_with_semicolons_is_saved_for_the_chosen_station(station, billing):
    # given a CSV from a spreadsheet, a title line above the headers
    data = files.csv_file(week(), encoding="cp1251", title=["Среднесуточные температуры, январь 2026"])

    # when
    result = temperatures.temperatures_import(data=data, filename="январь.csv", station=station, actor=billing)

    # then
    assert saved(station)[date(2026, 1, 1)] == Decimal("-3.0")
    assert len(saved(station)) == 7
    assert (result.added, result.same, result.changed) == (7, 0, [])
    assert result.summary() == (
        "Файл январь.csv загружен: дней 7 (01.01.2026–07.01.2026), добавлено 7, исправлено 0, без изменений 0"
    )
    event = AuditEvent.objects.get(action="outdoor_temperatures.imported")
    assert event.data["added"] == 7 and event.actor == billing


def test_utf8_with_points_a_unicode_minus_and_a_station_column(station):
    other = WeatherStationFactory(code="27417", name="Можайск", city="Можайск")
    rows = [
        {DATE: "10.01.2026", T: "−12.44", "Станция": "27612"},
        {DATE: "10.01.2026", T: "+0.5", "Станция": "Можайск"},
        {DATE: "11.01.2026", T: "-0.04", "Станция": "27612"},
    ]

    temperatures.temperatures_import(data=files.csv_file(rows, encoding="utf-8-sig", delimiter=","), filename="t.csv")

    assert saved(station) == {date(2026, 1, 10): Decimal("-12.4"), date(2026, 1, 11): Decimal("0.0")}
    assert saved(other) == {date(2026, 1, 10): Decimal("0.5")}


def test_an_xlsx_with_date_cells_and_numbers(station):
    rows = [{DATE: date(2026, 1, 20), T: -25.5}, {DATE: "21.01.2026", T: -18}]

    result = temperatures.temperatures_import(data=files.xlsx(rows), filename="t.xlsx", station=station)

    assert result.added == 2
    assert saved(station) == {date(2026, 1, 20): Decimal("-25.5"), date(2026, 1, 21): Decimal("-18.0")}


@pytest.mark.parametrize("cell, message", [
    ("32.01.2026", "строка 4, столбец «Дата»: «32.01.2026» — не дата: нужна дата ДД.ММ.ГГГГ"),
    ("2026-01-03", "строка 4, столбец «Дата»: «2026-01-03» — не дата: нужна дата ДД.ММ.ГГГГ"),
    ("", "строка 4, столбец «Дата»: пусто: нужна дата"),
    ("06.02.2026", "строка 4, столбец «Дата»: «06.02.2026» — день еще не наступил (сегодня 05.02.2026)"),
])
def test_a_bad_date_is_named_and_nothing_is_written(station, cell, message):
    rows = week()
    rows[2][DATE] = cell

    assert refused(data=files.csv_file(rows), station=station) == [message]
    assert not OutdoorTemperature.objects.exists()


@pytest.mark.parametrize("cell, message", [
    ("минус пять", "строка 3, столбец «Температура, °C»: «минус пять» — не число"),
    ("", "строка 3, столбец «Температура, °C»: пусто: нужна температура"),
    ("-61", "строка 3, столбец «Температура, °C»: «-61» — вне допустимого диапазона от −60 до +45 °C"),
    ("45,1", "строка 3, столбец «Температура, °C»: «45,1» — вне допустимого диапазона от −60 до +45 °C"),
])
def test_a_bad_temperature_is_named_and_nothing_is_written(station, cell, message):
    rows = week()
    rows[1][T] = cell

    assert refused(data=files.csv_file(rows), station=station) == [message]
    assert not OutdoorTemperature.objects.exists()


def test_a_day_twice_in_the_file_names_both_rows(station):
    rows = week() + [{DATE: "03.01.2026", T: "-4,0"}]

    assert refused(data=files.csv_file(rows), station=station) == [
        "строка 9, столбец «Дата»: «03.01.2026» — день 03.01.2026 станции 27612 уже есть в строке 4"
    ]
    assert not OutdoorTemperature.objects.exists()


def test_every_problem_of_the_file_is_listed_at_once(station):
    rows = week()
    rows[0][DATE], rows[5][T] = "вчера", "100"

    assert refused(data=files.csv_file(rows), station=station) == [
        "строка 2, столбец «Дата»: «вчера» — не дата: нужна дата ДД.ММ.ГГГГ",
        "строка 7, столбец «Температура, °C»: «100» — вне допустимого диапазона от −60 до +45 °C",
    ]


def test_a_missing_column_an_unknown_or_another_station_or_none_at_all(station):
    WeatherStationFactory(code="27417", name="Можайск", city="Можайск")
    assert refused(data=files.csv_file([{DATE: "01.01.2026", "Т, °C": "-3"}]), station=station) == [
        "столбец «Температура, °C»: нет в файле (в строке заголовков 1: «Дата», «Т, °C»)"
    ]
    rows = [{DATE: "01.01.2026", T: "-3", "Станция": "Луна"}, {DATE: "02.01.2026", T: "-3", "Станция": "27417"}]
    assert refused(data=files.csv_file(rows), station=station) == [
        "строка 2, столбец «Станция»: «Луна» — станция не найдена (укажите индекс или наименование станции)",
        "строка 3, столбец «Станция»: «27417» — в файле другая станция, чем выбрана: Светлоборск, АМСГ (27612)",
    ]
    assert refused(data=files.csv_file(week())) == [temperatures.NO_STATION]
    assert not OutdoorTemperature.objects.exists()


def test_a_day_already_saved_is_replaced_and_its_history_keeps_the_old_value(station):
    # given the 2nd of January saved with −1,0
    temperatures.temperatures_import(data=files.csv_file([{DATE: "02.01.2026", T: "-1"}, {DATE: "03.01.2026", T: "-5"}]),
                                     filename="t.csv", station=station)

    # when the week comes with −4,0 for the 2nd
    result = temperatures.temperatures_import(data=files.csv_file(week()), filename="t.csv", station=station)

    # then
    assert (result.added, result.same) == (5, 1)
    assert [(c.row, c.day, c.old, c.new) for c in result.changed] == [
        (3, date(2026, 1, 2), Decimal("-1.0"), Decimal("-4.0"))
    ]
    row = OutdoorTemperature.objects.get(station=station, date=date(2026, 1, 2))
    assert row.mean_temperature == Decimal("-4.0")
    assert [h.mean_temperature for h in row.history.order_by("history_id")] == [Decimal("-1.0"), Decimal("-4.0")]


def test_a_user_without_the_permissions_is_refused(station, technician):
    with pytest.raises(ApplicationError) as refused:
        temperatures.temperatures_import(data=files.csv_file(week()), filename="t.csv", station=station,
                                         actor=technician)
    assert refused.value.code == PERMISSION_DENIED
    assert not OutdoorTemperature.objects.exists()


def test_an_empty_or_binary_file_is_refused(station):
    assert refused(data=b"", station=station) == ["файл пуст"]
    assert refused(data=b"\x00\x01garbage", station=station) == [
        "файл не читается: нужен CSV или XLSX (Excel 2007 и новее)"
    ]


# ---------------------------------------------------------------- manage.py import_temperatures

def test_the_command_imports_a_file_for_a_station_named_by_its_index(station, tmp_path, capsys):
    path = tmp_path / "jan.csv"
    path.write_bytes(files.csv_file(week()))

    call_command("import_temperatures", str(path), "--station", "27612")

    assert "Файл jan.csv загружен: дней 7" in capsys.readouterr().out
    assert len(saved(station)) == 7


def test_the_command_prints_every_problem_and_fails(station, tmp_path, capsys):
    rows = week()
    rows[0][T] = "abc"
    path = tmp_path / "jan.csv"
    path.write_bytes(files.csv_file(rows))

    with pytest.raises(CommandError, match="Файл не загружен: 1 ошибка"):
        call_command("import_temperatures", str(path), "--station", "Светлоборск, АМСГ")

    assert "строка 2, столбец «Температура, °C»: «abc» — не число" in capsys.readouterr().err
    assert not OutdoorTemperature.objects.exists()


def test_the_command_names_an_unknown_station(station, tmp_path):
    with pytest.raises(CommandError, match=r"Станция «Луна» не найдена; станции: Светлоборск, АМСГ \(27612\)"):
        call_command("import_temperatures", str(tmp_path / "x.csv"), "--station", "Луна")
