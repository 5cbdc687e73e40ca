"""Verification of the archive: one core function for ``manage.py archive_verify``, the
nightly task and the tests.

For every template version, archived document and PDF rendition: the file exists and its
SHA-256 equals the row's; the row equals what its audit event (hash-chained, see
``audit_verify``) recorded at creation — so a row altered behind the application's back is
found even when its file is intact. Files in the archive that no row names (left by a
caller's transaction that rolled back after the write) are listed as orphans.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from audit.models import AuditEvent

from . import storage
from .fingerprints import fingerprint
from .models import ArchivedDocument, PdfRendition, TemplateVersion

CREATION_EVENTS = {
    TemplateVersion: "template.version_added",
    ArchivedDocument: "document.issued",
    PdfRendition: "document.pdf_archived",
}
FOLDERS = ("templates", "documents", "pdf")


@dataclass
class ArchiveReport:
    checked_files: int = 0
    checked_rows: int = 0
    problems: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict:
        return {**asdict(self), "ok": self.ok}

    def message(self) -> str:
        if self.ok:
            text = f"Архив цел: проверено файлов {self.checked_files}, записей {self.checked_rows}"
        else:
            text = f"Архив поврежден — проблем: {len(self.problems)}\n" + "\n".join(f"  {p}" for p in self.problems)
        if self.orphans:
            text += f"\nФайлы без записи в архиве ({len(self.orphans)}): " + ", ".join(self.orphans[:20])
        return text


def _recorded_fingerprints(model) -> dict[str, str]:
    """row id → the fingerprint its creation event recorded."""
    events = AuditEvent.objects.filter(action=CREATION_EVENTS[model]).values_list("target_id", "data")
    if model is PdfRendition:  # that event's target is the document; the rendition is in data
        return {str(data.get("rendition")): data.get("fingerprint") for _, data in events}
    return {target_id: data.get("fingerprint") for target_id, data in events}


def _check_file(report: ArchiveReport, label: str, name: str, digest: str, known: set[str]) -> None:
    known.add(name)
    report.checked_files += 1
    try:
        content = storage.read(name)
    except (FileNotFoundError, OSError):
        report.problems.append(f"{label}: файл {name} отсутствует")
        return
    if storage.sha256(content) != digest:
        report.problems.append(f"{label}: файл {name} изменен — SHA-256 не совпадает с записанным")


def verify_archive(*, orphans: bool = True) -> ArchiveReport:
    report, known = ArchiveReport(), set()
    for model, rows, label in (
        (TemplateVersion, TemplateVersion.objects.order_by("pk"), lambda r: f"шаблон {r}"),
        (ArchivedDocument, ArchivedDocument.objects.order_by("pk"), lambda r: f"документ {r.number}"),
        (PdfRendition, PdfRendition.objects.select_related("document").order_by("pk"),
         lambda r: f"PDF документа {r.document.number}"),
    ):
        recorded = _recorded_fingerprints(model)
        for row in rows.iterator(chunk_size=500):
            report.checked_rows += 1
            if model is PdfRendition and row.status != PdfRendition.Status.DONE:
                continue
            expected = recorded.get(str(row.pk))
            if expected is None:
                report.problems.append(f"{label(row)}: нет события аудита о создании записи")
            elif expected != fingerprint(row):
                report.problems.append(f"{label(row)}: запись изменена после создания (не совпадает с журналом аудита)")
            _check_file(report, label(row), row.storage_name, row.sha256, known)
    if orphans:
        report.orphans = sorted(set(_stored_files()) - known)
    return report


def _stored_files():
    archive = storage.archive_storage()

    def walk(folder):
        try:
            folders, files = archive.listdir(folder)
        except (FileNotFoundError, NotADirectoryError):
            return
        for name in files:
            yield f"{folder}/{name}"
        for sub in folders:
            yield from walk(f"{folder}/{sub}")

    for folder in FOLDERS:
        yield from walk(folder)
