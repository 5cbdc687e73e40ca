"""A worker's life: restarted after its maximum of conversions, and after a hang.

The hang is simulated by SIGSTOP-ping the worker's soffice.bin: to unoserver and to the client
this is exactly a LibreOffice that stopped answering in the middle of a document (an endless
layout loop, a deadlock) — the UNO call never returns and nothing is written to the socket.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import psutil
import pytest

from documents.pdf import ConversionTimeout, convert_docx_to_pdf, errors, state
from tests.documents.pdf.conftest import MARKER, pdf_text, start_pool

pytestmark = pytest.mark.dateless  # LibreOffice processes: no date is read

MAX_CONVERSIONS = 2


@pytest.fixture(scope="module")
def pool(tmp_path_factory):
    pool = start_pool(tmp_path_factory, size=1, max_conversions=MAX_CONVERSIONS)
    yield pool
    assert pool.stop() == 0


def _soffice(worker: dict) -> psutil.Process:
    [proc] = [p for p in state.profile_processes(Path(worker["profile"])) if p.name() == "soffice.bin"]
    return proc


def _gone(proc: psutil.Process) -> bool:
    try:
        return proc.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_a_worker_is_restarted_after_its_maximum_of_conversions(pool, use_pool, letter_docx):
    # given a fresh worker
    use_pool(pool)
    worker = pool.wait_ready(0)
    old_soffice = _soffice(worker)
    # when it does its maximum of conversions
    for _ in range(MAX_CONVERSIONS):
        assert MARKER in pdf_text(convert_docx_to_pdf(letter_docx))
    # then it is replaced by a new LibreOffice, which converts the next document
    renewed = pool.wait_ready(0, after_generation=worker["generation"])
    assert renewed["generation"] == worker["generation"] + 1
    assert _gone(old_soffice)
    assert _soffice(renewed).pid != old_soffice.pid
    assert MARKER in pdf_text(convert_docx_to_pdf(letter_docx))
    assert pool.worker(0)["conversions"] == 1


def test_a_hung_worker_is_killed_on_timeout_and_restarted(pool, use_pool, letter_docx):
    # given a ready worker whose LibreOffice stops answering
    use_pool(pool)
    worker = pool.wait_ready(0)
    hung = _soffice(worker)
    os.kill(hung.pid, signal.SIGSTOP)
    try:
        # when a conversion is sent to it
        with pytest.raises(ConversionTimeout) as caught:
            convert_docx_to_pdf(letter_docx, timeout=3)
    finally:
        if not _gone(hung):
            os.kill(hung.pid, signal.SIGCONT)
    # then the conversion times out with a clear reason, the hung LibreOffice is killed,
    assert caught.value.code == errors.TIMEOUT
    assert "3 с" in caught.value.message  # the limit is named
    assert _gone(hung)
    # the supervisor starts a new one, and the next document converts on it
    renewed = pool.wait_ready(0, after_generation=worker["generation"])
    assert MARKER in pdf_text(convert_docx_to_pdf(letter_docx))
    assert pool.worker(0)["generation"] == renewed["generation"]
    assert pool.worker(0)["conversions"] == 1
