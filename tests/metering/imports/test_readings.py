"""readings_import: all or nothing, every bad row named by row, column and value."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from accounts.roles import TECHNICIAN
from audit.models import AuditEvent
from core.errors import ApplicationError
from core.permissions import PERMISSION_DENIED
from metering.imports.problems import ImportRefused
from metering.imports.readings import readings_import
from metering.models import (
    Reading,
    ReadingColumn,
    ReadingImport,
    ReadingImportSource,
    ReadingSource,
    ReadingStatus,
)
from metering.services.readings import reading_record

from ..factories import ReadingColumnFactory, ReadingFactory, ReadingImportSourceFactory
from . import files
from .conftest import JANUARY, MAPPING, january_rows

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, int]:
    return {
        "readings": Reading.objects.count(), "imports": ReadingImport.objects.count(),
        "history": Reading.history.model.objects.count(), "audit": AuditEvent.objects.count(),
    }


def refused(source, data: bytes, actor=None) -> ImportRefused:
    before = snapshot()
    with pytest.raises(ImportRefused) as caught:
        readings_import(source=source, data=data, filename="vzlet.csv", actor=actor)
    assert snapshot() == before, "a refused file writes nothing"
    return caught.value


def messages(error: ImportRefused) -> list[str]:
    return [str(p) for p in error.problems]


# --- accepted files ------------------------------------------------------------------------


def test_a_cp1251_csv_with_comma_decimals_is_recorded_converted_to_our_units(units, source, billing):
    # given a windows-1251 CSV with «;», comma decimals, spaces between thousands, ГДж, кг and л
    data = files.csv_file(january_rows(), encoding="cp1251", delimiter=";")

    # when
    result = readings_import(source=source, data=data, filename="vzlet-01-2026.csv", actor=billing)

    # then both rows are recorded through the service, converted and rounded
    assert (result.written, result.accepted, result.flagged) == (2, 2, [])
    first = Reading.objects.get(unit=units[0], period=JANUARY)
    assert (first.q, first.m1, first.m2, first.v1) == (
        Decimal("50.000"), Decimal("1000.000"), Decimal("995.000"), Decimal("1002.346")
    )
    assert (first.t1, first.t2, first.operating_hours, first.error_hours) == (
        Decimal("85.10"), Decimal("55.20"), Decimal("744.00"), Decimal("0.00")
    )
    second = Reading.objects.get(unit=units[1], period=JANUARY)
    assert (second.q, second.m1, second.v1) == (Decimal("30.000"), Decimal("600.000"), None)
    # as imported readings: their source, who entered them, their batch
    batch = ReadingImport.objects.get()
    assert (batch.source, batch.file_name, batch.row_count, batch.imported_by) == (source, "vzlet-01-2026.csv", 2, billing)
    assert len(batch.sha256) == 64 and batch.pk == result.batch_id
    assert {(r.source, r.entered_by, r.import_batch, r.status) for r in Reading.objects.all()} == {
        (ReadingSource.IMPORT, billing, batch, ReadingStatus.ACCEPTED)
    }
    # audit: each reading as when entered by hand, plus the import
    assert AuditEvent.objects.filter(action="reading.recorded").count() == 2
    event = AuditEvent.objects.get(action="readings.imported")
    assert event.data["source"] == "Взлет СП" and event.data["written"] == 2 and event.actor == billing


def test_an_xlsx_with_native_numbers_and_dates_and_a_title_block_is_recorded(units, source, billing):
    # given the same source exporting XLSX: numbers as numbers, the month as a date cell or text
    source.file_format = ReadingImportSource.FileFormat.XLSX
    source.save()
    rows = january_rows()
    rows[0].update({"Месяц": date(2026, 1, 31), "Тепло, ГДж": 100, "Масса подачи, кг": 999999.5,
                    "Масса обратки, т": 995.0})
    rows[1].update({"Тепло, ГДж": 125.604, "Масса подачи, кг": 600000, "Масса обратки, т": 597.5})
    data = files.xlsx(rows, title=["Отчет о теплопотреблении за январь 2026", "Взлет СП, выгрузка"])

    # when
    result = readings_import(source=source, data=data, filename="vzlet.xlsx", actor=billing)

    # then 100 ГДж = 23.88458… → 23.885 Гкал, 999 999.5 кг = 999.9995 → 1000.000 т (half-up to 0.001)
    assert result.written == 2
    first = Reading.objects.get(unit=units[0])
    assert (first.period, first.q, first.m1, first.m2) == (JANUARY, Decimal("23.885"), Decimal("1000.000"), Decimal("995.000"))
    assert Reading.objects.get(unit=units[1]).q == Decimal("30.000")


def test_the_mapping_saved_on_the_source_is_reused_by_the_next_import(units, source, billing):
    # given January imported with the source's mapping
    readings_import(source=source, data=files.csv_file(january_rows()), filename="january.csv", actor=billing)

    # when February's file of the same system comes, with nothing but the source chosen
    february = copy.deepcopy(january_rows())
    for row in february:
        row["Месяц"], row["Наработка, ч"] = "02.2026", "672"
    result = readings_import(source=source, data=files.csv_file(february), filename="february.csv", actor=billing)

    # then it is read by the same mapping (ГДж, кг converted) into its own batch
    assert result.written == 2
    assert Reading.objects.get(unit=units[0], period=date(2026, 2, 1)).q == Decimal("50.000")
    assert list(ReadingImport.objects.order_by("pk").values_list("file_name", flat=True)) == ["january.csv", "february.csv"]
    assert Reading.objects.filter(import_batch__file_name="february.csv").count() == 2


def test_units_are_found_by_the_serial_of_the_calculator_installed_that_month(units, source, billing):
    source.unit_key = ReadingImportSource.UnitKey.CALCULATOR_SERIAL
    source.save()
    rows = january_rows()
    rows[0]["Узел учета"], rows[1]["Узел учета"] = "770002", "770001"

    readings_import(source=source, data=files.csv_file(rows), filename="vzlet.csv", actor=billing)

    assert Reading.objects.get(unit=units[1]).q == Decimal("50.000")
    assert Reading.objects.get(unit=units[0]).q == Decimal("30.000")


def test_imported_readings_trip_the_validation_rules_like_entered_ones(units, source, billing):
    # given a row with M2 far below M1 (a leak) — the same values entered by hand are flagged
    rows = january_rows()
    rows[1]["Масса обратки, т"] = "540"
    by_hand = reading_record(
        unit=units[1], period=date(2025, 12, 1), source=ReadingSource.TECHNICIAN, actor=billing,
        values={"q": Decimal("30"), "m1": Decimal("600"), "m2": Decimal("540"), "operating_hours": Decimal("744")},
    )

    # when
    result = readings_import(source=source, data=files.csv_file(rows), filename="vzlet.csv", actor=billing)

    # then the imported reading is flagged by the same rule and waits for a technician
    imported = Reading.objects.get(unit=units[1], period=JANUARY)
    assert imported.status == ReadingStatus.FLAGGED
    assert [f.rule for f in imported.flags.all()] == [f.rule for f in by_hand.flags.all()] == ["mass_imbalance"]
    assert (result.accepted, [(f.row, f.unit, f.period) for f in result.flagged]) == (1, [(3, "УУ-102", "01.2026")])
    assert result.flagged[0].flags == (imported.flags.get().message,)


# --- refused files -------------------------------------------------------------------------


def test_one_bad_row_among_good_ones_writes_nothing_and_names_its_row_and_column(units, source, billing):
    # given 2 good rows of December and a January row with text in Q (spreadsheet row 4)
    rows = copy.deepcopy(january_rows())
    for row in rows:
        row["Месяц"] = "12.2025"
    bad = dict(january_rows()[0], **{"Тепло, ГДж": "abc"})
    data = files.csv_file([*rows, bad])
    readings_before, imports_before = Reading.objects.count(), ReadingImport.objects.count()

    # when
    error = refused(source, data, billing)

    # then nothing is written and the report names that row only
    assert (Reading.objects.count(), ReadingImport.objects.count()) == (readings_before, imports_before)
    assert messages(error) == ["строка 4, столбец «Тепло, ГДж»: «abc» — не число"]
    assert (error.problems[0].row, error.problems[0].column, error.problems[0].value) == (4, "Тепло, ГДж", "abc")
    assert (error.code, error.field) == ("import_refused", "file")


@pytest.mark.parametrize(("change", "expected"), [
    pytest.param({"Масса подачи, кг": "1000 т"}, "строка 2, столбец «Масса подачи, кг»: «1000 т» — не число",
                 id="text-in-numeric"),
    pytest.param({"Узел учета": "УУ-999"}, "строка 2, столбец «Узел учета»: «УУ-999» — узел учета с таким номером не найден",
                 id="unknown-unit"),
    pytest.param({"Месяц": "2026-01"}, "строка 2, столбец «Месяц»: «2026-01» — неверный период: ожидается как 03.2026 (%m.%Y)",
                 id="bad-period"),
    pytest.param({"Наработка, ч": ""}, "строка 2, столбец «Наработка, ч»: не заполнено", id="empty-required"),
    pytest.param({"Месяц": "03.2026"},
                 "строка 2, столбец «Месяц»: «03.2026» — месяц еще не наступил, показания за него не вносятся "
                 "(текущий — 02.2026)", id="future-month"),
    pytest.param({"Масса обратки, т": "-5"},
                 "строка 2, столбец «Масса обратки, т»: «-5» — убедитесь, что это значение больше либо равно 0.",
                 id="negative-refused-by-the-model"),
    pytest.param({"Наработка, ч": "800"},
                 "строка 2, столбец «Наработка, ч»: «800» — время работы 800.00 ч больше часов месяца (744 ч)",
                 id="hours-beyond-the-month"),
])
def test_each_kind_of_bad_cell_is_named(units, source, billing, change, expected):
    rows = january_rows()
    rows[0].update(change)

    error = refused(source, files.csv_file(rows), billing)

    assert messages(error) == [expected]


def test_every_bad_row_is_reported_not_just_the_first(units, source, billing):
    rows = january_rows()
    rows[0]["Тепло, ГДж"] = "много"
    rows[1]["Узел учета"] = "УУ-404"
    rows[1]["Т подачи"] = "85°"

    error = refused(source, files.csv_file(rows), billing)

    assert messages(error) == [
        "строка 2, столбец «Тепло, ГДж»: «много» — не число",
        "строка 3, столбец «Т подачи»: «85°» — не число",
        "строка 3, столбец «Узел учета»: «УУ-404» — узел учета с таким номером не найден",
    ]


def test_a_month_that_has_not_begun_is_refused_on_its_row_as_reading_record_refuses_it(
    units, source, billing, time_machine
):
    # given on 28.02.2026 23:30 in Moscow a file of February (the current month) and of March
    time_machine.move_to(datetime(2026, 2, 28, 20, 30, tzinfo=UTC))
    rows = january_rows()
    rows[0].update({"Месяц": "02.2026", "Наработка, ч": "672"})
    rows[1].update({"Месяц": "03.2026"})
    data = files.csv_file(rows)

    # when it is imported, then the March row is named and nothing is written
    error = refused(source, data, billing)
    assert messages(error) == [
        "строка 3, столбец «Месяц»: «03.2026» — месяц еще не наступил, показания за него не вносятся "
        "(текущий — 02.2026)",
    ]
    assert (error.problems[0].row, error.problems[0].column) == (3, "Месяц")
    # the service refuses the same month the same way
    with pytest.raises(ApplicationError) as by_hand:
        reading_record(unit=units[1], period=date(2026, 3, 1), source=ReadingSource.TECHNICIAN, actor=billing,
                       values={"q": Decimal("30"), "m1": Decimal("600"), "m2": Decimal("597.5"),
                               "operating_hours": Decimal("744")})
    assert by_hand.value.field == "period" and error.problems[0].message in by_hand.value.message

    # when the same file comes an hour later, on 01.03.2026 in Moscow, then both rows are recorded
    time_machine.move_to(datetime(2026, 2, 28, 21, 30, tzinfo=UTC))
    result = readings_import(source=source, data=data, filename="vzlet.csv", actor=billing)
    assert result.written == 2
    assert set(Reading.objects.values_list("period", flat=True)) == {date(2026, 2, 1), date(2026, 3, 1)}


def test_a_unit_and_month_twice_in_the_file_is_refused_naming_the_first_row(units, source, billing):
    rows = [*january_rows(), january_rows()[0]]

    error = refused(source, files.csv_file(rows), billing)

    assert messages(error) == ["строка 4, столбец «Узел учета»: «УУ-101» — показания узла УУ-101 за 01.2026 уже есть в строке 2"]


def test_a_month_with_a_reading_already_recorded_is_refused_unless_it_was_rejected(units, source, billing):
    ReadingFactory(unit=units[0], period=JANUARY, status=ReadingStatus.ACCEPTED)
    ReadingFactory(unit=units[1], period=JANUARY, status=ReadingStatus.REJECTED)

    error = refused(source, files.csv_file(january_rows()), billing)

    assert messages(error) == ["строка 2, столбец «Месяц»: «01.2026» — показания узла УУ-101 за этот месяц уже внесены (принято)"]


def test_a_measure_that_does_not_fit_its_field_is_refused_naming_the_field(units, billing):
    # given a mapping saved around the model's check (°C for Q, ГДж for M2)
    source = ReadingImportSourceFactory()
    for field_name, (header, measure) in MAPPING.items():
        measure = {ReadingColumn.Field.Q: "°C", ReadingColumn.Field.M2: "ГДж"}.get(field_name, measure)
        ReadingColumnFactory(source=source, field=field_name, column=header, measure=measure)

    error = refused(source, files.csv_file(january_rows()), billing)

    assert messages(error) == [
        "столбец «Масса обратки, т»: поле «M2 за период»: единица «ГДж» не подходит, допустимо: т, кг",
        "столбец «Тепло, ГДж»: поле «Q за период»: единица «°C» не подходит, допустимо: Гкал, ГДж, МВт·ч",
    ]


def test_a_mapped_header_missing_from_the_file_is_named(units, source, billing):
    rows = january_rows()
    for row in rows:
        row["Наработка"] = row.pop("Наработка, ч")

    error = refused(source, files.csv_file(rows), billing)

    assert messages(error) == ["столбец «Наработка, ч»: нет в файле (поле «время работы» по сопоставлению источника)"]


def test_a_wrong_delimiter_is_hinted(units, source, billing):
    error = refused(source, files.csv_file(january_rows(), delimiter=","), billing)

    assert "в строке заголовков 1 один столбец: проверьте разделитель (в настройках источника «;»)" in messages(error)


def test_a_file_in_another_encoding_is_refused(units, source, billing):
    source.csv_encoding = "utf-8"
    source.save()

    error = refused(source, files.csv_file(january_rows(), encoding="cp1251"), billing)

    assert messages(error) == [  # «У» of «Узел учета» in the header row
        "строка 1: неверная кодировка: байт 0xd3 не читается как UTF-8 (кодировка в настройках источника)"
    ]


def test_a_mapping_without_a_required_field_is_refused(units, billing):
    source = ReadingImportSourceFactory()
    for field_name, (header, measure) in MAPPING.items():
        if field_name != ReadingColumn.Field.M2:
            ReadingColumnFactory(source=source, field=field_name, column=header, measure=measure)

    error = refused(source, files.csv_file(january_rows()), billing)

    assert messages(error) == ["в сопоставлении источника нет поля «M2 за период»: укажите его столбец"]


def test_the_same_file_twice_is_refused(units, source, billing):
    data = files.csv_file(january_rows())
    readings_import(source=source, data=data, filename="vzlet.csv", actor=billing)

    error = refused(source, data, billing)

    assert len(error.problems) == 1 and messages(error)[0].startswith("этот файл уже загружен ")


def test_an_actor_without_the_right_is_refused(units, source, make_user):
    with pytest.raises(ApplicationError) as refused:
        readings_import(source=source, data=files.csv_file(january_rows()), filename="x.csv",
                        actor=make_user(TECHNICIAN))
    assert refused.value.code == PERMISSION_DENIED
    assert Reading.objects.count() == 0


def test_unit_numbers_match_whatever_their_letter_case(units, source, billing):
    rows = january_rows()
    rows[0]["Узел учета"] = "уу-101"

    readings_import(source=source, data=files.csv_file(rows), filename="vzlet.csv", actor=billing)

    assert Reading.objects.filter(unit=units[0]).exists()
