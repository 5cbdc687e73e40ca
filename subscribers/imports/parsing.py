"""Reading an uploaded file into sheets of raw rows (no meaning yet, only cells).

XLSX (openpyxl, read-only): one sheet per entity, recognised by its name («Абоненты»,
«Объекты», «Нагрузки», «Договоры») or, on a sheet named otherwise, by its headers; the sheet
«Описание» of the template is skipped. CSV: one entity per file, its kind given by the
caller or detected from the headers; UTF-8 (with or without BOM) or windows-1251; the
delimiter «;» or «,», whichever the header line uses.

The file's limits (size, unpacked size, rows, DTD and entities) are checked first by
``core.imports``; then only the headers are read here: each sheet's rows stay a stream that
the validation consumes one row at a time, while the file is open (``parsed_file``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

from core.imports import (
    cell_blank,
    check_csv_rows,
    csv_rows,
    cut,
    file_head,
    file_is_blank,
    first_lines,
    import_stream,
    open_workbook,
    text_encoding,
    worksheet_rows,
)

from .layout import BY_KIND, BY_TITLE, Column, Sheet, detect_kind, normalize_header
from .problems import ImportRefused, Problem

SKIPPED_SHEETS = {normalize_header("Описание")}
EXPECTED_ENCODINGS = "ожидается UTF-8 или windows-1251"
EXPECTED_FORMATS = "ожидается XLSX (Excel 2007 и новее) или CSV"
XLSX_UNREADABLE = f"формат не распознан: файл не читается как XLSX; {EXPECTED_FORMATS}"


@dataclass
class RawRow:
    number: int  # as the spreadsheet shows it: the header is row 1
    cells: dict[Column, Any]


@dataclass
class RawSheet:
    sheet: Sheet
    headers: list[str]
    rows: Iterable[RawRow] = field(default_factory=list)  # a stream: read once

    def has(self, field_name: str) -> bool:
        return any(c.field == field_name for c in self.columns)

    @property
    def columns(self) -> list[Column]:
        return [c for c in (self.sheet.column(h) for h in self.headers) if c is not None]


@contextmanager
def parsed_file(data: bytes | IO[bytes], *, filename: str = "", kind: str | None = None) -> Iterator[list[RawSheet]]:
    """The file's sheets, their rows streamed while the block runs; ``ImportRefused`` lists
    what makes the file unreadable (limits, format, encoding, unknown or missing columns)."""
    stream = import_stream(data)
    head = file_head(stream)
    if not head.strip() and file_is_blank(stream):
        raise ImportRefused([Problem("файл пуст")])
    workbook = None
    if head[:4] == b"PK\x03\x04":
        workbook = open_workbook(stream, unreadable=XLSX_UNREADABLE)
        tables = [
            (ws.title, worksheet_rows(ws, unreadable=XLSX_UNREADABLE))
            for ws in workbook.worksheets
            if normalize_header(ws.title) not in SKIPPED_SHEETS
        ]
    elif head[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportRefused([Problem("формат XLS (Excel 97–2003) не поддерживается: сохраните файл как XLSX или CSV")])
    elif head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise ImportRefused([Problem(f"неверная кодировка: файл в UTF-16, {EXPECTED_ENCODINGS}")])
    elif b"\x00" in head:
        raise ImportRefused([Problem(f"формат не распознан: {EXPECTED_FORMATS}")])
    else:
        tables = [("", _read_csv(stream))]
    try:
        sheets, problems = [], []
        for title, rows in tables:
            sheet = _sheet_of(title, iter(rows), kind=kind, problems=problems)
            if sheet is None:
                continue
            if any(s.sheet is sheet.sheet for s in sheets):
                problems.append(Problem(f"{cut(title)}: второй лист с данными «{sheet.sheet.title}» — оставьте один"))
                continue
            sheets.append(sheet)
        if problems:
            raise ImportRefused(problems)
        yield sheets
    finally:
        if workbook is not None:
            workbook.close()


def _read_csv(stream: IO[bytes]) -> Iterator[list[str]]:
    codec = text_encoding(stream, ("utf-8", "cp1251"))
    first_line = next(iter(first_lines(stream, codec, 1)), "")
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    check_csv_rows(stream, codec=codec, delimiter=delimiter)
    return csv_rows(stream, codec=codec, delimiter=delimiter)


def _sheet_of(title: str, rows: Iterator[Any], *, kind: str | None, problems: list[Problem]) -> RawSheet | None:
    header_row, header_values = 0, None
    for header_row, values in enumerate(rows, start=1):  # noqa: B007 - the header's number is used below
        if not all(cell_blank(v) for v in values):
            header_values = values
            break
    if header_values is None:
        return None  # an empty sheet
    headers = [str(v).strip() if not cell_blank(v) else "" for v in header_values]
    while headers and not headers[-1]:
        headers.pop()
    sheet = BY_TITLE.get(normalize_header(title)) or BY_KIND.get(kind or "") or detect_kind(headers)
    where = cut(title) if title else "файл"
    if sheet is None:
        problems.append(Problem(
            f"{where}: не понять, что в нем — ни имя листа, ни заголовки не подходят к листам «Абоненты», "
            f"«Объекты», «Нагрузки», «Договоры» (заголовки в первой строке; если они нечитаемы — "
            f"проверьте кодировку, {EXPECTED_ENCODINGS})"
        ))
        return None
    seen: dict[Column, str] = {}
    for header in headers:
        if not header:
            continue
        column = sheet.column(header)
        if column is None:
            problems.append(Problem(
                "столбец не распознан (проверьте название; допустимые — в шаблоне)", sheet=sheet.title, column=header,
            ))
        elif column in seen:
            problems.append(Problem("столбец повторяется", sheet=sheet.title, column=header))
        else:
            seen[column] = header
    present = {normalize_header(h) for h in headers}
    for header in sheet.required_columns:
        if normalize_header(header) not in present:
            problems.append(Problem("нет обязательного столбца", sheet=sheet.title, column=header))
    if sheet.one_of and not any(normalize_header(h) in present for h in sheet.one_of):
        names = " или ".join(f"«{h}»" for h in sheet.one_of)
        problems.append(Problem(f"нет столбца {names}: по нему находится абонент", sheet=sheet.title))
    columns = [sheet.column(h) if h else None for h in headers]
    return RawSheet(sheet=sheet, headers=headers, rows=_raw_rows(rows, columns, first=header_row + 1))


def _raw_rows(rows: Iterator[Any], columns: list[Column | None], *, first: int) -> Iterator[RawRow]:
    width = len(columns)
    for number, values in enumerate(rows, start=first):
        values = values[:width]
        if all(cell_blank(v) for v in values):
            continue
        yield RawRow(number=number, cells={
            col: values[i] if i < len(values) else None for i, col in enumerate(columns) if col is not None
        })
