"""Template versions: the manifest's file, uploads by administrators, preview."""

import io

import pytest
from docx import Document

from audit.models import AuditEvent
from core.errors import ApplicationError
from documents.models import TemplateVersion
from documents.registry import get_spec
from documents.services import (
    current_template_version,
    issue_document,
    render_preview,
    template_content,
    upload_template_version,
)

from .conftest import archive_files, make_docx


@pytest.fixture
def admin(make_user):
    return make_user("Администратор")


def letter_with(*extra: str) -> bytes:
    """A valid common.letter replacement using some of its declared variables."""
    return make_docx("{{ heading }}", "{% for p in paragraphs %}{{ p }}{% endfor %}", "{{ signer.name }}", *extra)


def test_the_manifest_file_is_its_manifest_version_on_first_use(db):
    version = current_template_version(code="common.letter")
    assert (version.version, version.source) == (get_spec("common.letter").version, TemplateVersion.Source.MANIFEST)
    assert template_content(version) == get_spec("common.letter").file.read_bytes()
    assert "addressee" in version.variables


def test_an_upload_becomes_the_next_version_and_old_ones_stay(consumer, admin, letter_context):
    # given a document issued with the repository's version V
    v = get_spec("common.letter").version
    old = issue_document(template="common.letter", context=letter_context, subject=consumer, actor=admin)
    # when an administrator uploads a new file
    new = upload_template_version(
        code="common.letter", content=letter_with("Новая редакция"), actor=admin, comment="редакция 2026"
    )
    # then it is version V + 1 and current, version V stays with its document
    assert (new.version, new.source, new.uploaded_by) == (v + 1, TemplateVersion.Source.UPLOAD, admin)
    assert current_template_version(code="common.letter") == new
    old.refresh_from_db()
    assert old.template_version == v and old.template.version == v
    assert TemplateVersion.objects.filter(code="common.letter").count() == 2
    assert AuditEvent.objects.filter(action="template.version_added", actor=admin).count() == 1
    # and the next document uses it
    fresh = issue_document(template="common.letter", context=letter_context, subject=consumer, actor=admin)
    assert fresh.template_version == v + 1


def test_preview_renders_the_sample(db):
    docx = render_preview(code="common.notice")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    assert "УВЕДОМЛЕНИЕ" in text and "о необходимости поверки" in text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "пуст"),
        (b"PK\x03\x04 not really a zip", "поврежден|не является"),
        (b"%PDF-1.7 a pdf renamed to docx", "не является документом Word"),
        ("Просто текст".encode(), "не является документом Word"),
        (make_docx("{{ heading }", "x"), "ошибка в теге Jinja"),
        (make_docx("{% for p in paragraphs %}{{ p }}"), "ошибка в теге Jinja"),
        (make_docx("{{ heading }}", "{{ debt_total|money }}"), "переменные debt_total не объявлены в манифесте"),
        (make_docx("{{ signer.name|money }}"), "недопустимое значение"),
    ],
    ids=["empty", "broken-zip", "pdf", "text", "syntax", "unclosed", "unknown-variable", "sample-fails"],
)
def test_bad_uploads_are_refused_with_the_cause_and_leave_nothing(db, admin, archive_dir, content, message):
    current_template_version(code="common.letter")
    files_before = archive_files(archive_dir)
    with pytest.raises(ApplicationError, match=message):
        upload_template_version(code="common.letter", content=content, actor=admin)
    assert TemplateVersion.objects.filter(code="common.letter").count() == 1
    assert archive_files(archive_dir) == files_before


def test_upload_for_an_unknown_template_is_refused(db, admin):
    with pytest.raises(ApplicationError) as exc:
        upload_template_version(code="common.unknown", content=letter_with(), actor=admin)
    assert (exc.value.code, exc.value.field) == ("not_found", "template")


def test_a_template_file_changed_in_the_archive_is_not_used(db, archive_dir):
    version = current_template_version(code="common.letter")
    path = archive_dir / version.storage_name
    path.write_bytes(path.read_bytes() + b"tampered")
    from documents import services

    services._template_cache.clear()
    with pytest.raises(ApplicationError) as exc:
        template_content(version)
    assert (exc.value.code, exc.value.field) == ("file_tampered", "template")
