"""Shared reads of the documents engine."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet

from .access import visible_documents
from .models import ArchivedDocument, PdfRendition, TemplateDecision, TemplateVersion
from .registry import TemplateSpec, file_sha256, manifest

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
    current_pk: int | None = None  # the version of the code's latest approval

    @property
    def current(self) -> TemplateVersion | None:
        return next((v for v in self.versions if v.pk == self.current_pk), None)

    @property
    def variables(self) -> list[str]:
        return sorted(self.spec.variables)

    @property
    def current_version(self) -> int:
        """The current version's number; before the first use, the manifest's."""
        return self.current.version if self.current else self.spec.version


def template_entries() -> list[TemplateEntry]:
    """Every template of the manifest with its stored versions, newest first, and which
    one is current (the latest approval, docs/documents.md «Изменение шаблона»)."""
    by_code: dict[str, list[TemplateVersion]] = {}
    for version in TemplateVersion.objects.select_related("uploaded_by").order_by("code", "-version"):
        by_code.setdefault(version.code, []).append(version)
    current = current_versions()
    return [TemplateEntry(spec, by_code.get(code, []), current.get(code)) for code, spec in sorted(manifest().items())]


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


@dataclass(frozen=True)
class VariableMeaning:
    name: str
    meaning: str  # "" when the manifest has no line for it


def version_variables(version: TemplateVersion) -> list[VariableMeaning]:
    """The variables a template version uses, each with its meaning from the manifest's help
    (in the help's order, the rest by name): how the template-change pages list them."""
    spec = manifest().get(version.code)
    help_ = spec.help if spec is not None else {}
    used = set(version.variables or [])
    names = [name for name in help_ if name in used] + sorted(used - set(help_))
    return [VariableMeaning(name, help_.get(name, "")) for name in names]


def current_versions() -> dict[str, int]:
    """code → the pk of its current version (that of the code's latest approval)."""
    current: dict[str, int] = {}
    for code, template_id in (
        TemplateDecision.objects.filter(kind=TemplateDecision.Kind.APPROVED).order_by("pk").values_list("code", "template_id")
    ):
        current[code] = template_id
    return current


STATE_LABELS = {
    "current": "Действует",
    "approved": "Утверждалась, заменена",
    "proposed": "На согласовании",
    "returned": "Возвращена на доработку",
    "withdrawn": "Отозвана",
    "not_taken": "Из репозитория, не принята",
}


def version_state(version: TemplateVersion, *, current_pk: int | None) -> str:
    """What a version is now: ``current``, ``approved`` (earlier), ``proposed`` (awaits a
    manager), ``returned``, ``withdrawn``, ``not_taken`` (a repository file not taken while
    an uploaded version is current); labels in ``STATE_LABELS``."""
    if version.pk == current_pk:
        return "current"
    kinds = set(version.decisions.values_list("kind", flat=True))
    if TemplateDecision.Kind.APPROVED in kinds:
        return "approved"
    if version.source == TemplateVersion.Source.MANIFEST:
        return "not_taken"
    latest = version.decisions.order_by("-pk").values_list("kind", flat=True).first()
    if latest is None:
        return "proposed"
    return "returned" if latest == TemplateDecision.Kind.RETURNED else "withdrawn"


@dataclass(frozen=True)
class Divergence:
    """The repository's file and the current uploaded version differ."""

    current: TemplateVersion
    manifest_version: int  # the manifest's version number of the repository's file
    repository: TemplateVersion | None  # the repository's file as stored, None while not registered
    kept: TemplateDecision | None  # the choice «оставить загруженную» already made for this file

    @property
    def repository_newer(self) -> bool:
        """The repository's file came after the uploaded version (else the upload is newer)."""
        return self.repository is None or self.repository.version > self.current.version


def template_divergence(spec: TemplateSpec) -> Divergence | None:
    """Whether the repository's file of a template differs from its current version while
    that version was uploaded in the system (a current repository version follows the
    repository by itself: ``services.current_template_version``)."""
    approved = (
        TemplateDecision.objects.filter(code=spec.code, kind=TemplateDecision.Kind.APPROVED)
        .select_related("template").order_by("-pk").first()
    )
    if approved is None or approved.template.source == TemplateVersion.Source.MANIFEST:
        return None
    current, digest = approved.template, file_sha256(spec)
    if current.sha256 == digest:
        return None
    repository = (
        TemplateVersion.objects.filter(code=spec.code, sha256=digest, source=TemplateVersion.Source.MANIFEST)
        .order_by("-version").first()
    )
    kept = None
    if repository is not None:
        kept = (
            repository.decisions.filter(kind=TemplateDecision.Kind.KEPT_UPLOAD, pk__gt=approved.pk)
            .select_related("decided_by").order_by("-pk").first()
        )
    return Divergence(current=current, manifest_version=spec.version, repository=repository, kept=kept)
