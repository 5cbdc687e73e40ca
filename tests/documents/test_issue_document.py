import hashlib
import io

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import DatabaseError, connection, transaction
from docx import Document

from audit.models import AuditEvent
from core.errors import ApplicationError
from documents.models import ArchivedDocument, ArchiveIsImmutable, RegistrationCounter
from documents.registry import get_spec
from documents.services import issue_document
from documents.storage import read

from .conftest import archive_files


@pytest.fixture
def issuer(make_user):
    return make_user("Расчетчик", username="smirnova")


def test_issuing_stores_an_immutable_record_with_file_hash_number_and_audit(
    consumer, issuer, letter_context, archive_dir, django_capture_on_commit_callbacks
):
    # when
    with django_capture_on_commit_callbacks() as callbacks:
        document = issue_document(template="common.letter", context=letter_context, subject=consumer, actor=issuer)
    # then the record
    document.refresh_from_db()
    year = document.issued_at.year
    assert document.number == f"ИСХ-{year}/000001"
    assert (document.template_code, document.template_version, document.title) == (
        "common.letter", get_spec("common.letter").version, "Исходящее письмо"
    )
    assert document.subject == consumer and document.subject_repr == str(consumer)
    assert document.issued_by == issuer and document.context == letter_context
    # and the file, whose hash is recorded
    content = read(document.storage_name)
    assert hashlib.sha256(content).hexdigest() == document.sha256 and len(content) == document.size
    text = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    assert "О сверке взаимных расчетов за октябрь 2026 г." in text
    cells = "\n".join(c.text for t in Document(io.BytesIO(content)).tables for r in t.rows for c in r.cells)
    assert f"ИСХ-{year}/000001" in cells
    # and the audit event in the same transaction
    event = AuditEvent.objects.get(action="document.issued")
    assert event.target_id == str(document.pk) and event.actor == issuer
    assert event.data["number"] == document.number and event.data["sha256"] == document.sha256
    # and the PDF conversion queued after commit
    assert len(callbacks) == 1


def test_numbers_run_per_prefix(consumer, issuer, letter_context):
    from documents.registry import get_spec
    from documents.services import sample_context

    notice = sample_context(get_spec("common.notice"))
    notice.pop("document")
    numbers = [
        issue_document(template="common.letter", context=letter_context, subject=consumer, actor=issuer).number,
        issue_document(template="common.notice", context=notice, subject=consumer, actor=issuer).number,
        issue_document(template="common.letter", context=letter_context, subject=consumer, actor=issuer).number,
    ]
    assert [n.split("/")[1] for n in numbers] == ["000001", "000001", "000002"]
    assert [n.split("-")[0] for n in numbers] == ["ИСХ", "УВД", "ИСХ"]


def test_a_correction_names_the_document_it_replaces(consumer, issuer, letter_context):
    first = issue_document(template="common.letter", context=letter_context, subject=consumer, actor=issuer)
    second = issue_document(
        template="common.letter", context={**letter_context, "heading": "Об исправлении"}, subject=consumer,
        actor=issuer, replaces=first,
    )
    assert second.replaces == first and list(first.replaced_by.all()) == [second]
    assert AuditEvent.objects.get(target_id=str(second.pk), action="document.issued").data["replaces"] == first.number


def test_archived_rows_refuse_changes_through_the_orm(consumer, issuer, letter_context):
    document = issue_document(template="common.letter", context=letter_context, subject=consumer, actor=issuer)
    document.title = "Другое"
    with pytest.raises(ArchiveIsImmutable):
        document.save()
    with pytest.raises(ArchiveIsImmutable):
        document.delete()
    with pytest.raises(ArchiveIsImmutable):
        ArchivedDocument.objects.filter(pk=document.pk).update(title="x")


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE documents_archiveddocument SET sha256 = 'x' WHERE id = %s",
        "DELETE FROM documents_archiveddocument WHERE id = %s",
    ],
)
def test_archived_rows_refuse_changes_in_the_database(consumer, issuer, letter_context, sql):
    document = issue_document(template="common.letter", context=letter_context, subject=consumer, actor=issuer)
    with pytest.raises(DatabaseError, match="insert-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [document.pk])
    assert ArchivedDocument.objects.get(pk=document.pk).sha256 == document.sha256


# --- bad input: nothing partial is written ---------------------------------------------------

def assert_nothing_written(archive_dir):
    assert ArchivedDocument.objects.count() == 0
    assert not AuditEvent.objects.filter(action="document.issued").exists()
    assert not [f for f in archive_files(archive_dir) if f.startswith("documents/")]
    assert not RegistrationCounter.objects.filter(last_number__gt=0).exists()


def test_a_missing_variable_is_refused_before_anything_is_written(consumer, issuer, letter_context, archive_dir):
    del letter_context["signer"]
    with pytest.raises(ApplicationError, match="signer") as exc:
        issue_document(template="common.letter", context=letter_context, subject=consumer, actor=issuer)
    assert (exc.value.code, exc.value.field) == ("context_mismatch", "context")
    assert_nothing_written(archive_dir)


def test_an_undeclared_variable_is_refused(consumer, issuer, letter_context, archive_dir):
    with pytest.raises(ApplicationError, match="signr") as exc:
        issue_document(template="common.letter", context={**letter_context, "signr": {}}, subject=consumer, actor=issuer)
    assert (exc.value.code, exc.value.field) == ("context_mismatch", "context")
    assert_nothing_written(archive_dir)


def test_a_missing_nested_value_names_the_field_and_template(consumer, issuer, letter_context, archive_dir):
    letter_context["signer"] = {"position": "Начальник", "authority": ""}
    with pytest.raises(ApplicationError) as exc:
        issue_document(template="common.letter", context=letter_context, subject=consumer, actor=issuer)
    assert (exc.value.code, exc.value.field) == ("undefined_variable", "context")
    assert "common.letter" in exc.value.message and "«name»" in exc.value.message
    assert_nothing_written(archive_dir)


def test_an_unknown_template_is_refused(consumer, issuer, archive_dir):
    with pytest.raises(ApplicationError) as exc:
        issue_document(template="common.nope", context={}, subject=consumer, actor=issuer)
    assert (exc.value.code, exc.value.field) == ("not_found", "template")
    assert_nothing_written(archive_dir)


def test_a_value_that_cannot_be_archived_is_refused(consumer, issuer, letter_context, archive_dir):
    with pytest.raises(ApplicationError) as exc:
        issue_document(template="common.letter", context={**letter_context, "heading": object()}, subject=consumer, actor=issuer)
    assert (exc.value.code, exc.value.field) == ("not_serializable", "context")
    assert_nothing_written(archive_dir)


def test_subject_and_actor_are_required(consumer, issuer, letter_context):
    with pytest.raises(ApplicationError) as no_subject:
        issue_document(template="common.letter", context=letter_context, subject=None, actor=issuer)
    with pytest.raises(ApplicationError) as no_actor:
        issue_document(template="common.letter", context=letter_context, subject=consumer, actor=None)
    assert (no_subject.value.code, no_subject.value.field) == ("required", "subject")
    assert (no_actor.value.code, no_actor.value.field) == ("required", "actor")


class FailingMidwayStorage(FileSystemStorage):
    """The storage boundary failing after half the file is on disk (disk full, network)."""

    def _save(self, name, content):
        path = self.path(name)
        import os

        os.makedirs(os.path.dirname(path), exist_ok=True)
        data = content.read()
        with open(path, "wb") as handle:
            handle.write(data[: len(data) // 2])
        raise OSError(28, "No space left on device")


def test_a_storage_write_failing_midway_leaves_no_row_no_file_and_no_number(
    settings, consumer, issuer, letter_context, archive_dir
):
    # given the manifest template registered while the storage still worked
    from documents.services import current_template_version

    current_template_version(code="common.letter")
    settings.STORAGES = {
        **settings.STORAGES,
        "archive": {"BACKEND": f"{__name__}.FailingMidwayStorage", "OPTIONS": {"location": str(archive_dir)}},
    }
    # when
    with pytest.raises(OSError, match="No space left"):
        issue_document(template="common.letter", context=letter_context, subject=consumer, actor=issuer)
    # then
    assert_nothing_written(archive_dir)


def test_a_database_refusal_after_the_write_removes_the_file(consumer, issuer, letter_context, archive_dir):
    # given a document already numbered 000001 and a counter set back behind the app's back
    from django.db import IntegrityError

    first = issue_document(template="common.letter", context=letter_context, subject=consumer, actor=issuer)
    RegistrationCounter.objects.update(last_number=0)
    files_before = archive_files(archive_dir)
    # when the next issue collides on the unique number after its file was written
    with pytest.raises(IntegrityError):
        issue_document(template="common.letter", context=letter_context, subject=consumer, actor=issuer)
    # then its file is gone and only the first document remains
    assert archive_files(archive_dir) == files_before
    assert list(ArchivedDocument.objects.values_list("pk", flat=True)) == [first.pk]
