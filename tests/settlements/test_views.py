from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import BILLING, LEGAL, MANAGER, TECHNICIAN
from audit.models import AuditEvent
from settlements.models import Payment

from .factories import ContractFactory, DebtFactory

PAGES = ["settlements:index", "settlements:debtors", "settlements:unmatched", "settlements:turnover"]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize(("role", "status"), [(BILLING, 200), (LEGAL, 200), (MANAGER, 200), (TECHNICIAN, 403)])
def test_who_sees_the_settlement_pages(client, make_user, name, role, status):
    client.force_login(make_user(role))
    assert client.get(reverse(name)).status_code == status


def test_the_debtors_page_lists_what_each_consumer_owes_and_searches(client, make_user):
    DebtFactory(contract__consumer__name='ООО "Должник"', amount=Decimal("1234.56"))
    DebtFactory(contract__consumer__name='ООО "Другой"', amount=Decimal("10.00"))
    client.force_login(make_user(BILLING))
    page = client.get(reverse("settlements:debtors")).content.decode()
    assert "1\xa0234,56" in page and "Другой" in page
    found = client.get(reverse("settlements:debtors"), {"q": "Должник"}).content.decode()
    assert "1\xa0234,56" in found and "Другой" not in found


def test_the_card_shows_debts_payments_and_penalties(client, make_user, organization):
    debt = DebtFactory(amount=Decimal("12345.67"), period=date(2026, 9, 1))
    client.force_login(make_user(MANAGER))
    response = client.get(reverse("settlements:card", args=[debt.consumer_id]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "12\xa0345,67" in text and "09.2026" in text
    # a manager sees the card but is not offered the penalty statement
    assert "Расчет пени на дату (DOCX)" not in text


def test_a_billing_specialist_imports_the_sample_through_the_page(client, make_user, sample_statement, sample_payers):
    client.force_login(make_user(BILLING))
    upload = SimpleUploadedFile("bank_statement_1c.txt", sample_statement, content_type="text/plain")
    response = client.post(reverse("settlements:upload"), {"file": upload}, follow=True)
    assert response.status_code == 200
    assert "Принято платежей: 4 на 188881.65 ₽" in response.content.decode()
    assert AuditEvent.objects.filter(action="settlements.statement_imported").count() == 1


def test_a_bad_statement_shows_every_problem_and_writes_nothing(client, make_user, sample_statement, sample_payers):
    client.force_login(make_user(BILLING))
    bad = sample_statement.decode("cp1251").replace("Сумма=55000.00", "Сумма=-55000.00").encode("cp1251")
    response = client.post(reverse("settlements:upload"), {"file": SimpleUploadedFile("s.txt", bad)})
    assert "сумма -55000.00 должна быть больше нуля" in response.content.decode()
    assert not Payment.objects.exists()


def test_an_unmatched_payment_is_resolved_by_hand_and_audited(client, make_user, organization):
    # given a payment nobody could match and the contract it belongs to
    contract = ContractFactory(number="4040-Т")
    debt = DebtFactory(contract=contract, amount=Decimal("500.00"))
    payment = Payment.objects.create(
        bank_key="x", number="9", doc_date=date(2026, 10, 20), paid_on=date(2026, 10, 20), amount=Decimal("300.00"),
        payer_inn="7707083893", status=Payment.Status.UNMATCHED, unmatched_reason="плательщик не найден",
    )
    client.force_login(user := make_user(BILLING))
    # when
    response = client.post(reverse("settlements:resolve", args=[payment.pk]),
                           {"contract_number": "4040-t", "kind": "principal", "periods": "09.2026"})
    # then
    assert response.status_code == 302
    payment.refresh_from_db()
    assert (payment.status, payment.contract, payment.resolved_by) == (Payment.Status.MATCHED, contract, user)
    assert debt.allocations.get().amount == Decimal("300.00")
    event = AuditEvent.objects.get(action="settlements.payment_resolved")
    assert event.data["before"]["reason"] == "плательщик не найден"


def test_a_technician_cannot_resolve_payments(client, make_user, organization):
    payment = Payment.objects.create(
        bank_key="x", number="9", doc_date=date(2026, 10, 20), paid_on=date(2026, 10, 20), amount=Decimal("300.00"),
        status=Payment.Status.UNMATCHED,
    )
    client.force_login(make_user(TECHNICIAN))
    assert client.post(reverse("settlements:resolve", args=[payment.pk]), {}).status_code == 403


def test_turnover_statement_page_exports_xlsx(client, make_user):
    client.force_login(make_user(BILLING))
    response = client.get(reverse("settlements:turnover"), {"period": "2026-10", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="osv-2026-10.xlsx"'
    assert response.content[:2] == b"PK"


def test_the_turnover_export_is_audited_once_naming_the_user_and_the_filters(client, make_user):
    # given a debt of October, so the statement has one row
    DebtFactory(period=date(2026, 10, 1), amount=Decimal("500.00"))
    user = make_user(LEGAL, username="yurist")
    client.force_login(user)
    # when the statement is downloaded
    response = client.get(reverse("settlements:turnover"), {"period": "2026-10", "format": "xlsx"})
    # then one event names who exported which report with which filters
    assert response.status_code == 200
    [event] = AuditEvent.objects.filter(action="settlements.export.downloaded")
    assert (event.actor, event.actor_repr) == (user, "yurist")
    assert event.data == {"export": "turnover", "format": "xlsx", "filters": {"period": "2026-10"}, "rows": 1}
    # and looking at the page is not an export
    client.get(reverse("settlements:turnover"), {"period": "2026-10"})
    assert AuditEvent.objects.filter(action="settlements.export.downloaded").count() == 1


@pytest.mark.parametrize(("role", "linked"), [(BILLING, True), (LEGAL, True), (TECHNICIAN, False)])
def test_the_consumer_card_links_the_settlement_card(client, make_user, role, linked):
    debt = DebtFactory()
    client.force_login(make_user(role))
    page = client.get(reverse("subscribers:consumers:detail", args=[debt.consumer_id])).content.decode()
    assert (reverse("settlements:card", args=[debt.consumer_id]) in page) is linked
