"""The scaffold starts a new template in the ГОСТ layout and never replaces a file
(docs/documents.md, "How to add a template")."""

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from docx.shared import Mm

from documents import rendering
from documents.registry import manifest


def sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def test_the_scaffold_starts_a_new_template_in_the_gost_layout(tmp_path):
    out = io.StringIO()
    path = tmp_path / "area" / "seal_act.docx"
    call_command("template_scaffold", "metering.seal_act", str(path), "--title", "АКТ ПЛОМБИРОВАНИЯ",
                 "--kind", "act", stdout=out)
    content = path.read_bytes()
    # the manifest entry to paste, with the file's hash
    printed = out.getvalue()
    assert f'sha256 = "{sha(content)}"' in printed and 'code = "metering.seal_act"' in printed
    assert f'history = [{{ version = 1, sha256 = "{sha(content)}" }}]' in printed
    # a real template: its tags parse, A4 with the margins of docs/documents.md
    assert rendering.template_variables(content, label="seal_act") == {"organization", "paragraphs", "signer", "document"}
    section = Document(io.BytesIO(content)).sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and section.left_margin >= Mm(20)
    assert "АКТ ПЛОМБИРОВАНИЯ" in "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def test_the_scaffold_never_overwrites_a_file(tmp_path):
    # given a committed template's file
    committed = manifest()["common.notice"].file
    before = committed.read_bytes()
    # when the scaffold is pointed at it (under a new code)
    with pytest.raises(CommandError, match="уже существует"):
        call_command("template_scaffold", "common.other", str(committed), stdout=io.StringIO())
    # then the file is untouched
    assert committed.read_bytes() == before


def test_the_scaffold_refuses_a_code_already_in_the_manifest(tmp_path):
    with pytest.raises(CommandError, match="уже есть в манифесте"):
        call_command("template_scaffold", "common.letter", str(tmp_path / "letter.docx"), stdout=io.StringIO())
    assert not (tmp_path / "letter.docx").exists()
