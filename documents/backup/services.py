"""``make_backup`` and ``restore_backup``: the one implementation behind ``manage.py backup``
and ``manage.py restore`` (and the drill in the tests)."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, TypeAlias

from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import storages
from django.db import connections
from django.utils import timezone

from audit.services import record_event
from audit.verification import ChainReport, verify_chain
from core.errors import ApplicationError
from documents.verification import ArchiveReport, verify_archive

from . import database, manifest

if TYPE_CHECKING:
    from django.core.files.storage import Storage

# a file of the backup, its storage and its name there
Placement: TypeAlias = "tuple[str, Storage, str]"

# The folder of a backup that holds each storage's files.
STORAGE_FOLDERS = {"archive": "archive", "media": "default"}


@dataclass
class BackupResult:
    path: Path
    manifest_sha256: str
    counts: dict
    audit_head: dict
    files: int
    problems: list[str] = field(default_factory=list)


@dataclass
class RestoreReport:
    chain: ChainReport
    archive: ArchiveReport
    files_written: int
    files_present: int
    mismatches: list[str] = field(default_factory=list)
    event_sequence: int | None = None  # the ``backup.restored`` event, written only when ok

    @property
    def ok(self) -> bool:
        return self.chain.ok and self.archive.ok and not self.mismatches


def make_backup(*, directory: Path, using: str = "default") -> BackupResult:
    """Write ``directory/<UTC timestamp>/``: the database copy first, then exactly the files
    that copy references, then the manifest. Missing or altered files are copied as found
    and listed in ``problems`` (and in the manifest); the backup is still written."""
    connection = connections[using]
    database.supported(connection)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    final, partial = directory / stamp, directory / f".{stamp}.partial"
    if final.exists() or partial.exists():
        raise ApplicationError(f"Резервная копия {final} уже существует: повторите через секунду", code="file_exists")
    partial.mkdir(parents=True)
    try:
        db_file = database.DUMP_FILES[connection.vendor]
        snapshot = database.dump(connection, partial / db_file)
        problems: list[str]
        entries, problems = [manifest.entry(partial, db_file)], []
        for name, expected in sorted(snapshot.archive.items()):
            entries += _copy_out(partial, "archive", name, expected, problems)
        for name in snapshot.media:
            entries += _copy_out(partial, "media", name, None, problems)
        manifest_sha256 = manifest.write(partial, {
            "format": manifest.FORMAT,
            "created_at": timezone.now().isoformat(),
            "database": {"vendor": connection.vendor, "file": db_file},
            "counts": snapshot.counts,
            "audit_head": snapshot.audit_head,
            "files": entries,
            "problems": problems,
        })
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    # After the copy (never inside it): the chain of the live database vouches for the manifest.
    record_event(action="backup.made", data={
        "directory": final.name, "manifest_sha256": manifest_sha256, "counts": snapshot.counts,
        "audit_head": snapshot.audit_head, "files": len(entries), "problems": len(problems),
    })
    return BackupResult(final, manifest_sha256, snapshot.counts, snapshot.audit_head, len(entries), problems)


def restore_backup(*, directory: Path, replace: bool = False, using: str = "default") -> RestoreReport:
    """Check every hash of the backup in ``directory``, put its files into the storages,
    load its database into the (empty, or with ``replace`` wholly replaced) database, then
    verify the audit chain, the archive and the counts against the manifest."""
    data = manifest.read_and_check(directory)
    connection = connections[using]
    database.supported(connection)
    vendor = data["database"]["vendor"]
    if vendor != connection.vendor:
        raise ApplicationError(
            f"Копия снята с базы {vendor}, а восстанавливается в {connection.vendor}: так нельзя", code="backup_vendor"
        )
    if not replace and not database.is_empty(connection):
        raise ApplicationError(
            f"База данных {connection.settings_dict['NAME']} не пуста: восстановление идет только в пустую "
            "базу (создайте новую, без migrate) или укажите --replace, чтобы заменить ее целиком", code="database_not_empty"
        )
    new, differing, present = _plan_files(directory, data["files"], replace=replace)
    # Files under free names go in first, so the loaded rows never name a missing file; if the
    # load fails they are removed again. Files that replace current ones wait in the checked
    # backup until the load has succeeded: a failed restore leaves the current archive as it was.
    written = []
    try:
        for relative, storage, name in new:
            _copy_in(directory / relative, storage, name)
            written.append((storage, name))
        database.load(connection, directory / data["database"]["file"], replace=replace)
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise
    for relative, storage, name in differing:
        storage.delete(name)
        _copy_in(directory / relative, storage, name)
    ContentType.objects.clear_cache()
    with connection.cursor() as cursor:
        restored = database.read_snapshot(cursor)
    mismatches = [
        f"{key}: в копии {data['counts'].get(key)}, восстановлено {value}"
        for key, value in restored.counts.items() if data["counts"].get(key) != value
    ]
    if restored.audit_head != data["audit_head"]:
        mismatches.append(f"вершина цепочки аудита: в копии {data['audit_head']}, восстановлена {restored.audit_head}")
    report = RestoreReport(verify_chain(), verify_archive(), len(new) + len(differing), present, mismatches)
    if report.ok:  # after the chain head was checked against the manifest: the event follows it
        report.event_sequence = record_event(action="backup.restored", data={
            "directory": directory.name, "manifest_sha256": manifest.file_sha256(directory / manifest.MANIFEST),
            "counts": data["counts"], "audit_head": data["audit_head"], "replace": replace,
            "files_written": report.files_written, "files_present": present,
        }).sequence
    return report


def _copy_out(root: Path, folder: str, name: str, expected: str | None, problems: list[str]) -> list[dict]:
    pure = PurePosixPath(name)
    if pure.is_absolute() or ".." in pure.parts:
        problems.append(f"{folder}: недопустимое имя файла {name!r} в базе — не скопирован")
        return []
    relative = f"{folder}/{name}"
    target = root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with storages[STORAGE_FOLDERS[folder]].open(name, "rb") as source, target.open("wb") as out:
            for chunk in source.chunks():
                out.write(chunk)
    except (FileNotFoundError, OSError):
        target.unlink(missing_ok=True)
        problems.append(f"{relative}: файла нет в хранилище — не скопирован")
        return []
    item = manifest.entry(root, relative)
    if expected is not None and item["sha256"] != expected:
        problems.append(f"{relative}: SHA-256 не совпадает с записанным в базе — скопирован как есть")
    return [item]


def _plan_files(root: Path, items: list[dict], *, replace: bool) -> tuple[list[Placement], list[Placement], int]:
    """(files to write under free names, files to write over different ones, count already
    present with the same content); a different file under a taken name is refused unless
    ``replace``. Nothing is written or deleted here."""
    new, differing, present, conflicts = [], [], 0, []
    for item in items:
        folder, _, name = item["path"].partition("/")
        if folder not in STORAGE_FOLDERS:
            continue
        storage = storages[STORAGE_FOLDERS[folder]]
        if storage.exists(name):
            if _storage_sha256(storage, name) == item["sha256"]:
                present += 1
                continue
            if not replace:
                conflicts.append(item["path"])
            else:
                differing.append((item["path"], storage, name))
            continue
        new.append((item["path"], storage, name))
    if conflicts:
        raise ApplicationError(
            "В хранилище уже есть другие файлы под теми же именами (восстанавливайте в пустой архив "
            "или укажите --replace): " + ", ".join(conflicts[:20]), code="file_exists"
        )
    return new, differing, present


def _storage_sha256(storage: Storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        for chunk in handle.chunks():
            digest.update(chunk)
    return digest.hexdigest()


def _copy_in(path: Path, storage: Storage, name: str) -> None:
    with path.open("rb") as handle:
        written = storage.save(name, File(handle, name=name))
    if written != name:
        raise ApplicationError(f"Хранилище сохранило файл {name} под другим именем: {written}", code="storage_renamed")
