"""The committed ``.docx`` is the source of a template; its manifest entry records which file
that is (docs/documents.md, "Changing a template").

``version`` and ``sha256`` name the current file, ``history`` lists every committed
``(version, sha256)`` pair, oldest first, the current one last. So a file edited in Word can
be told apart from a manifest that is only half updated, and each case says exactly which
lines to write. ``tests/documents/test_template_source.py`` runs the rule over every
template; ``register_manifest_version`` refuses a file whose hash is not the manifest's.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from .registry import TemplateSpec
from .storage import sha256


def file_sha256(spec: TemplateSpec) -> str:
    return sha256(spec.file.read_bytes())


def _shown(path: Path | None) -> str:
    if path is None:
        return "?"
    return str(path.relative_to(settings.BASE_DIR)) if path.is_relative_to(settings.BASE_DIR) else str(path)


def _lines(version: int, digest: str, *, bump: bool) -> str:
    lines = [f"version = {version}"] if bump else []
    lines.append(f'sha256 = "{digest}"')
    lines.append(f'в конец history: {{ version = {version}, sha256 = "{digest}" }}')
    return "; ".join(lines) + "."


def file_problem(spec: TemplateSpec, actual: str | None = None) -> str | None:
    """What is wrong between the committed file and its manifest entry, with what to write
    in the manifest; ``None`` when they agree. ``actual`` is the file's SHA-256 (read from
    ``spec.file`` when not given)."""
    actual = actual or file_sha256(spec)
    where = f"Шаблон {spec.code} ({spec.file.name}, манифест {_shown(spec.manifest)})"
    last = spec.history[-1] if spec.history else None
    if actual != spec.sha256:
        if last is not None and last[0] == spec.version:
            return (f"{where}: файл изменен, а версия — нет (SHA-256 файла {actual}, в манифесте {spec.sha256} "
                    f"для версии {spec.version}). Поднимите версию в манифесте: "
                    + _lines(spec.version + 1, actual, bump=True))
        return (f"{where}: версия {spec.version} не записана с хешем файла (SHA-256 файла {actual}, "
                f"в манифесте {spec.sha256}). Запишите в манифест: " + _lines(spec.version, actual, bump=False))
    if last == (spec.version, spec.sha256):
        return None
    if last is not None and last[0] == spec.version:
        return (f"{where}: sha256 обновлен, а версия — нет (версия {spec.version} в history записана с "
                f"хешем {last[1]}). Поднимите версию в манифесте: version = {spec.version + 1}; "
                f'в конец history: {{ version = {spec.version + 1}, sha256 = "{actual}" }}.')
    return (f"{where}: версия {spec.version} не записана в history. Добавьте в конец history: "
            f'{{ version = {spec.version}, sha256 = "{actual}" }}.')
