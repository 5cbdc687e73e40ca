"""The case pages: the list with its filters, the card with everything of a case, the file
download and the limitation watch — 403 for other roles even by a direct URL, every opening
and download audited."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import ADMINISTRATOR, BILLING, TECHNICIAN
from audit.models import AuditEvent
from casefiles import services
from casefiles.models import Case

from . import samples


@pytest.fixture
def full_case(debts, lawyer, arbitration_court, today):
    case = services.case_open(consumer=debts[0].consumer, contract=debts[0].contract, debts=debts,
                              kind=Case.Kind.CLAIM, actor=lawyer)
    services.amounts_refresh(case=case, as_of=today, actor=lawyer)
    services.case_route_set(case=case, kind=Case.Kind.LAWSUIT_ARBITRATION, court=arbitration_court, actor=lawyer,
                            reason="должник оспаривает объем")
    services.claim_sent_record(case=case, sent_on=today - timedelta(days=60), tracking="80082345678901", actor=lawyer)
    services.case_file(case=case, court=arbitration_court, court_case_number="А40-77/2026",
                       filed_on=today - timedelta(days=25), actor=lawyer)
    services.hearing_add(case=case, starts_at=timezone.make_aware(datetime.combine(today - timedelta(days=5), time(11))),
                         place="зал 7012", result="иск удовлетворен", actor=lawyer)
    services.judgment_record(case=case, kind="decision", decided_on=today - timedelta(days=5), actor=lawyer,
                             principal_awarded=D("250000.00"), penalty_awarded=D("4321.00"), duty_awarded=D("17716.00"))
    services.document_upload(case=case, content=samples.pdf(), filename="егрюл.pdf", kind="register_extract",
                             title="Выписка из ЕГРЮЛ", actor=lawyer)
    case.refresh_from_db()
    return case


def test_the_card_shows_the_case_and_is_audited(client, full_case, lawyer):
    client.force_login(lawyer)
    response = client.get(reverse("casefiles:card", args=[full_case.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    for shown in ("Иск в арбитражный суд", "А40-77/2026", "зал 7012", "250\xa0000,00", "4\xa0321,00", "Выписка из ЕГРЮЛ",
                  "80082345678901", "должник оспаривает объем", "КБК"):
        assert shown in text, shown
    assert AuditEvent.objects.filter(action="case.viewed", target_id=str(full_case.pk)).count() == 1
    # the judgment's column is headed by the judgment, beside the ledger's
    assert f"Решение от {full_case.judgment.decided_on:%d.%m.%Y}</th>" in text and "В деле по учету" in text


@pytest.mark.parametrize("role", [BILLING, TECHNICIAN, ADMINISTRATOR])
def test_other_roles_get_403_even_by_direct_url(client, full_case, make_user, role):
    client.force_login(make_user(role))
    item = full_case.documents.get()
    for url in (reverse("casefiles:index"), reverse("casefiles:card", args=[full_case.pk]),
                reverse("casefiles:document", args=[full_case.pk, item.pk]), reverse("casefiles:limitation")):
        assert client.get(url).status_code == 403, url
    assert not AuditEvent.objects.filter(action__in=["case.viewed", "case.document_downloaded"]).exists()


def test_the_download_is_the_file_and_is_audited(client, full_case, manager):
    client.force_login(manager)
    item = full_case.documents.get()
    response = client.get(reverse("casefiles:document", args=[full_case.pk, item.pk]))
    assert response.status_code == 200 and response.content == samples.pdf()
    assert "attachment" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(action="case.document_downloaded", target_id=str(full_case.pk)).count() == 1


def test_a_document_of_another_case_is_not_found(client, full_case, lawyer, contract):
    other = services.case_open(consumer=contract.consumer, debts=[], kind=Case.Kind.POLICE, actor=lawyer)
    client.force_login(lawyer)
    item = full_case.documents.get()
    assert client.get(reverse("casefiles:document", args=[other.pk, item.pk])).status_code == 404


def test_the_list_filters_by_kind_and_stage(client, full_case, lawyer, contract):
    police = services.case_open(consumer=contract.consumer, debts=[], kind=Case.Kind.POLICE, actor=lawyer)
    client.force_login(lawyer)
    url = reverse("casefiles:index")
    page = client.get(url, {"kind": "police"}).context["page"]
    assert list(page) == [police]
    page = client.get(url, {"stage": Case.Stage.JUDGMENT}).context["page"]
    assert list(page) == [full_case]


def test_the_limitation_page(client, lawyer):
    client.force_login(lawyer)
    response = client.get(reverse("casefiles:limitation"))
    assert response.status_code == 200 and "ГК РФ ст. 196" in response.content.decode()


def test_the_debtors_card_shows_limitation_and_cases_to_legal_staff_only(client, full_case, lawyer, make_user):
    url = reverse("subscribers:consumers:detail", args=[full_case.consumer_id])
    client.force_login(lawyer)
    text = client.get(url).content.decode()
    assert "Исковая давность" in text and "Давность истекает" in text and f"№ {full_case.pk}" in text
    client.force_login(make_user(BILLING))
    text = client.get(url).content.decode()
    assert "Исковая давность" not in text and "Претензии и суды" not in text
