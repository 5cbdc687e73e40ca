"""Printing a period's documents as one PDF: the archived PDF of every current УПД and счет
на оплату, merged in contract order with bookmarks (a contract, then its documents).

A document whose PDF is not archived yet is converted now through the documents engine
(``archive_pdf_rendition``: the same conversion and archive the background task uses). A
document whose PDF cannot be had is listed as a problem and left out. The merged file is
stored in the archive storage with its SHA-256 (``InvoicePrintout``) and an audit event.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from audit.services import record_event
from core.errors import ApplicationError
from core.validation import validated
from documents import storage
from documents.models import PdfRendition
from documents.services import PdfConversionFailed, archive_pdf_rendition

from .models import InvoiceDocument, InvoicePrintout, OutputJob
from .services import current_documents, output_job_begin, output_job_finish, output_job_progress

log = logging.getLogger(__name__)
FOLDER = "printouts"
KIND_ORDER = {InvoiceDocument.Kind.UPD: 0, InvoiceDocument.Kind.PAYMENT: 1}
NOTHING_ISSUED = "Документы за {period} еще не выпущены: сначала выпустите УПД и счета"


@dataclass(frozen=True)
class Part:
    """One document's PDF and where it goes in the outline."""

    group: str  # the contract's bookmark
    title: str  # the document's bookmark
    number: str
    pdf: bytes


def document_pdf(document) -> bytes:
    """The archived PDF of a document (converted and archived now if it is still missing),
    checked against its SHA-256."""
    rendition = document.pdf_renditions.filter(status=PdfRendition.Status.DONE).first()
    if rendition is None:
        rendition = archive_pdf_rendition(document_id=document.pk)
    content = storage.read(rendition.storage_name)
    if storage.sha256(content) != rendition.sha256:
        raise PdfConversionFailed(f"PDF документа {document.number} в архиве изменен: SHA-256 не совпадает")
    return content


def merge(parts: list[Part], *, beat: Callable[[], None] = lambda: None) -> tuple[bytes, int]:
    """The parts as one PDF with a two-level outline; returns the bytes and the page count.
    ``beat`` is called after each part appended (a long merge keeps its job's heartbeat)."""
    writer = PdfWriter()
    groups: dict[str, object] = {}
    for part in parts:
        first_page = len(writer.pages)
        writer.append(PdfReader(io.BytesIO(part.pdf)), import_outline=False)
        parent = groups.get(part.group)
        if parent is None:
            parent = groups[part.group] = writer.add_outline_item(title=part.group, page_number=first_page)
        writer.add_outline_item(title=part.title, page_number=first_page, parent=parent)
        beat()
    writer.page_mode = "/UseOutlines"
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue(), len(writer.pages)


def print_job_process(*, job_id: int) -> OutputJob | None:
    job = output_job_begin(job_id)
    if job is None:
        return None
    links = [link for link in current_documents(job.period).values() if link.kind in job.kinds]
    links.sort(key=lambda link: (link.contract.number, KIND_ORDER[link.kind]))
    OutputJob.objects.filter(pk=job.pk).update(total=len(links))
    if not links:
        return output_job_finish(job=job, problems=[], error=NOTHING_ISSUED.format(period=job.period.label))
    parts, problems = [], []
    for link in links:
        document = link.document
        try:
            pdf = document_pdf(document)
        except (PdfConversionFailed, FileNotFoundError) as exc:
            problems.append({"contract": link.contract.number, "message": f"{document.number}: {exc}"})
        else:
            consumer = link.contract.consumer
            parts.append(Part(
                group=f"Договор № {link.contract.number} — {consumer}",
                title=f"{link.get_kind_display()} № {document.number}",
                number=document.number, pdf=pdf,
            ))
        output_job_progress(job, done=1)
    if not parts:
        return output_job_finish(job=job, problems=problems, error="Ни один документ не удалось получить в PDF")
    # the merge and the store of a whole period can take longer than the watchdog's threshold:
    # the job keeps beating, or the watchdog would queue it again under this worker
    content, pages = merge(parts, beat=lambda: output_job_progress(job))
    output_job_progress(job)
    digest = storage.sha256(content)
    name = storage.new_name(f"{FOLDER}/{job.period.month:%Y}", "pdf")
    with transaction.atomic(), storage.stored(name, content):
        printout = InvoicePrintout(
            period=job.period, job=job, storage_name=name, sha256=digest, size=len(content), pages=pages,
            documents=[p.number for p in parts], created_by=job.created_by, created_at=timezone.now(),
        )
        validated(printout, exclude=["period", "job", "created_by"])
        printout.save()
        record_event(
            action="billing.invoices.printed", actor=job.created_by, target=printout,
            data={"period": f"{job.period.month:%m.%Y}", "documents": len(parts), "pages": pages, "sha256": digest},
        )
    OutputJob.objects.filter(pk=job.pk).update(issued=len(parts))
    job.refresh_from_db()
    return output_job_finish(job=job, problems=problems)


def printout_content(printout: InvoicePrintout, *, actor) -> bytes:
    """The archived printout for download, checked against its SHA-256, with its audit event."""
    try:
        content = storage.read(printout.storage_name)
    except FileNotFoundError:
        raise ApplicationError("Файл печати отсутствует в архиве", code="file_missing", field="printout") from None
    if storage.sha256(content) != printout.sha256:
        raise ApplicationError("Файл печати в архиве изменен (SHA-256 не совпадает): выдача запрещена",
                               code="file_tampered", field="printout")
    with transaction.atomic():
        record_event(action="billing.invoices.printout_downloaded", actor=actor, target=printout,
                     data={"period": f"{printout.period.month:%m.%Y}", "sha256": printout.sha256})
    return content
