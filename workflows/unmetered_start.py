"""The start of the flow ``workflows.unmetered``: one open process per inspection.

Two people may start a process for the same inspection at the same moment (a dispatcher and the
technician, two tabs). ``unmetered_inspection_claim`` locks the inspection's row
(``select_for_update``) in the start's transaction — viewflow's start view opens one for a POST,
and the new process is saved in it — so the second start waits for the first to commit, then
finds its process and is refused naming the field. On SQLite the lock is a no-op (the database
serialises writers); the concurrency test runs on PostgreSQL.
"""

from __future__ import annotations

from django.db import transaction

from core.errors import ApplicationError
from inspections.models import FieldInspection

from .models import UnmeteredProcess


def unmetered_inspection_claim(*, process: UnmeteredProcess, inspection: FieldInspection) -> FieldInspection:
    """Name ``inspection`` as the new ``process``'s artifact; refused when the inspection already
    has its result, or a process of the flow already runs for it. Must run inside the start's
    transaction: the row lock holds until the process is saved and committed."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("unmetered_inspection_claim runs inside the start's transaction")
    locked = FieldInspection.objects.select_for_update().get(pk=inspection.pk)
    if locked.result != FieldInspection.Result.PENDING:
        raise ApplicationError(f"Результат обследования № {locked.pk} уже записан: "
                               f"{locked.get_result_display().lower()}", code="invalid_state", field="inspection")
    if UnmeteredProcess.objects.filter(artifact_object_id=locked.pk, finished__isnull=True,
                                       flow_class=process.flow_class).exists():
        raise ApplicationError(f"По обследованию № {locked.pk} процесс уже идет", code="duplicate",
                               field="inspection")
    process.artifact = locked
    return locked
