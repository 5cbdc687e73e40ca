"""Property-based tests of the edge parsers (hypothesis): whatever arrives, each parser
either returns a value inside its bounds or refuses with ``ApplicationError`` naming the
field — never another exception. Derandomized and bounded so CI is reproducible and fast."""

import json
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from core import bounds
from core.errors import ApplicationError
from core.imports import CellError, cell_decimal
from settlements.bank_formats import StatementFormatError, parse_statement

FUZZ = settings(max_examples=150, deadline=None, derandomize=True, database=None)

NUMBER_TEXT = st.one_of(
    st.from_regex(r"\A-?\d{1,40}([.,]\d{0,20})?([eE][+-]?\d{1,4})?\Z"),
    st.sampled_from(["NaN", "-Infinity", "sNaN", "1e400", "1e-400", "1 200,50", "", " ", "0E-1000", "٣"]),
    st.text(max_size=80),
)
ANYTHING = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=10**30, max_value=10**600), st.floats(),
    st.decimals(allow_nan=True, allow_infinity=True), NUMBER_TEXT, st.dates(), st.lists(st.integers(), max_size=3),
)


def refused_by_name(exc: ApplicationError, field: str) -> bool:
    return exc.field == field and exc.message.startswith(f"{field}: ")


@FUZZ
@given(ANYTHING)
def test_decimal_is_bounded_or_refused(value):
    try:
        number = bounds.decimal(value, field="amount")
    except ApplicationError as exc:
        assert refused_by_name(exc, "amount")
        return
    assert number.is_finite() and abs(number) < Decimal(10) ** bounds.MAX_INTEGER_DIGITS
    number.quantize(Decimal("0.01"))  # the kopeck rounding of any accepted number fits the context


@FUZZ
@given(ANYTHING)
def test_integer_is_bounded_or_refused(value):
    try:
        number = bounds.integer(value, field="days", minimum=0, maximum=3660)
    except ApplicationError as exc:
        assert refused_by_name(exc, "days")
        return
    assert isinstance(number, int) and 0 <= number <= 3660


@FUZZ
@given(st.one_of(ANYTHING, st.from_regex(r"\A\d{4}-\d{2}-\d{2}\Z"), st.from_regex(r"\A\d{4}-\d{1,3}\Z")))
def test_day_and_period_are_in_range_or_refused(value):
    for parse, field in ((bounds.day, "as_of"), (bounds.period, "period")):
        try:
            parsed = parse(value, field=field)
        except ApplicationError as exc:
            assert refused_by_name(exc, field)
            continue
        assert isinstance(parsed, date) and bounds.FIRST_DAY <= parsed <= bounds.LAST_DAY


@FUZZ
@given(st.one_of(st.text(), st.from_regex(r"\A\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)\Z")))
def test_moment_has_a_zone_and_a_sane_date_or_is_refused(value):
    try:
        moment = bounds.moment(value, field="updated_since")
    except ApplicationError as exc:
        assert refused_by_name(exc, "updated_since")
        return
    assert moment.tzinfo is not None and bounds.FIRST_DAY <= moment.date() <= bounds.LAST_DAY


@FUZZ
@given(st.text(alphabet=st.characters(codec=None, exclude_categories=())), st.integers(min_value=1, max_value=50))
def test_text_is_clean_utf8_or_refused(value, max_length):
    try:
        text = bounds.text(value, field="id", max_length=max_length)
    except ApplicationError as exc:
        assert refused_by_name(exc, "id")
        return
    assert len(text) <= max_length and "\x00" not in text
    text.encode("utf-8")


@FUZZ
@given(st.one_of(st.text(), st.binary(), st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text()),
    lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(st.text(), children, max_size=3)),
    max_leaves=30,
).map(json.dumps)))
def test_json_loads_cleanly_or_is_refused_as_input(data):
    try:
        value = bounds.load_json(data)
    except ApplicationError as exc:
        assert exc.field is not None and exc.message.startswith(f"{exc.field}: ")
        return
    bounds.check_json(value)  # what was accepted passes the check again


@FUZZ
@given(ANYTHING)
def test_a_spreadsheet_cell_is_a_bounded_number_or_a_cell_error(value):
    try:
        number = cell_decimal(value, "ожидается число")
    except CellError:
        return
    assert abs(number) < Decimal(10) ** bounds.MAX_INTEGER_DIGITS


CSV_HEAD = ("Дата;Номер;Сумма;ИНН плательщика;КПП плательщика;Плательщик;Счет плательщика;ИНН получателя;"
            "Счет получателя;Назначение платежа\n")


@settings(FUZZ, max_examples=60)
@given(NUMBER_TEXT, st.one_of(st.from_regex(r"\A\d{1,2}\.\d{1,2}\.\d{2,4}\Z"), st.text(max_size=12)),
       st.text(max_size=30))
def test_a_csv_statement_row_is_read_or_refused_with_its_problems(amount, day, payer):
    row = f"{day};1;{amount};7712345671;771201001;{payer};40702810400000012345;7729123451;40702810000000054321;оплата\n"
    try:
        statement = parse_statement((CSV_HEAD + row).encode("utf-8", "surrogatepass"), filename="x.csv")
    except StatementFormatError as exc:
        assert exc.problems
        return
    for payment in statement.payments:
        assert payment.amount > 0 and bounds.FIRST_DAY <= payment.doc_date <= bounds.LAST_DAY


@FUZZ
@given(st.binary(max_size=300), st.sampled_from([b"", b"1CClientBankExchange\n", CSV_HEAD.encode()]))
def test_any_bytes_are_a_statement_or_a_format_error(tail, head):
    try:
        parse_statement(head + tail)
    except StatementFormatError as exc:
        assert exc.problems
