"""The court route of a money claim (АПК РФ ст. 229.2, 27, 28; ГПК РФ ст. 121–122) and the
pre-trial term (АПК РФ ст. 4 ч. 5), on the amounts of regulations §6's worked examples."""

from datetime import date
from decimal import Decimal as D

import pytest

from regulations.court_route import (
    LAWSUIT_ARBITRATION,
    LAWSUIT_GENERAL,
    ORDER_ARBITRATION,
    ORDER_MAGISTRATE,
    court_route_propose,
    filing_allowed_from,
    route_allowed,
)
from regulations.errors import RuleError

LIMIT = D("500000")


@pytest.mark.parametrize(
    ("debtor", "claim", "disputed", "kind", "courts", "duty"),
    [
        # regulations §6: arbitration 250 000 (court order); 1 500 000 and 12 000 000 (lawsuits)
        ("legal", "250000", False, ORDER_ARBITRATION, ("arbitration",), ("arbitration", "court_order")),
        ("entrepreneur", "250000", False, ORDER_ARBITRATION, ("arbitration",), ("arbitration", "court_order")),
        ("legal", "1500000", False, LAWSUIT_ARBITRATION, ("arbitration",), ("arbitration", "claim")),
        ("legal", "12000000", False, LAWSUIT_ARBITRATION, ("arbitration",), ("arbitration", "claim")),
        # general courts 250 000 → court order 4 250 (the magistrate); 1 500 000 → a lawsuit
        ("citizen", "250000", False, ORDER_MAGISTRATE, ("magistrate",), ("general", "court_order")),
        ("citizen", "1500000", False, LAWSUIT_GENERAL, ("magistrate", "general"), ("general", "claim")),
        # the limit itself still admits a court order; one kopeck over it does not
        ("legal", "500000.00", False, ORDER_ARBITRATION, ("arbitration",), ("arbitration", "court_order")),
        ("legal", "500000.01", False, LAWSUIT_ARBITRATION, ("arbitration",), ("arbitration", "claim")),
        # a disputed claim is never a court order
        ("legal", "250000", True, LAWSUIT_ARBITRATION, ("arbitration",), ("arbitration", "claim")),
        ("citizen", "5000", True, LAWSUIT_GENERAL, ("magistrate", "general"), ("general", "claim")),
    ],
)
def test_the_route_by_debtor_amount_and_dispute(debtor, claim, disputed, kind, courts, duty):
    # when
    route = court_route_propose(debtor_kind=debtor, claim_amount=D(claim), disputed=disputed, court_order_limit=LIMIT)
    # then
    assert (route.kind, route.courts, (route.duty_court, route.duty_procedure)) == (kind, courts, duty)
    assert route.norm and route.reason


def test_the_reason_names_the_limit_when_the_amount_exceeds_it():
    route = court_route_propose(debtor_kind="legal", claim_amount=D("600000"), disputed=False, court_order_limit=LIMIT)
    assert "600 000,00" in route.reason and "500 000,00" in route.reason
    assert route.norm == "АПК РФ ст. 27, 28, 125"


def test_a_changed_limit_is_data_not_code():
    # given a limit raised by a (hypothetical) amendment
    route = court_route_propose(debtor_kind="legal", claim_amount=D("600000"), disputed=False, court_order_limit=D("750000"))
    assert route.kind == ORDER_ARBITRATION


@pytest.mark.parametrize(
    ("kind", "debtor", "claim", "disputed", "refused"),
    [
        (ORDER_ARBITRATION, "legal", "600000", False, "не более 500 000,00"),
        (ORDER_MAGISTRATE, "citizen", "250000", True, "бесспорным"),
        (ORDER_ARBITRATION, "citizen", "1000", False, "общей юрисдикции"),
        (LAWSUIT_GENERAL, "legal", "1000", False, "арбитражный суд"),
        (LAWSUIT_ARBITRATION, "legal", "1000", False, None),  # a lawsuit for a small claim is allowed
        (ORDER_ARBITRATION, "entrepreneur", "500000", False, None),
    ],
)
def test_a_route_the_claim_does_not_allow_is_named(kind, debtor, claim, disputed, refused):
    reason = route_allowed(kind=kind, debtor_kind=debtor, claim_amount=D(claim), disputed=disputed,
                           court_order_limit=LIMIT)
    assert (reason is None) if refused is None else (refused in reason)


@pytest.mark.parametrize(
    ("sent", "days", "first"),
    [
        (date(2026, 3, 1), 30, date(2026, 4, 1)),
        (date(2026, 12, 15), 30, date(2027, 1, 15)),
        (date(2028, 2, 1), 30, date(2028, 3, 3)),  # a leap February: 02.02–02.03 are the 30 days
        (date(2026, 3, 1), 10, date(2026, 3, 12)),  # the contract's own term
    ],
)
def test_filing_is_allowed_once_the_claim_term_has_passed(sent, days, first):
    assert filing_allowed_from(claim_sent_on=sent, term_days=days) == first


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"debtor_kind": "alien", "claim_amount": D("1"), "disputed": False}, "debtor_kind"),
        ({"debtor_kind": "legal", "claim_amount": D("0"), "disputed": False}, "claim_amount"),
    ],
)
def test_bad_input_is_refused_naming_the_field(kwargs, field):
    with pytest.raises(RuleError) as exc:
        court_route_propose(court_order_limit=LIMIT, **kwargs)
    assert exc.value.field == field
