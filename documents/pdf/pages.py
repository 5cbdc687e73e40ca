"""A PDF as PNG pictures of its pages, for looking at a template or a document in the browser.

Poppler's ``pdftoppm`` draws the pages (Debian's poppler-utils, installed by the Makefile);
the page count is read with pypdf. Nothing here is archived: pictures are made on demand.
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader

from core.errors import ApplicationError

PDFTOPPM = "pdftoppm"
DEFAULT_DPI = 80
# A preview shows at most this many pages (a template is one to a few pages; a runaway loop
# in a template should not draw hundreds).
MAX_PAGES = 20
TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class PageImages:
    """The PNG pictures of the first pages (``MAX_PAGES`` at most) and the PDF's page count."""

    pages: list[bytes]
    page_count: int


def page_count(pdf: bytes) -> int:
    """How many pages the PDF has."""
    try:
        return len(PdfReader(BytesIO(pdf)).pages)
    except Exception as exc:  # pypdf raises many kinds on a damaged file
        raise ApplicationError(f"PDF не читается: {exc}", code="pdf_unreadable", field="pdf") from exc


def pdf_pages_png(pdf: bytes, *, dpi: int = DEFAULT_DPI, first: int = 1, last: int | None = None) -> PageImages:
    """The pages ``first``..``last`` (all, up to ``MAX_PAGES``) of ``pdf`` as PNG pictures."""
    count = page_count(pdf)
    last = min(count, last or count, first + MAX_PAGES - 1)
    with tempfile.TemporaryDirectory(prefix="pages-") as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        command = [PDFTOPPM, "-png", "-r", str(dpi), "-f", str(first), "-l", str(last), str(source), f"{folder}/page"]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT_SECONDS)
        except FileNotFoundError as exc:
            raise ApplicationError(
                "Не установлен pdftoppm (пакет poppler-utils): `make system`", code="tool_missing", field="pdf"
            ) from exc
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise ApplicationError(f"Страницы PDF не нарисованы: {exc}", code="pdf_unreadable", field="pdf") from exc
        pictures = sorted(Path(folder).glob("page*.png"), key=lambda p: int(p.stem.rpartition("-")[2]))
        return PageImages(pages=[p.read_bytes() for p in pictures], page_count=count)
