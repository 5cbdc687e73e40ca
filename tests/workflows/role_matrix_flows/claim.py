"""«Взыскание задолженности»: the claim flow (claim_flows) and its debt selection."""

from __future__ import annotations

from datetime import timedelta

from accounts.roles import LEGAL, MANAGER
from tests.accounts.matrix import NOBODY, Access

from ._common import (
    DONE_BY_LAWYER,
    MANAGERS,
    SYSTEM,
    _remember,
    flow_entries,
)

CLAIM_APP = {LEGAL, MANAGER}  # who sees the claim flow (cases: legal staff and managers only)
CLAIM_PREFIX = "claim_flows:flows"


def samples(world):
    _claim(world)


def _claim(world):

    from casefiles.models import CasePackage
    from casefiles.services import claim_sent_record
    from tests.casefiles.factories import AllocationFactory, ContractFactory, DebtFactory
    from workflows.claim import ClaimFlow as Flow
    from workflows.claim import start_claims
    from workflows.tasks import fire_due_timers

    from ..conftest import complete_view_task, open_task

    lawyer, manager, today = world.users[LEGAL], world.users[MANAGER], world.today
    sent_on = today - timedelta(days=40)  # the claim's term is over: the timer fires at once

    def start():
        debt = DebtFactory(contract=ContractFactory(), due_date=today - timedelta(days=90))
        return start_claims(debts=[debt], actor=lawyer)[0]

    def send(process):
        complete_view_task(open_task(process, Flow.issue_claim), lawyer)
        complete_view_task(open_task(process, Flow.send_claim), lawyer, lambda a: claim_sent_record(
            case=a.process.case, sent_on=sent_on, tracking="80082300000001", actor=lawyer))

    def built(activation):  # the package's row, as package_build would leave it once approved
        case = activation.process.case
        CasePackage.objects.create(
            case=case, version=1, route="court_order_arbitration", title="матрица", pdf_name=f"matrix/{case.pk}.pdf",
            pdf_sha256="0" * 64, pdf_size=1, zip_name=f"matrix/{case.pk}.zip", zip_sha256="0" * 64, zip_size=1,
            page_count=1, approved_by=manager, approved_at=world.now)

    # paid after the claim: start, claim, sent, the timer, closed as paid — every node of that path, done
    paid = start()
    send(paid)
    for link in paid.case.case_debts.all():
        AllocationFactory(debt=link.debt, amount=link.debt.amount, paid_on=today - timedelta(days=20))
    # unpaid through the court to the enforcement and closing: every other node, done (the steps' own services
    # are tested in test_claim; here the tasks are completed as they are)
    court = start()
    send(court)
    fire_due_timers()
    for node in (Flow.choose_route, Flow.issue_application):
        complete_view_task(open_task(court, node), lawyer)
    complete_view_task(open_task(court, Flow.build_package), lawyer, built)
    complete_view_task(open_task(court, Flow.approve), manager)
    for node in (Flow.file, Flow.court, Flow.writ, Flow.enforcement):
        complete_view_task(open_task(court, node), lawyer)
    # a claim to issue, assigned to the matrix lawyer who opened the case; a package waiting for a manager
    issuing = start()
    approving = start()
    send(approving)
    fire_due_timers()
    for node in (Flow.choose_route, Flow.issue_application, Flow.build_package):
        complete_view_task(open_task(approving, node), lawyer)
    _remember(world, "claim", paid)
    _remember(world, "claim", court, issue_claim=open_task(issuing, Flow.issue_claim),
              approve=open_task(approving, Flow.approve))


ACCESS = [
    Access("claim_flows:index", allowed=CLAIM_APP, note="the application's start: a redirect"),
    Access("claim_flows:inbox", allowed=CLAIM_APP),
    Access("claim_flows:queue", allowed=CLAIM_APP),
    Access("claim_flows:archive", allowed=CLAIM_APP),
    Access("claim_flows:tasks_assign", allowed=CLAIM_APP, note="the queue's bulk assign: nothing chosen, nothing done"),
    Access("claim_flows:tasks_unassign", allowed=CLAIM_APP, note="the inbox's bulk unassign: nothing chosen"),
    Access("claim_flows:flows:index", allowed=CLAIM_APP, note="a redirect to the first flow the user sees"),
    Access("claim_flows:debt_selection:index", allowed={LEGAL},
           note="the debt selection that starts the claims; an empty POST is an invalid form: 200"),
    *flow_entries("claim", CLAIM_APP, {
        "start": SYSTEM,
        "issue_claim": (NOBODY, {LEGAL}, {LEGAL, MANAGER}),  # assigned to the matrix lawyer who opened the case
        "send_claim": DONE_BY_LAWYER,
        "claim_term": SYSTEM,
        "is_paid": SYSTEM,
        "close_paid": SYSTEM,
        "paid": SYSTEM,
        "choose_route": DONE_BY_LAWYER,
        "issue_application": DONE_BY_LAWYER,
        "build_package": DONE_BY_LAWYER,
        "approve": (MANAGERS, NOBODY, NOBODY),  # open, unassigned: only a manager approves or returns
        "is_approved": SYSTEM,
        "file": DONE_BY_LAWYER,
        "court": DONE_BY_LAWYER,
        "writ": DONE_BY_LAWYER,
        "enforcement": DONE_BY_LAWYER,
        "closed": SYSTEM,
    }, prefix=CLAIM_PREFIX, app=CLAIM_APP),
]
