"""``convert_docx_to_pdf``: the one entry point the rest of the system calls."""

from __future__ import annotations

import io
import logging
import time
import zipfile
from pathlib import Path

from django.conf import settings

from documents.pdf.client import PoolUnavailable, convert_with_pool
from documents.pdf.cold import convert_cold
from documents.pdf.errors import (
    CONVERSION_FAILED,
    CORRUPT_INPUT,
    MSG_EMPTY_INPUT,
    MSG_FAILED,
    MSG_NOT_WORD,
    MSG_NOT_ZIP,
    ConversionError,
)

logger = logging.getLogger(__name__)


def convert_docx_to_pdf(docx: bytes, *, timeout: float | None = None) -> bytes:
    """Convert a DOCX document to PDF and return the PDF's bytes.

    Goes through the warm pool (``manage.py pdf_pool``) when one is running in
    ``settings.PDF_POOL_DIR``, otherwise runs a cold ``soffice --convert-to pdf``.
    ``timeout`` (default ``settings.PDF_CONVERSION_TIMEOUT``) bounds the conversion itself;
    a LibreOffice that exceeds it is killed (a pool worker is then restarted).

    Raises ConversionTimeout on a timeout and ConversionError for everything else
    (LibreOffice missing, corrupt or non-DOCX input, conversion failed); the error's
    message is Russian and names the cause, its ``code`` is a stable slug.
    """
    timeout = float(settings.PDF_CONVERSION_TIMEOUT if timeout is None else timeout)
    check_docx(docx)
    started = time.perf_counter()
    try:
        conversion = convert_with_pool(
            docx,
            directory=Path(settings.PDF_POOL_DIR),
            timeout=timeout,
            wait_timeout=float(settings.PDF_POOL_WAIT_TIMEOUT),
        )
        pdf, route = conversion.pdf, f"pool worker {conversion.worker}"
    except PoolUnavailable as exc:
        logger.debug("%s: converting cold", exc)
        pdf, route = convert_cold(docx, timeout=timeout, soffice=settings.PDF_SOFFICE), "cold soffice"
    if not pdf.startswith(b"%PDF"):
        raise ConversionError(MSG_FAILED.format(detail="результат не является PDF"), code=CONVERSION_FAILED)
    logger.info("DOCX → PDF via %s: %d → %d bytes in %.2f s", route, len(docx), len(pdf), time.perf_counter() - started)
    return pdf


def check_docx(docx: bytes) -> None:
    """Refuse what is plainly not a DOCX before LibreOffice sees it (it would happily
    "convert" any text file)."""
    if not docx:
        raise ConversionError(MSG_EMPTY_INPUT, code=CORRUPT_INPUT)
    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise ConversionError(MSG_NOT_ZIP, code=CORRUPT_INPUT) from None
    if "word/document.xml" not in names:
        raise ConversionError(MSG_NOT_WORD, code=CORRUPT_INPUT)
