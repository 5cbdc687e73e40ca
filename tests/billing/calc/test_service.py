from datetime import date

import pytest

from billing.calc.service import KINDS, run_calculation, run_calculation_json
from core.errors import ApplicationError

from .examples import OTHER_KINDS, PENALTY

pytestmark = pytest.mark.django_db

EXAMPLES = [("penalty", p.values[0]) for p in PENALTY] + [(p.values[0], p.values[1]) for p in OTHER_KINDS]


def test_the_kinds_of_issue_6():
    assert set(KINDS) == {"penalty", "heating-volume", "hot-water-volume", "contractless", "quality-recalc",
                          "state-duty"}
    assert {kind for kind, _ in EXAMPLES} == set(KINDS)


@pytest.mark.parametrize(("kind", "payload"), EXAMPLES)
def test_every_result_has_a_total_string_and_no_float(kind, payload):
    result = run_calculation(kind=kind, payload=payload)

    def walk(value):
        assert not isinstance(value, float)
        for item in value.values() if isinstance(value, dict) else value if isinstance(value, list) else ():
            walk(item)

    assert isinstance(result["total"], str)
    walk(result)


def test_state_duty_takes_the_scale_in_force_on_the_filing_date():
    # a claim filed before 09.09.2024 has no scale here (the old НК scale is not seeded)
    with pytest.raises(ApplicationError) as exc:
        run_calculation(kind="state-duty", payload={"court": "general", "claim_amount": "1000"},
                        today=date(2024, 9, 8))
    assert exc.value.field == "date"
    result = run_calculation(kind="state-duty", payload={"court": "general", "claim_amount": "1000"},
                             today=date(2024, 9, 9))
    assert (result["total"], result["date"]) == ("4000.00", "2024-09-09")


def test_numbers_may_come_as_json_numbers_without_losing_kopecks():
    result = run_calculation_json(kind="state-duty", text='{"court": "general", "claim_amount": 123456.78}')
    assert result["claim_amount"] == "123456.78"
    assert result["total"] == "4704.00"


def test_a_python_float_never_reaches_the_rules():
    with pytest.raises(ApplicationError) as exc:
        run_calculation(kind="state-duty", payload={"court": "general", "claim_amount": 123456.78})
    assert exc.value.field == "claim_amount"
