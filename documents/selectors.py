"""Shared reads of the documents engine."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet

from .access import visible_documents
from .models import ArchivedDocument, PdfRendition, TemplateVersion
from .registry import TemplateSpec, manifest

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def archive_list(user: User) -> QuerySet[ArchivedDocument]:
    """The archive as ``user`` may see it, newest first, with what the list shows."""
    return visible_documents(user).select_related("issued_by", "subject_type").prefetch_related(
        Prefetch("pdf_renditions", queryset=PdfRendition.objects.order_by("-created_at", "-pk"))
    )


def pdf_state(document: ArchivedDocument) -> PdfRendition | None:
    """The current PDF state: the done rendition, else the newest failure, else None (queued)."""
    renditions = list(document.pdf_renditions.all())
    done = [r for r in renditions if r.status == PdfRendition.Status.DONE]
    return done[0] if done else (renditions[0] if renditions else None)


@dataclass
class TemplateEntry:
    spec: TemplateSpec
    versions: list[TemplateVersion]

    @property
    def current(self) -> TemplateVersion | None:
        return self.versions[0] if self.versions else None

    @property
    def variables(self) -> list[str]:
        return sorted(self.spec.variables)

    @property
    def current_version(self) -> int:
        return max(self.current.version if self.current else 0, self.spec.version)


def template_entries() -> list[TemplateEntry]:
    """Every template of the manifest with its stored versions, newest first."""
    by_code: dict[str, list[TemplateVersion]] = {}
    for version in TemplateVersion.objects.select_related("uploaded_by").order_by("code", "-version"):
        by_code.setdefault(version.code, []).append(version)
    return [TemplateEntry(spec, by_code.get(code, [])) for code, spec in sorted(manifest().items())]


# --- the template page: variables with their meaning and sample ------------------------------

SAMPLE_TEXT_LIMIT = 160


@dataclass(frozen=True)
class VariableRow:
    name: str
    meaning: str
    sample: str


def _rows(count: int) -> str:
    tail = count % 100
    word = "строка" if count % 10 == 1 and tail != 11 else (
        "строки" if count % 10 in (2, 3, 4) and tail not in (12, 13, 14) else "строк"
    )
    return f"{count} {word}"


def _cut(text: str, limit: int = SAMPLE_TEXT_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def sample_text(value: object) -> str:
    """A sample value as a person reads it: a table of rows as their count and the first
    row, a record as «ключ: значение», nothing as «—» (the template prints nothing)."""
    if value is None or value == "" or value == [] or value == {}:
        return "— (пусто)"
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, dict):
        return _cut("; ".join(f"{key}: {sample_text(item)}" for key, item in value.items()))
    if isinstance(value, list):
        if all(isinstance(item, dict) for item in value):
            first = sample_text(value[0])
            return _cut(f"{_rows(len(value))}; первая — {first}" if len(value) > 1 else f"{_rows(1)}: {first}")
        return _cut(" / ".join(sample_text(item) for item in value))
    return _cut(str(value))


def template_variable_rows(spec: TemplateSpec) -> list[VariableRow]:
    """The template's variables in the manifest's order of meanings, each with its meaning
    and its sample value (docs/documents.md, "Pages (Документы)")."""
    names = [name for name in spec.help if name in spec.variables] + sorted(spec.variables - set(spec.help))
    return [VariableRow(name, spec.help.get(name, ""), sample_text(spec.sample.get(name))) for name in names]
