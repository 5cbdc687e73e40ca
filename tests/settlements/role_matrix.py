"""Who may open what in «Взаиморасчеты» (see tests/accounts/matrix.py).

Billing specialists work here (statements, unmatched payments); lawyers and managers see
everything; lawyers and billing specialists issue the penalty statement; technicians have
no access.
"""

from datetime import date
from decimal import Decimal

from accounts.roles import ADMINISTRATOR, BILLING, LEGAL, MANAGER
from tests.accounts.matrix import Access, admin_entries

from .factories import AllocationFactory, DebtFactory, OrganizationFactory, PaymentFactory

READERS = {BILLING, LEGAL, MANAGER, ADMINISTRATOR}
WORKERS = {BILLING, ADMINISTRATOR}
ISSUERS = {BILLING, LEGAL, ADMINISTRATOR}


def samples(world):
    from settlements.models import BankStatement, Payment, PenaltyAccrual, PenaltyLine

    OrganizationFactory()
    world.settlement_debt = DebtFactory()
    world.settlement_consumer = world.settlement_debt.consumer
    AllocationFactory(debt=world.settlement_debt, payment=PaymentFactory(contract=world.settlement_debt.contract),
                      amount=Decimal("10.00"))
    world.unmatched_payment = PaymentFactory(status=Payment.Status.UNMATCHED, contract=None, consumer=None,
                                             payer_inn="7707083893")
    BankStatement.objects.create(sha256="0" * 64, filename="matrix.txt", format="1c", encoding="cp1251")
    accrual = PenaltyAccrual.objects.create(as_of=date(2026, 10, 31), status=PenaltyAccrual.Status.DONE)
    PenaltyLine.objects.create(
        accrual=accrual, debt=world.settlement_debt, date_from=date(2026, 10, 11), date_to=date(2026, 10, 31), days=21,
        base=Decimal("9990.00"), denominator=300, rate_percent=Decimal("16.5000"), amount=Decimal("38.46"),
    )


def consumer(w):
    return {"consumer_id": w.settlement_consumer.pk}


ACCESS = [
    Access("settlements:index", allowed=READERS),
    Access("settlements:debtors", allowed=READERS),
    Access("settlements:card", allowed=READERS, kwargs=consumer),
    # an empty POST: the form asks for the date again (200); the right is what is checked
    Access("settlements:penalty_statement", allowed=ISSUERS, kwargs=consumer, methods=("POST",)),
    Access("settlements:upload", allowed=WORKERS),
    Access("settlements:unmatched", allowed=READERS),
    Access("settlements:resolve", allowed=WORKERS, kwargs=lambda w: {"payment_id": w.unmatched_payment.pk}),
    Access("settlements:turnover", allowed=READERS),
    # money changes only through the services: its admin pages only show it
    *admin_entries("settlements", readonly=(
        "bankstatement", "payment", "allocation", "debt", "penaltyaccrual", "penaltyline")),
]
