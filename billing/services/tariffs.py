"""Tariffs: created and changed by administrators and billing specialists, with history."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from audit.services import record_event
from core.types import Actor
from core.validation import field_changes

from ..models import Tariff

EDITABLE = (
    "tariff_group", "resource", "structure", "valid_from", "valid_to", "energy_rate", "capacity_rate",
    "water_rate", "heat_per_m3", "regulator", "decision_number", "decision_date", "note",
)


def _audit_data(tariff: Tariff) -> dict:
    return {name: getattr(tariff, f"{name}_id" if name == "tariff_group" else name) for name in EDITABLE}


@transaction.atomic
def tariff_create(*, actor: Actor, **fields: Any) -> Tariff:
    """A new tariff; ``fields`` are ``Tariff`` fields (see ``EDITABLE``)."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"Unknown tariff fields: {sorted(unknown)}")
    tariff = Tariff(**fields)
    tariff.full_clean()
    tariff._history_user = actor  # type: ignore[attr-defined]  # simple_history reads it on save
    tariff.save()
    record_event(action="billing.tariff.created", actor=actor, target=tariff, data=_audit_data(tariff))
    return tariff


@transaction.atomic
def tariff_update(*, tariff: Tariff, actor: Actor, **fields: Any) -> Tariff:
    """Change a tariff. Lines already billed keep the rate they were priced at; a change
    reaches an open period at its next run, a closed period only through recalculation."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"Unknown tariff fields: {sorted(unknown)}")
    tariff = Tariff.objects.select_for_update().get(pk=tariff.pk)
    before = _audit_data(tariff)
    for name, value in fields.items():
        setattr(tariff, name, value)
    tariff.full_clean()
    tariff._history_user = actor  # type: ignore[attr-defined]  # simple_history reads it on save
    tariff.save()
    after = _audit_data(tariff)
    record_event(action="billing.tariff.changed", actor=actor, target=tariff, data=field_changes(before, after))
    return tariff
