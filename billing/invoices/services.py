"""Issuing the documents of a period's invoices: УПД and счет на оплату, idempotently.

``invoice_documents_issue`` issues the documents of one invoice through the documents
engine (numbered, archived, PDF in the background). An invoice whose document would say
the same as the current one (same substance fingerprint: everything but the signers and
the correction line) is not issued again; a changed one — a re-run of an open period
after a correction of its input — gets a new document that names the one it replaces
(``replaces``), and a new УПД carries the correction line 1а with the original number
and date (НК ст. 169; the registration number of the archive stays unique).

``output_job_start`` → Celery ``billing.invoices.tasks.run_output_job`` → ``issue_job_process``
does it for a whole period with progress; running it again only issues what changed.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from audit.services import record_event
from billing.models import BillingPeriod, BillingRun, Invoice
from core.enqueue import enqueue_on_commit
from core.errors import ApplicationError
from core.permissions import require
from core.types import Actor
from core.validation import validated
from core.watchdog import requeue_stalled, silent
from documents import formatting
from documents.services import issue_document
from subscribers.models import Organization, Signatory
from subscribers.selectors import our_organization

from . import documents as builders
from .models import InvoiceDocument, OutputJob

if TYPE_CHECKING:
    from billing.models import ChargeLine

log = logging.getLogger(__name__)

PERMISSION = "billing.issue_invoices"
TEMPLATES: dict[str, str] = {InvoiceDocument.Kind.UPD: "billing.upd", InvoiceDocument.Kind.PAYMENT: "billing.payment_invoice"}
ALL_KINDS = (InvoiceDocument.Kind.UPD, InvoiceDocument.Kind.PAYMENT)
# what may change without making the document a different one
NOT_SUBSTANCE = frozenset({"correction", "signers"})
PROGRESS_EVERY = 20
RUN_OUTPUT_JOB = "billing.invoices.tasks.run_output_job"  # queued by name: docs/architecture.md

NO_PERMISSION = "Выпуск УПД и счетов доступен расчетчикам"
NO_ORGANIZATION = "Не заполнены реквизиты нашей организации (Абоненты → Наша организация)"
NO_INVOICES = "За {period} нет начислений: сначала выполните расчет периода"
RUN_ACTIVE = "Идет расчет периода {period}: выпуск документов — после его окончания"
RUN_UNFINISHED = "Последний расчет периода {period} не завершен успешно: документы выпускаются по выполненному расчету"
JOB_ACTIVE = "По периоду {period} уже выполняется задание «{job}»: дождитесь его окончания"
JOB_GAVE_UP = ("Задание остановлено: {requeues} раз поставлено в очередь повторно и не продвинулось "
               "(смотрите журнал обработчиков); запустите его снова")
UNKNOWN_KIND = "Неизвестный вид документа «{kind}»"


def check_kinds(kinds: Iterable[str] | None) -> list[str]:
    kinds = list(kinds or ALL_KINDS)
    for kind in kinds:
        if kind not in InvoiceDocument.Kind.values:
            raise ApplicationError(UNKNOWN_KIND.format(kind=kind), code="invalid_choice", field="kinds")
    return [k for k in ALL_KINDS if k in kinds]


def substance_of(context: dict) -> str:
    """SHA-256 of the context without the parts that do not change what the document says."""
    body = {k: v for k, v in context.items() if k not in NOT_SUBSTANCE}
    text = json.dumps(body, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Signers:
    head: Signatory | None
    accountant: Signatory | None


def document_date(invoice: Invoice) -> date:
    """УПД and счет are dated on the last day of the month of supply (НК ст. 168 п. 3, ст. 169 п. 5),
    whatever the day they are issued; a month still in progress is dated on the issue day."""
    return min(invoice.period.last_day, timezone.localdate())


def signers_of(organization: Organization) -> Signers:
    """Who signs УПД and invoices: the head (or whoever signs «счета»), the chief accountant."""
    active = Signatory.objects.filter(organization=organization, active=True)
    accountant = active.filter(is_chief_accountant=True).order_by("pk").first()
    # the head's line and the chief accountant's are two people whenever the register has two
    others = active.exclude(pk=accountant.pk) if accountant is not None else active
    head = others.filter(signs_for__icontains="счет").order_by("-is_head", "pk").first() or \
        others.filter(is_head=True).order_by("pk").first() or \
        active.filter(is_head=True).order_by("pk").first()
    return Signers(head=head, accountant=accountant)


def invoice_lines(invoice: Invoice) -> list[ChargeLine]:
    return list(
        invoice.lines.select_related("heated_object", "recalculation", "recalculation__corrected_period")
        .order_by("position")
    )


def current_documents(period: BillingPeriod) -> dict[tuple[int, str], InvoiceDocument]:
    """The current (latest) document of each contract and kind of a period."""
    latest = {}
    for link in (
        InvoiceDocument.objects.filter(period=period)
        .select_related("document", "contract", "contract__consumer").order_by("id")
    ):
        latest[(link.contract_id, link.kind)] = link
    return latest


@dataclass
class IssueResult:
    issued: list[InvoiceDocument] = field(default_factory=list)
    unchanged: list[InvoiceDocument] = field(default_factory=list)


def _context(kind: str, *, invoice: Invoice, lines: list[ChargeLine], organization: Organization, signers: Signers,
             previous: InvoiceDocument | None) -> tuple[dict[str, Any], int]:
    common: dict[str, Any] = {"invoice": invoice, "lines": lines, "organization": organization, "head": signers.head,
              "accountant": signers.accountant}
    if kind == InvoiceDocument.Kind.PAYMENT:
        return builders.payment_invoice_context(**common), 0
    correction, number = {}, 0
    if previous is not None:
        original = (
            InvoiceDocument.objects.filter(period_id=previous.period_id, contract_id=previous.contract_id, kind=kind)
            .select_related("document").order_by("id").first().document  # type: ignore[union-attr]  # previous exists
        )
        number = previous.correction + 1
        correction = {
            "number": number,
            "original_number": original.number,
            "original_date": formatting.date_short(timezone.localdate(original.issued_at)),
        }
    return builders.upd_context(**common, correction=correction), number


def invoice_documents_issue(
    *, invoice: Invoice, actor: Actor, kinds: Iterable[str] | None = ALL_KINDS, job: OutputJob | None = None,
    organization: Organization | None = None, signers: Signers | None = None,
) -> IssueResult:
    """Issue the УПД and the счет на оплату of one invoice, skipping a document that would
    be unchanged. One transaction: both documents or none."""
    require(actor, PERMISSION, message=NO_PERMISSION)
    kinds = check_kinds(kinds)
    organization = organization or our_organization()
    if organization is None:
        raise ApplicationError(NO_ORGANIZATION, code="organization_missing", field="organization")
    signers = signers or signers_of(organization)
    result = IssueResult()
    with transaction.atomic():
        # one issuer per invoice at a time: the current-document check and the issue go together
        invoice = Invoice.objects.select_for_update(of=("self",)).select_related(
            "period", "contract", "consumer").get(pk=invoice.pk)
        lines = invoice_lines(invoice)
        for kind in kinds:
            previous = (
                InvoiceDocument.objects.filter(period_id=invoice.period_id, contract_id=invoice.contract_id, kind=kind)
                .select_related("document").order_by("-id").first()
            )
            context, correction = _context(kind, invoice=invoice, lines=lines, organization=organization,
                                           signers=signers, previous=previous)
            substance = substance_of(context)
            if previous is not None and previous.substance == substance:
                result.unchanged.append(previous)
                continue
            document = issue_document(
                template=TEMPLATES[kind], context=context, subject=invoice, actor=actor,
                replaces=previous.document if previous else None, dated=document_date(invoice),
            )
            link = InvoiceDocument(
                period_id=invoice.period_id, contract_id=invoice.contract_id, invoice=invoice, kind=kind,
                document=document, substance=substance, correction=correction, job=job, issued_at=document.issued_at,
            )
            validated(link, exclude=["period", "contract", "invoice", "document", "job"])
            link.save()
            record_event(
                action="billing.invoice_document.issued", actor=actor, target=invoice,
                data={
                    "period": f"{invoice.period.month:%m.%Y}", "contract": invoice.contract.number, "kind": kind,
                    "number": document.number, "replaces": previous.document.number if previous else None,
                    "correction": correction, "amount_with_vat": invoice.amount_with_vat,
                },
            )
            result.issued.append(link)
    return result


# --- jobs ------------------------------------------------------------------------------------


def _check_period_ready(period: BillingPeriod) -> None:
    label = period.label
    if period.runs.filter(status__in=(BillingRun.Status.QUEUED, BillingRun.Status.RUNNING)).exists():
        raise ApplicationError(RUN_ACTIVE.format(period=label), code="run_active", field="period")
    last = period.runs.order_by("-created_at", "-id").first()
    if last is not None and last.status != BillingRun.Status.DONE:
        raise ApplicationError(RUN_UNFINISHED.format(period=label), code="run_unfinished", field="period")
    if not Invoice.objects.filter(period=period).exists():
        raise ApplicationError(NO_INVOICES.format(period=label), code="no_invoices", field="period")


@transaction.atomic
def output_job_start(*, period: BillingPeriod, actor: Actor, kind: str, kinds: Iterable[str] | None = ALL_KINDS
                     ) -> OutputJob:
    """Queue a job over a period's invoices (issue the documents, or print them as one
    PDF). One job per period at a time; it runs after commit."""
    require(actor, PERMISSION, message=NO_PERMISSION)
    kinds = check_kinds(kinds)
    if kind not in OutputJob.Kind.values:
        raise ApplicationError(f"Неизвестный вид задания «{kind}»", code="invalid_choice", field="kind")
    period = BillingPeriod.objects.select_for_update().get(pk=period.pk)
    active = OutputJob.objects.filter(period=period, status__in=(OutputJob.Status.QUEUED, OutputJob.Status.RUNNING))
    running = active.first()
    if running is not None:
        raise ApplicationError(
            JOB_ACTIVE.format(period=period.label, job=running.get_kind_display()), code="job_active", field="period"
        )
    _check_period_ready(period)
    if kind == OutputJob.Kind.ISSUE and our_organization() is None:
        raise ApplicationError(NO_ORGANIZATION, code="organization_missing", field="organization")
    job = OutputJob(kind=kind, period=period, kinds=kinds, created_by=actor)
    validated(job)
    job.save()
    record_event(action=f"billing.output_job.{kind}_started", actor=actor, target=job,
                 data={"period": f"{period.month:%m.%Y}", "kinds": kinds})
    enqueue_on_commit(RUN_OUTPUT_JOB, job.pk, robust=False)
    return job


def output_job_begin(job_id: int) -> OutputJob | None:
    """Mark the job running (a redelivered job starts over: done work is skipped)."""
    with transaction.atomic():
        job = OutputJob.objects.select_for_update().select_related("period", "created_by").get(pk=job_id)
        if not job.is_active:
            return None
        job.status = OutputJob.Status.RUNNING
        job.done = job.issued = job.unchanged = 0
        job.problems = []
        job.heartbeat_at = timezone.now()
        job.save(update_fields=["status", "done", "issued", "unchanged", "problems", "heartbeat_at"])
    return job


def output_job_progress(job: OutputJob, **counters: int) -> None:
    OutputJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now(), **{name: F(name) + value for name, value in counters.items()}
    )


def _stalled_jobs() -> QuerySet[OutputJob]:
    active = OutputJob.objects.filter(status__in=(OutputJob.Status.QUEUED, OutputJob.Status.RUNNING))
    return active.filter(silent("output_job")).select_related("period")


def _requeue_job(job: OutputJob) -> None:
    record_event(action=f"billing.output_job.{job.kind}_requeued", target=job,
                 data={"period": f"{job.period.month:%m.%Y}", "done": job.done, "total": job.total,
                       "requeues": job.requeues})
    enqueue_on_commit(RUN_OUTPUT_JOB, job.pk)


def output_jobs_requeue_stalled() -> int:
    """The watchdog: queue again the jobs that stopped moving (their worker died). A job
    starts over and skips what is done: unchanged documents are not issued again. A job
    re-queued ``WATCHDOG_MAX_REQUEUES`` times without finishing fails."""
    return requeue_stalled(
        _stalled_jobs,
        requeue=_requeue_job,
        give_up=lambda job: output_job_finish(job=job, problems=job.problems,
                                              error=JOB_GAVE_UP.format(requeues=job.requeues)),
    )


@transaction.atomic
def output_job_finish(*, job: OutputJob, problems: list[dict], error: str = "") -> OutputJob:
    job = OutputJob.objects.select_for_update().get(pk=job.pk)
    job.problems = problems
    job.status = OutputJob.Status.FAILED if error else OutputJob.Status.DONE
    job.error = error[:5000]
    job.finished_at = timezone.now()
    job.save(update_fields=["problems", "status", "error", "finished_at"])
    record_event(
        action=f"billing.output_job.{job.kind}_{'failed' if error else 'completed'}", target=job,
        data={"period": f"{job.period.month:%m.%Y}", "done": job.done, "issued": job.issued,
              "unchanged": job.unchanged, "problems": len(problems), "error": error[:500]},
    )
    return job


def issue_job_process(*, job_id: int) -> OutputJob | None:
    """Issue the documents of every invoice of the job's period; a problem with one invoice
    (it is listed with its contract) does not stop the others."""
    job = output_job_begin(job_id)
    if job is None:
        return None
    organization = our_organization()
    if organization is None:
        return output_job_finish(job=job, problems=[], error=NO_ORGANIZATION)
    signers = signers_of(organization)
    invoices = list(
        Invoice.objects.filter(period=job.period).select_related("contract").order_by("contract__number", "id")
    )
    OutputJob.objects.filter(pk=job.pk).update(total=len(invoices))
    problems: list[dict] = []
    pending = {"done": 0, "issued": 0, "unchanged": 0}
    for n, invoice in enumerate(invoices, start=1):
        try:
            result = invoice_documents_issue(invoice=invoice, actor=job.created_by, kinds=job.kinds, job=job,
                                             organization=organization, signers=signers)
        except ApplicationError as exc:
            problems.append({"contract": invoice.contract.number, "message": exc.message})
        else:
            pending["issued"] += len(result.issued)
            pending["unchanged"] += len(result.unchanged)
        pending["done"] += 1
        if n % PROGRESS_EVERY == 0 or n == len(invoices):
            output_job_progress(job, **pending)
            pending = dict.fromkeys(pending, 0)
    job.refresh_from_db()
    return output_job_finish(job=job, problems=problems)
