"""Commissioning «после замены»: the application for a unit whose device was replaced, and the
replacement → re-commissioning → billing path (calculated between the removal and the
approval, metered after)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from viewflow.workflow.status import PROCESS

from billing.models import ChargeLine, Method
from core.errors import ApplicationError
from metering.models import CommissioningRequest, DeviceReplacement, ReadingStatus, RequestDocument, UnitStatus
from metering.selectors import unit_status_intervals
from metering.services import inspections as services
from metering.services.replacements import device_replace
from metering.services.units import unit_status_change
from tests.billing.conftest import (  # noqa: F401 — the billing world: a town, tariffs, a contract, the run
    billing_user,
    group,
    make_contract,
    run_period,
    town,
    vat_rates,
    winter,
)
from tests.billing.factories import BillingPeriodFactory
from tests.metering.factories import OrganizationFactory, ReadingFactory
from tests.metering.replacing import REMOVED_ON, expired_unit, replacement_input
from workflows.commissioning import CommissioningFlow as Flow
from workflows.models import CommissioningProcess

from .conftest import open_task, run_background_handles
from .test_commissioning import TODAY, inspection_post, register_post, url

pytestmark = pytest.mark.django_db
DOCUMENTS = {kind: None for kind in RequestDocument.Kind.values}
AFTER = CommissioningRequest.Kind.AFTER_REPLACEMENT


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(TODAY)


def register(unit, manager, *, kind=AFTER, received_on=REMOVED_ON + timedelta(days=2)):
    return services.commissioning_register(
        unit=unit, incoming_number="З-1", received_on=received_on, documents=DOCUMENTS, actor=manager, kind=kind
    )


# ------------------------------------------------------------ the application


def test_the_application_after_replacement_is_registered_for_a_unit_whose_old_device_expired(technician, manager):
    # given a unit faulty since its heat calculator expired: an application is refused on it
    unit, old = expired_unit()
    unit_status_change(unit=unit, status=UnitStatus.FAULTY, effective_from=date(2026, 2, 1), reason="истек срок поверки")
    with pytest.raises(ApplicationError) as exc:
        register(unit, manager, kind=CommissioningRequest.Kind.INITIAL, received_on=REMOVED_ON - timedelta(days=3))
    assert exc.value.field == "devices"
    # when the technician replaces it
    replacement = device_replace(unit=unit, actor=technician, **replacement_input(old))
    # then an application «после замены» is registered, even one received before the replacement day
    request = register(unit, manager, received_on=REMOVED_ON - timedelta(days=3))
    assert request.kind == AFTER and request.get_kind_display() == "После замены"
    replacement.refresh_from_db()
    assert replacement.request == request
    assert request.current_inspection.kind == "commissioning"


def test_a_replaced_unit_is_re_admitted_only_after_replacement(technician, manager):
    unit, old = expired_unit()
    device_replace(unit=unit, actor=technician, **replacement_input(old))
    with pytest.raises(ApplicationError) as exc:
        register(unit, manager, kind=CommissioningRequest.Kind.INITIAL)
    assert (exc.value.field, exc.value.code) == ("kind", "replacement_pending")
    assert not CommissioningRequest.objects.exists()


def test_an_application_after_replacement_needs_a_replacement(manager):
    unit, _ = expired_unit()
    unit_status_change(unit=unit, status=UnitStatus.FAULTY, effective_from=date(2026, 2, 1), reason="истек срок поверки")
    with pytest.raises(ApplicationError) as exc:
        register(unit, manager)
    assert (exc.value.field, exc.value.code) == ("kind", "no_replacement")


# ------------------------------------------------------------ replacement → re-commissioning → billing


REMOVAL = date(2026, 3, 3)  # the approved act is of TODAY, 12.03.2026


def test_a_replaced_meter_bills_by_calculation_until_the_recommissioning_and_by_meter_after(
    town, make_contract, run_period, technician, manager, client, time_machine  # noqa: F811 — the billing fixtures
):
    # given a metered contract: a unit commercial since 2022 whose heat calculator is due in 2026
    # (a planned replacement), heating 0.5 Гкал/ч
    OrganizationFactory()
    contract, obj = make_contract(heating="0.5")
    unit, old = expired_unit(verified_on=date(2022, 6, 1), heated_object=obj, purpose="heating", is_open_system=False)
    # when the technician replaces it from the unit's page on 03.03.2026
    client.force_login(technician)
    data = replacement_input(old, removed_on=REMOVAL, installed_on=REMOVAL, reason="planned")
    post = {key: getattr(value, "pk", value) for key, value in data.items()}
    post.update({k: v.strftime("%d.%m.%Y") for k, v in data.items() if isinstance(v, date)})
    assert client.post(reverse("metering:units:replace", args=[unit.pk]), post).status_code == 302
    replacement = DeviceReplacement.objects.get(unit=unit)
    # and the manager registers the application «после замены», the technician inspects, the manager approves
    client.force_login(manager)
    assert client.post(Flow.register.reverse("execute"), {**register_post(unit), "kind": AFTER}).status_code == 302
    process = CommissioningProcess.objects.get()
    assert process.artifact.kind == AFTER
    task = open_task(process, Flow.schedule)
    client.post(url(Flow.schedule, process, task, "assign"))
    client.post(url(Flow.schedule, process, task), {"technician": technician.pk, "scheduled_on": TODAY.isoformat()})
    client.force_login(technician)
    task = open_task(process, Flow.inspect)
    assert client.post(url(Flow.inspect, process, task), inspection_post(process.inspection)).status_code == 302
    run_background_handles(process)
    client.force_login(manager)
    task = open_task(process, Flow.approve)
    client.post(url(Flow.approve, process, task, "assign"))
    assert client.post(url(Flow.approve, process, task), {"decision": "approve"}).status_code == 302
    process.refresh_from_db()
    assert process.status == PROCESS.DONE
    # then the unit is commercial until the removal, not from it until the approved act, commercial after
    assert [(s.status, s.start, s.end) for s in unit_status_intervals(unit, date(2026, 3, 1), date(2026, 3, 31))] == [
        (UnitStatus.COMMERCIAL, date(2026, 3, 1), date(2026, 3, 2)),
        (UnitStatus.NOT_COMMISSIONED, REMOVAL, TODAY - timedelta(days=1)),
        (UnitStatus.COMMERCIAL, TODAY, date(2026, 3, 31)),
    ]
    replacement.refresh_from_db()
    assert replacement.request.status == CommissioningRequest.Status.COMMISSIONED
    # and when March is billed after the month, its reading in
    time_machine.move_to(date(2026, 4, 2))
    town.temperatures(winter(date(2026, 3, 1), date(2026, 3, 31), Decimal("-4.0")))
    ReadingFactory(unit=unit, period=date(2026, 3, 1), q=Decimal("90.000"), m1=Decimal("3000"), m2=Decimal("2999"),
                   status=ReadingStatus.ACCEPTED)
    run_period(BillingPeriodFactory(month=date(2026, 3, 1)))
    # the days between the removal and the approval are calculated, naming the replacement; the rest metered
    lines = ChargeLine.objects.filter(invoice__contract=contract).order_by("date_from")
    metered = [line for line in lines if line.method == Method.METER]
    calculated = [line for line in lines if line.method == Method.CALCULATION]
    assert [(line.date_from, line.date_to) for line in calculated] == [(REMOVAL, TODAY - timedelta(days=1))]
    assert calculated[0].basis["reason"] == "not_commissioned"
    assert "замена прибора учета" in calculated[0].basis["reason_text"]
    assert [(line.date_from, line.date_to, line.quantity) for line in metered] == [
        (date(2026, 3, 1), date(2026, 3, 31), Decimal("90.000"))
    ]
    assert metered[0].basis["days"] == 2 + 20
