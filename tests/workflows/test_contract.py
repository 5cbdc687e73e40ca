"""The contract flow over HTTP as the real roles: an application with a missing document (the
request letter, the timer fired by the beat task past the term, the document marked received),
the technician's draft, the lawyer's return and acceptance, the manager's approval, the
package issued, a disagreement protocol answered and the contract signed into the register;
an overdue request refused by the manager; an amendment of the active contract with its
version; bad input refused naming the field, nothing written; other roles' 403s."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from viewflow.workflow.status import STATUS

from accounts.roles import BILLING, LEGAL, MANAGER, TECHNICIAN
from audit.models import AuditEvent
from contracts.models import ChecklistItem, ContractApplication, ContractVersion, DisagreementPoint
from documents.models import ArchivedDocument
from subscribers.models import Contract
from tests.documents.conftest import archive_dir  # noqa: F401 — own archive
from tests.inspections.conftest import CITY
from tests.subscribers.factories import ConsumerFactory, HeatedObjectFactory, NetworkSectionFactory
from workflows.contract import ContractFlow as Flow
from workflows.models import CONTRACT_RESPONSE_DAYS, ContractProcess
from workflows.tasks import fire_due_timers

from .conftest import open_task, run_background_handles
from .test_claim import travel

pytestmark = pytest.mark.django_db
K = ChecklistItem.Kind
S = ContractApplication.Status
ALL_BUT_LOADS = [K.CONSTITUENT, K.REGISTER_EXTRACT, K.TITLE, K.CONNECTION]


@pytest.fixture
def start(time_machine):
    """Today at 10:00 Moscow time, pinned (as the claim flow's tests)."""
    day = timezone.localdate()
    travel(time_machine, day)
    return day


@pytest.fixture
def users(make_user):
    return {role: make_user(role, first_name="Анна", last_name=f"Иванова{n}") for n, role in
            enumerate((BILLING, TECHNICIAN, LEGAL, MANAGER))}


@pytest.fixture
def site(organization, town, tariff, start):
    """A consumer with two objects in Энск, the previous year's temperatures for the climate normal."""
    consumer = ConsumerFactory(signatory_last_name="Орлов", signatory_first_name="Андрей",
                               signatory_middle_name="Викторович", signatory_position="Директор")
    section = NetworkSectionFactory(code="ЭН-1", city=CITY)
    objects = [HeatedObjectFactory(consumer=consumer, network_section=section, code=f"ОБ-{n}") for n in (1, 2)]
    town.temperatures(date(start.year, 1, 1), date(start.year, 12, 31))
    return {"consumer": consumer, "objects": objects, "group": tariff.tariff_group,
            "signatory": organization.signatories.first(), "valid_from": date(start.year + 1, 1, 1)}


def url(node, process, action="execute"):
    task = open_task(process, node)
    return node.reverse(action, args=[process.pk, task.pk])


def take(client, node, process):
    """Open the queued task as the logged-in user: it is assigned to them (TakeView)."""
    task = open_task(process, node)
    if task.owner_id is None:
        response = client.get(node.reverse("assign", args=[process.pk, task.pk]))
        assert response.status_code in (200, 302), response.status_code


def post(client, node, process, data, status=302):
    take(client, node, process)
    assert client.get(url(node, process)).status_code == 200
    response = client.post(url(node, process), data)
    assert response.status_code == status, response.content.decode()[:3000]
    return response


def register(client, user, site, documents, **extra):
    client.force_login(user)
    start_url = Flow.start.reverse("execute")
    assert client.get(start_url).status_code == 200
    data = {"kind": "new", "consumer": site["consumer"].pk, "objects": [o.pk for o in site["objects"]],
            "received_on": timezone.localdate().isoformat(), "documents_received": documents, **extra}
    response = client.post(start_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return ContractProcess.objects.filter(flow_class=Flow).latest("pk")


def draft_data(site, **extra):
    data = {"valid_from": site["valid_from"].isoformat(), "valid_to": "", "tariff_group": site["group"].pk,
            "balance_boundary": "по наружным фланцам головных задвижек в ТК-12", "operational_boundary": "",
            "our_signatory": site["signatory"].pk, "signer_position": "Директор", "signer_last_name": "Орлов",
            "signer_first_name": "Андрей", "signer_middle_name": "Викторович", "signer_basis": "poa",
            "signer_poa_number": "12", "signer_poa_date": "2026-01-01",
            "signer_poa_valid_until": (timezone.localdate() + timedelta(days=400)).isoformat()}
    for o in site["objects"]:
        data.update({f"supply_point_{o.pk}": "фланцы задвижек в ТК-12", f"heating_{o.pk}": "0.15",
                     f"ventilation_{o.pk}": "0.03", f"hot_water_avg_{o.pk}": "0.01", f"hot_water_max_{o.pk}": "0.024",
                     f"unit_{o.pk}": ""})
    return {**data, **extra}


def as_(client, users, role):
    client.force_login(users[role])
    return client


def through_approval(client, users, process, site):
    post(as_(client, users, TECHNICIAN), Flow.draft, process, draft_data(site))
    post(as_(client, users, LEGAL), Flow.review, process, {"decision": "approve", "comment": ""})
    post(as_(client, users, MANAGER), Flow.approve, process, {"decision": "approve", "comment": ""})
    assert run_background_handles(process) == 1  # the package, as the Celery task issues it


def test_missing_documents_timer_return_disagreement_and_signed(client, users, site, start, time_machine):
    # given: the application lacks the load calculation
    process = register(client, users[BILLING], site, ALL_BUT_LOADS)
    application = process.application
    assert [i.kind for i in application.checklist.filter(received_on__isnull=True)] == [K.LOAD_CALCULATION]
    # when: the request letter is issued with a 10-day term
    post(client, Flow.request, process, {"term_days": "10"})
    letter = ArchivedDocument.objects.get(template_code="common.letter")
    assert "Расчет тепловых нагрузок" in str(letter.context["paragraphs"])
    timer = open_task(process, Flow.documents_term)
    assert timezone.localdate(timer.scheduled) == start + timedelta(days=11)
    fire_due_timers()
    assert open_task(process, Flow.documents_term).status == STATUS.SCHEDULED  # not yet
    travel(time_machine, start + timedelta(days=11))
    fire_due_timers()
    # then: the documents that came are marked; the technician's draft is next
    post(as_(client, users, BILLING), Flow.receive, process, {"received_on": timezone.localdate().isoformat(),
                                                              "kinds": [K.LOAD_CALCULATION]})
    assert client.get(url(Flow.draft, process)).status_code == 403  # billing may not draft
    post(as_(client, users, TECHNICIAN), Flow.draft, process, draft_data(site))
    load = process.application.loads.get(heated_object=site["objects"][0])
    assert Decimal(load.volumes["1"]["heating"]) > 0 and Decimal(load.volumes["7"]["heating"]) == 0
    assert Decimal(load.volumes["7"]["hot_water"]) > 0
    # the lawyer returns it with comments; the technician sees them and resubmits
    post(as_(client, users, LEGAL), Flow.review, process, {"decision": "return", "comment": ""}, status=200)
    post(client, Flow.review, process, {"decision": "return", "comment": "Уточните границу по ТК-12"})
    take(as_(client, users, TECHNICIAN), Flow.draft, process)
    assert "Уточните границу по ТК-12" in client.get(url(Flow.draft, process)).content.decode()
    post(client, Flow.draft, process, draft_data(site, balance_boundary="по фланцам задвижек в ТК-12, камера 2"))
    post(as_(client, users, LEGAL), Flow.review, process, {"decision": "approve", "comment": ""})
    post(as_(client, users, MANAGER), Flow.approve, process, {"decision": "approve", "comment": ""})
    assert run_background_handles(process) == 1  # the package, as the Celery task issues it
    # the package: the contract with its five annexes
    application = process.application
    assert application.package.template_code == "contracts.contract"
    assert len(application.package.context["payment"]["rows"]) == 12
    post(as_(client, users, BILLING), Flow.send, process, {"sent_on": timezone.localdate().isoformat()})
    # the consumer's disagreement protocol, point by point
    post(client, Flow.response, process, {
        "outcome": "disagreement", "received_on": timezone.localdate().isoformat(),
        "clause_1": "9.1", "ours_1": "30 календарных дней", "theirs_1": "45 календарных дней"})
    protocol = process.application.protocols.get()
    assert protocol.recorded.template_code == "contracts.disagreement_protocol"
    assert client.get(url(Flow.answer, process)).status_code == 403  # the lawyer answers
    point = protocol.points.get()
    post(as_(client, users, LEGAL), Flow.answer, process, {f"decision_{point.pk}": "agreed",
                                                           f"agreed_{point.pk}": "40 календарных дней"})
    protocol.refresh_from_db()
    assert protocol.answer.context["points"][0]["agreed"] == "40 календарных дней"
    assert point.__class__.objects.get().decision == DisagreementPoint.Decision.AGREED
    # sent again, signed: the register has the contract, active, version 1
    post(as_(client, users, BILLING), Flow.send, process, {"sent_on": timezone.localdate().isoformat()})
    post(client, Flow.response, process, {"outcome": "signed", "signed_on": timezone.localdate().isoformat()})
    process.refresh_from_db()
    assert process.finished is not None
    contract = Contract.objects.get(consumer=site["consumer"])
    assert contract.status == Contract.Status.ACTIVE and contract.valid_from == site["valid_from"]
    assert contract.number == application.package.number
    assert set(contract.objects_covered.all()) == set(site["objects"])
    assert ContractVersion.objects.get(contract=contract).version == 1


def test_the_checklist_agrees_with_each_document(client, users, site, start):
    process = register(client, users[BILLING], site, ALL_BUT_LOADS)
    take(client, Flow.request, process)
    page = client.get(url(Flow.request, process)).content.decode()
    assert "Учредительные документы (устав) — получены" in page
    assert "Выписка из ЕГРЮЛ / ЕГРИП — получена" in page
    assert "Технические условия или акт о подключении — получены" in page
    assert "Расчет тепловых нагрузок — <b>не представлен</b>" in page
    assert set(ChecklistItem.ENDING) == set(K)


def test_overdue_documents_go_to_the_manager_who_refuses(client, users, site, start, time_machine):
    process = register(client, users[BILLING], site, [])
    post(client, Flow.request, process, {"term_days": "5"})
    travel(time_machine, start + timedelta(days=6))
    fire_due_timers()
    post(client, Flow.receive, process, {"received_on": timezone.localdate().isoformat(), "kinds": [K.TITLE]})
    assert client.get(url(Flow.overdue, process)).status_code == 403
    post(as_(client, users, MANAGER), Flow.overdue, process, {"decision": "return", "comment": ""}, status=200)
    post(client, Flow.overdue, process, {"decision": "return", "comment": "Документы не представлены"})
    process.refresh_from_db()
    assert process.finished is not None and process.application.status == S.REFUSED


def test_the_consumers_silence_past_the_term_escalates_to_the_manager(client, users, site, start, time_machine):
    # given: a complete application drafted, approved, issued and sent today
    process = register(client, users[BILLING], site, [k for k, _ in K.choices if k not in (K.IDENTITY,
                                                                                           K.POWER_OF_ATTORNEY)])
    through_approval(client, users, process, site)
    post(as_(client, users, BILLING), Flow.send, process, {"sent_on": start.isoformat()})
    timer = open_task(process, Flow.response__timeout)
    assert timezone.localdate(timer.scheduled) == start + timedelta(days=CONTRACT_RESPONSE_DAYS + 1)
    # when: the last day of the term passes — nothing; the day after, the beat task fires the timer
    travel(time_machine, start + timedelta(days=CONTRACT_RESPONSE_DAYS))
    fire_due_timers()
    assert not AuditEvent.objects.filter(action="contract_application.response_overdue").exists()
    travel(time_machine, start + timedelta(days=CONTRACT_RESPONSE_DAYS + 1))
    fire_due_timers()
    # then: escalated to the manager once, the answer's step still open with the billing specialist
    event = AuditEvent.objects.get(action="contract_application.response_overdue")
    assert event.data["sent_on"] == start.isoformat()
    assert process.task_set.filter(flow_task=Flow.escalated, status=STATUS.DONE).exists()
    assert process.application.status == S.SENT
    # the late answer still closes the process: signed
    post(as_(client, users, BILLING), Flow.response, process,
         {"outcome": "signed", "signed_on": timezone.localdate().isoformat()})
    process.refresh_from_db()
    assert process.finished is not None and process.application.status == S.SIGNED


def test_an_answer_within_the_term_cancels_the_escalation(client, users, site, start, time_machine):
    process = register(client, users[BILLING], site, [k for k, _ in K.choices if k not in (K.IDENTITY,
                                                                                           K.POWER_OF_ATTORNEY)])
    through_approval(client, users, process, site)
    post(as_(client, users, BILLING), Flow.send, process, {"sent_on": start.isoformat()})
    post(client, Flow.response, process, {"outcome": "signed", "signed_on": start.isoformat()})
    travel(time_machine, start + timedelta(days=CONTRACT_RESPONSE_DAYS + 2))
    fire_due_timers()
    process.refresh_from_db()
    assert process.finished is not None
    assert not AuditEvent.objects.filter(action="contract_application.response_overdue").exists()
    assert not process.task_set.filter(flow_task=Flow.escalated).exists()


def test_bad_input_refused_naming_the_field_nothing_written(client, users, site, start):
    process = register(client, users[BILLING], site, ALL_BUT_LOADS + [K.LOAD_CALCULATION])
    as_(client, users, TECHNICIAN)
    first, second = site["objects"]
    # an object without a load
    response = post(client, Flow.draft, process, draft_data(site, **{
        f"heating_{second.pk}": "0", f"ventilation_{second.pk}": "0", f"hot_water_avg_{second.pk}": "0"}), status=200)
    assert f"Объект {second.code}: не указана тепловая нагрузка" in response.content.decode()
    # an expired power of attorney of the consumer's signer
    response = post(client, Flow.draft, process, draft_data(
        site, signer_poa_valid_until=(start - timedelta(days=1)).isoformat()), status=200)
    assert "полномочий нет" in response.content.decode()
    # an object already in a contract for the period
    other = Contract.objects.create(
        number="77-Т", signed_on=start, valid_from=start, consumer=site["consumer"], tariff_group=site["group"],
        status=Contract.Status.ACTIVE, advance1_percent=35, advance1_day=18, advance2_percent=50, final_payment_day=10)
    other.objects_covered.add(first)
    response = post(client, Flow.draft, process, draft_data(site), status=200)
    assert "уже в договоре № 77-Т" in response.content.decode()
    application = process.application
    assert application.status == S.REGISTERED and not application.loads.exists() and application.valid_from is None


def test_amendment_of_an_active_contract_keeps_versions(client, users, site, start):
    # given: the contract signed through the flow
    process = register(client, users[BILLING], site, ALL_BUT_LOADS + [K.LOAD_CALCULATION])
    through_approval(client, users, process, site)
    post(as_(client, users, BILLING), Flow.send, process, {"sent_on": start.isoformat()})
    post(client, Flow.response, process, {"outcome": "signed", "signed_on": start.isoformat()})
    contract = Contract.objects.get(consumer=site["consumer"])
    # when: a supplementary agreement raises the first object's heating load
    amendment = register(client, users[BILLING], site, [K.TITLE, K.LOAD_CALCULATION], kind="amendment",
                         base_contract=contract.pk, changes="Тепловая нагрузка отопления магазина — 0,2000 Гкал/ч")
    first = site["objects"][0]
    post(as_(client, users, TECHNICIAN), Flow.draft, amendment,
         draft_data(site, **{f"heating_{first.pk}": "0.2", "balance_boundary": "по фланцам в ТК-14"}))
    post(as_(client, users, LEGAL), Flow.review, amendment, {"decision": "approve", "comment": ""})
    post(as_(client, users, MANAGER), Flow.approve, amendment, {"decision": "return", "comment": "Проверьте ТК"})
    post(as_(client, users, TECHNICIAN), Flow.draft, amendment,
         draft_data(site, **{f"heating_{first.pk}": "0.2", "balance_boundary": "по фланцам в ТК-14"}))
    post(as_(client, users, LEGAL), Flow.review, amendment, {"decision": "approve", "comment": ""})
    post(as_(client, users, MANAGER), Flow.approve, amendment, {"decision": "approve", "comment": ""})
    assert run_background_handles(amendment) == 1
    package = amendment.application.package
    assert package.template_code == "contracts.supplementary_agreement"
    assert package.context["contract"]["number"] == contract.number
    post(as_(client, users, BILLING), Flow.send, amendment, {"sent_on": start.isoformat()})
    post(client, Flow.response, amendment, {"outcome": "signed", "signed_on": start.isoformat()})
    # then: the register keeps both editions; the contract has the new boundary
    contract.refresh_from_db()
    assert contract.balance_boundary == "по фланцам в ТК-14"
    versions = list(contract.versions.values_list("version", "changes"))
    assert versions == [(1, ""), (2, "Тепловая нагрузка отопления магазина — 0,2000 Гкал/ч")]
    assert ContractVersion.objects.get(version=2).terms["loads"][first.code]["heating"] == "0.200000"
