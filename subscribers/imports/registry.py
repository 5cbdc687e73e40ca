"""The import of the register from a file: parse → check every row → write all or nothing.

One function serves the page and ``manage.py import_registry``. Nothing is written unless
every row of every sheet passed: the rows are converted and their references checked
first, then written through ``subscribers.services`` (their ``full_clean``, history and
audit) inside one transaction that is rolled back when any row was refused — so the report
lists every problem of the file, not just the first. An accepted file leaves one more audit
event, ``registry.imported``, with the file's name, SHA-256 and counts.
"""

from __future__ import annotations

from typing import IO

from django.db import transaction
from django.utils import translation

from audit.services import record_event
from core.imports import file_sha256, import_stream
from core.permissions import require

from .parsing import parsed_file
from .problems import ImportRefused, ImportResult
from .validation import build_plan
from .writing import Writer

IMPORT_PERMISSION = "subscribers.import_registry"


def registry_import(*, data: bytes | IO[bytes], filename: str, actor=None, kind: str | None = None) -> ImportResult:
    """Import consumers, objects, loads and contracts from an XLSX or CSV file (``data``: its
    bytes or a binary file open for reading; read as a stream within ``core.imports`` limits).

    ``kind`` ("consumers", "objects", "loads", "contracts") says what a CSV file holds when
    its headers should not decide. Returns the counts; raises ``ImportRefused`` with every
    problem (nothing written) or a permission refusal (``core.permissions.require``;
    ``actor=None`` — the command line — is the system).
    """
    require(actor, IMPORT_PERMISSION, system=True)
    with translation.override("ru"):
        with parsed_file(data, filename=filename, kind=kind) as sheets:
            plan = build_plan(sheets)
        with transaction.atomic():
            counts, problems = Writer(plan, actor=actor).write()
            problems = plan.problems + problems
            if problems:
                raise ImportRefused(problems)  # leaves the transaction: everything is rolled back
            result = ImportResult(filename=filename, sha256=file_sha256(import_stream(data)), counts=counts)
            record_event(action="registry.imported", actor=actor, data=result.as_data())
    return result
