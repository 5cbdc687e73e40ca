"""Reading an uploaded file into sheets of raw rows (no meaning yet, only cells).

XLSX (openpyxl): one sheet per entity, recognised by its name («Абоненты», «Объекты»,
«Нагрузки», «Договоры») or, on a sheet named otherwise, by its headers; the sheet
«Описание» of the template is skipped. CSV: one entity per file, its kind given by the
caller or detected from the headers; UTF-8 (with or without BOM) or windows-1251; the
delimiter «;» or «,», whichever the header line uses.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from core.imports import cell_blank

from .layout import BY_KIND, BY_TITLE, Column, Sheet, detect_kind, normalize_header
from .problems import ImportRefused, Problem

SKIPPED_SHEETS = {normalize_header("Описание")}
EXPECTED_ENCODINGS = "ожидается UTF-8 или windows-1251"
EXPECTED_FORMATS = "ожидается XLSX (Excel 2007 и новее) или CSV"


@dataclass
class RawRow:
    number: int  # as the spreadsheet shows it: the header is row 1
    cells: dict[Column, Any]


@dataclass
class RawSheet:
    sheet: Sheet
    headers: list[str]
    rows: list[RawRow] = field(default_factory=list)

    def has(self, field_name: str) -> bool:
        return any(c.field == field_name for c in self.columns)

    @property
    def columns(self) -> list[Column]:
        return [c for c in (self.sheet.column(h) for h in self.headers) if c is not None]


def parse_file(data: bytes, *, filename: str = "", kind: str | None = None) -> list[RawSheet]:
    """The file's sheets with their rows; ``ImportRefused`` lists what makes it unreadable
    (format, encoding, unknown or missing columns)."""
    if not data or not data.strip():
        raise ImportRefused([Problem("файл пуст")])
    if data[:4] == b"PK\x03\x04":
        tables = _read_xlsx(data)
    elif data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportRefused([Problem("формат XLS (Excel 97–2003) не поддерживается: сохраните файл как XLSX или CSV")])
    elif data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise ImportRefused([Problem(f"неверная кодировка: файл в UTF-16, {EXPECTED_ENCODINGS}")])
    elif b"\x00" in data[:4096]:
        raise ImportRefused([Problem(f"формат не распознан: {EXPECTED_FORMATS}")])
    else:
        tables = [("", _read_csv(data))]
    sheets, problems = [], []
    for title, rows in tables:
        sheet = _sheet_of(title, rows, kind=kind, problems=problems)
        if sheet is None:
            continue
        if any(s.sheet is sheet.sheet for s in sheets):
            problems.append(Problem(f"{title}: второй лист с данными «{sheet.sheet.title}» — оставьте один"))
            continue
        sheets.append(sheet)
    if not any(s.rows for s in sheets) and not problems:
        problems.append(Problem("в файле нет ни одной строки данных"))
    if problems:
        raise ImportRefused(problems)
    return sheets


def _read_xlsx(data: bytes) -> list[tuple[str, list[list[Any]]]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        raise ImportRefused([Problem(f"формат не распознан: файл не читается как XLSX; {EXPECTED_FORMATS}")]) from None
    try:
        return [
            (ws.title, [list(row) for row in ws.iter_rows(values_only=True)])
            for ws in workbook.worksheets
            if normalize_header(ws.title) not in SKIPPED_SHEETS
        ]
    finally:
        workbook.close()


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1251")
    except UnicodeDecodeError as exc:
        raise ImportRefused(
            [Problem(f"неверная кодировка: байт 0x{data[exc.start]:02x} в позиции {exc.start} не читается; "
                     f"{EXPECTED_ENCODINGS}")]
        ) from None


def _read_csv(data: bytes) -> list[list[str]]:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportRefused([Problem(f"формат не распознан: CSV не читается ({exc}); {EXPECTED_FORMATS}")]) from None


def _sheet_of(title: str, rows: list[list[Any]], *, kind: str | None, problems: list[Problem]) -> RawSheet | None:
    header_row = next((i for i, row in enumerate(rows) if not all(cell_blank(v) for v in row)), None)
    if header_row is None:
        return None  # an empty sheet
    headers = [str(v).strip() if not cell_blank(v) else "" for v in rows[header_row]]
    sheet = BY_TITLE.get(normalize_header(title)) or BY_KIND.get(kind or "") or detect_kind(headers)
    where = title or "файл"
    if sheet is None:
        problems.append(Problem(
            f"{where}: не понять, что в нем — ни имя листа, ни заголовки не подходят к листам «Абоненты», "
            f"«Объекты», «Нагрузки», «Договоры» (заголовки в первой строке; если они нечитаемы — "
            f"проверьте кодировку, {EXPECTED_ENCODINGS})"
        ))
        return None
    raw = RawSheet(sheet=sheet, headers=headers)
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
    for offset, values in enumerate(rows[header_row + 1:], start=header_row + 2):
        if all(cell_blank(v) for v in values):
            continue
        cells = {col: values[i] if i < len(values) else None for i, col in enumerate(columns) if col is not None}
        raw.rows.append(RawRow(number=offset, cells=cells))
    return raw
