"""Interruptions per month and section (docs/supply.md, report): count, total and longest
duration, consumers and load affected, mean time to localise and to restore — with the
XLSX file and the SVG chart (drawn on the server, as the losses report does)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from xml.sax.saxutils import escape

from django.utils import timezone

from core.formatting import number
from metering.exports import Sheet, workbook_bytes
from regulations.interruptions import interruption_hours

from .models import Interruption

MONTHS = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
          "ноябрь", "декабрь")
HOURS = Decimal("0.01")


@dataclass
class ReportRow:
    month: date
    section: str
    count: int = 0
    total_hours: Decimal = Decimal("0")
    longest_hours: Decimal = Decimal("0")
    consumers: set = field(default_factory=set)
    load_gcal_h: Decimal = Decimal("0")
    localise: list = field(default_factory=list)
    restore: list = field(default_factory=list)

    @staticmethod
    def _mean(values: list) -> Decimal | None:
        return (sum(values, Decimal("0")) / len(values)).quantize(HOURS, rounding=ROUND_HALF_UP) if values else None

    @property
    def consumer_count(self) -> int:
        return len(self.consumers)

    @property
    def mean_localise(self) -> Decimal | None:
        return self._mean(self.localise)

    @property
    def mean_restore(self) -> Decimal | None:
        return self._mean(self.restore)


def _hours(start: datetime, end: datetime) -> Decimal:
    return interruption_hours(start, end)


def interruption_report(*, date_from: date, date_to: date) -> list[ReportRow]:
    """One row per month and section of the interruptions that stopped in ``date_from..date_to``
    and were restored (still open ones wait for their restoration)."""
    rows: dict[tuple[date, str], ReportRow] = {}
    found = (Interruption.objects.exclude(stopped_at=None).exclude(restored_at=None)
             .select_related("section").prefetch_related("affected__heated_object").order_by("stopped_at"))
    for item in found:
        assert item.stopped_at is not None and item.restored_at is not None  # excluded above
        day = timezone.localdate(item.stopped_at)
        if not date_from <= day <= date_to:
            continue
        row = rows.setdefault((day.replace(day=1), item.section.name), ReportRow(day.replace(day=1), item.section.name))
        hours = _hours(item.stopped_at, item.restored_at)
        row.count += 1
        row.total_hours += hours
        row.longest_hours = max(row.longest_hours, hours)
        for affected in item.affected.all():
            if affected.included:
                row.consumers.add(affected.heated_object.consumer_id)
                row.load_gcal_h += affected.load_gcal_h
        if item.localised_at is not None:
            row.localise.append(_hours(item.stopped_at, item.localised_at))
        row.restore.append(hours)
    return [rows[key] for key in sorted(rows)]


def month_label(month: date) -> str:
    return f"{MONTHS[month.month - 1]} {month.year}"


HEADERS = ["Месяц", "Участок сети", "Перерывов", "Всего, ч", "Самый долгий, ч", "Потребителей", "Нагрузка, Гкал/ч",
           "Среднее время до локализации, ч", "Среднее время до восстановления, ч"]


def report_xlsx(rows: list[ReportRow]) -> bytes:
    cells = [[row.month, row.section, row.count, row.total_hours, row.longest_hours, row.consumer_count,
              row.load_gcal_h, row.mean_localise, row.mean_restore] for row in rows]
    return workbook_bytes([Sheet("Перерывы", HEADERS, cells)])


def report_svg(rows: list[ReportRow], *, width: int = 760, bar_width: int = 420, row_height: int = 26) -> str:
    """Total hours of interruptions per month (every section together) as horizontal bars."""
    months: dict[date, Decimal] = {}
    for row in rows:
        months[row.month] = months.get(row.month, Decimal("0")) + row.total_hours
    top = max(months.values(), default=Decimal("0"))
    height = 30 + row_height * len(months)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" id="interruptions-chart" width="{width}" height="{height}" '
             'role="img" aria-label="Часы перерывов по месяцам" font-size="12">',
             '<text x="0" y="14">Месяц</text><text x="160" y="14" fill="#c62828">■ часы перерывов</text>']
    for n, (month, hours) in enumerate(sorted(months.items())):
        y = 24 + n * row_height
        px = int(hours * bar_width / top) if top > 0 else 0
        parts.append(f'<text x="0" y="{y + 12}">{escape(month_label(month))}</text>'
                     f'<rect x="160" y="{y}" width="{px}" height="16" fill="#c62828"/>'
                     f'<text x="{166 + px}" y="{y + 12}">{escape(number(hours, 2))} ч</text>')
    parts.append("</svg>")
    return "".join(parts)
