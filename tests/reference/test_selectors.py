"""The seeded reference data, read through the selectors, gives docs/law.md's results."""

from datetime import date
from decimal import Decimal as D

import pytest

from reference import models, selectors
from regulations.errors import RuleError
from regulations.payment_terms import heat_supply_schedule, monthly_due_date
from regulations.penalties import (
    KEY_RATE_NORM,
    Debt,
    Payment,
    calculate_penalty,
    compile_calculator,
)
from regulations.production_calendar import shift_to_working_day
from regulations.state_duty import state_duty

pytestmark = pytest.mark.django_db


def test_every_key_rate_of_the_law_doc_is_seeded():
    rates = selectors.key_rates()
    assert len(rates) == 22
    assert (rates[0].effective_from, rates[0].rate_percent) == (date(2022, 2, 14), D("9.5"))
    assert (rates[-1].effective_from, rates[-1].rate_percent) == (date(2026, 2, 16), D("15.5"))


def test_the_pp_474_chain_runs_to_the_end_of_2026():
    caps = selectors.rate_caps()
    assert (caps[0].valid_from, caps[0].kind) == (date(2022, 2, 28), "fixed")
    assert all(cap.kind == "min" for cap in caps[1:])
    assert caps[-1].valid_to == date(2026, 12, 31)
    # consecutive, without gaps
    for earlier, later in zip(caps, caps[1:], strict=False):
        assert (later.valid_from - earlier.valid_to).days == 1


@pytest.mark.parametrize(
    ("category", "amount", "due", "paid", "total"),
    [
        ("managing_org", "100000.00", date(2026, 2, 10), date(2026, 5, 29), "4891.85"),
        ("citizen", "5000.00", date(2026, 4, 15), date(2026, 7, 31), "157.12"),
        ("other", "200000.00", date(2026, 3, 10), date(2026, 4, 24), "6576.92"),
    ],
)
def test_penalty_worked_examples_with_the_seeded_rules(category, amount, due, paid, total):
    result = calculate_penalty(
        category=category, as_of=paid, debts=[Debt("d", D(amount), due)], payments=[Payment(paid, D(amount))],
        rules=selectors.penalty_rules(),
    )
    assert str(result.total) == total


def test_seeded_moratoria_cover_pp_497_and_pp_424():
    by_kind = {m.kind: m for m in selectors.moratoria()}
    assert (by_kind["moratorium"].date_from, by_kind["moratorium"].date_to) == (date(2022, 4, 1), date(2022, 10, 1))
    assert by_kind["moratorium"].debts_arisen_before == date(2022, 4, 1)
    assert by_kind["suspension"].categories == frozenset({"citizen", "hoa", "managing_org"})


@pytest.mark.parametrize(
    ("court", "procedure", "claim", "expected"),
    [
        ("arbitration", "claim", "250000", "17500.00"),
        ("arbitration", "claim", "1500000", "70000.00"),
        ("arbitration", "claim", "12000000", "345000.00"),
        ("arbitration", "court_order", "100000", "8000.00"),  # the ⚠️ minimum, as data
        ("general", "claim", "250000", "8500.00"),
        ("general", "court_order", "250000", "4250.00"),
        ("general", "claim", "1500000", "30000.00"),
    ],
)
def test_state_duty_with_the_seeded_scales(court, procedure, claim, expected):
    result = state_duty(court=court, procedure=procedure, claim_amount=D(claim), on=date(2026, 3, 1),
                        scales=selectors.duty_scales())
    assert str(result.amount) == expected


@pytest.mark.parametrize(("day", "rate"), [(date(2025, 12, 31), D("20")), (date(2026, 1, 1), D("22"))])
def test_vat_switches_on_01_01_2026(day, rate):
    assert selectors.vat_rate_on(day).rate_percent == rate


@pytest.mark.parametrize(
    ("nominal", "effective"),
    [
        (date(2026, 1, 10), date(2026, 1, 12)),  # New Year holidays 31.12.2025–11.01.2026
        (date(2024, 5, 10), date(2024, 5, 13)),  # moved from 06.01 (ПП № 1314)
        (date(2024, 4, 27), date(2024, 4, 27)),  # a working Saturday
        (date(2025, 11, 1), date(2025, 11, 1)),  # a working Saturday (ПП № 1335)
        (date(2025, 11, 3), date(2025, 11, 5)),  # moved from 01.11, then 04.11
        (date(2023, 2, 24), date(2023, 2, 27)),  # moved from 01.01 (ПП № 1505)
        (date(2022, 3, 7), date(2022, 3, 9)),  # moved from 05.03, then 08.03
        (date(2021, 12, 31), date(2022, 1, 10)),  # moved from 03.01, then the 2022 holidays
        (date(2020, 5, 4), date(2020, 5, 6)),
        (date(2027, 5, 3), date(2027, 5, 4)),  # 2027: only ТК ст. 112, not yet confirmed
    ],
)
def test_production_calendar_shifts_due_dates_over_holidays(nominal, effective):
    assert shift_to_working_day(nominal, selectors.production_calendar()).date == effective


def test_production_calendar_years_and_their_working_days():
    calendar = selectors.production_calendar()
    assert calendar.years == frozenset(range(2020, 2028))
    # a year has 247–249 working days with these decrees
    counts = {
        year: sum(calendar.is_working_day(date.fromordinal(n))
                  for n in range(date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal() + 1))
        for year in range(2020, 2027)
    }
    assert counts == {2020: 248, 2021: 247, 2022: 247, 2023: 247, 2024: 248, 2025: 247, 2026: 247}


def test_due_dates_with_the_seeded_rules():
    rules, calendar = selectors.due_day_rules(), selectors.production_calendar()
    assert monthly_due_date(payer="citizen", year=2026, month=1, rules=rules, calendar=calendar).due_date == date(2026, 2, 10)
    assert monthly_due_date(payer="citizen", year=2026, month=2, rules=rules, calendar=calendar).due_date == date(2026, 3, 16)
    assert monthly_due_date(payer="managing_org", year=2025, month=12, rules=rules,
                            calendar=calendar).due_date == date(2026, 1, 15)
    terms = selectors.payment_terms_on(date(2026, 1, 1), "other")
    schedule = heat_supply_schedule(
        year=2026, month=1, planned_cost=D("100"), actual_cost=D("100"), calendar=calendar,
        first_share_percent=terms.advance1_percent, first_day=terms.advance1_day,
        second_share_percent=terms.advance2_percent, final_day=terms.final_payment_day,
    )
    assert [i.due_date for i in schedule.instalments] == [date(2026, 1, 19), date(2026, 2, 2), date(2026, 2, 10)]


@pytest.mark.parametrize(
    ("category", "on", "terms"),
    [
        ("other", date(2026, 1, 1), ("pp808", D("35"), 18, D("50"), 10)),
        ("budget_44fz", date(2026, 1, 1), ("pp808", D("35"), 18, D("50"), 10)),
        ("citizen", date(2026, 2, 1), ("citizen", D("0"), 18, D("0"), 10)),
        ("citizen", date(2026, 3, 1), ("citizen", D("0"), 18, D("0"), 15)),
        ("managing_org", date(2026, 1, 1), ("managing_org", D("0"), 18, D("0"), 15)),
    ],
)
def test_payment_terms_on_a_date_for_a_category(category, on, terms):
    got = selectors.payment_terms_on(on, category)
    assert (got.payment_scheme, got.advance1_percent, got.advance1_day, got.advance2_percent,
            got.final_payment_day) == terms


def test_payment_terms_follow_the_reference_rows():
    models.HeatSupplyPaymentTerms.objects.create(
        valid_from=date(2027, 1, 1), first_share_percent=D("30"), first_day=20, second_share_percent=D("40"),
        final_day=12, norm="ПП РФ № 808 п. 35 (новая редакция)",
    )
    models.PaymentDueDay.objects.create(payer="managing_org", valid_from=date(2027, 1, 1), day=20, norm="ПП № 124 (новая)")
    company = selectors.payment_terms_on(date(2027, 1, 1), "other")
    assert (company.advance1_percent, company.advance1_day, company.advance2_percent, company.final_payment_day) == (
        D("30"), 20, D("40"), 12)
    assert selectors.payment_terms_on(date(2027, 1, 1), "managing_org").final_payment_day == 20
    assert selectors.payment_terms_on(date(2026, 12, 31), "other").advance1_percent == D("35")


def test_contractless_rule():
    rule = selectors.contractless_rule(date(2026, 3, 1))
    assert (rule.multiplier, rule.max_years, rule.payment_days) == (D("1.5"), 3, 15)


@pytest.mark.parametrize(
    ("day", "rate", "cap_kind"),
    [
        (date(2022, 2, 27), D("9.5"), None),  # the key rate itself
        (date(2022, 2, 28), D("9.5"), "fixed"),  # key rate 20 %
        (date(2022, 7, 31), D("9.5"), "fixed"),  # key rate 8 %
        (date(2022, 8, 1), D("8"), "min"),
        (date(2025, 1, 1), D("9.5"), "min"),  # ПП № 329 reaches back to 01.01.2025 (key rate 21 %)
        (date(2026, 12, 31), D("9.5"), "min"),
        (date(2027, 1, 1), D("15.5"), None),
    ],
)
def test_seeded_rate_on_the_pp_474_switch_dates(day, rate, cap_kind):
    applied = compile_calculator(selectors.penalty_rules(), "other").rate_on(day)
    assert applied.rate_percent == rate
    assert (applied.norm == KEY_RATE_NORM) is (cap_kind is None)


def test_police_damage_threshold_in_force_on_the_day_found():
    assert selectors.police_damage_threshold(date(2026, 1, 31)) == D("250000.00")
    models.PoliceDamageThreshold.objects.update(valid_to=date(2026, 12, 31))
    models.PoliceDamageThreshold.objects.create(valid_from=date(2027, 1, 1), amount=D("300000.00"), norm="УК РФ ст. 165")
    assert selectors.police_damage_threshold(date(2026, 12, 31)) == D("250000.00")
    assert selectors.police_damage_threshold(date(2027, 1, 1)) == D("300000.00")
    with pytest.raises(RuleError) as refused:
        selectors.police_damage_threshold(date(2003, 12, 7))
    assert refused.value.field == "found_on"
