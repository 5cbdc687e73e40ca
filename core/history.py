"""Field-level history of a record (django-simple-history), prepared for its page.

``record_history(obj)`` returns the newest entries first: when, who, what kind of change,
and for a change the fields with their old and new values as a person reads them (choice
labels, related records by name, dates and numbers in Russian format).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import models

from core.display import EMPTY, display_value

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


def _display(model_field, value) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(model_field, models.ManyToManyField):
        target = model_field.related_model
        items = [row.get(model_field.m2m_reverse_field_name()) for row in value]
        ids = [item for item in items if not isinstance(item, models.Model)]
        names = [str(item) for item in items if isinstance(item, models.Model)]
        names += [str(obj) for obj in target._default_manager.filter(pk__in=ids)]
        return "; ".join(sorted(names)) or EMPTY
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return display_value(value)


def _who(record) -> str:
    user = record.history_user
    if user is None:
        return "система"
    return user.get_full_name() or user.get_username()


def record_history(instance: models.Model, *, limit: int = 100) -> list[HistoryEntry]:
    """History of ``instance``, newest first, each change diffed against the version before."""
    records = list(instance.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if record.history_type == "~" and previous is not None:
            delta = record.diff_against(previous, foreign_keys_are_objs=True)
            for change in delta.changes:
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
