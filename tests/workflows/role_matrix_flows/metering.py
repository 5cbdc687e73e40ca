"""«Процессы учета»: the four metering flows (commissioning, periodic check, reading review,
verification follow-up) — the application's pages, «Мои задачи», the workload and the
periodic campaign."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from accounts.roles import ADMINISTRATOR, BILLING, MANAGER, TECHNICIAN
from tests.accounts.matrix import EVERY_ROLE, NOBODY, Access

from ._common import (
    APP,
    DONE_BY_MANAGER,
    MANAGERS,
    PREFIX,
    SYSTEM,
    _remember,
    flow_entries,
)

METERING_VIEWERS = {TECHNICIAN, MANAGER, ADMINISTRATOR}
REVIEW_VIEWERS = {TECHNICIAN, BILLING, MANAGER, ADMINISTRATOR}


def samples(world):
    _commissioning(world)
    _periodic_check(world)
    _reading_review(world)
    _verification_followup(world)


def _commissioning(world):
    from metering.models import RequestDocument
    from metering.services import inspections as services
    from tests.metering.factories import ContractFactory, DeviceFactory, MeteringUnitFactory
    from tests.metering.services.test_inspections import MEMBERS, answers
    from workflows.commissioning import CommissioningFlow as Flow
    from workflows.models import CommissioningProcess

    from ..conftest import complete_view_task, open_task, run_background_handles, start_view_flow

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

    from ..conftest import complete_view_task, open_task, run_background_handles

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

    from ..conftest import LEAKING, complete_view_task, open_task

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

    from ..conftest import complete_view_task, open_task

    technician = world.users[TECHNICIAN]
    day = date(2026, 4, 16)  # 60 days before 15.06.2026, when these devices' verification runs out
    for _ in range(2):
        DeviceFactory(unit=MeteringUnitFactory(), installed_on=date(2022, 7, 1), verified_on=date(2022, 6, 15))
    done, waiting = sorted((open_followup(notice.pk) for notice in verification_track(today=day).notices),
                           key=lambda p: p.pk)
    complete_view_task(open_task(done, Flow.deliver), technician, lambda a: notice_delivered(
        notice=a.process.artifact, delivered_on=day + timedelta(days=1), note="матрица", actor=technician))
    _remember(world, "verificationfollowup", done, deliver=open_task(waiting, Flow.deliver))


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
]
