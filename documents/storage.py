"""Writing to and reading from the ``archive`` storage (``settings.STORAGES["archive"]``).

Names are generated here, never taken from users, and never reused: a write to a name that
exists is refused, so a stored file is never overwritten. A write that fails mid-way
removes what it left.
"""

from __future__ import annotations

import hashlib
import uuid
from contextlib import contextmanager

from django.core.files.base import ContentFile
from django.core.files.storage import storages

from core.errors import ApplicationError


def archive_storage():
    return storages["archive"]


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def new_name(folder: str, extension: str, *, stem: str = "") -> str:
    """A fresh name: racing writers never meet on one (the loser's row insert fails and
    its own file is removed)."""
    return f"{folder}/{stem}{uuid.uuid4().hex}.{extension}"


def read(name: str) -> bytes:
    with archive_storage().open(name, "rb") as handle:
        return handle.read()


@contextmanager
def stored(name: str, content: bytes):
    """Store ``content`` under ``name`` for the body of the ``with``; if the write or the
    body fails, the file is removed and the error goes on. Use around the database
    writes that reference the file, inside their transaction."""
    storage = archive_storage()
    if storage.exists(name):
        raise ApplicationError(f"Файл архива {name} уже существует: перезапись запрещена", code="file_exists")
    written = name
    try:
        written = storage.save(name, ContentFile(content))
        if written != name:
            raise ApplicationError(f"Хранилище архива сохранило файл под другим именем: {written}", code="storage_renamed")
        yield name
    except BaseException:
        _remove_quietly(storage, written)
        raise


def _remove_quietly(storage, name: str) -> None:
    try:
        if storage.exists(name):
            storage.delete(name)
    except Exception:  # the original error matters more; archive_verify reports orphans
        pass
