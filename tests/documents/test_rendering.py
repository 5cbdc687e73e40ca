import io
import zipfile

import pytest
from docx import Document

from core.errors import ApplicationError
from documents import rendering

from .conftest import make_docx


def text_of(docx: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)


def test_renders_values_and_filters():
    content = make_docx("Сумма: {{ amount|money }}", "{{ amount|money_words }}", "Дата: {{ day|date_quoted }}")
    out = rendering.render(content, {"amount": "1234567.89", "day": "2026-11-26"}, label="«t.test»")
    text = text_of(out).replace("\u00a0", " ")
    assert "Сумма: 1 234 567,89 ₽" in text
    assert "Один миллион двести тридцать четыре тысячи пятьсот шестьдесят семь рублей 89 копеек" in text
    assert "Дата: «26» ноября 2026 г." in text


def test_a_missing_variable_names_the_variable_and_the_template():
    content = make_docx("Уважаемый {{ addressee }}!")
    with pytest.raises(ApplicationError) as info:
        rendering.render(content, {}, label="«common.letter» (версия 3)")
    assert (info.value.code, info.value.field) == ("undefined_variable", "context")
    assert "«common.letter» (версия 3)" in info.value.message and "«addressee»" in info.value.message


def test_a_missing_field_of_a_variable_is_named():
    content = make_docx("ИНН {{ consumer.inn }}")
    with pytest.raises(ApplicationError, match="«common.letter».*«inn»") as info:
        rendering.render(content, {"consumer": {"name": "ООО"}}, label="«common.letter»")
    assert info.value.code == "undefined_variable"


def test_markup_characters_in_values_are_escaped():
    content = make_docx("{{ name }}")
    out = rendering.render(content, {"name": "ООО «A & B <C>»"}, label="t")
    assert text_of(out) == "ООО «A & B <C>»"


@pytest.mark.parametrize("count", [0, 1, 7, 250])
def test_tables_of_any_length(count):
    # given a table whose middle row repeats per item
    content = make_docx("Строк: {{ rows|length }}", table_rows="rows")
    rows = [{"a": f"a{i}", "b": f"b{i}"} for i in range(count)]
    # when
    out = rendering.render(content, {"rows": rows}, label="t")
    # then one table row per item, in order
    table = Document(io.BytesIO(out)).tables[0]
    assert [r.cells[0].text for r in table.rows] == [f"a{i}" for i in range(count)]


def test_a_float_in_money_is_a_clear_error():
    content = make_docx("{{ amount|money }}")
    with pytest.raises(ApplicationError) as info:
        rendering.render(content, {"amount": 0.1}, label="t")
    assert (info.value.code, info.value.field) == ("invalid_value", "context")


def test_template_variables_lists_top_level_names():
    content = make_docx("{{ a }} {{ b.c|money }}", "{% for x in items %}{{ x.name }}{% endfor %}")
    assert rendering.template_variables(content, label="t") == {"a", "b", "items"}


def test_syntax_error_is_refused_with_the_place():
    content = make_docx("Текст", "Сумма {{ amount| }} руб.")
    with pytest.raises(ApplicationError) as info:
        rendering.template_variables(content, label="«t.bad»")
    assert (info.value.code, info.value.field) == ("template_syntax", "file")
    assert "«t.bad»" in info.value.message and "Сумма" in info.value.message  # the template and the place


def test_unclosed_block_is_refused():
    content = make_docx("{% if a %}без конца")
    with pytest.raises(ApplicationError) as info:
        rendering.template_variables(content, label="t")
    assert (info.value.code, info.value.field) == ("template_syntax", "file")


def test_not_a_docx_is_refused():
    with pytest.raises(ApplicationError) as info:
        rendering.template_variables(b"%PDF-1.4 this is a pdf", label="t")
    assert (info.value.code, info.value.field) == ("not_docx", "file")


def test_a_zip_without_a_document_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "привет")
    with pytest.raises(ApplicationError) as info:
        rendering.template_variables(out.getvalue(), label="t")
    assert (info.value.code, info.value.field) == ("not_docx", "file")


def test_a_truncated_docx_is_refused():
    content = make_docx("{{ a }}")
    with pytest.raises(ApplicationError) as info:
        rendering.template_variables(content[: len(content) // 2], label="t")
    assert (info.value.code, info.value.field) in {("not_docx", "file"), ("corrupt_file", "file")}


def test_a_docx_with_a_corrupt_part_is_refused():
    # given a DOCX whose document.xml is not XML
    source = zipfile.ZipFile(io.BytesIO(make_docx("{{ a }}")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for item in source.infolist():
            data = b"<w:document><broken" if item.filename == "word/document.xml" else source.read(item)
            archive.writestr(item, data)
    with pytest.raises(ApplicationError) as info:
        rendering.template_variables(out.getvalue(), label="t")
    assert (info.value.code, info.value.field) == ("corrupt_file", "file")
