"""The page a locked-out login gets (django-axes ``AXES_LOCKOUT_CALLABLE``): 429 with a
Russian explanation — who is locked, from where, for how long, and how to get in sooner."""

from __future__ import annotations

from axes.helpers import get_client_ip_address, get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.shortcuts import render

STATUS = 429


def lockout_minutes(request) -> int:
    cool_off = get_cool_off(request)
    return max(1, int(cool_off.total_seconds() // 60)) if cool_off else 0


def lockout_response(request, original_response=None, credentials=None):
    context = {
        "username": get_client_username(request, credentials) or "",
        "ip_address": getattr(request, "axes_ip_address", None) or get_client_ip_address(request) or "",
        "failure_limit": get_failure_limit(request, credentials),
        "minutes": lockout_minutes(request),
        "login_url": settings.LOGIN_URL,
    }
    return render(request, "accounts/locked_out.html", context, status=STATUS)
