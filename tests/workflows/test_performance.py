"""«Эффективность работы отдела» on seeded data: every figure of a month — the documents by
kind and the acts among them, the median and the 90th percentile of each human step on known
durations (percentile_cont: in SQL on PostgreSQL, in Python elsewhere), the share of the
month's charges collected, the share of the claimed debt recovered by the cases closed in the
month, the appeals answered by their term — the XLSX with the same figures, the page for a
manager and refused to a technician."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from viewflow.workflow.models import Process, Task

from accounts.roles import MANAGER, TECHNICIAN
from billing.models import Invoice
from casefiles.models import Case
from documents.models import ArchivedDocument, TemplateVersion
from reception.models import Appeal
from settlements.models import Payment
from tests.billing.factories import BillingPeriodFactory
from tests.casefiles.factories import CaseFactory
from tests.settlements.factories import ContractFactory, PaymentFactory
from workflows.appeal import AppealFlow
from workflows.performance import month_report, percentile, performance, performance_xlsx

pytestmark = pytest.mark.django_db

D = Decimal
NOVEMBER = date(2026, 11, 1)


@pytest.fixture
def now(time_machine):
    moment = timezone.make_aware(datetime.combine(date(2026, 12, 7), time(10)))
    time_machine.move_to(moment, tick=False)
    return moment


def at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def seed_documents(user) -> None:
    counter = iter(range(1, 100))

    def issue(code: str, day: date, n: int = 1) -> None:
        template, _ = TemplateVersion.objects.get_or_create(
            code=code, version=1, defaults={"title": code, "storage_name": f"{code}.docx", "sha256": "x", "size": 1,
                                            "source": "manifest", "created_at": at(day)})
        for _ in range(n):
            seq = next(counter)
            ArchivedDocument.objects.create(
                number=f"Т-{seq}", number_prefix="Т", number_year=day.year, number_seq=seq, title="документ",
                template_code=code, template_version=1, template=template, storage_name=f"doc-{seq}.docx",
                sha256="x", size=1, issued_by=user, issued_at=at(day), subject_type_id=1, subject_id=1,
                subject_repr="абонент")

    issue("common.letter", date(2026, 11, 3), 3)
    issue("inspections.unmetered_act", date(2026, 11, 30), 2)
    issue("common.letter", date(2026, 10, 31))  # another month
    issue("common.letter", date(2026, 12, 1))


def seed_tasks() -> None:
    process = Process.objects.create(flow_class=AppealFlow, status="DONE")

    def task(node, created: datetime, spent: timedelta | None, *, kind: str = "HUMAN") -> None:
        Task.objects.create(process=process, flow_task=node, flow_task_type=kind, created=created,
                            status="DONE" if spent is not None else "NEW",
                            finished=created + spent if spent is not None else None)

    start = at(date(2026, 11, 10))
    for spent in (1, 2, 3, 10):  # median 2,5 h; 90th percentile 3 + 0,7·(10 − 3) = 7,9 h
        task(AppealFlow.assign, start, timedelta(hours=spent))
    task(AppealFlow.answer, start, timedelta(hours=5, minutes=3))  # one task: 5,05 h → 5,1 both
    task(AppealFlow.answer, start, None)  # not finished
    task(AppealFlow.assign, at(date(2026, 10, 1)), timedelta(hours=100))  # finished in October
    task(AppealFlow.start, start, timedelta(hours=7), kind="HUMAN_START")  # not a step of work


def seed_money() -> None:
    november = BillingPeriodFactory(month=NOVEMBER)
    first, second = ContractFactory(), ContractFactory()
    for contract, total in ((first, "100000.00"), (second, "50000.00")):
        Invoice.objects.create(period=november, contract=contract, consumer=contract.consumer,
                               shipment_date=date(2026, 11, 30), vat_rate=D("20"), amount=D(total) * 5 / 6,
                               vat_amount=D(total) / 6, amount_with_vat=D(total), lines_digest="x")
    PaymentFactory(contract=first, doc_date=date(2026, 11, 5), amount=D("60000.00"))
    PaymentFactory(contract=second, doc_date=date(2026, 11, 25), amount=D("40000.00"))
    PaymentFactory(contract=first, doc_date=date(2026, 11, 6), amount=D("900.00"), kind=Payment.Kind.PENALTY)
    PaymentFactory(contract=None, consumer=None, payer_inn="7700000000", doc_date=date(2026, 11, 7), amount=D("5000.00"),
                   status=Payment.Status.UNMATCHED)
    PaymentFactory(contract=second, doc_date=date(2026, 12, 1), amount=D("10000.00"))  # December


def seed_cases() -> None:
    closed = {"stage": Case.Stage.CLOSED, "outcome": Case.Outcome.PARTLY}
    CaseFactory(principal=D("10000.00"), penalty=D("2000.00"), recovered=D("6000.00"), closed_on=date(2026, 11, 2),
                **closed)
    CaseFactory(principal=D("8000.00"), recovered=D("8000.00"), closed_on=date(2026, 11, 30), **closed)
    CaseFactory(principal=D("9000.00"), recovered=D("1.00"), closed_on=date(2026, 10, 31), **closed)
    CaseFactory(principal=D("7000.00"))  # still open


def seed_appeals(user) -> None:
    counter = iter(range(1, 100))

    def appeal(due_on: date, answer_date: date | None) -> None:
        Appeal.objects.create(number=f"ОБР-{next(counter)}", received_at=at(due_on - timedelta(days=3)),
                              channel="email", applicant_kind="other", applicant_name="ООО «Заявитель»",
                              category="charges", summary="Начисления", due_on=due_on, due_norm="норма",
                              registered_by=user, answer_date=answer_date)

    appeal(date(2026, 11, 10), date(2026, 11, 10))  # on the last day
    appeal(date(2026, 11, 20), date(2026, 11, 12))
    appeal(date(2026, 11, 20), date(2026, 11, 23))  # late
    appeal(date(2026, 11, 30), None)  # never answered
    appeal(date(2026, 12, 20), None)  # due next month


@pytest.fixture
def seeded(now, make_user):
    user = make_user(MANAGER)
    seed_documents(user)
    seed_tasks()
    seed_money()
    seed_cases()
    seed_appeals(user)
    return user


def test_percentile_is_percentile_cont():
    values = [D(1), D(2), D(3), D(10)]
    assert percentile(values, D("0.5")) == D("2.5")
    assert percentile(values, D("0.9")) == D("7.9")
    assert percentile([D(4)], D("0.9")) == D(4)
    assert percentile([D(5), D(1), D(3)], D("0.5")) == D(3)


def test_every_figure_of_the_month(seeded, now):
    report = month_report(NOVEMBER, today=now.date())

    assert [(kind.code, kind.count, kind.is_act) for kind in report.documents] == [
        ("common.letter", 3, False), ("inspections.unmetered_act", 2, True)]
    assert (report.documents_total, report.acts_total) == (5, 2)

    assert [(s.step, s.count, s.median_hours, s.p90_hours) for s in report.steps] == [
        (str(AppealFlow.assign.task_title), 4, D("2.5"), D("7.9")),
        (str(AppealFlow.answer.task_title), 1, D("5.1"), D("5.1")),
    ]
    assert {s.flow for s in report.steps} == {str(AppealFlow.process_title)}

    assert (report.collected.part, report.collected.whole) == (D("100000.00"), D("150000.00"))
    assert report.collected.percent == D("66.7")
    assert (report.recovered.part, report.recovered.whole) == (D("14000.00"), D("20000.00"))
    assert report.recovered.percent == D("70.0")
    assert (report.on_time.part, report.on_time.whole) == (2, 4)
    assert report.on_time.percent == D("50.0")


def test_an_empty_month_shows_no_share(seeded, now):
    report = month_report(date(2026, 9, 1), today=now.date())
    assert report.documents == [] and report.steps == []
    assert report.collected.percent is None and report.collected.percent_text() == "—"


def test_the_xlsx_holds_the_same_figures(seeded, now):
    book = load_workbook(io.BytesIO(performance_xlsx(performance(date(2026, 10, 1), NOVEMBER, today=now.date()))))
    summary = {row[0]: row[1:] for row in book["Показатели"].iter_rows(min_row=3, values_only=True)}
    assert list(book["Показатели"].iter_rows(min_row=2, max_row=2, values_only=True))[0] == (
        "Показатель", "октябрь 2026", "ноябрь 2026")
    assert summary["Выпущено документов"] == (1, 5)
    assert summary["из них актов"] == (0, 2)
    assert summary["Начислено за месяц, ₽"][1] == 150000
    assert summary["Оплачено в месяце, ₽"][1] == 100000
    assert summary["Доля собранных начислений, %"] == (None, 66.7)
    assert summary["Доля взысканного долга, %"] == (0, 70)  # October: 1 ₽ of 9 000 ₽ — 0,0 %
    assert summary["Доля обращений, отвеченных в срок, %"] == (None, 50.0)
    steps = list(book["Шаги процессов"].iter_rows(min_row=2, values_only=True))
    assert ("ноябрь 2026", str(AppealFlow.process_title), str(AppealFlow.assign.task_title), 4, 2.5, 7.9) in steps
    assert ("октябрь 2026", str(AppealFlow.process_title), str(AppealFlow.assign.task_title), 1, 100, 100) in steps
    kinds = list(book["Документы"].iter_rows(min_row=2, values_only=True))
    assert ("ноябрь 2026", "inspections.unmetered_act", "Акт о нарушении учета тепловой энергии", 2) in kinds


def test_the_page_for_a_manager_and_not_for_a_technician(client, seeded, make_user):
    url = reverse("reception:performance:index")
    query = {"month_from": "11.2026", "month_to": "11.2026"}
    client.force_login(make_user(TECHNICIAN))
    assert client.get(url, query).status_code == 403
    assert client.get(reverse("reception:performance:xlsx"), query).status_code == 403
    client.force_login(seeded)
    page = client.get(url, query)
    assert page.status_code == 200
    text = page.content.decode()
    assert "66,7\u00a0%" in text and "70\u00a0%" in text and "50\u00a0%" in text
    assert "2,5" in text and "7,9" in text
    assert client.get(url).status_code == 200  # the last three months by default
    refused = client.get(url, {"month_from": "12.2026", "month_to": "11.2026"})
    assert refused.status_code == 200 and "раньше месяца" in refused.content.decode()
    xlsx = client.get(reverse("reception:performance:xlsx"), query)
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book["Показатели"]["B3"].value == 5
