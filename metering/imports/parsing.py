"""Reading an uploaded file into raw rows of the mapped columns (no meaning yet, only cells).

The source says the format: CSV in its encoding (UTF-8 with or without BOM, or
windows-1251) with its delimiter, or XLSX (the first sheet). The header row is the first of
the file's first 20 rows that holds the most mapped headers (exports often start with a title
block); headers match regardless of letter case, «ё», spaces and м3/м³. Rows are numbered as
the spreadsheet shows them; blank rows are skipped.

The file's limits (size, unpacked size, rows, DTD and entities, every byte in its encoding)
are checked first by ``core.imports``; the rows are then a stream, read one at a time while
the file is open (``read_table`` is a context manager).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

from core.imports import (
    XLSX_UNREADABLE,
    ImportRefused,
    cell_blank,
    check_csv_rows,
    csv_rows,
    file_head,
    file_is_blank,
    import_stream,
    open_workbook,
    text_encoding,
    worksheet_rows,
)

from .problems import Problem

HEADER_SEARCH_ROWS = 20
NO_DATA_ROWS = "в файле нет ни одной строки данных под заголовками"


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
    rows: Iterator[RawRow]  # a stream: read once, while the file is open


def normalize_header(text: Any) -> str:
    text = str(text or "").replace("ё", "е").replace("Ё", "Е").replace("\u00a0", " ")
    text = re.sub(r"\s+", " ", text).strip().lower()
    return text.replace("м3", "м³").replace("м2", "м²").replace("°с", "°c")  # a Cyrillic «С» too


@contextmanager
def read_table(
    data: bytes | IO[bytes], *, file_format: str, encoding: str, delimiter: str, columns: dict[str, str],
    labels: dict[str, str],
) -> Iterator[Table]:
    """The rows of the mapped ``columns`` (field → header); ``Unreadable`` lists what makes the
    file unreadable: its format or encoding, a mapped header it lacks, no data rows.
    ``labels`` name the fields in messages."""
    stream = import_stream(data)
    head = file_head(stream)
    if not head.strip() and file_is_blank(stream):
        raise Unreadable([Problem("файл пуст")])
    is_zip = head[:4] == b"PK\x03\x04"
    if file_format == "xlsx":
        if not is_zip:
            raise Unreadable([Problem("файл не читается как XLSX, а у источника формат XLSX (Excel 2007 и новее)")])
        with xlsx_rows(stream) as rows:
            yield _table(rows, columns=columns, labels=labels, delimiter="")
        return
    if is_zip or b"\x00" in head:
        raise Unreadable([Problem("файл не текстовый (XLSX?), а у источника формат CSV: выберите другой источник "
                                  "или исправьте формат в его настройках")])
    codec = text_encoding(stream, (encoding,), hint="кодировка в настройках источника")
    yield _table(csv_file_rows(stream, codec=codec, delimiter=delimiter), columns=columns, labels=labels,
                 delimiter=delimiter)


@contextmanager
def xlsx_rows(stream: IO[bytes]) -> Iterator[Iterator[tuple]]:
    """The first sheet's rows while the workbook is open."""
    workbook = open_workbook(stream, unreadable=XLSX_UNREADABLE)
    try:
        if not workbook.worksheets:
            raise Unreadable([Problem(XLSX_UNREADABLE)])
        yield worksheet_rows(workbook.worksheets[0], unreadable=XLSX_UNREADABLE)
    finally:
        workbook.close()


def csv_file_rows(stream: IO[bytes], *, codec: str, delimiter: str) -> Iterator[list[str]]:
    check_csv_rows(stream, codec=codec, delimiter=delimiter)
    return csv_rows(stream, codec=codec, delimiter=delimiter)


def header_row(rows: Iterator[Any], wanted: set[str]) -> tuple[int | None, list[Any], Iterator[Any]]:
    """Among the first ``HEADER_SEARCH_ROWS`` rows, the index of the one holding the most
    ``wanted`` headers (else the first non-blank), its cells, and the rows after it."""
    first = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
    best, best_count = None, 0
    for index, row in enumerate(first):
        if all(cell_blank(v) for v in row):
            continue
        if best is None:
            best = index  # the first non-blank row, when no row has a mapped header
        count = len(wanted & {normalize_header(v) for v in row})
        if count > best_count:
            best, best_count = index, count
    if best is None:
        return None, [], iter(())
    header = [str(v).strip() if not cell_blank(v) else "" for v in first[best]]
    while header and not header[-1]:
        header.pop()
    return best, header, itertools.chain(first[best + 1:], rows)


def data_rows(rows: Iterator[Any], where: dict[str, int], *, first: int, width: int) -> Iterator[RawRow]:
    """The non-blank rows after the header as cells of the fields at ``where``; a file with
    none is refused when the stream ends."""
    found = False
    for number, values in enumerate(rows, start=first):
        values = values[:width]
        if all(cell_blank(v) for v in values):
            continue
        found = True
        yield RawRow(number=number, cells={f: values[i] if i < len(values) else None for f, i in where.items()})
    if not found:
        raise ImportRefused([Problem(NO_DATA_ROWS)])


def _table(rows: Iterator[Any], *, columns: dict[str, str], labels: dict[str, str], delimiter: str) -> Table:
    wanted = {normalize_header(h) for h in columns.values()}
    index, header_cells, rest = header_row(rows, wanted)
    if index is None:
        raise Unreadable([Problem("в файле нет ни одной строки")])
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
    return Table(headers=found, rows=data_rows(rest, where, first=index + 2, width=len(header_cells)))
