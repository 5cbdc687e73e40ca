"""Reading an uploaded file into raw rows of the mapped columns (no meaning yet, only cells).

The source says the format: CSV in its encoding (UTF-8 with or without BOM, or
windows-1251) with its delimiter, or XLSX (the first sheet). The header row is the first of
the file's first 20 rows that holds the most mapped headers (exports often start with a title
block); headers match regardless of letter case, «ё», spaces and м3/м³. Rows are numbered as
the spreadsheet shows them; blank rows are skipped.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from core.imports import cell_blank

from .problems import Problem

HEADER_SEARCH_ROWS = 20
ENCODING_NAMES = {"utf-8": "UTF-8", "cp1251": "Windows-1251"}


class Unreadable(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems


@dataclass
class RawRow:
    number: int
    cells: dict[str, Any]  # field → the cell


@dataclass
class Table:
    headers: dict[str, str]  # field → the header as the file spells it
    rows: list[RawRow] = field(default_factory=list)


def normalize_header(text: Any) -> str:
    text = str(text or "").replace("ё", "е").replace("Ё", "Е").replace("\u00a0", " ")
    text = re.sub(r"\s+", " ", text).strip().lower()
    return text.replace("м3", "м³").replace("м2", "м²").replace("°с", "°c")  # a Cyrillic «С» too


def read_table(
    data: bytes, *, file_format: str, encoding: str, delimiter: str, columns: dict[str, str], labels: dict[str, str]
) -> Table:
    """The rows of the mapped ``columns`` (field → header); ``Unreadable`` lists what makes the
    file unreadable: its format or encoding, a mapped header it lacks, no data rows.
    ``labels`` name the fields in messages."""
    if not data or not data.strip():
        raise Unreadable([Problem("файл пуст")])
    is_zip = data[:4] == b"PK\x03\x04"
    if file_format == "xlsx":
        if not is_zip:
            raise Unreadable([Problem("файл не читается как XLSX, а у источника формат XLSX (Excel 2007 и новее)")])
        rows = _read_xlsx(data)
    else:
        if is_zip or b"\x00" in data[:4096]:
            raise Unreadable([Problem("файл не текстовый (XLSX?), а у источника формат CSV: выберите другой источник "
                                      "или исправьте формат в его настройках")])
        rows = _read_csv(data, encoding=encoding, delimiter=delimiter)
    return _table(rows, columns=columns, labels=labels, delimiter=delimiter if file_format != "xlsx" else "")


def _read_xlsx(data: bytes) -> list[list[Any]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        raise Unreadable([Problem("файл не читается как XLSX (Excel 2007 и новее)")]) from None
    try:
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def _read_csv(data: bytes, *, encoding: str, delimiter: str) -> list[list[str]]:
    codec = "utf-8-sig" if encoding == "utf-8" else encoding
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise Unreadable([Problem(
            f"неверная кодировка: байт 0x{data[exc.start]:02x} в позиции {exc.start} не читается как "
            f"{ENCODING_NAMES.get(encoding, encoding)} (кодировка в настройках источника)"
        )]) from None
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise Unreadable([Problem(f"CSV не читается: {exc}")]) from None


def _header_row(rows: list[list[Any]], wanted: set[str]) -> int | None:
    best, best_count = None, 0
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if all(cell_blank(v) for v in row):
            continue
        if best is None:
            best = index  # the first non-blank row, when no row has a mapped header
        count = len(wanted & {normalize_header(v) for v in row})
        if count > best_count:
            best, best_count = index, count
    return best


def _table(rows: list[list[Any]], *, columns: dict[str, str], labels: dict[str, str], delimiter: str) -> Table:
    wanted = {normalize_header(h) for h in columns.values()}
    index = _header_row(rows, wanted)
    if index is None:
        raise Unreadable([Problem("в файле нет ни одной строки")])
    header_cells = [str(v).strip() if not cell_blank(v) else "" for v in rows[index]]
    positions: dict[str, list[int]] = {}
    for position, header in enumerate(header_cells):
        positions.setdefault(normalize_header(header), []).append(position)
    problems, found, where = [], {}, {}
    for field_name, header in columns.items():
        at = positions.get(normalize_header(header), [])
        if not at:
            problems.append(Problem(f"нет в файле (поле «{labels[field_name]}» по сопоставлению источника)", column=header))
        elif len(at) > 1:
            problems.append(Problem(f"повторяется в строке заголовков {index + 1}: какой из них брать — неясно",
                                    column=header))
        else:
            found[field_name], where[field_name] = header_cells[at[0]], at[0]
    if problems and delimiter and len([h for h in header_cells if h]) == 1:
        problems.append(Problem(
            f"в строке заголовков {index + 1} один столбец: проверьте разделитель (в настройках источника «{delimiter}»)"
        ))
    if problems:
        raise Unreadable(problems)
    table = Table(headers=found)
    for number, values in enumerate(rows[index + 1:], start=index + 2):
        if all(cell_blank(v) for v in values):
            continue
        table.rows.append(RawRow(
            number=number, cells={f: values[i] if i < len(values) else None for f, i in where.items()},
        ))
    if not table.rows:
        raise Unreadable([Problem("в файле нет ни одной строки данных под заголовками")])
    return table
