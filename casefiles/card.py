"""The case files' section of the consumer card (Абоненты → абонент), hooked in through
``settings.CONSUMER_CARD_SECTIONS``: each unpaid overdue debt with its limitation date
(ГК РФ ст. 196, 203) and the open case that covers it, and the consumer's cases. Shown only
to whoever sees cases (legal staff and managers)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from core.views import Table

from .selectors import cases_visible_to, consumer_limitations


def consumer_sections(request, consumer) -> list:
    cases = cases_visible_to(request.user)
    if cases.query.is_empty():  # not legal staff or a manager
        return []
    today = timezone.localdate()
    rows = [
        [f"{row.debt.period:%m.%Y}", row.debt.get_kind_display(), row.debt.due_date, row.outstanding,
         row.limitation.expires_on, row.days_left,
         (f"№ {row.case.pk}", reverse("casefiles:card", args=[row.case.pk])) if row.case else "—"]
        for row in consumer_limitations(consumer_id=consumer.pk, today=today)
    ]
    case_rows = [
        [(f"№ {case.pk}", reverse("casefiles:card", args=[case.pk])), case.get_kind_display(), case.get_stage_display(),
         case.court_case_number or "—", timezone.localdate(case.opened_at)]
        for case in cases.filter(consumer=consumer).order_by("-opened_at")
    ]
    return [
        Table("Исковая давность", ["Период", "Обязательство", "Срок оплаты", "Остаток, ₽", "Давность истекает",
                                   "Осталось дней", "Дело"], rows, empty="Просроченных долгов нет", anchor="limitation"),
        Table("Претензии и суды", ["Дело", "Вид", "Стадия", "№ дела в суде", "Открыто"], case_rows,
              empty="Дел нет", anchor="cases"),
    ]
