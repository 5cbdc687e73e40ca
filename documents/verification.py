"""Verification of the archive: one core function for ``manage.py archive_verify``, the
nightly task and the tests.

For every template version, archived document and PDF rendition: the file exists and its
SHA-256 equals the row's; the row equals what its audit event (hash-chained, see
``audit_verify``) recorded at creation — so a row altered behind the application's back is
found even when its file is intact — and every creation event has its row, so a row deleted
behind the application's back (triggers bypassed) is found too. Files in the archive that no
row names (left by a caller's transaction that rolled back after the write) are listed as
orphans.

Other apps archive files of their own (billing's merged printouts): each names a check in
``settings.ARCHIVE_CHECKS`` — its model (``"app.Model"``, whose files backup copies) mapped to
a function ``(report, known) -> folders`` that adds its
problems with :func:`check_file`, and returns the archive folders it owns (searched for
orphans too). The documents app may not import them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string

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


def _recorded(model) -> dict[str, tuple[int, dict]]:
    """row id → (sequence, data) of its creation event."""
    events = AuditEvent.objects.filter(action=CREATION_EVENTS[model]).values_list("target_id", "sequence", "data")
    if model is PdfRendition:  # that event's target is the document; the rendition is in data
        return {str(data.get("rendition")): (sequence, data) for _, sequence, data in events}
    return {target_id: (sequence, data) for target_id, sequence, data in events}


MISSING_LABELS = {
    TemplateVersion: lambda data: f"шаблон {data.get('code', '')} v{data.get('version', '')}",
    ArchivedDocument: lambda data: f"документ {data.get('number', '')}",
    PdfRendition: lambda data: f"PDF документа {data.get('number', '')}",
}


def report_missing_rows(report: ArchiveReport, label: str, recorded: dict, seen: set[str]) -> None:
    """A creation event whose row is gone: deleted behind the application's back."""
    for row_id, (sequence, _) in sorted(recorded.items(), key=lambda item: item[1][0]):
        if row_id not in seen:
            report.problems.append(
                f"{label(recorded[row_id][1])}: запись архива удалена — есть событие аудита №{sequence} о ее создании"
            )


def check_file(report: ArchiveReport, label: str, name: str, digest: str, known: set[str]) -> None:
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
        recorded, seen = _recorded(model), set()
        for row in rows.iterator(chunk_size=500):
            report.checked_rows += 1
            seen.add(str(row.pk))
            if model is PdfRendition and row.status != PdfRendition.Status.DONE:
                continue
            expected = recorded[str(row.pk)][1].get("fingerprint") if str(row.pk) in recorded else None
            if expected is None:
                report.problems.append(f"{label(row)}: нет события аудита о создании записи")
            elif expected != fingerprint(row):
                report.problems.append(f"{label(row)}: запись изменена после создания (не совпадает с журналом аудита)")
            check_file(report, label(row), row.storage_name, row.sha256, known)
        report_missing_rows(report, MISSING_LABELS[model], recorded, seen)
    folders = list(FOLDERS)
    for path in getattr(settings, "ARCHIVE_CHECKS", {}).values():
        folders += import_string(path)(report, known)
    if orphans:
        report.orphans = sorted(set(_stored_files(folders)) - known)
    return report


def _stored_files(folders):
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

    for folder in folders:
        yield from walk(folder)
