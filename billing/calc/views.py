"""The calculator page: a form per kind → ``calculation_run`` (audited) → the result table.

The view computes nothing: the form builds the payload, the service calculates.
"""

from __future__ import annotations

import re
from datetime import date

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.views.generic import FormView

from core.errors import ApplicationError
from core.formatting import decimal_text

from .service import KIND_TITLES, calculation_run

PERMISSION = "reference.use_legal_calculator"

LINE_COLUMNS = {
    "penalty": [("debt_id", "Долг"), ("date_from", "С"), ("date_to", "По"), ("days", "Дней"),
                ("base", "Сумма долга, ₽"), ("fraction", "Доля ставки"), ("rate_percent", "Ставка, %"),
                ("formula", "Формула"), ("amount", "Пени, ₽")],
    "quality-recalc": [("kind", "Вид"), ("hours", "Часов"), ("excess_hours", "Часов сверх допустимого"),
                       ("degrees", "Градусов / шагов"), ("percent", "% платы"), ("amount", "Снижение, ₽"),
                       ("norm", "Норма")],
}
PERIOD_COLUMNS = [("days", "Дней"), ("t_out", "t наружного воздуха, °C"), ("volume_gcal", "Объем, Гкал")]
SUMMARY_LABELS = {
    "volume_gcal": "Объем, Гкал", "cost": "Стоимость, ₽", "multiplier": "Кратность",
    "surcharge": "Надбавка, ₽", "amount_without_vat": "Без НДС, ₽", "vat_percent": "Ставка НДС, %",
    "vat": "НДС, ₽", "days_claimed": "Дней заявлено", "days_billed": "Дней к оплате",
    "days_cut": "Дней за пределами трех лет", "payment_days": "Срок оплаты по требованию, дней",
    "claim_amount": "Цена иска, ₽", "claim_duty": "Пошлина по иску, ₽", "date": "Дата подачи",
    "uncapped_total": "Без ограничения платой за месяц, ₽", "unallocated": "Переплата (не распределено), ₽",
    "formula": "Формула", "norm": "Норма",
}


DATE_KEYS = {"date_from", "date_to", "date"}
TEXT_KEYS = {"debt_id", "kind", "norm", "fraction"}  # shown as the service wrote them
FORMULA_KEYS = {"formula"}
_NUMBER_RE = re.compile(r"^-?\d+(\.\d+)?$")
_DECIMAL_IN_TEXT_RE = re.compile(r"(?<![\d.,])(\d+)\.(\d+)(?![\d.,])")  # 9.5 but not a date 10.02.2026


def _display(key: str, value):
    """The page's way of writing a result: ISO dates as ДД.ММ.ГГГГ, numbers with digit
    groups and a comma (``828 000,00``, ``59,520``: the places the service wrote), decimals
    inside a formula with a comma; identifiers and norms as the service wrote them."""
    if value is None or value == "":
        return value
    if key in DATE_KEYS:
        return date.fromisoformat(value).strftime("%d.%m.%Y")
    if key in FORMULA_KEYS and isinstance(value, str):
        return _DECIMAL_IN_TEXT_RE.sub(r"\1,\2", value)
    if key not in TEXT_KEYS and isinstance(value, str) and _NUMBER_RE.match(value):
        return decimal_text(value)
    return value


class CalculatorView(PermissionRequiredMixin, FormView):
    permission_required = PERMISSION
    raise_exception = True
    template_name = "billing/calc/calculator.html"
    kind: str = ""
    form_class = None
    viewset = None

    def form_valid(self, form):
        try:
            result = calculation_run(kind=self.kind, payload=form.payload(), source="page", actor=self.request.user)
        except ApplicationError as exc:
            name, line = form.field_for(exc.field)
            problem = exc.message.split(": ", 1)[-1] if exc.field and exc.message.startswith(exc.field) else exc.message
            form.add_error(name, f"Строка {line}: {problem}" if line else problem if name else exc.message)
            return self.form_invalid(form)
        return self.render_to_response(self.get_context_data(form=form, result=result))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = KIND_TITLES[self.kind]
        result = kwargs.get("result")
        if result is not None:
            rows = result.get("lines") if "lines" in result else result.get("periods", [])
            columns = LINE_COLUMNS.get(self.kind, PERIOD_COLUMNS)
            context["columns"] = [label for _, label in columns]
            context["rows"] = [[_display(key, row.get(key)) for key, _ in columns] for row in rows or []]
            context["summary"] = [(label, _display(key, result[key])) for key, label in SUMMARY_LABELS.items()
                                  if key in result]
            context["norms"] = result.get("norms", [])
            context["total"] = _display("total", result.get("total"))
        return context
