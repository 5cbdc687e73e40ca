"""Issuing a period's УПД and счета: numbered and archived through the documents engine,
idempotent, a changed invoice gets a document naming the one it replaces."""

import io
from decimal import Decimal

import pytest
from django.utils import timezone
from docx import Document

from accounts.roles import BILLING, LEGAL
from audit.models import AuditEvent
from billing.invoices.models import InvoiceDocument, OutputJob
from billing.invoices.services import (
    invoice_documents_issue,
    output_job_start,
)
from billing.models import BillingRun, Invoice
from core.errors import ApplicationError
from documents import storage
from documents.models import ArchivedDocument
from subscribers.models import HeatLoad, Organization, Signatory

from ..conftest import january_2026

pytestmark = pytest.mark.django_db


@pytest.fixture
def billing_user(make_user):
    return make_user(BILLING, first_name="Ольга", last_name="Смирнова")


def docx_text(document: ArchivedDocument) -> str:
    doc = Document(io.BytesIO(storage.read(document.storage_name)))
    return "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])


def test_an_invoice_gets_a_upd_and_a_payment_invoice_numbered_and_archived(billed_january, billing_user):
    # when
    result = invoice_documents_issue(invoice=billed_january, actor=billing_user)
    # then two archived documents whose subject is the invoice, numbered in their own sequences
    upd, payment = sorted(result.issued, key=lambda link: link.kind != InvoiceDocument.Kind.UPD)
    assert upd.document.template_code == "billing.upd" and upd.document.number.startswith("УПД-")
    assert payment.document.template_code == "billing.payment_invoice" and payment.document.number.startswith("СЧ-")
    assert upd.document.number.endswith("/000001") and payment.document.number.endswith("/000001")
    assert {upd.document.subject, payment.document.subject} == {billed_january}
    assert upd.correction == 0 and upd.invoice_id == billed_january.pk
    # and the УПД says what the invoice says
    text = docx_text(upd.document)
    assert f"Счет-фактура № {upd.document.number} от " in text
    assert "231,287" in text and "Исправление № — от —" in text
    assert AuditEvent.objects.filter(action="billing.invoice_document.issued").count() == 2
    assert AuditEvent.objects.filter(action="document.issued").count() == 2


def test_issuing_an_unchanged_invoice_again_creates_no_document(billed_january, billing_user):
    # given
    invoice_documents_issue(invoice=billed_january, actor=billing_user)
    # when
    result = invoice_documents_issue(invoice=billed_january, actor=billing_user)
    # then
    assert result.issued == [] and len(result.unchanged) == 2
    assert ArchivedDocument.objects.count() == 2 and InvoiceDocument.objects.count() == 2


def test_a_new_signer_alone_does_not_make_a_new_document(billed_january, billing_user, organization):
    # given
    invoice_documents_issue(invoice=billed_january, actor=billing_user)
    Signatory.objects.filter(is_chief_accountant=True).update(
        last_name="Петрова", first_name="Анна", middle_name="Сергеевна")
    # when / then
    assert invoice_documents_issue(invoice=billed_january, actor=billing_user).issued == []


def test_a_changed_invoice_gets_a_correction_that_names_the_document_it_replaces(
    billed_january, billing_user, run_period
):
    # given documents issued, then the load corrected and the open period billed again
    first = {link.kind: link for link in invoice_documents_issue(invoice=billed_january, actor=billing_user).issued}
    HeatLoad.objects.filter(heated_object__contracts=billed_january.contract).update(heating=Decimal("0.4"))
    run_period(billed_january.period)
    invoice = Invoice.objects.get(pk=billed_january.pk)
    assert invoice.amount_with_vat != billed_january.amount_with_vat
    # when
    second = {link.kind: link for link in invoice_documents_issue(invoice=invoice, actor=billing_user).issued}
    # then each kind has a new document replacing the first
    for kind in InvoiceDocument.Kind.values:
        assert second[kind].document.replaces == first[kind].document
        assert second[kind].document.number != first[kind].document.number
    # and the УПД is a correction: line 1 keeps the original number and date, line 1а numbers it
    upd = second[InvoiceDocument.Kind.UPD]
    assert upd.correction == 1
    text = docx_text(upd.document)
    original = first[InvoiceDocument.Kind.UPD].document
    assert f"Счет-фактура № {original.number} от {timezone.localdate(original.issued_at):%d.%m.%Y}" in text
    assert "Исправление № 1 от " in text and "185,030" in text  # 0.4 Гкал/ч × 30/46 × 24 × 31 (half-up)


def test_documents_of_a_period_are_numbered_in_contract_order(
    town, make_contract, period_jan, run_period, organization, billing_user, django_capture_on_commit_callbacks,
    fake_converter
):
    # given three contracts billed
    town.temperatures(january_2026())
    contracts = sorted((make_contract(heating=h)[0] for h in ("0.3", "0.2", "0.1")), key=lambda c: c.number)
    run_period(period_jan)
    # when the period's documents are issued by the job
    with django_capture_on_commit_callbacks(execute=True):
        job = output_job_start(period=period_jan, actor=billing_user, kind=OutputJob.Kind.ISSUE, kinds=["upd"])
    # then the УПД numbers follow the contracts (НК ст. 169: chronological numbering)
    job.refresh_from_db()
    assert (job.status, job.total, job.done, job.issued, job.unchanged) == (OutputJob.Status.DONE, 3, 3, 3, 0)
    numbers = [
        InvoiceDocument.objects.get(contract=c, kind="upd").document.number_seq for c in contracts
    ]
    assert numbers == sorted(numbers) and numbers == [numbers[0], numbers[0] + 1, numbers[0] + 2]
    assert AuditEvent.objects.filter(action="billing.output_job.issue_completed").count() == 1


def test_running_the_issue_job_twice_issues_nothing_new(
    billed_january, billing_user, django_capture_on_commit_callbacks, fake_converter
):
    for expected_issued, expected_unchanged in ((2, 0), (0, 2)):
        with django_capture_on_commit_callbacks(execute=True):
            job = output_job_start(period=billed_january.period, actor=billing_user, kind=OutputJob.Kind.ISSUE)
        job.refresh_from_db()
        assert (job.status, job.issued, job.unchanged) == (OutputJob.Status.DONE, expected_issued, expected_unchanged)
    assert ArchivedDocument.objects.count() == 2


def test_only_billing_specialists_issue(billed_january, make_user):
    with pytest.raises(ApplicationError, match="расчетчикам"):
        invoice_documents_issue(invoice=billed_january, actor=make_user(LEGAL))
    with pytest.raises(ApplicationError, match="расчетчикам"):
        output_job_start(period=billed_january.period, actor=make_user(LEGAL), kind=OutputJob.Kind.ISSUE)
    assert not ArchivedDocument.objects.exists() and not OutputJob.objects.exists()


def test_without_our_requisites_nothing_is_issued(billed_january, billing_user):
    Signatory.objects.all().delete()
    Organization.objects.all().delete()
    with pytest.raises(ApplicationError) as info:
        invoice_documents_issue(invoice=billed_january, actor=billing_user)
    assert (info.value.code, info.value.field) == ("organization_missing", "organization")
    assert not ArchivedDocument.objects.exists()


def test_a_job_is_refused_while_the_period_is_being_billed_or_has_no_invoices(
    billed_january, billing_user, period_dec
):
    # a period never billed
    with pytest.raises(ApplicationError) as never_billed:
        output_job_start(period=period_dec, actor=billing_user, kind=OutputJob.Kind.ISSUE)
    # a run in progress
    BillingRun.objects.create(period=billed_january.period, status=BillingRun.Status.RUNNING)
    with pytest.raises(ApplicationError) as running:
        output_job_start(period=billed_january.period, actor=billing_user, kind=OutputJob.Kind.ISSUE)
    assert (never_billed.value.code, never_billed.value.field) == ("no_invoices", "period")
    assert (running.value.code, running.value.field) == ("run_active", "period")
    assert not OutputJob.objects.exists()


def test_one_job_per_period_at_a_time(billed_january, billing_user):
    # given a queued job (its task not run: callbacks not executed)
    output_job_start(period=billed_january.period, actor=billing_user, kind=OutputJob.Kind.ISSUE)
    # when / then
    with pytest.raises(ApplicationError) as exc:
        output_job_start(period=billed_january.period, actor=billing_user, kind=OutputJob.Kind.PRINT)
    assert (exc.value.code, exc.value.field) == ("job_active", "period")


def test_an_archive_failure_stops_the_job_and_a_new_job_finishes_the_rest(
    town, make_contract, period_jan, run_period, organization, billing_user, django_capture_on_commit_callbacks,
    fake_converter, monkeypatch
):
    # given two billed contracts and an archive storage that fails on the second invoice's first file
    town.temperatures(january_2026())
    for heating in ("0.3", "0.2"):
        make_contract(heating=heating)
    run_period(period_jan)
    from django.core.files.storage import FileSystemStorage

    real_save, written = FileSystemStorage._save, []

    def flaky_save(self, name, content):
        if name.startswith("documents/"):
            written.append(name)
            if len(written) == 3:
                raise OSError("No space left on device")
        return real_save(self, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", flaky_save)
    # when
    with pytest.raises(OSError), django_capture_on_commit_callbacks(execute=True):
        job = output_job_start(period=period_jan, actor=billing_user, kind=OutputJob.Kind.ISSUE)
    # then the job failed with the reason; the first invoice's pair is archived, nothing of the second
    job = OutputJob.objects.get()
    assert job.status == OutputJob.Status.FAILED and "No space left on device" in job.error
    assert InvoiceDocument.objects.count() == 2
    # when the storage is back and the job is started again
    monkeypatch.setattr(FileSystemStorage, "_save", real_save)
    with django_capture_on_commit_callbacks(execute=True):
        again = output_job_start(period=period_jan, actor=billing_user, kind=OutputJob.Kind.ISSUE)
    # then only the second invoice is issued
    again.refresh_from_db()
    assert (again.status, again.issued, again.unchanged) == (OutputJob.Status.DONE, 2, 2)
    assert InvoiceDocument.objects.count() == 4


def test_the_upd_and_the_invoice_are_dated_on_the_last_day_of_the_month_of_supply(billed_january, billing_user):
    # when the January documents are issued later (the tests' clock is past January)
    result = invoice_documents_issue(invoice=billed_january, actor=billing_user)
    # then both are dated 31.01 of that year, not the issue day
    last = billed_january.period.last_day
    for link in result.issued:
        assert f"от {last:%d.%m.%Y}" in docx_text(link.document), link.kind
