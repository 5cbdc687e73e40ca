"""Helpers every settlements service shares: the permission check and the audit writer."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from audit.services import record_event
from core.types import Actor


def authorize(actor: Actor, permission: str) -> None:
    """``actor=None`` is the system; a user must hold ``permission`` (→ 403 at the edge)."""
    if actor is not None and not actor.has_perm(permission):
        raise PermissionDenied(f"Нет права {permission}")


__all__ = ["authorize", "record_event"]
