"""The one writer of the audit trail."""

from __future__ import annotations

import hashlib
import json
import re
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.bounds import safe_text
from core.enqueue import enqueue_on_commit
from core.permissions import require
from core.types import Actor

from .models import AuditChainBroken, AuditCheck, AuditEvent, ChainHead

if TYPE_CHECKING:
    from django.db import models

ACTION_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
MAX_TEXT = 2000  # characters of one string of an event's data
MAX_DATA = 64_000  # characters of an event's data as JSON


def record_event(*, action: str, actor: Actor = None, target: models.Model | None = None, data: dict | None = None
                 ) -> AuditEvent:
    """Append a hash-chained event in the caller's transaction.

    ``action`` is a dotted name (``"document.issued"``); ``actor`` a user or None (system,
    anonymous); ``target`` a saved model instance or None; ``data`` a JSON-able dict
    (Decimal, date, UUID are stored as strings; NUL and lone surrogates become U+FFFD, a
    string over ``MAX_TEXT`` characters is cut, and data over ``MAX_DATA`` keeps its
    largest values only as their size and SHA-256). Appends are serialised by locking the
    chain-head row (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite serialises writers).
    If the caller's transaction rolls back, the event goes with it.
    """
    if not ACTION_RE.match(action or ""):
        raise ValueError(f"Audit action must be a dotted lower-case name, got {action!r}")
    if target is not None and target.pk is None:
        raise ValueError("Audit target must be a saved object")
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    data = bounded_data(json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder)))

    with transaction.atomic():
        head = _lock_head()
        event = AuditEvent(
            sequence=head.sequence + 1,
            occurred_at=timezone.now(),
            actor=actor,
            actor_repr=safe_text(actor.get_username()) if actor else "",
            action=action,
            target_type=ContentType.objects.get_for_model(target) if target is not None else None,
            target_id=str(target.pk) if target is not None else "",
            target_repr=safe_text(str(target)[:300]) if target is not None else "",
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


def bounded_data(data: dict) -> dict:
    """An event's data that PostgreSQL can store and the hash can cover: clean, bounded
    strings, and at most ``MAX_DATA`` characters — the largest top-level values over it
    are replaced by ``{"обрезано": size, "sha256": …}`` of their JSON."""
    data = _clean(data)
    size = len(json.dumps(data, ensure_ascii=False))
    if size <= MAX_DATA:
        return data
    for key in sorted(data, key=lambda k: len(json.dumps(data[k], ensure_ascii=False)), reverse=True):
        if size <= MAX_DATA:
            break
        text = json.dumps(data[key], ensure_ascii=False, sort_keys=True)
        data[key] = {"обрезано": len(text), "sha256": hashlib.sha256(text.encode()).hexdigest()}
        size += len(json.dumps(data[key], ensure_ascii=False)) - len(text)
    return data


def _clean(value: Any) -> Any:
    """Strings (and keys) without NUL or lone surrogates, each cut to ``MAX_TEXT``."""
    if isinstance(value, str):
        value = safe_text(value)
        return value if len(value) <= MAX_TEXT else f"{value[:MAX_TEXT]}… [обрезано, {len(value)} симв.]"
    if isinstance(value, dict):
        return {_clean(key): _clean(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_clean(item) for item in value]
    return value


# ------------------------------------------------------------------ the chain check from the audit page

CHECK_PERMISSION = "audit.check_chain"
CHECK_TASK = "audit.tasks.run_audit_check"


def audit_check_start(*, actor: Actor) -> AuditCheck:
    """Queue a verification of the whole chain (``audit.verification.verify_chain``); the
    result lands on the returned ``AuditCheck`` when the background task has run. One check
    at a time: a check still queued or running is returned instead of a new one."""
    require(actor, CHECK_PERMISSION)
    with transaction.atomic():
        pending = AuditCheck.objects.filter(status__in=(AuditCheck.Status.QUEUED, AuditCheck.Status.RUNNING)).first()
        if pending is not None:
            return pending
        check = AuditCheck.objects.create(started_at=timezone.now(), started_by=actor)
        record_event(action="audit.chain_check_started", actor=actor, target=check)
        enqueue_on_commit(CHECK_TASK, check.pk)
    return check


def audit_check_run(check_id: int) -> AuditCheck:
    """Run the queued check ``check_id`` and store the report (the task's body)."""
    from .verification import verify_chain

    check = AuditCheck.objects.get(pk=check_id)
    AuditCheck.objects.filter(pk=check.pk).update(status=AuditCheck.Status.RUNNING)
    try:
        report = verify_chain()
    except Exception as exc:
        AuditCheck.objects.filter(pk=check.pk).update(
            status=AuditCheck.Status.FAILED, finished_at=timezone.now(), problem=safe_text(str(exc))[:2000],
        )
        raise
    AuditCheck.objects.filter(pk=check.pk).update(
        status=AuditCheck.Status.DONE, finished_at=timezone.now(), ok=report.ok, checked=report.checked,
        head_sequence=report.head_sequence, head_hash=report.head_hash or "",
        broken_sequence=report.broken_sequence, problem=report.problem,
    )
    check.refresh_from_db()
    try:
        record_event(action="audit.chain_checked", target=check, data={
            "ok": report.ok, "checked": report.checked, "head_sequence": report.head_sequence,
            "broken_sequence": report.broken_sequence,
        })
    except AuditChainBroken:
        pass  # a trail without its head takes no more events; the check's row says what is broken
    return check
