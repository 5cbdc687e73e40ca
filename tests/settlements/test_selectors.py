from datetime import date
from decimal import Decimal

from settlements import selectors
from settlements.services import allocate_contract, debts_for_period
from subscribers.models import Contract

from .factories import ContractFactory, DebtFactory, PaymentFactory


def test_periods_show_charged_paid_outstanding_and_days_overdue(db):
    # given September paid in part, October unpaid
    contract = ContractFactory()
    DebtFactory(contract=contract, period=date(2026, 9, 1), due_date=date(2026, 10, 12), amount=Decimal("1000.00"))
    DebtFactory(contract=contract, period=date(2026, 10, 1), due_date=date(2026, 11, 10), amount=Decimal("500.00"))
    PaymentFactory(contract=contract, amount=Decimal("300.00"), paid_on=date(2026, 10, 20))
    allocate_contract(contract_id=contract.pk)
    # when
    october, september = selectors.periods_of(consumer=contract.consumer, as_of=date(2026, 11, 30))
    # then
    assert (september.charged, september.paid, september.outstanding, september.days_overdue) == (
        Decimal("1000.00"), Decimal("300.00"), Decimal("700.00"), 49)
    assert (october.outstanding, october.days_overdue) == (Decimal("500.00"), 20)
    # and as of a date before the payment nothing was paid
    [_, before] = selectors.periods_of(consumer=contract.consumer, as_of=date(2026, 10, 15))
    assert before.paid == Decimal("0.00")


def test_aging_buckets_split_outstanding_by_days_overdue(db):
    contract = ContractFactory()
    for due, amount in [(date(2026, 12, 10), "1"), (date(2026, 11, 10), "10"), (date(2026, 10, 12), "100"),
                        (date(2026, 9, 10), "1000"), (date(2026, 5, 11), "10000"), (date(2025, 5, 12), "100000")]:
        DebtFactory(contract=contract, period=due.replace(day=1), due_date=due, amount=Decimal(amount))
    buckets = dict(selectors.aging(as_of=date(2026, 11, 30)))
    assert buckets == {
        "не наступил срок": Decimal("1.00"), "1–30 дней": Decimal("10.00"), "31–60 дней": Decimal("100.00"),
        "61–90 дней": Decimal("1000.00"), "91–180 дней": Decimal("0.00"), "181–365 дней": Decimal("10000.00"),
        "более 365 дней": Decimal("100000.00"),
    }


def test_turnover_statement_balances(db, terms_reference):
    # given September 1 000 charged and paid 600 in September, October 500 charged, 300 paid in October
    contract = ContractFactory(payment_scheme=Contract.PaymentScheme.MANAGING_ORG)
    debts_for_period(contract=contract, period=date(2026, 9, 1), amount=Decimal("1000.00"), reference=terms_reference)
    debts_for_period(contract=contract, period=date(2026, 10, 1), amount=Decimal("500.00"), reference=terms_reference)
    PaymentFactory(contract=contract, amount=Decimal("600.00"), paid_on=date(2026, 9, 25))
    PaymentFactory(contract=contract, amount=Decimal("300.00"), paid_on=date(2026, 10, 16))
    # when
    [row] = selectors.turnover(period=date(2026, 10, 1))
    # then
    assert (row.opening, row.charged, row.paid, row.closing) == (
        Decimal("400.00"), Decimal("500.00"), Decimal("300.00"), Decimal("600.00"))


def test_turnover_statement_exports_to_xlsx(db, terms_reference):
    from io import BytesIO

    from openpyxl import load_workbook

    from settlements.exports import turnover_xlsx

    contract = ContractFactory(payment_scheme=Contract.PaymentScheme.MANAGING_ORG)
    debts_for_period(contract=contract, period=date(2026, 10, 1), amount=Decimal("500.00"), reference=terms_reference)
    PaymentFactory(contract=contract, amount=Decimal("800.00"), paid_on=date(2026, 10, 16))
    sheet = load_workbook(BytesIO(turnover_xlsx(period=date(2026, 10, 1)))).active
    assert sheet["A1"].value.startswith("Оборотно-сальдовая ведомость") and "октябрь 2026" in sheet["A1"].value
    row = [c.value for c in sheet[4]]
    assert row[4] == contract.number
    # overpayment: closing credit 300
    assert row[5:] == [0, 0, Decimal("500.00"), Decimal("800.00"), 0, Decimal("300.00")]


def test_debtors_sum_each_consumers_outstanding_to_the_kopeck(db):
    # given one consumer with two debts of odd kopecks paid in part, one paid in full,
    # and one owing a single kopeck
    owing = ContractFactory(consumer__code="A-OWE", consumer__name='ООО "Должник"', consumer__inn="7707083893")
    DebtFactory(contract=owing, period=date(2026, 9, 1), due_date=date(2026, 10, 12), amount=Decimal("1000.10"))
    DebtFactory(contract=owing, period=date(2026, 10, 1), due_date=date(2026, 11, 10), amount=Decimal("0.20"))
    PaymentFactory(contract=owing, amount=Decimal("300.15"), paid_on=date(2026, 10, 20))
    allocate_contract(contract_id=owing.pk)
    paid = ContractFactory(consumer__code="A-PAID")
    DebtFactory(contract=paid, amount=Decimal("12345.67"))
    PaymentFactory(contract=paid, amount=Decimal("12345.67"), paid_on=date(2026, 10, 5))
    allocate_contract(contract_id=paid.pk)
    kopeck = ContractFactory(consumer__code="A-KOP", consumer__name='ООО "Копейка"')
    DebtFactory(contract=kopeck, amount=Decimal("0.01"))
    # when
    rows = list(selectors.debtors(as_of=date(2026, 11, 30)))
    # then 1000.10 + 0.20 − 300.15, exactly, largest first; the paid consumer is not listed
    assert [(r["consumer__code"], str(r["outstanding"])) for r in rows] == [("A-OWE", "700.15"), ("A-KOP", "0.01")]
    # and before the payment the whole sum is owed
    assert str(selectors.debtors(as_of=date(2026, 10, 19))[0]["outstanding"]) == "1000.30"
    # and a search by ИНН or by a part of the name finds the consumer
    assert [r["consumer__code"] for r in selectors.debtors(as_of=date(2026, 11, 30), query="7707083893")] == ["A-OWE"]
    assert [r["consumer__code"] for r in selectors.debtors(as_of=date(2026, 11, 30), query="Копейка")] == ["A-KOP"]
    # in any case, on SQLite as on PostgreSQL (the consumer's normalised search text)
    assert [r["consumer__code"] for r in selectors.debtors(as_of=date(2026, 11, 30), query="копейка")] == ["A-KOP"]
    assert [r["consumer__code"] for r in selectors.debtors(as_of=date(2026, 11, 30), query="ДОЛЖНИК")] == ["A-OWE"]


def test_debtors_are_paginated_lazily(db, django_assert_max_num_queries):
    from django.core.paginator import Paginator

    for n in range(3):
        DebtFactory(amount=Decimal(f"{n + 1}.11"))
    with django_assert_max_num_queries(3):  # whether anything was paid after the date, the count and one page
        page = Paginator(selectors.debtors(as_of=date(2026, 11, 30)), 2).get_page(2)
        assert [str(r["outstanding"]) for r in page] == ["1.11"]


def test_turnover_totals_add_the_rows_to_the_kopeck(db, terms_reference):
    # given two contracts: one in debt with odd kopecks, one overpaid
    debtor = ContractFactory(payment_scheme=Contract.PaymentScheme.MANAGING_ORG)
    debts_for_period(contract=debtor, period=date(2026, 9, 1), amount=Decimal("1000.33"), reference=terms_reference)
    debts_for_period(contract=debtor, period=date(2026, 10, 1), amount=Decimal("500.17"), reference=terms_reference)
    PaymentFactory(contract=debtor, amount=Decimal("600.01"), paid_on=date(2026, 9, 25))
    PaymentFactory(contract=debtor, amount=Decimal("300.02"), paid_on=date(2026, 10, 16))
    payer = ContractFactory(payment_scheme=Contract.PaymentScheme.MANAGING_ORG)
    debts_for_period(contract=payer, period=date(2026, 10, 1), amount=Decimal("0.05"), reference=terms_reference)
    PaymentFactory(contract=payer, amount=Decimal("100.10"), paid_on=date(2026, 10, 2))
    rows = selectors.turnover(period=date(2026, 10, 1))
    # when
    totals = selectors.turnover_totals(rows)
    # then opening 400.32; charged 500.17 + 0.05; paid 300.02 + 100.10; closing 600.47 − 100.05
    assert (str(totals.opening), str(totals.charged), str(totals.paid), str(totals.closing)) == (
        "400.32", "500.22", "400.12", "500.42")
    assert selectors.turnover_totals([]) == selectors.TurnoverTotals()


def test_turnover_xlsx_writes_a_formula_like_name_as_text(db, terms_reference):
    from io import BytesIO

    from openpyxl import load_workbook

    from settlements.exports import turnover_xlsx

    # given a consumer whose name is a formula
    name = '=HYPERLINK("http://example.invalid","Нажмите")'
    contract = ContractFactory(payment_scheme=Contract.PaymentScheme.MANAGING_ORG, consumer__name=name)
    debts_for_period(contract=contract, period=date(2026, 10, 1), amount=Decimal("500.00"), reference=terms_reference)
    # when
    sheet = load_workbook(BytesIO(turnover_xlsx(period=date(2026, 10, 1)))).active
    # then
    assert (sheet["B4"].value, sheet["B4"].data_type) == (name, "s")


def test_turnover_of_a_closed_billing_period_names_the_consumer_as_billed(db, terms_reference):
    from django.utils import timezone

    from billing.models import BillingPeriod

    # given October closed under the old name, the consumer renamed afterwards
    contract = ContractFactory(payment_scheme=Contract.PaymentScheme.MANAGING_ORG, consumer__name='ООО "Старое"')
    debts_for_period(contract=contract, period=date(2026, 10, 1), amount=Decimal("500.00"), reference=terms_reference)
    BillingPeriod.objects.create(month=date(2026, 10, 1), status=BillingPeriod.Status.CLOSED, closed_at=timezone.now())
    consumer = contract.consumer
    consumer.name = 'ООО "Новое"'
    consumer.save()
    # when
    [october] = selectors.turnover(period=date(2026, 10, 1))
    [november] = selectors.turnover(period=date(2026, 11, 1))
    # then the closed month keeps the billed name, a month not closed shows the current one
    assert (october.consumer_name, november.consumer_name) == ('ООО "Старое"', 'ООО "Новое"')
