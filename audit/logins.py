"""Login, logout and failed-login events.

Logging in happens inside Django's and viewflow's own views (site login, admin login), so
Django's auth signals are the one place every login passes through. This is the deliberate
exception to "no signals for anything that matters": the receivers only call
``record_event`` and are connected in ``AuditConfig.ready``.
"""

from __future__ import annotations

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
