from datetime import date
from decimal import Decimal as D

from regulations.allocation import Debt, Payment, allocate_payments


class TestAllocation:
    debts = [
        Debt("feb", D("1000.00"), date(2026, 3, 10)),
        Debt("jan", D("1000.00"), date(2026, 2, 10)),
    ]

    def test_an_undesignated_payment_goes_to_the_earliest_due_debt(self):
        allocations, remaining, unallocated = allocate_payments(self.debts, [Payment(date(2026, 3, 20), D("1500.00"))])
        assert [(a.debt_id, a.amount, a.norm) for a in allocations] == [
            ("jan", D("1000.00"), "ГК РФ ст. 319.1 п. 3"),
            ("feb", D("500.00"), "ГК РФ ст. 319.1 п. 3"),
        ]
        assert remaining == {"feb": D("500.00"), "jan": D("0.00")}
        assert unallocated == 0

    def test_a_payment_naming_a_debt_goes_to_it_and_the_excess_to_the_earliest(self):
        allocations, remaining, unallocated = allocate_payments(
            self.debts, [Payment(date(2026, 3, 20), D("1200.00"), debt_id="feb")]
        )
        assert [(a.debt_id, a.amount, a.norm) for a in allocations] == [
            ("feb", D("1000.00"), "ГК РФ ст. 319.1 п. 1"),
            ("jan", D("200.00"), "ГК РФ ст. 319.1 п. 3"),
        ]

    def test_payments_are_taken_by_date_and_an_overpayment_stays_unallocated(self):
        payments = [Payment(date(2026, 4, 1), D("1500.00")), Payment(date(2026, 3, 1), D("800.00"), debt_id="feb")]
        allocations, remaining, unallocated = allocate_payments(self.debts, payments)
        assert [(a.payment_index, a.debt_id, a.amount) for a in allocations] == [
            (1, "feb", D("800.00")), (0, "jan", D("1000.00")), (0, "feb", D("200.00")),
        ]
        assert unallocated == D("300.00")
