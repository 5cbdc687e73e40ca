"""From raw cells to the readings to record, with every problem of every row.

The source's mapping is checked first (required fields, a measure that fits each field, no
header mapped twice). Then each row: the unit by the source's key (its number, or the serial
number of the heat calculator installed on it in that month), the period by the source's
format (a date cell of a workbook is taken as is: its month), the numbers (a comma or a
point, spaces between thousands) converted to our units and rounded (see ``mapping``); a
month that has not begun is refused by ``reading_record``'s own rule.
Last, across rows: a unit and month twice in the file, or already in the register (a
rejected reading may be replaced). What a reading knows about itself (no negative volumes,
hours within the month) is checked by ``reading_record``'s ``full_clean`` when writing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from core.imports import CellError, cell_blank, cell_decimal, cell_shown
from metering.models import (
    Device,
    DeviceKind,
    MeteringUnit,
    Reading,
    ReadingColumn,
    ReadingImportSource,
    ReadingStatus,
)
from metering.selectors import month_end, units_by_number
from metering.services.readings import future_period_problem

from . import mapping
from .parsing import RawRow, Table
from .problems import Problem

REQUIRED = "не заполнено"
NOT_A_NUMBER = "не число"
LABELS = dict(ReadingColumn.Field.choices)


@dataclass(frozen=True)
class Mapping:
    """A source's saved mapping: field → header, field → measure in the file."""

    columns: dict[str, str]
    measures: dict[str, str]

    @classmethod
    def of(cls, source: ReadingImportSource) -> Mapping:
        lines = list(source.columns.all())
        return cls(columns={c.field: c.column for c in lines}, measures={c.field: c.measure for c in lines})

    def problems(self) -> list[Problem]:
        found = []
        for field_name in mapping.REQUIRED_FIELDS:
            if not self.columns.get(field_name, "").strip():
                found.append(Problem(f"в сопоставлении источника нет поля «{LABELS[field_name]}»: укажите его столбец"))
        seen: dict[str, str] = {}
        for field_name, header in self.columns.items():
            why = mapping.measure_problem(field_name, self.measures.get(field_name, ""))
            if why:
                found.append(Problem(f"поле «{LABELS[field_name]}»: {why}", column=header))
            key = header.strip().lower()
            if key in seen:
                found.append(Problem(
                    f"сопоставлен и полю «{LABELS[seen[key]]}», и полю «{LABELS[field_name]}»", column=header
                ))
            seen.setdefault(key, field_name)
        return found


@dataclass
class Planned:
    """One row of the file as ``reading_record`` will take it."""

    row: int
    shown: dict[str, str]  # field → the cell as the file shows it
    unit: MeteringUnit | None = None
    period: date | None = None
    values: dict[str, Decimal | None] = field(default_factory=dict)
    failed: bool = False


@dataclass
class Plan:
    headers: dict[str, str]
    rows: list[Planned] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def fail(self, planned: Planned, field_name: str | None, message: str, *, value: str | None = None) -> None:
        planned.failed = True
        header = self.headers.get(field_name, "") if field_name else ""
        shown = planned.shown.get(field_name, "") if value is None else value
        self.problems.append(Problem(message, row=planned.row, column=header, value=shown))

    @property
    def good(self) -> list[Planned]:
        return [p for p in self.rows if not p.failed]


def build_plan(source: ReadingImportSource, table: Table, measures: dict[str, str]) -> Plan:
    plan = Plan(headers=table.headers)
    for raw in table.rows:  # a stream: only the converted rows are kept
        plan.rows.append(_convert_row(source, raw, measures, plan))
    _find_units(source, plan)
    _check_duplicates(plan)
    _check_register(plan)
    plan.rows.sort(key=lambda p: (p.period or date.min, p.unit.number if p.unit else "", p.row))
    return plan


# --- cells -----------------------------------------------------------------------------------


def number(value: Any) -> Decimal:
    """A cell as a number: a workbook's number, or text with a comma or a point."""
    return cell_decimal(value, NOT_A_NUMBER)


def period_example(period_format: str) -> str:
    return date(2026, 3, 1).strftime(period_format)


def period(value: Any, period_format: str) -> date:
    """The first day of the month the cell names."""
    if isinstance(value, (datetime, date)):
        return date(value.year, value.month, 1)
    try:
        parsed = datetime.strptime(cell_shown(value), period_format)  # noqa: DTZ007 - a calendar month, no time
    except ValueError:
        raise CellError(f"неверный период: ожидается как {period_example(period_format)} ({period_format})") from None
    return date(parsed.year, parsed.month, 1)


def _places(field_name: str) -> int:
    return Reading._meta.get_field(field_name).decimal_places


def _convert_row(source: ReadingImportSource, raw: RawRow, measures: dict[str, str], plan: Plan) -> Planned:
    planned = Planned(row=raw.number, shown={f: cell_shown(v) for f, v in raw.cells.items()})
    for field_name, value in raw.cells.items():
        if cell_blank(value):
            if field_name in mapping.REQUIRED_FIELDS:
                plan.fail(planned, field_name, REQUIRED)
            elif field_name in mapping.VALUE_FIELDS:
                planned.values[field_name] = Decimal("0") if field_name == "error_hours" else None
            continue
        try:
            if field_name == mapping.PERIOD:
                planned.period = period(value, source.period_format)
            elif field_name in mapping.VALUE_FIELDS:
                planned.values[field_name] = mapping.convert(
                    number(value), field=field_name, measure=measures.get(field_name, ""), places=_places(field_name)
                )
        except CellError as exc:
            plan.fail(planned, field_name, str(exc))
    if planned.period is not None:
        problem = future_period_problem(planned.period)  # reading_record's rule, reported with the row's others
        if problem:
            plan.fail(planned, mapping.PERIOD, problem)
    return planned


# --- units, duplicates, the register -----------------------------------------------------


def _find_units(source: ReadingImportSource, plan: Plan) -> None:
    keys = {p.shown[mapping.UNIT] for p in plan.rows if p.shown.get(mapping.UNIT)}
    if source.unit_key == ReadingImportSource.UnitKey.CALCULATOR_SERIAL:
        _units_by_calculator(keys, plan)
        return
    units = units_by_number(keys)  # letter case ignored, as the entry form does
    for planned in plan.rows:
        key = planned.shown.get(mapping.UNIT)
        if not key:
            continue
        planned.unit = units.get(key.casefold())
        if planned.unit is None:
            plan.fail(planned, mapping.UNIT, "узел учета с таким номером не найден")


def _units_by_calculator(serials: set[str], plan: Plan) -> None:
    calculators = defaultdict(list)
    for device in Device.objects.filter(
        device_model__kind=DeviceKind.HEAT_CALCULATOR, serial_number__in=serials, unit__isnull=False,
    ).select_related("unit", "device_model"):
        calculators[device.serial_number].append(device)
    for planned in plan.rows:
        serial = planned.shown.get(mapping.UNIT)
        if not serial:
            continue
        found = calculators.get(serial, [])
        if not found:
            plan.fail(planned, mapping.UNIT, "тепловычислитель с таким заводским № не найден ни на одном узле учета")
            continue
        if planned.period is None:
            planned.failed = True  # its period is reported; the unit cannot be told without it
            continue
        end = month_end(planned.period)
        installed = {
            d.unit for d in found
            if d.installed_on and d.installed_on <= end and (d.removed_on is None or d.removed_on > planned.period)
        }
        if len(installed) == 1:
            planned.unit = installed.pop()
        elif not installed:
            plan.fail(planned, mapping.UNIT, f"тепловычислитель не был установлен на узел учета в {planned.period:%m.%Y}")
        else:
            names = ", ".join(sorted(u.number for u in installed))
            plan.fail(planned, mapping.UNIT, f"тепловычислители с таким заводским № стоят на нескольких узлах: {names}")


def _check_duplicates(plan: Plan) -> None:
    first: dict[tuple, Planned] = {}
    for planned in plan.rows:
        if planned.unit is None or planned.period is None:
            continue
        key = (planned.unit.pk, planned.period)
        if key in first:
            plan.fail(planned, mapping.UNIT,
                      f"показания узла {planned.unit.number} за {planned.period:%m.%Y} уже есть в строке {first[key].row}")
        else:
            first[key] = planned


def _check_register(plan: Plan) -> None:
    """A month of a unit that already has a reading that is not rejected (as ``reading_record`` refuses it)."""
    wanted = [p for p in plan.rows if p.unit is not None and p.period is not None and not p.failed]
    if not wanted:
        return
    existing = {
        (r.unit_id, r.period): r
        for r in Reading.objects.filter(
            unit__in={p.unit.pk for p in wanted}, period__in={p.period for p in wanted}
        ).exclude(status=ReadingStatus.REJECTED)
    }
    for planned in wanted:
        found = existing.get((planned.unit.pk, planned.period))
        if found is not None:
            plan.fail(planned, mapping.PERIOD,
                      f"показания узла {planned.unit.number} за этот месяц уже внесены "
                      f"({found.get_status_display().lower()})")
