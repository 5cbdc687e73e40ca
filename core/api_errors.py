"""The REST API's exception handler (the ``EXCEPTION_HANDLER`` of ``REST_FRAMEWORK``): an
``ApplicationError`` raised anywhere in an API view (or its parser) — and a model's
``ValidationError`` — is answered 400 ``{"error": message, "code": code, "field": name}``
instead of a traceback (``code`` is the stable name of the refusal, see docs/input-limits.md);
a permission refusal (``core.permissions.require``, code ``permission_denied``) is answered
403 with the same body; everything else is DRF's own handling."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import ApplicationError
from core.permissions import is_refusal
from core.validation import as_application_error


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = as_application_error(exc)
    if isinstance(exc, ApplicationError):
        code = status.HTTP_403_FORBIDDEN if is_refusal(exc) else status.HTTP_400_BAD_REQUEST
        return Response({"error": exc.message, "code": exc.code, "field": exc.field}, status=code)
    return drf_exception_handler(exc, context)
