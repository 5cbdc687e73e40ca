"""The comparison of two versions of a template's text (documents.template_diff)."""

import io

import pytest
from docx import Document

from core.errors import ApplicationError
from documents.template_diff import compare, docx_text, word_segments


def version(*, heading: str, closing: str, price_header: str, extra: str | None = None) -> bytes:
    """A template as a lawyer keeps it: paragraphs with tags and a table with a {%tr %} row."""
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "{{ organization.short_name }}"
    doc.add_paragraph(heading)
    doc.add_paragraph("")
    doc.add_paragraph("Просим оплатить счет до {{ due }}.")
    if extra:
        doc.add_paragraph(extra)
    table = doc.add_table(rows=3, cols=3)
    for cell, text in zip(table.rows[0].cells, ["№", "Наименование", price_header], strict=True):
        cell.text = text
    table.rows[1].cells[0].text = "{%tr for row in rows %}"
    for cell, text in zip(table.rows[2].cells, ["{{ row.n }}", "{{ row.name }}", "{{ row.price }}"], strict=True):
        cell.text = text
    doc.add_paragraph(closing)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


OLD = version(heading="СЧЕТ НА ОПЛАТУ № {{ document.number }}", closing="Руководитель {{ signers.head.name }}",
              price_header="Цена, руб.")


def test_a_changed_paragraph_and_a_changed_table_cell_between_two_versions():
    new = version(heading="СЧЕТ НА ОПЛАТУ № {{ document.number }} от {{ document.date }}",
                  closing="Руководитель {{ signers.head.name }}", price_header="Цена за единицу, руб.")
    diff = compare(OLD, new)
    # the heading is one changed paragraph, the words added marked
    [paragraph] = diff.paragraphs
    assert (paragraph.kind, paragraph.where) == ("changed", "Абзац 1")
    assert paragraph.old == "СЧЕТ НА ОПЛАТУ № {{ document.number }}"
    assert "".join(s.text for s in paragraph.new_segments if s.kind == "added").strip() == "от {{ document.date }}"
    # the price column's header is one changed cell, found by its position
    [cell] = diff.cells
    assert (cell.kind, cell.where) == ("changed", "Таблица 1, строка 1, столбец 3")
    assert (cell.old, cell.new) == ("Цена, руб.", "Цена за единицу, руб.")
    assert "".join(s.text for s in cell.new_segments if s.kind == "added").strip() == "за единицу"
    assert diff.counts() == {"added": 0, "removed": 0, "changed": 2}


def test_added_and_removed_paragraphs():
    new = version(heading="СЧЕТ НА ОПЛАТУ № {{ document.number }}", closing="Руководитель {{ signers.head.name }}",
                  price_header="Цена, руб.", extra="НДС начисляется по ставке {{ totals.vat_rate }}.")
    diff = compare(OLD, new)
    assert [(c.kind, c.new) for c in diff.paragraphs] == [("added", "НДС начисляется по ставке {{ totals.vat_rate }}.")]
    assert not diff.cells
    back = compare(new, OLD)
    assert [(c.kind, c.old) for c in back.paragraphs] == [("removed", "НДС начисляется по ставке {{ totals.vat_rate }}.")]


def test_the_same_file_has_no_changes_and_headers_are_read():
    assert compare(OLD, OLD).empty
    text = docx_text(OLD)
    assert any(p.where.startswith("Верхний колонтитул") and "short_name" in p.text for p in text.paragraphs)
    assert all(p.text.strip() for p in text.paragraphs)  # empty paragraphs are skipped
    assert len(text.cells) == 9


def test_a_row_added_to_a_table_shows_its_cells_as_added():
    doc = Document(io.BytesIO(OLD))
    row = doc.tables[0].add_row()
    row.cells[1].text = "Итого"
    out = io.BytesIO()
    doc.save(out)
    diff = compare(OLD, out.getvalue())
    assert [(c.kind, c.where, c.new) for c in diff.cells] == [("added", "Таблица 1, строка 4, столбец 2", "Итого")]


def test_word_segments():
    old, new = word_segments("оплатить до 10 числа", "оплатить до 18 числа")
    assert [(s.kind, s.text) for s in old] == [("equal", "оплатить до "), ("removed", "10"), ("equal", " числа")]
    assert [(s.kind, s.text) for s in new] == [("equal", "оплатить до "), ("added", "18"), ("equal", " числа")]


def test_a_file_that_is_not_a_docx_is_refused():
    with pytest.raises(ApplicationError) as refused:
        compare(b"not a docx", OLD)
    assert (refused.value.code, refused.value.field) == ("not_docx", "file")
