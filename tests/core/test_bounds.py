"""``core.bounds``: the edge's bounded parsers refuse, naming the field, what would break a
later step (rounding, PostgreSQL, UTF-8, recursion) or makes no sense (year 9999)."""

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from core import bounds
from core.errors import ApplicationError


@pytest.mark.parametrize(("value", "expected"), [
    ("1200.50", Decimal("1200.50")), ("1 200,50", Decimal("1200.50")), (31, Decimal(31)),
    (Decimal("-8.6"), Decimal("-8.6")), ("999999999999999.99", Decimal("999999999999999.99")),
    ("0E-40", Decimal(0)),
])
def test_a_decimal_within_bounds_is_read_exactly(value, expected):
    assert bounds.decimal(value, field="amount") == expected


@pytest.mark.parametrize(("value", "code"), [
    ("1e400", "too_large"), (Decimal("1E+400"), "too_large"), (10**400, "too_large"),
    ("12345678901234567890123456789012345", "too_large"), ("1" * 65, "too_long"),
    ("1e-400", "too_many_places"), ("NaN", "not_a_number"), ("Infinity", "not_a_number"), ("abc", "not_a_number"),
    (1.5, "not_a_number"), (True, "not_a_number"), (None, "not_a_number"),
])
def test_a_decimal_out_of_bounds_is_refused_naming_the_field(value, code):
    with pytest.raises(ApplicationError) as error:
        bounds.decimal(value, field="claim_amount")
    assert (error.value.code, error.value.field) == (code, "claim_amount")
    assert error.value.message.startswith("claim_amount: ")


def test_a_decimal_respects_its_range_and_places():
    with pytest.raises(ApplicationError) as above:
        bounds.decimal("100.5", field="t", maximum=100)
    with pytest.raises(ApplicationError) as below:
        bounds.decimal("-1", field="t", minimum=0)
    with pytest.raises(ApplicationError) as places:
        bounds.decimal("1.005", field="t", places=2)
    assert [above.value.code, below.value.code, places.value.code] == ["out_of_range", "out_of_range", "too_many_places"]


@pytest.mark.parametrize("value", [
    "1000000000000", Decimal("1E+12"), 10**12, 10**400, "9" * 5000, Decimal("1E+400"),
], ids=["text", "decimal", "int", "int-401-digits", "text-5000-digits", "decimal-1e400"])
def test_an_integer_beyond_its_maximum_is_refused(value):
    with pytest.raises(ApplicationError) as error:
        bounds.integer(value, field="days", maximum=3660)
    assert error.value.code in {"too_large", "out_of_range"}
    assert error.value.field == "days"


@pytest.mark.parametrize("value", ["31", 31, Decimal("31"), Decimal("3.1E+1")])
def test_an_integer_is_read_from_digits_or_a_whole_decimal(value):
    assert bounds.integer(value, field="days", maximum=3660) == 31


@pytest.mark.parametrize("value", ["3.5", Decimal("3.5"), "три", True, Decimal("NaN")])
def test_a_non_integer_is_refused(value):
    with pytest.raises(ApplicationError) as error:
        bounds.integer(value, field="days")
    assert (error.value.code, error.value.field) == ("not_an_integer", "days")


@pytest.mark.parametrize(("value", "code"), [
    ("9999-12-31", "out_of_range"), ("1999-12-31", "out_of_range"),
    ("2026-02-30", "invalid_date"), ("29.05.2026", "invalid_date"), (20260529, "invalid_date"),
])
def test_a_bad_day_is_refused(value, code):
    with pytest.raises(ApplicationError) as error:
        bounds.day(value, field="as_of")
    assert (error.value.code, error.value.field) == (code, "as_of")


def test_a_day_within_2000_2100_is_read():
    assert bounds.day("2026-05-29", field="as_of") == date(2026, 5, 29)
    assert bounds.day(date(2100, 12, 31), field="as_of") == date(2100, 12, 31)


def test_a_moment_with_its_zone_is_read():
    assert bounds.moment("2026-02-01T00:00:00+03:00", field="updated_since") == datetime(
        2026, 2, 1, tzinfo=timezone(timedelta(hours=3)))


@pytest.mark.parametrize("value", [
    "2026-02-30T00:00:00+03:00", "2026-01-01T00:00:00+99:00", "2026-01-01T00:00:00", "вчера",
    "9999-12-31T23:59:59+14:00", "2026-01-01T25:00:00Z",
])
def test_a_bad_moment_is_refused(value):
    with pytest.raises(ApplicationError) as error:
        bounds.moment(value, field="updated_since")
    assert error.value.field == "updated_since"


@pytest.mark.parametrize(("value", "code"), [
    ("a" * 1001, "too_long"), ("a\x00b", "invalid_text"), ("a\ud800b", "invalid_text"), (5, "not_a_string"),
])
def test_a_bad_string_is_refused(value, code):
    with pytest.raises(ApplicationError) as error:
        bounds.text(value, field="id")
    assert (error.value.code, error.value.field) == (code, "id")


def test_safe_text_replaces_nul_and_surrogates():
    assert bounds.safe_text("a\x00b\ud800c") == "a\ufffdb\ufffdc"


def test_json_keeps_decimals_exact_and_names_a_bad_string_by_its_path():
    assert bounds.load_json('{"a": 0.1, "b": [1]}') == {"a": Decimal("0.1"), "b": [1]}
    with pytest.raises(ApplicationError) as error:
        bounds.load_json('{"debts": [{"id": "\\u0000"}]}')
    assert (error.value.code, error.value.field) == ("invalid_text", "debts[0].id")


@pytest.mark.parametrize(("text", "code"), [
    ("[" * 100_000 + "]" * 100_000, "too_deep"), ("[" * 21 + "]" * 21, "too_deep"),
    ('{"a": NaN}', "not_a_number"), ('{"a": -Infinity}', "not_a_number"), ('{"\\ud800": 1}', "invalid_text"),
    (b'{"a": "\xff"}', "invalid_encoding"), ("{oops", "invalid_json"), (" " * 1_000_001, "too_large"),
], ids=["deep-100000", "deep-21", "nan", "infinity", "surrogate-key", "not-utf8", "broken", "too-big"])
def test_bad_json_is_refused_as_input(text, code):
    with pytest.raises(ApplicationError) as error:
        bounds.load_json(text)
    assert (error.value.code, error.value.field) == (code, "input")


def test_a_json_integer_of_5000_digits_reaches_the_field_as_a_decimal():
    # given a number the decoder would refuse with Python's own message
    value = bounds.load_json('{"claim_amount": ' + "9" * 5000 + "}")
    # then the field's parser refuses it by name
    with pytest.raises(ApplicationError) as error:
        bounds.decimal(value["claim_amount"], field="claim_amount")
    assert (error.value.code, error.value.field) == ("too_large", "claim_amount")
