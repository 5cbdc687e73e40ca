"""The limits every file import keeps, checked before rows are read (core/imports.py)."""

import io

import pytest

from core import imports
from core.imports import (
    ImportRefused,
    check_csv_rows,
    check_xlsx,
    csv_rows,
    cut,
    import_stream,
    open_workbook,
    text_encoding,
    worksheet_rows,
)

from . import hostile_files

MB = 2**20


def refusal(call, *args, **kwargs) -> list[str]:
    with pytest.raises(ImportRefused) as caught:
        call(*args, **kwargs)
    return [str(p) for p in caught.value.problems]


def test_a_long_cell_is_cut_to_a_readable_length_with_its_length(settings):
    settings.IMPORT_MAX_CELL_SHOWN = 10

    assert cut("Гкал") == "Гкал"
    assert cut("А" * 12_345) == "АААААААААА… (12\u00a0345 знаков)"


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(settings):
    settings.IMPORT_MAX_FILE_BYTES = 1024

    assert import_stream(b"x" * 1024).read() == b"x" * 1024
    assert refusal(import_stream, io.BytesIO(b"x" * 3000)) == [
        "файл слишком большой: 3 КБ, допустимо не больше 1 КБ; разделите его на несколько файлов"
    ]
    settings.IMPORT_MAX_FILE_BYTES = 2 * MB
    assert refusal(import_stream, b"x" * (5 * MB // 2)) == [
        "файл слишком большой: 2,5 МБ, допустимо не больше 2 МБ; разделите его на несколько файлов"
    ]


def test_a_shared_string_bomb_is_refused_by_its_unpacked_size(settings):
    # given a workbook of a few KB whose one shared string unpacks to 8 MB
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 2 * MB
    bomb = hostile_files.shared_string_bomb([["Наименование"]], megabytes=8)
    assert len(bomb) < 100_000

    # when / then
    assert refusal(check_xlsx, import_stream(bomb)) == [
        "файл XLSX распаковывается в 8 МБ, допустимо не больше 2 МБ: слишком много данных или это «zip-бомба»; "
        "разделите его на несколько файлов"
    ]


def test_entities_are_refused_before_any_xml_is_parsed():
    assert refusal(open_workbook, import_stream(hostile_files.entity_workbook([["Наименование"]]))) == [
        "в файле XLSX (часть xl/sharedStrings.xml) объявлены DTD или сущности XML (<!DOCTYPE, <!ENTITY): "
        "такой файл не читается; сохраните его заново в Excel"
    ]


def test_an_xml_part_not_in_utf8_is_refused():
    data = hostile_files.replaced_part(
        hostile_files.workbook([["a"]]), "xl/sharedStrings.xml",
        '<?xml version="1.0" encoding="UTF-16"?><sst/>'.encode("utf-16"),
    )

    assert refusal(check_xlsx, import_stream(data)) == [
        "в файле XLSX часть xl/sharedStrings.xml не в кодировке UTF-8: сохраните файл заново в Excel"
    ]


@pytest.mark.parametrize("chunk", [7, 1024 * 1024])
def test_the_row_elements_of_a_workbook_are_counted_before_it_is_parsed(settings, monkeypatch, chunk):
    # given 40 rows, read in chunks that cut row elements in two
    monkeypatch.setattr(imports, "CHUNK", chunk)
    data = hostile_files.workbook([[n, f"строка {n}"] for n in range(1, 41)])

    settings.IMPORT_MAX_ROWS = 40
    check_xlsx(import_stream(data))
    settings.IMPORT_MAX_ROWS = 39
    assert refusal(check_xlsx, import_stream(data)) == ["в файле больше 39 строк: разделите его на несколько файлов"]


def test_more_shared_strings_than_twenty_a_row_are_refused_before_openpyxl_reads_them(settings):
    # given a limit of 2 rows: 40 shared strings at most (openpyxl would keep every one in memory)
    settings.IMPORT_MAX_ROWS = 2

    def strings(count: int) -> bytes:
        texts = b"".join(b"<si><t>%d</t></si>" % n for n in range(count))
        return hostile_files.replaced_part(hostile_files.workbook([["a"]]), "xl/sharedStrings.xml",
                                           hostile_files.SST + texts + b"</sst>")

    check_xlsx(import_stream(strings(40)))
    assert refusal(check_xlsx, import_stream(strings(41))) == [
        "в файле XLSX больше 40 разных текстов в ячейках (не больше 20 на строку): разделите его на несколько файлов"
    ]


def test_more_cells_than_forty_a_row_are_refused_before_openpyxl_parses_them(settings):
    settings.IMPORT_MAX_ROWS = 3
    wide = [[n] * 40 for n in range(3)]

    check_xlsx(import_stream(hostile_files.workbook(wide)))
    assert refusal(check_xlsx, import_stream(hostile_files.workbook([*wide[:2], [1] * 41]))) == [
        "в файле XLSX больше 120 заполненных ячеек (не больше 40 на строку): разделите его на несколько файлов"
    ]


def test_a_row_far_below_the_others_counts_as_the_rows_it_skips(settings):
    # given two row elements, the second at row 1 048 576: a reader would give a million empty rows
    settings.IMPORT_MAX_ROWS = 100
    data = hostile_files.replaced_part(
        hostile_files.workbook([["a"]]), "xl/worksheets/sheet1.xml",
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
        b"</sheetData></worksheet>",
    )
    workbook = open_workbook(import_stream(data))

    assert refusal(lambda: list(worksheet_rows(workbook.worksheets[0]))) == [
        "в файле больше 100 строк: разделите его на несколько файлов"
    ]


def test_a_bad_byte_is_named_with_its_row():
    data = "Дата;Температура, °C\n01.01.2026;-3\n".encode("cp1251") + b"02.01.2026;\x98\n"

    assert text_encoding(import_stream(data[:30]), ("utf-8", "cp1251")) == "cp1251"
    assert refusal(text_encoding, import_stream(data), ("utf-8", "cp1251")) == [
        "строка 3: неверная кодировка: байт 0x98 не читается ни как UTF-8, ни как Windows-1251"
    ]
    assert refusal(text_encoding, import_stream(data), ("utf-8",), hint="кодировка в настройках источника") == [
        "строка 1: неверная кодировка: байт 0xc4 не читается как UTF-8 (кодировка в настройках источника)"
    ]


def test_csv_rows_are_counted_before_they_are_read_and_a_quoted_line_break_is_one_row(settings):
    settings.IMPORT_MAX_ROWS = 3
    spanning = b'a;b\n1;"two\nlines"\n2;x\n'  # 4 lines, 3 rows
    too_many = b"a;b\n1;x\n2;x\n3;x\n"

    check_csv_rows(import_stream(spanning), codec="utf-8-sig", delimiter=";")
    assert list(csv_rows(import_stream(spanning), codec="utf-8-sig", delimiter=";"))[1] == ["1", "two\nlines"]
    assert refusal(check_csv_rows, import_stream(too_many), codec="utf-8-sig", delimiter=";") == [
        "в файле больше 3 строк: разделите его на несколько файлов"
    ]


def test_a_line_too_long_for_a_table_is_refused_with_its_row(monkeypatch):
    monkeypatch.setattr(imports, "MAX_LINE_CHARS", 100)
    data = b"a;b\n" + b";" * 500 + b"\n"

    assert refusal(lambda: list(csv_rows(import_stream(data), codec="utf-8-sig", delimiter=";"))) == [
        "строка 2: строка длиннее 100 знаков: это не таблица CSV"
    ]
