"""The analytics section of the consumer card (Абоненты → абонент), hooked in through
``settings.CONSUMER_CARD_SECTIONS``: charts of the last twelve billed months.

Shown to whoever may see charges (``billing.view_invoice``: billing specialists, lawyers,
managers, administrators); nothing for the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from billing.models import Method, month_end

from . import charts
from .selectors import ConsumerAnalytics, consumer_analytics

PERMISSION = "billing.view_invoice"
METHOD_COLOURS = {
    Method.METER.value: "#1976d2", Method.CALCULATION.value: "#fb8c00", Method.CONTRACT_LOAD.value: "#8d6e63",
    Method.ADJUSTMENT.value: "#8e24aa",
}
METHOD_LABELS = {
    Method.METER.value: "по приборам учета", Method.CALCULATION.value: "расчетным способом",
    Method.CONTRACT_LOAD.value: "по договорной нагрузке", Method.ADJUSTMENT.value: "перерасчеты",
}
QUALITY_NOTE = "Учет отклонений качества теплоснабжения появится с модулем качества; событий пока нет."


@dataclass
class Panel:
    """A section of a record page drawn by its own template (see core/record_detail.html)."""

    title: str
    template_name: str
    context: dict = field(default_factory=dict)
    anchor: str = ""


def _charts(data: ConsumerAnalytics) -> dict:
    months = data.months
    result = {
        "heat": charts.stacked_bars(
            title="Тепловая энергия по способам определения, Гкал", months=months, unit="Гкал",
            series=[(METHOD_LABELS[m], METHOD_COLOURS[m], v) for m, v in data.heat_by_method.items()],
        ),
        "charges": charts.stacked_bars(
            title="Начислено с НДС, ₽", months=months, unit="₽", places=2,
            series=[("начисления", "#1976d2", data.charges), ("перерасчеты", "#8e24aa", data.recalculations)],
        ),
        "forecast": charts.bars_and_line(
            title="Тепловая энергия: факт и прогноз, Гкал", months=months, unit="Гкал",
            bars=("факт (начислено)", "#90caf9", data.heat_actual),
            line=("прогноз (план)", "#d32f2f", data.heat_forecast),
        ),
    }
    if data.water_by_method:
        result["water"] = charts.stacked_bars(
            title="Вода (ГВС, теплоноситель) по способам определения, м³", months=months, unit="м³",
            series=[(METHOD_LABELS[m], METHOD_COLOURS[m], v) for m, v in data.water_by_method.items()],
        )
    if data.units:
        result["metering"] = charts.timeline(
            title="Состояние узлов учета", first=months[0], last=month_end(months[-1]), months=months,
            rows=[(f"{u.number} ({u.object_code})", u.spans) for u in data.units],
        )
    return result


def consumer_sections(request, consumer) -> list[Panel]:
    if not request.user.has_perm(PERMISSION):
        return []
    data = consumer_analytics(consumer)
    context = {"data": data, "quality_note": QUALITY_NOTE}
    if data.months:
        context["charts"] = _charts(data)
        context["rows"] = list(zip(data.months, data.heat_actual, data.heat_forecast, data.charges,
                                   data.recalculations, strict=True))
    return [Panel(title="Аналитика: объемы, начисления, прогноз, учет", template_name="billing/analytics/card.html",
                  context=context, anchor="analytics")]
