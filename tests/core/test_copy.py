"""The COPY text encoder of bulk inserts (``core.copy``)."""

from datetime import date
from decimal import Decimal

import pytest

from core.copy import NULL, copy_escape, copy_row, copy_value


@pytest.mark.parametrize(
    ("text", "encoded"),
    [
        ("ч. 9.1 ст. 15 190-ФЗ; 1/300", "ч. 9.1 ст. 15 190-ФЗ; 1/300"),
        ("a\tb", "a\\tb"),
        ("строка 1\nстрока 2", "строка 1\\nстрока 2"),
        ("конец\r\n", "конец\\r\\n"),
        ("C:\\путь", "C:\\\\путь"),
        ("\\N", "\\\\N"),  # the text «\N» is not NULL
        ("\\t", "\\\\t"),  # a backslash before a letter stays two characters
        ('{"a":"x\\ny"}', '{"a":"x\\\\ny"}'),  # JSON's own escapes keep their backslash
        ("", ""),
    ],
)
def test_special_characters_are_escaped(text, encoded):
    assert copy_escape(text) == encoded


def test_values_go_in_as_postgresql_reads_them():
    assert copy_value(None) == NULL == "\\N"
    assert copy_value(Decimal("1234.50")) == "1234.50"
    assert copy_value(Decimal("-0.001")) == "-0.001"
    assert copy_value(date(2026, 1, 31)) == "2026-01-31"
    assert copy_value(42) == "42"
    assert copy_value("пени\t1/130") == "пени\\t1/130"


def test_a_row_is_tab_separated_and_newline_terminated():
    row = (1, None, date(2026, 2, 1), Decimal("9.5"), "ключевая ставка\n9,5 %", "")
    assert copy_row(row) == "1\t\\N\t2026-02-01\t9.5\tключевая ставка\\n9,5 %\t\n"
    assert copy_row(()) == "\n"
