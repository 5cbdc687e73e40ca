from datetime import date
from decimal import Decimal

import pytest

from regulations.penalties import Debt as LawDebt
from regulations.penalties import Payment as LawPayment
from regulations.penalties import calculate_penalty
from settlements.models import Allocation, PenaltyAccrual, PenaltyLine
from settlements.services.accrual import accrue_penalties
from settlements.services.allocation import allocate_contract
from subscribers.models import Consumer

from ..factories import ConsumerFactory, ContractFactory, DebtFactory, PaymentFactory


def _debt_paid(category, amount, due, paid_on, paid_amount=None):
    contract = ContractFactory(consumer=ConsumerFactory(penalty_category=category))
    debt = DebtFactory(contract=contract, amount=Decimal(amount), due_date=due)
    if paid_on:
        PaymentFactory(contract=contract, amount=Decimal(paid_amount or amount), paid_on=paid_on)
        allocate_contract(contract_id=contract.pk)
    return debt


@pytest.mark.parametrize(
    ("category", "amount", "due", "paid", "amounts", "total"),
    [
        # the worked examples of docs/law.md, "Penalties"
        ("managing_org", "100000.00", date(2026, 2, 10), date(2026, 5, 29),
         ["1900.00", "1676.47", "1315.38"], "4891.85"),
        ("citizen", "5000.00", date(2026, 4, 15), date(2026, 7, 31), ["95.00", "62.12"], "157.12"),
        ("other", "200000.00", date(2026, 3, 10), date(2026, 4, 24), ["6576.92"], "6576.92"),
    ],
)
def test_accrual_of_a_late_payment_gives_the_worked_examples(db, penalty_rules, category, amount, due, paid,
                                                               amounts, total):
    # given a debt paid late
    debt = _debt_paid(category, amount, due, paid)
    # when the month of the payment is accrued
    accrue_penalties(as_of=date(2026, 8, 31), rules=penalty_rules)
    # then the closed portion's lines are the worked example's
    lines = list(debt.penalty_lines.order_by("date_from"))
    assert [str(line.amount) for line in lines] == amounts
    assert sum(line.amount for line in lines) == Decimal(total)
    assert all(line.allocation_id for line in lines)
    assert all(line.rate_percent == Decimal("9.5") for line in lines)


def test_running_the_accrual_twice_adds_nothing(db, penalty_rules):
    _debt_paid("other", "1000.00", date(2026, 3, 10), date(2026, 4, 24))
    _debt_paid("hoa", "1000.00", date(2026, 1, 10), None)
    first = accrue_penalties(as_of=date(2026, 5, 31), rules=penalty_rules)
    count = PenaltyLine.objects.count()
    second = accrue_penalties(as_of=date(2026, 5, 31), rules=penalty_rules)
    assert first.pk == second.pk and second.status == PenaltyAccrual.Status.DONE
    assert PenaltyLine.objects.count() == count > 0


def test_closed_portions_are_kept_and_the_open_rest_is_recomputed_each_month(db, penalty_rules):
    # given a debt paid in part
    debt = _debt_paid("other", "1000.00", date(2026, 3, 10), date(2026, 4, 24), paid_amount="400.00")
    april = accrue_penalties(as_of=date(2026, 4, 30), rules=penalty_rules)
    closed_ids = set(PenaltyLine.objects.filter(allocation__isnull=False).values_list("pk", flat=True))
    # when May is accrued
    may = accrue_penalties(as_of=date(2026, 5, 31), rules=penalty_rules)
    # then the closed portion was not computed again; the open rest was, through 31.05
    assert set(PenaltyLine.objects.filter(allocation__isnull=False).values_list("pk", flat=True)) == closed_ids
    assert Allocation.objects.get().penalty_done
    open_may = PenaltyLine.objects.get(accrual=may, allocation__isnull=True)
    assert (open_may.base, open_may.date_to, open_may.days) == (Decimal("600.00"), date(2026, 5, 31), 82)
    assert PenaltyLine.objects.get(accrual=april, allocation__isnull=True).date_to == date(2026, 4, 30)
    # and closed + latest open = the law's calculation as of 31.05.2026
    law = calculate_penalty(
        category="other", as_of=date(2026, 5, 31), rules=penalty_rules,
        debts=[LawDebt(str(debt.pk), debt.amount, debt.due_date)],
        payments=[LawPayment(date(2026, 4, 24), Decimal("400.00"), str(debt.pk))],
    )
    stored = PenaltyLine.objects.filter(allocation__isnull=False) | PenaltyLine.objects.filter(accrual=may)
    assert sum(line.amount for line in stored) == law.total


def test_a_payment_found_after_its_month_was_accrued_is_picked_up_next_month(db, penalty_rules):
    debt = _debt_paid("other", "1000.00", date(2026, 3, 10), None)
    accrue_penalties(as_of=date(2026, 4, 30), rules=penalty_rules)
    # given a payment of 20.04 imported in May
    PaymentFactory(contract=debt.contract, amount=Decimal("1000.00"), paid_on=date(2026, 4, 20))
    allocate_contract(contract_id=debt.contract_id)
    # when
    may = accrue_penalties(as_of=date(2026, 5, 31), rules=penalty_rules)
    # then its closed portion is accrued in May, and no open rest is left
    [closed] = PenaltyLine.objects.filter(accrual=may, allocation__isnull=False)
    assert (closed.date_from, closed.date_to, closed.days) == (date(2026, 3, 11), date(2026, 4, 20), 41)
    assert not PenaltyLine.objects.filter(accrual=may, allocation__isnull=True).exists()


def test_moratorium_days_make_no_lines(db, penalty_rules):
    # given a debt that arose before 01.04.2022, unpaid through the ПП 497 moratorium
    debt = _debt_paid(Consumer.PenaltyCategory.OTHER, "100000.00", date(2022, 3, 10), date(2022, 10, 31))
    # when
    accrue_penalties(as_of=date(2022, 10, 31), rules=penalty_rules)
    # then 11.03–31.03 and 02.10–31.10 accrue; 01.04–01.10 (184 days) do not
    lines = [(line.date_from, line.date_to, line.days) for line in debt.penalty_lines.order_by("date_from")]
    assert lines == [(date(2022, 3, 11), date(2022, 3, 31), 21), (date(2022, 10, 2), date(2022, 10, 31), 30)]


@pytest.mark.parametrize(
    ("paid_on", "rate"),
    [
        (date(2022, 2, 25), "9.5"),  # key rate 9.5 before ПП 474
        (date(2022, 3, 1), "9.5"),  # key rate 20, ПП 474 fixes 9.5 from 28.02.2022
        (date(2022, 7, 29), "9.5"),  # key rate 8, but the fixed 9.5 holds through 31.07.2022
        (date(2022, 8, 1), "8"),  # from 01.08.2022 the lower of 9.5 and the key rate
        (date(2023, 9, 20), "9.5"),  # key rate 13: capped at 9.5
    ],
)
def test_pp474_switch_dates_decide_the_rate_of_a_closed_portion(db, penalty_rules, paid_on, rate):
    debt = _debt_paid("other", "10000.00", date(2022, 2, 15), paid_on)
    accrue_penalties(as_of=date(2023, 12, 31), rules=penalty_rules)
    assert {line.rate_percent for line in debt.penalty_lines.all()} == {Decimal(rate)}


def test_each_line_is_rounded_and_the_total_is_their_sum(db, penalty_rules):
    # given 1 000.02 owed by an УК for 100 days
    debt = _debt_paid("managing_org", "1000.02", date(2026, 2, 10), date(2026, 5, 21))
    accrue_penalties(as_of=date(2026, 5, 31), rules=penalty_rules)
    lines = list(debt.penalty_lines.order_by("date_from"))
    # 1000.02 × 9.5 % × 60 / 300 = 19.00038 → 19.00; × 30 / 170 = 16.765041 → 16.77; × 10 / 130 = 7.307838 → 7.31
    assert [line.amount for line in lines] == [Decimal("19.00"), Decimal("16.77"), Decimal("7.31")]
    # the total is the sum of rounded lines (43.08), not the rounded sum of exact ones (43.07)
    assert sum(line.amount for line in lines) == Decimal("43.08")


def test_the_copy_text_of_penalty_lines_is_core_copy_row_of_them(monkeypatch):
    from core.copy import copy_row
    from regulations.penalties import PenaltyLine as LawLine
    from settlements.services import accrual

    rows = [
        (2, None, LawLine(2, date(2026, 1, 11), date(2026, 2, 9), 30, Decimal("1000.00"), 300, Decimal("9.5"),
                          Decimal("9.50"), None, date(2026, 2, 28), "ч. 9.1 ст. 15 190-ФЗ",
                          "ключевая ставка 9,5 %")),
        (2, 3, LawLine(2, date(2026, 1, 11), date(2026, 1, 11), 1, Decimal("0.01"), 130, Decimal("21"),
                       Decimal("0.00"), date(2026, 1, 11), date(2026, 1, 11),
                       "правило\tс табуляцией\nи переводом строки \\ и слешем", "")),
        (4, None, LawLine(4, date(2025, 12, 31), date(2026, 3, 1), 61, Decimal("1E+2"), 170, Decimal("16.0000"),
                          Decimal("1.57"), None, date(2026, 3, 1), "ч. 9.3", "")),
    ]
    # batches of two: the text does not depend on where a batch ends
    monkeypatch.setattr(accrual, "COPY_BATCH", 2)
    batches = list(accrual._copy_batches(1, iter(rows)))
    assert len(batches) == 2
    assert "".join(batches) == "".join(copy_row(accrual._row(1, *row)) for row in rows)
