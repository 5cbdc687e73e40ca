"""Metering XLSX downloads: text cells are strings, dates are dates."""

import io
from datetime import date

import openpyxl

from metering.exports import Sheet, workbook_bytes


def test_a_formula_like_text_is_written_as_a_string():
    # given an object whose address is a formula
    formula = '=HYPERLINK("http://example.invalid","Нажмите")'
    # when
    data = workbook_bytes([Sheet("Поверка", ["Адрес", "Дата"], [[formula, date(2026, 2, 28)]])])
    # then
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert (sheet["A2"].value, sheet["A2"].data_type) == (formula, "s")
    assert sheet["B2"].is_date and sheet["B2"].number_format == "DD.MM.YYYY"
