from datetime import date
from decimal import Decimal

from billing.models import BillingPeriod, Invoice
from settlements.models import Debt, Payment
from settlements.services.invoices import debts_from_invoices, pending_invoices
from subscribers.models import Contract

from ..factories import ContractFactory


def _invoice(contract, month, amount):
    period, _ = BillingPeriod.objects.get_or_create(month=month)
    return Invoice.objects.create(
        period=period, contract=contract, consumer=contract.consumer, shipment_date=month.replace(day=28),
        vat_rate=Decimal("22.00"), amount=amount, vat_amount=Decimal("0.00"), amount_with_vat=amount,
        lines_digest="0" * 32,
    )


def _close(month):
    BillingPeriod.objects.filter(month=month).update(status=BillingPeriod.Status.CLOSED)


def test_closed_periods_invoices_become_debts_once(db):
    # given an October invoice (period closed) and a November one (still open)
    contract = ContractFactory(payment_scheme=Contract.PaymentScheme.MANAGING_ORG)
    october = _invoice(contract, date(2026, 10, 1), Decimal("1200.00"))
    _invoice(contract, date(2026, 11, 1), Decimal("900.00"))
    _close(date(2026, 10, 1))
    # when the job runs twice
    assert debts_from_invoices() == 1
    assert debts_from_invoices() == 0
    # then October is owed by 16.11.2026 (the 15th is a Sunday), November not yet
    [debt] = Debt.objects.all()
    assert (debt.period, debt.amount, debt.due_date, debt.invoice_id) == (
        date(2026, 10, 1), Decimal("1200.00"), date(2026, 11, 16), october.pk)


def test_a_negative_closed_invoice_becomes_credit_and_is_not_taken_again(db):
    contract = ContractFactory(payment_scheme=Contract.PaymentScheme.MANAGING_ORG)
    _invoice(contract, date(2026, 10, 1), Decimal("-50.00"))
    _close(date(2026, 10, 1))
    debts_from_invoices()
    debts_from_invoices()
    assert list(Payment.objects.values_list("kind", "amount")) == [("adjustment", Decimal("50.00"))]
    assert pending_invoices().count() == 1  # still listed (no debts), but taken again it writes nothing
