"""Field-level history of a record (django-simple-history), prepared for its page.

``record_history(obj)`` returns the newest entries first: when, who, what kind of change,
and for a change the fields with their old and new values as a person reads them (choice
labels, related records by name, dates and numbers in Russian format). Fields a form does
not edit but a service keeps (a unit's status) are shown too; keys, hashes and automatic
timestamps are not.

``history_actor(actor)`` names the person on the history rows a service writes outside a
web request (a Celery step), where the middleware has no user to take.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from simple_history.models import DeletedObject, HistoricalRecords, ModelChange

from core.display import EMPTY, display_value, user_name

KIND_LABELS = {"+": "Создание", "~": "Изменение", "-": "Удаление"}


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    kind: str
    changes: list[FieldChange] = field(default_factory=list)
    reason: str = ""


INTERNAL_NAME_ENDINGS = ("hash", "sha256", "checksum")


@contextmanager
def history_actor(actor) -> Iterator[None]:
    """Inside the block, history rows name ``actor`` (as ``_history_user`` does for one
    instance, and the middleware for a web request). For services that take an actor and may
    run in a Celery step; an anonymous or missing actor leaves things as they are."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        yield
        return
    context = HistoricalRecords.context
    previous = getattr(context, "request", None)
    context.request = SimpleNamespace(user=actor)
    try:
        yield
    finally:
        if previous is None:
            del context.request
        else:
            context.request = previous


def _deleted(value: DeletedObject) -> str:
    """A related record that no longer exists: its last name from its own history when it
    keeps one, else its kind and number; no record at all is a dash."""
    if value.pk is None:
        return EMPTY
    last = None
    if hasattr(value.model, "history"):
        versions = value.model.history.filter(**{value.model._meta.pk.attname: value.pk})
        last = versions.order_by("-history_date", "-history_id").first()
    name = str(last.instance) if last is not None else f"{value.model._meta.verbose_name} № {value.pk}"
    return f"{name} (удален)"


def _display(model_field, value) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, DeletedObject):
        return _deleted(value)
    if isinstance(model_field, models.ManyToManyField):
        target = model_field.related_model
        items = [row.get(model_field.m2m_reverse_field_name()) for row in value]
        ids = [item for item in items if not isinstance(item, (models.Model, DeletedObject))]
        names = [str(item) for item in items if isinstance(item, models.Model)]
        names += [_deleted(item) for item in items if isinstance(item, DeletedObject)]
        names += [str(obj) for obj in target._default_manager.filter(pk__in=ids)]
        return "; ".join(sorted(names)) or EMPTY
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return display_value(value)


def _who(record) -> str:
    user = record.history_user
    if user is None:
        return "система"
    return user_name(user)


def _is_internal(model_field) -> bool:
    return (
        model_field.primary_key
        or getattr(model_field, "auto_now", False)
        or getattr(model_field, "auto_now_add", False)
        or model_field.name.endswith(INTERNAL_NAME_ENDINGS)
    )


def _related(record, model_field):
    try:
        value = getattr(record, model_field.name)
    except ObjectDoesNotExist:
        value = None
    return value if value is not None else DeletedObject(model_field.related_model, getattr(record, model_field.attname))


def _kept_field_changes(record, previous) -> list[ModelChange]:
    """Changes of the tracked fields no form edits (``editable=False``), which simple_history's
    ``diff_against`` leaves out: a service keeps them, and a person wants to see them change."""
    changes = []
    for model_field in record.tracked_fields:
        if model_field.editable or _is_internal(model_field):
            continue
        old, new = getattr(previous, model_field.attname), getattr(record, model_field.attname)
        if old == new:
            continue
        if isinstance(model_field, models.ForeignKey):
            old, new = _related(previous, model_field), _related(record, model_field)
        changes.append(ModelChange(model_field.name, old, new))
    return changes


def record_history(instance: models.Model, *, limit: int = 100) -> list[HistoryEntry]:
    """History of ``instance``, newest first, each change diffed against the version before."""
    records = list(instance.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if record.history_type == "~" and previous is not None:
            delta = record.diff_against(previous, foreign_keys_are_objs=True)
            kept = _kept_field_changes(record, previous)
            for change in sorted([*delta.changes, *kept], key=lambda change: change.field):
                model_field = instance._meta.get_field(change.field)
                changes.append(
                    FieldChange(
                        label=str(model_field.verbose_name),
                        old=_display(model_field, change.old),
                        new=_display(model_field, change.new),
                    )
                )
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=_who(record),
                kind=KIND_LABELS.get(record.history_type, record.history_type),
                changes=changes,
                reason=record.history_change_reason or "",
            )
        )
    return entries
