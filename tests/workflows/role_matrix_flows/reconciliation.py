"""The reconciliation flows (readings and settlements) and the quarter's bulk statements
(reconciliation_flows)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from accounts.roles import BILLING, LEGAL, MANAGER, TECHNICIAN
from tests.accounts.matrix import NOBODY, Access

from ._common import (
    SYSTEM,
    _remember,
    flow_entries,
)

RECONCILIATION_APP = {TECHNICIAN, BILLING, LEGAL, MANAGER}  # who sees at least one reconciliation flow
READINGS_VIEWERS = {TECHNICIAN, BILLING, MANAGER}
SETTLEMENTS_VIEWERS = {BILLING, LEGAL, MANAGER}
RECONCILIATION_PREFIX = "reconciliation_flows:flows"


def samples(world):
    _reconciliation(world)


def _reconciliation(world):
    """Each reconciliation flow: one process signed (every node done), one waiting to be sent
    (assigned to its starter), one returned with differences (the resolution in the queue);
    the bulk job of the quarter (no files: its download answers with a message)."""

    from billing.models import BillingPeriod
    from reconciliation.models import BulkJob
    from reconciliation.services import (
        act_send,
        readings_act_return,
        readings_reconciliation_create,
        settlements_act_return,
        settlements_reconciliation_create,
    )
    from tests.metering.factories import MeteringUnitFactory, ReadingFactory
    from tests.settlements.factories import ContractFactory
    from workflows.reconciliation import ReadingsReconciliationFlow as Readings
    from workflows.reconciliation import SettlementsReconciliationFlow as Settlements

    from ..conftest import complete_view_task, open_task, run_background_handles, start_view_flow

    users, today = world.users, world.today
    technician, billing = users[TECHNICIAN], users[BILLING]
    month = date(2025, 1, 1)
    period, _ = BillingPeriod.objects.get_or_create(month=month)
    if not period.is_closed:
        period.status = BillingPeriod.Status.CLOSED
        period.save()
    unit = MeteringUnitFactory()
    ReadingFactory(unit=unit, period=month, q_total=Decimal("100"), m1_total=Decimal("0"), m2_total=Decimal("0"),
                   v1_total=Decimal("0"), v2_total=Decimal("0"))
    contract = ContractFactory()

    def readings():
        act = readings_reconciliation_create(consumer=unit.heated_object.consumer, date_from=month, date_to=month,
                                             actor=technician)
        process = start_view_flow(Readings.start, technician, lambda a: setattr(a.process, "artifact", act))
        run_background_handles(process)
        return process

    def settlements():
        act = settlements_reconciliation_create(contract=contract, date_from=month, date_to=date(2025, 1, 31),
                                                actor=billing)
        process = start_view_flow(Settlements.start, billing, lambda a: setattr(a.process, "artifact", act))
        run_background_handles(process)
        return process

    def send(flow, process, user):
        complete_view_task(open_task(process, flow.send), user, lambda a: act_send(
            act=a.process.act, sent_on=today, note="", actor=user))

    def returned(flow, process, user, *, signed):
        def action(a):
            if flow is Readings:
                readings_act_return(act=a.process.act, returned_on=today, signed=signed, note="не согласен",
                                    actor=user)
            else:
                settlements_act_return(act=a.process.act, returned_on=today, signed=signed, actor=user,
                                       signer_name="Иванов И.И.", signer_position="Директор",
                                       authority_basis="charter", note="не согласен")
        complete_view_task(open_task(process, flow.returned), user, action)

    for key, flow, start, user in (("readingsreconciliation", Readings, readings, technician),
                                   ("settlementsreconciliation", Settlements, settlements, billing)):
        signed, sending, disputed = start(), start(), start()
        for process in (signed, disputed):
            send(flow, process, user)
        returned(flow, signed, user, signed=True)
        returned(flow, disputed, user, signed=False)
        _remember(world, key, signed, send=open_task(sending, flow.send), settle=open_task(disputed, flow.settle))
    world.bulk_job = BulkJob.objects.create(date_from=month, date_to=date(2025, 3, 31), created_by=billing,
                                            status=BulkJob.Status.DONE)


ACCESS = [
    Access("reconciliation_flows:index", allowed=RECONCILIATION_APP, note="the application's start: a redirect"),
    Access("reconciliation_flows:inbox", allowed=RECONCILIATION_APP),
    Access("reconciliation_flows:queue", allowed=RECONCILIATION_APP),
    Access("reconciliation_flows:archive", allowed=RECONCILIATION_APP),
    Access("reconciliation_flows:tasks_assign", allowed=RECONCILIATION_APP, note="the queue's bulk assign: nothing chosen"),
    Access("reconciliation_flows:tasks_unassign", allowed=RECONCILIATION_APP,
           note="the inbox's bulk unassign: nothing chosen"),
    Access("reconciliation_flows:flows:index", allowed=RECONCILIATION_APP,
           note="a redirect to the first flow the user sees"),
    *flow_entries("readingsreconciliation", READINGS_VIEWERS, {
        "start": SYSTEM,
        "issue": SYSTEM,
        "send": (NOBODY, {TECHNICIAN}, {TECHNICIAN, MANAGER}),  # assigned to the technician who started it
        "returned": (NOBODY, NOBODY, ({TECHNICIAN, MANAGER}, NOBODY)),
        "is_disputed": SYSTEM,
        "settle": ({TECHNICIAN}, NOBODY, NOBODY),  # open, unassigned: any technician resolves the differences
        "signed": SYSTEM,
    }, Access(f"{RECONCILIATION_PREFIX}:readingsreconciliation:start:execute", allowed={TECHNICIAN},
              note="the start form (technicians); an empty POST is an invalid form: 200"),
        prefix=RECONCILIATION_PREFIX, app=RECONCILIATION_APP),
    *flow_entries("settlementsreconciliation", SETTLEMENTS_VIEWERS, {
        "start": SYSTEM,
        "issue": SYSTEM,
        "send": (NOBODY, {BILLING}, {BILLING, MANAGER}),  # assigned to the billing specialist who started it
        "returned": (NOBODY, NOBODY, ({BILLING, MANAGER}, NOBODY)),
        "is_disputed": SYSTEM,
        "settle": ({BILLING}, NOBODY, NOBODY),  # open, unassigned: a billing specialist's task
        "acknowledge": SYSTEM,
        "signed": SYSTEM,
    }, Access(f"{RECONCILIATION_PREFIX}:settlementsreconciliation:start:execute", allowed={BILLING},
              note="the start form (billing specialists); an empty POST is an invalid form: 200"),
        prefix=RECONCILIATION_PREFIX, app=RECONCILIATION_APP),
    Access("reconciliation_flows:bulk:index", allowed={BILLING, MANAGER},
           note="the quarter's bulk statements; a POST without a valid form shows the form again"),
    Access("reconciliation_flows:bulk:job", allowed={BILLING, MANAGER}, kwargs=lambda w: {"pk": w.bulk_job.pk}),
    Access("reconciliation_flows:bulk:file", allowed={BILLING, MANAGER},
           kwargs=lambda w: {"pk": w.bulk_job.pk, "kind": "zip"}, note="no file yet: a redirect with a message"),
]
