"""From raw cells to the values services take, with every problem of every row.

This step converts each cell by its column's kind (numbers with a comma or a point, dates
ДД.ММ.ГГГГ, choices by their Russian names, да/нет), checks that required cells are filled,
that no row repeats another's key and that each reference leads somewhere: an object's
consumer (ИНН+КПП or абонентский номер), a load's object, a contract's consumer and objects
— on their own sheet of the file or in the register — and the reference data (участок сети,
тарифная группа). What a model knows about itself (check digits, dates in order, sums of
advances) is checked by the services' ``full_clean`` in the writing step.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Q

from core import identifiers
from core.imports import CellError, cell_blank, cell_decimal, cell_shown
from documents.formatting import person_full, split_person_name

from ..models import Consumer, HeatedObject, NetworkSection, TariffGroup
from . import layout
from .layout import Column, Sheet
from .parsing import RawSheet
from .problems import Problem

REQUIRED = "не заполнено (обязательное поле)"
NOT_FOUND_IN = "не найден ни на листе «{sheet}», ни в реестре"


@dataclass
class Record:
    """One row of the file as a service will take it."""

    sheet: Sheet
    row: int
    values: dict[str, Any]  # field → value, only for the columns the file has
    shown: dict[str, str]  # field → the cell as the user sees it, for the report
    failed: bool = False
    key: tuple | None = None

    def problem(self, field_name: str | None, message: str, *, value: str | None = None) -> Problem:
        header = self.sheet.header_of(field_name) if field_name else None
        shown = self.shown.get(field_name, "") if value is None else value
        return Problem(message, sheet=self.sheet.title, row=self.row, column=header or "", value=shown if header else "")


@dataclass
class Plan:
    """Every row of the file, converted; ``problems`` of all of them."""

    records: dict[str, list[Record]] = field(default_factory=lambda: {s.kind: [] for s in layout.SHEETS})
    present: dict[str, set[str]] = field(default_factory=dict)  # kind → fields with a column
    problems: list[Problem] = field(default_factory=list)

    def fail(self, record: Record, field_name: str | None, message: str, *, value: str | None = None) -> None:
        record.failed = True
        self.problems.append(record.problem(field_name, message, value=value))


def build_plan(sheets: list[RawSheet]) -> Plan:
    plan = Plan()
    for raw in sheets:
        plan.present[raw.sheet.kind] = {c.field for c in raw.columns}
        for row in raw.rows:  # a stream: only the converted records are kept
            plan.records[raw.sheet.kind].append(_convert_row(raw.sheet, row.number, row.cells, plan))
    if not any(plan.records.values()):
        plan.problems.append(Problem("в файле нет ни одной строки данных"))
        return plan
    _check_keys(plan)
    _check_references(plan)
    _close_loads_in_file(plan)
    return plan


# --- cells -----------------------------------------------------------------------------------


def _identifier(value: Any, column: Column) -> str:
    if isinstance(value, bool):
        raise CellError("ожидаются цифры")
    if isinstance(value, (int, float)):
        # a number cell lost its leading zeros: give them back up to the shortest fitting length
        digits = cell_shown(value)
        fitting = [n for n in column.digits if n >= len(digits)]
        return digits.zfill(fitting[0]) if fitting else digits
    return re.sub(r"\s", "", str(value))


def _decimal(value: Any, column: Column) -> Decimal:
    return cell_decimal(value, "ожидается число, например 0,125")


def _integer(value: Any, column: Column) -> int:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).strip()
    if not re.fullmatch(r"-?\d+", text):
        raise CellError("ожидается целое число")
    return int(text)


DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y")


def _date(value: Any, column: Column) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    raise CellError("неверная дата: ожидается ДД.ММ.ГГГГ")


TRUE = {"да", "д", "1", "true", "истина", "yes", "+"}
FALSE = {"нет", "н", "0", "false", "ложь", "no", "-"}


def _bool(value: Any, column: Column) -> bool:
    if isinstance(value, bool):
        return value
    text = cell_shown(value).lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise CellError("ожидается «да» или «нет»")


def _choice(value: Any, column: Column) -> str:
    found = column.choices.get(layout.normalize_header(cell_shown(value)))
    if found is None:
        raise CellError(f"недопустимое значение; допустимо: {column.help}" if column.help else "недопустимое значение")
    return found


def _codes(value: Any, column: Column) -> list[str]:
    return [code.strip() for code in re.split(r"[,;\n]", cell_shown(value)) if code.strip()]


def _text(value: Any, column: Column) -> str:
    return cell_shown(value)


CONVERTERS = {
    layout.TEXT: _text, layout.REFERENCE: _text, layout.IDENTIFIER: _identifier, layout.DECIMAL: _decimal,
    layout.INTEGER: _integer, layout.DATE: _date, layout.BOOL: _bool, layout.CHOICE: _choice, layout.CODES: _codes,
}
EMPTY = {layout.DATE: None, layout.DECIMAL: None, layout.INTEGER: None, layout.CODES: [], layout.REFERENCE: None}


def _convert_row(sheet: Sheet, number: int, cells: dict[Column, Any], plan: Plan) -> Record:
    record = Record(sheet=sheet, row=number, values={}, shown={})
    keep = layout.KEEP_WHEN_EMPTY[sheet.kind]
    for column, value in cells.items():
        record.shown[column.field] = cell_shown(value) if column.kind != layout.IDENTIFIER or cell_blank(value) \
            else _identifier(value, column)
        if cell_blank(value):
            if column.required:
                plan.fail(record, column.field, REQUIRED)
            elif column.field not in keep:
                record.values[column.field] = EMPTY.get(column.kind, "")
            continue
        try:
            record.values[column.field] = CONVERTERS[column.kind](value, column)
        except CellError as exc:
            plan.fail(record, column.field, str(exc))
    if sheet.kind == "consumers":
        _shape_consumer(record, plan)
    return record


SIGNATORY_PARTS = ("signatory_last_name", "signatory_first_name", "signatory_middle_name")


def _shape_consumer(record: Record, plan: Plan) -> None:
    """As the consumer form does: a citizen's name from the full name; СНИЛС in print form; the
    signer's one-line «Подписант» (the file's single ФИО column) into surname, name, patronymic."""
    values = record.values
    if values.get("snils"):
        values["snils"] = identifiers.format_snils(values["snils"])
    if values.get("kind") == Consumer.Kind.CITIZEN and not values.get("name"):
        full_name = person_full(*(values.get(f, "") for f in ("last_name", "first_name", "middle_name")))
        if full_name:
            values["name"] = full_name
    if "signatory_name" in values:
        written = values.pop("signatory_name") or ""
        parts = split_person_name(written) if written else ("", "", "")
        if parts is None:
            plan.fail(record, "signatory_name", "укажите фамилию, имя и отчество полностью, фамилию первой "
                      "(например: Петров Сергей Николаевич)", value=written)
        else:
            values.update(zip(SIGNATORY_PARTS, parts, strict=True))


# --- keys and references ---------------------------------------------------------------------


def consumer_key(inn: str, kpp: str, code: str) -> tuple | None:
    """How a consumer is found: by ИНН+КПП when there is an ИНН, else by абонентский номер."""
    if inn:
        return ("inn", inn, kpp or "")
    if code:
        return ("code", code)
    return None


def _key(record: Record) -> tuple | None:
    v = record.values
    kind = record.sheet.kind
    if kind == "consumers":
        return consumer_key(v.get("inn", ""), v.get("kpp", ""), v.get("code", ""))
    if kind == "objects":
        return ("object", v.get("code"))
    if kind == "loads":
        return ("load", v.get("heated_object"), v.get("valid_from"))
    return ("contract", v.get("number"))


KEY_FIELDS = {"consumers": "inn", "objects": "code", "loads": "valid_from", "contracts": "number"}


def _check_keys(plan: Plan) -> None:
    for kind, records in plan.records.items():
        first: dict[tuple, Record] = {}
        codes: dict[str, Record] = {}
        for record in records:
            record.key = _key(record)
            if kind == "consumers" and record.key is None and not record.failed:
                plan.fail(record, "inn", "укажите ИНН или абонентский номер: иначе абонента не найти при повторной загрузке")
                continue
            if record.key is None or None in record.key:
                continue
            if record.key in first:
                plan.fail(record, KEY_FIELDS[kind], f"повторяет строку {first[record.key].row}")
                continue
            first[record.key] = record
            code = record.values.get("code") if kind == "consumers" else None
            if code and code in codes:
                plan.fail(record, "code", f"повторяет строку {codes[code].row}")
            elif code:
                codes[code] = record


class _Consumers:
    """Consumers by key: those of the file and those of the register."""

    def __init__(self, records: list[Record]):
        self.in_file: dict[tuple, Record] = {}
        for record in records:
            if record.key:
                self.in_file[record.key] = record
                if record.values.get("code"):
                    self.in_file[("code", record.values["code"])] = record

    def exists(self, key: tuple) -> bool:
        if key in self.in_file:
            return True
        if key[0] == "inn":
            return Consumer.objects.filter(inn=key[1], kpp=key[2]).exists()
        return Consumer.objects.filter(code=key[1]).exists()


def _reference_data(model, text: str):
    return model.objects.filter(Q(code__iexact=text) | Q(name__iexact=text)).order_by("pk").first()


def _check_references(plan: Plan) -> None:
    consumers = _Consumers(plan.records["consumers"])
    objects_in_file = {r.values.get("code") for r in plan.records["objects"] if r.values.get("code")}
    wanted_objects = {
        code
        for r in plan.records["loads"] if r.values.get("heated_object")
        for code in [r.values["heated_object"]]
    } | {code for r in plan.records["contracts"] for code in r.values.get("objects_covered", [])}
    in_register = set(
        HeatedObject.objects.filter(code__in=wanted_objects - objects_in_file).values_list("code", flat=True)
    )
    known_objects = objects_in_file | in_register

    for kind in ("objects", "contracts"):
        for record in plan.records[kind]:
            v = record.values
            key = consumer_key(v.get("consumer_inn", ""), v.get("consumer_kpp", ""), v.get("consumer_code", ""))
            if key is None:
                plan.fail(record, "consumer_inn" if "consumer_inn" in record.shown else "consumer_code",
                          "укажите ИНН (и КПП) абонента или абонентский номер")
            elif not consumers.exists(key):
                field_name = "consumer_inn" if key[0] == "inn" else "consumer_code"
                shown = f"{key[1]} КПП {key[2]}" if key[0] == "inn" and key[2] else key[1]
                plan.fail(record, field_name, "абонент " + NOT_FOUND_IN.format(sheet="Абоненты"), value=shown)
            else:
                v["consumer_key"] = key
            for code in v.get("objects_covered", []):
                if code not in known_objects:
                    plan.fail(record, "objects_covered", "объект " + NOT_FOUND_IN.format(sheet="Объекты"), value=code)

    for record in plan.records["loads"]:
        code = record.values.get("heated_object")
        if code and code not in known_objects:
            plan.fail(record, "heated_object", "объект " + NOT_FOUND_IN.format(sheet="Объекты"))

    for kind, field_name, model, what in (
        ("objects", "network_section", NetworkSection, "участок сети"),
        ("contracts", "tariff_group", TariffGroup, "тарифная группа"),
    ):
        for record in plan.records[kind]:
            text = record.values.get(field_name)
            if not text:
                continue
            found = _reference_data(model, text)
            if found is None:
                plan.fail(record, field_name, f"{what} не найден(а) в справочнике (укажите код или наименование)")
            else:
                record.values[field_name] = found


def _close_loads_in_file(plan: Plan) -> None:
    """A load without «Действует по» followed by a later load of the same object in the file
    ends the day before that one starts (as the register does when a new load is entered)."""
    by_object: dict[str, list[Record]] = defaultdict(list)
    for record in plan.records["loads"]:
        if not record.failed and record.values.get("valid_from"):
            by_object[record.values["heated_object"]].append(record)
    for records in by_object.values():
        records.sort(key=lambda r: r.values["valid_from"])
        for current, following in zip(records, records[1:], strict=False):
            if current.values.get("valid_to") is None:
                current.values["valid_to"] = following.values["valid_from"] - timedelta(days=1)
