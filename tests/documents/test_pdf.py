"""PDF renditions: archived beside the DOCX by a Celery task with the real LibreOffice;
retried, then recorded as failed with the reason — the DOCX staying available.

The task runs with ``apply()`` (in this process, on both passes); the last test goes the
whole way through a real worker on the PostgreSQL + Redis pass.
"""

import io
import time

import pytest
from pypdf import PdfReader

from audit.models import AuditEvent
from documents.models import PdfRendition
from documents.services import DOCX_TYPE, issue_document, open_document_file
from documents.storage import read, sha256
from documents.tasks import convert_document_to_pdf

from .conftest import archive_files


@pytest.fixture
def document(consumer, make_user, letter_context):
    return issue_document(template="common.letter", context=letter_context, subject=consumer, actor=make_user("Расчетчик"))


def test_the_pdf_of_the_letter_is_archived_beside_the_docx(document, libreoffice):
    # when
    assert convert_document_to_pdf.apply(args=(document.pk,)).get() == "done"
    # then
    rendition = document.pdf_renditions.get()
    assert rendition.status == PdfRendition.Status.DONE
    pdf = read(rendition.storage_name)
    assert sha256(pdf) == rendition.sha256 and len(pdf) == rendition.size
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert document.number in text and "О сверке взаимных расчетов" in text
    assert AuditEvent.objects.filter(action="document.pdf_archived", target_id=str(document.pk)).count() == 1
    # and a second delivery of the task changes nothing
    assert convert_document_to_pdf.apply(args=(document.pk,)).get() == "done"
    assert document.pdf_renditions.count() == 1


def test_missing_libreoffice_is_retried_then_recorded_and_the_docx_stays(
    document, cold_libreoffice, archive_dir, make_user
):
    # given no LibreOffice where the settings point
    cold_libreoffice.PDF_SOFFICE = "/nonexistent/soffice"
    # when
    assert convert_document_to_pdf.apply(args=(document.pk,)).get() == "failed"
    # then three attempts, one failure naming the cause, no PDF file
    failure = document.pdf_renditions.get()
    assert (failure.status, failure.attempts) == (PdfRendition.Status.FAILED, 3)
    assert "LibreOffice не найден" in failure.reason
    assert not [f for f in archive_files(archive_dir) if f.startswith("pdf/")]
    assert AuditEvent.objects.get(action="document.pdf_failed").data["attempts"] == 3
    # and the DOCX is still served
    served = open_document_file(document=document, actor=make_user("Юрист"))
    assert sha256(served.content) == document.sha256


def test_a_conversion_that_hangs_past_its_timeout_is_recorded(document, cold_libreoffice, archive_dir, client, make_user):
    # given a conversion that cannot finish in its time
    cold_libreoffice.PDF_CONVERSION_TIMEOUT = 0.05
    # when
    assert convert_document_to_pdf.apply(args=(document.pk,)).get() == "failed"
    # then the failure is recorded with the reason and no PDF file is stored for it
    failure = document.pdf_renditions.get()
    assert failure.status == PdfRendition.Status.FAILED
    assert "не завершилась за отведенное время" in failure.reason
    assert (failure.storage_name, failure.sha256, failure.size) == ("", "", None)
    stored = archive_files(archive_dir)
    assert document.storage_name in stored
    assert not [f for f in stored if f.startswith("pdf/") or f.endswith(".pdf")]
    # and the DOCX is still served to a user allowed to open it
    client.force_login(make_user("Юрист"))
    response = client.get(f"/documents/archive/{document.pk}/file/docx/")
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert sha256(response.content) == document.sha256


def test_a_failure_is_retried_and_a_later_attempt_succeeds(document, fake_converter):
    fake_converter.outcomes = ["error", "timeout", "ok"]
    assert convert_document_to_pdf.apply(args=(document.pk,)).get() == "done"
    assert fake_converter.calls == 3
    assert document.pdf_renditions.get().status == PdfRendition.Status.DONE


def test_a_changed_docx_is_not_converted(document, archive_dir, cold_libreoffice):
    (archive_dir / document.storage_name).write_bytes(b"changed")
    assert convert_document_to_pdf.apply(args=(document.pk,)).get() == "failed"
    assert "изменен" in document.pdf_renditions.get().reason


def test_a_vanished_document_id_is_ignored(db):
    assert convert_document_to_pdf.apply(args=(987654,)).get() == "missing"


def test_conversion_can_be_requested_again_after_a_failure(document, libreoffice, make_user):
    from core.errors import ApplicationError
    from documents.services import request_pdf_again

    pool_dir = libreoffice.PDF_POOL_DIR
    libreoffice.PDF_POOL_DIR, libreoffice.PDF_SOFFICE = "/nonexistent/pool", "/nonexistent/soffice"
    convert_document_to_pdf.apply(args=(document.pk,))
    libreoffice.PDF_POOL_DIR, libreoffice.PDF_SOFFICE = pool_dir, "soffice"
    request_pdf_again(document=document, actor=make_user("Руководитель"))
    convert_document_to_pdf.apply(args=(document.pk,))  # what the queue runs after commit
    assert list(document.pdf_renditions.order_by("pk").values_list("status", flat=True)) == ["failed", "done"]
    with pytest.raises(ApplicationError) as exc:
        request_pdf_again(document=document, actor=make_user("Руководитель"))
    assert (exc.value.code, exc.value.field) == ("pdf_exists", "document")


@pytest.mark.worker
def test_a_real_worker_archives_the_pdf_after_commit(celery_workers, make_user, letter_context, settings):
    # given a running worker (real on the PostgreSQL + Redis pass, eager on SQLite) that
    # shares this test's archive (workers get the test settings' ARCHIVE_ROOT)
    from tests.subscribers.factories import ConsumerFactory

    settings.STORAGES = {
        **settings.STORAGES,
        "archive": {**settings.STORAGES["archive"], "OPTIONS": {"location": str(settings.ARCHIVE_ROOT)}},
    }
    celery_workers.start(1)
    # when a document is issued and committed
    document = issue_document(
        template="common.letter", context=letter_context, subject=ConsumerFactory(), actor=make_user("Расчетчик")
    )
    # then the worker converts it and archives the PDF beside the DOCX
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and not document.pdf_renditions.exists():
        time.sleep(0.5)
    rendition = document.pdf_renditions.get()
    assert rendition.status == PdfRendition.Status.DONE, rendition.reason
    assert read(rendition.storage_name).startswith(b"%PDF")
