"""Who may open what in «Процессы учета» (see tests/accounts/matrix.py).

The application opens to whoever sees a flow: technicians, managers and administrators see
the four metering flows, billing specialists the reading review; lawyers none. «Согласование
шаблонов» (the template change flow) opens to lawyers, managers and administrators: a
lawyer starts it and revises a returned proposal assigned to them, a manager approves.
«Взыскание задолженности» (the claim flow) opens to lawyers and managers only (cases are
theirs): a lawyer chooses the debts and conducts every step of the cases they opened, a
manager approves the court package. «Нарушения потребления» (contract-less and unmetered use)
opens to technicians, billing specialists, lawyers and managers: whoever may report an
inspection starts it, the inspection's technician fills the act, a lawyer checks it, a billing
specialist issues the calculation and the demand, a manager approves the calculation, a lawyer
issues the police statement. «Заключение договоров» (the contract flow) opens to billing
specialists, technicians, lawyers and managers: billing registers the application, its
documents, the sending and the consumer's answer; a technician prepares the draft, a lawyer
reviews it and answers disagreement protocols, a manager approves it and decides an overdue
request. Managers manage the flows (cancel, undo, revive, reassign), plan periodic checks and see the
workload. A task is taken by whoever holds its node's permission — only managers schedule
and approve (or return) the commissioning and periodic check acts, technicians inspect,
review readings and deliver notices — in one click: opening an unassigned task one may take
takes it — and executed by its owner only.

The samples start real processes through the flows' services and activation API
(tests/workflows/conftest.py) and leave each node with one task in a known state: the open
ones below, the others done.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from accounts.roles import ADMINISTRATOR, BILLING, LEGAL, MANAGER, TECHNICIAN
from tests.accounts.matrix import EVERY_ROLE, NOBODY, Access, url_names

APP = {TECHNICIAN, BILLING, MANAGER, ADMINISTRATOR}  # who sees at least one flow
METERING_VIEWERS = {TECHNICIAN, MANAGER, ADMINISTRATOR}
REVIEW_VIEWERS = {TECHNICIAN, BILLING, MANAGER, ADMINISTRATOR}
MANAGERS = {MANAGER}
PREFIX = "metering_flows:flows"
DOCUMENT_APP = {LEGAL, MANAGER, ADMINISTRATOR}  # who sees the template change flow
DOCUMENT_PREFIX = "document_flows:flows"
CLAIM_APP = {LEGAL, MANAGER}  # who sees the claim flow (cases: legal staff and managers only)
CLAIM_PREFIX = "claim_flows:flows"
UNMETERED_APP = {TECHNICIAN, BILLING, LEGAL, MANAGER}  # who sees the flow of contract-less and unmetered use
UNMETERED_PREFIX = "unmetered_flows:flows"
RECEPTION_APP = {TECHNICIAN, BILLING, LEGAL, MANAGER}  # the reception: everyone of the department but administrators
RECEPTION_PREFIX = "reception:flows"
QUALITY_APP = {TECHNICIAN, MANAGER}  # who sees the quality flow
QUALITY_PREFIX = "quality_flows:flows"
INTERRUPTION_APP = {TECHNICIAN, BILLING, MANAGER}  # who sees the interruption flow
INTERRUPTION_PREFIX = "supply_flows:flows"
CONTRACT_APP = {TECHNICIAN, BILLING, LEGAL, MANAGER}  # who sees the contract flow
CONTRACT_PREFIX = "contract_flows:flows"
RECONCILIATION_APP = {TECHNICIAN, BILLING, LEGAL, MANAGER}  # who sees at least one reconciliation flow
READINGS_VIEWERS = {TECHNICIAN, BILLING, MANAGER}
SETTLEMENTS_VIEWERS = {BILLING, LEGAL, MANAGER}
RECONCILIATION_PREFIX = "reconciliation_flows:flows"
URLS = url_names()


# ------------------------------------------------------------------------- samples


def samples(world):
    from django.utils import timezone

    from subscribers.models import Organization
    from tests.metering.factories import OrganizationFactory

    if not Organization.objects.exists():
        OrganizationFactory()
    world.today = timezone.localdate()
    world.flow_tasks = {}
    _commissioning(world)
    _periodic_check(world)
    _reading_review(world)
    _verification_followup(world)
    _template_change(world)
    _claim(world)
    _unmetered(world)
    _appeal(world)
    _quality(world)
    _interruption(world)
    _restriction(world)
    _contract(world)
    _reconciliation(world)


def _remember(world, flow_key, process, **node_tasks):
    """``node=task`` for the nodes named (a task of any process: its URL names its own
    process); every other node of the process: its last task."""
    tasks = world.flow_tasks.setdefault(flow_key, {})
    for task in process.task_set.order_by("pk"):
        tasks.setdefault(task.flow_task.name, (process.pk, task.pk))
    for node, task in node_tasks.items():
        tasks[node] = (task.process_id, task.pk)
    world.flow_tasks.setdefault("processes", {})[flow_key] = process.pk


def _commissioning(world):
    from metering.models import RequestDocument
    from metering.services import inspections as services
    from tests.metering.factories import ContractFactory, DeviceFactory, MeteringUnitFactory
    from tests.metering.services.test_inspections import MEMBERS, answers
    from workflows.commissioning import CommissioningFlow as Flow
    from workflows.models import CommissioningProcess

    from .conftest import complete_view_task, open_task, run_background_handles, start_view_flow

    manager, technician, today = world.users[MANAGER], world.users[TECHNICIAN], world.today
    seal_numbers = iter(f"М-{n}" for n in range(1, 10))

    def start():
        unit = MeteringUnitFactory()
        ContractFactory(consumer=unit.heated_object.consumer, objects_covered=[unit.heated_object])
        DeviceFactory(unit=unit, installed_on=today - timedelta(days=30), verified_on=today - timedelta(days=60))

        def register(activation):
            activation.process.artifact = services.commissioning_register(
                unit=unit, incoming_number="М-1", received_on=today - timedelta(days=5), actor=manager,
                documents={kind: None for kind in RequestDocument.Kind.values},
            )

        return CommissioningProcess.objects.get(pk=start_view_flow(Flow.register, manager, register).pk)

    def schedule(process):
        complete_view_task(open_task(process, Flow.schedule), manager, lambda a: services.inspection_schedule(
            inspection=a.process.inspection, technician=technician, scheduled_on=today, actor=manager))

    def inspect(process, **defects):
        complete_view_task(open_task(process, Flow.inspect), technician, lambda a: services.inspection_record(
            inspection=a.process.inspection, inspected_on=today, members=MEMBERS, actor=technician,
            answers=answers(a.process.inspection, **defects),
            seals=[{"number": next(seal_numbers), "place": "тепловычислитель"}]))
        run_background_handles(process)

    def approve(process):
        complete_view_task(open_task(process, Flow.approve), manager, lambda a: services.inspection_approve(
            inspection=a.process.inspection, actor=manager))

    defect = {"operation_log": ("архив за 2 суток", today + timedelta(days=7))}
    # commissioned at once: every node of that path, done
    done = start()
    schedule(done)
    inspect(done)
    approve(done)
    _remember(world, "commissioning", done)
    # defects, the consumer's fix, back to scheduling: open, unassigned (a manager takes it)
    looped = start()
    schedule(looped)
    inspect(looped, **defect)
    approve(looped)
    complete_view_task(open_task(looped, Flow.await_fix), manager, lambda a: services.inspection_fix_reported(
        inspection=a.process.inspection, reported_on=today, actor=manager))
    # an act waiting for approval, unassigned; an inspection assigned to the matrix technician
    approving = start()
    schedule(approving)
    inspect(approving, **defect)
    inspecting = start()
    schedule(inspecting)
    _remember(world, "commissioning", looped, schedule=open_task(looped, Flow.schedule),
              approve=open_task(approving, Flow.approve), inspect=open_task(inspecting, Flow.inspect))


def _periodic_check(world):
    from metering.models import UnitStatus
    from metering.services import inspections as services
    from tests.metering.factories import (
        DeviceFactory,
        MeteringUnitFactory,
        SealFactory,
        StatusChangeFactory,
    )
    from tests.metering.services.test_inspections import MEMBERS, answers
    from workflows.periodic_check import PeriodicCheckFlow as Flow
    from workflows.periodic_check import start_periodic_checks

    from .conftest import complete_view_task, open_task, run_background_handles

    manager, technician, today = world.users[MANAGER], world.users[TECHNICIAN], world.today
    unit = MeteringUnitFactory(status=UnitStatus.COMMERCIAL)
    section = unit.heated_object.network_section
    units = [unit, *(MeteringUnitFactory(status=UnitStatus.COMMERCIAL, heated_object__network_section=section)
                     for _ in range(2))]
    for each in units:
        StatusChangeFactory(unit=each, status=UnitStatus.COMMERCIAL, effective_from=today - timedelta(days=400))
        DeviceFactory(unit=each, installed_on=today - timedelta(days=400), verified_on=today - timedelta(days=400))
        SealFactory(unit=each, number=f"ПП-{each.pk}", place="корпус")
    started = {p.inspection.unit_id: p for p in start_periodic_checks(
        season=today.year, deadline=today + timedelta(days=30), actor=manager, network_section=section)}
    done, approving, waiting = (started[each.pk] for each in units)

    def inspect(process):
        complete_view_task(open_task(process, Flow.inspect), technician, lambda a: services.inspection_record(
            inspection=a.process.inspection, inspected_on=today, members=MEMBERS, actor=technician,
            answers=answers(a.process.inspection),
            seals=[{"number": f"ПП-{a.process.inspection.unit.pk}", "place": "корпус", "intact": True}]))
        run_background_handles(process)

    # checked, approved, applied: every node of that path, done
    inspect(done)
    complete_view_task(open_task(done, Flow.approve), manager, lambda a: services.inspection_approve(
        inspection=a.process.inspection, actor=manager))
    # an act waiting for approval, unassigned (only a manager takes it); a check waiting in the
    # queue, unassigned (a technician takes it)
    inspect(approving)
    _remember(world, "periodiccheck", done, approve=open_task(approving, Flow.approve),
              inspect=open_task(waiting, Flow.inspect))


def _reading_review(world):
    from metering.models import ReadingSource
    from metering.services.readings import reading_record, reading_review
    from tests.metering.factories import MeteringUnitFactory
    from workflows.reading_review import ReadingReviewFlow as Flow
    from workflows.reading_review import open_reading_review

    from .conftest import LEAKING, complete_view_task, open_task

    billing, technician = world.users[BILLING], world.users[TECHNICIAN]
    month_end = world.today.replace(day=1) - timedelta(days=1)  # the last day of the previous month
    values = {**LEAKING, "operating_hours": Decimal(24 * month_end.day)}  # the whole month, whatever its length
    processes = []
    for _ in range(2):
        reading = reading_record(unit=MeteringUnitFactory(), period=month_end.replace(day=1),
                                 source=ReadingSource.CONSUMER, values=values, actor=billing)
        processes.append(open_reading_review(reading.pk))
    done, waiting = processes
    complete_view_task(open_task(done, Flow.review), technician, lambda a: reading_review(
        reading=a.process.artifact, accept=True, comment="", actor=technician))
    _remember(world, "readingreview", done, review=open_task(waiting, Flow.review))


def _verification_followup(world):
    from metering.services.verification import notice_delivered, verification_track
    from tests.metering.factories import DeviceFactory, MeteringUnitFactory
    from workflows.verification_followup import VerificationFollowUpFlow as Flow
    from workflows.verification_followup import open_followup

    from .conftest import complete_view_task, open_task

    technician = world.users[TECHNICIAN]
    day = date(2026, 4, 16)  # 60 days before 15.06.2026, when these devices' verification runs out
    for _ in range(2):
        DeviceFactory(unit=MeteringUnitFactory(), installed_on=date(2022, 7, 1), verified_on=date(2022, 6, 15))
    done, waiting = sorted((open_followup(notice.pk) for notice in verification_track(today=day).notices),
                           key=lambda p: p.pk)
    complete_view_task(open_task(done, Flow.deliver), technician, lambda a: notice_delivered(
        notice=a.process.artifact, delivered_on=day + timedelta(days=1), note="матрица", actor=technician))
    _remember(world, "verificationfollowup", done, deliver=open_task(waiting, Flow.deliver))


def _template_change(world):
    from documents.registry import get_spec
    from documents.services import propose_template_version, review_template_version, revise_template_version
    from workflows.models import TemplateChangeProcess
    from workflows.template_change import TemplateChangeFlow as Flow

    from .conftest import complete_view_task, open_task, start_view_flow

    lawyer, manager = world.users[LEGAL], world.users[MANAGER]

    def start(code):
        def propose(activation):  # the committed file itself, proposed as the next version
            activation.process.artifact = propose_template_version(
                code=code, content=get_spec(code).file.read_bytes(), reason="матрица", actor=lawyer)

        return TemplateChangeProcess.objects.get(pk=start_view_flow(Flow.propose, lawyer, propose).pk)

    def review(process, approve):
        complete_view_task(open_task(process, Flow.review), manager, lambda a: review_template_version(
            version=a.process.artifact, approve=approve, comment="" if approve else "исправить", actor=manager))

    def revise(process, resubmit):
        def action(activation):
            code = activation.process.artifact.code
            corrected = revise_template_version(
                version=activation.process.artifact, content=get_spec(code).file.read_bytes() if resubmit else None,
                reason="матрица", actor=lawyer)
            if corrected is not None:
                activation.process.artifact = corrected
                activation.process.save()

        complete_view_task(open_task(process, Flow.revise), lawyer, action)

    # approved at once: every node of that path, done
    done = start("common.letter")
    review(done, approve=True)
    _remember(world, "templatechange", done)
    # returned, corrected, returned again and withdrawn: the revise loop, done
    withdrawn = start("common.notice")
    review(withdrawn, approve=False)
    revise(withdrawn, resubmit=True)
    review(withdrawn, approve=False)
    revise(withdrawn, resubmit=False)
    # a proposal waiting for a manager, unassigned; a returned one, assigned to the matrix lawyer
    reviewing = start("common.letter")
    revising = start("common.notice")
    review(revising, approve=False)
    _remember(world, "templatechange", withdrawn, review=open_task(reviewing, Flow.review),
              revise=open_task(revising, Flow.revise))


def _claim(world):
    from django.utils import timezone

    from casefiles.models import CasePackage
    from casefiles.services import claim_sent_record
    from tests.casefiles.factories import AllocationFactory, ContractFactory, DebtFactory
    from workflows.claim import ClaimFlow as Flow
    from workflows.claim import start_claims
    from workflows.tasks import fire_due_timers

    from .conftest import complete_view_task, open_task

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
            page_count=1, approved_by=manager, approved_at=timezone.now())

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


def _unmetered(world):
    from inspections.services.acts import act_accept, act_fill
    from tests.inspections.factories import FieldInspectionFactory
    from tests.inspections.samples import contractless
    from workflows.tasks import fire_due_timers
    from workflows.unmetered import UnmeteredFlow as Flow

    from .conftest import complete_view_task, open_task, run_background_handles, start_view_flow

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


def _appeal(world):
    from django.utils import timezone

    from reception.services import appeal_answer, appeal_assign, appeal_sent_record, appeal_sign
    from subscribers.models import Organization
    from tests.subscribers.factories import SignatoryFactory
    from workflows.appeal import AppealFlow as Flow
    from workflows.appeal import start_appeal
    from workflows.tasks import fire_due_timers

    from .conftest import complete_view_task, open_task

    billing, manager, today = world.users[BILLING], world.users[MANAGER], world.today
    organization = Organization.objects.first()
    if not organization.signatories.filter(active=True).exists():
        SignatoryFactory(organization=organization, is_head=True)

    def start(days_ago=0):
        return start_appeal(actor=billing, received_at=timezone.now() - timedelta(days=days_ago), channel="paper",
                            applicant_kind="resident", applicant_name="Иванов Иван Иванович", category="charges",
                            summary="матрица", questions=["Почему выросла плата?"])

    def assigned(process):
        complete_view_task(open_task(process, Flow.assign), manager, lambda a: appeal_assign(
            appeal=a.process.appeal, executor=billing, actor=manager))

    # answered, signed, sent and closed — every node of the main path, done
    closed = start()
    assigned(closed)
    complete_view_task(open_task(closed, Flow.answer), billing, lambda a: appeal_answer(
        appeal=a.process.appeal, answers={1: "Отопительный период"}, result="explained", result_text="", actor=billing))
    complete_view_task(open_task(closed, Flow.sign), manager, lambda a: appeal_sign(
        appeal=a.process.appeal, approve=True, comment="", actor=manager))
    complete_view_task(open_task(closed, Flow.send), billing, lambda a: appeal_sent_record(
        appeal=a.process.appeal, way="hand", sent_on=today, proof="подпись заявителя на копии", actor=billing))
    # overdue: received 10 days ago, the timer fired — escalated; an answer to give, assigned to the matrix
    # billing specialist; an appeal waiting for a manager to assign it
    overdue = start(days_ago=10)
    assigned(overdue)
    fire_due_timers()
    waiting = start()
    _remember(world, "appeal", closed, answer=open_task(overdue, Flow.answer), assign=open_task(waiting, Flow.assign),
              escalate=overdue.task_set.get(flow_task=Flow.escalate),
              escalated=overdue.task_set.get(flow_task=Flow.escalated),
              answer__timeout=overdue.task_set.get(flow_task=Flow.answer__timeout))


def _quality(world):
    """A breach registered (the measurement open in the queue), one whose act waits for the
    manager, one approved and recalculated (its month billed: an invoice line of 3 000.00)."""
    from django.utils import timezone

    from billing.models import ChargeLine, Invoice
    from supply.services.quality import Measurement, Point, quality_act_decide, quality_case_measure, quality_case_register
    from tests.billing.factories import BillingPeriodFactory
    from tests.subscribers.factories import ContractFactory, HeatedObjectFactory
    from workflows.quality import QualityFlow as Flow

    from .conftest import complete_view_task, open_task, run_background_handles, start_view_flow

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

    from .conftest import complete_view_task, open_task, run_background_handles, start_view_flow

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

    from .conftest import complete_view_task, open_task, start_view_flow

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


def _contract(world):
    """The contract flow: one contract through every step to signed (a disagreement protocol
    answered on the way), one application refused by the manager after the request's term, one
    waiting for the technician's draft."""
    from django.utils import timezone

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

    from .conftest import complete_view_task, open_task, run_background_handles, start_view_flow

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
            process=process, flow_task=Flow.documents_term).update(scheduled=timezone.now() - timedelta(days=1))
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
    timer.__class__.objects.filter(pk=timer.pk).update(scheduled=timezone.now() - timedelta(days=1))
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

    from .conftest import complete_view_task, open_task, run_background_handles, start_view_flow

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


# ------------------------------------------------------------------------- declarations


def task_of(flow_key, node):
    def kwargs(w):
        process_pk, task_pk = w.flow_tasks[flow_key][node]
        return {"process_pk": process_pk, "task_pk": task_pk}

    return kwargs


def process_of(flow_key):
    return lambda w: {"process_pk": w.flow_tasks["processes"][flow_key]}


def flow_entries(flow_key, viewers, nodes, *extra, prefix=PREFIX, app=APP):
    """The flow's pages and, for each node, its task's pages (those the node has).
    ``nodes``: name → who may assign, execute and unassign that node's sample task (NOBODY
    where it is done); ``extra`` entries replace the generated ones of their URL; ``prefix``
    and ``app``: the flows' application (its URL prefix, who sees at least one of its flows)."""
    entries = [
        Access(f"{prefix}:{flow_key}:index", allowed=viewers, note="the flow's dashboard"),
        Access(f"{prefix}:{flow_key}:process_list", allowed=viewers),
        Access(f"{prefix}:{flow_key}:task_list", allowed=viewers),
        Access(f"{prefix}:{flow_key}:chart", allowed=viewers, methods=("GET",)),
        Access(f"{prefix}:{flow_key}:process_detail", allowed=viewers, kwargs=process_of(flow_key)),
        Access(f"{prefix}:{flow_key}:process_chart", allowed=viewers, kwargs=process_of(flow_key), methods=("GET",)),
        Access(f"{prefix}:{flow_key}:process_cancel", allowed=MANAGERS, kwargs=process_of(flow_key),
               note="the sample process is done: a POST is refused with a message, a redirect"),
    ]
    for node, (assign, execute, unassign) in nodes.items():
        kwargs = task_of(flow_key, node)
        name = f"{prefix}:{flow_key}:{node}"
        entries += [
            Access(f"{name}:index", allowed=app, kwargs=kwargs, methods=("GET",),
                   note="a redirect: to the task's form, its assignment, its page, or the start page"),
            Access(f"{name}:detail", allowed=viewers, kwargs=kwargs, methods=("GET",)),
            # managing a task is the flow managers'; a GET is the confirmation page, a POST
            # the transition, refused (403) when the task's state does not allow it
            Access(f"{name}:undo", allowed=MANAGERS, kwargs=kwargs, methods=("GET",)),
            Access(f"{name}:cancel", allowed=MANAGERS, kwargs=kwargs, methods=("GET",)),
            Access(f"{name}:revive", allowed=MANAGERS, kwargs=kwargs, methods=("GET",)),
            Access(f"{name}:assign", **_rights(assign), kwargs=kwargs,
                   note="opening it (GET) or a POST takes the task and opens its form, one click (rolled back after the test)"),
            Access(f"{name}:unassign", **_rights(unassign), kwargs=kwargs,
                   note="a POST gives the task back (rolled back after the test)"),
            Access(f"{name}:execute", **_rights(execute), kwargs=kwargs,
                   note="the owner's form; an empty POST is an invalid form: 200"),
        ]
    replaced = {entry.name for entry in extra}
    return [e for e in entries if e.name in URLS and e.name not in replaced] + list(extra)


def _rights(spec):
    """``roles`` or ``(roles for GET, roles for POST)``."""
    if isinstance(spec, tuple):
        return {"allowed": spec[0], "post_allowed": spec[1]}
    return {"allowed": spec}


DONE = (NOBODY, NOBODY, NOBODY)  # a done task: nobody takes, executes or gives it back
# a done task a manager completed: its owner and the flow's managers open the "give back"
# page, but the transition is refused (403)
DONE_BY_MANAGER = (NOBODY, NOBODY, (MANAGERS, NOBODY))
SYSTEM = DONE  # a node the flow runs itself (gateway, handle, start, end)
# a done task the matrix lawyer completed: the owner and the managers open the "give back" page, refused on POST
DONE_BY_LAWYER = (NOBODY, NOBODY, ({LEGAL, MANAGER}, NOBODY))
# a done task the matrix technician completed: the owner and the managers open the "give back" page, refused on POST
DONE_BY_TECHNICIAN = (NOBODY, NOBODY, ({TECHNICIAN, MANAGER}, NOBODY))
DONE_BY_BILLING = (NOBODY, NOBODY, ({BILLING, MANAGER}, NOBODY))

ACCESS = [
    Access("metering_flows:index", allowed=APP, note="the application's start: a redirect"),
    Access("metering_flows:inbox", allowed=APP),
    Access("metering_flows:queue", allowed=APP),
    Access("metering_flows:archive", allowed=APP),
    Access("metering_flows:tasks_assign", allowed=APP, note="the queue's bulk assign: nothing chosen, nothing done"),
    Access("metering_flows:tasks_unassign", allowed=APP, note="the inbox's bulk unassign: nothing chosen"),
    Access("metering_flows:flows:index", allowed=APP, note="a redirect to the first flow the user sees"),
    Access("metering_flows:workload:index", allowed=MANAGERS, note="an empty POST: a message and a redirect"),
    Access("inbox:index", allowed=EVERY_ROLE, methods=("GET",), note="«Мои задачи»: each role's own tasks"),
    Access("metering_flows:periodic_campaign:index", allowed=MANAGERS, note="an empty POST is an invalid form: 200"),
    *flow_entries("commissioning", METERING_VIEWERS, {
        # registering an application: managers (and technicians, who also receive them)
        "register": SYSTEM,
        "schedule": (MANAGERS, NOBODY, NOBODY),  # open, unassigned: only a manager takes it
        "inspect": (NOBODY, {TECHNICIAN}, {TECHNICIAN, MANAGER}),  # assigned to the matrix technician
        "issue_act": SYSTEM,
        "approve": (MANAGERS, NOBODY, NOBODY),  # open, unassigned: only a manager approves or returns
        "is_returned": SYSTEM,
        "is_commissioned": SYSTEM,
        "await_fix": DONE_BY_MANAGER,
        "reopen": SYSTEM,
        "commissioned": SYSTEM,
    }, Access(f"{PREFIX}:commissioning:register:execute", allowed={TECHNICIAN, MANAGER},
              note="the start form; an empty POST is an invalid form: 200")),
    *flow_entries("periodiccheck", METERING_VIEWERS, {
        "start": SYSTEM,
        "inspect": ({TECHNICIAN}, NOBODY, NOBODY),  # open, unassigned: a technician takes it
        "issue_act": SYSTEM,
        "approve": (MANAGERS, NOBODY, NOBODY),  # open, unassigned: only a manager approves or returns
        "is_returned": SYSTEM,
        "apply_result": SYSTEM,
        "end": SYSTEM,
    }),
    *flow_entries("readingreview", REVIEW_VIEWERS, {
        "start": SYSTEM,
        "review": ({TECHNICIAN}, NOBODY, NOBODY),
        "end": SYSTEM,
    }),
    *flow_entries("verificationfollowup", METERING_VIEWERS, {
        "start": SYSTEM,
        "deliver": ({TECHNICIAN}, NOBODY, NOBODY),
        "end": SYSTEM,
    }),
    Access("document_flows:index", allowed=DOCUMENT_APP, note="the application's start: a redirect"),
    Access("document_flows:inbox", allowed=DOCUMENT_APP),
    Access("document_flows:queue", allowed=DOCUMENT_APP),
    Access("document_flows:archive", allowed=DOCUMENT_APP),
    Access("document_flows:tasks_assign", allowed=DOCUMENT_APP, note="the queue's bulk assign: nothing chosen, nothing done"),
    Access("document_flows:tasks_unassign", allowed=DOCUMENT_APP, note="the inbox's bulk unassign: nothing chosen"),
    Access("document_flows:flows:index", allowed=DOCUMENT_APP, note="a redirect to the first flow the user sees"),
    *flow_entries("templatechange", DOCUMENT_APP, {
        "propose": SYSTEM,
        "review": (MANAGERS, NOBODY, NOBODY),  # open, unassigned: only a manager takes it
        "is_approved": SYSTEM,
        "revise": (NOBODY, {LEGAL}, {LEGAL, MANAGER}),  # returned to the matrix lawyer who proposed
        "is_resubmitted": SYSTEM,
        "approved": SYSTEM,
        "withdrawn": SYSTEM,
    }, Access(f"{DOCUMENT_PREFIX}:templatechange:propose:execute", allowed={LEGAL},
              note="the start form; an empty POST is an invalid form: 200"),
        prefix=DOCUMENT_PREFIX, app=DOCUMENT_APP),
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
    Access("reception:index", allowed=RECEPTION_APP, note="the application's start: a redirect"),
    Access("reception:inbox", allowed=RECEPTION_APP),
    Access("reception:queue", allowed=RECEPTION_APP),
    Access("reception:archive", allowed=RECEPTION_APP),
    Access("reception:tasks_assign", allowed=RECEPTION_APP, note="the queue's bulk assign: nothing chosen"),
    Access("reception:tasks_unassign", allowed=RECEPTION_APP, note="the inbox's bulk unassign: nothing chosen"),
    Access("reception:flows:index", allowed=RECEPTION_APP, note="a redirect to the first flow the user sees"),
    Access("reception:journal:index", allowed=RECEPTION_APP, methods=("GET",), note="the journal of appeals"),
    Access("reception:dashboard:index", allowed=RECEPTION_APP, methods=("GET",),
           note="the dashboard: managers everything, other roles their own part"),
    Access("reception:journal:xlsx", allowed=RECEPTION_APP, methods=("GET",)),
    Access("reception:register:index", allowed=RECEPTION_APP, note="an empty POST is an invalid form: 200"),
    Access("reception:letter:index", allowed=RECEPTION_APP, note="an empty POST is an invalid form: 200"),
    Access("reception:booking:index", allowed=RECEPTION_APP, note="an empty POST is an invalid form: 200"),
    Access("reception:performance:index", allowed=MANAGERS, methods=("GET",), note="the department's performance"),
    Access("reception:performance:xlsx", allowed=MANAGERS, methods=("GET",)),
    *flow_entries("appeal", RECEPTION_APP, {
        "start": SYSTEM,
        "assign": (MANAGERS, NOBODY, NOBODY),  # open, unassigned: only a manager assigns the executor
        "assign__timeout": SYSTEM,
        "answer": (NOBODY, {BILLING}, {BILLING, MANAGER}),  # assigned to the matrix billing specialist
        "answer__timeout": SYSTEM,
        "sign": DONE_BY_MANAGER,
        "sign__timeout": SYSTEM,
        "is_signed": SYSTEM,
        "send": (NOBODY, NOBODY, ({BILLING, MANAGER}, NOBODY)),
        "close": SYSTEM,
        "closed": SYSTEM,
        "escalate": SYSTEM,
        "escalated": SYSTEM,
    }, prefix=RECEPTION_PREFIX, app=RECEPTION_APP),
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
        "lift": DONE_BY_BILLING,
        "lifted": SYSTEM,
        "withdraw": SYSTEM,  # the debt paid down meanwhile: the warning withdrawn
        "withdrawn": SYSTEM,
    }, Access(f"{INTERRUPTION_PREFIX}:restriction:start:execute", allowed={BILLING, MANAGER},
              note="the warning (billing specialists and managers); an empty POST is an invalid form: 200"),
        prefix=INTERRUPTION_PREFIX, app=INTERRUPTION_APP),
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
