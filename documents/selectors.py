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
