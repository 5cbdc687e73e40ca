"""The case's documents: archived ones attached, files uploaded, both delivered checked and
audited, as is the package's PDF and every view of a case."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from audit.services import record_event
from core.errors import ApplicationError
from core.permissions import require
from core.types import Actor
from core.validation import validated
from documents import storage
from documents.services import DocumentFile, open_document_file

from ..models import Case, CaseDocument, CasePackage
from ..uploads import check_upload
from ._common import ATTACH, UPLOAD_FOLDER, VIEW, _locked, _require_open

if TYPE_CHECKING:
    from documents.models import ArchivedDocument


def _document_kind(kind: str) -> None:
    if kind not in CaseDocument.Kind.values:
        raise ApplicationError(f"Неизвестный вид документа «{kind}»", code="invalid_choice", field="kind")


@transaction.atomic
def document_attach(*, case: Case, document: ArchivedDocument, kind: str, actor: Actor, title: str = "",
                    is_original: bool = False, copies: int = 1) -> CaseDocument:
    """Link an archived document (a claim, a penalty statement, a contract, an act…) to the case."""
    require(actor, ATTACH)
    case = _locked(case)
    _require_open(case)
    _document_kind(kind)
    if CaseDocument.objects.filter(case=case, archived=document).exists():
        raise ApplicationError(f"Документ {document.number} уже в деле", code="duplicate", field="document")
    item = validated(CaseDocument(case=case, kind=kind, title=(title.strip() or f"{document.title} № {document.number}"),
                                  archived=document, is_original=is_original, copies=copies, added_by=actor),
                     validate_constraints=False)
    item.save()
    record_event(action="case.document_attached", actor=actor, target=case, data={
        "case_document": item.pk, "document": document.number, "kind": kind, "sha256": document.sha256})
    return item


def document_upload(*, case: Case, content: bytes, filename: str, kind: str, title: str, actor: Actor,
                    is_original: bool = False, copies: int = 1) -> CaseDocument:
    """Store an uploaded file (a ЕГРЮЛ extract, a power of attorney, the duty's payment order,
    postal receipts, the court's rulings) in the archive with its SHA-256 and add it to the
    case. Only PDF, DOCX, JPEG and PNG by their content, not encrypted, within the size limit."""
    require(actor, ATTACH)
    _document_kind(kind)
    if not title.strip():
        raise ApplicationError("Укажите наименование документа", code="required", field="title")
    checked = check_upload(content)
    digest = storage.sha256(content)
    name = storage.new_name(f"{UPLOAD_FOLDER}/{timezone.localdate():%Y}", checked.extension)
    with transaction.atomic():
        case = _locked(case)
        _require_open(case)
        with storage.stored(name, content):
            item = validated(CaseDocument(
                case=case, kind=kind, title=title.strip(), storage_name=name, sha256=digest, size=len(content),
                content_type=checked.content_type, original_name=filename[:255], is_original=is_original,
                copies=copies, added_by=actor,
            ), validate_constraints=False)
            item.save()
            record_event(action="case.document_uploaded", actor=actor, target=case, data={
                "case_document": item.pk, "kind": kind, "title": item.title, "storage_name": name, "sha256": digest,
                "size": len(content), "content_type": checked.content_type})
    return item


def case_document_file(*, item: CaseDocument, actor: Actor) -> DocumentFile:
    """The file of a case document for a user allowed to see the case, checked against its
    SHA-256, the download audited: an archived one through the archive's own delivery
    (``document.downloaded``), an uploaded one as ``case.document_downloaded``."""
    require(actor, VIEW)
    if item.archived_id is not None:
        return open_document_file(document=item.archived, actor=actor, kind="docx")  # type: ignore[arg-type]
    name = item.storage_name or ""
    try:
        content = storage.read(name)
    except FileNotFoundError as exc:
        raise ApplicationError(f"Файл «{item.title}» отсутствует в архиве", code="file_missing", field="document") from exc
    if storage.sha256(content) != item.sha256:
        raise ApplicationError(f"Файл «{item.title}» в архиве изменен (SHA-256 не совпадает): выдача запрещена",
                               code="file_tampered", field="document")
    with transaction.atomic():
        record_event(action="case.document_downloaded", actor=actor, target=item.case, data={
            "case_document": item.pk, "title": item.title, "sha256": item.sha256})
    extension = name.rpartition(".")[2]
    return DocumentFile(content=content, filename=f"{item.title}.{extension}", content_type=item.content_type)


def package_file(*, package: CasePackage, actor: Actor) -> DocumentFile:
    """The PDF of a built package (the manager looks at it before approving), checked against
    its SHA-256, the download audited (``case.package_downloaded``)."""
    require(actor, VIEW)
    try:
        content = storage.read(package.pdf_name)
    except FileNotFoundError as exc:
        raise ApplicationError(f"Файл пакета версии {package.version} отсутствует в архиве", code="file_missing",
                               field="package") from exc
    if storage.sha256(content) != package.pdf_sha256:
        raise ApplicationError(f"Файл пакета версии {package.version} в архиве изменен (SHA-256 не совпадает): "
                               "выдача запрещена", code="file_tampered", field="package")
    with transaction.atomic():
        record_event(action="case.package_downloaded", actor=actor, target=package.case, data={
            "package": package.pk, "version": package.version, "sha256": package.pdf_sha256})
    return DocumentFile(content=content, filename=f"Пакет документов по делу № {package.case_id}, версия "
                                                  f"{package.version}.pdf", content_type="application/pdf")


@transaction.atomic
def case_viewed(*, case: Case, actor: Actor, page: str = "card") -> None:
    """Every opening of a case's page is audited (the case holds personal data)."""
    require(actor, VIEW)
    record_event(action="case.viewed", actor=actor, target=case, data={"page": page})
