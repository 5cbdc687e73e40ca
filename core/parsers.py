"""The project's JSON parser for the REST API (the default of ``REST_FRAMEWORK``): every API
view reads JSON the same way — numbers as exact decimals, bounded size and depth, no NUL or
lone surrogates in strings (``core.bounds.load_json``).

Kept apart from ``core.api_errors``: DRF imports the parser classes while it builds
``APIView``, so this module must not import ``rest_framework.views``.
"""

from __future__ import annotations

from rest_framework.parsers import JSONParser

from core import bounds
from core.errors import ApplicationError


class BoundedJSONParser(JSONParser):
    """JSON through ``core.bounds.load_json``: a body over ``MAX_JSON_BYTES``, deeper than
    ``MAX_JSON_DEPTH``, not UTF-8 or with a bad string raises ``ApplicationError``
    (field ``input`` or the path of the string) — answered 400 by
    ``core.api_errors.exception_handler``."""

    def parse(self, stream, media_type=None, parser_context=None):
        if stream is None:
            raise ApplicationError("input: пустое тело запроса, ожидается JSON", code="required", field="input")
        return bounds.load_json(stream.read(bounds.MAX_JSON_BYTES + 1), field="input")
