"""Two edges of every request.

``QueryStringGuard``: a query string whose parameter holds a NUL character is refused with 400 before any view
reads it: PostgreSQL cannot hold NUL in text, so a filter such as ``?q=%00`` would end in
a 500 wherever a view passes the parameter to a query. (Django decodes query strings with
replacement, so no lone surrogate or invalid UTF-8 gets through; forms refuse NUL
themselves.) The API gets ``{"error", "code", "field"}``, a page a short text.

``PermissionRefusal``: a service's permission refusal (``core.permissions.require``:
``ApplicationError`` with code ``permission_denied``) that reaches a page is answered 403 —
the site's 403 page, with the refusal's message — as Django answers ``PermissionDenied``.
The API answers it in ``core.api_errors``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, JsonResponse

from core import bounds
from core.errors import ApplicationError
from core.permissions import is_refusal


class QueryStringGuard:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name, values in request.GET.lists():
            field = f"параметр {bounds.shown(name)}"
            try:
                for value in (name, *values):
                    if "\x00" in value:
                        bounds.text(value, field=field, max_length=len(value))
            except ApplicationError as exc:
                if request.path.startswith("/api/"):
                    return JsonResponse(
                        {"error": exc.message, "code": exc.code, "field": bounds.shown(name)}, status=400)
                return HttpResponseBadRequest(exc.message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class PermissionRefusal:
    """The one place a page turns a permission refusal into 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_refusal(exception):
            raise PermissionDenied(exception.message) from exception
        return None
