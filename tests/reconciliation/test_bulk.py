"""The bulk quarter job: one act per contract, one ZIP and one PDF with a bookmark per
contract; run again, nothing is issued anew and the ZIP is the same."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from accounts.roles import BILLING
from core.errors import ApplicationError
from documents import storage
from documents.models import ArchivedDocument
from reconciliation.bulk import bulk_job_start
from reconciliation.models import BulkJob, SettlementsReconciliation
from tests.settlements.factories import ContractFactory, DebtFactory

# the job runs in-process also on the broker pass: a real worker cannot see the test's open transaction
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]


def run(user, django_capture_on_commit_callbacks, **filters) -> BulkJob:
    with django_capture_on_commit_callbacks(execute=True):
        job = bulk_job_start(date_to=date(2025, 3, 31), actor=user, **filters)
    job.refresh_from_db()
    return job


def test_the_job_is_idempotent_and_its_pdf_has_a_bookmark_per_contract(
        quarter, make_user, fake_converter, django_capture_on_commit_callbacks):
    # given a second contract with a charge in the quarter
    other = ContractFactory()
    DebtFactory(contract=other, period=date(2025, 2, 1), due_date=date(2025, 3, 10))
    user = make_user(BILLING)
    # when the quarter's job runs
    first = run(user, django_capture_on_commit_callbacks)
    # then each contract has its act, the ZIP holds both DOCX, the PDF one bookmark each
    assert (first.status, first.total, first.done, first.issued, first.unchanged) == ("done", 2, 2, 2, 0)
    assert SettlementsReconciliation.objects.count() == 2
    pdf = PdfReader(io.BytesIO(storage.read(first.pdf_name)))
    titles = sorted(item.title for item in pdf.outline)
    assert titles == sorted(f"{c.consumer.name} — договор № {c.number}" for c in (quarter, other))
    # when it runs again: nothing is issued anew, the same ZIP
    issued = ArchivedDocument.objects.count()
    second = run(user, django_capture_on_commit_callbacks)
    assert (second.status, second.issued, second.unchanged) == ("done", 0, 2)
    assert ArchivedDocument.objects.count() == issued
    assert SettlementsReconciliation.objects.count() == 2
    assert second.zip_sha256 == first.zip_sha256


def test_a_day_that_is_not_a_quarter_end_is_refused(quarter, make_user):
    with pytest.raises(ApplicationError) as refused:
        bulk_job_start(date_to=date(2025, 2, 28), actor=make_user(BILLING))
    assert refused.value.code == "not_quarter_end"
    assert not BulkJob.objects.exists()


def test_the_job_page_shows_the_progress(quarter, make_user, client, django_capture_on_commit_callbacks):
    user = make_user(BILLING)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/reconciliation_flows/bulk/", {"date_to": "31.03.2025"})
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"]).content.decode()
    assert "Обработано 1 из 1" in page
    assert client.get(response["Location"] + "file.zip").status_code == 200
