from datetime import date
from decimal import Decimal as D

import pytest

from regulations.errors import RuleError
from regulations.state_duty import DutyBracket, DutyScale, state_duty

SEP_2024 = date(2024, 9, 9)
SCALES = (
    DutyScale("arbitration", "claim", SEP_2024, None, "НК РФ ст. 333.21", maximum=D("10000000"), brackets=(
        DutyBracket(D("0"), D("10000"), D("0")), DutyBracket(D("100000"), D("10000"), D("5")),
        DutyBracket(D("1000000"), D("55000"), D("3")), DutyBracket(D("10000000"), D("325000"), D("1")),
        DutyBracket(D("50000000"), D("725000"), D("0.5")),
    )),
    DutyScale("arbitration", "court_order", SEP_2024, None, "НК РФ ст. 333.21 п. 1 пп. 2",
              minimum=D("8000"), percent_of_claim_duty=D("50"), max_claim=D("500000")),
    DutyScale("general", "claim", SEP_2024, None, "НК РФ ст. 333.19", maximum=D("900000"), brackets=(
        DutyBracket(D("0"), D("4000"), D("0")), DutyBracket(D("100000"), D("4000"), D("3")),
        DutyBracket(D("300000"), D("10000"), D("2.5")), DutyBracket(D("500000"), D("15000"), D("2")),
        DutyBracket(D("1000000"), D("25000"), D("1")), DutyBracket(D("3000000"), D("45000"), D("0.7")),
        DutyBracket(D("8000000"), D("80000"), D("0.35")), DutyBracket(D("24000000"), D("136000"), D("0.3")),
        DutyBracket(D("50000000"), D("214000"), D("0.2")), DutyBracket(D("100000000"), D("314000"), D("0.15")),
    )),
    DutyScale("general", "court_order", SEP_2024, None, "НК РФ ст. 333.19 п. 1 пп. 2",
              percent_of_claim_duty=D("50"), max_claim=D("500000")),
)


def duty(court, claim, procedure="claim", on=date(2026, 3, 1)):
    return state_duty(court=court, procedure=procedure, claim_amount=D(claim), on=on, scales=SCALES)


@pytest.mark.parametrize(
    ("court", "claim", "procedure", "expected"),
    [
        ("arbitration", "250000", "claim", "17500.00"),
        ("arbitration", "1500000", "claim", "70000.00"),
        ("arbitration", "12000000", "claim", "345000.00"),
        ("general", "250000", "claim", "8500.00"),
        ("general", "250000", "court_order", "4250.00"),
        ("general", "1500000", "claim", "30000.00"),
    ],
)
def test_worked_examples_of_the_law(court, claim, procedure, expected):
    assert str(duty(court, claim, procedure).amount) == expected


@pytest.mark.parametrize(("claim", "expected"), [("100000", "8000.00"), ("250000", "8750.00")])
def test_arbitration_court_order_is_half_the_claim_duty_but_at_least_the_minimum(claim, expected):
    assert str(duty("arbitration", claim, "court_order").amount) == expected


def test_maxima():
    assert duty("arbitration", "2000000000").amount == D("10000000.00")
    assert duty("general", "1000000000").amount == D("900000.00")


def test_duty_is_rounded_to_whole_roubles_half_up():
    # 4 000 + 3 % × 23 456.78 = 4 703.7034 → 4 704; 4 000 + 3 % × 0.50 = 4 000.015 → 4 000
    assert duty("general", "123456.78").amount == D("4704.00")
    assert duty("general", "100000.50").amount == D("4000.00")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        (dict(court="moon"), "court"),
        (dict(procedure="appeal"), "procedure"),
        (dict(claim_amount=D("0")), "claim_amount"),
        (dict(procedure="court_order", claim_amount=D("500000.01")), "claim_amount"),
        (dict(on=date(2024, 9, 8)), "date"),  # claims before 259-ФЗ: no scale here
    ],
)
def test_bad_input_names_the_field(kwargs, field):
    arguments = dict(court="general", procedure="claim", claim_amount=D("1000"), on=date(2026, 1, 1),
                     scales=SCALES) | kwargs
    with pytest.raises(RuleError) as exc:
        state_duty(**arguments)
    assert exc.value.field == field
