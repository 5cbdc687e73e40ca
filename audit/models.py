"""The audit trail: append-only, hash-chained events.

Each ``AuditEvent`` carries the hash of the event before it and its own hash, SHA-256 over
``previous hash + canonical JSON of the event`` (see ``canonical_payload``). Rows are
written only by ``audit.services.record_event`` and are never changed: the model refuses
save-on-existing and delete, and database triggers (``audit.triggers``) refuse UPDATE and
DELETE for every other path, raw SQL included.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from .actions import action_name
from .triggers import GENESIS_HASH


class AuditTrailIsInsertOnly(Exception):
    """Raised by the ORM paths that would change or remove an audit row."""


class AuditChainBroken(Exception):
    """The chain cannot be extended because its head is gone: the trail was altered."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditTrailIsInsertOnly("Журнал аудита только дополняется: изменение запрещено")

    def delete(self):
        raise AuditTrailIsInsertOnly("Журнал аудита только дополняется: удаление запрещено")


class AuditEvent(models.Model):
    sequence = models.PositiveBigIntegerField("№", primary_key=True)
    occurred_at = models.DateTimeField("время", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name="пользователь",
    )
    actor_repr = models.CharField("пользователь (как записан)", max_length=150, blank=True)
    action = models.CharField("действие", max_length=100, db_index=True)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="тип объекта",
    )
    target_id = models.CharField("id объекта", max_length=64, blank=True)
    target_repr = models.CharField("объект", max_length=300, blank=True)
    data = models.JSONField("данные", default=dict, blank=True)
    prev_hash = models.CharField("хеш предыдущего события", max_length=64)
    hash = models.CharField("хеш", max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "событие аудита"
        verbose_name_plural = "журнал аудита"
        ordering = ["-sequence"]
        default_permissions = ("view",)
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_event_target")]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditTrailIsInsertOnly("Журнал аудита только дополняется: изменение запрещено")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    @property
    def action_label(self) -> str:
        """The action as a person reads it («Пользователь создан»), never its code."""
        return action_name(self.action)

    def delete(self, *args, **kwargs):
        raise AuditTrailIsInsertOnly("Журнал аудита только дополняется: удаление запрещено")

    def target_label(self) -> str:
        """``app_label.model`` of the target, the form that enters the hash."""
        return f"{self.target_type.app_label}.{self.target_type.model}" if self.target_type_id else ""

    def compute_hash(self) -> str:
        return chain_hash(
            self.prev_hash,
            canonical_payload(
                sequence=self.sequence, occurred_at=self.occurred_at, actor_id=self.actor_id,
                actor_repr=self.actor_repr, action=self.action, target_type=self.target_label(),
                target_id=self.target_id, target_repr=self.target_repr, data=self.data,
            ),
        )


class ChainHead(models.Model):
    """The single row that names the newest event: the lock that serialises appends and
    the high-water mark that makes a removed tail detectable."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = "вершина цепочки аудита"
        default_permissions = ()
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="audit_chainhead_single_row")]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.hash[:12]}"


def format_time(value: datetime) -> str:
    """The timestamp as it enters the hash: UTC with microseconds."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_payload(
    *, sequence: int, occurred_at: datetime, actor_id: int | None, actor_repr: str, action: str,
    target_type: str, target_id: str, target_repr: str, data: dict,
) -> str:
    """Canonical JSON of an event: sorted keys, no whitespace, UTF-8 text kept as is."""
    return json.dumps(
        {
            "sequence": sequence,
            "occurred_at": format_time(occurred_at),
            "actor_id": actor_id,
            "actor": actor_repr,
            "action": action,
            "target_type": target_type,
            "target_id": target_id,
            "target": target_repr,
            "data": data,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )


def chain_hash(prev_hash: str, payload: str) -> str:
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


class AuditCheck(models.Model):
    """One run of the chain verification started from the audit page («Проверить цепочку»)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "в очереди"
        RUNNING = "running", "идет"
        DONE = "done", "завершена"
        FAILED = "failed", "не выполнена"

    started_at = models.DateTimeField("запущена")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="кто запустил", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    finished_at = models.DateTimeField("завершена", null=True, blank=True)
    status = models.CharField("состояние", max_length=16, choices=Status.choices, default=Status.QUEUED)
    ok = models.BooleanField("цепочка цела", null=True)
    checked = models.PositiveIntegerField("проверено событий", default=0)
    head_sequence = models.PositiveBigIntegerField("номер вершины", null=True, blank=True)
    head_hash = models.CharField("хеш вершины", max_length=64, blank=True)
    broken_sequence = models.PositiveBigIntegerField("первое нарушенное звено", null=True, blank=True)
    problem = models.TextField("что нарушено", blank=True)

    class Meta:
        verbose_name = "проверка цепочки аудита"
        verbose_name_plural = "проверки цепочки аудита"
        ordering = ["-started_at", "-pk"]
        default_permissions = ("view",)
        permissions = [("check_chain", "Проверять цепочку аудита")]

    def __str__(self) -> str:
        return f"Проверка цепочки №{self.pk}"
