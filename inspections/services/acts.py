"""Acts of contract-less and unmetered consumption: the technician fills the act
(``act_fill``, every field checked by kind before anything is written) and issues it
(``act_issue``: «Акт о выявлении бездоговорного потребления» or «Акт о нарушении учета»); a
lawyer returns it with comments (``act_return``) or accepts it (``act_accept``).

The flow ``workflows.unmetered`` calls these, one per node; so does the plain act page.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import asdict, fields

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from audit.services import record_event
from core.errors import ApplicationError
from core.permissions import require
from core.types import Actor
from core.updates import model_update
from core.validation import validated
from documents.models import ArchivedDocument
from documents.services import issue_document
from subscribers.models import Signatory
from subscribers.selectors import our_organization

from ..models import ActLoad, ActMeter, ActPerson, ActReturn, ActSeal, ActWitness, FieldInspection, ViolationAct
from .act_data import ActData, check_act, normalized_name
from .photos import PhotoUpload, check_photos, store_photos
from .unit_failure import act_unit_faulty

FILL = "inspections.fill_act"
REVIEW = "inspections.review_act"
TEMPLATES = {
    ViolationAct.Kind.CONTRACTLESS: "inspections.contractless_act",
    ViolationAct.Kind.UNMETERED: "inspections.unmetered_act",
}
ROWS = ("loads", "meters", "seals", "persons", "witnesses")
ROW_MODELS = {"loads": ActLoad, "meters": ActMeter, "seals": ActSeal, "persons": ActPerson, "witnesses": ActWitness}


def staff_names() -> set[str]:
    """The organisation's staff by name: every user of the system and our signatories — none
    of them may witness an act as a disinterested person."""
    names: set[str] = set()
    for last, first in get_user_model().objects.exclude(last_name="").values_list("last_name", "first_name"):
        names.add(normalized_name(f"{last} {first}"))
    organization = our_organization()
    if organization is not None:
        for last, first, middle in Signatory.objects.filter(organization=organization).values_list(
                "last_name", "first_name", "middle_name"):
            names.add(normalized_name(f"{last} {first}"))
            names.add(normalized_name(f"{last} {first} {middle}"))
    return names


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def act_fill(*, inspection: FieldInspection, data: ActData, actor: Actor,
             photos: Sequence[PhotoUpload] = ()) -> ViolationAct:
    """The technician's act from the inspection (new, or corrected after a lawyer's return):
    checked whole by ``check_act`` (every mandatory field of its kind named, witnesses not our
    staff, each load above zero with its basis) and the photos (images within the size limit)
    before anything is written; the rows replace those recorded before."""
    require(actor, FILL)
    check_act(data, staff_names=staff_names())
    checked = check_photos(photos)
    values = {f.name: _strip(getattr(data, f.name)) for f in fields(data) if f.name not in ROWS}
    with transaction.atomic(), ExitStack() as files:
        inspection = FieldInspection.objects.select_for_update().get(pk=inspection.pk)
        act = ViolationAct.objects.filter(inspection=inspection).first()
        if act is None:
            if inspection.result != FieldInspection.Result.PENDING:
                raise ApplicationError(f"Результат обследования уже записан: {inspection.get_result_display().lower()}",
                                       code="invalid_state", field="inspection")
            act = validated(ViolationAct(inspection=inspection, filled_by=actor, **values),
                            exclude=["document", "reviewed_by"])
            act.save()
            changes = {}
        else:
            if act.status not in (ViolationAct.Status.FILLED, ViolationAct.Status.RETURNED):
                raise ApplicationError(f"Акт {act.get_status_display().lower()}: исправить его нельзя",
                                       code="invalid_state", field="act")
            changes = model_update(act, {**values, "status": ViolationAct.Status.FILLED, "filled_by": actor,
                                         "filled_at": timezone.now()}, actor=actor)
            for name in ROWS:
                getattr(act, name).all().delete()
        for name in ROWS:
            model = ROW_MODELS[name]
            for row in getattr(data, name):
                model._default_manager.create(act=act, **{k: _strip(v) for k, v in asdict(row).items()})
        model_update(inspection, {
            "result": FieldInspection.Result.ACT, "inspected_on": data.found_on,
            "technician": inspection.technician or actor, "closed_by": actor, "closed_at": timezone.now(),
        }, actor=actor)
        stored = store_photos(inspection=inspection, photos=photos, checked=checked, actor=actor, files=files)
        record_event(action="inspection.act_filled", actor=actor, target=act, data={
            "inspection": inspection.pk, "kind": act.kind, "violation": act.violation, "signature": act.signature,
            "loads": len(data.loads), "witnesses": len(data.witnesses), "photos": [p.pk for p in stored],
            "changes": changes})
    return act


def act_issue(*, act: ViolationAct, actor: Actor) -> ArchivedDocument:
    """Issue the filled act as its kind's document (docs/inspections.md); after a return the new
    one replaces the act issued before. The lawyer's check follows."""
    from ..documents import act_context

    require(actor, FILL)
    with transaction.atomic():
        act = ViolationAct.objects.select_for_update().select_related("inspection").get(pk=act.pk)
        if act.status != ViolationAct.Status.FILLED:
            raise ApplicationError(f"Акт {act.get_status_display().lower()}: выпускается только заполненный акт",
                                   code="invalid_state", field="act")
        document = issue_document(template=TEMPLATES[ViolationAct.Kind(act.kind)], context=act_context(act),
                                  subject=act, actor=actor, replaces=act.document, dated=act.found_on)
        model_update(act, {"document": document, "status": ViolationAct.Status.ISSUED}, actor=actor)
        record_event(action="inspection.act_issued", actor=actor, target=act, data={
            "document": document.number, "kind": act.kind})
    return document


def _issued(act: ViolationAct) -> ViolationAct:
    act = ViolationAct.objects.select_for_update().get(pk=act.pk)
    if act.status != ViolationAct.Status.ISSUED:
        raise ApplicationError(f"Акт {act.get_status_display().lower()}: решение юриста принимается по выпущенному акту",
                               code="invalid_state", field="act")
    return act


def act_return(*, act: ViolationAct, comment: str, actor: Actor) -> ActReturn:
    """The lawyer returns the issued act to the technician with what to correct."""
    require(actor, REVIEW)
    if not comment.strip():
        raise ApplicationError("Укажите, что исправить в акте", code="required", field="comment")
    with transaction.atomic():
        act = _issued(act)
        returned = ActReturn.objects.create(act=act, document=act.document, comment=comment.strip(),
                                           returned_by=actor)  # type: ignore[misc]  # require refused a None actor
        model_update(act, {"status": ViolationAct.Status.RETURNED, "reviewed_by": actor,
                           "reviewed_at": timezone.now()}, actor=actor)
        record_event(action="inspection.act_returned", actor=actor, target=act, data={
            "return": returned.pk, "document": act.document.number if act.document else None,
            "comment": returned.comment})
    return returned


def act_accept(*, act: ViolationAct, actor: Actor, comment: str = "") -> ViolationAct:
    """The lawyer accepts the issued act: the calculation may follow. An unmetered act of a
    metered consumer makes the unit faulty from the failure and queues the recalculations of
    closed months (``unit_failure.act_unit_faulty``), all in this transaction."""
    require(actor, REVIEW)
    with transaction.atomic():
        act = _issued(act)
        model_update(act, {"status": ViolationAct.Status.ACCEPTED, "reviewed_by": actor,
                           "reviewed_at": timezone.now()}, actor=actor)
        failure = act_unit_faulty(act=act, actor=actor)
        record_event(action="inspection.act_accepted", actor=actor, target=act, data={
            "document": act.document.number if act.document else None, "comment": comment.strip(),
            "unit_faulty_since": failure.since if failure else None})
    return act
