"""What the reader of a template will see (documents/template_checks.py): every template of
the manifests passes; each bad upload is refused with its code and the place, and leaves
the current version as it was; ``manage.py template_check`` and ``template_preview``."""

from __future__ import annotations

import dataclasses
import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from docx.shared import Mm

from core.errors import ApplicationError
from documents import template_checks
from documents.models import TemplateVersion
from documents.registry import get_spec, manifest
from documents.services import current_template_version, upload_template_version
from documents.template_checks import check_spec, check_template

from .conftest import archive_files, make_docx

CODES = sorted(manifest())
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def lawyer(make_user):
    return make_user("Администратор")


def codes(result) -> list[str]:
    return [finding.code for finding in result.findings]


# --- every template ------------------------------------------------------------------------

@pytest.mark.parametrize("code", CODES)
def test_every_template_passes_what_the_reader_will_see(code, libreoffice):
    # when the repository's file of the template is checked with its sample, PDF included
    result = check_spec(get_spec(code))
    # then there is no finding, and the preview has its page count and first page
    assert result.findings == []
    assert result.page_count >= 1
    assert result.first_page_png.startswith(PNG)
    assert result.variables <= get_spec(code).variables | {"document"}


# --- the reader's checks, one by one -------------------------------------------------------

def letter_spec(**sample):
    spec = get_spec("common.letter")
    return dataclasses.replace(spec, sample={**spec.sample, **sample})


def test_an_empty_value_is_found_with_its_tag_and_place():
    # given a sample whose heading is empty and whose signer's position is None
    spec = letter_spec(heading="  ", signer={"position": None, "name": "М.С. Волкова", "authority": ""})
    # when
    result = check_template(spec.file.read_bytes(), spec, label="t", convert=False)
    # then each printed empty value is named by its tag, with the paragraph before it
    found = {(f.code, f.message.split(" печатает")[0]) for f in result.findings}
    assert ("empty_value", "тег {{ heading }}") in found
    assert ("none_value", "тег {{ signer.position }}") in found
    heading = next(f for f in result.findings if "{{ heading }}" in f.message)
    assert heading.place.startswith("абзац") and "ул. Ленина" in heading.place


def test_a_value_behind_an_if_may_be_empty():
    # given: common.letter prints in_reply_to only {%p if in_reply_to %}
    spec = letter_spec(in_reply_to={})
    # then an empty reply reference is not a finding
    assert check_template(spec.file.read_bytes(), spec, label="t", convert=False).findings == []


def test_none_typed_in_the_sample_and_a_half_typed_tag_are_found():
    # given "None" as a value, and a tag typed with one opening brace (Jinja sees no tag, the reader would)
    content = make_docx("{{ heading }}", "Подпись: {{ signer.name }}", "Кому: { salutation }}")
    spec = letter_spec(signer={"position": "Начальник", "name": "None"})
    # when
    result = check_template(content, spec, label="t", convert=False)
    # then
    assert sorted(codes(result)) == ["leftover_tag", "none_value"]
    leftover = next(f for f in result.findings if f.code == "leftover_tag")
    assert "Кому: { salutation }}" in leftover.place


def test_a_tag_split_across_runs_by_formatting_still_works():
    # given a tag whose braces Word put in two runs of different formatting
    document = Document(io.BytesIO(make_docx("{{ heading }}")))
    paragraph = document.add_paragraph("Кому: ")
    paragraph.add_run("{")
    paragraph.add_run("{ salutation }}").bold = True
    # then docxtpl joins it: the value is printed, nothing is left
    assert check_template(_save(document), letter_spec(), label="t", convert=False).findings == []


def test_a_page_not_a4_and_narrow_margins_are_found_per_section():
    # given a Letter page (python-docx's default) with a left margin of 15 mm
    document = Document()
    document.add_paragraph("{{ heading }}")
    document.sections[0].left_margin = Mm(15)
    # when
    result = check_template(_save(document), letter_spec(), label="t", convert=False)
    # then
    assert "page_size" in codes(result)
    margin = next(f for f in result.findings if f.code == "page_margins")
    assert "левое поле 15,0 мм" in margin.message


def test_every_section_is_checked():
    # given a second section (e.g. a landscape appendix) with a left margin of 10 mm
    document = Document(io.BytesIO(make_docx("{{ heading }}")))
    appendix = document.add_section()
    appendix.page_width, appendix.page_height = Mm(297), Mm(210)
    appendix.left_margin = Mm(10)
    # when
    result = check_template(_save(document), letter_spec(), label="t", convert=False)
    # then the landscape A4 is fine, its margin is not
    assert [(f.code, f.place) for f in result.findings] == [("page_margins", "раздел 2")]


def test_a_font_the_pdf_does_not_have_is_named():
    # given a run in a font that is neither installed nor metrically replaced
    document = Document(io.BytesIO(make_docx("{{ heading }}")))
    document.add_paragraph().add_run("Особый текст").font.name = "Comic Sans MS"
    # when
    result = check_template(_save(document), letter_spec(), label="t", convert=False)
    # then
    font = next(f for f in result.findings if f.code == "font_missing")
    assert "Comic Sans MS" in font.message and font.place == "текст документа"


def test_a_word_font_whose_substitute_is_not_installed_is_named(monkeypatch):
    # given a server without Liberation Serif
    monkeypatch.setattr(template_checks, "installed_fonts", lambda: frozenset({"Carlito", "Caladea"}))
    spec = get_spec("common.letter")
    # when
    result = check_template(spec.file.read_bytes(), spec, label="t", convert=False)
    # then Times New Roman (the templates' font) is named with its missing substitute
    assert any("Times New Roman" in f.message and "Liberation Serif" in f.message for f in result.findings)


# --- bad uploads ---------------------------------------------------------------------------

def _save(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _rezip(content: bytes, *, add: dict[str, bytes] | None = None, drop: str = "",
           replace: dict[str, tuple[str, str]] | None = None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            if item.filename == drop:
                continue
            data = source.read(item.filename)
            if replace and item.filename in replace:
                old, new = replace[item.filename]
                data = data.replace(old.encode(), new.encode())
            target.writestr(item, data)
        for name, data in (add or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def good_letter() -> bytes:
    return make_docx("{{ heading }}", "{%p for p in paragraphs %}", "{{ p }}", "{%p endfor %}", "{{ signer.name }}")


MACRO_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"
MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"

BAD_UPLOADS = {
    "broken-tag": ("common.letter", lambda: make_docx("{{ heading }", "x"), "template_syntax", "{{ heading }"),
    "unclosed-block": ("common.letter", lambda: make_docx("{%p if salutation %}", "{{ salutation }}"),
                       "template_syntax", ""),
    "undeclared-variable": ("common.letter", lambda: make_docx("{{ heading }}", "Долг: {{ debt_total }}"),
                            "unknown_variable", "Долг: {{ debt_total }}"),
    "macro-part": ("common.letter", lambda: _rezip(good_letter(), add={"word/vbaProject.bin": b"\x00" * 64}),
                   "macro_file", "vbaProject.bin"),
    "macro-content-type": ("common.letter", lambda: _rezip(
        good_letter(), replace={"[Content_Types].xml": (MAIN_TYPE, MACRO_TYPE)}), "macro_file", "macroEnabled"),
    "encrypted": ("common.letter", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096,
                  "encrypted_file", "пароль"),
    "text-named-docx": ("common.letter", lambda: "Просто текст".encode(), "not_docx", "не ZIP"),
    "zip-without-document": ("common.letter", lambda: _rezip(good_letter(), drop="word/document.xml"),
                             "not_docx", "word/document.xml"),
    "sample-leaves-a-field-empty": ("settlements.penalty_statement",
                                    lambda: make_docx("{{ consumer.name }}", "Уплачено пени: {{ penalty_paid }}"),
                                    "empty_value", "{{ penalty_paid }}"),
    "not-a4": ("common.letter", lambda: _save(Document()), "page_size", ""),
    "tag-of-a-missing-field": ("common.letter", lambda: make_docx("{{ signer.phone }}"), "undefined_variable", "phone"),
    "half-typed-tag": ("common.letter", lambda: make_docx("{{ heading }}", "Кому: { salutation }}"),
                       "leftover_tag", "Кому: { salutation }}"),
}


@pytest.mark.parametrize("case", sorted(BAD_UPLOADS))
def test_a_bad_upload_is_refused_naming_the_problem_and_the_current_version_stays(db, lawyer, archive_dir, case):
    # given the current version of the template
    code, build, error_code, named = BAD_UPLOADS[case]
    current = current_template_version(code=code)
    files_before = archive_files(archive_dir)
    # when the bad file is uploaded
    with pytest.raises(ApplicationError) as exc:
        upload_template_version(code=code, content=build(), actor=lawyer, comment="правка")
    # then it is refused with the code of the problem, naming the tag or the place
    assert (exc.value.code, exc.value.field) == (error_code, "file")
    assert named in exc.value.message
    # and nothing changed: the current version, the versions, the archive
    assert current_template_version(code=code) == current
    assert TemplateVersion.objects.filter(code=code).count() == 1
    assert archive_files(archive_dir) == files_before


def test_an_upload_over_the_size_bound_is_refused(db, lawyer, monkeypatch):
    monkeypatch.setattr(template_checks, "MAX_TEMPLATE_BYTES", 1000)
    with pytest.raises(ApplicationError) as exc:
        upload_template_version(code="common.letter", content=good_letter(), actor=lawyer)
    assert (exc.value.code, exc.value.field) == ("too_large", "file")


def test_every_finding_is_listed_with_the_refusal(db, lawyer):
    # given a file with two problems: a Letter page and an empty value
    document = Document(io.BytesIO(make_docx("{{ consumer.name }}", "Уплачено пени: {{ penalty_paid }}")))
    document.sections[0].page_width = Mm(216)
    with pytest.raises(ApplicationError) as exc:
        upload_template_version(code="settlements.penalty_statement", content=_save(document), actor=lawyer)
    # then the first names the refusal and all are in its extra, for the page to list
    assert {f["code"] for f in exc.value.extra["findings"]} == {"empty_value", "page_size"}


# --- the commands --------------------------------------------------------------------------

def test_template_check_prints_one_line_per_template(capsys):
    call_command("template_check", "common.letter", "common.notice", "--no-pdf")
    assert capsys.readouterr().out.splitlines() == ["common.letter: замечаний нет", "common.notice: замечаний нет"]


def test_template_check_prints_each_finding_and_fails(monkeypatch, tmp_path, capsys):
    # given a manifest entry whose file is on Letter with "None" in a heading
    bad = tmp_path / "letter.docx"
    bad.write_bytes(_save(Document()))
    spec = dataclasses.replace(get_spec("common.letter"), file=bad)
    from documents.management.commands import template_check

    monkeypatch.setattr(template_check, "get_spec", lambda code: spec)
    # when
    with pytest.raises(CommandError) as exc:
        call_command("template_check", "common.letter", "--no-pdf")
    # then each finding is one line with its place, and the exit code is not zero
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("common.letter: параметры страницы: размер страницы 216 × 279 мм") for line in lines)
    assert exc.value.returncode == 1


def test_template_preview_writes_the_pages_as_png(db, tmp_path, libreoffice, lawyer):
    # given an uploaded version 2
    upload_template_version(code="common.letter", content=good_letter(), actor=lawyer)
    # when
    call_command("template_preview", "common.letter", "--version", "2", "--out", str(tmp_path), "--dpi", "40")
    # then
    assert (tmp_path / "common.letter-v2-1.png").read_bytes().startswith(PNG)
    assert (tmp_path / "common.letter-v2.pdf").read_bytes().startswith(b"%PDF")
