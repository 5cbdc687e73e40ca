"""What the file-import commands share: reading the file and finding the acting user, with
the refusals a person at a terminal understands."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


def read_input_file(file: str) -> tuple[bytes, str]:
    """The file's bytes and its name; an unreadable file is a ``CommandError`` naming it."""
    path = Path(file)
    try:
        return path.read_bytes(), path.name
    except OSError as exc:
        raise CommandError(f"Файл {file} не читается: {exc.strerror}") from None


def acting_user(username: str | None):
    """The user named by ``--user``; ``None`` (the system) when none is given."""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"Пользователь {username} не найден")
    return user
