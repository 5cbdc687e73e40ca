"""The template workbook: the layout's sheets and headers; filled in, it imports."""

import io

import pytest
from openpyxl import load_workbook

from subscribers.imports.layout import SHEETS
from subscribers.imports.problems import ImportRefused
from subscribers.imports.registry import registry_import
from subscribers.imports.template import template_xlsx
from subscribers.models import Consumer

from . import files


def test_the_template_has_a_sheet_per_entity_with_the_layout_headers():
    workbook = load_workbook(io.BytesIO(template_xlsx()))

    assert workbook.sheetnames == ["Описание", "Абоненты", "Объекты", "Нагрузки", "Договоры"]
    for sheet in SHEETS:
        assert [c.value for c in workbook[sheet.title][1]] == [c.header for c in sheet.columns]
    described = {(row[0], row[1]) for row in workbook["Описание"].iter_rows(min_row=4, values_only=True)}
    assert described == {(s.title, c.header) for s in SHEETS for c in s.columns}


def test_an_empty_template_is_refused_as_empty(db):
    with pytest.raises(ImportRefused) as caught:
        registry_import(data=template_xlsx(), filename="shablon.xlsx")
    assert [str(p) for p in caught.value.problems] == ["в файле нет ни одной строки данных"]


def test_the_filled_template_imports(reference_data):
    workbook = load_workbook(io.BytesIO(template_xlsx()))
    ws = workbook["Абоненты"]
    headers = [c.value for c in ws[1]]
    for row in files.consumer_rows(2):
        ws.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)

    result = registry_import(data=buffer.getvalue(), filename="shablon.xlsx")

    assert result.counts["Абоненты"].created == 2 and Consumer.objects.count() == 2
