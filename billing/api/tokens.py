"""Issuing and revoking scoped API tokens (administrators), with their audit events.

The key is ``tsk_`` + 40 random URL-safe characters; it is returned once by
``api_token_create`` and stored only as its SHA-256 (a leaked database does not leak keys).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from audit.services import record_event
from core.errors import ApplicationError
from core.permissions import require
from core.validation import validated

from .models import KEY_PREFIX, SCOPES, ApiToken

PERMISSION = "billing.add_apitoken"
NO_PERMISSION = "API-токены выдают и отзывают администраторы"


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, name: str, user, scopes: list[str], actor, expires_at: datetime | None = None
                     ) -> tuple[ApiToken, str]:
    """A new token acting as ``user`` with ``scopes``; returns it and its key (shown once)."""
    require(actor, PERMISSION, message=NO_PERMISSION)
    if not (name or "").strip():
        raise ApplicationError("Укажите назначение токена (кто и для чего им пользуется)", code="required", field="name")
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        raise ApplicationError(
            f"Области доступа: {', '.join(unknown) or 'не выбраны'}; допустимы: {', '.join(SCOPES)}",
            code="invalid_choice", field="scopes"
        )
    if not isinstance(user, get_user_model()) or not user.is_active:
        raise ApplicationError("Токен выдается действующей учетной записи", code="user_inactive", field="user")
    if expires_at is not None and expires_at <= timezone.now():
        raise ApplicationError("Срок действия токена уже истек", code="expired", field="expires_at")
    key = KEY_PREFIX + secrets.token_urlsafe(30)
    token = ApiToken(name=name.strip(), user=user, prefix=key[:12], key_hash=key_hash(key), scopes=sorted(set(scopes)),
                     created_by=actor, expires_at=expires_at)
    validated(token)
    token.save()
    record_event(action="api.token.created", actor=actor, target=token,
                 data={"name": token.name, "user": user.get_username(), "scopes": token.scopes,
                       "expires_at": expires_at.isoformat() if expires_at else None, "prefix": token.prefix})
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor) -> ApiToken:
    require(actor, PERMISSION, message=NO_PERMISSION)
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise ApplicationError("Токен уже отозван", code="already_revoked", field="token")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record_event(action="api.token.revoked", actor=actor, target=token, data={"prefix": token.prefix})
    return token


def token_for_key(key: str) -> ApiToken | None:
    return ApiToken.objects.select_related("user").filter(key_hash=key_hash(key)).first()
