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
