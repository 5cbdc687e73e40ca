"""Users and their roles, administered on the site (Администрирование → Пользователи).

Here and not in ``accounts`` because every change is an audit event, and ``accounts`` sits
below ``audit`` in the layers (pyproject.toml, import-linter). The right is
``accounts.manage_users`` (administrators, accounts/roles.py). An administrator can't
deactivate themselves, nor leave the department without an active administrator.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from accounts.roles import ADMINISTRATOR, ROLES
from core.errors import ApplicationError
from core.permissions import require
from core.types import Actor

from .models import AuditEvent
from .services import record_event

PERMISSION = "accounts.manage_users"

def _roles(user) -> list[str]:
    return sorted(user.groups.filter(name__in=ROLES).values_list("name", flat=True), key=ROLES.index)


def _check_roles(roles: Iterable[str]) -> list[str]:
    wanted = list(dict.fromkeys(roles))
    unknown = [role for role in wanted if role not in ROLES]
    if unknown:
        raise ApplicationError(f"Нет такой роли: {', '.join(unknown)}", code="unknown_role", field="roles")
    if not wanted:
        raise ApplicationError("Выберите хотя бы одну роль", code="roles_required", field="roles")
    return sorted(wanted, key=ROLES.index)


def _active_administrators() -> QuerySet:
    return get_user_model().objects.filter(is_active=True, groups__name=ADMINISTRATOR).distinct()


def _would_leave_no_administrator(user) -> bool:
    return not _active_administrators().exclude(pk=user.pk).exists()


def user_create(
    *, actor: Actor, username: str, last_name: str, first_name: str, email: str = "", password: str,
    roles: Iterable[str],
):
    """A new active user with ``roles``; the password is checked by the project's validators."""
    require(actor, PERMISSION)
    wanted = _check_roles(roles)
    User = get_user_model()
    username = username.strip()
    if not username:
        raise ApplicationError("Укажите логин", code="username_required", field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise ApplicationError(f"Логин «{username}» уже занят", code="username_taken", field="username")
    user = User(username=username, last_name=last_name.strip(), first_name=first_name.strip(), email=email.strip(),
                is_staff=ADMINISTRATOR in wanted)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages), code="weak_password", field="password") from exc
    user.set_password(password)
    with transaction.atomic():
        user.save()
        user.groups.set(Group.objects.filter(name__in=wanted))
        record_event(action="user.created", actor=actor, target=user,
                     data={"username": user.username, "name": user.get_full_name(), "roles": wanted})
    return user


def user_set_roles(*, actor: Actor, user, roles: Iterable[str]):
    """Replace the user's roles; the last active administrator keeps theirs."""
    require(actor, PERMISSION)
    wanted = _check_roles(roles)
    with transaction.atomic():
        before = _roles(user)
        if before == wanted:
            return user
        if ADMINISTRATOR in before and ADMINISTRATOR not in wanted and user.is_active \
                and _would_leave_no_administrator(user):
            raise ApplicationError("Это последний администратор: роль снять нельзя",
                                   code="last_administrator", field="roles")
        kept = user.groups.exclude(name__in=ROLES)
        user.groups.set([*kept, *Group.objects.filter(name__in=wanted)])
        if user.is_staff != (ADMINISTRATOR in wanted):
            user.is_staff = ADMINISTRATOR in wanted
            user.save(update_fields=["is_staff"])
        record_event(action="user.roles_changed", actor=actor, target=user,
                     data={"username": user.username, "before": before, "after": wanted})
    return user


def user_deactivate(*, actor: Actor, user):
    """The user can no longer sign in; their records and history stay."""
    require(actor, PERMISSION)
    if actor is not None and actor.pk == user.pk:
        raise ApplicationError("Нельзя отключить самого себя", code="self_deactivation", field="user")
    if not user.is_active:
        raise ApplicationError("Пользователь уже отключен", code="already_inactive", field="user")
    with transaction.atomic():
        if ADMINISTRATOR in _roles(user) and _would_leave_no_administrator(user):
            raise ApplicationError("Это последний администратор: отключить нельзя",
                                   code="last_administrator", field="user")
        user.is_active = False
        user.save(update_fields=["is_active"])
        record_event(action="user.deactivated", actor=actor, target=user, data={"username": user.username})
    return user


def user_activate(*, actor: Actor, user):
    require(actor, PERMISSION)
    if user.is_active:
        raise ApplicationError("Пользователь уже включен", code="already_active", field="user")
    with transaction.atomic():
        user.is_active = True
        user.save(update_fields=["is_active"])
        record_event(action="user.activated", actor=actor, target=user, data={"username": user.username})
    return user


def user_history(user) -> QuerySet:
    """Audit events about the user and by the user, newest first."""
    from django.contrib.contenttypes.models import ContentType

    about = Q(target_type=ContentType.objects.get_for_model(user), target_id=str(user.pk))
    return AuditEvent.objects.filter(about | Q(actor=user)).order_by("-sequence")
