"""The flows' demo: one commissioning waits for the demo technician's inspection."""

import pytest
from viewflow.workflow.status import STATUS

from accounts.demo import seed as seed_users
from core.demo import DemoContext
from metering import demo as metering_demo
from tests.documents.conftest import archive_dir  # noqa: F401 — every test its own archive (the demo signs answers)
from tests.metering.factories import OrganizationFactory
from tests.subscribers.factories import HeatLoadFactory
from workflows import demo
from workflows.commissioning import CommissioningFlow
from workflows.models import CommissioningProcess

pytestmark = pytest.mark.django_db


def test_a_commissioning_is_in_progress_for_the_demo_technician(time_machine):
    ctx = DemoContext()
    time_machine.move_to(ctx.today)
    seed_users(ctx)
    OrganizationFactory()
    for _ in range(6):
        HeatLoadFactory()
    metering_demo.seed(ctx)
    demo.seed(ctx)
    processes = list(CommissioningProcess.objects.filter(flow_class=CommissioningFlow).order_by("pk"))
    assert len(processes) == 2
    inspect = processes[0].task_set.get(flow_task=CommissioningFlow.inspect)
    assert (inspect.status, inspect.owner.username) == (STATUS.ASSIGNED, "tech")
    assert processes[1].task_set.get(flow_task=CommissioningFlow.schedule).status == STATUS.NEW


def test_the_demo_claim_waiting_out_its_term_has_its_process(make_user, time_machine):
    from datetime import timedelta
    from decimal import Decimal

    from accounts.roles import LEGAL
    from casefiles import demo as casefiles_demo
    from casefiles.models import Case
    from tests.casefiles.factories import ContractFactory, DebtFactory
    from workflows.claim import ClaimFlow
    from workflows.models import ClaimProcess

    ctx = DemoContext()
    time_machine.move_to(ctx.today)
    OrganizationFactory()
    for n in range(5):
        DebtFactory(contract=ContractFactory(), period=(ctx.today - timedelta(days=100)).replace(day=1),
                    amount=Decimal(50000 + n * 1000), due_date=ctx.today - timedelta(days=60))
    ctx.data["users"] = {LEGAL: make_user(LEGAL)}
    casefiles_demo.seed(ctx)
    demo.claim_processes(ctx)
    process = ClaimProcess.objects.get()
    assert process.case == Case.objects.get(kind=Case.Kind.CLAIM, stage=Case.Stage.CLAIM_SENT)
    timer = process.task_set.get(flow_task=ClaimFlow.claim_term)
    assert timer.status == STATUS.SCHEDULED and timer.scheduled.date() > ctx.today
    demo.claim_processes(ctx)  # a second run starts nothing twice
    assert ClaimProcess.objects.count() == 1


def test_the_demo_contracts_stand_at_each_stage(make_user, time_machine):
    from datetime import date, timedelta
    from decimal import Decimal

    from accounts.roles import BILLING, LEGAL, MANAGER, TECHNICIAN
    from contracts.models import ContractApplication, ContractVersion
    from metering.models import DesignOutdoorTemperature, HeatingSeason, OutdoorTemperature, WeatherStation
    from tests.billing.factories import TariffFactory
    from tests.subscribers.factories import HeatedObjectFactory, NetworkSectionFactory, SignatoryFactory
    from workflows.models import ContractProcess

    ctx = DemoContext()
    time_machine.move_to(ctx.today)
    SignatoryFactory(organization=OrganizationFactory())
    ctx.data["users"] = {role: make_user(role) for role in (BILLING, TECHNICIAN, LEGAL, MANAGER)}
    year = ctx.today.year
    station = WeatherStation.objects.create(code="99991", name="Демо", city="Демоград")
    DesignOutdoorTemperature.objects.create(city="Демоград", valid_from=date(2000, 1, 1), temperature=Decimal("-25"))
    HeatingSeason.objects.create(city="Демоград", starts_on=date(year - 1, 10, 15), ends_on=date(year, 4, 30))
    HeatingSeason.objects.create(city="Демоград", starts_on=date(year, 10, 15), ends_on=date(year + 1, 4, 30))
    OutdoorTemperature.objects.bulk_create(
        OutdoorTemperature(station=station, date=date(year, 1, 1) + timedelta(days=n), mean_temperature=Decimal("-5"))
        for n in range((date(year + 1, 1, 1) - date(year, 1, 1)).days))
    TariffFactory(valid_from=date(2020, 1, 1), valid_to=None)
    section = NetworkSectionFactory(code="ДМ-1", city="Демоград")
    for _ in range(8):
        HeatLoadFactory(heated_object=HeatedObjectFactory(network_section=section), valid_from=date(2020, 1, 1))
    demo.contract_processes(ctx)
    assert ctx.notes[-1].startswith("Договоры: запрошены документы"), ctx.notes
    states = sorted(ContractApplication.objects.values_list("status", flat=True))
    S = ContractApplication.Status
    assert states == sorted([S.AWAITING_DOCUMENTS, S.REGISTERED, S.REVIEW, S.APPROVAL, S.SENT, S.DISAGREEMENT,
                             S.SIGNED, S.SIGNED])
    assert list(ContractVersion.objects.values_list("version", flat=True)) == [1, 2]
    demo.contract_processes(ctx)  # a second run starts nothing twice
    assert ContractProcess.objects.filter(flow_class=demo.ContractFlow).count() == 8


def test_the_demo_appeals_stand_at_each_stage(time_machine):
    from django.utils import timezone

    from reception.models import Appeal
    from tests.subscribers.factories import CitizenFactory, SignatoryFactory

    ctx = DemoContext()
    time_machine.move_to(ctx.today)
    seed_users(ctx)
    SignatoryFactory(organization=OrganizationFactory(), is_head=True)
    CitizenFactory()
    demo.seed(ctx)
    statuses = sorted(Appeal.objects.values_list("status", flat=True))
    assert statuses == sorted(["registered", "assigned", "assigned", "answered", "signed", "closed"])
    overdue = [a for a in Appeal.objects.all() if a.overdue_on(timezone.localdate())]
    assert len(overdue) == 1 and overdue[0].escalated_at is not None
