"""Writing a plan through ``subscribers.services``: upsert row by row, collect what fails.

Consumers are found by ИНН+КПП (by абонентский номер when there is no ИНН), objects by
their code, loads by object and start date, contracts by number. A found row is updated
only when the file changes it (services write nothing for an unchanged row: no history
record, no audit event); a new one is created. Every row runs in its own savepoint so that
one refused row does not hide the others' problems; the caller rolls the whole transaction
back when any row failed. Rows that depend on a failed row (an object of a refused
consumer) are skipped without a second message: their cause is already reported.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from core.errors import ApplicationError
from core.permissions import is_refusal
from core.updates import pending_changes

from .. import services
from ..models import Consumer, Contract, HeatedObject, HeatLoad
from .layout import BY_KIND
from .problems import Counts, Problem
from .validation import Plan, Record


class _Skip(Exception):
    """The row depends on a row that failed: nothing to say about it."""


class Writer:
    def __init__(self, plan: Plan, *, actor):
        self.plan = plan
        self.actor = actor
        self.problems: list[Problem] = []
        self.counts: dict[str, Counts] = {}
        self.consumers: dict[tuple, Consumer] = {}
        self.failed_consumers: set[tuple] = set()
        self.failed_objects: set[str] = set()

    def write(self) -> tuple[dict[str, Counts], list[Problem]]:
        for kind, upsert in (
            ("consumers", self._consumer), ("objects", self._object),
            ("loads", self._load), ("contracts", self._contract),
        ):
            records = self.plan.records[kind]
            if kind not in self.plan.present:
                continue
            counts = self.counts.setdefault(BY_KIND[kind].title, Counts())
            if kind == "loads":
                records = sorted(
                    records, key=lambda r: (r.values.get("heated_object") or "", r.values.get("valid_from") or date.min)
                )
            for record in records:
                if record.failed:
                    self._remember_failure(record)
                    continue
                try:
                    with transaction.atomic():
                        outcome = upsert(record)
                except _Skip:
                    self._remember_failure(record)  # its cause is reported on the row it depends on
                    continue
                except (ValidationError, ApplicationError, DatabaseError) as exc:
                    self._remember_failure(record)
                    self.problems.extend(_problems_of(record, exc))
                    continue
                setattr(counts, outcome, getattr(counts, outcome) + 1)
        return self.counts, self.problems

    def _remember_failure(self, record: Record) -> None:
        kind, v = record.sheet.kind, record.values
        if kind == "consumers":
            if record.key:
                self.failed_consumers.add(record.key)
            if v.get("code"):
                self.failed_consumers.add(("code", v["code"]))
        elif kind == "objects" and v.get("code"):
            self.failed_objects.add(v["code"])

    # --- one row of each kind -----------------------------------------------------------------

    def _save(self, existing, fields: dict[str, Any], update, create) -> str:
        if existing is None:
            create(**fields)
            return "created"
        if not pending_changes(existing, fields):
            return "unchanged"
        update(**fields)
        return "updated"

    def _consumer(self, record: Record) -> str:
        fields = dict(record.values)
        code = fields.pop("code", "")
        key = record.key
        existing = _find_consumer(key)
        if existing is not None and code and code != existing.code:
            raise ApplicationError(
                f"у абонента с ИНН {existing.inn} КПП {existing.kpp or '—'} в реестре абонентский номер "
                f"{existing.code}; номер не меняется загрузкой", code="immutable_field", field="code",
            )
        outcome = self._save(
            existing, fields,
            lambda **f: services.consumer_update(consumer=existing, actor=self.actor, **f),
            lambda **f: services.consumer_create(actor=self.actor, code=code, **f),
        )
        consumer = existing or _find_consumer(key)
        self.consumers[key] = consumer
        self.consumers[("code", consumer.code)] = consumer
        return outcome

    def _consumer_of(self, record: Record) -> Consumer:
        key = record.values["consumer_key"]
        if key in self.failed_consumers:
            raise _Skip
        return self.consumers.get(key) or _find_consumer(key)

    def _object(self, record: Record) -> str:
        fields = _without_references(record.values)
        consumer = self._consumer_of(record)
        existing = HeatedObject.objects.filter(code=fields["code"]).select_related("consumer").first()
        if existing is not None and existing.consumer_id != consumer.pk:
            raise ApplicationError(
                f"объект {existing.code} в реестре числится за абонентом {existing.consumer.code} "
                f"({existing.consumer}); загрузка не переносит объекты", code="foreign_object", field="consumer",
            )
        fields_to_update = {k: v for k, v in fields.items() if k != "code"}
        return self._save(
            existing, fields_to_update if existing else fields,
            lambda **f: services.heated_object_update(heated_object=existing, actor=self.actor, **f),
            lambda **f: services.heated_object_create(consumer=consumer, actor=self.actor, **f),
        )

    def _load(self, record: Record) -> str:
        fields = dict(record.values)
        code = fields.pop("heated_object")
        if code in self.failed_objects:
            raise _Skip
        heated_object = HeatedObject.objects.get(code=code)
        existing = HeatLoad.objects.filter(heated_object=heated_object, valid_from=fields["valid_from"]).first()
        return self._save(
            existing, fields,
            lambda **f: services.heat_load_update(load=existing, actor=self.actor, **f),
            lambda **f: services.heat_load_create(heated_object=heated_object, actor=self.actor, **f),
        )

    def _contract(self, record: Record) -> str:
        fields = _without_references(record.values)
        consumer = self._consumer_of(record)
        if "objects_covered" in fields:
            codes = fields["objects_covered"]
            if self.failed_objects.intersection(codes):
                raise _Skip
            found = {o.code: o for o in HeatedObject.objects.filter(code__in=codes)}
            fields["objects_covered"] = [found[code] for code in codes]
        existing = Contract.objects.filter(number=fields["number"]).first()
        if existing is not None and existing.consumer_id != consumer.pk:
            raise ApplicationError(
                f"договор {existing.number} в реестре заключен с абонентом {existing.consumer.code} "
                f"({existing.consumer}); договор нельзя передать другому абоненту", code="immutable_field", field="consumer",
            )
        return self._save(
            existing, fields,
            lambda **f: services.contract_update(contract=existing, actor=self.actor, **f),
            lambda **f: services.contract_create(consumer=consumer, actor=self.actor, **f),
        )


# --- helpers ---------------------------------------------------------------------------------

_REFERENCE_FIELDS = {"consumer_inn", "consumer_kpp", "consumer_code", "consumer_key"}


def _without_references(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k not in _REFERENCE_FIELDS}


def _find_consumer(key: tuple) -> Consumer | None:
    if key[0] == "inn":
        return Consumer.objects.filter(inn=key[1], kpp=key[2]).first()
    return Consumer.objects.filter(code=key[1]).first()


def _column_field(record: Record, name: str) -> str | None:
    """The field of the record's sheet that a model's error names, if the file has it."""
    if name == "consumer":
        return "consumer_inn" if "consumer_inn" in record.shown else "consumer_code"
    return name if record.sheet.header_of(name) else None


def _strip_subject(message: str, shown: str) -> str:
    """«ИНН 7707083894: неверная контрольная сумма» → «неверная контрольная сумма» when the
    report names the column and value itself."""
    if shown:
        match = re.match(r"^[^:]{0,40}?" + re.escape(shown) + r"\s*:\s*", message)
        if match:
            return message[match.end():]
    return message


def _problems_of(record: Record, exc: Exception) -> list[Problem]:
    if is_refusal(exc):
        errors = {"": [f"нет права: {exc}"]}
    elif isinstance(exc, ApplicationError) and exc.extra.get("errors"):
        errors = exc.extra["errors"]  # a model's validation errors (core.validation.validated)
    elif isinstance(exc, ApplicationError):
        errors = {exc.field or "": [exc.message]}
    elif isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        errors = exc.message_dict
    elif isinstance(exc, ValidationError):
        errors = {"": exc.messages}
    else:
        errors = {"": [f"ошибка базы данных: {exc}"]}
    problems = []
    model = {"consumers": Consumer, "objects": HeatedObject, "loads": HeatLoad, "contracts": Contract}[record.sheet.kind]
    for name, messages in errors.items():
        field_name = _column_field(record, name) if name and name != "__all__" else None
        for message in messages:
            if field_name is None and name and name != "__all__":
                try:
                    message = f"{model._meta.get_field(name).verbose_name}: {message}"
                except Exception:  # noqa: BLE001 - an error about something that is not a field
                    pass
            shown = record.shown.get(field_name, "") if field_name else ""
            problems.append(record.problem(field_name, _strip_subject(message, shown)))
    return problems
