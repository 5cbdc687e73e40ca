"""The one writer of the audit trail."""

from __future__ import annotations

import json
import re

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import AuditChainBroken, AuditEvent, ChainHead

ACTION_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")


def record_event(*, action: str, actor=None, target=None, data: dict | None = None) -> AuditEvent:
    """Append a hash-chained event in the caller's transaction.

    ``action`` is a dotted name (``"document.issued"``); ``actor`` a user or None (system,
    anonymous); ``target`` a saved model instance or None; ``data`` a JSON-able dict
    (Decimal, date, UUID are stored as strings). Appends are serialised by locking the
    chain-head row (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite serialises writers).
    If the caller's transaction rolls back, the event goes with it.
    """
    if not ACTION_RE.match(action or ""):
        raise ValueError(f"Audit action must be a dotted lower-case name, got {action!r}")
    if target is not None and target.pk is None:
        raise ValueError("Audit target must be a saved object")
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    data = json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))

    with transaction.atomic():
        head = _lock_head()
        event = AuditEvent(
            sequence=head.sequence + 1,
            occurred_at=timezone.now(),
            actor=actor,
            actor_repr=actor.get_username() if actor else "",
            action=action,
            target_type=ContentType.objects.get_for_model(target) if target is not None else None,
            target_id=str(target.pk) if target is not None else "",
            target_repr=str(target)[:300] if target is not None else "",
            data=data,
            prev_hash=head.hash,
        )
        event.hash = event.compute_hash()
        # actor and target type are objects in hand: no query to prove they exist
        event.full_clean(exclude=["actor", "target_type"], validate_unique=False, validate_constraints=False)
        event.save()
        ChainHead.objects.filter(pk=head.pk).update(sequence=event.sequence, hash=event.hash)
    return event


def _lock_head() -> ChainHead:
    try:
        return ChainHead.objects.select_for_update().get(pk=1)
    except ChainHead.DoesNotExist:
        pass
    # The head row is created by the migration (and by our flush); recreate it only over
    # an empty trail. Two racing creators: one wins, the other then locks the winner's row.
    if AuditEvent.objects.exists():
        raise AuditChainBroken(
            "Журнал аудита поврежден: нет вершины цепочки при непустом журнале (запустите audit_verify)"
        )
    try:
        with transaction.atomic():
            ChainHead.objects.create(pk=1)
    except IntegrityError:
        pass
    return ChainHead.objects.select_for_update().get(pk=1)
