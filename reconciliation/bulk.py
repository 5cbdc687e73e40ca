"""The bulk settlements reconciliation: the statements of every contract of a filter at a
quarter's end (docs/reconciliation.md, «Массовая сверка»), as a background job with its
progress on the page, one ZIP of the DOCX files and one merged PDF for printing with a
bookmark per contract.

Idempotent: a contract whose act for the quarter is already issued with the same content
is not issued again (``settlements_act_issue(force=False)``); an act already sent or returned
is left as it is. A redelivered job (a worker that died, the watchdog) starts over and skips
what is done. The ZIP is written with fixed timestamps, so the same acts give the same file.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from audit.services import record_event
from billing.invoices.printing import document_pdf
from billing.models.choices import month_end
from core.enqueue import enqueue_on_commit
from core.errors import ApplicationError
from core.permissions import require
from core.types import Actor
from core.validation import validated
from core.watchdog import requeue_stalled, silent
from documents import storage
from documents.services import PdfConversionFailed
from subscribers.models import Contract
from subscribers.selectors import our_organization

from .models import BulkJob, SettlementsReconciliation, Status
from .services import check_billing_closed, settlements_act_issue, settlements_reconciliation_create

PERMISSION = "reconciliation.run_bulk_reconciliation"
RUN_TASK = "reconciliation.tasks.run_bulk_job"
FOLDER = "reconciliation"
NOT_QUARTER_END = ("Массовая сверка составляется на конец квартала (31.03, 30.06, 30.09, 31.12): "
                   "{day:%d.%m.%Y} — не конец квартала")
JOB_ACTIVE = "Массовая сверка за этот квартал уже выполняется (задание № {job})"
NOTHING = "Ни одного договора по условиям отбора"
ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def quarter_start(day: date) -> date:
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def contracts_of(job: BulkJob) -> QuerySet[Contract]:
    qs = Contract.objects.filter(valid_from__lte=job.date_to).select_related("consumer")
    if job.contract_status:
        qs = qs.filter(status=job.contract_status)
    if job.category:
        qs = qs.filter(consumer__penalty_category=job.category)
    return qs.order_by("consumer__name", "number", "pk")


@transaction.atomic
def bulk_job_start(*, date_to: date, actor: Actor, contract_status: str = "", category: str = "",
                   with_pdf: bool = True) -> BulkJob:
    """Queue the statements of the quarter ending ``date_to`` for the contracts of the filter."""
    require(actor, PERMISSION)
    if date_to.month % 3 or date_to != month_end(date_to):
        raise ApplicationError(NOT_QUARTER_END.format(day=date_to), code="not_quarter_end", field="date_to")
    date_from = quarter_start(date_to)
    check_billing_closed(date_from=date_from, date_to=date_to)
    if our_organization() is None:
        raise ApplicationError("Не заполнены реквизиты нашей организации", code="organization_missing",
                               field="organization")
    active = BulkJob.objects.select_for_update().filter(date_from=date_from, date_to=date_to,
                                                        status__in=(BulkJob.Status.QUEUED, BulkJob.Status.RUNNING)).first()
    if active is not None:
        raise ApplicationError(JOB_ACTIVE.format(job=active.pk), code="job_active", field="date_to")
    job = BulkJob(date_from=date_from, date_to=date_to, contract_status=contract_status, category=category,
                  with_pdf=with_pdf, created_by=actor)
    if not contracts_of(job).exists():
        raise ApplicationError(NOTHING, code="nothing_selected", field="contract_status")
    validated(job)
    job.save()
    record_event(action="reconciliation.bulk.started", actor=actor, target=job,
                 data={"from": date_from, "to": date_to, "status": contract_status, "category": category})
    enqueue_on_commit(RUN_TASK, job.pk, robust=False)
    return job


def _begin(job_id: int) -> BulkJob | None:
    with transaction.atomic():
        job = BulkJob.objects.select_for_update().get(pk=job_id)
        if not job.is_active:
            return None
        job.status, job.done, job.issued, job.unchanged, job.problems = BulkJob.Status.RUNNING, 0, 0, 0, []
        job.total = contracts_of(job).count()
        job.heartbeat_at = timezone.now()
        job.save(update_fields=["status", "done", "issued", "unchanged", "problems", "total", "heartbeat_at"])
    return job


def _progress(job: BulkJob, **counters: int) -> None:
    BulkJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now(),
                                             **{name: F(name) + value for name, value in counters.items()})


def act_of(*, contract: Contract, date_from: date, date_to: date) -> SettlementsReconciliation | None:
    return (SettlementsReconciliation.objects.filter(contract=contract, date_from=date_from, date_to=date_to)
            .order_by("-pk").first())


def _one(job: BulkJob, contract: Contract, organization) -> SettlementsReconciliation | None:
    """The contract's act for the quarter: issued now, or the one in force left as it is."""
    actor = job.created_by
    act = act_of(contract=contract, date_from=job.date_from, date_to=job.date_to)
    if act is not None and act.status not in (Status.DRAFT, Status.ISSUED):
        _progress(job, done=1, unchanged=1)
        return act
    with transaction.atomic():
        if act is None:
            act = settlements_reconciliation_create(contract=contract, date_from=job.date_from, date_to=job.date_to,
                                                    actor=actor, job=job)
        issued = settlements_act_issue(act=act, actor=actor, organization=organization, force=False)
    _progress(job, done=1, **({"issued": 1} if issued else {"unchanged": 1}))
    act.refresh_from_db()
    return act


def _title(act: SettlementsReconciliation) -> str:
    return f"{act.consumer.name} — договор № {act.contract.number}"


def _zip(acts: list[SettlementsReconciliation]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for act in acts:
            name = f"Акт сверки {act.contract.number.replace('/', '-')} {act.document.number.replace('/', '-')}.docx"
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, storage.read(act.document.storage_name))
    return buffer.getvalue()


def merge_pdf(parts: list[tuple[str, bytes]], *, beat=lambda: None) -> tuple[bytes, int]:
    """The acts as one PDF with one bookmark per contract (``parts``: title, PDF)."""
    writer = PdfWriter()
    for title, pdf in parts:
        first = len(writer.pages)
        writer.append(PdfReader(io.BytesIO(pdf)), import_outline=False)
        writer.add_outline_item(title=title, page_number=first)
        beat()
    writer.page_mode = "/UseOutlines"
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue(), len(writer.pages)


def _store(job: BulkJob, content: bytes, extension: str) -> tuple[str, str]:
    name = storage.new_name(f"{FOLDER}/{job.date_to:%Y}", extension)
    with storage.stored(name, content):
        pass
    return name, storage.sha256(content)


def bulk_job_process(*, job_id: int) -> BulkJob | None:
    job = _begin(job_id)
    if job is None:
        return None
    organization = our_organization(required=True)
    acts, problems = [], []
    for contract in contracts_of(job):
        try:
            act = _one(job, contract, organization)
        except ApplicationError as exc:
            problems.append({"contract": contract.number, "problem": exc.message})
            _progress(job, done=1)
            continue
        if act is not None and act.document_id:
            acts.append(act)
    if not acts:
        return bulk_job_finish(job=job, problems=problems, error="Ни один акт не выпущен")
    zip_name, zip_sha = _store(job, _zip(acts), "zip")
    values = {"zip_name": zip_name, "zip_sha256": zip_sha}
    if job.with_pdf:
        parts = []
        for act in acts:
            try:
                parts.append((_title(act), document_pdf(act.document)))
            except PdfConversionFailed as exc:
                problems.append({"contract": act.contract.number, "problem": f"PDF не получен: {exc}"})
            _progress(job)
        if parts:
            content, pages = merge_pdf(parts, beat=lambda: _progress(job))
            pdf_name, pdf_sha = _store(job, content, "pdf")
            values.update(pdf_name=pdf_name, pdf_sha256=pdf_sha, pdf_pages=pages)
    BulkJob.objects.filter(pk=job.pk).update(**values)
    job.refresh_from_db()
    return bulk_job_finish(job=job, problems=problems)


@transaction.atomic
def bulk_job_finish(*, job: BulkJob, problems: list[dict], error: str = "") -> BulkJob:
    job = BulkJob.objects.select_for_update().get(pk=job.pk)
    job.problems, job.error = problems, error[:5000]
    job.status = BulkJob.Status.FAILED if error else BulkJob.Status.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["problems", "error", "status", "finished_at"])
    record_event(action=f"reconciliation.bulk.{'failed' if error else 'completed'}", target=job,
                 data={"issued": job.issued, "unchanged": job.unchanged, "problems": len(problems),
                       "zip": job.zip_sha256, "pdf": job.pdf_sha256})
    return job


def bulk_jobs_requeue_stalled() -> int:
    """The watchdog: queue again the jobs whose worker died (they start over, skipping unchanged acts)."""
    def requeue(job: BulkJob) -> None:
        record_event(action="reconciliation.bulk.requeued", target=job, data={"done": job.done, "requeues": job.requeues})
        enqueue_on_commit(RUN_TASK, job.pk)

    return requeue_stalled(
        lambda: BulkJob.objects.filter(status__in=(BulkJob.Status.QUEUED, BulkJob.Status.RUNNING)).filter(
            silent("reconciliation_bulk")),
        requeue=requeue,
        give_up=lambda job: bulk_job_finish(job=job, problems=job.problems,
                                            error=f"Задание останавливалось {job.requeues} раз и снято"),
    )


def job_file(*, job: BulkJob, kind: str, actor: Actor) -> tuple[bytes, str]:
    """The job's ZIP or PDF for download, checked against its SHA-256, with its audit event."""
    require(actor, "reconciliation.view_bulkjob")
    name, digest = (job.zip_name, job.zip_sha256) if kind == "zip" else (job.pdf_name, job.pdf_sha256)
    if not name:
        raise ApplicationError("Файл еще не сформирован", code="file_missing", field="kind")
    content = storage.read(name)
    if storage.sha256(content) != digest:
        raise ApplicationError("Файл в архиве изменен (SHA-256 не совпадает): выдача запрещена", code="file_tampered",
                               field="kind")
    record_event(action="reconciliation.bulk.downloaded", actor=actor, target=job, data={"kind": kind})
    filename = f"Акты сверки {job.date_from:%d.%m.%Y}-{job.date_to:%d.%m.%Y}.{kind}"
    return content, filename
