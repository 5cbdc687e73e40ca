"""A cold conversion: one ``soffice --headless --convert-to pdf`` process per document.

The fallback when no pool is running. Each call gets a throw-away LibreOffice profile, so
parallel cold conversions (several Celery workers) never fight over one profile's lock.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from documents.pdf.errors import (
    CORRUPT_INPUT,
    LIBREOFFICE_MISSING,
    MSG_FAILED,
    MSG_LIBREOFFICE_MISSING,
    MSG_TIMEOUT,
    MSG_UNREADABLE,
    ConversionError,
    ConversionTimeout,
)

# LibreOffice's import filter for .docx: forcing it makes a non-DOCX file fail to load
# instead of being "converted" as plain text.
DOCX_IMPORT_FILTER = "MS Word 2007 XML"
PDF_EXPORT_FILTER = "writer_pdf_Export"
NOT_LOADED = "could not be loaded"


def find_soffice(soffice: str) -> str:
    """The absolute path of the ``soffice`` executable, or ConversionError naming it."""
    path = shutil.which(soffice)
    if path is None:
        raise ConversionError(MSG_LIBREOFFICE_MISSING.format(executable=soffice), code=LIBREOFFICE_MISSING)
    return path


def convert_cold(docx: bytes, *, timeout: float, soffice: str) -> bytes:
    executable = find_soffice(soffice)
    with tempfile.TemporaryDirectory(prefix="teplo-soffice-") as tmp:
        work = Path(tmp)
        source = work / "document.docx"
        source.write_bytes(docx)
        outdir = work / "out"
        cmd = [
            executable,
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            f"--infilter={DOCX_IMPORT_FILTER}",
            "--convert-to",
            f"pdf:{PDF_EXPORT_FILTER}",
            "--outdir",
            str(outdir),
            str(source),
        ]
        try:
            # Its own session: on a timeout the whole group (the soffice script, oosplash,
            # soffice.bin) is killed, not just the first process.
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,
                cwd=work,
            )
        except OSError as exc:  # not executable, vanished between which() and exec
            raise ConversionError(
                MSG_LIBREOFFICE_MISSING.format(executable=f"{executable}: {exc.strerror}"),
                code=LIBREOFFICE_MISSING,
            ) from exc
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise ConversionTimeout(MSG_TIMEOUT.format(timeout=timeout)) from None
        output = outdir / "document.pdf"
        if output.exists() and output.stat().st_size:
            return output.read_bytes()
        detail = _last_line(stderr) or _last_line(stdout) or f"код завершения {proc.returncode}"
        if NOT_LOADED in detail:
            raise ConversionError(MSG_UNREADABLE.format(detail=detail), code=CORRUPT_INPUT)
        raise ConversionError(MSG_FAILED.format(detail=detail))


def _last_line(output: bytes) -> str:
    lines = [
        line.strip()
        for line in output.decode(errors="replace").splitlines()
        if line.strip() and "javaldx" not in line  # a harmless warning on every start
    ]
    return lines[-1] if lines else ""
