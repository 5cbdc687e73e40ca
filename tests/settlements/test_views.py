import re
from datetime import date
from decimal import Decimal
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import BILLING, LEGAL, MANAGER, TECHNICIAN
from audit.models import AuditEvent
from settlements.models import Payment
from settlements.services.accrual import accrue_penalties
from settlements.services.allocation import RULE_EARLIEST, allocate_contract

from .factories import ContractFactory, DebtFactory, PaymentFactory

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


def _squeeze(text: str) -> str:
    """Collapse ordinary white space, keeping the no-break space of formatted amounts."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def _rows(html: str) -> list[list[str]]:
    """The page's table rows as lists of cell texts (tags dropped, spaces collapsed)."""
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S):
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        rows.append([_squeeze(unescape(re.sub(r"<[^>]+>", " ", c))) for c in cells])
    return rows


def _kpis(html: str) -> dict[str, str]:
    return {
        _squeeze(title): unescape(value)
        for title, value in re.findall(r'<div class="st-kpi">(.*?)<b>(.*?)</b></div>', html, re.S)
    }


def test_the_card_shows_debts_payments_and_penalties(client, make_user, organization, penalty_rules):
    # given a September debt paid in part, late, and the October penalty accrual
    debt = DebtFactory(amount=Decimal("12345.67"), period=date(2026, 9, 1), due_date=date(2026, 10, 10))
    PaymentFactory(contract=debt.contract, amount=Decimal("2345.67"), doc_date=date(2026, 10, 24), number="517",
                   purpose="Оплата по договору за сентябрь 2026")
    allocate_contract(contract_id=debt.contract_id)
    accrue_penalties(as_of=date(2026, 10, 31), rules=penalty_rules)
    client.force_login(make_user(MANAGER))
    # when
    response = client.get(reverse("settlements:card", args=[debt.consumer_id]))
    # then
    assert response.status_code == 200
    text = response.content.decode()
    rows = _rows(text)
    # the balance
    assert _kpis(text) == {
        "Начислено": "12\xa0345,67\xa0₽", "Оплачено": "2\xa0345,67\xa0₽", "Задолженность": "10\xa0000,00\xa0₽",
        "Переплата (аванс)": "0,00\xa0₽", "Пени на 31.10.2026": "177,46\xa0₽", "Оплачено пени": "0,00\xa0₽",
    }
    # the debt by period
    assert ["09.2026", debt.contract.number, "", "", "12\xa0345,67", "2\xa0345,67", "10\xa0000,00"] in [r[:7] for r in rows]
    # the payment with its allocation (earliest due first, ГК ст. 319.1)
    assert [
        "24.10.2026", "517", "2\xa0345,67", "Оплата за тепловую энергию", "Оплата по договору за сентябрь 2026",
        f"2\xa0345,67 → 09.2026 оплата за расчетный период {RULE_EARLIEST}",
    ] in rows
    # the penalty lines: the portion paid on 24.10 and the open rest through 31.10, 1/130 of 9,5 %
    penalty_rows = [r[:8] for r in rows if len(r) == 9 and r[0] == "09.2026"]
    assert penalty_rows == [
        ["09.2026", "2\xa0345,67", "11.10.2026", "24.10.2026", "14", "1/130", "9,5", "24,00"],
        ["09.2026", "10\xa0000,00", "11.10.2026", "31.10.2026", "21", "1/130", "9,5", "153,46"],
    ]
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
