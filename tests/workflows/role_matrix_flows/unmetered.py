"""«Нарушения потребления»: the flow of contract-less and unmetered use (unmetered_flows)."""

from __future__ import annotations

from datetime import timedelta

from accounts.roles import BILLING, LEGAL, MANAGER, TECHNICIAN
from tests.accounts.matrix import NOBODY, Access

from ._common import (
    DONE_BY_LAWYER,
    DONE_BY_MANAGER,
    SYSTEM,
    _remember,
    flow_entries,
)

UNMETERED_APP = {TECHNICIAN, BILLING, LEGAL, MANAGER}  # who sees the flow of contract-less and unmetered use
UNMETERED_PREFIX = "unmetered_flows:flows"


def samples(world):
    _unmetered(world)


def _unmetered(world):
    from inspections.services.acts import act_accept, act_fill
    from tests.inspections.factories import FieldInspectionFactory
    from tests.inspections.samples import contractless
    from workflows.tasks import fire_due_timers
    from workflows.unmetered import UnmeteredFlow as Flow

    from ..conftest import complete_view_task, open_task, run_background_handles, start_view_flow

    users, today = world.users, world.today
    technician, lawyer, billing, manager = users[TECHNICIAN], users[LEGAL], users[BILLING], users[MANAGER]

    def start():
        inspection = FieldInspectionFactory(technician=technician)
        return start_view_flow(Flow.start, technician, lambda a: setattr(a.process, "artifact", inspection))

    def data(activation, **values):
        activation.process.data = {**(activation.process.data or {}), **values}
        activation.process.save(update_fields=["data"])

    def issued(process):
        complete_view_task(open_task(process, Flow.fill_act), technician, lambda a: act_fill(
            inspection=a.process.inspection, data=contractless(today), actor=technician))
        run_background_handles(process)

    def demanded(process, total):
        """Accepted, calculated, approved and demanded (the steps' own services are tested in
        test_unmetered; here their records are set as they leave them), the term over."""
        complete_view_task(open_task(process, Flow.review), lawyer, lambda a: act_accept(act=a.process.act,
                                                                                         actor=lawyer))
        complete_view_task(open_task(process, Flow.calculate), billing, lambda a: data(a, calculation={}))
        complete_view_task(open_task(process, Flow.approve), manager, lambda a: data(a, approved=True))
        due = (today - timedelta(days=2)).isoformat()
        complete_view_task(open_task(process, Flow.demand), billing, lambda a: data(a, demand={
            "date": due, "due": due, "amount": total, "total": total}))
        fire_due_timers()

    # unpaid, an unauthorised connection: the police statement done, passed to the lawyers — every node, done
    unpaid = start()
    issued(unpaid)
    demanded(unpaid, "1000.00")
    complete_view_task(open_task(unpaid, Flow.police), lawyer)
    # nothing demanded: paid by the ledger at once
    paid = start()
    issued(paid)
    demanded(paid, "0.00")
    # an act to fill, assigned to the matrix technician; an issued act waiting for a lawyer
    filling = start()
    reviewing = start()
    issued(reviewing)
    _remember(world, "unmetered", unpaid, paid=paid.task_set.get(flow_task=Flow.paid), fill_act=open_task(filling, Flow.fill_act),
              review=open_task(reviewing, Flow.review))


ACCESS = [
    Access("unmetered_flows:index", allowed=UNMETERED_APP, note="the application's start: a redirect"),
    Access("unmetered_flows:inbox", allowed=UNMETERED_APP),
    Access("unmetered_flows:queue", allowed=UNMETERED_APP),
    Access("unmetered_flows:archive", allowed=UNMETERED_APP),
    Access("unmetered_flows:tasks_assign", allowed=UNMETERED_APP, note="the queue's bulk assign: nothing chosen"),
    Access("unmetered_flows:tasks_unassign", allowed=UNMETERED_APP, note="the inbox's bulk unassign: nothing chosen"),
    Access("unmetered_flows:flows:index", allowed=UNMETERED_APP, note="a redirect to the first flow the user sees"),
    *flow_entries("unmetered", UNMETERED_APP, {
        "start": SYSTEM,
        "fill_act": (NOBODY, {TECHNICIAN}, {TECHNICIAN, MANAGER}),  # assigned to the inspection's technician
        "issue_act": SYSTEM,
        "review": ({LEGAL}, NOBODY, NOBODY),  # open, unassigned: only a lawyer accepts or returns
        "is_returned": SYSTEM,
        "calculate": (NOBODY, NOBODY, ({BILLING, MANAGER}, NOBODY)),
        "approve": DONE_BY_MANAGER,
        "is_approved": SYSTEM,
        "demand": (NOBODY, NOBODY, ({BILLING, MANAGER}, NOBODY)),
        "payment_term": SYSTEM,
        "is_paid": SYSTEM,
        "paid": SYSTEM,
        "needs_police": SYSTEM,
        "police": DONE_BY_LAWYER,
        "to_lawyers": SYSTEM,
    }, Access(f"{UNMETERED_PREFIX}:unmetered:start:execute", allowed=UNMETERED_APP,
              note="the start form (whoever may report an inspection); an empty POST is an invalid form: 200"),
        prefix=UNMETERED_PREFIX, app=UNMETERED_APP),
]
