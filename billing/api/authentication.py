"""``Authorization: Token tsk_…`` — scoped tokens of external systems (DRF authentication).

Keys of scoped tokens start with ``tsk_``; any other ``Token`` header is left to DRF's own
``TokenAuthentication`` (a user's personal token), so both kinds share one header. A
revoked or expired scoped token, or one whose account is inactive, is refused (401).
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from .models import KEY_PREFIX, ApiToken
from .tokens import token_for_key

KEYWORD = "Token"
TOUCH_EVERY = timedelta(minutes=5)  # how stale ``last_used_at`` may get (one write per 5 minutes)


class ScopedTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if len(parts) != 2 or parts[0].decode(errors="replace") != KEYWORD:
            return None
        key = parts[1].decode(errors="replace")
        if not key.startswith(KEY_PREFIX):
            return None  # a personal DRF token: TokenAuthentication decides
        token = token_for_key(key)
        now = timezone.now()
        if token is None:
            raise exceptions.AuthenticationFailed("Неизвестный API-токен")
        if not token.is_active_at(now):
            raise exceptions.AuthenticationFailed("API-токен отозван или его срок истек")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("Учетная запись API-токена отключена")
        if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return KEYWORD


class ScopedTokenScheme(OpenApiAuthenticationExtension):
    target_class = "billing.api.authentication.ScopedTokenAuthentication"
    name = "scopedToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token tsk_…` — API-токен с областью доступа `billing_export` (выдает администратор)",
        }
