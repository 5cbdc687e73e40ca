"""The claim flow over HTTP as the real roles: paid after the claim (the timer fired by the beat
task past the term, the payment through the settlements service); a court order through the
package's approval (and a return), the filing, the writ and the enforcement; an arbitration
lawsuit with a hearing and a judgment; the checklist blocking the package until the missing
document is uploaded on the task's page; other roles' 403s; bad input refused, nothing written."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from viewflow.workflow.status import PROCESS, STATUS

from accounts.roles import BILLING, LEGAL, MANAGER, TECHNICIAN
from casefiles.models import Case, CaseDebt, CaseDocument, CasePackage
from settlements.models import Payment
from settlements.services.payments import payment_resolve
from tests.casefiles.factories import ContractFactory, CourtFactory, DebtFactory, OrganizationFactory, PaymentFactory
from tests.casefiles.samples import pdf
from tests.casefiles.test_package import marked_pdf
from tests.core.test_russian_pages import problems, visible_text
from tests.documents.conftest import _warm_pool, archive_dir, libreoffice  # noqa: F401 — own archive, the converter
from tests.subscribers.factories import SignatoryFactory
from workflows.claim import PAID_NOTE
from workflows.claim import ClaimFlow as Flow
from workflows.models import ClaimProcess
from workflows.tasks import fire_due_timers

from .conftest import open_task

pytestmark = pytest.mark.django_db
K = CaseDocument.Kind
SELECT = "claim_flows:debt_selection:index"
# what a court order in the arbitration court needs besides the issued documents and the postal receipt
UPLOADS = [
    (K.CONTRACT, "Договор теплоснабжения с приложениями"),
    (K.INVOICE, "УПД за период долга"),
    (K.DUTY_PAYMENT, "Платежное поручение № 1842 об уплате государственной пошлины"),
    (K.POWER_OF_ATTORNEY, "Доверенность представителя № 12"),
    (K.LAW_DIPLOMA, "Диплом представителя о высшем юридическом образовании"),
    (K.REGISTER_EXTRACT, "Выписка из ЕГРЮЛ в отношении должника"),
]


@pytest.fixture
def start(time_machine):
    """The pinned day the claims start on (the test session's today, 10:00 Moscow time)."""
    day = timezone.localdate()
    time_machine.move_to(timezone.make_aware(datetime.combine(day, time(10))), tick=False)
    return day


def travel(time_machine, day):
    time_machine.move_to(timezone.make_aware(datetime.combine(day, time(10))), tick=False)


@pytest.fixture
def lawyer(make_user):
    return make_user(LEGAL, first_name="Анна", last_name="Крылова")


@pytest.fixture
def manager(make_user):
    return make_user(MANAGER, first_name="Марина", last_name="Волкова")


@pytest.fixture
def organization(db):
    organization = OrganizationFactory()
    SignatoryFactory(organization=organization, last_name="Крылова", first_name="Анна", middle_name="Сергеевна",
                     position="Юрисконсульт", is_head=True)
    return organization


def debts_of(start, amounts, contract=None):
    contract = contract or ContractFactory()
    return [DebtFactory(contract=contract, period=(start - timedelta(days=160 - 35 * n)).replace(day=1), amount=amount,
                        due_date=start - timedelta(days=120 - 30 * n)) for n, amount in enumerate(amounts)]


@pytest.fixture
def debts(organization, start):
    return debts_of(start, [Decimal("150000.00"), Decimal("100000.00")])


@pytest.fixture
def court(db):
    return CourtFactory(name="Арбитражный суд города Москвы")


def url(node, process, task=None, action="execute"):
    task = task or open_task(process, node)
    return node.reverse(action, args=[process.pk, task.pk])


def russian(response):
    """The page speaks Russian (the role matrix walks only the sample tasks left open)."""
    assert response.status_code == 200
    assert not problems(visible_text(response.content.decode())), problems(visible_text(response.content.decode()))
    return response.content.decode()


def post(client, node, process, data, status=302):
    russian(client.get(url(node, process)))
    response = client.post(url(node, process), data)
    assert response.status_code == status, response.content.decode()[:3000]
    return response


def select(client, debts, status=302):
    russian(client.get(reverse(SELECT)))
    response = client.post(reverse(SELECT), {"debts": [d.pk for d in debts], "claim_term_days": "30"})
    assert response.status_code == status, response.content.decode()[:3000]
    return response


def claim_sent(client, lawyer, debts, start):
    """The lawyer chooses the debts, issues the claim and records it sent today: the process waits on the timer."""
    client.force_login(lawyer)
    select(client, debts)
    process = ClaimProcess.objects.get(artifact_object_id=CaseDebt.objects.get(debt=debts[0], active=True).case_id)
    assert client.get(url(Flow.issue_claim, process)).status_code == 200
    post(client, Flow.issue_claim, process, {"as_of": start.isoformat()})
    proof = SimpleUploadedFile("квитанция.pdf", pdf(), content_type="application/pdf")
    post(client, Flow.send_claim, process, {"sent_on": start.isoformat(), "tracking": "80082301234567", "proof": proof})
    return process


def term_over(time_machine, start, process):
    """Past the claim's 30 days: the beat task fires the timer."""
    timer = open_task(process, Flow.claim_term)
    assert timer.status == STATUS.SCHEDULED
    assert timezone.localdate(timer.scheduled) == start + timedelta(days=31)
    fire_due_timers()
    assert open_task(process, Flow.claim_term).status == STATUS.SCHEDULED  # not yet
    after = start + timedelta(days=32)
    travel(time_machine, after)
    fire_due_timers()
    return after


def relogin(client, user):
    """After travelling a month the session has expired."""
    client.force_login(user)


def upload(client, process, kind, title):
    data = {"action": "repeat", "kind": kind, "title": title,
            "file": SimpleUploadedFile(f"{kind}.pdf", marked_pdf(title), content_type="application/pdf")}
    return post(client, Flow.build_package, process, data)


def to_package(client, time_machine, lawyer, debts, start, court, kind):
    process = claim_sent(client, lawyer, debts, start)
    today = term_over(time_machine, start, process)
    relogin(client, lawyer)
    post(client, Flow.choose_route, process, {"kind": kind, "court": court.pk})
    post(client, Flow.issue_application, process, {
        "as_of": today.isoformat(), "copy_sent_on": today.isoformat(), "copy_proof": "почтовый идентификатор 80082301239876"})
    return process, today


def approve(client, manager, process, data):
    client.force_login(manager)
    task = open_task(process, Flow.approve)
    assert client.post(url(Flow.approve, process, task, "assign")).status_code == 302
    post(client, Flow.approve, process, data)


def nodes(process):
    return [t.flow_task.name for t in process.task_set.order_by("id")]


# ------------------------------------------------------------------------- (1) paid after the claim


def test_paid_after_the_claim_the_timer_closes_the_case(client, lawyer, debts, start, time_machine, make_user):
    process = claim_sent(client, lawyer, debts, start)
    case = process.case
    assert case.documents.filter(kind=K.CLAIM).exists() and case.documents.filter(kind=K.PENALTY_STATEMENT).exists()
    assert case.documents.filter(kind=K.POSTAL_RECEIPT).count() == 1
    # the debtor pays within the term: the bank statement's payment, resolved by billing
    paid_on = start + timedelta(days=10)
    travel(time_machine, paid_on)
    payment = PaymentFactory(contract=debts[0].contract, amount=Decimal("250000.00"), doc_date=paid_on,
                             status=Payment.Status.UNMATCHED, consumer=None,
                             payer_inn=debts[0].consumer.inn)
    payment_resolve(payment=payment, contract=debts[0].contract, actor=make_user(BILLING))
    # past the term the timer fires: paid, closed
    closed_on = term_over(time_machine, start, process)
    process.refresh_from_db()
    case.refresh_from_db()
    assert process.status == PROCESS.DONE
    assert (case.stage, case.outcome, case.closed_on) == (Case.Stage.CLOSED, Case.Outcome.PAID, closed_on)
    assert PAID_NOTE in case.note
    assert nodes(process) == ["start", "issue_claim", "send_claim", "claim_term", "is_paid", "close_paid", "paid"]
    # the case card links to its process
    client.force_login(lawyer)
    page = client.get(reverse("casefiles:card", kwargs={"case_id": case.pk})).content.decode()
    assert Flow.instance.reverse("process_detail", args=[process.pk]) in page


# ------------------------------------------------------------------------- (2) court order


def test_court_order_through_approval_filing_writ_and_enforcement(client, lawyer, manager, debts, start, court,
                                                                  time_machine, libreoffice):  # noqa: F811
    process, today = to_package(client, time_machine, lawyer, debts, start, court, Case.Kind.ORDER_ARBITRATION)
    case = process.case
    assert (case.kind, case.court) == (Case.Kind.ORDER_ARBITRATION, court)
    assert case.documents.filter(kind=K.COURT_APPLICATION).exists() and case.state_duty > 0
    for kind, title in UPLOADS:
        upload(client, process, kind, title)
    post(client, Flow.build_package, process, {"action": "done"})
    # a return without a comment is refused; the manager returns it: back to the lawyer's package step
    client.force_login(manager)
    assert client.post(url(Flow.approve, process, action="assign")).status_code == 302
    package = CasePackage.objects.get(case=case)
    link = reverse("casefiles:package", kwargs={"case_id": case.pk, "package_id": package.pk})
    assert link in client.get(url(Flow.approve, process)).content.decode()
    assert client.get(link).content.startswith(b"%PDF")  # the manager looks at the package before deciding
    refused = post(client, Flow.approve, process, {"decision": "return", "comment": ""}, status=200)
    assert "При возврате укажите, что исправить" in refused.content.decode()
    post(client, Flow.approve, process, {"decision": "return", "comment": "Приложите доверенность с правом подписи"})
    client.force_login(lawyer)
    page = client.get(url(Flow.build_package, process)).content.decode()
    assert "Приложите доверенность с правом подписи" in page
    post(client, Flow.build_package, process, {"action": "done"})
    approve(client, manager, process, {"decision": "approve"})
    assert CasePackage.objects.get(case=case, version=2).approved_by == manager
    client.force_login(lawyer)
    post(client, Flow.file, process, {"filed_on": today.isoformat(), "court": court.pk, "court_case_number": "А40-1021/2026"})
    post(client, Flow.court, process, {"action": "done", "kind": "court_order", "decided_on": today.isoformat(),
                                       "principal_awarded": "250000.00", "penalty_awarded": "1000.00",
                                       "duty_awarded": "2500.00"})
    post(client, Flow.writ, process, {"number": "ФС № 012345678", "issued_on": today.isoformat(),
                                      "issued_by": court.name})
    post(client, Flow.enforcement, process, {"action": "repeat", "paid_on": today.isoformat(), "amount": "100000.00",
                                             "document": "платежное поручение № 7"})
    post(client, Flow.enforcement, process, {"action": "repeat", "paid_on": today.isoformat(), "amount": "153500.00",
                                             "document": "платежное поручение № 8"})
    post(client, Flow.enforcement, process, {"action": "done", "closed_on": today.isoformat(), "outcome": "recovered"})
    process.refresh_from_db()
    case.refresh_from_db()
    assert process.status == PROCESS.DONE
    assert (case.stage, case.outcome, case.recovered) == (Case.Stage.CLOSED, Case.Outcome.RECOVERED, Decimal("253500.00"))
    assert nodes(process)[-7:] == ["approve", "is_approved", "file", "court", "writ", "enforcement", "closed"]
    assert nodes(process).count("build_package") == 2 and nodes(process)[-1] == "closed"


# ------------------------------------------------------------------------- (3) arbitration lawsuit


def test_arbitration_lawsuit_with_a_hearing_and_a_judgment(client, lawyer, manager, debts, start, court, time_machine,
                                                           libreoffice):  # noqa: F811
    # another route than proposed needs a reason
    client.force_login(lawyer)
    process = claim_sent(client, lawyer, debts, start)
    today = term_over(time_machine, start, process)
    relogin(client, lawyer)
    response = post(client, Flow.choose_route, process, {"kind": Case.Kind.LAWSUIT_ARBITRATION, "court": court.pk},
                    status=200)
    assert "укажите причину другого выбора" in response.content.decode()
    post(client, Flow.choose_route, process, {"kind": Case.Kind.LAWSUIT_ARBITRATION, "court": court.pk,
                                              "reason": "должник оспорил объем в ответе на претензию"})
    post(client, Flow.issue_application, process, {"as_of": today.isoformat()})
    case = process.case
    assert case.documents.filter(kind=K.STATEMENT_OF_CLAIM).exists()
    for kind, title in [*UPLOADS, (K.COPY_DISPATCH, "Почтовая квитанция о направлении копии иска")]:
        upload(client, process, kind, title)
    post(client, Flow.build_package, process, {"action": "done"})
    approve(client, manager, process, {"decision": "approve"})
    client.force_login(lawyer)
    post(client, Flow.file, process, {"filed_on": today.isoformat(), "court": court.pk, "court_case_number": "А40-877/2026"})
    # a hearing (the task stays open), then the judgment
    post(client, Flow.court, process, {"action": "repeat", "starts_at": f"{today:%d.%m.%Y} 10:30", "place": "зал 305",
                                       "result": "отложено"})
    assert open_task(process, Flow.court).status != STATUS.DONE
    page = client.get(url(Flow.court, process)).content.decode()
    assert "зал 305" in page
    post(client, Flow.court, process, {"action": "done", "kind": "decision", "decided_on": today.isoformat(),
                                       "principal_awarded": "250000.00", "penalty_awarded": "2000.00",
                                       "duty_awarded": "8000.00", "enters_into_force": (today + timedelta(days=30)).isoformat()})
    case.refresh_from_db()
    assert case.hearings.get().place == "зал 305"
    assert case.judgment.total_awarded == Decimal("260000.00") and case.stage == Case.Stage.JUDGMENT
    assert open_task(process, Flow.writ).owner == lawyer


# ------------------------------------------------------------------------- (4) the checklist


def test_the_checklist_blocks_the_package_naming_the_missing_document(client, lawyer, debts, start, court,
                                                                      time_machine, libreoffice):  # noqa: F811
    process, _ = to_package(client, time_machine, lawyer, debts, start, court, Case.Kind.ORDER_ARBITRATION)
    for kind, title in UPLOADS:
        if kind != K.DUTY_PAYMENT:
            upload(client, process, kind, title)
    page = client.get(url(Flow.build_package, process)).content.decode()
    assert "Платежное поручение об уплате государственной пошлины" in page  # listed as missing
    response = post(client, Flow.build_package, process, {"action": "done"}, status=200)
    assert "неполон: не хватает — Платежное поручение об уплате государственной пошлины" in response.content.decode()
    assert open_task(process, Flow.build_package).status != STATUS.DONE and not CasePackage.objects.exists()
    # uploaded from the task's page: the package is built, the manager's approval waits
    upload(client, process, K.DUTY_PAYMENT, "Платежное поручение № 1842")
    post(client, Flow.build_package, process, {"action": "done"})
    assert CasePackage.objects.get().version == 1
    assert open_task(process, Flow.approve).status == STATUS.NEW


# ------------------------------------------------------------------------- (5) other roles


@pytest.mark.parametrize("role", [TECHNICIAN, BILLING])
def test_other_roles_get_403_on_the_tasks_and_the_case_even_by_direct_url(client, lawyer, debts, start, make_user, role):
    process = claim_sent(client, lawyer, debts, start)
    task = open_task(process, Flow.claim_term)
    done = process.task_set.get(flow_task=Flow.issue_claim)
    client.force_login(make_user(role))
    for target in (url(Flow.issue_claim, process, done, "detail"), url(Flow.send_claim, process,
                   process.task_set.get(flow_task=Flow.send_claim), "execute"),
                   Flow.instance.reverse("process_detail", args=[process.pk]), Flow.instance.reverse("index"),
                   url(Flow.claim_term, process, task, "detail"), reverse(SELECT),
                   reverse("casefiles:card", kwargs={"case_id": process.case.pk})):
        assert client.get(target).status_code == 403, target
    assert client.post(reverse(SELECT), {"debts": [debts[0].pk], "claim_term_days": "30"}).status_code == 403


def test_a_manager_does_not_do_the_lawyers_steps(client, lawyer, manager, debts, start):
    client.force_login(lawyer)
    select(client, debts)
    process = ClaimProcess.objects.get()
    client.force_login(manager)
    assert client.post(url(Flow.issue_claim, process), {"as_of": start.isoformat()}).status_code == 403
    assert not process.case.documents.exists()


# ------------------------------------------------------------------------- (6) bad input


def test_a_debt_in_an_open_case_refuses_the_whole_choice(client, lawyer, debts, start):
    client.force_login(lawyer)
    select(client, debts[:1])
    first = Case.objects.get()
    other = debts_of(start, [Decimal("50000.00")])
    # the page lists the debtors biggest first and shows the debt already in a case
    page = russian(client.get(reverse(SELECT)))
    assert page.index(escape(debts[0].consumer.name)) < page.index(escape(other[0].consumer.name))
    assert f"№ {first.pk}</a>" in page
    response = select(client, [*other, debts[0]], status=200)
    assert f"уже включена в открытое дело № {first.pk}" in response.content.decode()
    assert Case.objects.count() == 1 and ClaimProcess.objects.count() == 1  # nothing written for the other debtor


def test_a_court_order_over_the_limit_is_refused(client, lawyer, organization, start, court, time_machine):
    big = debts_of(start, [Decimal("400000.00"), Decimal("300000.00")])
    process = claim_sent(client, lawyer, big, start)
    term_over(time_machine, start, process)
    relogin(client, lawyer)
    response = post(client, Flow.choose_route, process, {"kind": Case.Kind.ORDER_ARBITRATION, "court": court.pk},
                    status=200)
    assert "судебный приказ выдается по требованиям не более 500 000,00 ₽" in response.content.decode()
    case = process.case
    assert (case.kind, case.court, case.route_reason) == (Case.Kind.CLAIM, None, "")
    assert open_task(process, Flow.choose_route).status != STATUS.DONE


def test_filing_before_the_claims_term_is_refused(client, lawyer, manager, debts, start, court, time_machine,
                                                  libreoffice):  # noqa: F811
    process, today = to_package(client, time_machine, lawyer, debts, start, court, Case.Kind.ORDER_ARBITRATION)
    for kind, title in UPLOADS:
        upload(client, process, kind, title)
    post(client, Flow.build_package, process, {"action": "done"})
    approve(client, manager, process, {"decision": "approve"})
    client.force_login(lawyer)
    early = start + timedelta(days=20)
    response = post(client, Flow.file, process, {"filed_on": early.isoformat(), "court": court.pk,
                                                 "court_case_number": "А40-1/2026"}, status=200)
    assert f"Подать можно не раньше {start + timedelta(days=31):%d.%m.%Y}" in response.content.decode()
    case = process.case
    assert (case.filed_on, case.court_case_number, case.stage) == (None, "", Case.Stage.CLAIM_SENT)
