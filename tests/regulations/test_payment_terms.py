from datetime import date
from decimal import Decimal as D

import pytest

from regulations.errors import RuleError
from regulations.payment_terms import (
    ContractTerms,
    DueDayRule,
    HeatSupplyTerms,
    default_contract_terms,
    heat_supply_schedule,
    monthly_due_date,
)

# ПП РФ № 808 п. 35 as seeded (docs/law.md): 35 % by the 18th, 50 % by the month's end, the rest by the 10th.
PP808 = {"first_share_percent": D("35"), "first_day": 18, "second_share_percent": D("50"), "final_day": 10}
HEAT_SUPPLY = (HeatSupplyTerms(date(2012, 8, 8), D("35"), 18, D("50"), 10, "ПП РФ № 808 п. 35"),)
DUE_DAYS = (
    DueDayRule("citizen", date(2005, 3, 1), 10, "ЖК РФ ст. 155 ч. 1"),
    DueDayRule("citizen", date(2026, 3, 1), 15, "ЖК РФ ст. 155 ч. 1 (ред. с 01.03.2026)"),
    DueDayRule("managing_org", date(2012, 2, 14), 15, "ПП РФ № 124"),
)


def test_pp_808_worked_example():
    # given planned 1 200 000 and actual 1 100 000 for April 2026
    schedule = heat_supply_schedule(year=2026, month=4, planned_cost=D("1200000"), actual_cost=D("1100000"), **PP808)
    # then 420 000 by the 18th, 600 000 by the last day, 80 000 by the 10th of May
    assert [(i.kind, i.amount, i.nominal_due_date) for i in schedule.instalments] == [
        ("advance_1", D("420000.00"), date(2026, 4, 18)),
        ("advance_2", D("600000.00"), date(2026, 4, 30)),
        ("balance", D("80000"), date(2026, 5, 10)),
    ]
    assert schedule.overpayment == 0
    assert "№ 808" in schedule.norm


def test_pp_808_due_dates_move_past_non_working_days(calendar_2026):
    # January 2026: 18.01 is a Sunday, 31.01 a Saturday
    schedule = heat_supply_schedule(year=2026, month=1, planned_cost=D("100"), actual_cost=D("100"), **PP808,
                                    calendar=calendar_2026)
    assert [i.due_date for i in schedule.instalments] == [date(2026, 1, 19), date(2026, 2, 2), date(2026, 2, 10)]


def test_pp_808_overpayment_is_credited_to_the_next_month():
    schedule = heat_supply_schedule(year=2026, month=4, planned_cost=D("1200000"), actual_cost=D("900000"), **PP808)
    assert schedule.instalments[-1].amount == 0
    assert schedule.overpayment == D("120000.00")


def test_pp_808_advances_are_rounded_and_the_balance_closes_the_actual_cost():
    schedule = heat_supply_schedule(year=2026, month=4, planned_cost=D("1000.01"), actual_cost=D("1000.01"), **PP808)
    amounts = [i.amount for i in schedule.instalments]
    assert amounts[:2] == [D("350.00"), D("500.01")]  # 350.0035 → 350.00; 500.005 → 500.01
    assert sum(amounts) == D("1000.01")


@pytest.mark.parametrize(
    ("payer", "year", "month", "due", "day"),
    [
        ("citizen", 2026, 1, date(2026, 2, 10), 10),  # January: by the 10th
        ("citizen", 2026, 2, date(2026, 3, 16), 15),  # February: by the 15th (a Sunday → Monday)
        ("citizen", 2025, 12, date(2026, 1, 12), 10),  # 10.01.2026 is inside the New Year holidays
        ("managing_org", 2026, 4, date(2026, 5, 15), 15),
        ("managing_org", 2026, 2, date(2026, 3, 16), 15),
    ],
)
def test_monthly_due_dates(calendar_2026, payer, year, month, due, day):
    result = monthly_due_date(payer=payer, year=year, month=month, rules=DUE_DAYS, calendar=calendar_2026)
    assert result.due_date == due
    assert result.day == day


def test_a_shifted_due_date_cites_article_193(calendar_2026):
    shifted = monthly_due_date(payer="citizen", year=2026, month=2, rules=DUE_DAYS, calendar=calendar_2026)
    assert shifted.norm == "ЖК РФ ст. 155 ч. 1 (ред. с 01.03.2026); ГК РФ ст. 193"
    # without a calendar the nominal date stays
    kept = monthly_due_date(payer="citizen", year=2026, month=2, rules=DUE_DAYS)
    assert kept.due_date == kept.nominal_due_date == date(2026, 3, 15)


def test_unknown_payer_is_refused():
    with pytest.raises(RuleError) as exc:
        monthly_due_date(payer="alien", year=2026, month=1, rules=DUE_DAYS)
    assert exc.value.field == "payer"


@pytest.mark.parametrize(
    ("category", "on", "expected"),
    [
        ("other", date(2026, 1, 1), ContractTerms("pp808", D("35"), 18, D("50"), None, 10, "ПП РФ № 808 п. 35")),
        ("hoa", date(2026, 1, 1), ContractTerms("pp808", D("35"), 18, D("50"), None, 10, "ПП РФ № 808 п. 35")),
        ("citizen", date(2026, 2, 28), ContractTerms("citizen", D("0"), 18, D("0"), None, 10, "ЖК РФ ст. 155 ч. 1")),
        ("citizen", date(2026, 3, 1),
         ContractTerms("citizen", D("0"), 18, D("0"), None, 15, "ЖК РФ ст. 155 ч. 1 (ред. с 01.03.2026)")),
        ("managing_org", date(2026, 1, 1), ContractTerms("managing_org", D("0"), 18, D("0"), None, 15, "ПП РФ № 124")),
    ],
)
def test_default_contract_terms_follow_the_dated_rules(category, on, expected):
    assert default_contract_terms(category=category, on=on, heat_supply=HEAT_SUPPLY, due_days=DUE_DAYS) == expected


def test_default_contract_terms_need_a_rule_in_force():
    with pytest.raises(RuleError, match="ПП № 808"):
        default_contract_terms(category="other", on=date(2010, 1, 1), heat_supply=HEAT_SUPPLY, due_days=DUE_DAYS)
