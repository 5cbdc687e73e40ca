"""The period's documents end to end through Celery: billed by the run, issued by the job,
converted to PDF in the background, printed as one PDF — real worker processes and
LibreOffice on the PostgreSQL + Redis pass (eager on SQLite)."""

import io
import time

import pytest
from pypdf import PdfReader

from billing.invoices.models import InvoiceDocument, OutputJob
from billing.invoices.services import output_job_start
from billing.models import BillingRun
from billing.services.runs import billing_run_start
from documents import storage
from documents.models import PdfRendition

from ..conftest import january_2026

pytestmark = [pytest.mark.worker]


def wait_until(check, what: str, timeout: float = 180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.3)
    raise AssertionError(f"{what}: not within {timeout} s")


def finished(job: OutputJob) -> OutputJob | None:
    job.refresh_from_db()
    return None if job.is_active else job


def test_issue_convert_and_print_a_period_with_real_workers(celery_workers, town, make_contract, period_jan,
                                                           billing_user, organization):
    # given two contracts and a worker
    town.temperatures(january_2026())
    for heating in ("0.3", "0.2"):
        make_contract(heating=heating)
    celery_workers.start(1)
    run = billing_run_start(period=period_jan, actor=billing_user)
    wait_until(lambda: not BillingRun.objects.get(pk=run.pk).is_active, "billing run")
    # when the documents are issued
    job = output_job_start(period=period_jan, actor=billing_user, kind=OutputJob.Kind.ISSUE)
    job = wait_until(lambda: finished(job), "issue job")
    # then four documents, each converted to PDF in the background
    assert (job.status, job.issued, job.done, job.total) == (OutputJob.Status.DONE, 4, 2, 2)
    wait_until(lambda: PdfRendition.objects.filter(status=PdfRendition.Status.DONE).count() == 4, "PDF renditions")
    # when the period is printed
    printing = output_job_start(period=period_jan, actor=billing_user, kind=OutputJob.Kind.PRINT)
    printing = wait_until(lambda: finished(printing), "print job")
    # then one PDF of four A4 pages (УПД landscape, счет portrait), one per document
    assert printing.status == OutputJob.Status.DONE, printing.error
    reader = PdfReader(io.BytesIO(storage.read(printing.printout.storage_name)))
    assert len(reader.pages) == 4 == InvoiceDocument.objects.count()
    assert [round(p.mediabox.width) for p in reader.pages] == [842, 595, 842, 595]
