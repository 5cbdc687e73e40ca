"""Numbers and dates as Russian people write them: the pure formatters every layer shares.

``documents.formatting`` re-exports them (documents, Jinja filters); pages use them through
the ``ru_format`` template filters (``core/templatetags/ru_format.py``).

Decisions:
- Digit groups are separated by U+00A0 NO-BREAK SPACE, and so is the number from its unit
  (``1 234 567,89 ₽``): a number never breaks across lines in Word or LibreOffice, and
  Times New Roman and its metric clone Liberation Serif both have the glyph (the narrow
  U+202F of typographic practice is missing from some office fonts).
- Money is rounded half-up to the kopeck; Гкал half-up to 0.001. Floats are refused:
  money and volumes are ``Decimal`` (or ``int``/``str`` of a decimal number).
- Long dates follow ГОСТ Р 7.0.97-2016 п. 5.10 (``5 июня 2016 г.``, no leading zero);
  dates in blanks of acts and contracts are quoted with a two-digit day
  (``«05» марта 2026 г.``), as acts and contracts write them.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

NBSP = "\u00a0"
KOPECK = Decimal("0.01")

MONTHS_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)


def to_decimal(value) -> Decimal:
    if isinstance(value, float):
        raise TypeError("Деньги и объемы передаются как Decimal, а не float")
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value).replace(NBSP, "").replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"Не число: {value!r}") from None


def _grouped(value: Decimal, places: int) -> str:
    """``1234567.891`` with 2 places → ``1 234 567,89`` (NBSP between groups)."""
    sign = "-" if value < 0 else ""
    text = f"{abs(value):.{places}f}"
    whole, _, fraction = text.partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    result = NBSP.join(groups)
    return f"{sign}{result},{fraction}" if places else f"{sign}{result}"


def money(value, currency: str = "₽") -> str:
    """``Decimal("1234567.891")`` → ``1 234 567,89 ₽``; ``currency="руб."`` for the
    ``125 430,50 руб.`` style; ``currency=""`` for the bare number."""
    amount = to_decimal(value).quantize(KOPECK, rounding=ROUND_HALF_UP)
    text = _grouped(amount, 2)
    return f"{text}{NBSP}{currency}" if currency else text


def amount(value) -> str:
    """``Decimal("1234567.891")`` → ``1 234 567,89``: money without its currency (table
    cells, formulas)."""
    return money(value, currency="")


def number(value, places: int = 3) -> str:
    """``Decimal("12345.6")`` → ``12 345,600``: half-up to ``places``, NBSP between digit
    groups (readings, hours, temperatures in acts)."""
    return _grouped(to_decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP), places)


def plain_number(value) -> str:
    """``Decimal("9.5000")`` → ``9,5``; ``Decimal("0.123400")`` → ``0,1234``: the value as
    stored, trailing zeros dropped, no rounding and no digit groups — rates and loads as
    people write them."""
    return format(to_decimal(value).normalize(), "f").replace(".", ",")


def percent(value) -> str:
    """``Decimal("22.00")`` → ``22 %``, ``Decimal("9.5")`` → ``9,5 %`` (NBSP before the sign)."""
    return f"{plain_number(value)}{NBSP}%"


def temperature(value) -> str:
    """°C to 0.1, half-up, with the minus sign of print: ``Decimal("-5.9")`` → ``−5,9``,
    ``Decimal("20")`` → ``20,0`` (the unit is the caller's: ``−5,9 °C``)."""
    return number(value, 1).replace("-", "\u2212")


def _as_date(value) -> date:
    if isinstance(value, datetime):
        raise TypeError("Ожидается дата (date), а не дата и время")
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def date_quoted(value) -> str:
    """``date(2026, 11, 26)`` → ``«26» ноября 2026 г.`` (day with two digits: ``«05»``)."""
    d = _as_date(value)
    return f"«{d.day:02d}» {MONTHS_GENITIVE[d.month - 1]} {d.year}{NBSP}г."


def date_long(value) -> str:
    """``date(2026, 6, 5)`` → ``5 июня 2026 г.`` (ГОСТ Р 7.0.97-2016 п. 5.10)."""
    d = _as_date(value)
    return f"{d.day} {MONTHS_GENITIVE[d.month - 1]} {d.year}{NBSP}г."


def date_short(value) -> str:
    """``date(2026, 11, 26)`` → ``26.11.2026``."""
    return f"{_as_date(value):%d.%m.%Y}"


def gcal(value) -> str:
    """Heat in Гкал (and water in м³) to three decimals, half-up: ``Decimal("1234.5675")``
    → ``1 234,568``."""
    return number(value, 3)


def decimal_text(value) -> str:
    """A decimal as typed or as a calculation wrote it, the Russian way: digit groups (NBSP)
    and a comma, the places kept as they are: ``"828000.00"`` → ``828 000,00``, ``"59.520"``
    → ``59,520``, ``"-12.5"`` → ``-12,5``. For inputs shown back and calculators' results."""
    number = to_decimal(value)
    places = max(-number.as_tuple().exponent, 0) if number.is_finite() else 0
    return _grouped(number, places)
