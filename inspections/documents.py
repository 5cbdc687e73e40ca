"""Context builders of the inspection templates (``doc_templates/inspections/manifest.toml``):
plain dicts of formatted values, one builder per template (docs/inspections.md)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from documents import formatting
from documents.documents import organization_requisites
from subscribers.models import Consumer, Contract
from subscribers.selectors import our_organization

from .models import ActPerson, FieldInspection, InspectionRoute, ViolationAct

DASH = "—"


def _text(value: str) -> str:
    return value.strip() or DASH


def _number(value: Decimal | None, places: int) -> str:
    return formatting.number(value, places) if value is not None else DASH


def _consumer_details(consumer: Consumer) -> str:
    parts = []
    if consumer.inn:
        parts.append(f"ИНН{formatting.NBSP}{consumer.inn}")
    if consumer.ogrn or consumer.ogrnip:
        label = "ОГРН" if consumer.ogrn else "ОГРНИП"
        parts.append(f"{label}{formatting.NBSP}{consumer.ogrn or consumer.ogrnip}")
    return ", ".join(parts) or DASH


def _person(act: ViolationAct) -> dict:
    """The person the act is drawn up against: from the register, or as written in the act."""
    if act.consumer is not None:
        consumer = act.consumer
        return {
            "name": consumer.name, "details": _consumer_details(consumer),
            "address": consumer.legal_address or consumer.postal_address or DASH,
            "title": act.title_to_object.strip() or f"по данным реестра абонентов (абонент № {consumer.code})",
            "representative": _text(act.representative),
        }
    if act.person_kind == ViolationAct.PersonKind.ORGANIZATION:
        details = f"ИНН{formatting.NBSP}{act.person_inn}, ОГРН{formatting.NBSP}{act.person_ogrn}"
    else:
        details = f"паспорт {act.person_passport}"
    return {"name": act.person_name, "details": details, "address": _text(act.person_address),
            "title": _text(act.title_to_object), "representative": _text(act.representative)}


def _contract(consumer: Consumer | None) -> str:
    if consumer is None:
        return DASH
    contract = Contract.objects.filter(consumer=consumer).order_by("-status", "-signed_on").first()
    if contract is None:
        return DASH
    return f"№{formatting.NBSP}{contract.number} от {formatting.date_short(contract.signed_on)}"


def _persons(act: ViolationAct, *, ours: bool) -> list[dict]:
    """Our representatives (``ours``), or everyone else present."""
    supplier = ActPerson.Side.SUPPLIER
    rows = act.persons.filter(side=supplier) if ours else act.persons.exclude(side=supplier)
    return [{"side": p.get_side_display(), "name": p.name, "position": _text(p.position), "authority": _text(p.authority)}
            for p in rows]


def _photos(act: ViolationAct) -> list[dict]:
    return [{"caption": p.caption or p.original_name or f"снимок {n}",
             "taken": formatting.date_short(timezone.localdate(p.uploaded_at))}
            for n, p in enumerate(act.inspection.photos.all(), start=1)]


def _signature(act: ViolationAct) -> dict:
    signed = act.signature == ViolationAct.Signature.SIGNED
    return {
        "signed": signed, "signed_by": _text(act.signed_by) if signed else "",
        "refusal": "" if signed else act.get_signature_display(), "reason": "" if signed else act.refusal_reason,
    }


def _common(act: ViolationAct) -> dict:
    organization = our_organization(required=True)
    loads = list(act.loads.all())
    total = sum((row.load for row in loads), Decimal("0"))
    return {
        "organization": organization_requisites(organization),
        "found": {"date": formatting.date_quoted(act.found_on), "time": formatting.time_hm(act.found_at),
                  "place": act.place},
        "basis": act.basis,
        "inspectors": _persons(act, ours=True),
        "present": _persons(act, ours=False),
        "person": _person(act),
        "heated_object": {"address": act.object_address, "use": act.object_use,
                          "volume": _number(act.object_volume, 1), "area": _number(act.object_area, 1)},
        "violation": {"kind": act.get_violation_display(), "place": act.intake_place, "method": act.intake_method},
        "loads": [{"use": row.get_use_display(), "load": formatting.number(row.load, 4),
                   "basis": row.get_basis_display(), "detail": row.basis_detail} for row in loads],
        "loads_total": formatting.number(total, 4),
        "meters": [{"device": m.device, "serial": m.serial_number, "reading": _text(m.reading),
                    "valid_until": formatting.date_short(m.verification_valid_until) if m.verification_valid_until
                    else DASH, "state": _text(m.state)} for m in act.meters.all()],
        "meters_note": _text(act.meters_note),
        "previous_inspection": formatting.date_short(act.previous_inspection_on) if act.previous_inspection_on else DASH,
        "explanations": _text(act.explanations),
        "objections": _text(act.objections),
        "orders": _text(act.orders),
        "photos": _photos(act),
        "signature": _signature(act),
        "witnesses": [{"name": w.full_name, "address": w.address, "passport": _text(w.passport)}
                      for w in act.witnesses.all()],
        "copies": act.copies,
    }


def contractless_act_context(act: ViolationAct) -> dict:
    """``inspections.contractless_act``: Акт о выявлении бездоговорного потребления тепловой
    энергии (190-ФЗ ст. 2 п. 29, ст. 22 ч. 8–10)."""
    return _common(act)


def unmetered_act_context(act: ViolationAct) -> dict:
    """``inspections.unmetered_act``: Акт о нарушении учета (безучетное потребление, ПП РФ № 1034)."""
    unit = act.inspection.unit
    return {
        **_common(act),
        "unit": {"number": unit.number if unit else DASH, "location": unit.location if unit else act.intake_place},
        "contract": _contract(act.consumer),
        "seals": [{"number": s.number_recorded, "place": s.place, "found": s.found} for s in act.seals.all()],
        "failure_at": _text(act.failure_at),
    }


def act_context(act: ViolationAct) -> dict:
    if act.kind == ViolationAct.Kind.CONTRACTLESS:
        return contractless_act_context(act)
    return unmetered_act_context(act)


def route_sheet_context(route: InspectionRoute) -> dict:
    """``inspections.route_sheet``: Маршрутный лист — the objects of a route in order."""
    organization = our_organization(required=True)
    stops: list[FieldInspection] = list(
        route.stops.select_related("heated_object__consumer", "unit").order_by("stop_order")
    )
    if route.technician is not None:
        performer = formatting.user_full_name(route.technician)
    else:
        performer = f"бригада «{route.team}»" if route.team else DASH
    return {
        "organization": organization_requisites(organization),
        "route": {"date": formatting.date_long(route.route_date), "performer": performer, "note": _text(route.note)},
        "stops": [
            {"order": stop.stop_order, "address": stop.address,
             "consumer": stop.heated_object.consumer.name if stop.heated_object else "не в реестре",
             "unit": stop.unit.number if stop.unit else DASH, "task": _text(stop.report_note)}
            for stop in stops
        ],
    }
