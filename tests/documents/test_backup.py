"""The backup drill: issue documents, back up, restore into an empty database and an empty
archive in a fresh process (as an operator would), then audit_verify and archive_verify pass
and every document opens with its recorded SHA-256. Runs on whichever database the pass uses
(SQLite, or PostgreSQL with a scratch database named after the test database)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from datetime import date

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import record_event
from billing.invoices.models import InvoicePrintout, OutputJob
from core.errors import ApplicationError
from documents.backup import database
from documents.models import ArchivedDocument
from documents.services import issue_document
from documents.storage import archive_storage, new_name, stored
from metering.models import CommissioningRequest, RequestDocument
from tests.billing.factories import BillingPeriodFactory
from tests.conftest import _worker_env
from tests.metering.factories import MeteringUnitFactory

# pg_dump sees only committed rows; dateless: files and dumps, the rows' dates do not matter
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.dateless]

OPEN_EVERY_DOCUMENT = """
import hashlib, io, json
from docx import Document
from documents.models import ArchivedDocument
from documents.storage import read
opened = {}
for document in ArchivedDocument.objects.all():
    content = read(document.storage_name)
    Document(io.BytesIO(content))
    opened[document.number] = hashlib.sha256(content).hexdigest()
print(json.dumps(opened))
"""
LAST_EVENT = """
import json
from audit.models import AuditEvent
event = AuditEvent.objects.order_by("sequence").last()
print(json.dumps([event.sequence, event.action, event.data["manifest_sha256"]]))
"""


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env,
        capture_output=True, text=True, timeout=300,
    )


@pytest.fixture
def issued(consumer, make_user, letter_context, eager_celery, fake_converter):
    """Two documents issued through the service, each with its PDF archived after commit."""
    issuer = make_user("Расчетчик")
    return [
        issue_document(template="common.letter", context=letter_context, subject=consumer, actor=issuer)
        for _ in range(2)
    ]


@pytest.fixture
def uploaded(issued, settings, tmp_path):
    """A file uploaded with a commissioning application (default storage, not the archive)."""
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "media")},
    }}
    application = CommissioningRequest.objects.create(
        unit=MeteringUnitFactory(), incoming_number="7", received_on=timezone.localdate(),
        registered_by=issued[0].issued_by,
    )
    return RequestDocument.objects.create(
        request=application, kind=RequestDocument.Kind.SCHEMATIC, file=ContentFile(b"scheme", name="scheme.pdf"),
    )


@pytest.fixture
def printout(issued):
    """A period's merged PDF stored in the archive as billing's printing stores it: its row
    and its ``billing.invoices.printed`` event (billing's archive check reads both)."""
    actor, content = issued[0].issued_by, b"%PDF-1.4 merged period"
    period = BillingPeriodFactory(month=date(2026, 1, 1))
    job = OutputJob.objects.create(kind=OutputJob.Kind.PRINT, period=period, status=OutputJob.Status.DONE,
                                   created_by=actor)
    digest, name = hashlib.sha256(content).hexdigest(), new_name("printouts/2026", "pdf")
    with stored(name, content):
        printed = InvoicePrintout.objects.create(
            period=period, job=job, storage_name=name, sha256=digest, size=len(content), pages=1,
            documents=[issued[0].number], created_by=actor, created_at=timezone.now(),
        )
        record_event(action="billing.invoices.printed", actor=actor, target=printed,
                     data={"period": "01.2026", "documents": 1, "pages": 1, "sha256": digest})
    return printed


@pytest.fixture
def empty_target(tmp_path):
    """The environment of a fresh installation: an empty database (a new SQLite file, or a
    scratch PostgreSQL database named after the test database) and empty archive and media."""
    env = _worker_env()
    env["ARCHIVE_ROOT"] = str(tmp_path / "restored" / "archive")
    env["MEDIA_ROOT"] = str(tmp_path / "restored" / "media")
    if connection.vendor == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'restored' / 'db.sqlite3'}"
        (tmp_path / "restored").mkdir()
        yield env
        return
    name = f"{connection.settings_dict['NAME']}_restore"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = env["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"
    yield env
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def backup(tmp_path):
    call_command("backup", str(tmp_path / "backups"))
    (made,) = (tmp_path / "backups").iterdir()
    return made


def test_a_backup_restores_into_an_empty_database_and_archive_that_verify(
    issued, uploaded, printout, tmp_path, empty_target,
):
    # given two issued documents, billing's printout, an uploaded file, and a stray archive file no row names
    archive_storage().save("documents/stray.docx", ContentFile(b"not archived"))
    # when
    made = backup(tmp_path)
    restored = manage(empty_target, "restore", str(made))
    # then the backup names every file with its hash, the counts and the chain head
    manifest = json.loads((made / "manifest.json").read_text())
    paths = {item["path"] for item in manifest["files"]}
    assert {f"archive/{d.storage_name}" for d in issued} <= paths
    assert "archive/documents/stray.docx" not in paths
    assert f"media/{uploaded.file.name}" in paths
    assert f"archive/{printout.storage_name}" in paths
    copied = AuditEvent.objects.exclude(action="backup.made").count()
    assert manifest["counts"] == {
        "documents": 2, "pdf_renditions": 2, "template_versions": 1, "audit_events": copied,
        "billing.invoiceprintout": 1, "casefiles.casedocument": 0, "inspections.inspectionphoto": 0,
    }
    assert manifest["audit_head"]["sequence"] == copied
    # and the restore loads it and verifies it
    assert restored.returncode == 0, restored.stderr
    assert "Цепочка аудита цела" in restored.stdout and "Архив цел" in restored.stdout
    # and the verification commands pass on the restored copy
    for command in ("audit_verify", "archive_verify"):
        result = manage(empty_target, command)
        assert result.returncode == 0, f"{command}: {result.stderr}"
    # and every document opens from the restored archive with the hash it was issued with
    opened = manage(empty_target, "shell", "-c", OPEN_EVERY_DOCUMENT)
    assert opened.returncode == 0, opened.stderr
    assert json.loads(opened.stdout.strip().splitlines()[-1]) == {d.number: d.sha256 for d in issued}
    assert (tmp_path / "restored" / "media" / uploaded.file.name).read_bytes() == b"scheme"
    assert (tmp_path / "restored" / "archive" / printout.storage_name).read_bytes() == b"%PDF-1.4 merged period"
    # and the restore is recorded after the chain head it verified, naming the manifest
    manifest_sha256 = hashlib.sha256((made / "manifest.json").read_bytes()).hexdigest()
    assert f"Восстановление записано в журнал аудита: событие № {copied + 1}" in restored.stdout
    last = manage(empty_target, "shell", "-c", LAST_EVENT)
    assert json.loads(last.stdout.strip().splitlines()[-1]) == [copied + 1, "backup.restored", manifest_sha256]
    # and the live database recorded the backup after the copy, outside it
    made_event = AuditEvent.objects.get(action="backup.made")
    assert (made_event.sequence, made_event.data["manifest_sha256"]) == (copied + 1, manifest_sha256)


def test_restoring_over_a_database_needs_replace(issued, tmp_path, empty_target):
    # given a backup already restored once
    made = backup(tmp_path)
    assert manage(empty_target, "restore", str(made)).returncode == 0
    # when it is restored again, then without --replace it is refused
    again = manage(empty_target, "restore", str(made))
    assert again.returncode != 0 and "не пуста" in again.stderr
    # and with --replace it replaces the database and verifies
    replaced = manage(empty_target, "restore", "--replace", str(made))
    assert replaced.returncode == 0, replaced.stderr
    assert "Файлов записано в хранилища: 0, уже были на месте: 5" in replaced.stdout


def test_a_tampered_backup_is_refused_naming_the_file_before_anything_is_written(issued, tmp_path, empty_target):
    # given a backup whose copy of one document was altered
    made = backup(tmp_path)
    altered = f"archive/{issued[0].storage_name}"
    (made / altered).write_bytes((made / altered).read_bytes() + b"\0")
    # when
    restored = manage(empty_target, "restore", str(made))
    # then
    assert restored.returncode != 0
    assert f"файл {altered} изменен — SHA-256 не совпадает с manifest.json" in restored.stderr
    assert not (tmp_path / "restored" / "archive").exists()
    assert "Traceback" not in restored.stderr


def test_a_non_empty_database_is_refused_unless_replaced(issued, tmp_path):
    # given a backup, and the database it came from (not empty)
    made = backup(tmp_path)
    # when / then
    with pytest.raises(CommandError, match="не пуста: восстановление идет только в пустую базу .* --replace"):
        call_command("restore", str(made))
    assert ArchivedDocument.objects.count() == 2


def test_the_postgresql_tools_missing_is_a_clear_refusal(monkeypatch):
    # given no PostgreSQL client on the PATH
    monkeypatch.setenv("PATH", "")
    # when / then
    with pytest.raises(ApplicationError, match="pg_dump") as exc:
        database.require_tool("pg_dump")
    assert exc.value.code == "tool_missing"


def test_a_different_file_under_a_taken_name_in_the_target_archive_is_refused(issued, tmp_path, empty_target):
    # given a backup, and a target archive that already holds another file under one of its names
    made = backup(tmp_path)
    taken = tmp_path / "restored" / "archive" / issued[0].storage_name
    taken.parent.mkdir(parents=True)
    taken.write_bytes(b"another file")
    # when
    restored = manage(empty_target, "restore", str(made))
    # then nothing is loaded and the name is given
    assert restored.returncode != 0
    assert "уже есть другие файлы под теми же именами" in restored.stderr
    assert f"archive/{issued[0].storage_name}" in restored.stderr
    assert taken.read_bytes() == b"another file"
    list_tables = "from django.db import connection; print(connection.introspection.table_names())"
    tables = manage(empty_target, "shell", "-c", list_tables)
    assert tables.stdout.strip().splitlines()[-1] == "[]"


def test_a_replace_whose_database_load_fails_leaves_the_current_archive_files(issued, tmp_path, empty_target):
    # given a restored installation where one document's file now differs from the backup and
    # another is gone
    made = backup(tmp_path)
    assert manage(empty_target, "restore", str(made)).returncode == 0
    archive = tmp_path / "restored" / "archive"
    differing, gone = archive / issued[0].storage_name, archive / issued[1].storage_name
    differing.write_bytes(b"the current file")
    gone.unlink()
    # and a backup whose database file is damaged, its manifest made to agree
    manifest = json.loads((made / "manifest.json").read_text())
    damaged = made / manifest["database"]["file"]
    damaged.write_bytes(b"not a database " * 1000)
    for item in manifest["files"]:
        if item["path"] == manifest["database"]["file"]:
            item.update(sha256=hashlib.sha256(damaged.read_bytes()).hexdigest(), size=damaged.stat().st_size)
    (made / "manifest.json").write_text(json.dumps(manifest))
    # when
    replaced = manage(empty_target, "restore", "--replace", str(made))
    # then the load is refused with a message, and the archive is as it was
    assert replaced.returncode != 0 and "Traceback" not in replaced.stderr
    assert "не загружена" in replaced.stderr or "pg_restore завершился с ошибкой" in replaced.stderr
    assert differing.read_bytes() == b"the current file"
    assert not gone.exists()
