"""A contract's first quarter of 2025 in the settlements ledger: three closed months with
their debts (March's invoice with a recalculation line and its УПД), payments of the debt and
of the penalty, and a done penalty accrual; our organisation with the head and the chief
accountant. Fixed dates: the figures never depend on today."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from billing.models import BillingPeriod, ChargeLine, Invoice
from settlements.models import Payment, PenaltyAccrual, PenaltyLine
from tests.billing.invoices.conftest import fake_converter  # noqa: F401 — the PDF converter boundary
from tests.documents.conftest import archive_dir  # noqa: F401 — an archive of its own
from tests.settlements.factories import ContractFactory, DebtFactory, PaymentFactory
from tests.subscribers.factories import OrganizationFactory, SignatoryFactory

D = Decimal


@pytest.fixture
def organization(db):
    organization = OrganizationFactory()
    SignatoryFactory(organization=organization, last_name="Громов", first_name="Виктор", middle_name="Иванович",
                     position="Генеральный директор", is_head=True)
    SignatoryFactory(organization=organization, last_name="Соколова", first_name="Елена", middle_name="Павловна",
                     position="Главный бухгалтер", is_head=False, is_chief_accountant=True)
    return organization


def close(month: date) -> BillingPeriod:
    period, _ = BillingPeriod.objects.get_or_create(month=month)
    if not period.is_closed:
        period.status = BillingPeriod.Status.CLOSED
        period.save()
    return period


@pytest.fixture
def quarter(db, organization):
    """Contract with: December 2024 charged 50 000 (opening), January 100 000, February 120 000,
    March 110 000 of which a recalculation −4 800; paid 150 000 on 10.02 and 100 000 on 10.03,
    penalty 900 accrued by 31.01 and 1 250.40 by 28.02, penalty paid 900 on 20.03."""
    contract = ContractFactory()
    for month, amount in ((date(2024, 12, 1), "50000.00"), (date(2025, 1, 1), "100000.00"),
                          (date(2025, 2, 1), "120000.00")):
        close(month)
        DebtFactory(contract=contract, period=month, amount=D(amount), due_date=month.replace(day=28))
    march, _ = BillingPeriod.objects.get_or_create(month=date(2025, 3, 1))
    invoice = Invoice.objects.create(period=march, contract=contract, consumer=contract.consumer,
                                     shipment_date=date(2025, 3, 31), vat_rate=D("20"), amount=D("91666.67"),
                                     vat_amount=D("18333.33"), amount_with_vat=D("110000.00"), lines_digest="x")
    for position, kind, amount, vat, total in ((1, ChargeLine.Kind.CHARGE, "95666.67", "19133.33", "114800.00"),
                                               (2, ChargeLine.Kind.RECALCULATION, "-4000.00", "-800.00", "-4800.00")):
        ChargeLine.objects.create(invoice=invoice, position=position, kind=kind, resource="heating", component="energy",
                                  method="metered", date_from=date(2025, 3, 1), date_to=date(2025, 3, 31),
                                  amount=D(amount), vat_rate=D("20"), vat_amount=D(vat), amount_with_vat=D(total),
                                  basis={})
    close(date(2025, 3, 1))
    DebtFactory(contract=contract, period=date(2025, 3, 1), amount=D("110000.00"), due_date=date(2025, 4, 28),
                invoice_id=invoice.pk)
    PaymentFactory(contract=contract, number="512", doc_date=date(2025, 2, 9), paid_on=date(2025, 2, 10),
                   amount=D("150000.00"))
    PaymentFactory(contract=contract, number="733", doc_date=date(2025, 3, 7), paid_on=date(2025, 3, 10),
                   amount=D("100000.00"))
    PaymentFactory(contract=contract, number="801", doc_date=date(2025, 3, 20), paid_on=date(2025, 3, 20),
                   amount=D("900.00"), kind=Payment.Kind.PENALTY)
    debt = contract.debts.get(period=date(2024, 12, 1))
    for as_of, amount in ((date(2025, 1, 31), "900.00"), (date(2025, 2, 28), "1250.40")):
        accrual = PenaltyAccrual.objects.create(as_of=as_of, status=PenaltyAccrual.Status.DONE)
        PenaltyLine.objects.create(accrual=accrual, debt=debt, date_from=date(2025, 1, 1), date_to=as_of, days=30,
                                   base=D("50000.00"), denominator=300, rate_percent=D("21"), amount=D(amount))
    return contract
