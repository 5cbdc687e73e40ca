"""Tariffs: created and changed by administrators and billing specialists, with history."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from audit.services import record_event
from core.history import history_actor
from core.types import Actor
from core.updates import check_fields, model_update
from core.validation import validated

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
    check_fields(Tariff, fields, EDITABLE)
    tariff = validated(Tariff(**fields))
    with history_actor(actor):
        tariff.save()
    record_event(action="billing.tariff.created", actor=actor, target=tariff, data=_audit_data(tariff))
    return tariff


@transaction.atomic
def tariff_update(*, tariff: Tariff, actor: Actor, **fields: Any) -> Tariff:
    """Change a tariff (``core.updates.model_update``). Lines already billed keep the rate
    they were priced at; a change reaches an open period at its next run, a closed period
    only through recalculation."""
    check_fields(Tariff, fields, EDITABLE)
    tariff = Tariff.objects.select_for_update().get(pk=tariff.pk)
    changes = model_update(tariff, fields, actor=actor, fields=EDITABLE)
    if changes:
        record_event(action="billing.tariff.changed", actor=actor, target=tariff, data=changes)
    return tariff
