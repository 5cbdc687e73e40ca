"""The database half of a backup: a consistent copy, what that copy references, and loading
it into an empty database — for SQLite and PostgreSQL.

Consistency: the copy is taken first, and the list of files to copy and the counts are read
from the same state — from the copied SQLite file, or inside the PostgreSQL transaction whose
exported snapshot ``pg_dump --snapshot`` dumps. Files written after that are not needed.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections, models
from django.db.backends.postgresql.client import DatabaseClient

from audit.models import AuditEvent, ChainHead
from core.errors import ApplicationError
from documents.models import ArchivedDocument, PdfRendition, TemplateVersion

DUMP_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


def declared_archive_models() -> list[type[models.Model]]:
    """Other apps' models whose rows name archive files (``storage_name``, ``sha256``), as
    declared in ``settings.ARCHIVE_CHECKS`` by label: documents imports none of them."""
    return [apps.get_model(label) for label in getattr(settings, "ARCHIVE_CHECKS", {})]


@dataclass
class Snapshot:
    """What the database copy holds: ``archive`` maps a file name to the SHA-256 its row
    recorded; ``media`` lists uploaded files (default storage) its rows name."""

    archive: dict[str, str] = field(default_factory=dict)
    media: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    audit_head: dict = field(default_factory=dict)


def supported(connection) -> None:
    if connection.vendor not in DUMP_FILES:
        raise ApplicationError(
            f"Резервное копирование базы {connection.vendor} не поддерживается: только SQLite и PostgreSQL",
            code="backup_unsupported"
        )


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise ApplicationError(
            f"Программа {name} не найдена: установите клиент PostgreSQL (Debian: postgresql-client) "
            "той же или более новой версии, что и сервер", code="tool_missing"
        )
    return path


def dump(connection, target: Path) -> Snapshot:
    """Write the database copy to ``target`` and return what it references."""
    supported(connection)
    if connection.vendor == "sqlite":
        return _dump_sqlite(connection, target)
    return _dump_postgresql(connection, target)


def is_empty(connection) -> bool:
    return not connection.introspection.table_names()


def load(connection, source: Path, *, replace: bool) -> None:
    """Load a copy made by ``dump`` into the database of ``connection`` (empty, or replaced
    wholesale when ``replace``). The copy carries its insert-only triggers; they are created
    after the rows, so they do not block the load."""
    supported(connection)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            source_db.backup(connection.connection)  # replaces every page of the target
        except sqlite3.Error as exc:
            raise ApplicationError(f"База данных из копии ({source.name}) не загружена: {exc}", code="restore_failed") from None
        finally:
            source_db.close()
        return
    args, env = _pg_command("pg_restore", connection.settings_dict)
    options = ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"]
    if replace:
        options += ["--clean", "--if-exists"]
    connection.close()  # pg_restore works in its own session
    _run([*args[:1], *options, *args[1:-1], "--dbname", args[-1], str(source)], env)


def _dump_sqlite(connection, target: Path) -> Snapshot:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)  # one step: a consistent page-by-page copy
        return read_snapshot(copy.cursor())
    finally:
        copy.close()


def _dump_postgresql(connection, target: Path) -> Snapshot:
    args, env = _pg_command("pg_dump", connection.settings_dict)
    session = connections.create_connection(connection.alias)
    try:
        with session.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
            snapshot = read_snapshot(cursor)
            _run([args[0], "--format=custom", f"--snapshot={snapshot_id}", f"--file={target}", *args[1:]], env)
            cursor.execute("ROLLBACK")
    finally:
        session.close()
    return snapshot


def _pg_command(tool: str, settings_dict: dict) -> tuple[list[str], dict]:
    """``[tool, -U …, -h …, -p …, dbname]`` and its environment (password, SSL) from the
    connection settings, as ``manage.py dbshell`` builds them."""
    args, env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    return [require_tool(tool), *args[1:]], env or {}


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env={**os.environ, **env}, capture_output=True, text=True)
    if result.returncode != 0:
        tool = Path(command[0]).name
        raise ApplicationError(
            f"{tool} завершился с ошибкой (код {result.returncode}): {result.stderr.strip()}", code="tool_failed"
        )


def read_snapshot(cursor) -> Snapshot:
    """Counts, the audit chain head and the referenced files, read with plain SQL through a
    DB-API cursor on the copy (SQLite) or inside the dumped snapshot (PostgreSQL)."""

    def rows(sql):
        cursor.execute(sql)
        return cursor.fetchall()

    def count(model, where=""):
        return rows(f'SELECT COUNT(*) FROM "{model._meta.db_table}"{where}')[0][0]

    snapshot = Snapshot()
    declared = declared_archive_models()
    for model in (TemplateVersion, ArchivedDocument, PdfRendition, *declared):
        snapshot.archive.update(
            rows(f'SELECT storage_name, sha256 FROM "{model._meta.db_table}" WHERE storage_name <> \'\'')
        )
    snapshot.counts = {
        "documents": count(ArchivedDocument),
        "pdf_renditions": count(PdfRendition, " WHERE storage_name <> ''"),
        "template_versions": count(TemplateVersion),
        "audit_events": count(AuditEvent),
        **{model._meta.label_lower: count(model) for model in declared},
    }
    head = rows(f'SELECT sequence, hash FROM "{ChainHead._meta.db_table}" WHERE id = 1')
    snapshot.audit_head = {"sequence": head[0][0], "hash": head[0][1]} if head else {}
    media = set()
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, models.FileField):
                table, column = model._meta.db_table, f.column
                media.update(
                    name for (name,) in rows(f'SELECT "{column}" FROM "{table}" WHERE "{column}" <> \'\'') if name
                )
    snapshot.media = sorted(media)
    return snapshot
