"""Property-based tests of every ``calc`` kind (hypothesis): for any input of the kind's
shape — plausible, extreme or malformed values in each field — the audited service either
returns a result whose total is a decimal, or refuses with ``ApplicationError``; never
another exception. Derandomized, bounded examples per kind."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from billing.calc.service import KINDS, calculation_run
from core.errors import ApplicationError

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 29)
FUZZ = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

NASTY = st.sampled_from(["1e400", "-1e400", "NaN", "Infinity", "9" * 40, "1e-400", "", " ", "\x00", "\ud800",
                         "9999-12-31", "2026-02-30", None, True, [], {}])


class Values:
    """The field strategies of one flavour: plausible values, or anything (plausible, extreme, malformed)."""

    def __init__(self, *, plausible: bool):
        money = st.decimals(min_value=1, max_value=10**7, places=2).map(str)
        temperature = st.integers(min_value=-40, max_value=15).map(str)
        days = st.integers(min_value=1, max_value=400)
        day = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 5, 29)).map(date.isoformat)
        if plausible:
            self.money, self.temperature, self.days, self.day = money, temperature, days, day
            self.hours = st.integers(min_value=0, max_value=200)
            self.choice = lambda *values: st.sampled_from(values)
            self.text = st.text(alphabet="0123456789-АБВ", min_size=1, max_size=5)
            return
        number = st.one_of(money, st.integers(min_value=-10, max_value=10**13),
                           st.decimals(allow_nan=False, allow_infinity=False), NASTY)
        self.money = self.hours = number
        self.temperature = st.one_of(temperature, number)
        self.days = st.one_of(days, number)
        self.day = st.one_of(day, st.dates(min_value=date(1990, 1, 1), max_value=date(2200, 12, 31)).map(
            date.isoformat), NASTY, st.text(max_size=12))
        self.choice = lambda *values: st.one_of(st.sampled_from(values), NASTY, st.text(max_size=8))
        self.text = st.one_of(st.text(max_size=5), NASTY)


def payloads(v: Values) -> dict:
    periods = st.lists(st.fixed_dictionaries({"days": v.days, "t_out": v.temperature}), min_size=1, max_size=3)
    return {
        "penalty": st.fixed_dictionaries({
            "category": v.choice("other", "hoa", "managing_org", "citizen", "budget_44fz"),
            "as_of": v.day,
            "debts": st.lists(st.fixed_dictionaries({"id": v.text, "amount": v.money, "due_date": v.day}),
                              min_size=1, max_size=3),
        }, optional={
            "payments": st.lists(st.fixed_dictionaries({"date": v.day, "amount": v.money}), max_size=3),
            "rate_percent": st.one_of(st.just("9.5"), v.money),
        }),
        "heating-volume": st.fixed_dictionaries({
            "load_gcal_h": v.money, "t_inside": st.just("20") | v.temperature,
            "t_outside_design": st.just("-26") | v.temperature, "periods": periods,
        }),
        "hot-water-volume": st.fixed_dictionaries({"load_avg_gcal_h": v.money, "days": v.days}),
        "contractless": st.fixed_dictionaries({
            "load_gcal_h": v.money, "t_inside": st.just("20") | v.temperature,
            "t_outside_design": st.just("-26") | v.temperature, "periods": periods, "tariff_per_gcal": v.money,
        }, optional={"vat_percent": st.just("20") | v.money, "period_end": v.day, "date": v.day}),
        "quality-recalc": st.fixed_dictionaries(
            {"service": v.choice("heating", "hot_water"), "monthly_charge": v.money},
            optional={
                "interruptions": st.lists(st.fixed_dictionaries({"hours": v.hours}), max_size=3),
                "temperature_deviations": st.lists(st.fixed_dictionaries(
                    {"hours": v.hours, "measured_c": v.temperature},
                    optional={"norm_c": v.temperature, "period": v.choice("day", "night")}), max_size=3),
            }),
        "state-duty": st.fixed_dictionaries(
            {"court": v.choice("arbitration", "general"), "claim_amount": v.money},
            optional={"procedure": v.choice("claim", "court_order"), "date": v.day}),
    }


PLAUSIBLE, ANYTHING = payloads(Values(plausible=True)), payloads(Values(plausible=False))
PAYLOADS = {kind: st.one_of(PLAUSIBLE[kind], ANYTHING[kind]) for kind in PLAUSIBLE}


def test_every_kind_is_fuzzed():
    assert PAYLOADS.keys() == KINDS.keys()


@pytest.mark.parametrize("kind", list(PAYLOADS))
def test_a_kind_answers_a_result_or_a_refusal(kind):
    answered = {"result": 0, "refusal": 0}

    @FUZZ
    @given(payload=PAYLOADS[kind], extra=st.fixed_dictionaries({}, optional={"junk": st.text(max_size=5)}))
    def check(payload, extra):
        try:
            result = calculation_run(kind=kind, payload=payload | extra, source="api", today=TODAY)
        except ApplicationError as exc:
            assert exc.message and (exc.field is None or exc.field in exc.message)
            exc.message.encode("utf-8")
            answered["refusal"] += 1
            return
        assert not extra, "an unknown field must be refused"
        assert Decimal(result["total"]).is_finite()
        answered["result"] += 1

    check()
    # the inputs reach the rules, not only the parsers
    assert answered["result"] > 0 and answered["refusal"] > 0, answered
