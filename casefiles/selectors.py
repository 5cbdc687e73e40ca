"""Reads of case files shared by the pages, the services and the claim flow.

Visibility is one rule (``cases_visible_to``): legal staff and managers — the holders of
``casefiles.view_case`` (``casefiles/roles.py``) — see every case, everyone else none. Every
case page and file download checks it for the one case it shows (``can_view_case``), so a
direct URL answers 403 to other roles; the archive asks it through
``Case.documents_visible_to``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, DecimalField, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from core import permissions
from core.errors import ApplicationError
from reference import selectors as reference
from regulations import court_route
from regulations.errors import RuleError
from regulations.limitation import GENERAL_PERIOD_YEARS, Acknowledgement, Limitation, add_years, limitation
from settlements.selectors import debts_with_balance, money

from .models import Case, CaseDebt, DebtAcknowledgement, EnforcementPayment, Judgment

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from settlements.models import Debt
    from subscribers.models import Consumer

VIEW_PERMISSION = "casefiles.view_case"
LIMITATION_WATCH_DAYS = 90
ZERO = Decimal("0.00")


def cases_visible_to(user: User | AnonymousUser | None) -> QuerySet[Case]:
    """The cases ``user`` may see: all of them for legal staff and managers, none otherwise."""
    if user is None or not permissions.allowed(user, VIEW_PERMISSION):
        return Case.objects.none()
    return Case.objects.all()


def can_view_case(user: User | AnonymousUser | None, case: Case) -> bool:
    """The object-level check of every case page and file."""
    return cases_visible_to(user).filter(pk=case.pk).exists()


def case_list(*, user: User | AnonymousUser, kind: str = "", stage: str = "", query: str = "",
              open_only: bool = False) -> QuerySet[Case]:
    """The cases ``user`` sees, narrowed by kind, stage, a debtor's name / ИНН / court case number."""
    cases = cases_visible_to(user).select_related("consumer", "contract", "court").annotate(collected=_collected())
    if kind:
        cases = cases.filter(kind=kind)
    if stage:
        cases = cases.filter(stage=stage)
    if open_only:
        cases = cases.exclude(stage=Case.Stage.CLOSED)
    query = query.strip()
    if query:
        cases = cases.filter(Q(consumer__name__icontains=query) | Q(consumer__inn=query)
                             | Q(party_name__icontains=query) | Q(party_details__icontains=query)
                             | Q(court_case_number__icontains=query))
    return cases


def _collected() -> Coalesce:
    """The money received under a case's judgment or writ (its enforcement payments)."""
    paid = (EnforcementPayment.objects.filter(case=OuterRef("pk")).order_by().values("case")
            .annotate(total=Sum("amount")).values("total"))
    return Coalesce(Subquery(paid), Value(ZERO), output_field=DecimalField(max_digits=16, decimal_places=2))


@dataclass(frozen=True)
class CaseTotals:
    cases: int
    claimed: Decimal
    recovered: Decimal


def case_totals(cases: QuerySet[Case]) -> CaseTotals:
    """The totals line of a case list: the cases, the price of their claims (principal and
    penalty) and the money recovered under them (enforcement payments) — two aggregate queries."""
    totals = cases.order_by().aggregate(n=Count("pk"), claimed=Sum(F("principal") + F("penalty")))
    recovered = EnforcementPayment.objects.filter(case__in=cases.order_by().values("pk")).aggregate(s=Sum("amount"))["s"]
    return CaseTotals(totals["n"] or 0, money(totals["claimed"]), money(recovered))


def cases_by_stage(*, user: User | AnonymousUser) -> list[tuple[str, str, int]]:
    """``(stage, its name, how many cases)`` of the cases ``user`` sees, in the stages' order (one query)."""
    counts = dict(cases_visible_to(user).order_by().values_list("stage").annotate(n=Count("pk")))
    return [(value, str(label), counts.get(value, 0)) for value, label in Case.Stage.choices]


def case_card(*, case: Case) -> dict[str, Any]:
    """Everything the case card shows (its rows, read once)."""
    return {
        "case": case,
        "debts": list(CaseDebt.objects.filter(case=case).select_related("debt", "debt__contract")),
        "hearings": list(case.hearings.all()),
        "judgment": Judgment.objects.filter(case=case).first(),
        "writs": list(case.writs.all()),
        "payments": list(case.enforcement_payments.all()),
        "recovered": sum((p.amount for p in case.enforcement_payments.all()), ZERO),
        "documents": list(case.documents.select_related("archived", "added_by")),
        "processes": case_processes(case),
    }


def case_processes(case: Case) -> list[tuple[str, str]]:
    """The flows run on the case (its claim process): (title, url of the process card), oldest first.

    Read through viewflow's own process table — case files do not import the flows."""
    from django.contrib.contenttypes.models import ContentType
    from viewflow.workflow.models import Process

    rows = Process.objects.filter(artifact_content_type=ContentType.objects.get_for_model(Case),
                                  artifact_object_id=case.pk).order_by("pk")
    found = []
    for process in rows:
        flow = process.flow_class
        found.append((f"{flow.process_title} № {process.pk}", flow.instance.reverse("process_detail", args=[process.pk])))
    return found


def claim_term_over_on(case: Case) -> date | None:
    """The first day after the claim's term (АПК РФ ст. 4 ч. 5: 30 calendar days from the day
    after sending unless the contract sets another term): the day the case may go to court."""
    if case.claim_sent_on is None:
        return None
    return court_route.filing_allowed_from(claim_sent_on=case.claim_sent_on, term_days=case.claim_term_days)


def case_debts_paid(*, case: Case, as_of: date) -> bool:
    """The settlements ledger has the case's debts paid in full by ``as_of``."""
    return principal_outstanding(debts=case_debts(case), as_of=as_of) <= 0


@dataclass
class ClaimDebt:
    debt: Any
    outstanding: Decimal
    open_case: int | None  # the open case that already covers the debt


@dataclass
class ClaimDebtor:
    consumer_id: int
    name: str
    debts: list[ClaimDebt]
    total: Decimal
    oldest_due: date
    days_overdue: int


def claim_debtors(*, today: date, min_days: int = 1) -> list[ClaimDebtor]:
    """Debtors to start a claim against: their unpaid debts overdue by ``min_days`` or more,
    biggest total first (then the oldest); each debt with the open case that already covers
    it, if any (such a debt cannot go into another)."""
    rows = (debts_with_balance(as_of=today).filter(settled_on__isnull=True, due_date__lte=today - timedelta(days=min_days))
            .select_related("consumer", "contract")
            .prefetch_related(Prefetch("case_links", queryset=CaseDebt.objects.filter(active=True),
                                       to_attr="open_links")))
    by_consumer: dict[int, list[ClaimDebt]] = defaultdict(list)
    for debt in rows:
        if money(debt.outstanding) > 0:
            links = debt.open_links
            by_consumer[debt.consumer_id].append(ClaimDebt(debt, money(debt.outstanding),
                                                           links[0].case_id if links else None))
    debtors = []
    for consumer_id, debts in by_consumer.items():
        oldest = min(d.debt.due_date for d in debts)
        debtors.append(ClaimDebtor(consumer_id, debts[0].debt.consumer.name, debts,
                                   money(sum((d.outstanding for d in debts), ZERO)), oldest, (today - oldest).days))
    debtors.sort(key=lambda d: (-d.total, d.oldest_due, d.name))
    return debtors


def open_case_of(debt: Debt) -> Case | None:
    """The open case that covers ``debt``, if any."""
    link = CaseDebt.objects.filter(debt=debt, active=True).select_related("case").first()
    return link.case if link else None


# --- amounts -------------------------------------------------------------------------------

def case_debts(case: Case) -> list[Debt]:
    return [link.debt for link in CaseDebt.objects.filter(case=case).select_related("debt").order_by(
        "debt__due_date", "debt_id")]


def principal_outstanding(*, debts: list[Debt], as_of: date) -> Decimal:
    """What is still unpaid of ``debts`` as of ``as_of`` (the ledger: allocations by that date)."""
    rows = debts_with_balance(as_of=as_of).filter(pk__in=[d.pk for d in debts])
    return money(sum((max(money(row.outstanding), ZERO) for row in rows), ZERO))


def court_order_limit(*, kind: str, on: date) -> Decimal:
    """The largest claim a court order admits on ``on`` (АПК РФ ст. 229.2, ГПК РФ ст. 121): the
    dated reference data of the court-order duty scale of the route's court."""
    duty_court = court_route.ROUTES[kind].duty_court
    for scale in reference.duty_scales():
        if scale.court == duty_court and scale.procedure == "court_order" and scale.in_force(on) \
                and scale.max_claim is not None:
            return scale.max_claim
    raise ApplicationError(
        f"В справочнике нет предела суммы судебного приказа на {on:%d.%m.%Y}: заполните шкалу госпошлины",
        code="settings_missing", field="kind",
    )


def case_consumer(case: Case, field: str) -> Consumer:
    """The case's consumer of the register: sums of debt, penalties and courts need one; a police
    case about someone known only from an act has none (refused naming ``field``)."""
    if case.consumer is None:
        raise ApplicationError(f"Дело № {case.pk} — о лице не из реестра ({case.party_name}): суммы долга, пени и "
                               "суд по нему не ведутся", code="state_conflict", field=field)
    return case.consumer


def route_proposal(*, case: Case, on: date) -> court_route.CourtRoute:
    """The route the rule proposes for the case's claim as of its amounts (``amounts_refresh``)."""
    debtor_kind = case_consumer(case, "kind").kind
    order = court_route.ORDER_MAGISTRATE if debtor_kind == court_route.CITIZEN else court_route.ORDER_ARBITRATION
    try:
        return court_route.court_route_propose(
            debtor_kind=debtor_kind, claim_amount=case.claim_amount, disputed=case.disputed,
            court_order_limit=court_order_limit(kind=order, on=on),
        )
    except RuleError as exc:
        raise ApplicationError(exc.message, code="rule_refused", field=exc.field) from exc


# --- limitation watch ----------------------------------------------------------------------

@dataclass
class LimitationRow:
    debt: Debt
    outstanding: Decimal
    limitation: Limitation
    days_left: int
    case: Case | None


def acknowledgements_of(debt_ids: list[int]) -> dict[int, list[Acknowledgement]]:
    found: dict[int, list[Acknowledgement]] = defaultdict(list)
    for debt_id, kind, on in DebtAcknowledgement.objects.filter(debt_id__in=debt_ids).values_list(
            "debt_id", "kind", "acknowledged_on"):
        found[debt_id].append(Acknowledgement(on=on, kind=kind))
    return found


def debt_limitation(*, debt: Debt) -> Limitation:
    """The limitation date of one debt (ГК РФ ст. 196, 200, 203), as the debtor's card shows it."""
    return limitation(due_date=debt.due_date, acknowledgements=acknowledgements_of([debt.pk]).get(debt.pk, []),
                      calendar=reference.production_calendar())


def _limitation_rows(debts: QuerySet[Any], today: date) -> list[LimitationRow]:
    debts = debts.select_related("consumer", "contract").prefetch_related(
        Prefetch("case_links", queryset=CaseDebt.objects.filter(active=True).select_related("case"), to_attr="open_links"))
    candidates = [d for d in debts if money(d.outstanding) > 0]
    acks = acknowledgements_of([d.pk for d in candidates])
    calendar = reference.production_calendar()
    rows = []
    for debt in candidates:
        result = limitation(due_date=debt.due_date, acknowledgements=acks.get(debt.pk, []), calendar=calendar)
        links = debt.open_links
        rows.append(LimitationRow(debt, money(debt.outstanding), result, (result.expires_on - today).days,
                                  links[0].case if links else None))
    rows.sort(key=lambda r: (r.limitation.expires_on, r.debt.consumer.name, r.debt.pk))
    return rows


def limitation_watch(*, today: date, within_days: int = LIMITATION_WATCH_DAYS) -> list[LimitationRow]:
    """Unpaid debts whose limitation date falls within ``within_days`` from ``today`` (the legal
    staff's list), nearest first, each with the open case that covers it."""
    horizon = today + timedelta(days=within_days)
    # an acknowledgement only moves the date later: a debt due after this cannot be in the window
    latest_due = add_years(horizon, -GENERAL_PERIOD_YEARS)
    debts = debts_with_balance(as_of=today).filter(settled_on__isnull=True, due_date__lte=latest_due)
    return [row for row in _limitation_rows(debts, today) if today <= row.limitation.expires_on <= horizon]


def consumer_limitations(*, consumer_id: int, today: date) -> list[LimitationRow]:
    """Every unpaid overdue debt of a consumer with its limitation date (the debtor's card)."""
    debts = debts_with_balance(as_of=today).filter(settled_on__isnull=True, consumer_id=consumer_id,
                                                   due_date__lt=today)
    return _limitation_rows(debts, today)
