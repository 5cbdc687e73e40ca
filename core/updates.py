"""The one update path of a saved row: ``model_update`` (docs/audit.md, "One update path").

A service that corrects a row from its caller's values sets them, finds which fields they
change, validates the row (``core.validation.validated``), saves only the changed fields with
the actor on the history row (``core.history.history_actor``) and writes the changes to its
audit event in the one shape ``{field: {"было": old, "стало": new}}``. An update that changes
nothing writes nothing: no validation, no save, no history row — the caller writes no event.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models

from core.history import history_actor
from core.validation import validated

OLD, NEW = "было", "стало"

# Fields an update never takes from its caller.
PROTECTED = frozenset({"id", "pk", "created_at"})


def check_fields(model: type[models.Model], data: dict[str, Any], fields: tuple[str, ...] | None = None) -> None:
    """Refuse a name the model does not have, a protected one, or one outside ``fields`` —
    a programming error, not the user's."""
    for name in data:
        if name in PROTECTED or (fields is not None and name not in fields):
            raise TypeError(f"{model.__name__}.{name} is not writable through a service")
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            raise TypeError(f"{model.__name__} has no field {name!r}") from None


def _comparable(field: models.Field, value: Any) -> Any:
    if isinstance(field, models.ManyToManyField):
        return {getattr(v, "pk", v) for v in (value or [])}
    if field.is_relation:
        return getattr(value, "pk", value)
    if value is None:
        return None
    try:
        value = field.to_python(value)
    except ValidationError:
        return value  # differs from any stored value: ``validated`` names the field
    return value.strip() if isinstance(value, str) else value


def pending_changes(instance: models.Model, data: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Which of ``data`` would change ``instance``: ``{name: (old, new)}``, comparable values.

    Values are compared after the field's own conversion (``"0.15"`` equals
    ``Decimal("0.150000")``, text without its surrounding spaces), relations by primary key,
    many-to-many as sets of keys.
    """
    check_fields(type(instance), data)
    changes = {}
    for name, new in data.items():
        field = instance._meta.get_field(name)
        if isinstance(field, models.ManyToManyField):
            old = set(getattr(instance, name).values_list("pk", flat=True)) if instance.pk else set()
        elif field.is_relation:
            old = getattr(instance, field.attname)
        else:
            old = getattr(instance, name)
        old_c, new_c = _comparable(field, old), _comparable(field, new)
        if old_c != new_c:
            changes[name] = (old_c, new_c)
    return changes


def assign(instance: models.Model, data: dict[str, Any]) -> dict[str, list]:
    """Set plain and foreign-key fields (text without surrounding spaces); return the
    many-to-many ones, to set once the row is saved."""
    m2m = {}
    for name, value in data.items():
        field = instance._meta.get_field(name)
        if isinstance(field, models.ManyToManyField):
            m2m[name] = list(value or [])
        else:
            setattr(instance, name, value.strip() if isinstance(value, str) else value)
    return m2m


def audit_changes(changes: dict[str, tuple[Any, Any]]) -> dict[str, dict[str, Any]]:
    """The one audit payload of a correction: ``{field: {"было": old, "стало": new}}``;
    a related row is its key, many-to-many a sorted list of keys."""

    def plain(value):
        return sorted(value) if isinstance(value, set) else value

    return {name: {OLD: plain(old), NEW: plain(new)} for name, (old, new) in changes.items()}


def _snapshot(instance: models.Model) -> dict[str, Any]:
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}


def model_update(
    instance: models.Model,
    data: dict[str, Any],
    *,
    actor,
    fields: tuple[str, ...] | None = None,
    exclude: list[str] | None = None,
    check: Callable[[Any], None] | None = None,
) -> dict[str, dict[str, Any]]:
    """Correct a saved ``instance`` with ``data`` (field → value) and return its audit
    payload, ``{}`` when nothing changes (then nothing is validated or saved).

    ``fields`` limits the names a caller may give (another name is a ``TypeError``);
    ``check(instance)`` — a rule across rows the model's ``clean()`` does not hold — runs
    once the values are set, before ``validated`` (given ``exclude``). A refusal is an
    ``ApplicationError`` and leaves the database as it was; only the changed fields are
    saved — with any a model's ``clean()`` derived and the automatic timestamps — so a
    parallel correction of another field is not overwritten.
    """
    check_fields(type(instance), data, fields)
    changes = pending_changes(instance, data)
    if not changes:
        return {}
    before = _snapshot(instance)
    m2m = assign(instance, {name: data[name] for name in changes})
    if check is not None:
        check(instance)
    validated(instance, exclude=exclude)
    after = _snapshot(instance)
    update_fields = [
        field.name for field in instance._meta.concrete_fields
        if field.name in changes or after[field.attname] != before[field.attname] or getattr(field, "auto_now", False)
    ]
    with history_actor(actor):
        if update_fields:
            instance.save(update_fields=update_fields)
        for name, values in m2m.items():
            getattr(instance, name).set(values)
    return audit_changes(changes)
