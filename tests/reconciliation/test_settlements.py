"""The settlements reconciliation act: its totals are the ledger's (payments, penalties, a
recalculation), the refusal of a month whose billing is open, the signer's authority."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Sum

from accounts.roles import BILLING, TECHNICIAN
from core.errors import ApplicationError
from reconciliation.ledger import contract_ledger
from reconciliation.models import SettlementsReconciliation
from reconciliation.services import settlements_act_issue, settlements_reconciliation_create
from regulations.limitation import reconciliation_signer_authority
from settlements.models import Debt, Payment
from settlements.selectors import penalty_lines_in_force

pytestmark = pytest.mark.django_db
Q1 = (date(2025, 1, 1), date(2025, 3, 31))


def test_the_act_totals_equal_the_ledger(quarter):
    # given the quarter's ledger
    ledger = contract_ledger(contract=quarter, date_from=Q1[0], date_to=Q1[1])
    # then the opening is December's charge, the debit the quarter's charges and penalty,
    # the credit the payments; the closing equals the ledger's own sums to the quarter's end
    charged = Debt.objects.filter(contract=quarter).aggregate(s=Sum("amount"))["s"]
    paid = Payment.objects.filter(contract=quarter).aggregate(s=Sum("amount"))["s"]
    accrued = sum(line.amount for line in penalty_lines_in_force().filter(debt__contract=quarter))
    assert ledger.opening == Decimal("50000.00")
    # March's УПД less its recalculation on the debit, the recalculation (a reduction) on the credit
    assert ledger.debit == Decimal("334800.00") + Decimal("1250.40")
    assert ledger.credit == Decimal("250900.00") + Decimal("4800.00")
    assert ledger.closing == charged + accrued - paid == Decimal("130350.40")
    assert ledger.total_of("recalculation") == Decimal("-4800.00")
    assert ledger.total_of("charge") == Decimal("334800.00")
    assert ledger.total_of("penalty") == Decimal("1250.40")
    documents = [e.document for e in ledger.entries]
    assert "Платежное поручение № 512 от 09.02.2025 (тепловая энергия)" in documents
    assert "Платежное поручение № 801 от 20.03.2025 (пени)" in documents
    assert any(d.startswith("Перерасчет за 03.2025") for d in documents)


def test_the_issued_act_prints_the_ledger_and_the_debt_in_words(quarter, make_user):
    # given a billing specialist's act for the quarter
    user = make_user(BILLING)
    act = settlements_reconciliation_create(contract=quarter, date_from=Q1[0], date_to=Q1[1], actor=user)
    # when issued
    document = settlements_act_issue(act=act, actor=user)
    # then the archived context holds the balances, every entry and the sentence in words
    act.refresh_from_db()
    assert (act.opening, act.closing, act.status) == (Decimal("50000.00"), Decimal("130350.40"), "issued")
    context = document.context
    assert context["opening"] == {"debit": "50\xa0000,00", "credit": ""}
    assert context["closing"] == {"debit": "130\xa0350,40", "credit": ""}
    assert len(context["rows"]) == 9
    assert context["debt_sentence"].startswith("Задолженность в пользу")
    assert "Сто тридцать тысяч триста пятьдесят рублей 40 копеек" in context["debt_sentence"]


def test_a_month_whose_billing_is_open_is_refused_and_nothing_written(quarter, make_user):
    user = make_user(BILLING)
    with pytest.raises(ApplicationError) as refused:
        settlements_reconciliation_create(contract=quarter, date_from=Q1[0], date_to=date(2025, 4, 30), actor=user)
    assert (refused.value.code, refused.value.field) == ("billing_open", "date_to")
    assert "04.2025" in refused.value.message
    assert not SettlementsReconciliation.objects.exists()


def test_a_technician_may_not_reconcile_settlements(quarter, make_user):
    with pytest.raises(ApplicationError):
        settlements_reconciliation_create(contract=quarter, date_from=Q1[0], date_to=Q1[1], actor=make_user(TECHNICIAN))


@pytest.mark.parametrize(("basis", "valid_until", "acknowledges"), [
    ("charter", None, True),
    ("poa", date(2026, 12, 31), True),
    ("poa", date(2026, 12, 14), False),
    ("none", None, False),
])
def test_only_an_authorised_signer_interrupts_the_limitation(basis, valid_until, acknowledges):
    result = reconciliation_signer_authority(basis=basis, signed_on=date(2026, 12, 15), poa_valid_until=valid_until)
    assert result.acknowledges is acknowledges
    assert "ГК РФ" in result.reason
