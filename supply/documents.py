"""Context builders of the supply templates (values arrive formatted; docs/supply.md):
«Акт о времени прекращения подачи тепловой энергии и времени локализации неисправности»
and the generic «Ведомость перерасчета» over any
``billing.Recalculation`` lines of a consumer — interruptions and quality alike."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.utils import timezone

from core.errors import ApplicationError
from documents import formatting
from documents.documents import (
    consumer_addressee,
    executor_block,
    organization_requisites,
    organization_signer,
    signer_block,
)
from regulations.interruptions import interruption_hours, undelivered_heat
from subscribers.selectors import our_organization

from .models import DispatchEntry, Interruption

DASH = "—"


def _moment(value) -> str:
    if value is None:
        return DASH
    local = timezone.localtime(value)
    return f"{formatting.date_short(local.date())} {local:%H:%M}"


def interruption_act_context(interruption: Interruption) -> dict:
    organization = our_organization(required=True)
    stop, restore = interruption.stopped_at, interruption.restored_at
    hours = interruption_hours(stop, restore)
    rows, total_load, total_gcal = [], Decimal("0"), Decimal("0")
    consumer_side = interruption.on_consumer_side
    for row in interruption.affected.filter(included=True).select_related("heated_object__consumer"):
        obj = row.heated_object
        gcal = Decimal("0") if consumer_side else undelivered_heat(
            hours=hours, load_gcal_h=row.load_gcal_h, rate=Decimal("0"), metered=False).volume_gcal
        total_load += row.load_gcal_h
        total_gcal += gcal
        rows.append({
            "object": f"{obj.name}, {obj.address} ({obj.consumer.short_name or obj.consumer.name})",
            "use": obj.get_purpose_display(),
            "stopped": _moment(stop), "notified": _moment(row.notified_at),
            "localised": _moment(interruption.localised_at), "restored": _moment(restore),
            "hours": formatting.number(hours, 2), "load": formatting.number(row.load_gcal_h, 4),
            "undelivered": formatting.gcal(gcal),
            "reading_at_stop": row.reading_at_stop or DASH, "reading_at_restart": row.reading_at_restart or DASH,
        })
    entries = interruption.log.filter(kind__in=[DispatchEntry.Kind.CALL, DispatchEntry.Kind.STOP]).order_by("pk")
    placement = getattr(interruption.section, "placement", None)
    owner = interruption.faulty_section_owner or (placement.owner if placement else "") or DASH
    consumers = {}
    for row in interruption.affected.filter(included=True).select_related("heated_object__consumer"):
        consumers.setdefault(row.heated_object.consumer_id, row.heated_object.consumer)
    if consumer_side:
        conclusion = ("Неисправность находится на стороне потребителя за границей балансовой принадлежности: "
                      "недоотпуск по вине теплоснабжающей организации не признается, перерасчет не производится.")
    else:
        conclusion = ("Неисправность находится в зоне ответственности теплоснабжающей (теплосетевой) организации: "
                      "плата за период перерыва подлежит перерасчету.")
    temperature = interruption.outdoor_temperature
    return {
        "organization": organization_requisites(organization),
        "place": organization.city or DASH,
        "dispatch": "; ".join(f"№ {e.pk} от {_moment(e.happened_at)}" for e in entries) or DASH,
        "interruption": {
            "kind": interruption.get_kind_display().lower(), "service": interruption.get_service_display().lower(),
            "cause": interruption.cause, "section": interruption.section.name,
            "source": placement.source.name if placement else interruption.section.heat_source,
            "faulty_section": interruption.faulty_section or interruption.section.name,
            "owner": owner, "fault_side": interruption.get_fault_side_display(),
            "outdoor_temperature": (f"{formatting.number(temperature, 1)}{formatting.NBSP}°C"
                                    if temperature is not None else DASH),
        },
        "rows": rows,
        "totals": {"load": formatting.number(total_load, 4), "undelivered": formatting.gcal(total_gcal),
                   "hours": formatting.number(hours, 2)},
        "conclusion": conclusion,
        "parties": [{"side": "Потребитель", "name": c.short_name or c.name} for c in consumers.values()],
        "signer": signer_block(organization_signer(organization)),
    }


def _value(basis: dict, key: str, places: int | None = None) -> str:
    value = basis.get(key)
    if value in (None, ""):
        return DASH
    return formatting.number(Decimal(str(value)), places) if places is not None else str(value)


def recalculation_statement_context(*, consumer, recalculations: Iterable, basis: str, actor) -> dict:
    """«Ведомость перерасчета» of ``consumer`` over its ``billing.Recalculation`` lines (any
    source): per line the period, object, hours, degrees, reduction %, the base charge, the
    reduction and the charge after it; the numbers come from each line's ``basis``
    (``hours``, ``degrees``, ``percent``, ``base_charge``, ``volume_gcal``, ``norm``)."""
    organization = our_organization(required=True)
    rows, total = [], Decimal("0")
    lines = list(recalculations)
    if not lines:
        raise ApplicationError("Нет строк перерасчета для ведомости", code="required", field="recalculations")
    for line in lines:
        data = line.basis or {}
        base = Decimal(str(data["base_charge"])) if data.get("base_charge") not in (None, "") else None
        total += line.amount
        rows.append({
            "period": str(line.corrected_period),
            "object": line.heated_object.address if line.heated_object_id else DASH,
            "service": data.get("service_label", line.get_resource_display()),
            "hours": _value(data, "hours", 2), "degrees": _value(data, "degrees", 0),
            "percent": _value(data, "percent", 2), "volume": _value(data, "volume_gcal", 3),
            "base": formatting.amount(base) if base is not None else DASH,
            "reduction": formatting.amount(-line.amount),
            "after": formatting.amount(base + line.amount) if base is not None else DASH,
            "norm": data.get("norm", line.reason),
        })
    contract = lines[0].contract
    return {
        "organization": organization_requisites(organization),
        "addressee": consumer_addressee(consumer),
        "in_reply_to": {},
        "consumer": {"name": consumer.name, "code": consumer.code},
        "contract": {"number": contract.number, "date": formatting.date_short(contract.signed_on)},
        "basis": basis,
        "rows": rows,
        "total": {"reduction": formatting.money(-total, "руб."), "words": formatting.money_words_signed(-total)},
        "signer": signer_block(organization_signer(organization)),
        "executor": executor_block(actor, phone=organization.phone),
    }
