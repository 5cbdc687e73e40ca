"""Exported cells: a formula-like text is written as text in CSV and XLSX (OWASP CSV injection)."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from core.exports import csv_cell, xlsx_row

FORMULA = '=HYPERLINK("http://example.invalid","Нажмите")'


@pytest.mark.parametrize("text", [FORMULA, "+7 (900) 000", "-1+2", "@SUM(A1)", "\tтаб", "\rвозврат", "=1+1"])
def test_csv_quotes_every_text_a_spreadsheet_would_run(text):
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["ООО «Тепло»", "-12.50", "+3", "100.000", "", None, Decimal("-5.00"), 7])
def test_csv_leaves_plain_text_and_numbers_alone(value):
    assert csv_cell(value) == value


@pytest.mark.parametrize("write_only", [False, True])
def test_xlsx_text_cells_are_strings_and_other_values_keep_their_type(write_only):
    # given
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("Лист")
    # when
    sheet.append(xlsx_row(sheet, [FORMULA, "-5 дней", "обычный", Decimal("-5.00"), None, date(2026, 1, 31)]))
    buffer = io.BytesIO()
    book.save(buffer)
    # then
    cells = list(load_workbook(io.BytesIO(buffer.getvalue()))["Лист"].iter_rows())[0]
    assert [(c.value, c.data_type) for c in cells[:4]] == [
        (FORMULA, "s"), ("-5 дней", "s"), ("обычный", "s"), (-5, "n")]
    assert cells[4].value is None and cells[5].is_date
    assert cells[0].quotePrefix and not cells[2].quotePrefix
