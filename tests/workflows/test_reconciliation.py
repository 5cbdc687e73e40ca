"""The settlements reconciliation flow over HTTP as the real roles: started by a billing
specialist, issued in the background, sent, returned with the consumer's figures → the billing
specialist's task → reissued (replacing the first act) → sent → signed by an attorney in
time: the contract's outstanding debts are acknowledged for the case files (ГК РФ ст. 203).
A technician may not start it (403)."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from accounts.roles import BILLING, TECHNICIAN
from casefiles.models import DebtAcknowledgement
from reconciliation.models import SettlementsReconciliation
from tests.reconciliation.conftest import organization, quarter  # noqa: F401
from tests.reconciliation.test_readings import metered  # noqa: F401
from workflows.models import SettlementsReconciliationProcess
from workflows.reconciliation import SettlementsReconciliationFlow as Flow

from .conftest import open_task, run_background_handles

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(timezone.make_aware(datetime.combine(date(2025, 5, 12), time(10))), tick=False)


def url(node, process, action="execute"):
    return node.reverse(action, args=[process.pk, open_task(process, node).pk])


def post(client, node, process, data):
    assert client.get(url(node, process)).status_code == 200
    response = client.post(url(node, process), data)
    assert response.status_code == 302, response.context["form"].errors


def test_settlements_reconciliation_disputed_then_signed(client, make_user, quarter):  # noqa: F811
    billing = make_user(BILLING, first_name="Ольга", last_name="Смирнова")
    client.force_login(billing)
    # started by the billing specialist
    response = client.post(Flow.start.reverse("execute"),
                           {"contract": quarter.pk, "date_from": "01.01.2025", "date_to": "31.03.2025"})
    assert response.status_code == 302, response.content.decode()[:3000]
    process = SettlementsReconciliationProcess.objects.get()
    assert run_background_handles(process) == 1
    act = process.act
    first = act.document
    assert act.status == "issued" and first.template_code == "reconciliation.settlements_act"
    # sent, returned with the consumer's figures
    post(client, Flow.send, process, {"sent_on": "12.05.2025", "note": "Почта России"})
    post(client, Flow.returned, process, {"outcome": "disputed", "returned_on": "12.05.2025",
                                          "consumer_closing": "125550.40", "note": "не учтен платеж 4 800 руб."})
    assert process.act.status == "disputed"
    # the billing specialist's task: the resolution, the act reissued replacing the first
    client.get(url(Flow.settle, process, "assign"))
    post(client, Flow.settle, process, {"resolution": "Платеж 4 800 руб. — перерасчет, отражен в УПД за март"})
    assert run_background_handles(process) == 1
    act = process.act
    assert act.issues == 2 and act.document.replaces_id == first.pk
    post(client, Flow.send, process, {"sent_on": "12.05.2025"})
    post(client, Flow.returned, process, {
        "outcome": "signed", "returned_on": "12.05.2025", "signer_name": "Петров И.И.",
        "signer_position": "Главный бухгалтер", "authority_basis": "poa", "poa_number": "15",
        "poa_date": "09.01.2025", "poa_valid_until": "31.12.2025"})
    process.refresh_from_db()
    act = SettlementsReconciliation.objects.get()
    assert process.finished is not None
    assert (act.status, act.interrupts_limitation) == ("signed", True)
    acknowledged = DebtAcknowledgement.objects.filter(debt__contract=quarter)
    assert acknowledged.exists()
    assert {a.acknowledged_on for a in acknowledged} == {date(2025, 5, 12)}


def test_an_expired_power_of_attorney_acknowledges_nothing(client, make_user, quarter):  # noqa: F811
    billing = make_user(BILLING)
    client.force_login(billing)
    client.post(Flow.start.reverse("execute"), {"contract": quarter.pk, "date_from": "01.01.2025", "date_to": "31.03.2025"})
    process = SettlementsReconciliationProcess.objects.get()
    run_background_handles(process)
    post(client, Flow.send, process, {"sent_on": "12.05.2025"})
    post(client, Flow.returned, process, {
        "outcome": "signed", "returned_on": "12.05.2025", "signer_name": "Петров И.И.",
        "signer_position": "Бухгалтер", "authority_basis": "poa", "poa_number": "3", "poa_valid_until": "31.03.2025"})
    assert SettlementsReconciliation.objects.get().interrupts_limitation is False
    assert not DebtAcknowledgement.objects.exists()


def test_a_technician_may_not_start_a_settlements_reconciliation(client, make_user, quarter):  # noqa: F811
    client.force_login(make_user(TECHNICIAN))
    assert client.get(Flow.start.reverse("execute")).status_code == 403


def test_readings_reconciliation_disputed_resolved_by_a_technician_then_signed(client, make_user, metered):  # noqa: F811
    from reconciliation.models import ReadingsReconciliation
    from workflows.models import ReadingsReconciliationProcess
    from workflows.reconciliation import ReadingsReconciliationFlow as Readings

    technician = make_user(TECHNICIAN, first_name="Андрей", last_name="Кузнецов")
    other = make_user(TECHNICIAN, first_name="Сергей", last_name="Петров")
    client.force_login(technician)
    consumer = metered.heated_object.consumer
    # a month whose billing is open: refused on the form, nothing written
    response = client.post(Readings.start.reverse("execute"),
                           {"consumer": consumer.pk, "date_from": "01.01.2025", "date_to": "01.04.2025"})
    assert response.status_code == 200 and "еще не закрыт" in response.content.decode()
    assert not ReadingsReconciliation.objects.exists()
    response = client.post(Readings.start.reverse("execute"),
                           {"consumer": consumer.pk, "date_from": "01.01.2025", "date_to": "01.03.2025"})
    assert response.status_code == 302
    process = ReadingsReconciliationProcess.objects.get()
    assert run_background_handles(process) == 1
    post(client, Readings.send, process, {"sent_on": "12.05.2025"})
    post(client, Readings.returned, process, {"outcome": "disputed", "returned_on": "12.05.2025",
                                              "consumer_gcal": "80.250", "note": "февраль не принят"})
    # another technician takes the discrepancy from the queue and resolves it
    client.force_login(other)
    assert client.get(url(Readings.settle, process, "assign")).status_code == 302
    post(client, Readings.settle, process, {"resolution": "Показания февраля проверены и приняты"})
    assert run_background_handles(process) == 1
    act = process.act
    assert act.issues == 2 and "проверены" in act.document.context["note"]
    client.force_login(technician)
    post(client, Readings.send, process, {"sent_on": "12.05.2025"})
    post(client, Readings.returned, process, {"outcome": "signed", "returned_on": "12.05.2025"})
    process.refresh_from_db()
    assert process.finished is not None and process.act.status == "signed"
    # a billing specialist may not start a readings reconciliation
    client.force_login(make_user(BILLING))
    assert client.get(Readings.start.reverse("execute")).status_code == 403
