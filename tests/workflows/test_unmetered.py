"""The flow of contract-less and unmetered consumption over HTTP as the real roles: a signed
act through the worked example (220.800 Гкал, 828 000.00 ₽ before VAT in the issued
calculation), paid within the demand's term; a refusal to sign with witnesses, the lawyer's
return for correction, a four-year period cut to three years, unpaid: passed to the legal
staff with the police statement of an unauthorised connection; other roles refused."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from viewflow.workflow.status import PROCESS, STATUS

from accounts.roles import LEGAL
from audit.models import AuditEvent
from casefiles.models import Case, CaseDocument
from documents.models import ArchivedDocument
from inspections.models import ViolationAct
from settlements.models import Payment
from tests.core.test_russian_pages import problems, visible_text
from tests.documents.conftest import archive_dir  # noqa: F401 — every test its own archive
from tests.inspections.conftest import CITY, GROUP
from tests.inspections.factories import FieldInspectionFactory
from tests.settlements.factories import PaymentFactory
from workflows.models import UnmeteredProcess
from workflows.tasks import fire_due_timers
from workflows.unmetered import PAID, TO_LAWYERS
from workflows.unmetered import UnmeteredFlow as Flow

from .conftest import open_task, run_background_handles

pytestmark = pytest.mark.django_db
FOUND = date(2026, 1, 31)  # the worked example: 01.11.2025–31.01.2026, 92 days
ROWS = ("loads", "meters", "seals", "persons", "witnesses")


@pytest.fixture
def lawyer(make_user):
    return make_user(LEGAL, first_name="Анна", last_name="Крылова")


@pytest.fixture
def start(time_machine):
    day = timezone.localdate()
    time_machine.move_to(timezone.make_aware(datetime.combine(day, time(10))), tick=False)
    return day


def travel(time_machine, day):
    time_machine.move_to(timezone.make_aware(datetime.combine(day, time(10))), tick=False)


def url(node, process, action="execute"):
    return node.reverse(action, args=[process.pk, open_task(process, node).pk])


def russian(response):
    assert response.status_code == 200, response.status_code
    text = visible_text(response.content.decode())
    assert not problems(text), problems(text)
    return response.content.decode()


def post(client, node, process, data, status=302):
    russian(client.get(url(node, process)))
    response = client.post(url(node, process), data)
    assert response.status_code == status, response.content.decode()[:3000]
    return response


def act_post(**changes) -> dict:
    data = {}
    for name in ROWS:
        data.update({f"{name}-TOTAL_FORMS": "2", f"{name}-INITIAL_FORMS": "0", f"{name}-MIN_NUM_FORMS": "0",
                     f"{name}-MAX_NUM_FORMS": "1000"})
    data.update({
        "kind": "contractless", "violation": "no_contract", "found_on": FOUND.strftime("%d.%m.%Y"), "found_at": "10:35",
        "place": "г. Энск", "basis": "звонок диспетчеру", "consumer_code": "", "person_kind": "organization",
        "person_name": "ООО «Садовый»", "person_inn": "7707083893", "person_ogrn": "1027700132195",
        "person_address": "ул. Садовая, д. 14", "title_to_object": "аренда, договор № 5",
        "object_address": "ул. Садовая, д. 14", "object_use": "магазин", "object_volume": "3600",
        "object_area": "820,5", "intake_place": "ТК-14", "intake_method": "врезка в подающий трубопровод",
        "previous_inspection_on": "01.11.2025", "orders": "заключить договор", "signature": "signed",
        "signed_by": "И.П. Садовников", "copies": "2",
        "loads-0-use": "heating", "loads-0-load": "0,15", "loads-0-basis": "conditions",
        "loads-0-basis_detail": "ТУ на подключение № 15 от 03.02.2021",
        "persons-0-side": "supplier", "persons-0-name": "Петров Сергей",
    })
    data.update(changes)
    return data


REFUSED = {
    "signature": "refused", "signed_by": "", "refusal_reason": "представитель отказался подписать акт",
    "witnesses-0-last_name": "Кузнецова", "witnesses-0-first_name": "Анна", "witnesses-0-address": "ул. Садовая, 16",
    "witnesses-1-last_name": "Белов", "witnesses-1-first_name": "Олег", "witnesses-1-address": "ул. Садовая, 12",
}


def started(client, technician, inspection) -> UnmeteredProcess:
    client.force_login(technician)
    start_url = Flow.start.reverse("execute")
    russian(client.get(start_url))
    response = client.post(start_url, {"inspection": inspection.pk})
    assert response.status_code == 302, response.content.decode()[:3000]
    return UnmeteredProcess.objects.get(artifact_object_id=inspection.pk)


def issued(client, technician, process, **changes):
    client.force_login(technician)
    task = open_task(process, Flow.fill_act)
    assert (task.status, task.owner) == (STATUS.ASSIGNED, technician)
    post(client, Flow.fill_act, process, act_post(**changes))
    assert run_background_handles(process) == 1
    assert process.act.status == ViolationAct.Status.ISSUED


def take(client, user, node, process):
    """Open the unassigned task from the queue as ``user``: taken on opening."""
    client.force_login(user)
    if open_task(process, node).owner_id is None:
        assert client.get(url(node, process, "assign")).status_code == 302
    assert open_task(process, node).owner == user


def decide(client, user, node, process, data):
    take(client, user, node, process)
    post(client, node, process, data)


def calculated(client, billing, process, **changes):
    decide(client, billing, Flow.calculate, process,
           {"period_start": "", "start_basis": "previous_inspection", "tariff_group": GROUP, "city": CITY, **changes})
    return ArchivedDocument.objects.get(pk=process.__class__.objects.get(pk=process.pk).data["calculation"]["document"])


def demanded(client, billing, manager, process, day):
    decide(client, manager, Flow.approve, process, {"decision": "approve", "comment": ""})
    decide(client, billing, Flow.demand, process, {"invoice_number": "С-77", "invoice_date": day.strftime("%d.%m.%Y"),
                                                    "sent_on": day.strftime("%d.%m.%Y")})
    process.refresh_from_db()
    return process.data["demand"]


def nodes(process):
    return [t.flow_task.name for t in process.task_set.order_by("id")]


def test_a_signed_act_through_the_worked_example_paid_within_the_term(
        client, start, time_machine, technician, lawyer, billing, manager, organization, town, tariff):
    town.temperatures(date(2025, 11, 1), FOUND)
    inspection = FieldInspectionFactory(technician=technician)
    process = started(client, technician, inspection)
    issued(client, technician, process)
    # a technician may not check the act; the lawyer accepts it
    client.force_login(technician)
    assert client.get(url(Flow.review, process, "assign")).status_code == 403
    decide(client, lawyer, Flow.review, process, {"decision": "accept", "comment": ""})
    # the billing specialist confirms the inputs from the act: the period from the previous inspection
    calculation = calculated(client, billing, process)
    event = AuditEvent.objects.get(action="inspection.calculation_issued")
    assert (event.data["volume"], event.data["amount"]) == ("220.800", "828000.00")
    assert calculation.template_code == "inspections.violation_calculation"
    assert calculation.context["totals"]["volume"].startswith("220,800")
    assert calculation.context["totals"]["amount"].replace("\xa0", " ").startswith("828 000,00")
    # approved, the demand issued and sent today: 15 days to pay (190-ФЗ ст. 22 ч. 10)
    demand = demanded(client, billing, manager, process, start)
    assert demand["due"] == (start + timedelta(days=15)).isoformat() and demand["total"] == "1010160.00"
    # paid within the term by the person's ИНН, as the bank statement brings it
    travel(time_machine, start + timedelta(days=5))
    PaymentFactory(contract=None, consumer=None, payer_inn="7707083893", amount=Decimal("1010160.00"),
                   doc_date=start + timedelta(days=5), status=Payment.Status.UNMATCHED)
    fire_due_timers()
    assert open_task(process, Flow.payment_term).status == STATUS.SCHEDULED  # not yet
    travel(time_machine, start + timedelta(days=16))
    fire_due_timers()
    process.refresh_from_db()
    assert process.status == PROCESS.DONE
    assert nodes(process)[-2:] == ["is_paid", "paid"] and Flow.paid.task_title == PAID


def test_refused_with_witnesses_returned_cut_to_three_years_unpaid_to_lawyers_with_the_police_statement(
        client, start, time_machine, technician, lawyer, billing, manager, organization, town, tariff):
    town.temperatures(date(2023, 1, 1), FOUND)
    inspection = FieldInspectionFactory(technician=technician)
    consumer = inspection.heated_object.consumer
    process = started(client, technician, inspection)
    unauthorised = {**REFUSED, "violation": "unlawful_connection", "consumer_code": consumer.code,
                    "person_kind": "", "person_name": "", "person_inn": "", "person_ogrn": "",
                    "previous_inspection_on": ""}
    issued(client, technician, process, **unauthorised)
    assert process.act.witnesses.count() == 2
    # the lawyer returns it: back to the technician's act page with the comment
    decide(client, lawyer, Flow.review, process, {"decision": "return", "comment": "укажите дату начала потребления"})
    client.force_login(technician)
    assert "укажите дату начала потребления" in russian(client.get(url(Flow.fill_act, process)))
    issued(client, technician, process, **unauthorised, intake_method="врезка с 31.01.2022 по словам представителя")
    decide(client, lawyer, Flow.review, process, {"decision": "accept", "comment": ""})
    # a four-year period from the stated start: cut to the last three years
    calculation = calculated(client, billing, process, period_start="31.01.2022", start_basis="stated_start")
    assert calculation.context["period"]["billed_start"] == "01.02.2023"
    assert "ограничен 3 годами" in calculation.context["period"]["cut"]
    # the manager returns the calculation once; it is issued again and approved
    decide(client, manager, Flow.approve, process, {"decision": "return", "comment": "проверьте тарифную группу"})
    take(client, billing, Flow.calculate, process)
    assert "проверьте тарифную группу" in russian(client.get(url(Flow.calculate, process)))
    calculated(client, billing, process, period_start="31.01.2022", start_basis="stated_start")
    demand = demanded(client, billing, manager, process, start)
    # unpaid past the term: the unauthorised connection needs the police statement, the lawyer issues it
    travel(time_machine, date.fromisoformat(demand["due"]) + timedelta(days=1))
    fire_due_timers()
    take(client, lawyer, Flow.police, process)
    post(client, Flow.police, process, {"police_addressee": "Начальнику ОМВД России по району Энск",
                                        "police_address": "г. Энск, ул. Ленина, д. 1", "police_head": "",
                                        "qualification": "ст. 7.19 КоАП РФ"})
    process.refresh_from_db()
    assert process.status == PROCESS.DONE and Flow.to_lawyers.task_title == TO_LAWYERS
    assert nodes(process)[-4:] == ["is_paid", "needs_police", "police", "to_lawyers"]
    case = Case.objects.get(kind=Case.Kind.POLICE, consumer=consumer)
    assert case.documents.filter(kind=CaseDocument.Kind.POLICE_STATEMENT).exists()


def unpaid_past_the_term(client, time_machine, billing, manager, process, start):
    """The calculation from the act's previous inspection approved, the demand sent today, its term over unpaid."""
    calculated(client, billing, process)
    demand = demanded(client, billing, manager, process, start)
    travel(time_machine, date.fromisoformat(demand["due"]) + timedelta(days=1))
    fire_due_timers()
    process.refresh_from_db()
    return demand


def test_unpaid_by_a_person_without_a_contract_the_police_statement_names_them_from_the_act(
        client, start, time_machine, technician, lawyer, billing, manager, organization, town, tariff):
    town.temperatures(date(2025, 11, 1), FOUND)
    inspection = FieldInspectionFactory(technician=technician)
    process = started(client, technician, inspection)
    issued(client, technician, process)  # ООО «Садовый», not in the register: no contract
    decide(client, lawyer, Flow.review, process, {"decision": "accept", "comment": ""})
    demand = unpaid_past_the_term(client, time_machine, billing, manager, process, start)
    assert Decimal(demand["amount"]) == Decimal("828000.00")  # over 250 000 ₽: a large damage
    # the lawyer issues the statement: a police case of the person as the act names them
    take(client, lawyer, Flow.police, process)
    post(client, Flow.police, process, {"police_addressee": "Начальнику ОМВД России по району Энск",
                                        "police_address": "г. Энск, ул. Ленина, д. 1", "police_head": "",
                                        "qualification": "ст. 165 УК РФ"})
    process.refresh_from_db()
    assert process.status == PROCESS.DONE
    assert nodes(process)[-4:] == ["is_paid", "needs_police", "police", "to_lawyers"]
    case = Case.objects.get(pk=process.data["police_case"])
    assert (case.kind, case.consumer, case.party_name, case.act) == (Case.Kind.POLICE, None, "ООО «Садовый»",
                                                                    process.act)
    assert case.party_details == "ИНН 7707083893, ОГРН 1027700132195"
    statement = case.documents.get(kind=CaseDocument.Kind.POLICE_STATEMENT).archived
    assert statement.context["offender"]["name"] == "ООО «Садовый»"
    assert statement.context["offender"]["details"] == "ИНН 7707083893, ОГРН 1027700132195, ул. Садовая, д. 14"
    # the lawyer finds the case in «Дела» by the person's name and opens its card
    client.force_login(lawyer)
    assert "ООО «Садовый»" in russian(client.get(reverse("casefiles:index"), {"q": "Садовый"}))
    assert "ИНН 7707083893" in russian(client.get(reverse("casefiles:card", args=[case.pk])))


UNMETERED = {
    "kind": "unmetered", "violation": "seal_broken", "person_kind": "", "person_name": "", "person_inn": "",
    "person_ogrn": "", "person_address": "", "title_to_object": "", "object_volume": "", "object_area": "",
    "loads-0-load": "0,05", "loads-0-basis": "contract", "loads-0-basis_detail": "договор теплоснабжения № 12",
    "meters-0-device": "ВКТ-7", "meters-0-serial_number": "123456", "meters-0-reading": "1520,3 Гкал",
    "seals-0-number_recorded": "0012345", "seals-0-place": "вычислитель", "seals-0-found": "сорвана",
    "intake_method": "пломба на вычислителе сорвана", "orders": "восстановить пломбу и предъявить узел к допуску",
}


def test_unmetered_under_the_threshold_unpaid_goes_to_the_lawyers_without_a_police_statement(
        client, start, time_machine, technician, lawyer, billing, manager, organization, town, tariff):
    town.temperatures(date(2025, 11, 1), FOUND)
    inspection = FieldInspectionFactory(technician=technician)
    process = started(client, technician, inspection)
    issued(client, technician, process, **UNMETERED, consumer_code=inspection.heated_object.consumer.code)
    assert process.act.kind == ViolationAct.Kind.UNMETERED
    decide(client, lawyer, Flow.review, process, {"decision": "accept", "comment": ""})
    demand = unpaid_past_the_term(client, time_machine, billing, manager, process, start)
    # 0.05 Гкал/ч over the 92 days: 73.600 Гкал, 184 000.00 ₽ before VAT — under 250 000 ₽, no unauthorised connection
    assert (demand["volume"], demand["amount"]) == ("73.600", "184000.00")
    assert process.status == PROCESS.DONE
    assert nodes(process)[-3:] == ["is_paid", "needs_police", "to_lawyers"]
    assert not process.task_set.filter(flow_task=Flow.police).exists()
    assert not Case.objects.filter(kind=Case.Kind.POLICE).exists()
