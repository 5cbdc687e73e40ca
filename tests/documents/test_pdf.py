"""PDF renditions: archived beside the DOCX by a Celery task; retried, then recorded as
failed with the reason, the DOCX staying available.

The task runs with ``apply()`` — in this process, on both passes — so the converter
boundary replaced here is the one it calls.
"""

import pytest

from audit.models import AuditEvent
from documents.models import PdfRendition
from documents.services import issue_document, open_document_file
from documents.storage import read, sha256
from documents.tasks import convert_document_to_pdf

from .conftest import archive_files


@pytest.fixture
def document(consumer, make_user, letter_context):
    return issue_document(template="common.letter", context=letter_context, subject=consumer, actor=make_user("Расчетчик"))


def test_the_pdf_is_archived_beside_the_docx(document, fake_converter):
    # when
    result = convert_document_to_pdf.apply(args=(document.pk,)).get()
    # then
    assert result == "done"
    rendition = document.pdf_renditions.get()
    assert rendition.status == PdfRendition.Status.DONE
    content = read(rendition.storage_name)
    assert content.startswith(b"%PDF") and sha256(content) == rendition.sha256
    assert AuditEvent.objects.filter(action="document.pdf_archived", target_id=str(document.pk)).count() == 1


def test_a_second_delivery_of_the_task_changes_nothing(document, fake_converter):
    convert_document_to_pdf.apply(args=(document.pk,)).get()
    convert_document_to_pdf.apply(args=(document.pk,)).get()
    assert document.pdf_renditions.count() == 1 and fake_converter.calls == 1


def test_a_failure_is_retried_and_then_succeeds(document, fake_converter):
    fake_converter.outcomes = ["error", "timeout", "ok"]
    convert_document_to_pdf.apply(args=(document.pk,))
    assert fake_converter.calls == 3
    assert document.pdf_renditions.get().status == PdfRendition.Status.DONE


@pytest.mark.parametrize(
    ("outcome", "reason"),
    [("error", "Ошибка конвертации: soffice завершился с кодом 1"), ("timeout", "не завершилась за отведенное время")],
)
def test_repeated_failure_is_recorded_with_the_reason_and_the_docx_stays(
    document, fake_converter, archive_dir, outcome, reason, make_user
):
    # given a converter that fails every time
    fake_converter.outcomes = [outcome] * 3
    # when
    convert_document_to_pdf.apply(args=(document.pk,))
    # then three attempts, one failure record with the reason, no PDF file
    assert fake_converter.calls == 3
    failure = document.pdf_renditions.get()
    assert failure.status == PdfRendition.Status.FAILED and reason in failure.reason and failure.attempts == 3
    assert not [f for f in archive_files(archive_dir) if f.startswith("pdf/")]
    assert AuditEvent.objects.get(action="document.pdf_failed").data["attempts"] == 3
    # and the DOCX is still served
    served = open_document_file(document=document, actor=make_user("Руководитель"))
    assert sha256(served.content) == document.sha256


def test_a_missing_converter_is_a_recorded_failure(document, monkeypatch):
    # given no converter module at all (LibreOffice support not installed)
    import sys

    monkeypatch.setitem(sys.modules, "documents.pdf", None)
    convert_document_to_pdf.apply(args=(document.pk,))
    failure = document.pdf_renditions.get()
    assert failure.status == PdfRendition.Status.FAILED and "недоступен" in failure.reason


def test_a_changed_docx_is_not_converted(document, fake_converter, archive_dir):
    (archive_dir / document.storage_name).write_bytes(b"changed")
    convert_document_to_pdf.apply(args=(document.pk,))
    assert fake_converter.calls == 0
    assert "изменен" in document.pdf_renditions.get().reason


def test_a_vanished_document_id_is_ignored(db, fake_converter):
    assert convert_document_to_pdf.apply(args=(987654,)).get() == "missing"
