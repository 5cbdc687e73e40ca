"""Printing a period's documents as one PDF: merged in contract order with bookmarks,
archived with its SHA-256, PDFs still missing converted on the way."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone
from django.utils.timezone import localtime
from pypdf import PdfReader, PdfWriter

from accounts.roles import BILLING
from audit.models import AuditEvent
from billing.invoices.models import InvoicePrintout, OutputJob
from billing.invoices.printing import printout_content
from billing.invoices.services import invoice_documents_issue, output_job_start
from core.errors import ApplicationError
from core.watchdog import stalled_before
from documents import storage
from documents.models import ArchivedDocument, PdfRendition

from ..conftest import january_2026

pytestmark = pytest.mark.django_db


@pytest.fixture
def billing_user(make_user):
    return make_user(BILLING)


@pytest.fixture
def two_contracts_issued(town, make_contract, period_jan, run_period, organization, billing_user):
    town.temperatures(january_2026())
    contracts = sorted((make_contract(heating=h)[0] for h in ("0.3", "0.2")), key=lambda c: c.number)
    run_period(period_jan)
    for invoice in period_jan.invoices.all():
        invoice_documents_issue(invoice=invoice, actor=billing_user)
    return contracts


def print_period(period, actor, capture, kinds=("upd", "payment")):
    with capture(execute=True):
        job = output_job_start(period=period, actor=actor, kind=OutputJob.Kind.PRINT, kinds=list(kinds))
    job.refresh_from_db()
    return job


def outline(reader: PdfReader) -> list:
    """``[(title, page, [(child, page), …]), …]``"""
    result, items = [], reader.outline
    for n, item in enumerate(items):
        if isinstance(item, list):
            continue
        children = items[n + 1] if n + 1 < len(items) and isinstance(items[n + 1], list) else []
        result.append((item.title, reader.get_destination_page_number(item),
                       [(c.title, reader.get_destination_page_number(c)) for c in children]))
    return result


def test_the_period_prints_as_one_pdf_with_a_bookmark_per_contract_and_document(
    two_contracts_issued, period_jan, billing_user, fake_converter, django_capture_on_commit_callbacks
):
    # when (no PDF archived yet: the job converts them on the way)
    job = print_period(period_jan, billing_user, django_capture_on_commit_callbacks)
    # then
    assert (job.status, job.total, job.done, job.issued, job.problems) == (OutputJob.Status.DONE, 4, 4, 4, [])
    printout = InvoicePrintout.objects.get(job=job)
    content = storage.read(printout.storage_name)
    assert storage.sha256(content) == printout.sha256 and printout.pages == 4
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 4
    first, second = two_contracts_issued
    marks = outline(reader)
    assert [m[0].split(" — ")[0] for m in marks] == [f"Договор № {first.number}", f"Договор № {second.number}"]
    assert [m[1] for m in marks] == [0, 2]
    assert [title.split(" № ")[0] for title, _ in marks[0][2]] == [
        "УПД (счет-фактура и передаточный документ)", "Счет на оплату"]
    assert [page for _, page in marks[1][2]] == [2, 3]
    # and every document's PDF is now archived beside its DOCX
    assert PdfRendition.objects.filter(status=PdfRendition.Status.DONE).count() == 4
    assert AuditEvent.objects.filter(action="billing.invoices.printed").get().data["pages"] == 4


def test_only_the_chosen_kind_is_printed(two_contracts_issued, period_jan, billing_user, fake_converter,
                                         django_capture_on_commit_callbacks):
    job = print_period(period_jan, billing_user, django_capture_on_commit_callbacks, kinds=["upd"])
    # numbered in the year of issue (the day the test runs), whatever month is billed
    years = {localtime(d.issued_at).year for d in ArchivedDocument.objects.filter(number__in=job.printout.documents)}
    assert [n.split("/")[0] for n in job.printout.documents] == [f"УПД-{year}" for year in years] * 2


def test_a_document_without_a_pdf_is_listed_and_the_rest_printed(
    two_contracts_issued, period_jan, billing_user, fake_converter, django_capture_on_commit_callbacks
):
    # given a converter that fails (LibreOffice broken)
    fake_converter.fail = True
    # when
    job = print_period(period_jan, billing_user, django_capture_on_commit_callbacks)
    # then nothing could be printed: the job says so and names each document
    assert job.status == OutputJob.Status.FAILED and len(job.problems) == 4
    assert "Ошибка конвертации" in job.problems[0]["message"]
    # when the converter works again, everything prints
    fake_converter.fail = False
    assert print_period(period_jan, billing_user, django_capture_on_commit_callbacks).printout.pages == 4


def test_printing_needs_issued_documents(billed_january, billing_user, django_capture_on_commit_callbacks):
    job = print_period(billed_january.period, billing_user, django_capture_on_commit_callbacks)
    assert job.status == OutputJob.Status.FAILED and "еще не выпущены" in job.error


def test_a_tampered_printout_is_not_delivered(two_contracts_issued, period_jan, billing_user, fake_converter,
                                             django_capture_on_commit_callbacks, archive_dir):
    printout = print_period(period_jan, billing_user, django_capture_on_commit_callbacks).printout
    (archive_dir / printout.storage_name).write_bytes(b"%PDF-1.4 forged")
    with pytest.raises(ApplicationError, match="SHA-256"):
        printout_content(printout, actor=billing_user)


def test_the_templates_convert_to_one_a4_page_each_with_real_libreoffice(billed_january, billing_user, settings,
                                                                          tmp_path):
    """The layout check: the УПД fits one landscape A4 page, the счет one portrait A4 page."""
    from documents.pdf import convert_docx_to_pdf

    settings.PDF_POOL_DIR = tmp_path / "no-pool"  # cold soffice, whatever runs on this machine
    issued = invoice_documents_issue(invoice=billed_january, actor=billing_user).issued
    sizes = {}
    for link in issued:
        pdf = convert_docx_to_pdf(storage.read(link.document.storage_name))
        reader = PdfReader(io.BytesIO(pdf))
        box = reader.pages[0].mediabox
        sizes[link.kind] = (len(reader.pages), round(box.width), round(box.height))
        text = reader.pages[0].extract_text()
        assert link.document.number in text
    assert sizes == {"upd": (1, 842, 595), "payment": (1, 595, 842)}


def test_a_long_merge_keeps_the_job_alive_for_the_watchdog(
    two_contracts_issued, period_jan, billing_user, fake_converter, django_capture_on_commit_callbacks, monkeypatch
):
    # given a merge so slow that each appended document, and the writing of the file, take
    # nearly the watchdog's threshold
    step = timedelta(minutes=settings.WATCHDOG_STALL_MINUTES["output_job"] - 1)
    looked_stalled: list[bool] = []

    with time_machine.travel(timezone.now(), tick=False) as clock:
        def slow(action):
            def run(writer, *args, **kwargs):
                # what the watchdog would see now, then the slow pypdf work
                job = OutputJob.objects.get(kind=OutputJob.Kind.PRINT)
                looked_stalled.append(job.heartbeat_at < stalled_before("output_job"))
                result = action(writer, *args, **kwargs)
                clock.shift(step)
                return result
            return run

        class SlowWriter(PdfWriter):
            append = slow(PdfWriter.append)
            write = slow(PdfWriter.write)

        monkeypatch.setattr("billing.invoices.printing.PdfWriter", SlowWriter)
        # when the period is printed
        job = print_period(period_jan, billing_user, django_capture_on_commit_callbacks)
        # then the job never looked stalled, and it beat once more after writing, before storing
        assert job.status == OutputJob.Status.DONE and InvoicePrintout.objects.filter(job=job).exists()
        assert looked_stalled == [False] * 5
        assert job.heartbeat_at == timezone.now()
