"""The REST edge: the project's JSON parser (core/parsers.py) and exception handler (core/api_errors.py)."""

import io

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIRequestFactory

from core.api_errors import exception_handler
from core.errors import ApplicationError
from core.parsers import BoundedJSONParser


def test_the_parser_reads_exact_decimals():
    from decimal import Decimal

    assert BoundedJSONParser().parse(io.BytesIO(b'{"a": 1.10}')) == {"a": Decimal("1.10")}


@pytest.mark.parametrize("body", [b"[" * 50_000 + b"]" * 50_000, b'{"a": "\\u0000"}', b"\xff", b" " * 1_000_001])
def test_the_parser_refuses_with_an_application_error(body):
    with pytest.raises(ApplicationError):
        BoundedJSONParser().parse(io.BytesIO(body))


@pytest.mark.parametrize(("exc", "code"), [
    (ApplicationError("period: укажите месяц", code="invalid_period", field="period"), "invalid_period"),
    (ValidationError({"period": ["укажите месяц"]}), "invalid_value"),
])
def test_an_application_or_validation_error_is_400_naming_the_code_and_field(exc, code):
    context = {"request": APIRequestFactory().get("/"), "view": None}
    response = exception_handler(exc, context)
    assert response.status_code == 400
    assert (response.data["code"], response.data["field"]) == (code, "period")
    assert "укажите месяц" in response.data["error"]
