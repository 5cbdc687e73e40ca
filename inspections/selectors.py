"""Reads of inspections and acts for the pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import QuerySet

from core.errors import ApplicationError
from documents import storage

from .models import FieldInspection, InspectionPhoto, ViolationAct


def inspections() -> QuerySet[FieldInspection]:
    return FieldInspection.objects.select_related("route", "heated_object__consumer", "unit", "technician", "reported_by")


def inspection_list() -> QuerySet[FieldInspection]:
    """Pending first, then the latest."""
    return inspections().order_by("-result", "-reported_at", "-pk").select_related("act")


def act_summary(act: ViolationAct) -> dict:
    return {
        "act": act, "inspection": act.inspection, "loads": list(act.loads.all()), "meters": list(act.meters.all()),
        "seals": list(act.seals.all()), "persons": list(act.persons.all()), "witnesses": list(act.witnesses.all()),
        "returns": list(act.returns.select_related("returned_by", "document")),
        "photos": list(act.inspection.photos.all()),
    }


def inspection_card(inspection: FieldInspection) -> dict:
    act = ViolationAct.objects.select_related("document", "consumer").filter(inspection=inspection).first()
    context = act_summary(act) if act is not None else {"act": None, "photos": list(inspection.photos.all())}
    return {**context, "inspection": inspection}


def photo_content(photo: InspectionPhoto) -> bytes:
    """The photo's bytes, checked against its SHA-256."""
    try:
        content = storage.read(photo.storage_name)
    except FileNotFoundError as exc:
        raise ApplicationError("Файл фото отсутствует в архиве", code="file_missing", field="photo") from exc
    if storage.sha256(content) != photo.sha256:
        raise ApplicationError("Файл фото в архиве изменен (SHA-256 не совпадает): выдача запрещена",
                               code="file_tampered", field="photo")
    return content


def demand_paid(*, act: ViolationAct | None, since: date, total: Decimal) -> bool:
    """The demand of ``act`` is paid by the settlements ledger: the payments received from its
    person since the demand's date (a consumer's by the register, someone without a contract's
    by the ИНН the act names) cover ``total``. A person with no ИНН and no consumer cannot be
    matched: never paid by the ledger (the legal staff check it)."""
    from django.db.models import Sum

    from settlements.models import Payment

    if act is None:
        return False
    payments = Payment.objects.filter(paid_on__gte=since, amount__gt=0).exclude(kind=Payment.Kind.ADJUSTMENT)
    if act.consumer_id:
        payments = payments.filter(consumer_id=act.consumer_id)
    elif act.person_inn:
        payments = payments.filter(payer_inn=act.person_inn)
    else:
        return False
    paid = payments.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    return paid >= total
