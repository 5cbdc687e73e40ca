"""The one permission check of the services: ``require(actor, perm)``.

See docs/access.md, "Одна проверка прав / One permission check".

A refusal is ``ApplicationError(code="permission_denied")``; the pages answer it 403
(``core.middleware.PermissionRefusal``), the API 403 (``core.api_errors``), a form never
holds it (``core.forms.apply_errors`` passes it on).

- ``actor=None`` is the system (a Celery task, a command without ``--user``, the demo seed):
  let through only where the call site says ``system=True``, refused elsewhere;
- an anonymous or inactive user is refused;
- a user must hold ``perm`` — one ``"app.codename"`` or, given several, all of them (an
  active superuser holds every permission).
"""

from __future__ import annotations

from collections.abc import Iterable

from core.errors import ApplicationError

PERMISSION_DENIED = "permission_denied"


def _codenames(perm: str | Iterable[str]) -> tuple[str, ...]:
    return (perm,) if isinstance(perm, str) else tuple(perm)


def allowed(actor, perm: str | Iterable[str], *, system: bool = False) -> bool:
    """Whether ``require`` lets ``actor`` through: the system (``None``) where ``system``,
    else a logged-in, active user holding ``perm`` (every one of several)."""
    if actor is None:
        return system
    if not actor.is_authenticated or not actor.is_active:
        return False
    return actor.has_perms(_codenames(perm))


def refusal_message(perm: str | Iterable[str]) -> str:
    codenames = _codenames(perm)
    if len(codenames) == 1:
        return f"Нет права {codenames[0]}"
    return "Нет прав " + ", ".join(codenames)


def require(actor, perm: str | Iterable[str], *, system: bool = False, message: str | None = None) -> None:
    """Refuse unless ``actor`` holds ``perm`` (``system=True``: ``actor=None`` is the system
    and is let through). ``message`` — the refusal's own wording where the call site has one;
    by default "Нет права app.codename"."""
    if not allowed(actor, perm, system=system):
        raise ApplicationError(message or refusal_message(perm), code=PERMISSION_DENIED)


def is_refusal(exc: BaseException) -> bool:
    """Whether ``exc`` is a permission refusal of ``require``."""
    return isinstance(exc, ApplicationError) and exc.code == PERMISSION_DENIED
