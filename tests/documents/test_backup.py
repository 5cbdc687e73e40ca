"""The backup drill: issue documents, back up, restore into an empty database and an empty
archive in a fresh process (as an operator would), then audit_verify and archive_verify pass
and every document opens with its recorded SHA-256. Runs on whichever database the pass uses
(SQLite, or PostgreSQL with a scratch database named after the test database)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from audit.models import AuditEvent
from core.errors import ApplicationError
from documents.backup import database
from documents.models import ArchivedDocument
from documents.services import issue_document
from documents.storage import archive_storage
from metering.models import CommissioningRequest, RequestDocument
from tests.conftest import _worker_env
from tests.metering.factories import MeteringUnitFactory

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump sees only committed rows

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


def test_a_backup_restores_into_an_empty_database_and_archive_that_verify(issued, uploaded, tmp_path, empty_target):
    # given two issued documents, an uploaded file, and a stray archive file no row names
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
    assert manifest["counts"] == {
        "documents": 2, "pdf_renditions": 2, "template_versions": 1, "audit_events": AuditEvent.objects.count(),
    }
    assert manifest["audit_head"]["sequence"] == AuditEvent.objects.count()
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
    with pytest.raises(ApplicationError, match="Программа pg_dump не найдена: установите клиент PostgreSQL"):
        database.require_tool("pg_dump")


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
    tables = manage(empty_target, "shell", "-c", "from django.db import connection; print(connection.introspection.table_names())")
    assert tables.stdout.strip().splitlines()[-1] == "[]"
