"""The debtors list (days overdue, penalty in force, category, contract; sort, filters, XLSX)
and the debtor card's «на дату» box: numbers and dates as people write them."""

import re
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import BILLING, LEGAL, MANAGER
from audit.models import AuditEvent
from settlements import selectors
from settlements.services.accrual import accrue_penalties
from settlements.services.allocation import allocate_contract

from .factories import ConsumerFactory, ContractFactory, DebtFactory, PaymentFactory

MOSCOW = ZoneInfo("Europe/Moscow")
TODAY = date(2026, 12, 5)


@pytest.fixture
def today():
    with time_machine.travel(datetime(2026, 12, 5, 12, 0, tzinfo=MOSCOW), tick=False):
        yield TODAY


@pytest.fixture
def debtors(db, penalty_rules):
    """An УК owing 78 713 019,27 since 10.10 (penalty accrued on 30.11), a company owing a
    little since 10.11, and a paid one."""
    uk = ContractFactory(number="1001-Т", consumer=ConsumerFactory(name='ООО "УК Большая"', penalty_category="managing_org"))
    DebtFactory(contract=uk, period=date(2026, 9, 1), due_date=date(2026, 10, 10), amount=Decimal("78713019.27"))
    small = ContractFactory(number="2002-Т", consumer=ConsumerFactory(name='ООО "Малый"', penalty_category="other"))
    DebtFactory(contract=small, period=date(2026, 10, 1), due_date=date(2026, 11, 10), amount=Decimal("501610.20"))
    paid = ContractFactory(number="3003-Т")
    DebtFactory(contract=paid, amount=Decimal("100.00"))
    PaymentFactory(contract=paid, amount=Decimal("100.00"), paid_on=date(2026, 10, 5))
    allocate_contract(contract_id=paid.pk)
    accrue_penalties(as_of=date(2026, 11, 30), rules=penalty_rules)
    return uk, small


def _rows(html: str) -> list[list[str]]:
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        if cells:
            rows.append([re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", "", c)).strip() for c in cells])
    return rows


def test_the_list_shows_days_overdue_penalty_category_and_contract(client, make_user, debtors, today):
    uk, small = debtors
    expected_penalty = selectors.penalty_summary(consumer=uk.consumer).accrued  # the card's exact figure
    assert expected_penalty > 0
    client.force_login(make_user(BILLING))
    html = client.get(reverse("settlements:debtors")).content.decode()
    assert "Должники на 05.12.2026" in html and "начислению на 30.11.2026" in html
    rows = _rows(html)
    assert [r[4] for r in rows] == ["1001-Т", "2002-Т"]  # the paid contract is not listed; largest first
    big = rows[0]
    assert big[3].startswith("Управляющие организации") and big[5] == "78\xa0713\xa0019,27"
    assert big[6] == str((TODAY - date(2026, 10, 10)).days)
    from core.formatting import amount

    assert big[7] == amount(expected_penalty)
    assert rows[1][5] == "501\xa0610,20" and rows[1][6] == str((TODAY - date(2026, 11, 10)).days)


def test_the_list_sorts_and_filters(client, make_user, debtors, today):
    client.force_login(make_user(MANAGER))

    def contracts(**params):
        return [r[4] for r in _rows(client.get(reverse("settlements:debtors"), params).content.decode()) if len(r) == 8]

    assert contracts(order="outstanding") == ["2002-Т", "1001-Т"]
    assert contracts(order="-days") == ["1001-Т", "2002-Т"]
    assert contracts(order="days") == ["2002-Т", "1001-Т"]
    assert contracts(order="penalty") == ["2002-Т", "1001-Т"]
    assert contracts(order="contract") == ["1001-Т", "2002-Т"]
    assert contracts(category="other") == ["2002-Т"]
    assert contracts(contract="1001") == ["1001-Т"]
    assert contracts(min_days=30) == ["1001-Т"]
    assert contracts(min_days=60, category="other") == []


def test_the_list_exports_xlsx_with_money_as_numbers(client, make_user, debtors, today):
    uk, _ = debtors
    client.force_login(user := make_user(LEGAL))
    response = client.get(reverse("settlements:debtors"), {"format": "xlsx", "order": "-days", "category": "managing_org"})
    assert response.status_code == 200 and response["Content-Disposition"].endswith('debtors-2026-12-05.xlsx"')
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A1"].value == "Должники на 05.12.2026; пени начислены на 30.11.2026"
    assert [c.value for c in sheet[3]] == ["№", "Код", "Абонент", "ИНН", "Категория", "Договор", "Задолженность, ₽",
                                           "Дней просрочки", "Пени, ₽"]
    row = sheet[4]
    assert row[5].value == "1001-Т" and Decimal(str(row[6].value)) == Decimal("78713019.27")
    assert isinstance(row[6].value, (int, float, Decimal)) and row[6].number_format == "#,##0.00"
    assert row[7].value == (TODAY - date(2026, 10, 10)).days
    assert Decimal(str(row[8].value)) == selectors.penalty_summary(consumer=uk.consumer).accrued
    assert row[8].number_format == "#,##0.00"
    assert sheet.max_row == 4  # the filter applied
    event = AuditEvent.objects.get(action="settlements.export.downloaded")
    assert event.actor == user and event.data["export"] == "debtors" and event.data["filters"]["category"] == "managing_org"


def test_the_card_shows_money_and_dates_as_people_write_them(client, make_user, debtors, today):
    uk, _ = debtors
    client.force_login(make_user(BILLING))
    html = client.get(reverse("settlements:card", args=[uk.consumer_id])).content.decode()
    assert "78\xa0713\xa0019,27\xa0₽" in html and "10.10.2026" in html
    assert "78713019" not in html and "78713019.27" not in html


def test_the_card_date_box_round_trips_and_recalculates(client, make_user, debtors, today):
    uk, _ = debtors
    client.force_login(make_user(LEGAL))
    card = reverse("settlements:card", args=[uk.consumer_id])
    html = client.get(card).content.decode()
    # the box shows today as people write it, in a text box (never a browser date field)
    box = re.search(r'<input[^>]*name="as_of"[^>]*>', html).group(0)
    assert 'value="05.12.2026"' in box and 'type="text"' in box and 'placeholder="ДД.ММ.ГГГГ"' in box
    # «Рассчитать» on a typed date: the penalty by the exact calculation, and the box keeps the date
    response = client.get(card, {"as_of": "20.11.2026", "calculate": ""})
    html = response.content.decode()
    statement = selectors.penalty_on(consumer=uk.consumer, as_of=date(2026, 11, 20))
    from core.formatting import money

    assert statement.total > 0
    assert f"Пени на 20.11.2026: <b>{money(statement.total)}</b>" in html
    assert 'value="20.11.2026"' in re.search(r'<input[^>]*name="as_of"[^>]*>', html).group(0)
    # a later date: more penalty
    later = selectors.penalty_on(consumer=uk.consumer, as_of=date(2026, 12, 1)).total
    assert later > statement.total
    assert money(later) in client.get(card, {"as_of": "2026-12-01"}).content.decode()
    # a bad or future date is refused on the field, shown back as typed
    html = client.get(card, {"as_of": "31.02.2026"}).content.decode()
    assert "Пени на 31.02.2026" not in html and 'value="31.02.2026"' in html
    assert "в будущем" in client.get(card, {"as_of": "06.12.2026"}).content.decode()
