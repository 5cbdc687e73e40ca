"""``manifest.json`` of a backup: every file with its SHA-256 and size, the row counts and the
audit chain head; and the check a restore makes before it touches anything."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path, PurePosixPath

from core.errors import ApplicationError

MANIFEST = "manifest.json"
FORMAT = 1
CHUNK = 1024 * 1024


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def entry(root: Path, relative: str) -> dict:
    path = root / relative
    return {"path": relative, "sha256": file_sha256(path), "size": path.stat().st_size}


def write(root: Path, manifest: dict) -> str:
    """Write the manifest; return its own SHA-256 (to note apart from the backup)."""
    text = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True)
    (root / MANIFEST).write_text(text, encoding="utf-8")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_and_check(root: Path) -> dict:
    """The manifest of the backup in ``root`` after checking every file it lists; a missing,
    altered or unlisted-path file is refused with its name."""
    try:
        manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ApplicationError(
            f"В каталоге {root} нет {MANIFEST}: это не резервная копия или она не дописана", code="backup_incomplete"
        ) from None
    except (OSError, ValueError) as exc:
        raise ApplicationError(f"{MANIFEST} в {root} не читается: {exc}", code="backup_unreadable") from None
    if manifest.get("format") != FORMAT:
        raise ApplicationError(
            f"{MANIFEST}: неизвестный формат {manifest.get('format')!r}, ожидался {FORMAT}", code="backup_format"
        )
    listed = {item.get("path") for item in manifest.get("files", [])}
    if manifest.get("database", {}).get("file") not in listed:
        raise ApplicationError(f"{MANIFEST}: файл базы данных не указан среди файлов копии", code="backup_corrupt")
    for item in manifest.get("files", []):
        relative = item.get("path", "")
        pure = PurePosixPath(relative)
        if not relative or pure.is_absolute() or ".." in pure.parts:
            raise ApplicationError(f"{MANIFEST}: недопустимый путь файла {relative!r}", code="backup_corrupt")
        path = root / relative
        if not path.is_file():
            raise ApplicationError(f"Резервная копия повреждена: нет файла {relative}", code="backup_corrupt")
        if file_sha256(path) != item.get("sha256"):
            raise ApplicationError(
                f"Резервная копия повреждена: файл {relative} изменен — SHA-256 не совпадает с {MANIFEST}", code="backup_corrupt"
            )
    return manifest
