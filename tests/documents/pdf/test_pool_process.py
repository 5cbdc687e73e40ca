"""The supervisor process (`manage.py pdf_pool`): refusing to start, stopping, dying."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from documents.pdf import convert_docx_to_pdf, state
from documents.pdf.client import pool_running
from tests.documents.pdf.conftest import MARKER, pdf_text, start_pool

pytestmark = pytest.mark.dateless  # LibreOffice processes: no date is read


def _pdf_pool(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "pdf_pool", *args],
        cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120,
        env={**os.environ, **(env or {})},
    )


def _libreoffice_on(directory: Path) -> list:
    return [p for i in range(2) for p in state.profile_processes(state.profile_dir(directory, i))]


def _wait_until(predicate, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def test_the_pool_refuses_to_start_without_libreoffice(tmp_path):
    # when
    result = _pdf_pool("--size", "1", "--dir", str(tmp_path), env={"PDF_SOFFICE": "/nonexistent/soffice"})
    # then
    assert result.returncode == 1
    assert "LibreOffice не найден" in result.stderr
    assert "/nonexistent/soffice" in result.stderr
    assert not pool_running(tmp_path)


def test_sigterm_stops_every_libreoffice_and_conversions_go_cold(tmp_path_factory, use_pool, letter_docx):
    # given a running pool, which a second supervisor on the same directory may not disturb
    pool = use_pool(start_pool(tmp_path_factory, size=1))
    try:
        second = _pdf_pool("--size", "1", "--dir", str(pool.directory))
        assert second.returncode == 1
        assert "уже работает пул PDF" in second.stderr
        assert _libreoffice_on(pool.directory)
        # when
        returncode = pool.stop()
    finally:
        pool.stop()
    # then the supervisor exits cleanly, leaving no LibreOffice and no live pool behind
    assert returncode == 0
    assert _libreoffice_on(pool.directory) == []
    assert not (pool.directory / state.POOL_FILE).exists()
    assert pool.worker(0)["state"] == state.STOPPED
    assert not pool_running(pool.directory)
    assert MARKER in pdf_text(convert_docx_to_pdf(letter_docx))  # cold


def test_a_killed_supervisor_is_noticed_at_once_and_its_workers_end(tmp_path_factory, use_pool, letter_docx):
    # given a running pool
    pool = use_pool(start_pool(tmp_path_factory, size=1))
    try:
        assert pool_running(pool.directory)
        # when its supervisor is killed outright (no chance to clean up)
        pool.proc.kill()
        pool.proc.wait()
        # then clients see at once that no pool runs (the kernel dropped the supervisor's
        # lock), the worker follows its parent (SIGTERM on parent death), and conversions go cold
        assert not pool_running(pool.directory)
        assert _wait_until(lambda: _libreoffice_on(pool.directory) == [])
        assert MARKER in pdf_text(convert_docx_to_pdf(letter_docx))
    finally:
        pool.stop()
