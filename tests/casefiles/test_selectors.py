"""Who sees cases (legal staff and managers only, the archive included) and the limitation watch."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D

import pytest

from accounts.roles import ADMINISTRATOR, BILLING, LEGAL, MANAGER, TECHNICIAN
from casefiles import selectors, services
from casefiles.models import Case
from documents.access import can_view_document, visible_documents
from documents.registry import get_spec
from documents.services import issue_document, sample_context
from regulations.limitation import add_years

from .factories import AllocationFactory, ContractFactory, DebtFactory, PaymentFactory


@pytest.fixture
def case(debts, lawyer):
    return services.case_open(consumer=debts[0].consumer, debts=debts, kind=Case.Kind.CLAIM, actor=lawyer)


@pytest.mark.parametrize(
    ("role", "sees"),
    [(LEGAL, True), (MANAGER, True), (BILLING, False), (TECHNICIAN, False), (ADMINISTRATOR, False), (None, False)],
)
def test_only_legal_staff_and_managers_see_cases(case, make_user, role, sees):
    user = make_user(role)
    assert (list(selectors.cases_visible_to(user)) == [case]) is sees
    assert selectors.can_view_case(user, case) is sees


@pytest.fixture
def case_letter(case, lawyer):
    context = sample_context(get_spec("common.letter"))
    context.pop("document")
    return issue_document(template="common.letter", context=context, subject=case, actor=lawyer)


@pytest.mark.parametrize(("role", "sees"), [(LEGAL, True), (MANAGER, True), (BILLING, False), (TECHNICIAN, False)])
def test_the_archive_asks_the_same_rule(case_letter, make_user, role, sees):
    user = make_user(role)
    assert can_view_document(user, case_letter) is sees
    assert (case_letter in visible_documents(user)) is sees


def test_an_archived_document_is_attached_and_downloaded_through_the_archive(case, case_letter, lawyer):
    from audit.models import AuditEvent

    item = services.document_attach(case=case, document=case_letter, kind="other", actor=lawyer)
    assert item.title.endswith(case_letter.number) and not item.uploaded
    delivered = services.case_document_file(item=item, actor=lawyer)
    assert delivered.content.startswith(b"PK")
    assert AuditEvent.objects.filter(action="document.downloaded", target_id=str(case_letter.pk)).count() == 1


def test_case_list_filters(case, lawyer, contract):
    other = services.case_open(consumer=contract.consumer, debts=[], kind=Case.Kind.POLICE, actor=lawyer)
    assert list(selectors.case_list(user=lawyer, kind=Case.Kind.POLICE)) == [other]
    assert list(selectors.case_list(user=lawyer, stage=Case.Stage.PREPARATION)) == [other, case]
    assert list(selectors.case_list(user=lawyer, query=contract.consumer.name[:6])) == [other, case]


# --- limitation watch ----------------------------------------------------------------------

def test_the_limitation_watch_lists_debts_within_90_days(lawyer, today):
    # given
    contract = ContractFactory()
    base = add_years(today, -3)  # a debt due the day before this expires today
    soon = DebtFactory(contract=contract, period=(base - timedelta(days=40)).replace(day=1), amount=D("1000.00"),
                       due_date=base + timedelta(days=29))
    later = DebtFactory(contract=contract, period=(base - timedelta(days=400)).replace(day=1), amount=D("500.00"),
                        due_date=base - timedelta(days=370))  # lapsed, but acknowledged below
    lapsed = DebtFactory(contract=contract, period=(base - timedelta(days=800)).replace(day=1), amount=D("700.00"),
                         due_date=base - timedelta(days=700))
    young = DebtFactory(contract=contract, period=(today - timedelta(days=70)).replace(day=1), amount=D("900.00"),
                        due_date=today - timedelta(days=40))
    paid = DebtFactory(contract=contract, period=(base - timedelta(days=100)).replace(day=1), amount=D("300.00"),
                       due_date=base + timedelta(days=10), settled_on=base + timedelta(days=10))
    AllocationFactory(debt=paid, payment=PaymentFactory(contract=contract, doc_date=base + timedelta(days=10),
                                                        amount=D("300.00")), amount=D("300.00"))
    services.acknowledgement_record(debt=later, kind="reconciliation", acknowledged_on=base + timedelta(days=60),
                                    basis="Акт сверки на 31.03, подписан директором", actor=lawyer)
    # when
    rows = selectors.limitation_watch(today=today)
    # then: the nearest first, the acknowledged one moved into the window; the lapsed, young and paid ones out
    assert [row.debt for row in rows] == [soon, later]
    assert rows[0].limitation.expires_on >= base + timedelta(days=30)
    assert rows[1].limitation.acknowledgement is not None and "ст. 203" in rows[1].limitation.norm
    assert all(0 <= row.days_left <= 90 for row in rows)
    assert {lapsed, young, paid}.isdisjoint(row.debt for row in rows)


def test_the_watch_names_the_open_case(lawyer, today):
    contract = ContractFactory()
    base = add_years(today, -3)
    debt = DebtFactory(contract=contract, period=(base - timedelta(days=40)).replace(day=1), amount=D("1000.00"),
                       due_date=base + timedelta(days=29))
    case = services.case_open(consumer=contract.consumer, debts=[debt], kind=Case.Kind.CLAIM, actor=lawyer)
    assert selectors.limitation_watch(today=today)[0].case == case


def test_the_debtors_limitations_list_every_unpaid_overdue_debt(debts, lawyer, today):
    rows = selectors.consumer_limitations(consumer_id=debts[0].consumer_id, today=today)
    assert [row.debt for row in rows] == debts
    assert rows[0].limitation.expires_on == add_years(debts[0].due_date + timedelta(days=1), 3) or \
        rows[0].limitation.expires_on > add_years(debts[0].due_date + timedelta(days=1), 3)  # a day off moves it later


def test_the_route_proposal_reads_the_limit_from_the_reference_data(case, lawyer, today):
    services.amounts_refresh(case=case, as_of=today, actor=lawyer)
    case.refresh_from_db()
    route = selectors.route_proposal(case=case, on=today)
    assert route.kind == Case.Kind.ORDER_ARBITRATION and "500 000,00" in route.reason
