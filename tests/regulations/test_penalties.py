from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from regulations.errors import RuleError
from regulations.penalties import (
    Debt,
    KeyRate,
    Payment,
    PenaltyRules,
    Tier,
    TierScheme,
    calculate_penalty,
    compile_calculator,
)

# docs/law.md, "Penalties", worked examples (rate 9.5 % = min(9.5, key rate))
WORKED_EXAMPLES = [
    pytest.param(
        "managing_org", "100000.00", date(2026, 2, 10), date(2026, 5, 29),
        [(60, "1/300", "1900.00"), (30, "1/170", "1676.47"), (18, "1/130", "1315.38")], "4891.85",
        id="managing_org",
    ),
    pytest.param(
        "citizen", "5000.00", date(2026, 4, 15), date(2026, 7, 31),
        [(60, "1/300", "95.00"), (17, "1/130", "62.12")], "157.12",
        id="citizen",
    ),
    pytest.param(
        "other", "200000.00", date(2026, 3, 10), date(2026, 4, 24),
        [(45, "1/130", "6576.92")], "6576.92",
        id="other",
    ),
]


def _one_debt(rules, category, amount, due, paid, **kwargs):
    return calculate_penalty(
        category=category, as_of=paid, debts=[Debt("d1", D(amount), due)],
        payments=[Payment(paid, D(amount))], rules=rules, **kwargs,
    )


@pytest.mark.parametrize(("category", "amount", "due", "paid", "lines", "total"), WORKED_EXAMPLES)
def test_worked_examples_of_the_law(rules, category, amount, due, paid, lines, total):
    # when the debt is paid in full on the payment date
    result = _one_debt(rules, category, amount, due, paid)
    # then the lines and the total are those of docs/law.md, "Penalties"
    assert [(line.days, line.fraction, str(line.amount)) for line in result.lines] == lines
    assert str(result.total) == total
    assert all(line.rate_percent == D("9.5") for line in result.lines)
    # and delay day 1 is the day after the due date, the last day is the payment date
    assert result.lines[-1].date_to == paid
    assert sum(line.days for line in result.lines) + (30 if category == "citizen" else 0) == (paid - due).days


def test_unpaid_debt_accrues_through_as_of_at_the_rate_on_as_of(rules):
    # given the `other` example, unpaid
    result = calculate_penalty(
        category="other", as_of=date(2026, 4, 24), debts=[Debt("d1", D("200000.00"), date(2026, 3, 10))],
        rules=rules,
    )
    # then the rest accrues like a payment on as_of
    assert str(result.total) == "6576.92"
    assert result.lines[0].paid_on is None and result.lines[0].rate_on == date(2026, 4, 24)


@pytest.mark.parametrize(
    ("paid", "days"),
    [(date(2026, 3, 10), 0), (date(2026, 3, 11), 1), (date(2026, 3, 9), 0)],
    ids=["on the due date: on time", "the day after: one day", "before: on time"],
)
def test_delay_day_one_is_the_day_after_the_due_date(rules, paid, days):
    result = _one_debt(rules, "other", "1000.00", date(2026, 3, 10), paid)
    assert sum(line.days for line in result.lines) == days


def test_each_payment_closes_a_portion_at_the_rate_of_its_own_date(rules):
    # given 100 000 due 10.03.2026, half paid 24.04.2026, the rest unpaid on 10.05.2026
    result = calculate_penalty(
        category="other", as_of=date(2026, 5, 10),
        debts=[Debt("d1", D("100000.00"), date(2026, 3, 10))],
        payments=[Payment(date(2026, 4, 24), D("50000.00"))], rules=rules,
    )
    # then the paid portion runs 45 days, the rest 61 days, both from delay day 1
    assert [(line.base, line.days, line.amount) for line in result.lines] == [
        (D("50000.00"), 45, D("1644.23")),
        (D("50000.00"), 61, D("2228.85")),
    ]
    assert result.lines[0].date_from == result.lines[1].date_from == date(2026, 3, 11)
    assert result.total == D("3873.08")


def test_each_line_is_rounded_and_the_total_is_the_sum_of_the_lines(rules):
    # given 333.33 of a managing organisation 108 days late
    result = _one_debt(rules, "managing_org", "333.33", date(2026, 2, 10), date(2026, 5, 29))
    # then 6.33327 → 6.33, 5.58788 → 5.59, 4.38449 → 4.38: the total is 16.30, not round(16.30564) = 16.31
    assert [line.amount for line in result.lines] == [D("6.33"), D("5.59"), D("4.38")]
    assert result.total == D("16.30")


def test_line_rounding_is_half_up(rules):
    # given 162.50 at 10 % for one day at 1/130: exactly 0.125
    result = calculate_penalty(
        category="other", as_of=date(2026, 3, 11), debts=[Debt("d1", D("162.50"), date(2026, 3, 10))],
        rules=rules, rate_percent=D("10"),
    )
    # then half-up gives 0.13 (banker's rounding would give 0.12)
    assert result.lines[0].amount == D("0.13")


@pytest.mark.parametrize(
    ("paid", "rate", "norm"),
    [
        (date(2022, 2, 27), "9.5", "ключевая ставка Банка России на день фактической оплаты"),
        (date(2022, 2, 28), "9.5", "ПП № 474"),  # key rate 20 %, fixed at 9.5 %
        (date(2022, 7, 31), "9.5", "ПП № 474"),  # key rate 8 %, still fixed at 9.5 %
        (date(2022, 8, 1), "8", "ПП № 474 (ред. № 1681)"),  # the lower of 9.5 % and 8 %
        (date(2024, 10, 28), "9.5", "ПП № 474 (ред. № 1681)"),  # the lower of 9.5 % and 21 %
        (date(2027, 1, 1), "15.5", "ключевая ставка Банка России на день фактической оплаты"),
    ],
)
def test_pp_474_switch_dates(rules, paid, rate, norm):
    # when a debt due the day before is paid on each switch date
    result = _one_debt(rules, "other", "13000.00", paid - timedelta(days=10), paid)
    # then the rate of the payment date is the capped one
    assert {line.rate_percent for line in result.lines} == {D(rate)}
    assert result.lines[0].rate_norm == norm


def test_rate_percent_replaces_the_rate_table_and_its_caps(rules):
    result = _one_debt(rules, "other", "200000.00", date(2026, 3, 10), date(2026, 4, 24), rate_percent=D("20"))
    assert {line.rate_percent for line in result.lines} == {D("20")}
    assert result.total == D("13846.15")


class TestMoratoriumPP497:
    def test_a_debt_overdue_before_01_04_2022_accrues_nothing_during_the_moratorium(self, rules):
        # given a debt due 10.03.2022, unpaid on 31.12.2022
        result = calculate_penalty(
            category="other", as_of=date(2022, 12, 31), debts=[Debt("d1", D("1000.00"), date(2022, 3, 10))],
            rules=rules,
        )
        # then the line stops on 31.03.2022 and resumes on 02.10.2022
        assert [(line.date_from, line.date_to, line.days) for line in result.lines] == [
            (date(2022, 3, 11), date(2022, 3, 31), 21),
            (date(2022, 10, 2), date(2022, 12, 31), 91),
        ]
        assert [(e.date_from, e.date_to, e.days, e.norm) for e in result.excluded] == [
            (date(2022, 4, 1), date(2022, 10, 1), 184, "ПП № 497"),
        ]
        # and the rate is that of as_of (the lower of 9.5 % and 7.5 %)
        assert result.lines[0].amount == D("12.12")  # 1000 × 7.5 % × 21 / 130 = 12.115…
        assert "ПП № 497" in result.norms

    @pytest.mark.parametrize(("due", "covered"), [(date(2022, 3, 30), True), (date(2022, 3, 31), False)])
    def test_a_debt_arises_on_its_first_delay_day(self, rules, due, covered):
        # a debt due 31.03.2022 arises on 01.04.2022 — not before the moratorium
        result = calculate_penalty(
            category="other", as_of=date(2022, 5, 1), debts=[Debt("d1", D("1000.00"), due)], rules=rules,
        )
        assert bool(result.excluded) is covered
        assert sum(line.days for line in result.lines) == (1 if covered else 31)

    def test_the_caller_may_say_when_the_debt_arose(self, rules):
        # given the debt for March 2022 (arose at the period end) due 10.04.2022
        debt = Debt("2022-03", D("1000.00"), date(2022, 4, 10), arose_on=date(2022, 3, 31))
        result = calculate_penalty(category="other", as_of=date(2022, 10, 10), debts=[debt], rules=rules)
        # then the moratorium covers it: only 02.10–10.10 accrue
        assert [(line.date_from, line.days) for line in result.lines] == [(date(2022, 10, 2), 9)]

    def test_grace_days_and_moratorium_split_the_tiers(self, rules):
        # given a citizen's debt due 10.02.2022, unpaid on 31.12.2022
        result = calculate_penalty(
            category="citizen", as_of=date(2022, 12, 31), debts=[Debt("d1", D("3000.00"), date(2022, 2, 10))],
            rules=rules,
        )
        # then: 30 free days (11.02–12.03), 1/300 from 13.03 to 31.03, moratorium,
        # the 1/300 tier has ended (day 90 = 11.05), 1/130 from 02.10
        assert [(line.date_from, line.date_to, line.fraction) for line in result.lines] == [
            (date(2022, 3, 13), date(2022, 3, 31), "1/300"),
            (date(2022, 10, 2), date(2022, 12, 31), "1/130"),
        ]


class TestSuspensionPP424:
    def test_citizens_accrue_nothing_from_06_04_2020_to_31_12_2020(self, rules):
        # given a citizen's debt due 10.03.2020, unpaid on 31.01.2021, at a given rate
        result = calculate_penalty(
            category="citizen", as_of=date(2021, 1, 31), debts=[Debt("d1", D("1000.00"), date(2020, 3, 10))],
            rules=rules, rate_percent=D("4.25"),
        )
        # then days 31 on (from 10.04.2020) fall in the suspension; 1/130 from 01.01.2021
        assert [(line.date_from, line.date_to, line.fraction) for line in result.lines] == [
            (date(2021, 1, 1), date(2021, 1, 31), "1/130"),
        ]

    def test_managing_organisations_accrue_until_the_suspension_and_after_it(self, rules):
        # given a УК's debt due 10.01.2020 (delay day 1 = 11.01), unpaid on 31.01.2021
        result = calculate_penalty(
            category="managing_org", as_of=date(2021, 1, 31), debts=[Debt("d1", D("1000.00"), date(2020, 1, 10))],
            rules=rules, rate_percent=D("4.25"),
        )
        # then 1/300 for days 1–60, 1/170 from day 61 until the suspension starts on
        # 06.04.2020, nothing through 31.12.2020, 1/130 (day 91 on) from 01.01.2021
        assert [(line.date_from, line.date_to, line.days, line.fraction, line.amount) for line in result.lines] == [
            (date(2020, 1, 11), date(2020, 3, 10), 60, "1/300", D("8.50")),  # 42.5 × 60 / 300
            (date(2020, 3, 11), date(2020, 4, 5), 26, "1/170", D("6.50")),  # 42.5 × 26 / 170
            (date(2021, 1, 1), date(2021, 1, 31), 31, "1/130", D("10.13")),  # 42.5 × 31 / 130 = 10.134…
        ]
        assert result.total == D("25.13")
        # and the suspended days are reported with the norm: 06.04–09.04 of the 1/170 tier,
        # 10.04–31.12 of the 1/130 tier, 270 days in all
        assert [(e.date_from, e.date_to, e.norm) for e in result.excluded] == [
            (date(2020, 4, 6), date(2020, 4, 9), "ПП № 424"),
            (date(2020, 4, 10), date(2020, 12, 31), "ПП № 424"),
        ]
        assert sum(e.days for e in result.excluded) == 270

    def test_hoa_accrue_after_their_grace_days_until_the_suspension_and_after_it(self, rules):
        # given a ТСЖ's debt due 10.01.2020 (delay day 1 = 11.01), unpaid on 31.01.2021
        result = calculate_penalty(
            category="hoa", as_of=date(2021, 1, 31), debts=[Debt("d1", D("1000.00"), date(2020, 1, 10))],
            rules=rules, rate_percent=D("4.25"),
        )
        # then nothing for days 1–30 (unlike a УК), 1/300 from day 31 (10.02) until the
        # suspension starts, nothing through 31.12.2020, 1/130 from 01.01.2021
        assert [(line.date_from, line.date_to, line.days, line.fraction, line.amount) for line in result.lines] == [
            (date(2020, 2, 10), date(2020, 4, 5), 56, "1/300", D("7.93")),  # 42.5 × 56 / 300 = 7.933…
            (date(2021, 1, 1), date(2021, 1, 31), 31, "1/130", D("10.13")),
        ]
        assert sum(e.days for e in result.excluded) == 270
        assert {e.norm for e in result.excluded} == {"ПП № 424"}

    @pytest.mark.parametrize("category", ["managing_org", "hoa"])
    def test_payments_made_during_the_suspension_close_portions_without_penalty_days(self, rules, category):
        # given a debt due 31.03.2020 paid in full on 30.06.2020, inside the suspension
        result = calculate_penalty(
            category=category, as_of=date(2020, 12, 31), debts=[Debt("d1", D("1000.00"), date(2020, 3, 31))],
            payments=[Payment(date(2020, 6, 30), D("1000.00"))], rules=rules, rate_percent=D("4.25"),
        )
        # then a УК pays for 01.04–05.04 at 1/300; a ТСЖ is still in its grace days then
        expected = [(date(2020, 4, 1), date(2020, 4, 5), 5)] if category == "managing_org" else []
        assert [(line.date_from, line.date_to, line.days) for line in result.lines] == expected
        assert [(e.date_from, e.date_to) for e in result.excluded] == (
            [(date(2020, 4, 6), date(2020, 5, 30)), (date(2020, 5, 31), date(2020, 6, 29)),
             (date(2020, 6, 30), date(2020, 6, 30))] if category == "managing_org" else
            [(date(2020, 5, 1), date(2020, 6, 29)), (date(2020, 6, 30), date(2020, 6, 30))]
        )

    def test_other_consumers_are_not_suspended(self, rules):
        result = calculate_penalty(
            category="other", as_of=date(2021, 1, 31), debts=[Debt("d1", D("1000.00"), date(2020, 3, 10))],
            rules=rules, rate_percent=D("4.25"),
        )
        assert [(line.date_from, line.date_to) for line in result.lines] == [(date(2020, 3, 11), date(2021, 1, 31))]
        assert result.excluded == ()


class TestAllocation:
    debts = [
        Debt("feb", D("1000.00"), date(2026, 3, 10)),
        Debt("jan", D("1000.00"), date(2026, 2, 10)),
    ]

    def test_allocation_decides_which_portion_accrues_how_long(self, rules):
        # given two debts and one payment of 1 000 on 20.03.2026 naming none
        result = calculate_penalty(
            category="other", as_of=date(2026, 3, 20), debts=self.debts,
            payments=[Payment(date(2026, 3, 20), D("1000.00"))], rules=rules,
        )
        # then January's debt is closed (38 days) and February's stays unpaid (10 days)
        assert [(line.debt_id, line.days, line.paid_on) for line in result.lines] == [
            ("feb", 10, None), ("jan", 38, date(2026, 3, 20)),
        ]


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (dict(category="firm"), "category"),
        (dict(payments=[Payment(date(2026, 5, 1), D("1"))]), "payments[0].date"),  # after as_of
        (dict(payments=[Payment(date(2026, 4, 1), D("1"), debt_id="nope")]), "payments[0].debt_id"),
        (dict(payments=[Payment(date(2026, 4, 1), D("-1"))]), "payments[0].amount"),
        (dict(debts=[Debt("d1", D("-5"), date(2026, 3, 10))]), "debts[0].amount"),
        (dict(as_of=date(2022, 2, 1), debts=[Debt("d1", D("5"), date(2022, 1, 10))]), "as_of"),  # no key rate
    ],
)
def test_bad_input_names_the_field(rules, call, field):
    arguments = dict(category="other", as_of=date(2026, 4, 24), debts=[Debt("d1", D("5"), date(2026, 3, 10))],
                     payments=[], rules=rules) | call
    with pytest.raises(RuleError) as exc:
        calculate_penalty(**arguments)
    assert exc.value.field == field
    assert exc.value.message.startswith(field)


def test_a_debt_before_any_tier_scheme_is_refused(rules):
    with pytest.raises(RuleError, match="нет шкалы пени"):
        calculate_penalty(category="other", as_of=date(2015, 3, 1), debts=[Debt("d1", D("5"), date(2015, 1, 10))],
                          rules=rules, rate_percent=D("8.25"))


def test_compiled_calculators_are_cached_by_the_content_of_the_rules(rules):
    rebuilt = PenaltyRules(rules.key_rates, rules.rate_caps, rules.tier_schemes, rules.moratoria)
    assert compile_calculator(rules, "other") is compile_calculator(rebuilt, "other")
    changed = PenaltyRules(rules.key_rates + (KeyRate(date(2026, 6, 1), D("14")),), rules.rate_caps,
                           rules.tier_schemes, rules.moratoria)
    assert compile_calculator(changed, "other") is not compile_calculator(rules, "other")


def test_adjacent_tiers_with_the_same_fraction_make_one_line():
    # given the hoa tiers written as in the table: 1/300 for days 31–60 and again for 61–90
    rules = PenaltyRules(
        key_rates=(KeyRate(date(2020, 1, 1), D("10")),),
        tier_schemes=(TierScheme("hoa", date(2016, 1, 1), None,
                                 (Tier(1, None), Tier(31, 300), Tier(61, 300), Tier(91, 130)), "ч. 9.2"),),
    )
    # when a debt due 31.01.2026 is unpaid on 01.06.2026 (121 days)
    result = calculate_penalty(category="hoa", as_of=date(2026, 6, 1), debts=[Debt("d", D("300"), date(2026, 1, 31))],
                               rules=rules)
    # then days 31–90 are one line
    assert [(line.date_from, line.days, line.fraction) for line in result.lines] == [
        (date(2026, 3, 3), 60, "1/300"), (date(2026, 5, 2), 31, "1/130"),
    ]
