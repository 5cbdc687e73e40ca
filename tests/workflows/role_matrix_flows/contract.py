"""«Заключение договоров»: the contract flow (contract_flows)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from accounts.roles import BILLING, LEGAL, MANAGER, TECHNICIAN
from tests.accounts.matrix import NOBODY, Access

from ._common import (
    DONE_BY_BILLING,
    DONE_BY_LAWYER,
    DONE_BY_MANAGER,
    SYSTEM,
    _remember,
    flow_entries,
)

CONTRACT_APP = {TECHNICIAN, BILLING, LEGAL, MANAGER}  # who sees the contract flow
CONTRACT_PREFIX = "contract_flows:flows"


def samples(world):
    _contract(world)


def _contract(world):
    """The contract flow: one contract through every step to signed (a disagreement protocol
    answered on the way), one application refused by the manager after the request's term, one
    waiting for the technician's draft."""

    from contracts import services
    from contracts.models import ChecklistItem
    from metering.models import DesignOutdoorTemperature, HeatingSeason, OutdoorTemperature, WeatherStation
    from subscribers.models import Organization
    from tests.billing.factories import TariffFactory
    from tests.subscribers.factories import (
        ConsumerFactory,
        HeatedObjectFactory,
        NetworkSectionFactory,
        SignatoryFactory,
    )
    from workflows.contract import ContractFlow as Flow
    from workflows.tasks import fire_due_timers

    from ..conftest import complete_view_task, open_task, run_background_handles, start_view_flow

    users, today = world.users, world.today
    technician, lawyer, billing, manager = users[TECHNICIAN], users[LEGAL], users[BILLING], users[MANAGER]
    city, year = "Договорск", today.year
    station = WeatherStation.objects.create(code="99990", name="Договорск, АМСГ", city=city)
    DesignOutdoorTemperature.objects.create(city=city, valid_from=date(2000, 1, 1), temperature=Decimal("-25"))
    HeatingSeason.objects.create(city=city, starts_on=date(year, 10, 15), ends_on=date(year + 1, 4, 30))
    HeatingSeason.objects.create(city=city, starts_on=date(year - 1, 10, 15), ends_on=date(year, 4, 30))
    OutdoorTemperature.objects.bulk_create(
        OutdoorTemperature(station=station, date=date(year, 1, 1) + timedelta(days=n), mean_temperature=Decimal("-8"))
        for n in range((date(year + 1, 1, 1) - date(year, 1, 1)).days))
    group = TariffFactory(valid_from=date(2020, 1, 1), valid_to=None).tariff_group
    signatory = SignatoryFactory(organization=Organization.objects.first())
    section = NetworkSectionFactory(code="ДГ-1", city=city)
    everything = [k for k, _ in ChecklistItem.Kind.choices if k not in ("identity", "power_of_attorney")]

    def start(documents):
        consumer = ConsumerFactory()
        heated_object = HeatedObjectFactory(consumer=consumer, network_section=section)
        return start_view_flow(Flow.start, billing, lambda a: setattr(a.process, "artifact", services.application_register(
            consumer=consumer, objects=[heated_object], received_on=today, documents_received=documents, actor=billing)))

    def step(process, node, user, service):
        complete_view_task(open_task(process, node), user, lambda a: service(a.process.application))

    def past_term(process):
        step(process, Flow.request, billing, lambda a: services.documents_request(application=a, term_days=1,
                                                                                   actor=billing))
        open_task(process, Flow.documents_term).__class__.objects.filter(
            process=process, flow_task=Flow.documents_term).update(scheduled=world.now - timedelta(days=1))
        fire_due_timers()

    def drafted(process):
        heated_object = process.application.objects_requested.get()
        step(process, Flow.draft, technician, lambda a: services.draft_prepare(
            application=a, valid_from=date(year + 1, 1, 1), valid_to=None, tariff_group=group,
            balance_boundary="фланцы задвижек в ТК-1", operational_boundary="", our_signatory=signatory,
            loads=[services.LoadInput(heated_object=heated_object, supply_point="ТК-1", heating=Decimal("0.1"))],
            signer={"signer_last_name": "Орлов", "signer_first_name": "Андрей", "signer_basis": "charter"},
            actor=technician))

    # signed after a disagreement protocol — every node of the main path, done
    signed = start(everything[:-1])
    past_term(signed)
    step(signed, Flow.receive, billing, lambda a: services.documents_receive(
        application=a, kinds=everything, received_on=today, actor=billing))
    drafted(signed)
    step(signed, Flow.review, lawyer, lambda a: services.draft_review(application=a, accept=True, comment="",
                                                                      actor=lawyer))
    step(signed, Flow.approve, manager, lambda a: services.draft_approve(application=a, approve=True, comment="",
                                                                         actor=manager))
    run_background_handles(signed)
    step(signed, Flow.send, billing, lambda a: services.package_sent_record(application=a, sent_on=today,
                                                                            actor=billing))
    step(signed, Flow.response, billing, lambda a: services.response_disagreement(
        application=a, received_on=today, points=[services.PointInput("9.1", "30 дней", "45 дней")], actor=billing))
    step(signed, Flow.answer, lawyer, lambda a: services.protocol_answer(
        protocol=a.protocols.get(), decisions=[("rejected", "")], actor=lawyer))
    step(signed, Flow.send, billing, lambda a: services.package_sent_record(application=a, sent_on=today,
                                                                            actor=billing))
    # the consumer's term runs out before the signed copy comes: escalated to the manager
    timer = open_task(signed, Flow.response__timeout)
    timer.__class__.objects.filter(pk=timer.pk).update(scheduled=world.now - timedelta(days=1))
    fire_due_timers()
    step(signed, Flow.response, billing, lambda a: services.response_signed(application=a, signed_on=today,
                                                                            actor=billing))
    # documents never came: the manager refuses after the term
    refused = start([])
    past_term(refused)
    step(refused, Flow.receive, billing, lambda a: services.documents_receive(
        application=a, kinds=[], received_on=today, actor=billing))
    step(refused, Flow.overdue, manager, lambda a: services.documents_overdue_decide(
        application=a, extend=False, comment="Документы не представлены", actor=manager))
    # complete: waiting for a technician's draft
    drafting = start(everything)
    _remember(world, "contract", signed, overdue=refused.task_set.get(flow_task=Flow.overdue),
              is_extended=refused.task_set.get(flow_task=Flow.is_extended),
              refused=refused.task_set.get(flow_task=Flow.refused), draft=open_task(drafting, Flow.draft))


ACCESS = [
    Access("contract_flows:index", allowed=CONTRACT_APP, note="the application's start: a redirect"),
    Access("contract_flows:inbox", allowed=CONTRACT_APP),
    Access("contract_flows:queue", allowed=CONTRACT_APP),
    Access("contract_flows:archive", allowed=CONTRACT_APP),
    Access("contract_flows:tasks_assign", allowed=CONTRACT_APP, note="the queue's bulk assign: nothing chosen"),
    Access("contract_flows:tasks_unassign", allowed=CONTRACT_APP, note="the inbox's bulk unassign: nothing chosen"),
    Access("contract_flows:flows:index", allowed=CONTRACT_APP, note="a redirect to the first flow the user sees"),
    *flow_entries("contract", CONTRACT_APP, {
        "start": SYSTEM,
        "has_documents": SYSTEM,
        "request": DONE_BY_BILLING,
        "documents_term": SYSTEM,
        "receive": DONE_BY_BILLING,
        "received_all": SYSTEM,
        "overdue": DONE_BY_MANAGER,
        "is_extended": SYSTEM,
        "draft": ({TECHNICIAN}, NOBODY, NOBODY),  # open, unassigned: only a technician takes it
        "review": DONE_BY_LAWYER,
        "is_accepted": SYSTEM,
        "approve": DONE_BY_MANAGER,
        "is_approved": SYSTEM,
        "issue": SYSTEM,
        "send": DONE_BY_BILLING,
        "response": DONE_BY_BILLING,
        "response__timeout": SYSTEM,
        "escalate": SYSTEM,
        "escalated": SYSTEM,
        "outcome": SYSTEM,
        "answer": DONE_BY_LAWYER,
        "signed": SYSTEM,
        "refused": SYSTEM,
    }, Access(f"{CONTRACT_PREFIX}:contract:start:execute", allowed={BILLING},
              note="the start form (billing registers applications); an empty POST is an invalid form: 200"),
        prefix=CONTRACT_PREFIX, app=CONTRACT_APP),
]
