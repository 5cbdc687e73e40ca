"""The import of readings from a meter-data system's file: parse → check every row → write all or nothing.

One function serves the page and ``manage.py import_readings``. The source's saved mapping
says which column holds which field and in which measure. Every row is converted and
checked first (``validation``); then every good row is recorded through
``metering.services.readings.reading_record`` — its ``full_clean``, the validation rules
that flag it, its audit event — each in its own savepoint inside one transaction that is
rolled back when any row was refused, so the report lists every problem of the file. An
accepted file leaves a ``ReadingImport`` (file name, SHA-256, rows, who, when) that its
readings point to, and one more audit event ``readings.imported``.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import IO

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import translation

from audit.services import record_event
from core.errors import ApplicationError
from core.imports import file_sha256, import_stream
from core.permissions import require
from metering.models import (
    ReadingFlag,
    ReadingImport,
    ReadingImportSource,
    ReadingSource,
    ReadingStatus,
)
from metering.services.common import system_user
from metering.services.readings import reading_record

from .parsing import Unreadable, read_table
from .problems import FlaggedRow, ImportRefused, ImportResult, Problem
from .validation import LABELS, Mapping, Plan, Planned, build_plan

IMPORT_PERMISSION = "metering.import_readings"


def readings_import(
    *, source: ReadingImportSource, data: bytes | IO[bytes], filename: str, actor=None,
) -> ImportResult:
    """Import a file of ``source``'s format by its saved column mapping (``data``: its bytes
    or a binary file open for reading; read as a stream within ``core.imports`` limits).

    ``actor`` — the user importing (needs ``metering.import_readings``; recorded as who
    entered the readings); None from the command line (the batch is then the system
    account's). Returns the counts and the flagged rows; raises ``ImportRefused`` with every
    problem (nothing written) or a permission refusal (``core.permissions.require``).
    """
    require(actor, IMPORT_PERMISSION, system=True)
    filename = PurePath(filename.replace("\\", "/")).name or "файл"
    sha256 = file_sha256(import_stream(data))
    with translation.override("ru"):
        mapping = Mapping.of(source)
        problems = mapping.problems()
        if problems:
            raise ImportRefused(problems)
        earlier = ReadingImport.objects.filter(source=source, sha256=sha256).select_related("imported_by").first()
        if earlier is not None:
            raise ImportRefused([Problem(
                f"этот файл уже загружен {earlier.imported_at:%d.%m.%Y %H:%M} ({earlier.file_name}, "
                f"{earlier.imported_by})"
            )])
        try:
            with read_table(
                data, file_format=source.file_format, encoding=source.csv_encoding, delimiter=source.csv_delimiter,
                columns=mapping.columns, labels=LABELS,
            ) as table:
                plan = build_plan(source, table, mapping.measures)
        except Unreadable as exc:
            raise ImportRefused(exc.problems) from None
        with transaction.atomic():
            batch = ReadingImport.objects.create(
                source=source, file_name=filename[:300], sha256=sha256, row_count=len(plan.rows),
                imported_by=actor if actor is not None else system_user(),
            )
            result = ImportResult(batch_id=batch.pk, filename=filename, sha256=sha256)
            problems = plan.problems + _write(plan, batch=batch, actor=actor, result=result)
            if problems:
                raise ImportRefused(problems)  # leaves the transaction: everything is rolled back
            record_event(
                action="readings.imported", actor=actor, target=batch,
                data={"source": source.name, **result.as_data()},
            )
    return result


def _write(plan: Plan, *, batch: ReadingImport, actor, result: ImportResult) -> list[Problem]:
    problems = []
    for planned in plan.good:
        try:
            with transaction.atomic():
                reading = reading_record(
                    unit=planned.unit, period=planned.period, source=ReadingSource.IMPORT,
                    values=planned.values, actor=actor, import_batch=batch,
                )
        except (ApplicationError, ValidationError, DatabaseError) as exc:
            problems.append(_problem_of(plan, planned, exc))
            continue
        if reading.status == ReadingStatus.FLAGGED:
            messages = tuple(ReadingFlag.objects.filter(reading=reading).values_list("message", flat=True))
            result.flagged.append(FlaggedRow(
                row=planned.row, unit=planned.unit.number, period=f"{planned.period:%m.%Y}", flags=messages,
            ))
        else:
            result.accepted += 1
    return problems


def _problem_of(plan: Plan, planned: Planned, exc: Exception) -> Problem:
    if isinstance(exc, ApplicationError):
        field_name, message = exc.field, exc.message
    elif isinstance(exc, ValidationError):
        field_name, message = None, "; ".join(exc.messages)
    else:
        field_name, message = None, f"ошибка базы данных: {exc}"
    header = plan.headers.get(field_name or "", "")
    if header:  # «Q, Гкал: Убедитесь, …» → «убедитесь, …»: the report names the column itself
        message = re.sub(r"^[^:«»]{1,60}:\s*", "", message)
        message = message[:1].lower() + message[1:]
    return Problem(message, row=planned.row, column=header, value=planned.shown.get(field_name or "", ""))
