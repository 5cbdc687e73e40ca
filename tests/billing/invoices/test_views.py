"""Pages of «Расчеты → Документы и выгрузка»: issue and print from the period page, job
progress, printout and export downloads; permissions on the server."""

import pytest
from django.urls import reverse

from accounts.roles import BILLING, LEGAL, MANAGER, TECHNICIAN
from billing.invoices.models import InvoiceDocument, InvoicePrintout, OutputJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def billing_client(client, make_user):
    client.force_login(make_user(BILLING))
    return client


def test_the_period_page_issues_and_prints_through_jobs(billed_january, billing_client, fake_converter,
                                                        django_capture_on_commit_callbacks):
    period = billed_january.period
    page = billing_client.get(reverse("billing:outputs:period", args=[period.pk]))
    assert page.status_code == 200 and "Выпустить УПД и счета" in page.content.decode()
    # an empty POST is an invalid form: nothing starts
    assert billing_client.post(reverse("billing:outputs:issue", args=[period.pk])).status_code == 200
    assert not OutputJob.objects.exists()
    # issue
    with django_capture_on_commit_callbacks(execute=True):
        response = billing_client.post(reverse("billing:outputs:issue", args=[period.pk]), {"kinds": ["upd", "payment"]})
    job = OutputJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("billing:outputs:job", args=[job.pk])
    assert billing_client.get(response["Location"]).status_code == 200
    assert InvoiceDocument.objects.count() == 2
    page = billing_client.get(reverse("billing:outputs:period", args=[period.pk])).content.decode()
    for link in InvoiceDocument.objects.select_related("document"):
        assert link.document.number in page
    # print, then download the printout
    with django_capture_on_commit_callbacks(execute=True):
        billing_client.post(reverse("billing:outputs:print", args=[period.pk]), {"kinds": ["upd", "payment"]})
    printout = InvoicePrintout.objects.get()
    response = billing_client.get(reverse("billing:outputs:printout", args=[printout.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and "attachment" in response["Content-Disposition"]


def test_a_refused_job_shows_the_reason_on_the_form(period_dec, billing_client):
    response = billing_client.post(reverse("billing:outputs:issue", args=[period_dec.pk]), {"kinds": ["upd"]})
    assert response.status_code == 200 and response.context["form"].non_field_errors()  # no_invoices


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_export_files_download_from_the_period(billed_january, billing_client, fmt):
    response = billing_client.get(reverse("billing:outputs:export", args=[billed_january.period.pk, fmt]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body and f"billing-export-2026-01.{fmt}" in response["Content-Disposition"]


@pytest.mark.parametrize(("role", "index", "issue", "export"), [
    (BILLING, 200, 200, 200), (LEGAL, 200, 403, 403), (MANAGER, 200, 403, 403), (TECHNICIAN, 403, 403, 403),
])
def test_who_may_open_issue_and_export(billed_january, client, make_user, role, index, issue, export):
    client.force_login(make_user(role))
    period = billed_january.period
    assert client.get(reverse("billing:outputs:index")).status_code == index
    assert client.get(reverse("billing:outputs:issue", args=[period.pk])).status_code == issue
    assert client.get(reverse("billing:outputs:export", args=[period.pk, "csv"])).status_code == export
