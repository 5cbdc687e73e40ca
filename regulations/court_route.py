"""Which court and procedure a money claim of a heat-supply organisation goes to, and from
when it may be filed after the pre-trial claim.

Norms (regulations §6):

- the pre-trial claim (претензия): a money dispute goes to the arbitration court once 30
  calendar days have passed since the claim was sent, unless a law or the contract sets
  another term — АПК РФ ст. 4 ч. 5;
- court order (судебный приказ) — an undisputed claim of money under a contract of no more
  than the limit (500 000 ₽): arbitration courts АПК РФ ст. 229.2 (organisations and
  individual entrepreneurs, АПК РФ ст. 27, 28), magistrates ГПК РФ ст. 121, 122, 23 ч. 1 п. 1
  (citizens; utility debts included);
- otherwise a lawsuit (исковое заявление): the arbitration court for organisations and
  entrepreneurs (АПК РФ ст. 27, 28, 125), a court of general jurisdiction for citizens
  (ГПК РФ ст. 23, 24, 131) — the magistrate or the district court by the price of the claim,
  chosen with the court from the list.

The court order limit is dated reference data (the court-order duty scales' largest claim,
``reference.StateDutyScale.max_claim``): the caller passes the one in force on the day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from .errors import RuleError

# the kinds of a case that go to a court (same codes as casefiles.Case.Kind)
ORDER_ARBITRATION = "order_arbitration"
ORDER_MAGISTRATE = "order_magistrate"
LAWSUIT_ARBITRATION = "lawsuit_arbitration"
LAWSUIT_GENERAL = "lawsuit_general"
COURT_KINDS = (ORDER_ARBITRATION, ORDER_MAGISTRATE, LAWSUIT_ARBITRATION, LAWSUIT_GENERAL)
COURT_ORDERS = (ORDER_ARBITRATION, ORDER_MAGISTRATE)

# debtors (same codes as subscribers.Consumer.Kind)
LEGAL, ENTREPRENEUR, CITIZEN = "legal", "entrepreneur", "citizen"
DEBTOR_KINDS = (LEGAL, ENTREPRENEUR, CITIZEN)

# courts (same codes as casefiles.Court.Kind) and the state-duty court of each route
ARBITRATION, MAGISTRATE, GENERAL = "arbitration", "magistrate", "general"

PRETRIAL_NORM = "АПК РФ ст. 4 ч. 5"
DEFAULT_CLAIM_TERM_DAYS = 30


@dataclass(frozen=True, slots=True)
class RouteFacts:
    """What a route rests on: the court kinds it may be filed in, the state-duty scale
    (court and procedure of ``regulations.state_duty``) and the norm."""

    courts: tuple[str, ...]
    duty_court: str
    duty_procedure: str
    norm: str


ROUTES = {
    ORDER_ARBITRATION: RouteFacts((ARBITRATION,), "arbitration", "court_order", "АПК РФ ст. 229.2"),
    ORDER_MAGISTRATE: RouteFacts((MAGISTRATE,), "general", "court_order", "ГПК РФ ст. 121, 122, 23 ч. 1 п. 1"),
    LAWSUIT_ARBITRATION: RouteFacts((ARBITRATION,), "arbitration", "claim", "АПК РФ ст. 27, 28, 125"),
    LAWSUIT_GENERAL: RouteFacts((MAGISTRATE, GENERAL), "general", "claim", "ГПК РФ ст. 23, 24, 131"),
}


@dataclass(frozen=True, slots=True)
class CourtRoute:
    """The proposed route: the case kind, the courts it goes to, why (in Russian, quotable
    in a document or on a page) and the norms applied."""

    kind: str
    courts: tuple[str, ...]
    duty_court: str
    duty_procedure: str
    reason: str
    norm: str


def _fmt(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):,.2f}".replace(",", " ").replace(".", ",")


def court_route_propose(*, debtor_kind: str, claim_amount: Decimal, disputed: bool, court_order_limit: Decimal) -> CourtRoute:
    """The route of a money claim of ``claim_amount`` (principal and penalty: the price of the
    claim) against a debtor of ``debtor_kind``: a court order when the claim is undisputed
    and does not exceed ``court_order_limit`` (АПК РФ ст. 229.2; ГПК РФ ст. 121, 122),
    otherwise a lawsuit; the arbitration court for organisations and entrepreneurs (АПК РФ
    ст. 27, 28), the magistrate or a court of general jurisdiction for citizens (ГПК РФ
    ст. 23, 24).

    Example: an organisation owing 250 000 ₽, undisputed → an arbitration court order; the
    same 600 000 ₽ → an arbitration lawsuit; a citizen owing 40 000 ₽ → the magistrate's
    court order.
    """
    if debtor_kind not in DEBTOR_KINDS:
        raise RuleError(f"debtor_kind: неизвестный вид должника «{debtor_kind}»", field="debtor_kind")
    if claim_amount <= 0:
        raise RuleError("claim_amount: цена требования должна быть больше нуля", field="claim_amount")
    citizen = debtor_kind == CITIZEN
    if disputed:
        kind, why = (LAWSUIT_GENERAL if citizen else LAWSUIT_ARBITRATION), "требование оспаривается должником"
    elif claim_amount > court_order_limit:
        kind = LAWSUIT_GENERAL if citizen else LAWSUIT_ARBITRATION
        why = f"сумма требования {_fmt(claim_amount)} ₽ больше {_fmt(court_order_limit)} ₽ — предела судебного приказа"
    else:
        kind = ORDER_MAGISTRATE if citizen else ORDER_ARBITRATION
        why = f"требование бесспорно и не превышает {_fmt(court_order_limit)} ₽"
    facts = ROUTES[kind]
    debtor = "должник — гражданин" if citizen else "должник — организация или индивидуальный предприниматель"
    return CourtRoute(kind, facts.courts, facts.duty_court, facts.duty_procedure, f"{why}; {debtor}", facts.norm)


def route_allowed(*, kind: str, debtor_kind: str, claim_amount: Decimal, disputed: bool,
                  court_order_limit: Decimal) -> str | None:
    """Why ``kind`` cannot be taken for this claim (a Russian reason), or None when it can:
    a court order only for an undisputed claim within the limit (АПК РФ ст. 229.2, ГПК РФ
    ст. 121), the arbitration court only for organisations and entrepreneurs (АПК РФ
    ст. 27, 28), a court of general jurisdiction only for citizens (ГПК РФ ст. 22)."""
    if kind not in COURT_KINDS:
        raise RuleError(f"kind: «{kind}» — не обращение в суд", field="kind")
    if debtor_kind not in DEBTOR_KINDS:
        raise RuleError(f"debtor_kind: неизвестный вид должника «{debtor_kind}»", field="debtor_kind")
    citizen = debtor_kind == CITIZEN
    if kind in (ORDER_ARBITRATION, LAWSUIT_ARBITRATION) and citizen:
        return "спор с гражданином рассматривает суд общей юрисдикции (ГПК РФ ст. 22), а не арбитражный суд"
    if kind in (ORDER_MAGISTRATE, LAWSUIT_GENERAL) and not citizen:
        return "спор с организацией или предпринимателем рассматривает арбитражный суд (АПК РФ ст. 27, 28)"
    if kind in COURT_ORDERS:
        if disputed:
            return "судебный приказ выдается только по бесспорным требованиям (АПК РФ ст. 229.2, ГПК РФ ст. 122)"
        if claim_amount > court_order_limit:
            return (f"судебный приказ выдается по требованиям не более {_fmt(court_order_limit)} ₽, "
                    f"а требование — {_fmt(claim_amount)} ₽ (АПК РФ ст. 229.2, ГПК РФ ст. 121)")
    return None


def filing_allowed_from(*, claim_sent_on: date, term_days: int = DEFAULT_CLAIM_TERM_DAYS) -> date:
    """The first day a claim may be filed after the pre-trial claim sent on ``claim_sent_on``:
    the day after ``term_days`` calendar days have passed (АПК РФ ст. 4 ч. 5: 30 days unless a
    law or the contract sets another term; the term runs from the day after sending, АПК РФ
    ст. 113 ч. 2).

    Example: sent 01.03.2026, 30 days → filing from 01.04.2026.
    """
    if term_days < 0:
        raise RuleError("term_days: срок ответа на претензию не может быть отрицательным", field="term_days")
    return claim_sent_on + timedelta(days=term_days + 1)
