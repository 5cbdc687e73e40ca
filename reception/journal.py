"""The journal of appeals (docs/reception.md, «The journal and letters»): its filters, its rows with the
columns the journal keeps, and the XLSX of the same rows."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from django.db.models import F, Q, QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.display import user_name
from core.exports import xlsx_row
from core.formatting import date_short

from .models import Appeal
from .selectors import appeal_list

COLUMNS = (
    "Рег. №", "Поступило", "Канал", "Заявитель", "Категория", "Краткое содержание", "Исполнитель", "Срок ответа",
    "№ и дата ответа", "Результат", "Способ отправки", "Подтверждение вручения", "Просрочено",
)
WIDTHS = (16, 16, 16, 40, 16, 40, 22, 12, 24, 22, 20, 28, 11)


@dataclass(frozen=True)
class JournalFilter:
    """What the journal shows: received from/to, category, channel, state, executor, overdue only
    (unanswered past the term or answered after it), unanswered only, a search word."""

    received_from: date | None = None
    received_to: date | None = None
    category: str = ""
    channel: str = ""
    status: str = ""
    executor: int | None = None
    overdue: bool = False
    unanswered: bool = False
    search: str = ""


def journal(flt: JournalFilter, *, today: date, user=None) -> QuerySet[Appeal]:
    """The appeals ``flt`` selects, newest first; ``user`` without the manager's right sees the
    appeals given to them or registered by them."""
    qs = appeal_list()
    if user is not None and not user.has_perm("reception.assign_appeal"):
        qs = qs.filter(Q(executor=user) | Q(registered_by=user))
    if flt.received_from:
        qs = qs.filter(received_at__date__gte=flt.received_from)
    if flt.received_to:
        qs = qs.filter(received_at__date__lte=flt.received_to)
    if flt.category:
        qs = qs.filter(category=flt.category)
    if flt.channel:
        qs = qs.filter(channel=flt.channel)
    if flt.status:
        qs = qs.filter(status=flt.status)
    if flt.executor:
        qs = qs.filter(executor_id=flt.executor)
    if flt.overdue:
        qs = qs.filter(Q(answer_date__isnull=True, due_on__lt=today) | Q(answer_date__gt=F("due_on")))
    if flt.unanswered:
        qs = qs.filter(answer_date__isnull=True)
    if flt.search.strip():
        word = flt.search.strip()
        qs = qs.filter(Q(number__icontains=word) | Q(applicant_name__icontains=word) | Q(consumer__code=word)
                       | Q(contract__number=word))
    return qs


def applicant_cell(appeal: Appeal) -> str:
    """Name, address, account or contract №, phone — as the journal's column holds them."""
    parts = [appeal.applicant_name, appeal.applicant_address]
    if appeal.consumer_id:
        parts.append(f"л/с {appeal.consumer.code}")
    if appeal.contract_id:
        parts.append(f"договор № {appeal.contract.number}")
    if appeal.applicant_phone:
        parts.append(f"тел. {appeal.applicant_phone}")
    return ", ".join(p for p in parts if p)


def journal_row(appeal: Appeal, *, today: date) -> list:
    executor = appeal.executor
    answer = f"№ {appeal.answer.number} от {date_short(appeal.answer_date)}" if appeal.answer_id else ""
    return [
        appeal.number, timezone.localtime(appeal.received_at).strftime("%d.%m.%Y %H:%M"), appeal.get_channel_display(),
        applicant_cell(appeal), appeal.get_category_display(), appeal.summary,
        user_name(executor) if executor else "", date_short(appeal.due_on), answer,
        appeal.get_result_display() if appeal.result else "", appeal.get_sent_way_display() if appeal.sent_way else "",
        appeal.delivery_proof, "да" if appeal.overdue_on(today) else "",
    ]


def journal_xlsx(appeals, *, today: date) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Журнал обращений"
    sheet.append([f"Журнал обращений на {date_short(today)}"])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append(list(COLUMNS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for appeal in appeals:
        sheet.append(xlsx_row(sheet, journal_row(appeal, today=today)))
    for column, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
