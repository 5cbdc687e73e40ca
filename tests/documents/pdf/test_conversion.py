"""convert_docx_to_pdf without a pool: the cold ``soffice`` path and input checks."""

from __future__ import annotations

import io
import tempfile
import threading
import time
import zipfile

import psutil
import pytest
from pypdf import PdfReader

from documents.pdf import ConversionError, ConversionTimeout, convert_docx_to_pdf, errors, state
from documents.pdf.client import pool_running
from tests.documents.pdf.conftest import MARKER, make_docx, pdf_text, with_broken_document_xml

pytestmark = pytest.mark.dateless  # LibreOffice processes: no date is read

A4_POINTS = (595, 842)


def test_converts_a_letter_to_an_a4_pdf_with_its_text(letter_docx):
    # when
    pdf = convert_docx_to_pdf(letter_docx)
    # then
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert MARKER in text
    assert "15.000 Гкал" in text  # the table's last row
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert (round(box.width), round(box.height)) == A4_POINTS


def test_falls_back_to_cold_soffice_when_the_pool_state_is_stale(settings, tmp_path, letter_docx):
    # given the files of a pool whose supervisor died (nobody holds its lock), claiming a ready worker
    directory = tmp_path / "dead-pool"
    directory.mkdir()
    (directory / state.SUPERVISOR_LOCK).touch()
    state.write_json(directory / state.POOL_FILE, {"pid": 999_999, "size": 1, "max_conversions": 0})
    state.write_json(state.worker_file(directory, 0), {
        "index": 0, "state": state.READY, "pid": 999_998, "port": 9, "uno_port": 10,
        "profile": str(directory / "profiles" / "worker-0"), "generation": 1, "conversions": 0,
    })
    settings.PDF_POOL_DIR = directory
    # when
    started = time.monotonic()
    running = pool_running(directory)
    detection = time.monotonic() - started
    pdf = convert_docx_to_pdf(letter_docx)
    # then the dead pool is seen at once and the document is converted cold
    assert running is False
    assert detection < 0.5
    assert MARKER in pdf_text(pdf)


def _zip_without_word_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", errors.MSG_EMPTY_INPUT),
        (b"just some text, not a document", errors.MSG_NOT_ZIP),
        (make_docx()[:2000], errors.MSG_NOT_ZIP),  # truncated download
        (_zip_without_word_document(), errors.MSG_NOT_WORD),
    ],
    ids=["empty", "text", "truncated", "zip-without-word-document"],
)
def test_refuses_what_is_not_a_docx_before_starting_libreoffice(data, message):
    # when / then
    with pytest.raises(ConversionError) as caught:
        convert_docx_to_pdf(data)
    assert caught.value.code == errors.CORRUPT_INPUT
    assert caught.value.message == message


def test_a_docx_libreoffice_cannot_load_is_reported_as_corrupt():
    # given a DOCX whose document.xml is cut in half
    docx = with_broken_document_xml(make_docx())
    # when / then
    with pytest.raises(ConversionError) as caught:
        convert_docx_to_pdf(docx)
    assert caught.value.code == errors.CORRUPT_INPUT
    assert "LibreOffice" in caught.value.message


def test_missing_libreoffice_is_named(settings, letter_docx):
    # given
    settings.PDF_SOFFICE = "/nonexistent/libreoffice/soffice"
    # when / then
    with pytest.raises(ConversionError) as caught:
        convert_docx_to_pdf(letter_docx)
    assert caught.value.code == errors.LIBREOFFICE_MISSING
    assert "/nonexistent/libreoffice/soffice" in caught.value.message


def _processes_mentioning(path: str) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter(["cmdline", "status"]):
        if proc.info["status"] != psutil.STATUS_ZOMBIE and any(path in a for a in proc.info["cmdline"] or ()):
            found.append(proc)
    return found


def test_a_cold_conversion_over_its_timeout_is_killed(monkeypatch, tmp_path, letter_docx):
    # given cold soffice's working directories under tmp_path (to find its processes)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    seen: list[psutil.Process] = []
    watcher = threading.Timer(0.4, lambda: seen.extend(_processes_mentioning(str(tmp_path))))
    watcher.start()
    # when a cold start (over a second) must finish within 0.8 s
    with pytest.raises(ConversionTimeout) as caught:
        convert_docx_to_pdf(letter_docx, timeout=0.8)
    watcher.join()
    # then LibreOffice was running, and is gone: the whole process group was killed
    assert caught.value.code == errors.TIMEOUT
    assert "0.8 с" in caught.value.message
    assert seen, "soffice should have been running during the conversion"
    assert _processes_mentioning(str(tmp_path)) == []


def test_parallel_cold_conversions_use_separate_profiles(letter_docx):
    # given two documents converted cold at the same moment
    documents = [make_docx(title="Первое письмо"), make_docx(title="Второе письмо")]
    results: dict[int, bytes] = {}
    failures: list[BaseException] = []

    def convert(n: int) -> None:
        try:
            results[n] = convert_docx_to_pdf(documents[n])
        except BaseException as exc:  # noqa: BLE001 — reported below
            failures.append(exc)

    threads = [threading.Thread(target=convert, args=(n,)) for n in range(2)]
    # when
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then both succeed (a shared profile would make the second soffice fail or hand over)
    assert failures == []
    assert "Первое письмо" in pdf_text(results[0])
    assert "Второе письмо" in pdf_text(results[1])
