"""The manager's dashboard (docs/reception.md, «Dashboard»): figures that each flow and each
area declares, read from one registry.

A flow appears on the dashboard by declaring itself: ``@dashboard_flow("metering_flows")`` on
its class (the application whose pages list its tasks). Other figures declare a function
``(user, today) -> Figure | None`` with ``@dashboard_figure(key, title)``. Managers see
every flow and everybody's tasks; another role the flows it may view and its own tasks.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.views import generic
from viewflow.urls import AppMenuMixin, Viewset
from viewflow.workflow.models import Process, Task

from core.days import day_after, day_start

from .workload import OPEN, due_expression

MANAGE = "reception.assign_appeal"  # a manager of the department


@dataclass(frozen=True)
class FlowEntry:
    flow_class: type
    app_name: str

    @property
    def key(self) -> str:
        """The flow's name in its URLs (``appeal`` of the label ``appeal/appeal``)."""
        return self.flow_class.instance.flow_label.rsplit("/", 1)[-1]

    @property
    def title(self) -> str:
        return str(self.flow_class.process_title)

    def view_permission(self) -> str:
        meta = self.flow_class.process_class._meta
        return f"{meta.app_label}.view_{meta.model_name}"

    def url(self, name: str) -> str | None:
        try:
            return reverse(f"{self.app_name}:flows:{self.key}:{name}")
        except NoReverseMatch:
            return None


class Bar(NamedTuple):
    """One bar of a chart: its label, its length, the list it links to, the text after it
    (the value itself when none — money is written as money)."""

    label: str
    value: int | Decimal
    url: str | None = None
    text: str | None = None


@dataclass
class Figure:
    title: str
    value: object
    url: str | None = None
    bars: list[Bar] = field(default_factory=list)


FLOWS: list[FlowEntry] = []
FIGURES: dict[str, tuple[str, Callable]] = {}


def dashboard_flow(app_name: str):
    """Class decorator: the flow appears on the dashboard (its tasks listed under ``app_name``)."""

    def declare(flow_class):
        FLOWS.append(FlowEntry(flow_class, app_name))
        return flow_class

    return declare


def dashboard_figure(key: str, title: str):
    def declare(function):
        FIGURES[key] = (title, function)
        return function

    return declare


@dataclass
class FlowRow:
    entry: FlowEntry
    open: int = 0
    overdue: int = 0
    started: int = 0
    finished: int = 0
    url: str | None = None


def month_start(today: date) -> date:
    return today.replace(day=1)


def flow_rows(user, today: date) -> tuple[list[FlowRow], list[tuple[str, int, int]]]:
    """Per flow: open tasks, overdue ones, processes started and finished this month; per person:
    open and overdue tasks (a non-manager: their own only)."""
    manager = user.has_perm(MANAGE)
    rows: list[FlowRow] = []
    people: Counter = Counter()
    overdue_people: Counter = Counter()
    entries = [entry for entry in FLOWS if manager or user.has_perm(entry.view_permission())]
    counts = _started_finished([entry.flow_class for entry in entries], today)
    owners: dict[int | None, str] = {None: "В очереди"}
    groups = []
    mine = Q() if manager else Q(owner=user)
    # which flows have open tasks at all (one query): the due dates are computed only for those
    busy = set(Task.objects.filter(mine, status__in=OPEN, process__flow_class__in=[e.flow_class for e in entries])
               .order_by().values_list("process__flow_class", flat=True).distinct())
    for entry in entries:
        row = FlowRow(entry, url=entry.url("task_list") or entry.url("process_list"))
        row.started, row.finished = counts.get(entry.flow_class, (0, 0))
        rows.append(row)
        if entry.flow_class not in busy:
            continue
        tasks = Task.objects.filter(mine, flow_task__in=[n for n in entry.flow_class.instance.nodes()], status__in=OPEN)
        # one grouped query a flow: its open and overdue tasks per owner (the due date in SQL)
        counts_by_owner = (tasks.annotate(due=due_expression(entry.flow_class.process_class)).order_by()
                           .values("owner").annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due__lt=today))))
        for group in counts_by_owner:
            row.open += group["open"]
            row.overdue += group["overdue"]
            groups.append(group)
    ids = {group["owner"] for group in groups} - {None}
    for person in get_user_model().objects.filter(pk__in=ids):
        owners[person.pk] = person.get_full_name() or person.get_username()
    for group in groups:
        people[owners[group["owner"]]] += group["open"]
        overdue_people[owners[group["owner"]]] += group["overdue"]
    persons = sorted(((name, n, overdue_people[name]) for name, n in people.items()), key=lambda r: (-r[1], r[0]))
    return rows, persons


def _started_finished(flow_classes: list[type], today: date) -> dict[type, tuple[int, int]]:
    """Per flow class: the processes started and finished this month — one grouped query for
    every flow, over the processes created or finished since the month began only (a range of
    instants from the month's first local midnight: indexes (flow class, created) and (flow
    class, finished), workflows 0013)."""
    if not flow_classes:
        return {}
    since = day_start(month_start(today))
    until = day_after(today)
    started = Q(created__gte=since, created__lt=until)
    finished = Q(finished__gte=since, finished__lt=until)
    rows = (Process.objects.filter(Q(flow_class__in=flow_classes), started | finished).order_by().values("flow_class")
            .annotate(started=Count("pk", filter=started), finished=Count("pk", filter=finished)))
    return {row["flow_class"]: (row["started"], row["finished"]) for row in rows}


def figures(user, today: date) -> list[Figure]:
    """Every declared figure the user may see (a slot returning None is left out)."""
    found = []
    for _key, (_title, function) in FIGURES.items():
        figure = function(user, today)
        if figure is not None:
            found.append(figure)
    return found


LABEL_WIDTH = 210  # px of the labels' column
LABEL_CHARS = 30  # a longer label is cut with «…» (12 px type)
FITS_CHARS = 27  # a label longer than this is squeezed into the column
VALUE_CHAR = 7  # px a character of a value takes (12 px type, digits and spaces): the room kept right of the bars


def svg_bars(bars: list, *, width: int = 520, bar: int = 20) -> str:
    """A horizontal bar chart as inline SVG (no script): one bar a row, its value after it; a
    bar with a URL is a link to its list. ``bars`` are ``Bar`` or ``(label, value)`` pairs."""
    from django.utils.html import escape

    bars = [Bar(*b) for b in bars]
    if not bars:
        return ""  # nothing to draw (no open tasks): the table says so
    top = max((b.value for b in bars), default=0) or 1
    height = bar * len(bars) + 4
    texts = [b.text if b.text is not None else ru_number(b.value) for b in bars]
    room = width - LABEL_WIDTH - 5 - VALUE_CHAR * max(len(t) for t in texts)  # the longest value fits after the top bar
    rows = []
    for i, (b, text) in enumerate(zip(bars, texts, strict=True)):
        y = i * bar + 2
        length = max(int(room * b.value / top), 1 if b.value else 0)
        label = b.label if len(b.label) <= LABEL_CHARS else b.label[:LABEL_CHARS - 1].rstrip() + "…"
        fit = f' textLength="{LABEL_WIDTH - 8}" lengthAdjust="spacingAndGlyphs"' if len(label) > FITS_CHARS else ""
        row = (f'<text x="0" y="{y + 13}" font-size="12"{fit}><title>{escape(b.label)}</title>{escape(label)}</text>'
               f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{bar - 6}" fill="#1976d2"/>'
               f'<text x="{LABEL_WIDTH + 5 + length}" y="{y + 13}" font-size="12">{escape(text)}</text>')
        if b.url:
            row = f'<a href="{escape(b.url)}" class="dashboard-bar">{row}</a>'
        rows.append(row)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="dashboard-chart" width="{width}" height="{height}" '
            f'role="img">{"".join(rows)}</svg>')


def ru_number(value) -> str:
    """A count as a Russian reader writes it (``12\u00a0345``)."""
    from core.formatting import number

    return number(value, 0) if isinstance(value, Decimal) else f"{value:,}".replace(",", "\u00a0")


class DashboardView(generic.TemplateView):
    template_name = "workflows/dashboard.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated or not request.user.groups.exists() and not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        from django.utils.safestring import mark_safe

        today = timezone.localdate()
        rows, persons = flow_rows(self.request.user, today)
        found = figures(self.request.user, today)
        return super().get_context_data(
            rows=rows, persons=persons, figures=found, today=today,
            flows_chart=mark_safe(svg_bars([(r.entry.title, r.open) for r in rows])),  # noqa: S308 — our own markup
            people_chart=mark_safe(svg_bars([(name, n) for name, n, _late in persons])),  # noqa: S308
            figure_charts=[(f, mark_safe(svg_bars(f.bars)) if f.bars else "") for f in found],  # noqa: S308
            **kwargs)


class DashboardViewset(AppMenuMixin, Viewset):
    app_name = "dashboard"
    title = "Сводка руководителя"
    icon = "dashboard"

    def has_view_permission(self, user, obj=None):
        return user.is_authenticated and (user.is_superuser or user.groups.exists())

    @property
    def index_path(self):
        return path("", DashboardView.as_view(), name="index")


# ---------------------------------------------------------------- figures declared here


@dashboard_figure("appeals_due", "Обращения: срок ответа")
def appeals_due_figure(user, today: date) -> Figure | None:
    from reception.journal import JournalFilter, journal

    if not user.has_perm("reception.view_appeal"):
        return None
    overdue = journal(JournalFilter(unanswered=True, overdue=True), today=today, user=user).count()
    open_ = journal(JournalFilter(unanswered=True), today=today, user=user).count()
    unanswered = reverse("reception:journal:index") + "?unanswered=on"
    return Figure("Обращения без ответа (просрочено)", f"{open_} ({overdue})", unanswered + "&overdue=on",
                  bars=[Bar("Без ответа", open_, unanswered), Bar("Просрочено", overdue, unanswered + "&overdue=on")])


@dashboard_figure("interruptions", "Перерывы теплоснабжения за месяц")
def interruptions_figure(user, today: date) -> Figure | None:
    """The supply app's interruptions stopped this month (its report, docs/supply.md): how many,
    their hours and the consumers affected, linking to the report of the month."""
    from supply.report import interruption_report

    if not user.has_perm("supply.view_interruption_report"):
        return None
    first = month_start(today)
    rows = interruption_report(date_from=first, date_to=today)
    count = sum(row.count for row in rows)
    hours = sum((row.total_hours for row in rows), Decimal("0"))
    consumers = len(set().union(*(row.consumers for row in rows))) if rows else 0
    try:
        url = reverse("supply_flows:interruption_report:index") + f"?date_from={first:%Y-%m-%d}&date_to={today:%Y-%m-%d}"
    except NoReverseMatch:
        url = None
    return Figure("Перерывы теплоснабжения за месяц", count, url,
                  bars=[Bar("Перерывов", count), Bar("Часов", int(hours)), Bar("Потребителей", consumers)])


from . import dashboard_figures  # noqa: E402, F401 — the figures of the domain apps declare themselves
