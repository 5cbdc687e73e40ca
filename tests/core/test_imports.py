"""The cell reading and the refusal every file import shares (core/imports.py)."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import pytest

from core.imports import CellError, ImportRefused, cell_blank, cell_decimal, cell_shown


@pytest.mark.parametrize(("cell", "expected"), [
    ("1 234,567", Decimal("1234.567")),
    ("1\u00a0234.5", Decimal("1234.5")),
    ("\u202f-0,125 ", Decimal("-0.125")),
    (12, Decimal("12")),
    (0.1, Decimal("0.1")),  # a workbook float as it reads, not its binary expansion
    (3.3 * 3, Decimal("9.9")),  # a computed cell (9.899999999999999): the float's noise rounded off
    (0.1 + 0.2, Decimal("0.3")),
    (1e-13, Decimal("0")),
    (99.99999999999999, Decimal("100")),
])
def test_a_cell_reads_as_an_exact_number(cell, expected):
    assert cell_decimal(cell, "не число") == expected


@pytest.mark.parametrize("cell", ["abc", "1,2,3", "NaN", "Infinity", True, date(2026, 3, 1), ""])
def test_anything_else_is_refused_with_the_callers_message(cell):
    with pytest.raises(CellError, match="^ожидается число$"):
        cell_decimal(cell, "ожидается число")


@pytest.mark.parametrize(("cell", "problem"), [
    ("1e400", "число слишком велико"), (1e300, "число слишком велико"), ("9" * 40, "число слишком велико"),
    ("0,0000000000001", "знаков после запятой"), (float("inf"), "ожидается число"),
])
def test_a_number_out_of_bounds_is_refused_saying_why(cell, problem):
    # a readings CSV's 1e400 once reached the unit conversion and failed there with a traceback
    with pytest.raises(CellError, match=problem):
        cell_decimal(cell, "ожидается число")


@pytest.mark.parametrize(("cell", "shown"), [
    (None, ""),
    (datetime(2026, 3, 1), "01.03.2026"),  # noqa: DTZ001 — a workbook cell is naive
    (datetime(2026, 3, 1, 9, 30), "01.03.2026 09:30"),  # noqa: DTZ001
    (date(2026, 3, 1), "01.03.2026"),
    (5.0, "5"),
    (5.25, "5.25"),
    ("  УУ-1 ", "УУ-1"),
])
def test_a_cell_is_shown_in_the_report_as_the_file_has_it(cell, shown):
    assert cell_shown(cell) == shown


def test_blank_cells():
    assert cell_blank(None) and cell_blank("  ") and not cell_blank(0) and not cell_blank("0")


@dataclass(frozen=True)
class Problem:
    row: int

    def sort_key(self):
        return self.row

    def __str__(self):
        return f"строка {self.row}"


@pytest.mark.parametrize(("count", "words"), [(1, "1 ошибка"), (3, "3 ошибки"), (5, "5 ошибок"), (21, "21 ошибка")])
def test_a_refused_file_counts_its_problems_in_russian(count, words):
    error = ImportRefused([Problem(row) for row in range(count, 0, -1)])
    assert error.message == f"Файл не загружен: {words}, ничего не записано"
    assert (error.code, error.field) == ("import_refused", "file")
    assert error.extra["problems"] == [f"строка {row}" for row in range(1, count + 1)]  # in row order
