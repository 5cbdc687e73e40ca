"""Login, logout, failed-login and lockout events.

Logging in happens inside Django's and viewflow's own views (site login, admin login), so
Django's auth signals are the one place every login passes through. This is the deliberate
exception to "no signals for anything that matters": the receivers only call
``record_event`` and are connected in ``AuditConfig.ready``. A login lockout is django-axes'
``user_locked_out`` signal, for the same reason.
"""

from __future__ import annotations

from axes.helpers import get_failure_limit

from .services import record_event


def _client(request) -> dict:
    if request is None:
        return {}
    return {"ip": request.META.get("REMOTE_ADDR", ""), "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200]}


def on_logged_in(sender, request, user, **kwargs):
    record_event(action="auth.login", actor=user, target=user, data=_client(request))


def on_logged_out(sender, request, user, **kwargs):
    if user is not None:
        record_event(action="auth.logout", actor=user, target=user, data=_client(request))


def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    record_event(action="auth.login_failed", data={"username": username, **_client(request)})


def on_locked_out(sender, request, username, ip_address, **kwargs):
    """One event per lockout: axes signals again on every failure while locked out (each
    is an ``auth.login_failed`` already); the event is written by the failure that locks."""
    failures = getattr(request, "axes_failures_since_start", None)
    limit = get_failure_limit(request, getattr(request, "axes_credentials", None))
    if failures is not None and failures > limit:
        return
    record_event(action="auth.locked_out", data={
        "username": str(username or "")[:150], "failures": failures, "failure_limit": limit, **_client(request),
    })
