import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from documents.services import issue_document
from documents.tasks import convert_document_to_pdf, verify_archive_task
from documents.verification import verify_archive


@pytest.fixture
def archive(consumer, make_user, letter_context, libreoffice):
    issuer = make_user("Расчетчик")
    documents = [
        issue_document(template="common.letter", context=letter_context, subject=consumer, actor=issuer)
        for _ in range(3)
    ]
    convert_document_to_pdf.apply(args=(documents[0].pk,))
    return documents


def test_an_intact_archive_verifies(archive):
    report = verify_archive()
    assert report.ok, report.message()
    # 1 template + 3 documents + 1 PDF
    assert (report.checked_files, report.checked_rows) == (5, 5)
    assert report.orphans == []


def test_a_changed_file_is_reported(archive, archive_dir):
    path = archive_dir / archive[1].storage_name
    path.write_bytes(path.read_bytes().replace(b"word", b"WORD", 1))
    report = verify_archive()
    assert not report.ok
    assert report.problems == [
        f"документ {archive[1].number}: файл {archive[1].storage_name} изменен — SHA-256 не совпадает с записанным"
    ]


def test_a_missing_file_is_reported(archive, archive_dir):
    pdf = archive[0].pdf_renditions.get()
    (archive_dir / pdf.storage_name).unlink()
    report = verify_archive()
    assert report.problems == [f"PDF документа {archive[0].number}: файл {pdf.storage_name} отсутствует"]


def test_a_row_changed_behind_the_applications_back_is_reported(archive, attacker):
    # given the context of a document rewritten in the database, its file untouched
    attacker.rewrite_row("documents_archiveddocument", archive[2].pk, "context", json.dumps({"heading": "подлог"}))
    # then
    report = verify_archive()
    assert report.problems == [f"документ {archive[2].number}: запись изменена после создания (не совпадает с журналом аудита)"]


def test_a_row_and_its_file_swapped_together_are_reported(archive, attacker, archive_dir):
    # given an attacker who replaced a file and updated the row's hash to match
    from documents.storage import sha256

    forged = b"forged document"
    (archive_dir / archive[1].storage_name).write_bytes(forged)
    attacker.rewrite_row("documents_archiveddocument", archive[1].pk, "sha256", sha256(forged))
    report = verify_archive()
    assert not report.ok
    assert "запись изменена" in report.problems[0]


def test_orphan_files_are_listed_without_failing(archive, archive_dir):
    orphan = archive_dir / "documents" / "2026" / "left-by-a-rollback.docx"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"x")
    report = verify_archive()
    assert report.ok and report.orphans == ["documents/2026/left-by-a-rollback.docx"]


def test_the_command_exits_non_zero_on_damage(archive, archive_dir, capsys):
    call_command("archive_verify")
    assert "Архив цел" in capsys.readouterr().out
    (archive_dir / archive[0].storage_name).unlink()
    with pytest.raises(CommandError, match="отсутствует") as info:
        call_command("archive_verify")
    assert info.value.returncode == 2


def test_the_task_reports_the_same(archive):
    assert verify_archive_task() == verify_archive().as_dict()


def test_a_deleted_archive_row_behind_its_issued_event_is_reported(archive, attacker):
    # given a document row deleted with the triggers bypassed, its file and event left
    from audit.models import AuditEvent

    event = AuditEvent.objects.get(action="document.issued", target_id=str(archive[2].pk))
    attacker.delete_row("documents_archiveddocument", archive[2].pk)
    # when
    report = verify_archive()
    # then
    assert report.problems == [
        f"документ {archive[2].number}: запись архива удалена — есть событие аудита №{event.sequence} о ее создании"
    ]
    with pytest.raises(CommandError, match="запись архива удалена"):
        call_command("archive_verify")
