"""What the file-import commands share: opening the file and finding the acting user, with
the refusals a person at a terminal understands."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


@contextmanager
def input_file(file: str) -> Iterator[tuple[IO[bytes], str]]:
    """The file open for reading as a binary stream, and its name; an unreadable file is a
    ``CommandError`` naming it. The import reads the stream within ``core.imports`` limits,
    as it reads an upload."""
    path = Path(file)
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise CommandError(f"Файл {file} не читается: {exc.strerror}") from None
    with stream:
        yield stream, path.name


def acting_user(username: str | None):
    """The user named by ``--user``; ``None`` (the system) when none is given."""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"Пользователь {username} не найден")
    return user
