"""«Эффективность работы отдела» (docs/reception.md, «Performance of the department»): per
month — the documents issued by kind (the acts among them), the median and the 90th percentile
of the time of each human flow step, the share of the month's charges collected, the share of
the claimed debt recovered through the cases closed in the month, the appeals answered on
time — on a page and as XLSX.

Lives in ``workflows`` because it reads the flows' tasks and the case files (``casefiles`` is a
layer above ``reception``). The percentiles are ``percentile_cont`` — linear interpolation
between the two nearest ranks: in SQL on PostgreSQL, in Python (``percentile``) elsewhere.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Aggregate, Count, DurationField, F, Q, Sum
from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from django.views import generic
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from viewflow.urls import AppMenuMixin, Viewset
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from billing.models import Invoice
from casefiles.models import Case
from core.days import day_after, day_start
from core.exports import xlsx_row
from core.formatting import amount, number, percent
from core.permissions import allowed
from documents.models import ArchivedDocument
from documents.registry import manifest
from reception.models import Appeal
from settlements.models import Payment

PERMISSION = "reception.view_performance"
MAX_MONTHS = 24
HUMAN = "HUMAN"
ZERO = Decimal("0.00")
HOUR = Decimal(3600)
TENTH = Decimal("0.1")
MONTHS = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
          "ноябрь", "декабрь")


# --- the figures ------------------------------------------------------------------------------

def percentile(values: Sequence[Decimal], q: Decimal) -> Decimal:
    """``percentile_cont(q)``: the value at rank ``q·(n−1)`` of the sorted values, interpolated
    linearly between the two nearest ranks (the median is ``q = 0.5``)."""
    if not values:
        raise ValueError("Нет значений")
    ordered = sorted(values)
    rank = q * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def seconds(delta: timedelta) -> Decimal:
    return Decimal(delta.days * 86400 + delta.seconds) + Decimal(delta.microseconds) / Decimal(1_000_000)


def hours(value: Decimal) -> Decimal:
    return (value / HOUR).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Share:
    """A part of a whole: the percent to a tenth, none when the whole is zero."""

    part: Decimal
    whole: Decimal

    @property
    def percent(self) -> Decimal | None:
        if not self.whole:
            return None
        return (Decimal(100) * self.part / self.whole).quantize(TENTH, rounding=ROUND_HALF_UP)

    def percent_text(self) -> str:
        value = self.percent
        return "—" if value is None else percent(value)


@dataclass(frozen=True)
class DocumentKind:
    code: str
    title: str
    count: int

    @property
    def is_act(self) -> bool:
        return self.title.lower().startswith("акт")


@dataclass(frozen=True)
class StepTime:
    """A human step of a flow: tasks finished in the month, the median and the 90th percentile
    of their time from creation to the finish, hours to a tenth."""

    flow: str
    step: str
    count: int
    median_hours: Decimal
    p90_hours: Decimal


@dataclass
class MonthReport:
    month: date
    documents: list[DocumentKind] = field(default_factory=list)
    steps: list[StepTime] = field(default_factory=list)
    collected: Share = Share(ZERO, ZERO)  # payments received in the month / charges of the month
    recovered: Share = Share(ZERO, ZERO)  # recovered / claimed, cases closed in the month
    on_time: Share = Share(Decimal(0), Decimal(0))  # appeals due in the month: answered by the term / all

    @property
    def title(self) -> str:
        return f"{MONTHS[self.month.month - 1]} {self.month.year}"

    @property
    def documents_total(self) -> int:
        return sum(kind.count for kind in self.documents)

    @property
    def acts_total(self) -> int:
        return sum(kind.count for kind in self.documents if kind.is_act)


def month_bounds(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def _instants(month: date) -> tuple[datetime, datetime]:
    """The month as local instants [first day 00:00, the next month's first day 00:00)."""
    first, last = month_bounds(month)
    return day_start(first), day_after(last)


def documents_issued(month: date) -> list[DocumentKind]:
    """The archive's documents issued in the month, by kind (template), most first."""
    start, end = _instants(month)
    rows = (ArchivedDocument.objects.filter(issued_at__gte=start, issued_at__lt=end)
            .values("template_code").annotate(n=Count("pk")))
    specs = manifest()
    kinds = []
    for row in rows:
        code = row["template_code"]
        spec = specs.get(code)
        title = spec.title if spec else (ArchivedDocument.objects.filter(template_code=code)
                                         .values_list("title", flat=True).first() or code)
        kinds.append(DocumentKind(code, title, row["n"]))
    return sorted(kinds, key=lambda kind: (-kind.count, kind.title))


class PercentileCont(Aggregate):
    """PostgreSQL's ordered-set aggregate ``percentile_cont(q) WITHIN GROUP (ORDER BY …)``."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression, fraction: Decimal, **extra):
        super().__init__(expression, fraction=str(fraction), output_field=DurationField(), **extra)


def _node_order(node) -> tuple[str, int, str]:
    """The flow's title, then the node's place as the flow class declares it (the diagram's order)."""
    declared = list(vars(node.flow_class))
    position = declared.index(node.name) if node.name in declared else len(declared)
    return str(node.flow_class.process_title), position, node.name


def _step(node, count: int, median: Decimal, p90: Decimal) -> StepTime:
    return StepTime(flow=str(node.flow_class.process_title), step=str(node.task_title or node.name), count=count,
                    median_hours=hours(median), p90_hours=hours(p90))


def step_times(month: date) -> list[StepTime]:
    """Every human step with tasks finished in the month: how many, the median and the 90th
    percentile of created → finished, per flow and node, in the flow's order."""
    start, end = _instants(month)
    done = Task.objects.filter(status=STATUS.DONE, flow_task_type=HUMAN, finished__gte=start, finished__lt=end)
    found: list[tuple[tuple, StepTime]] = []
    if connection.vendor == "postgresql":
        spent = F("finished") - F("created")
        rows = (done.values("flow_task").order_by("flow_task")
                .annotate(n=Count("pk"), p50=PercentileCont(spent, Decimal("0.5")),
                          p90=PercentileCont(spent, Decimal("0.9"))))
        for row in rows:
            node = row["flow_task"]
            if node is None:
                continue
            found.append((_node_order(node), _step(node, row["n"], seconds(row["p50"]), seconds(row["p90"]))))
    else:
        durations: dict[str, list[Decimal]] = defaultdict(list)
        nodes = {}
        for node, created, finished in done.values_list("flow_task", "created", "finished").iterator():
            if node is None:
                continue
            key = f"{node.flow_class.__module__}.{node.flow_class.__name__}.{node.name}"
            nodes[key] = node
            durations[key].append(seconds(finished - created))
        for key, values in durations.items():
            node = nodes[key]
            found.append((_node_order(node), _step(node, len(values), percentile(values, Decimal("0.5")),
                                                   percentile(values, Decimal("0.9")))))
    return [step for _order, step in sorted(found, key=lambda item: item[0])]


def collected_share(month: date) -> Share:
    """The payments for heat received in the month (principal, matched) against the charges of
    the month's billing period (invoices with VAT)."""
    first, last = month_bounds(month)
    charged = Invoice.objects.filter(period__month=first).aggregate(s=Sum("amount_with_vat"))["s"] or ZERO
    paid = (Payment.objects.filter(paid_on__gte=first, paid_on__lte=last, kind=Payment.Kind.PRINCIPAL,
                                   status=Payment.Status.MATCHED).aggregate(s=Sum("amount"))["s"] or ZERO)
    return Share(paid, charged)


def recovered_share(month: date) -> Share:
    """The cases closed in the month: the money recovered under them against the debt they
    claimed (principal and penalty)."""
    first, last = month_bounds(month)
    closed = Case.objects.filter(closed_on__gte=first, closed_on__lte=last)
    sums = closed.aggregate(recovered=Sum("recovered"), principal=Sum("principal"), penalty=Sum("penalty"))
    claimed = (sums["principal"] or ZERO) + (sums["penalty"] or ZERO)
    return Share(sums["recovered"] or ZERO, claimed)


def on_time_share(month: date, *, today: date) -> Share:
    """The appeals whose term fell in the month (up to ``today``): answered by the term against all."""
    first, last = month_bounds(month)
    due = Appeal.objects.filter(due_on__gte=first, due_on__lte=min(last, today))
    counts = due.aggregate(all=Count("pk"), kept=Count("pk", filter=Q(answer_date__lte=F("due_on"))))
    return Share(Decimal(counts["kept"]), Decimal(counts["all"]))


def month_report(month: date, *, today: date) -> MonthReport:
    first, _last = month_bounds(month)
    return MonthReport(month=first, documents=documents_issued(first), steps=step_times(first),
                       collected=collected_share(first), recovered=recovered_share(first),
                       on_time=on_time_share(first, today=today))


def months_between(first: date, last: date) -> list[date]:
    months, current = [], first.replace(day=1)
    while current <= last.replace(day=1):
        months.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    return months


def performance(first: date, last: date, *, today: date) -> list[MonthReport]:
    """The report for every month from ``first`` to ``last`` (at most ``MAX_MONTHS``)."""
    return [month_report(month, today=today) for month in months_between(first, last)[:MAX_MONTHS]]


# --- the XLSX -----------------------------------------------------------------------------------

def summary_rows(reports: list[MonthReport]) -> list[tuple[str, list]]:
    """The indicators, one row each, a column a month (numbers as numbers)."""
    return [
        ("Выпущено документов", [r.documents_total for r in reports]),
        ("из них актов", [r.acts_total for r in reports]),
        ("Начислено за месяц, ₽", [r.collected.whole for r in reports]),
        ("Оплачено в месяце, ₽", [r.collected.part for r in reports]),
        ("Доля собранных начислений, %", [r.collected.percent for r in reports]),
        ("Заявлено по закрытым делам, ₽", [r.recovered.whole for r in reports]),
        ("Взыскано по закрытым делам, ₽", [r.recovered.part for r in reports]),
        ("Доля взысканного долга, %", [r.recovered.percent for r in reports]),
        ("Обращений со сроком ответа в месяце", [int(r.on_time.whole) for r in reports]),
        ("из них отвечено в срок", [int(r.on_time.part) for r in reports]),
        ("Доля обращений, отвеченных в срок, %", [r.on_time.percent for r in reports]),
    ]


def _header(sheet, values: list[str]) -> None:
    sheet.append(xlsx_row(sheet, values))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def performance_xlsx(reports: list[MonthReport]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Показатели"
    sheet.append(xlsx_row(sheet, ["Эффективность работы отдела"]))
    sheet["A1"].font = Font(bold=True, size=12)
    _header(sheet, ["Показатель", *[r.title for r in reports]])
    for label, values in summary_rows(reports):
        sheet.append(xlsx_row(sheet, [label, *values]))
    sheet.column_dimensions["A"].width = 40
    for column in range(2, len(reports) + 2):
        sheet.column_dimensions[get_column_letter(column)].width = 16
    sheet.freeze_panes = "B3"

    kinds = book.create_sheet("Документы")
    _header(kinds, ["Месяц", "Код", "Документ", "Выпущено"])
    for report in reports:
        for kind in report.documents:
            kinds.append(xlsx_row(kinds, [report.title, kind.code, kind.title, kind.count]))
    for column, width in zip("ABCD", (16, 30, 60, 12), strict=True):
        kinds.column_dimensions[column].width = width

    steps = book.create_sheet("Шаги процессов")
    _header(steps, ["Месяц", "Процесс", "Шаг", "Задач завершено", "Медиана, ч", "90-й перцентиль, ч"])
    for report in reports:
        for step in report.steps:
            steps.append(xlsx_row(steps, [report.title, step.flow, step.step, step.count, step.median_hours,
                                          step.p90_hours]))
    for column, width in zip("ABCDEF", (16, 40, 40, 14, 12, 16), strict=True):
        steps.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- the page -----------------------------------------------------------------------------------

class MonthField(forms.DateField):
    """A month typed as ``ММ.ГГГГ`` (or the browser's ``ГГГГ-ММ``): its first day."""

    input_formats = ["%m.%Y", "%Y-%m"]

    def __init__(self, **kwargs):
        super().__init__(widget=forms.TextInput(attrs={"placeholder": "ММ.ГГГГ"}), **kwargs)

    def prepare_value(self, value):
        return value.strftime("%m.%Y") if isinstance(value, date) else value


class PeriodForm(forms.Form):
    month_from = MonthField(label="С месяца")
    month_to = MonthField(label="По месяц")

    def clean(self):
        data = super().clean()
        first, last = data.get("month_from"), data.get("month_to")
        if first and last:
            if first > last:
                self.add_error("month_to", "Месяц «по» раньше месяца «с»")
            elif len(months_between(first, last)) > MAX_MONTHS:
                self.add_error("month_to", f"Не больше {MAX_MONTHS} месяцев за раз")
        return data


def default_period(today: date) -> tuple[date, date]:
    """The current month and the two before it."""
    last = today.replace(day=1)
    first = (last - timedelta(days=1)).replace(day=1)
    return (first - timedelta(days=1)).replace(day=1), last


def period_of(request, today: date) -> tuple[PeriodForm, tuple[date, date] | None]:
    if not request.GET:
        first, last = default_period(today)
        return PeriodForm(initial={"month_from": first, "month_to": last}), (first, last)
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return form, None
    return form, (form.cleaned_data["month_from"], form.cleaned_data["month_to"])


class PermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        if not allowed(request.user, PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PerformanceView(PermissionMixin, generic.TemplateView):
    template_name = "workflows/performance.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        form, period = period_of(self.request, today)
        reports = performance(*period, today=today) if period else []
        summary = [(label, [_shown(label, value) for value in values]) for label, values in summary_rows(reports)]
        return super().get_context_data(form=form, reports=reports, summary=summary,
                                        query=self.request.GET.urlencode(), **kwargs)


def _shown(label: str, value) -> str:
    if value is None:
        return "—"
    if label.endswith("%"):
        return percent(value)
    if label.endswith("₽"):
        return amount(value)
    if isinstance(value, Decimal):
        return number(value, 1)
    return str(value)


class PerformanceXlsxView(PermissionMixin, generic.View):
    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        form, period = period_of(request, today)
        if period is None:
            return HttpResponse("; ".join(e for errors in form.errors.values() for e in errors), status=400,
                                content_type="text/plain; charset=utf-8")
        content = performance_xlsx(performance(*period, today=today))
        response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="performance-{period[0]:%Y%m}-{period[1]:%Y%m}.xlsx"'
        return response


class PerformanceViewset(AppMenuMixin, Viewset):
    app_name = "performance"
    title = "Эффективность работы отдела"
    icon = "insights"

    def has_view_permission(self, user, obj=None):
        return allowed(user, PERMISSION)

    @property
    def index_path(self):
        return path("", PerformanceView.as_view(), name="index")

    @property
    def xlsx_path(self):
        return path("xlsx/", PerformanceXlsxView.as_view(), name="xlsx")
