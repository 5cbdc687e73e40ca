"""The demo of inspections and the unmetered flow (``workflows.demo_unmetered``): yesterday's
route with a stop without violation and processes at each stage — a refusal with witnesses, a
lawyer's return, a calculation to approve, a paid demand, one passed to the lawyers, a police
statement to issue — and a meter replacement; seeded on any day (the weather of the 70 days
before it), a second run adds nothing."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from viewflow.workflow.status import PROCESS, STATUS

from accounts.roles import BILLING, LEGAL, MANAGER, TECHNICIAN
from core.demo import DemoContext
from inspections.models import FieldInspection, InspectionRoute, ViolationAct
from metering.models import DeviceReplacement, UnitStatus
from metering.selectors import unit_status_on
from settlements.models import Payment
from tests.billing.factories import TariffFactory
from tests.documents.conftest import archive_dir  # noqa: F401 — every test its own archive
from tests.inspections.conftest import CITY, GROUP
from tests.metering.factories import DeviceFactory, MeteringUnitFactory, StatusChangeFactory
from tests.subscribers.factories import ContractFactory, HeatedObjectFactory, OrganizationFactory, SignatoryFactory
from workflows import demo_unmetered
from workflows.models import UnmeteredProcess
from workflows.unmetered import UnmeteredFlow as Flow

pytestmark = pytest.mark.django_db


def open_nodes(process) -> list[str]:
    return [t.flow_task.name for t in process.task_set.exclude(status__in=[STATUS.DONE, STATUS.CANCELED])]


def test_the_demo_shows_a_route_and_the_flow_at_each_stage(make_user, town, time_machine):
    ctx = DemoContext()
    time_machine.move_to(ctx.today)
    ctx.data["users"] = {role: make_user(role, first_name="Демо", last_name=role) for role in
                         (TECHNICIAN, LEGAL, BILLING, MANAGER)}
    SignatoryFactory(organization=OrganizationFactory(city=CITY, inn="7701234567"))
    town.temperatures(ctx.today - timedelta(days=70), ctx.today - timedelta(days=1))
    tariff = TariffFactory(tariff_group__code=GROUP, valid_from=ctx.today - timedelta(days=400), valid_to=None,
                           energy_rate=Decimal("2500.00"))
    for n in range(demo_unmetered.STOPS):
        contract = ContractFactory(tariff_group=tariff.tariff_group, number=f"Д-{n:02}")
        HeatedObjectFactory(consumer=contract.consumer)
    unit = MeteringUnitFactory()
    StatusChangeFactory(unit=unit, effective_from=ctx.today - timedelta(days=400))
    device = DeviceFactory(unit=unit, installed_on=ctx.today - timedelta(days=400), verified_on=ctx.today - timedelta(days=400))
    demo_unmetered.seed(ctx)

    replaced = DeviceReplacement.objects.get()
    assert (replaced.unit, replaced.removed_device, replaced.removed_on) == (unit, device, ctx.today - timedelta(days=1))
    assert unit_status_on(unit, ctx.today) == UnitStatus.NOT_COMMISSIONED
    route = InspectionRoute.objects.get()
    assert route.route_date == ctx.today - timedelta(days=1)
    stops = list(route.stops.order_by("stop_order"))
    assert stops[0].result == FieldInspection.Result.NO_VIOLATION and stops[0].photos.count() == 1
    processes = [UnmeteredProcess.objects.get(artifact_object_id=stop.pk) for stop in stops[1:]]
    assert [open_nodes(p) for p in processes] == [
        ["fill_act"], ["review"], ["fill_act"], ["approve"], [], [], ["police"]]
    refused = processes[1].act
    assert refused.signature == ViolationAct.Signature.REFUSED and refused.witnesses.count() == 2
    assert processes[2].act.status == ViolationAct.Status.RETURNED
    paid, to_lawyers, police = processes[4:]
    assert paid.status == PROCESS.DONE and paid.task_set.filter(flow_task=Flow.paid).exists()
    assert Payment.objects.filter(consumer=paid.act.consumer).exists()
    assert to_lawyers.status == PROCESS.DONE and to_lawyers.task_set.filter(flow_task=Flow.to_lawyers).exists()
    assert not to_lawyers.task_set.filter(flow_task=Flow.police).exists()
    assert police.act.consumer is None and police.act.violation == ViolationAct.Violation.UNLAWFUL_CONNECTION
    assert "Обследования" in ctx.notes[-1]
    # a second run adds nothing
    demo_unmetered.seed(ctx)
    assert InspectionRoute.objects.count() == 1 and DeviceReplacement.objects.count() == 1
