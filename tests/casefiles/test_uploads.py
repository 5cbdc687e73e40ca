"""Uploads into a case: PDF, DOCX, JPEG, PNG by content (never by name), not encrypted, within
the size limit of settings; stored in the archive with the SHA-256; refused with nothing written."""

from __future__ import annotations

import hashlib

import pytest

from casefiles import services
from casefiles.models import Case, CaseDocument
from casefiles.uploads import check_upload
from core.errors import ApplicationError
from documents import storage

from . import samples
from .conftest import archive_files


@pytest.fixture
def case(debts, lawyer):
    return services.case_open(consumer=debts[0].consumer, debts=debts, kind=Case.Kind.CLAIM, actor=lawyer)


@pytest.mark.parametrize(
    ("content", "extension"),
    [(samples.pdf(), "pdf"), (samples.docx(), "docx"), (samples.png(), "png"), (samples.jpeg(), "jpg")],
)
def test_each_accepted_kind_is_stored_with_its_hash(case, lawyer, archive_dir, content, extension):
    # when — the name lies about the kind: the content decides
    item = services.document_upload(case=case, content=content, filename="скан.txt", kind="power_of_attorney",
                                    title="Доверенность № 15", actor=lawyer)
    # then
    assert item.storage_name.endswith(f".{extension}") and item.sha256 == hashlib.sha256(content).hexdigest()
    assert storage.read(item.storage_name) == content
    assert archive_files(archive_dir) == [item.storage_name]
    assert item.original_name == "скан.txt" and item.size == len(content)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty_file"),
        (samples.pdf(password="secret"), "encrypted_file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "encrypted_file"),  # a password-protected Word file
        (samples.docm(), "macro_file"),
        (b"MZ\x90\x00" + b"\x00" * 100, "unsupported_file"),  # an executable named .pdf
        (b"<html><body>PDF</body></html>", "unsupported_file"),
        (b"%PDF-1.7\n garbage", "corrupt_file"),
        (samples.png()[:30], "corrupt_file"),
    ],
)
def test_what_is_not_allowed_is_refused_and_nothing_is_stored(case, lawyer, archive_dir, content, code):
    with pytest.raises(ApplicationError) as exc:
        services.document_upload(case=case, content=content, filename="document.pdf", kind="other", title="Скан",
                                 actor=lawyer)
    assert (exc.value.code, exc.value.field) == (code, "file")
    assert exc.value.message.startswith("Файл:")
    assert not CaseDocument.objects.exists() and archive_files(archive_dir) == []


def test_the_size_limit_comes_from_settings(settings):
    settings.CASEFILES_MAX_UPLOAD_BYTES = 100
    with pytest.raises(ApplicationError) as exc:
        check_upload(samples.pdf())
    assert exc.value.code == "too_large"


def test_a_failed_row_removes_its_file(case, lawyer, archive_dir, monkeypatch):
    # given the audit write fails after the file was stored
    def broken(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr("casefiles.services.attachments.record_event", broken)  # where document_upload looks it up
    with pytest.raises(RuntimeError):
        services.document_upload(case=case, content=samples.pdf(), filename="a.pdf", kind="other", title="Скан",
                                 actor=lawyer)
    assert archive_files(archive_dir) == [] and not CaseDocument.objects.exists()


def test_a_download_is_checked_and_audited(case, lawyer):
    from audit.models import AuditEvent

    item = services.document_upload(case=case, content=samples.pdf(), filename="a.pdf", kind="other",
                                    title="Выписка из ЕГРЮЛ", actor=lawyer)
    delivered = services.case_document_file(item=item, actor=lawyer)
    assert delivered.content == storage.read(item.storage_name) and delivered.filename == "Выписка из ЕГРЮЛ.pdf"
    assert AuditEvent.objects.filter(action="case.document_downloaded", target_id=str(case.pk)).count() == 1


def test_a_changed_file_is_not_delivered(case, lawyer, archive_dir):
    item = services.document_upload(case=case, content=samples.pdf(), filename="a.pdf", kind="other", title="Скан",
                                    actor=lawyer)
    (archive_dir / item.storage_name).write_bytes(samples.pdf(pages=2))
    with pytest.raises(ApplicationError) as exc:
        services.case_document_file(item=item, actor=lawyer)
    assert exc.value.code == "file_tampered"


def test_the_archive_check_knows_the_uploads(case, lawyer, archive_dir):
    from documents.verification import verify_archive

    item = services.document_upload(case=case, content=samples.pdf(), filename="a.pdf", kind="other", title="Скан",
                                    actor=lawyer)
    report = verify_archive()
    assert report.ok and report.orphans == []
    (archive_dir / item.storage_name).write_bytes(b"%PDF-changed")
    assert any("изменен" in problem for problem in verify_archive().problems)
