"""Supply: the quality flow (quality_flows), the interruption and restriction flows
(supply_flows)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from accounts.roles import BILLING, MANAGER, TECHNICIAN
from tests.accounts.matrix import NOBODY, Access

from ._common import (
    DONE_BY_BILLING,
    DONE_BY_MANAGER,
    DONE_BY_TECHNICIAN,
    MANAGERS,
    SYSTEM,
    _remember,
    flow_entries,
)

QUALITY_APP = {TECHNICIAN, MANAGER}  # who sees the quality flow
QUALITY_PREFIX = "quality_flows:flows"
INTERRUPTION_APP = {TECHNICIAN, BILLING, MANAGER}  # who sees the interruption flow
INTERRUPTION_PREFIX = "supply_flows:flows"


def samples(world):
    _quality(world)
    _interruption(world)
    _restriction(world)


def _quality(world):
    """A breach registered (the measurement open in the queue), one whose act waits for the
    manager, one approved and recalculated (its month billed: an invoice line of 3 000.00)."""
    from django.utils import timezone

    from billing.models import ChargeLine, Invoice
    from supply.services.quality import Measurement, Point, quality_act_decide, quality_case_measure, quality_case_register
    from tests.billing.factories import BillingPeriodFactory
    from tests.subscribers.factories import ContractFactory, HeatedObjectFactory
    from workflows.quality import QualityFlow as Flow

    from ..conftest import complete_view_task, open_task, run_background_handles, start_view_flow

    users, today = world.users, world.today
    technician, manager = users[TECHNICIAN], users[MANAGER]
    day = today - timedelta(days=40)
    complained = timezone.make_aware(datetime.combine(day, time(8)))
    obj = HeatedObjectFactory(purpose="residential")
    contract = ContractFactory(consumer=obj.consumer, objects_covered=[obj], valid_from=day.replace(day=1))
    period = BillingPeriodFactory(month=day.replace(day=1))
    invoice = Invoice.objects.create(period=period, contract=contract, consumer=obj.consumer, shipment_date=day,
                                     vat_rate=Decimal("22"), amount=Decimal("3000.00"), vat_amount=Decimal("660.00"),
                                     amount_with_vat=Decimal("3660.00"), lines_digest="matrix")
    ChargeLine.objects.create(invoice=invoice, position=1, heated_object=obj, resource="heat_energy", component="energy",
                              method="calculation", date_from=period.first_day, date_to=period.last_day,
                              quantity=Decimal("1.2"), rate=Decimal("2500.00"), amount=Decimal("3000.00"),
                              vat_rate=Decimal("22"), vat_amount=Decimal("660.00"), amount_with_vat=Decimal("3660.00"))

    def start(number):
        return start_view_flow(Flow.start, technician, lambda a: setattr(a.process, "artifact", quality_case_register(
            heated_object=obj, source="complaint", service="heating", complaint_number=number, complaint_at=complained,
            complaint_text="холодно", actor=technician)))

    def measure(activation):
        quality_case_measure(case=activation.process.case, actor=technician, data=Measurement(
            checked_at=complained + timedelta(hours=3), participants="Петров С.Н.", thermometer_model="Testo 905-T1",
            thermometer_number="1", thermometer_verified_on=day - timedelta(days=30),
            thermometer_valid_until=day + timedelta(days=300), points=[Point("комната", Decimal("15"))],
            outdoor_c=Decimal("-10"), supply_c=None, return_c=None, supply_pressure_mpa=None, return_pressure_mpa=None,
            period="day", restored_at=complained + timedelta(hours=50), conclusion="ниже норматива"))

    def issued(process):
        complete_view_task(open_task(process, Flow.measure), technician, measure)
        run_background_handles(process)

    done = start("М-1")
    issued(done)
    complete_view_task(open_task(done, Flow.approve), manager, lambda a: quality_act_decide(
        case=a.process.case, approve=True, comment="", actor=manager))
    measuring = start("М-2")
    approving = start("М-3")
    issued(approving)
    _remember(world, "quality", done, measure=open_task(measuring, Flow.measure), approve=open_task(approving, Flow.approve))


def _interruption(world):
    from datetime import datetime, time

    from django.utils import timezone

    from subscribers.models import Signatory
    from supply.models import AffectedObject
    from supply.services import interruptions as services
    from tests.billing.factories import HeatedObjectFactory, NetworkSectionFactory
    from tests.subscribers.factories import SignatoryFactory
    from workflows.interruption import InterruptionFlow as Flow
    from workflows.models import InterruptionProcess

    from ..conftest import complete_view_task, open_task, run_background_handles, start_view_flow

    technician, manager = world.users[TECHNICIAN], world.users[MANAGER]
    if not Signatory.objects.filter(active=True).exists():
        from subscribers.models import Organization

        SignatoryFactory(organization=Organization.objects.first())
    morning = timezone.make_aware(datetime.combine(world.today, time.min))

    def start(kind, **times):
        section = NetworkSectionFactory()
        HeatedObjectFactory(network_section=section)
        return start_view_flow(Flow.start, technician, lambda a: setattr(a.process, "artifact", services.interruption_register(
            kind=kind, service="heating", section=section, cause="ремонт", actor=technician, **times)))

    def log(process, node, kind, at):
        complete_view_task(open_task(process, node), technician, lambda a: services.interruption_log(
            interruption=a.process.interruption, kind=kind, happened_at=at, actor=technician))

    # an emergency on the consumer's side through every node to its end
    done = start("emergency", stopped_at=morning - timedelta(hours=30))
    log(done, Flow.localise, "localisation", morning - timedelta(hours=29))
    log(done, Flow.restore, "restoration", morning - timedelta(hours=28))

    def to_approval(process, fault_side):
        def act(activation):
            services.interruption_act_details(interruption=activation.process.interruption, fault_side=fault_side,
                                              faulty_section="ввод", faulty_section_owner="потребитель",
                                              outdoor_temperature=None, readings={}, actor=technician)
            activation.process.data = {"act_by": technician.pk}
            activation.process.save(update_fields=["data"])

        complete_view_task(open_task(process, Flow.fill_act), technician, act)
        run_background_handles(process)
        complete_view_task(open_task(process, Flow.sign), technician, lambda a: services.interruption_sign(
            interruption=a.process.interruption, actor=technician,
            signatures=[{"party": "supplier", "organization": "ТСО", "name": "Петров", "signed": True}]))
        complete_view_task(open_task(process, Flow.approve), manager, lambda a: services.interruption_decide(
            interruption=a.process.interruption, approve=True, comment="", actor=manager))

    to_approval(done, "consumer")
    # an emergency on our side in the month the quality sample billed (its object left out of the
    # affected set: nothing to reduce), recalculated to its end
    stopped = timezone.make_aware(datetime.combine(world.today - timedelta(days=40), time(8)))
    ours = start("emergency", stopped_at=stopped)
    log(ours, Flow.localise, "localisation", stopped + timedelta(hours=1))
    log(ours, Flow.restore, "restoration", stopped + timedelta(hours=5))
    AffectedObject.objects.filter(interruption_id=ours.artifact_object_id).update(
        included=False, reason="объект не подключен к участку")
    to_approval(ours, "supplier")
    run_background_handles(ours)
    assert InterruptionProcess.objects.filter(pk=ours.pk, finished__isnull=False).exists()
    # planned: one waiting for its notice, one notified waiting for the stop
    noticing = start("planned", planned_from=morning + timedelta(days=20), planned_to=morning + timedelta(days=21))
    stopping = start("planned", planned_from=morning + timedelta(days=20), planned_to=morning + timedelta(days=21))
    complete_view_task(open_task(stopping, Flow.notify), technician)
    assert InterruptionProcess.objects.filter(pk=done.pk, finished__isnull=False).exists()
    _remember(world, "interruption", done, notify=open_task(noticing, Flow.notify), stop=open_task(stopping, Flow.stop),
              recalculate=ours.task_set.get(flow_task=Flow.recalculate),
              recalculated=ours.task_set.get(flow_task=Flow.recalculated))


def _restriction(world):
    """A restriction for debt warned, restricted and lifted to its end, one whose lead time is over
    (the restriction open in the queue), one waiting out its lead time, one withdrawn (its debt
    settled during the lead time) (after the interruption samples: the organization's signatory
    signs the warning)."""
    from django.utils import timezone

    from settlements.services import allocate_contract
    from supply.models import SupplyRestriction
    from supply.services import restrictions as services
    from tests.settlements.factories import DebtFactory, PaymentFactory
    from tests.subscribers.factories import ContractFactory, HeatedObjectFactory
    from workflows.restriction import RestrictionFlow as Flow

    from ..conftest import complete_view_task, open_task, start_view_flow

    billing, today = world.users[BILLING], world.today

    def warned(days_ago):
        obj = HeatedObjectFactory()
        contract = ContractFactory(consumer=obj.consumer, objects_covered=[obj], valid_from=today - timedelta(days=400))
        DebtFactory(contract=contract, period=(today - timedelta(days=100)).replace(day=1), amount=Decimal("50000.00"),
                    due_date=today - timedelta(days=60))
        process = start_view_flow(Flow.start, billing, lambda a: setattr(a.process, "artifact", services.restriction_warn(
            contract=contract, heated_object=obj, sent_on=today - timedelta(days=days_ago),
            level=SupplyRestriction.Level.PARTIAL, actor=billing)))
        return process

    def fire(process):
        with open_task(process, Flow.lead_time).activation() as activation:
            activation.start()
            activation.execute()

    def at(process, days_after, hour):
        day = process.restriction.earliest_on + timedelta(days=days_after)
        return timezone.make_aware(datetime.combine(day, time(hour)))

    done = warned(40)
    fire(done)
    complete_view_task(open_task(done, Flow.impose), billing, lambda a: services.restriction_impose(
        restriction=a.process.restriction, restricted_at=at(a.process, 1, 9), method="задвижка", performer="Орлов А.В.",
        actor=billing))
    complete_view_task(open_task(done, Flow.lift), billing, lambda a: services.restriction_lift(
        restriction=a.process.restriction, lifted_at=at(a.process, 2, 9), method="задвижка открыта",
        performer="Орлов А.В.", basis="платежное поручение № 1", actor=billing))
    imposing = warned(30)
    fire(imposing)
    waiting = warned(0)
    withdrawn = warned(20)  # the debt paid during the lead time: the warning withdrawn when it is over
    paid_on = today - timedelta(days=15)
    PaymentFactory(contract=withdrawn.restriction.contract, amount=Decimal("50000.00"), paid_on=paid_on, doc_date=paid_on)
    allocate_contract(contract_id=withdrawn.restriction.contract_id)
    fire(withdrawn)
    _remember(world, "restriction", done, impose=open_task(imposing, Flow.impose),
              lead_time=open_task(waiting, Flow.lead_time),
              withdraw=withdrawn.task_set.get(flow_task=Flow.withdraw),
              withdrawn=withdrawn.task_set.get(flow_task=Flow.withdrawn))


ACCESS = [
    Access("quality_flows:index", allowed=QUALITY_APP, note="the application's start: a redirect"),
    Access("quality_flows:inbox", allowed=QUALITY_APP),
    Access("quality_flows:queue", allowed=QUALITY_APP),
    Access("quality_flows:archive", allowed=QUALITY_APP),
    Access("quality_flows:tasks_assign", allowed=QUALITY_APP, note="the queue's bulk assign: nothing chosen"),
    Access("quality_flows:tasks_unassign", allowed=QUALITY_APP, note="the inbox's bulk unassign: nothing chosen"),
    Access("quality_flows:flows:index", allowed=QUALITY_APP, note="a redirect to the first flow the user sees"),
    *flow_entries("quality", QUALITY_APP, {
        "start": SYSTEM,
        "measure": ({TECHNICIAN}, NOBODY, NOBODY),  # open, unassigned: a technician takes it
        "issue_act": SYSTEM,
        "approve": (MANAGERS, NOBODY, NOBODY),  # open, unassigned: only a manager approves or returns
        "is_approved": SYSTEM,
        "recalculate": SYSTEM,
        "end": SYSTEM,
    }, Access(f"{QUALITY_PREFIX}:quality:start:execute", allowed=QUALITY_APP,
              note="the start form (technicians and managers register a breach); an empty POST is an invalid form: 200"),
        prefix=QUALITY_PREFIX, app=QUALITY_APP),
    Access("supply_flows:index", allowed=INTERRUPTION_APP, note="the application's start: a redirect"),
    Access("supply_flows:inbox", allowed=INTERRUPTION_APP),
    Access("supply_flows:queue", allowed=INTERRUPTION_APP),
    Access("supply_flows:archive", allowed=INTERRUPTION_APP),
    Access("supply_flows:tasks_assign", allowed=INTERRUPTION_APP, note="the queue's bulk assign: nothing chosen"),
    Access("supply_flows:tasks_unassign", allowed=INTERRUPTION_APP, note="the inbox's bulk unassign: nothing chosen"),
    Access("supply_flows:flows:index", allowed=INTERRUPTION_APP, note="a redirect to the first flow the user sees"),
    *flow_entries("interruption", INTERRUPTION_APP, {
        "start": SYSTEM,
        "is_planned": SYSTEM,
        "notify": ({TECHNICIAN, MANAGER}, NOBODY, NOBODY),  # open, unassigned: the dispatcher's duty
        "stop": ({TECHNICIAN, MANAGER}, NOBODY, NOBODY),
        "localise": DONE_BY_TECHNICIAN,
        "restore": DONE_BY_TECHNICIAN,
        "fill_act": DONE_BY_TECHNICIAN,
        "issue_act": SYSTEM,
        "sign": DONE_BY_TECHNICIAN,
        "approve": DONE_BY_MANAGER,
        "is_returned": SYSTEM,
        "is_consumer_side": SYSTEM,
        "consumer_side": SYSTEM,
        "recalculate": SYSTEM,
        "recalculated": SYSTEM,
    }, Access(f"{INTERRUPTION_PREFIX}:interruption:start:execute", allowed={TECHNICIAN, MANAGER},
              note="the start form; an empty POST is an invalid form: 200"),
        prefix=INTERRUPTION_PREFIX, app=INTERRUPTION_APP),
    *flow_entries("restriction", INTERRUPTION_APP, {
        "start": SYSTEM,
        "lead_time": SYSTEM,  # waiting out the warning's lead time: the flow fires it
        "still_owed": SYSTEM,  # the debt counted again when the lead time is over
        "impose": ({BILLING, MANAGER}, NOBODY, NOBODY),  # open, unassigned: billing specialists and managers
        "restricted": SYSTEM,  # imposed, or the warning withdrawn at that step
        "lift": DONE_BY_BILLING,
        "lifted": SYSTEM,
        "withdraw": SYSTEM,  # the debt paid down meanwhile: the warning withdrawn
        "withdrawn": SYSTEM,
    }, Access(f"{INTERRUPTION_PREFIX}:restriction:start:execute", allowed={BILLING, MANAGER},
              note="the warning (billing specialists and managers); an empty POST is an invalid form: 200"),
        prefix=INTERRUPTION_PREFIX, app=INTERRUPTION_APP),
]
