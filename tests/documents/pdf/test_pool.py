"""Conversions through a running pool of two warm workers, from one and from several processes."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict

import pytest
from django.conf import settings
from django.core.management import call_command

from documents.pdf import ConversionError, convert_docx_to_pdf, errors, state
from tests.documents.pdf.conftest import (
    MARKER,
    pdf_text,
    start_pool,
    with_broken_document_xml,
)

pytestmark = pytest.mark.dateless  # LibreOffice processes: no date is read


@pytest.fixture(scope="module")
def pool(tmp_path_factory):
    pool = start_pool(tmp_path_factory, size=2)
    yield pool
    assert pool.stop() == 0


def _conversions(pool) -> int:
    return sum(pool.worker(i)["conversions"] for i in range(pool.size))


def test_converts_through_a_warm_worker(pool, use_pool, letter_docx):
    # given
    use_pool(pool)
    before = _conversions(pool)
    # when
    pdf = convert_docx_to_pdf(letter_docx)
    # then one worker of the pool did it
    assert pdf.startswith(b"%PDF")
    assert MARKER in pdf_text(pdf)
    assert _conversions(pool) == before + 1


def test_a_corrupt_docx_is_refused_and_the_worker_stays_usable(pool, use_pool, letter_docx):
    # given
    use_pool(pool)
    generations = [pool.worker(i)["generation"] for i in range(pool.size)]
    # when
    with pytest.raises(ConversionError) as caught:
        convert_docx_to_pdf(with_broken_document_xml(letter_docx))
    pdf = convert_docx_to_pdf(letter_docx)
    # then the error names the cause, and no worker was restarted
    assert caught.value.code == errors.CORRUPT_INPUT
    assert MARKER in pdf_text(pdf)
    assert [pool.worker(i)["generation"] for i in range(pool.size)] == generations
    assert all(pool.worker(i)["state"] == state.READY for i in range(pool.size))



# A client process: waits for "go" on stdin, converts its documents, prints what it held.
CLIENT = """
import json, sys
from pathlib import Path
from documents.pdf.client import convert_with_pool
from tests.documents.pdf.conftest import WORDS, make_docx, pdf_text

directory, tag, count = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
sys.stdin.readline()
done = []
for n in range(count):
    title = f"Письмо {WORDS[tag]} {WORDS[n]}"
    conversion = convert_with_pool(make_docx(title=title, rows=3), directory=directory, timeout=60, wait_timeout=120)
    assert title in pdf_text(conversion.pdf), title
    done.append([conversion.worker, conversion.generation, conversion.acquired_at, conversion.released_at])
print(json.dumps(done))
"""


def test_concurrent_processes_never_share_a_worker(pool):
    # given four client processes, released together, three documents each, two workers
    processes, per_process = 4, 3
    before = _conversions(pool)
    clients = [
        subprocess.Popen(
            [sys.executable, "-c", CLIENT, str(pool.directory), str(tag), str(per_process)],
            cwd=settings.BASE_DIR, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        for tag in range(processes)
    ]
    # when
    for client in clients:
        client.stdin.write("go\n")
        client.stdin.flush()
    outputs = [client.communicate(timeout=300)[0] for client in clients]
    # then every document was converted, both workers worked, and the times each worker
    # was held (clock shared by all processes: CLOCK_MONOTONIC) never overlap
    assert [client.returncode for client in clients] == [0] * processes
    held = defaultdict(list)
    for worker, generation, acquired_at, released_at in (c for out in outputs for c in json.loads(out)):
        held[(worker, generation)].append((acquired_at, released_at))
    assert sum(len(spans) for spans in held.values()) == processes * per_process
    assert {worker for worker, _ in held} == {0, 1}
    for spans in held.values():
        spans.sort()
        for (_, released), (acquired, _) in zip(spans, spans[1:], strict=False):
            assert released <= acquired
    assert _conversions(pool) == before + processes * per_process


def test_status_command_shows_the_workers(pool, capsys):
    # when
    call_command("pdf_pool", "--status", "--dir", str(pool.directory))
    # then
    out = capsys.readouterr().out
    assert f'"pid": {pool.proc.pid}' in out
    assert out.count('"state": "ready"') == 2
