"""Bounded parsers of everything a user can type or send: the one edge check of numbers,
dates, periods, strings and JSON, shared by the commands, the pages and the API.

Each parser takes the value and the ``field`` that holds it and returns the parsed value or
raises ``ApplicationError`` whose message starts with the field (``claim_amount: …``) and
whose ``field`` is that name. The limits keep every later step safe: a decimal of at most
``MAX_INTEGER_DIGITS`` digits before the point and ``MAX_PLACES`` after it fits the decimal
context (28 digits) through rounding to the kopeck; a date between ``FIRST_DAY`` and
``LAST_DAY`` is one the reference data and the calendar know; a string holds no NUL (which
PostgreSQL refuses) and no lone surrogate (which cannot be written as UTF-8); JSON is of a
bounded size and depth (deep nesting exhausts the recursion limit of the decoder).

Pure Python: no Django, so the statement parsers (``settlements.bank_formats``) use it too.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from core.errors import ApplicationError

MAX_INTEGER_DIGITS = 15  # |number| < 10^15
MAX_PLACES = 12
MAX_NUMBER_TEXT = 64  # characters of a number written as text
MAX_INTEGER = 10**12
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2100, 12, 31)
MAX_TEXT = 1000
MAX_JSON_BYTES = 1_000_000
MAX_JSON_DEPTH = 20
MAX_KEY = 100  # characters of a JSON object's key
SHOWN = 40  # characters of a bad value repeated in a message

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PERIOD_RE = re.compile(r"^(\d{4})-(\d{2})$")
_INTEGER_RE = re.compile(r"^[+-]?\d+$")
_SPACES_RE = re.compile(r"[\s\u00a0\u202f]")
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")
_MOMENT_RE = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$")


def fail(field: str, problem: str, *, code: str) -> ApplicationError:
    """The refusal of ``field``: «field: problem», with its stable ``code``."""
    return ApplicationError(f"{field}: {problem}", code=code, field=field)


def shown(value: Any) -> str:
    """A bad value as a message may repeat it: short, without NUL or lone surrogates."""
    text = safe_text(str(value))
    return text if len(text) <= SHOWN else text[:SHOWN] + "…"


def safe_text(value: str) -> str:
    """``value`` with NUL and lone surrogates replaced by U+FFFD (for logs and the audit)."""
    return _SURROGATE_RE.sub("\ufffd", value).replace("\x00", "\ufffd")


# --------------------------------------------------------------------------- numbers


def decimal(
    value: Any,
    *,
    field: str,
    minimum: Decimal | int | None = None,
    maximum: Decimal | int | None = None,
    positive: bool = False,
    places: int | None = None,
) -> Decimal:
    """A finite decimal of at most ``MAX_INTEGER_DIGITS`` digits before the point and
    ``places`` (at most ``MAX_PLACES``) after it, within ``minimum``…``maximum``.

    Accepts a ``Decimal``, an ``int`` or text with a point or a comma and spaces between
    digit groups (``"1 200,50"``); never a float or a bool."""
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        raise fail(field, "ожидается число (строкой, например \"1200.50\")", code="not_a_number")
    if isinstance(value, str):
        if len(value) > MAX_NUMBER_TEXT:
            raise fail(
                field, f"слишком длинная запись числа ({len(value)} символов, допустимо до {MAX_NUMBER_TEXT})", code="too_long"
            )
        try:
            number = Decimal(_SPACES_RE.sub("", value).replace(",", "."))
        except InvalidOperation:
            raise fail(field, f"«{shown(value)}» — не число", code="not_a_number") from None
    elif isinstance(value, int):
        if value.bit_length() > 4 * MAX_INTEGER_DIGITS:
            raise fail(field, f"число слишком велико: допустимо меньше 10^{MAX_INTEGER_DIGITS} по модулю", code="too_large")
        number = Decimal(value)
    else:
        number = value
    if not number.is_finite():
        raise fail(field, f"«{shown(value)}» — не число", code="not_a_number")
    if number and number.adjusted() >= MAX_INTEGER_DIGITS:
        raise fail(field, f"число слишком велико: допустимо меньше 10^{MAX_INTEGER_DIGITS} по модулю", code="too_large")
    allowed = MAX_PLACES if places is None else min(places, MAX_PLACES)
    if number.as_tuple().exponent < -allowed:
        if number == 0:
            number = Decimal(0)
        else:
            raise fail(field, f"не более {allowed} знаков после запятой", code="too_many_places")
    _check_range(number, field=field, minimum=minimum, maximum=maximum, positive=positive)
    return number


def integer(
    value: Any, *, field: str, minimum: int | None = None, maximum: int | None = MAX_INTEGER
) -> int:
    """A whole number (an ``int``, digits as text, or a whole ``Decimal``) within
    ``minimum``…``maximum`` (by default at most ``MAX_INTEGER``)."""
    if isinstance(value, bool):
        raise fail(field, "ожидается целое число", code="not_an_integer")
    if isinstance(value, str):
        text = value.strip()
        if not _INTEGER_RE.match(text):
            raise fail(field, "ожидается целое число", code="not_an_integer")
        if len(text.lstrip("+-")) > MAX_INTEGER_DIGITS:
            raise fail(field, f"число слишком велико: допустимо меньше 10^{MAX_INTEGER_DIGITS}", code="too_large")
        value = int(text)
    elif isinstance(value, Decimal):
        if not value.is_finite() or value != value.to_integral_value():
            raise fail(field, "ожидается целое число", code="not_an_integer")
        if value and value.adjusted() >= MAX_INTEGER_DIGITS:
            raise fail(field, f"число слишком велико: допустимо меньше 10^{MAX_INTEGER_DIGITS}", code="too_large")
        value = int(value)
    if not isinstance(value, int):
        raise fail(field, "ожидается целое число", code="not_an_integer")
    if value.bit_length() > 4 * MAX_INTEGER_DIGITS:
        raise fail(field, f"число слишком велико: допустимо меньше 10^{MAX_INTEGER_DIGITS}", code="too_large")
    _check_range(value, field=field, minimum=minimum, maximum=maximum, positive=False)
    return value


def _check_range(number, *, field: str, minimum, maximum, positive: bool) -> None:
    if positive and number <= 0:
        raise fail(field, "должно быть больше нуля", code="out_of_range")
    if minimum is not None and number < minimum:
        raise fail(
            field, "не может быть отрицательным" if minimum == 0 else f"должно быть не меньше {minimum}", code="out_of_range"
        )
    if maximum is not None and number > maximum:
        raise fail(field, f"должно быть не больше {maximum}", code="out_of_range")


# --------------------------------------------------------------------------- dates


def day(value: Any, *, field: str) -> date:
    """A calendar date ``ГГГГ-ММ-ДД`` (or a ``date``) between ``FIRST_DAY`` and ``LAST_DAY``."""
    if isinstance(value, datetime) or not isinstance(value, (str, date)):
        raise fail(field, f"ожидается дата в формате ГГГГ-ММ-ДД, получено «{shown(value)}»", code="invalid_date")
    if isinstance(value, str):
        if not _DATE_RE.match(value.strip()):
            raise fail(field, f"ожидается дата в формате ГГГГ-ММ-ДД, получено «{shown(value)}»", code="invalid_date")
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise fail(field, f"несуществующая дата «{shown(value)}»", code="invalid_date") from None
    return day_in_range(value, field=field)


def day_in_range(value: date, *, field: str) -> date:
    """``value`` if it lies between ``FIRST_DAY`` and ``LAST_DAY``."""
    if not FIRST_DAY <= value <= LAST_DAY:
        raise fail(field, f"дата {value:%d.%m.%Y} вне допустимого диапазона "
                          f"{FIRST_DAY:%d.%m.%Y}–{LAST_DAY:%d.%m.%Y}", code="out_of_range")
    return value


def moment(value: Any, *, field: str) -> datetime:
    """An ISO 8601 moment with its time zone (``2026-02-01T00:00:00+03:00``) whose date lies
    between ``FIRST_DAY`` and ``LAST_DAY``."""
    problem = "укажите момент в ISO 8601 с часовым поясом, например 2026-02-01T00:00:00+03:00"
    if not isinstance(value, str) or not _MOMENT_RE.match(value.strip()):
        raise fail(field, problem, code="invalid_moment")
    try:
        result = datetime.fromisoformat(value.strip())
    except ValueError:
        raise fail(field, f"несуществующий момент «{shown(value)}»", code="invalid_moment") from None
    day_in_range(result.date(), field=field)
    return result


def period(value: Any, *, field: str) -> date:
    """A month ``ГГГГ-ММ`` (exactly: four digits, a hyphen, two digits) → its first day."""
    match = _PERIOD_RE.match(value.strip()) if isinstance(value, str) else None
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise fail(field, f"период «{shown(value)}»: укажите месяц в виде ГГГГ-ММ, например 2026-01", code="invalid_period")
    return day_in_range(date(int(match.group(1)), int(match.group(2)), 1), field=field)


# --------------------------------------------------------------------------- strings


def text(value: Any, *, field: str, max_length: int = MAX_TEXT) -> str:
    """A string of at most ``max_length`` characters without NUL or lone surrogates."""
    if not isinstance(value, str):
        raise fail(field, "ожидается строка", code="not_a_string")
    if len(value) > max_length:
        raise fail(field, f"слишком длинная строка ({len(value)} символов, допустимо до {max_length})", code="too_long")
    if "\x00" in value:
        raise fail(field, "строка содержит нулевой символ (\\u0000)", code="invalid_text")
    if _SURROGATE_RE.search(value):
        raise fail(field, "строка содержит недопустимые символы (одиночные суррогаты UTF-16)", code="invalid_text")
    return value


# --------------------------------------------------------------------------- JSON


def load_json(
    data: str | bytes, *, field: str = "input", max_bytes: int = MAX_JSON_BYTES, max_depth: int = MAX_JSON_DEPTH
) -> Any:
    """Parse JSON text (or UTF-8 bytes) of at most ``max_bytes`` and ``max_depth`` levels;
    numbers with a point or an exponent are exact ``Decimal`` (never floats), integers of
    more than ``MAX_INTEGER_DIGITS`` digits too (the field's own parser refuses them by
    name), ``NaN``/``Infinity`` are refused, and every string and key is checked by ``text``
    (the message names the path: ``debts[0].id``)."""
    if len(data) > max_bytes:
        raise fail(field, f"слишком большой JSON ({len(data)} байт, допустимо до {max_bytes})", code="too_large")
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise fail(field, f"JSON не в кодировке UTF-8 (байт {exc.start})", code="invalid_encoding") from None
    try:
        value = json.loads(data, parse_float=Decimal, parse_int=_json_integer, parse_constant=_refuse_constant(field))
    except RecursionError:
        raise fail(field, f"вложенность JSON больше {max_depth} уровней", code="too_deep") from None
    except json.JSONDecodeError as exc:
        raise fail(field, f"неверный JSON (строка {exc.lineno}, позиция {exc.colno}): {exc.msg}", code="invalid_json") from None
    except ValueError as exc:
        raise fail(field, f"неверный JSON: {shown(exc)}", code="invalid_json") from None
    check_json(value, field=field, max_depth=max_depth)
    return value


def check_json(value: Any, *, field: str = "input", max_depth: int = MAX_JSON_DEPTH) -> None:
    """Refuse a decoded JSON value nested deeper than ``max_depth`` or holding a string or a
    key that ``text`` refuses. Iterative: any depth is checked without recursion."""
    stack = [(value, field, 1, True)]
    while stack:
        node, path, depth, top = stack.pop()
        if depth > max_depth:
            raise fail(field, f"вложенность JSON больше {max_depth} уровней", code="too_deep")
        if isinstance(node, dict):
            for key, item in node.items():
                try:
                    text(key, field=path, max_length=MAX_KEY)
                except ApplicationError as exc:
                    raise fail(path, "имя поля: " + exc.message.split(": ", 1)[1], code=exc.code) from None
                stack.append((item, key if top else f"{path}.{key}", depth + 1, False))
        elif isinstance(node, list):
            stack.extend((item, f"{path}[{n}]", depth + 1, False) for n, item in enumerate(node))
        elif isinstance(node, str):
            text(node, field=path, max_length=MAX_TEXT)


def _json_integer(digits: str) -> int | Decimal:
    return int(digits) if len(digits) <= MAX_INTEGER_DIGITS + 1 else Decimal(digits)


def _refuse_constant(field: str):
    def refuse(name: str):
        raise fail(field, f"значение {name} не допускается, ожидается число", code="not_a_number")

    return refuse
