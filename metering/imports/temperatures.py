"""The import of daily mean outdoor temperatures from a file: parse → check every row → write
all or nothing through ``metering.services.weather.outdoor_temperatures_save``.

The file: CSV (UTF-8 with or without BOM, or Windows-1251, recognised by its bytes; «;», tab
or «,» between columns, recognised by the header line) or XLSX (the first sheet). Columns
«Дата» (ДД.ММ.ГГГГ or a date cell) and «Температура, °C» (a comma or a point; «−» too);
optional «Станция» (the station's index or name). The header row is found among the first 20
rows, as for readings. A row's station is its «Станция» cell, else the station chosen on the
page (or ``--station``); a cell naming another station than the chosen one is refused.

Every row is checked first: the date (a day that has not come is refused), the temperature
(a number from −60 to +45 °C, rounded half-up to 0.1 °C), the station, the same station and
day twice in the file. Any problem → ``ImportRefused`` listing all of them, nothing written.
A day the database already holds is **replaced** (the service keeps the old value in the
row's history); the result lists those days with the old and the new value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import PurePath
from typing import IO, Any

from django.db import transaction
from django.utils import timezone

from audit.services import record_event
from core.imports import (
    CellError,
    ImportRefused,
    cell_blank,
    cell_decimal,
    cell_shown,
    file_head,
    file_is_blank,
    file_sha256,
    first_lines,
    import_stream,
    quoted,
    text_encoding,
)
from core.permissions import require
from metering.models import OutdoorTemperature, WeatherStation
from metering.services.weather import outdoor_temperatures_save

from .parsing import (
    HEADER_SEARCH_ROWS,
    RawRow,
    Table,
    Unreadable,
    csv_file_rows,
    data_rows,
    header_row,
    normalize_header,
    xlsx_rows,
)
from .problems import Problem

IMPORT_PERMISSIONS = ("metering.add_outdoortemperature", "metering.change_outdoortemperature")

DATE, TEMPERATURE, STATION = "date", "temperature", "station"
HEADERS = {DATE: "Дата", TEMPERATURE: "Температура, °C", STATION: "Станция"}
REQUIRED_COLUMNS = (DATE, TEMPERATURE)

LOWEST, HIGHEST = Decimal("-60"), Decimal("45")
TENTH = Decimal("0.1")
DATE_RE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")
MINUSES = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "-"})

NOT_A_DATE = "не дата: нужна дата ДД.ММ.ГГГГ"
NOT_A_NUMBER = "не число"
OUT_OF_RANGE = "вне допустимого диапазона от −60 до +45 °C"
EMPTY_DATE = "пусто: нужна дата"
EMPTY_TEMPERATURE = "пусто: нужна температура"
NO_STATION = "станция не указана: выберите станцию для загрузки или заполните столбец «Станция»"


@dataclass(frozen=True)
class ChangedDay:
    """A day the database held with another value: replaced (the history keeps the old one)."""

    row: int
    station: str
    day: date
    old: Decimal
    new: Decimal


@dataclass
class TemperatureImportResult:
    filename: str
    sha256: str
    first_day: date
    last_day: date
    stations: list[str]
    added: int = 0
    same: int = 0
    changed: list[ChangedDay] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return self.added + self.same + len(self.changed)

    def summary(self) -> str:
        return (
            f"Файл {self.filename} загружен: дней {self.rows} ({self.first_day:%d.%m.%Y}–{self.last_day:%d.%m.%Y}), "
            f"добавлено {self.added}, исправлено {len(self.changed)}, без изменений {self.same}"
        )

    def as_data(self) -> dict:
        return {
            "filename": self.filename, "sha256": self.sha256, "stations": self.stations,
            "from": self.first_day, "to": self.last_day,
            "added": self.added, "changed": len(self.changed), "same": self.same,
        }


@dataclass(frozen=True)
class _Day:
    row: int
    station: WeatherStation
    day: date
    value: Decimal


def temperatures_import(*, data: bytes | IO[bytes], filename: str, station: WeatherStation | None = None, actor=None,
                        today: date | None = None) -> TemperatureImportResult:
    """Import a file of daily means. ``station`` — for the rows that do not name one;
    ``actor`` needs add and change permissions on outdoor temperatures (None from the command
    line: trusted). Raises ``ImportRefused`` with every problem (nothing written) or
    a permission refusal (``core.permissions.require``)."""
    require(actor, IMPORT_PERMISSIONS, system=True)
    filename = PurePath(filename.replace("\\", "/")).name or "файл"
    try:
        with read_temperature_table(data) as table:
            days, problems = check_rows(table, station=station, today=today or timezone.localdate())
    except Unreadable as exc:
        raise ImportRefused(exc.problems) from None
    if problems:
        raise ImportRefused(problems)
    result = TemperatureImportResult(
        filename=filename, sha256=file_sha256(import_stream(data)),
        first_day=min(d.day for d in days), last_day=max(d.day for d in days),
        stations=sorted({str(d.station) for d in days}),
    )
    by_station: dict[WeatherStation, list[_Day]] = {}
    for day in days:
        by_station.setdefault(day.station, []).append(day)
    with transaction.atomic():
        for each, rows in sorted(by_station.items(), key=lambda item: item[0].code):
            known = dict(OutdoorTemperature.objects.filter(
                station=each, date__in=[d.day for d in rows]).values_list("date", "mean_temperature"))
            counts = outdoor_temperatures_save(station=each, temperatures={d.day: d.value for d in rows}, actor=actor)
            result.added += counts["added"]
            result.same += counts["same"]
            result.changed += [
                ChangedDay(row=d.row, station=str(each), day=d.day, old=known[d.day], new=d.value)
                for d in rows if d.day in known and known[d.day] != d.value
            ]
        result.changed.sort(key=lambda c: c.row)
        record_event(action="outdoor_temperatures.imported", actor=actor, data=result.as_data())
    return result


# ---------------------------------------------------------------- the file

@contextmanager
def read_temperature_table(data: bytes | IO[bytes]) -> Iterator[Table]:
    """The rows of the file's «Дата», «Температура, °C» and (when present) «Станция» columns,
    streamed while the block runs."""
    stream = import_stream(data)
    head = file_head(stream)
    if not head.strip() and file_is_blank(stream):
        raise Unreadable([Problem("файл пуст")])
    if head[:4] == b"PK\x03\x04":
        with xlsx_rows(stream) as rows:
            yield _table(rows)
        return
    if b"\x00" in head:
        raise Unreadable([Problem("файл не читается: нужен CSV или XLSX (Excel 2007 и новее)")])
    codec = text_encoding(stream, ("utf-8", "cp1251"))
    delimiter = _delimiter(first_lines(stream, codec, HEADER_SEARCH_ROWS))
    yield _table(csv_file_rows(stream, codec=codec, delimiter=delimiter))


def _delimiter(lines: list[str]) -> str:
    """«;», tab or «,» — the first of them found in the header line (the «,» of
    «Температура, °C» counts only when nothing else separates the columns)."""
    lines = [line for line in lines if line.strip()]
    header = next((line for line in lines if "дата" in line.casefold()), lines[0] if lines else "")
    return next((d for d in (";", "\t", ",") if d in header), ";")


def _table(rows: Iterator[Any]) -> Table:
    index, header_cells, rest = header_row(rows, {normalize_header(h) for h in HEADERS.values()})
    if index is None:
        raise Unreadable([Problem("в файле нет ни одной строки")])
    positions: dict[str, list[int]] = {}
    for position, header in enumerate(header_cells):
        positions.setdefault(normalize_header(header), []).append(position)
    problems, where = [], {}
    for name, header in HEADERS.items():
        at = positions.get(normalize_header(header), [])
        if len(at) > 1:
            problems.append(Problem(f"повторяется в строке заголовков {index + 1}", column=header))
        elif at:
            where[name] = at[0]
        elif name in REQUIRED_COLUMNS:
            found = ", ".join(quoted(h) for h in header_cells[:10] if h) or "ничего"
            more = ", …" if len([h for h in header_cells if h]) > 10 else ""
            problems.append(Problem(f"нет в файле (в строке заголовков {index + 1}: {found}{more})", column=header))
    if problems:
        raise Unreadable(problems)
    return Table(headers={name: header_cells[at] for name, at in where.items()},
                 rows=data_rows(rest, where, first=index + 2, width=len(header_cells)))


# ---------------------------------------------------------------- the rows

def check_rows(table: Table, *, station: WeatherStation | None, today: date) -> tuple[list[_Day], list[Problem]]:
    """Every row as a station's day and value, and every problem of every row."""
    if station is None and STATION not in table.headers:
        return [], [Problem(NO_STATION)]
    stations = _station_index() if STATION in table.headers else {}
    days, problems, seen = [], [], {}
    for raw in table.rows:
        found: list[Problem] = []

        def problem(name: str, message: str, *, raw: RawRow = raw, found: list[Problem] = found) -> None:
            found.append(Problem(message, row=raw.number, column=table.headers.get(name, HEADERS[name]),
                                 value=cell_shown(raw.cells.get(name))))

        day = _day(raw.cells.get(DATE), problem, today)
        value = _temperature(raw.cells.get(TEMPERATURE), problem)
        row_station = _station(raw.cells.get(STATION), stations, station, problem)
        if not found:
            key = (row_station.pk, day)
            if key in seen:
                problem(DATE, f"день {day:%d.%m.%Y} станции {row_station.code} уже есть в строке {seen[key]}")
            else:
                seen[key] = raw.number
                days.append(_Day(row=raw.number, station=row_station, day=day, value=value))
        problems += found
    return days, problems


def _day(cell: Any, problem, today: date) -> date | None:
    if cell_blank(cell):
        problem(DATE, EMPTY_DATE)
        return None
    if isinstance(cell, datetime):
        day = cell.date()
    elif isinstance(cell, date):
        day = cell
    else:
        match = DATE_RE.match(str(cell))
        try:
            day = date(int(match.group(3)), int(match.group(2)), int(match.group(1))) if match else None
        except ValueError:
            day = None
        if day is None:
            problem(DATE, NOT_A_DATE)
            return None
    if day > today:
        problem(DATE, f"день еще не наступил (сегодня {today:%d.%m.%Y})")
        return None
    return day


def _temperature(cell: Any, problem) -> Decimal | None:
    if cell_blank(cell):
        problem(TEMPERATURE, EMPTY_TEMPERATURE)
        return None
    try:
        value = cell_decimal(cell.translate(MINUSES) if isinstance(cell, str) else cell, NOT_A_NUMBER)
    except CellError as exc:
        problem(TEMPERATURE, str(exc))
        return None
    if not LOWEST <= value <= HIGHEST:
        problem(TEMPERATURE, OUT_OF_RANGE)
        return None
    return value.quantize(TENTH, rounding=ROUND_HALF_UP) + 0  # + 0: no «-0.0»


def _station_index() -> dict[str, WeatherStation]:
    index = {}
    for each in WeatherStation.objects.all():
        index[each.name.strip().casefold()] = each
        index[each.code.strip().casefold()] = each
        index[str(each).casefold()] = each
    return index


def _station(cell: Any, stations: dict, chosen: WeatherStation | None, problem) -> WeatherStation | None:
    if cell_blank(cell):
        if chosen is None:
            problem(STATION, NO_STATION)
        return chosen
    found = stations.get(cell_shown(cell).casefold())
    if found is None:
        problem(STATION, "станция не найдена (укажите индекс или наименование станции)")
        return None
    if chosen is not None and found != chosen:
        problem(STATION, f"в файле другая станция, чем выбрана: {chosen}")
        return None
    return found
