"""Context builders of the metering templates (``doc_templates/metering/manifest.toml``):
plain dicts of formatted values, one builder per template.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from core.errors import ApplicationError
from core.wording import without_confidence_marks
from documents import formatting
from documents.documents import consumer_addressee, executor_block, organization_requisites, signer_block
from subscribers.models import Contract, Organization, Signatory
from subscribers.selectors import our_organization

from .models import CommissionMember, Inspection, InspectionPhoto, VerificationNotice
from .selectors import installed_devices

DASH = "—"


def head_signer(organization: Organization) -> Signatory:
    signer = organization.signatories.filter(active=True).order_by("-is_head", "last_name", "first_name").first()
    if signer is None:
        raise ApplicationError("Нет действующего подписанта нашей организации", code="signer_missing", field="signer")
    return signer


def _number(value: Decimal | None, places: int = 3) -> str:
    return formatting.number(value, places) if value is not None else DASH


def _date(value) -> str:
    return formatting.date_short(value) if value else DASH


def _contract(heated_object) -> dict:
    contract = (
        Contract.objects.filter(objects_covered=heated_object)
        .order_by("-status", "-signed_on")
        .first()
    )
    if contract is None:
        return {"number": DASH, "date": DASH}
    return {"number": contract.number, "date": formatting.date_short(contract.signed_on)}


def _party(inspection: Inspection) -> dict:
    unit = inspection.unit
    heated_object = unit.heated_object
    consumer = heated_object.consumer
    return {
        "consumer": {"name": consumer.name, "address": consumer.legal_address or consumer.postal_address or DASH},
        "heated_object": {"name": heated_object.name, "address": heated_object.address},
        "unit": {"number": unit.number, "location": unit.location, "purpose": formatting.lower_words(unit.get_purpose_display()),
                 "design": unit.design_code or DASH, "design_approved_on": _date(unit.design_approved_on)},
        "contract": _contract(heated_object),
    }


def _members(inspection: Inspection) -> list[dict]:
    order = {side: n for n, side in enumerate(CommissionMember.Side.values)}
    return [
        {"side": m.get_side_display(), "name": m.full_name,
         "short_name": formatting.person_short(m.last_name, m.first_name, m.middle_name),
         "position": m.position, "organization": m.organization, "authority": m.authority or DASH}
        for m in sorted(inspection.members.all(), key=lambda m: (order[m.side], m.pk))
    ]


def _devices(inspection: Inspection) -> list[dict]:
    day = inspection.inspected_on
    seals_by_device: dict[int, list[str]] = {}
    for seal in inspection.seals.all():
        if seal.device_id:
            seals_by_device.setdefault(seal.device_id, []).append(seal.number)
    return [
        {
            "kind": d.device_model.get_kind_display(), "model": d.device_model.name, "serial": d.serial_number,
            "register_number": d.device_model.register_number, "diameter": str(d.diameter_mm or DASH),
            "range": d.measuring_range or "", "verified_on": _date(d.verified_on),
            "valid_until": _date(d.verification_valid_until),
            "seals": ", ".join(seals_by_device.get(d.pk, [])) or DASH,
        }
        for d in installed_devices(inspection.unit, day, day)
    ]


def _attachments(inspection: Inspection) -> list[str]:
    """The annexes that exist: the photos uploaded for the inspection, counted; nothing else is
    produced with the act, so nothing else is listed."""
    photos = InspectionPhoto.objects.filter(item__inspection=inspection).count()
    if not photos:
        return []
    return [f"фотоматериалы осмотра, {photos}{formatting.NBSP}{formatting.plural(photos, 'снимок', 'снимка', 'снимков')}"]


def _readings(inspection: Inspection) -> dict:
    return {
        "q": _number(inspection.q_total), "m1": _number(inspection.m1_total), "m2": _number(inspection.m2_total),
        "v1": _number(inspection.v1_total), "operating_hours": _number(inspection.operating_hours, 2),
    }


def _checklist(inspection: Inspection) -> list[dict]:
    return [
        {"title": item.title, "rule": without_confidence_marks(item.rule),
         "result": "соответствует" if item.conforms else f"не соответствует: {item.defect}"}
        for item in inspection.items.all()
    ]


def _defects(inspection: Inspection) -> list[dict]:
    return [
        {"defect": item.defect, "title": item.title, "rule": without_confidence_marks(item.rule),
         "deadline": _date(item.fix_deadline)}
        for item in inspection.items.filter(conforms=False)
    ]


def _approval(approval: dict | None) -> dict:
    """The «УТВЕРЖДАЮ» block: {"position", "name", "date"} of the approval given, or empty strings —
    the template then prints blank lines to sign by hand."""
    approval = approval or {}
    return {key: approval.get(key) or "" for key in ("position", "name", "date")}


def _act_header(inspection: Inspection, approval: dict | None = None) -> dict:
    organization = our_organization(required=True)
    return {
        "organization": organization_requisites(organization),
        "approver": signer_block(head_signer(organization)),
        "approval": _approval(approval),
        "drawn_up_at": formatting.time_hm(timezone.localtime()),
        "place": inspection.place or organization.city or DASH,
        "inspected_on": formatting.date_quoted(inspection.inspected_on),
        "members": _members(inspection),
        **_party(inspection),
    }


def commissioning_act_context(inspection: Inspection, *, approval: dict | None = None) -> dict:
    """``metering.commissioning_act``: Акт ввода в эксплуатацию узла учета (ПП РФ № 1034)."""
    return {
        **_act_header(inspection, approval),
        "devices": _devices(inspection),
        "settings": {
            "cold_water_temperature": _number(inspection.cold_water_temperature, 1),
            "note": inspection.settings_note or DASH,
        },
        "readings": _readings(inspection),
        "checklist": _checklist(inspection),
        "seals": [
            {"number": s.number, "place": s.place, "device": str(s.device) if s.device else DASH}
            for s in inspection.seals.all()
        ],
        "attachments": _attachments(inspection),
        "commissioned_from": formatting.date_long(inspection.inspected_on),
        "admitted_until": formatting.date_long(inspection.admitted_until),
    }


def defects_act_context(inspection: Inspection, *, approval: dict | None = None) -> dict:
    """``metering.defects_act``: Акт о выявленных недостатках (refusal, ПП РФ № 1034)."""
    return {**_act_header(inspection, approval), "defects": _defects(inspection)}


def periodic_check_act_context(inspection: Inspection, *, approval: dict | None = None) -> dict:
    """``metering.periodic_check_act``: Акт периодической проверки узла учета (ПП РФ № 1034)."""
    passed = inspection.result == Inspection.Result.PASSED
    return {
        **_act_header(inspection, approval),
        "devices": _devices(inspection),
        "checklist": _checklist(inspection),
        "seals": [
            {"number": s.number, "place": s.place, "state": "на месте, цела" if s.intact else "нарушена или отсутствует"}
            for s in inspection.seals.all()
        ],
        "readings": _readings(inspection),
        "passed": passed,
        "admitted_from": formatting.date_long(inspection.inspected_on),
        "admitted_until": formatting.date_long(inspection.admitted_until) if passed else DASH,
        "defects": _defects(inspection),
    }


def verification_notice_context(notice: VerificationNotice, *, actor) -> dict:
    """``metering.verification_notice``: Уведомление о необходимости поверки (102-ФЗ ст. 13,
    ПП РФ № 1034): the contract, each device with its unit and serial number, the deadline,
    the consequence (a calculated volume under the Методика, приказ Минстроя № 99/пр) and the
    delivery mark; the executor is ``actor``, the user who issues it."""
    organization = our_organization(required=True)
    lines = list(notice.lines.select_related("device__device_model", "device__unit__heated_object"))
    first_object = lines[0].device.unit.heated_object
    deadline = min(line.due_on for line in lines)
    return {
        "organization": organization_requisites(organization),
        "addressee": consumer_addressee(notice.consumer),
        "in_reply_to": {},
        "contract": _contract(first_object),
        "lines": [
            {
                "unit": f"{line.device.unit.number}, {line.device.unit.heated_object.address}",
                "device": f"{line.device.device_model.get_kind_display()} {line.device.device_model.name}",
                "serial": line.device.serial_number,
                "valid_until": _date(line.device.verification_valid_until),
            }
            for line in lines
        ],
        "deadline": formatting.date_long(deadline),
        "signer": signer_block(head_signer(organization)),
        "executor": executor_block(actor, phone=organization.phone),
    }
