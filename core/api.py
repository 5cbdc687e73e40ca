"""The REST edge: the JSON parser with the bounds of ``core.bounds`` and the exception
handler that answers an ``ApplicationError`` with 400 ``{"error", "field"}``.

Both are the project's defaults (``REST_FRAMEWORK`` in settings), so every API view reads
JSON the same way: numbers as exact decimals, bounded size and depth, no NUL or lone
surrogates in strings — and a refusal names the field instead of a traceback.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core import bounds
from core.errors import ApplicationError
from core.validation import as_application_error


class BoundedJSONParser(JSONParser):
    """JSON through ``core.bounds.load_json``: a body over ``MAX_JSON_BYTES``, deeper than
    ``MAX_JSON_DEPTH``, not UTF-8 or with a bad string raises ``ApplicationError``
    (field ``input`` or the path of the string) — answered 400 by ``exception_handler``."""

    def parse(self, stream, media_type=None, parser_context=None):
        if stream is None:
            raise ApplicationError("input: пустое тело запроса, ожидается JSON", field="input")
        data = stream.read(bounds.MAX_JSON_BYTES + 1)
        return bounds.load_json(data, field="input")


def exception_handler(exc, context):
    """DRF's handler, plus: ``ApplicationError`` (and a model's ``ValidationError``) → 400
    ``{"error": message, "field": name}``."""
    if isinstance(exc, DjangoValidationError):
        exc = as_application_error(exc)
    if isinstance(exc, ApplicationError):
        return Response({"error": exc.message, "field": exc.field}, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
