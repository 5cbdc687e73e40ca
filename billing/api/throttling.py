"""Throttles of the REST API (rates: ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``).

- ``TokenRateThrottle`` (``api_token``): requests per credential — a scoped API token, a
  personal DRF token, or the signed-in user of a session. Past the rate: 429 with
  ``Retry-After``.
- ``FailedAuthMiddleware`` (``api_auth_failure``): wrong credentials per client address.
  Every ``/api/`` answer 401 to a request that carried an ``Authorization`` header counts;
  past the rate the address gets 429 before any authentication — a right token included —
  until the window has room again. DRF throttles run after authentication, so this one is a
  middleware. The address is ``REMOTE_ADDR`` unless ``NUM_PROXIES`` trusts proxies.

Counts live in the default cache: several web processes must share it (``CACHE_URL``).
"""

from __future__ import annotations

from django.http import JsonResponse
from rest_framework.authtoken.models import Token
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken

API_PREFIX = "/api/"


class SettingsRateThrottle(SimpleRateThrottle):
    """The rate read from settings at request time (DRF reads it once, at import)."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class TokenRateThrottle(SettingsRateThrottle):
    scope = "api_token"

    def get_cache_key(self, request, view):
        auth, user = request.auth, request.user
        if isinstance(auth, ApiToken):
            ident = f"scoped-{auth.pk}"
        elif isinstance(auth, Token):
            ident = f"personal-{auth.user_id}"
        elif user is not None and user.is_authenticated:
            ident = f"user-{user.pk}"
        else:
            return None  # anonymous: refused by authentication, counted by FailedAuthMiddleware
        return self.cache_format % {"scope": self.scope, "ident": ident}


class FailedAuthThrottle(SettingsRateThrottle):
    scope = "api_auth_failure"

    def get_cache_key(self, request, view=None):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def is_blocked(self, request) -> bool:
        if self.rate is None:
            return False
        self.key = self.get_cache_key(request)
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        return len(self.history) >= self.num_requests

    def record_failure(self, request) -> None:
        if self.rate is None or self.is_blocked(request):
            return
        self.history.insert(0, self.now)
        self.cache.set(self.key, self.history, self.duration)


def blocked_message(address: str, wait: int) -> str:
    return (f"Слишком много запросов с неверными учетными данными с адреса {address}: "
            f"доступ к API с этого адреса приостановлен, повторите через {wait} с")


class FailedAuthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        throttle = FailedAuthThrottle()
        if throttle.is_blocked(request):
            wait = max(1, int(throttle.wait() or 1))
            response = JsonResponse({"detail": blocked_message(throttle.get_ident(request), wait)}, status=429)
            response["Retry-After"] = str(wait)
            return response
        response = self.get_response(request)
        if response.status_code == 401 and request.META.get("HTTP_AUTHORIZATION"):
            throttle.record_failure(request)
        return response
