"""The services of case files: opening, amounts, route, claim, filing, the court's acts,
enforcement, closing — each refusal with its code and nothing partial written."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal as D

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from casefiles import services
from casefiles.models import Case, CaseDebt, Hearing, Judgment
from core.errors import ApplicationError

from .factories import AllocationFactory, ContractFactory, CourtFactory, DebtFactory, PaymentFactory


def open_claim(debts, lawyer, **extra):
    return services.case_open(consumer=debts[0].consumer, contract=debts[0].contract, debts=debts,
                              kind=Case.Kind.CLAIM, actor=lawyer, **extra)


def events(case, action):
    return AuditEvent.objects.filter(action=action, target_id=str(case.pk)).count()


# --- opening -------------------------------------------------------------------------------

def test_a_case_covers_the_chosen_debts_and_is_audited(debts, lawyer):
    # when
    case = open_claim(debts, lawyer)
    # then
    assert (case.kind, case.stage, case.claim_term_days) == (Case.Kind.CLAIM, Case.Stage.PREPARATION, 30)
    assert set(case.debts.all()) == set(debts)
    assert events(case, "case.opened") == 1


def test_a_debt_in_another_open_case_is_refused_naming_the_case(debts, lawyer):
    # given
    first = open_claim(debts[:1], lawyer)
    # when
    with pytest.raises(ApplicationError) as exc:
        open_claim(debts, lawyer)
    # then
    assert (exc.value.code, exc.value.field) == ("debt_in_case", "debts")
    assert f"№ {first.pk}" in exc.value.message
    assert Case.objects.count() == 1 and CaseDebt.objects.count() == 1  # nothing partial


def test_a_closed_case_releases_its_debts(debts, lawyer, today):
    first = open_claim(debts, lawyer)
    services.case_close(case=first, closed_on=today, outcome=Case.Outcome.PAID, actor=lawyer)
    second = open_claim(debts, lawyer)
    assert set(second.debts.all()) == set(debts)
    assert not CaseDebt.objects.filter(case=first, active=True).exists()


def test_another_consumers_debt_is_refused(debts, lawyer):
    stranger = DebtFactory(contract=ContractFactory())
    with pytest.raises(ApplicationError) as exc:
        open_claim([*debts, stranger], lawyer)
    assert (exc.value.code, exc.value.field) == ("foreign_object", "debts")
    assert not Case.objects.exists()


def test_a_role_without_the_right_cannot_open_a_case(debts, manager):
    with pytest.raises(ApplicationError) as exc:
        open_claim(debts, manager)
    assert exc.value.code == "permission_denied"


# --- amounts -------------------------------------------------------------------------------

def test_amounts_by_the_ledger_and_the_law_regulations_example(lawyer, contract):
    # given regulations §1: `other`, 200 000.00 due 10.03.2026 (9.5 % = min(9.5, key rate))
    debt = DebtFactory(contract=contract, period=date(2026, 2, 1), amount=D("200000.00"), due_date=date(2026, 3, 10))
    case = services.case_open(consumer=contract.consumer, debts=[debt], kind=Case.Kind.LAWSUIT_ARBITRATION, actor=lawyer)
    # when: as of 24.04.2026 — 45 days at 1/130
    services.amounts_refresh(case=case, as_of=date(2026, 4, 24), actor=lawyer)
    # then: the penalty of the worked example; the arbitration duty on 206 576.92 (НК 333.21)
    case.refresh_from_db()
    assert (case.principal, case.penalty) == (D("200000.00"), D("6576.92"))
    assert case.state_duty == D("15329.00")  # 10 000 + 5 % × 106 576.92, whole roubles
    assert case.amounts_as_of == date(2026, 4, 24)
    assert "190-ФЗ" in case.amounts_norm and "333.21" in case.amounts_norm
    assert events(case, "case.amounts_refreshed") == 1


def test_a_payment_lowers_the_principal_and_closes_its_portion(lawyer, contract):
    # given regulations §1: the same debt paid in full on 24.04.2026
    debt = DebtFactory(contract=contract, period=date(2026, 2, 1), amount=D("200000.00"), due_date=date(2026, 3, 10))
    AllocationFactory(debt=debt, payment=PaymentFactory(contract=contract, doc_date=date(2026, 4, 24),
                                                        amount=D("200000.00")), amount=D("200000.00"))
    case = services.case_open(consumer=contract.consumer, debts=[debt], kind=Case.Kind.CLAIM, actor=lawyer)
    services.amounts_refresh(case=case, as_of=date(2026, 5, 31), actor=lawyer)
    case.refresh_from_db()
    assert (case.principal, case.penalty, case.state_duty) == (D("0.00"), D("6576.92"), D("0.00"))


# --- route ---------------------------------------------------------------------------------

@pytest.fixture
def priced_case(debts, lawyer, today):
    case = open_claim(debts, lawyer)
    services.amounts_refresh(case=case, as_of=today, actor=lawyer)
    case.refresh_from_db()
    return case


def test_the_proposed_route_is_taken_without_a_reason(priced_case, lawyer, arbitration_court):
    # 250 000 and its penalty, undisputed, an organisation → an arbitration court order
    case = services.case_route_set(case=priced_case, kind=Case.Kind.ORDER_ARBITRATION, court=arbitration_court,
                                   actor=lawyer)
    assert case.kind == Case.Kind.ORDER_ARBITRATION and case.court == arbitration_court
    assert "229.2" in case.route_reason
    assert case.state_duty >= D("8000.00")  # the court order's minimum (reference data)


def test_another_route_needs_a_reason(priced_case, lawyer):
    with pytest.raises(ApplicationError) as exc:
        services.case_route_set(case=priced_case, kind=Case.Kind.LAWSUIT_ARBITRATION, actor=lawyer)
    assert (exc.value.code, exc.value.field) == ("required", "reason")
    case = services.case_route_set(case=priced_case, kind=Case.Kind.LAWSUIT_ARBITRATION, actor=lawyer,
                                   reason="должник направил возражения по объему")
    assert case.route_reason == "должник направил возражения по объему"


def test_a_court_order_over_the_limit_is_refused(contract, lawyer, today):
    debt = DebtFactory(contract=contract, amount=D("600000.00"), due_date=today - timedelta(days=60))
    case = services.case_open(consumer=contract.consumer, debts=[debt], kind=Case.Kind.CLAIM, actor=lawyer)
    services.amounts_refresh(case=case, as_of=today, actor=lawyer)
    with pytest.raises(ApplicationError) as exc:
        services.case_route_set(case=case, kind=Case.Kind.ORDER_ARBITRATION, actor=lawyer, reason="быстрее")
    assert (exc.value.code, exc.value.field) == ("route_not_allowed", "kind")
    assert "500 000,00" in exc.value.message
    case.refresh_from_db()
    assert case.kind == Case.Kind.CLAIM  # nothing written


def test_a_court_of_the_wrong_kind_is_refused(priced_case, lawyer):
    magistrate = CourtFactory(name="Судебный участок № 1", kind="magistrate")
    with pytest.raises(ApplicationError) as exc:
        services.case_route_set(case=priced_case, kind=Case.Kind.ORDER_ARBITRATION, court=magistrate, actor=lawyer)
    assert exc.value.field == "court"


# --- claim and filing ----------------------------------------------------------------------

@pytest.fixture
def routed_case(priced_case, lawyer, arbitration_court):
    return services.case_route_set(case=priced_case, kind=Case.Kind.ORDER_ARBITRATION, court=arbitration_court,
                                   actor=lawyer)


def test_filing_before_the_claims_30_days_is_refused(routed_case, lawyer, arbitration_court, today):
    # given the claim sent 40 days ago: filing allowed from the 31st day after sending
    services.claim_sent_record(case=routed_case, sent_on=today - timedelta(days=40), tracking="80082345678901",
                               actor=lawyer)
    # when filed on the 30th day
    with pytest.raises(ApplicationError) as exc:
        services.case_file(case=routed_case, court=arbitration_court, court_case_number="А40-1/2026",
                           filed_on=today - timedelta(days=10), actor=lawyer)
    # then
    assert (exc.value.code, exc.value.field) == ("date_order", "filed_on")
    assert "АПК РФ ст. 4 ч. 5" in exc.value.message
    routed_case.refresh_from_db()
    assert routed_case.filed_on is None
    # and on the 31st it is filed
    case = services.case_file(case=routed_case, court=arbitration_court, court_case_number="А40-1/2026",
                              filed_on=today - timedelta(days=9), actor=lawyer)
    assert (case.stage, case.court_case_number) == (Case.Stage.FILED, "А40-1/2026")


def test_the_contracts_own_claim_term(debts, lawyer, arbitration_court, today):
    case = open_claim(debts, lawyer, claim_term_days=10)
    services.amounts_refresh(case=case, as_of=today, actor=lawyer)
    services.case_route_set(case=case, kind=Case.Kind.ORDER_ARBITRATION, actor=lawyer)
    services.claim_sent_record(case=case, sent_on=today - timedelta(days=11), tracking="1", actor=lawyer)
    assert services.case_file(case=case, court=arbitration_court, court_case_number="А40-2/2026", filed_on=today,
                              actor=lawyer).filed_on == today


def test_the_arbitration_court_needs_the_claim_first(routed_case, lawyer, arbitration_court, today):
    with pytest.raises(ApplicationError) as exc:
        services.case_file(case=routed_case, court=arbitration_court, court_case_number="А40-3/2026", filed_on=today,
                           actor=lawyer)
    assert exc.value.code == "claim_missing"


def test_a_claim_is_not_filed_in_court(priced_case, lawyer, arbitration_court, today):
    with pytest.raises(ApplicationError) as exc:
        services.case_file(case=priced_case, court=arbitration_court, court_case_number="1", filed_on=today,
                           actor=lawyer)
    assert exc.value.code == "state_conflict"


# --- the court's acts, enforcement, closing ------------------------------------------------

@pytest.fixture
def filed_case(routed_case, lawyer, arbitration_court, today):
    services.claim_sent_record(case=routed_case, sent_on=today - timedelta(days=60), tracking="1", actor=lawyer)
    return services.case_file(case=routed_case, court=arbitration_court, court_case_number="А40-5/2026",
                              filed_on=today - timedelta(days=20), actor=lawyer)


def test_a_case_through_judgment_writ_payments_and_closing(filed_case, lawyer, today):
    case = filed_case
    starts = timezone.make_aware(datetime.combine(today - timedelta(days=10), time(10, 30)))
    hearing = services.hearing_add(case=case, starts_at=starts, place="зал 5012", result="отложено", actor=lawyer)
    assert Case.objects.get(pk=case.pk).stage == Case.Stage.HEARING
    judgment = services.judgment_record(
        case=case, kind=Judgment.Kind.DECISION, decided_on=today - timedelta(days=5), actor=lawyer,
        principal_awarded=D("250000.00"), penalty_awarded=D("1000.00"), duty_awarded=D("8000.00"),
        enters_into_force=today + timedelta(days=25),
    )
    assert judgment.total_awarded == D("259000.00")
    services.writ_record(case=case, number="ФС № 012345678", issued_on=today - timedelta(days=1),
                         issued_by="Арбитражный суд города Москвы", actor=lawyer)
    services.enforcement_payment_record(case=case, paid_on=today, amount=D("100000.00"), document="п/п № 15",
                                        actor=lawyer)
    closed = services.case_close(case=case, closed_on=today, outcome=Case.Outcome.PARTLY, actor=lawyer)
    assert (closed.stage, closed.recovered) == (Case.Stage.CLOSED, D("100000.00"))
    assert Hearing.objects.get() == hearing
    for action in ("case.hearing_added", "case.judgment_recorded", "case.writ_recorded",
                   "case.enforcement_payment_recorded", "case.closed"):
        assert events(case, action) == 1, action
    # a closed case takes nothing more
    with pytest.raises(ApplicationError) as exc:
        services.enforcement_payment_record(case=case, paid_on=today, amount=D("1.00"), document="x", actor=lawyer)
    assert exc.value.code == "already_closed"


def test_a_writ_needs_the_judgment(filed_case, lawyer, today):
    with pytest.raises(ApplicationError) as exc:
        services.writ_record(case=filed_case, number="ФС 1", issued_on=today, issued_by="суд", actor=lawyer)
    assert exc.value.code == "judgment_missing"


def test_a_hearing_needs_the_filing(routed_case, lawyer, today):
    with pytest.raises(ApplicationError) as exc:
        services.hearing_add(case=routed_case, starts_at=timezone.now(), actor=lawyer)
    assert exc.value.code == "not_filed"


def test_a_judgment_in_the_future_is_refused(filed_case, lawyer, today):
    with pytest.raises(ApplicationError) as exc:
        services.judgment_record(case=filed_case, kind="decision", decided_on=today + timedelta(days=1), actor=lawyer)
    assert (exc.value.code, exc.value.field) == ("future_date", "decided_on")
    assert not Judgment.objects.exists()


def test_the_police_registration(contract, lawyer):
    case = services.case_open(consumer=contract.consumer, debts=[], kind=Case.Kind.POLICE, actor=lawyer)
    case = services.police_registration_record(case=case, kusp_number="КУСП № 1234", actor=lawyer)
    assert (case.kusp_number, case.stage) == ("КУСП № 1234", Case.Stage.FILED)
