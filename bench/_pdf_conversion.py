"""DOCX → PDF: a cold ``soffice`` per document against the warm pool, and 1 against 2 workers.

``measure()`` converts a realistic letter (A4, a 40-row table: two pages) in one run:

- per document: cold ``soffice --convert-to pdf`` (fresh profile, as the fallback does) and
  the warm pool (median of several); target: warm at least 4× faster;
- throughput: 20 documents sent by 2 client threads to a pool of 1 worker, then to a pool of
  2 workers; target: 2 workers at least 1.6× faster (on a 2-core machine).

Each pool is a real ``manage.py pdf_pool`` process in a temporary directory, stopped at the
end. Not a module of its own in ``make bench`` (the leading underscore): ``bench/documents.py``
calls ``measure()`` and reports it. Run alone: ``python -m bench._pdf_conversion``.
Timings depend on what else the machine runs: the load average is reported with them.
"""

from __future__ import annotations

import io
import json
import os
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

TARGET_WARM_SPEEDUP = 4.0
TARGET_TWO_WORKERS_SPEEDUP = 1.6
TIMEOUT = 120.0


def measure(*, cold_runs: int = 5, warm_runs: int = 10, documents: int = 20, clients: int = 2) -> dict:
    _setup_django()
    from django.conf import settings
    from pypdf import PdfReader

    from documents.pdf.client import convert_with_pool
    from documents.pdf.cold import convert_cold
    from documents.pdf.launcher import PoolProcess
    from documents.pdf.samples import sample_letter_docx

    docx = sample_letter_docx()
    load_before = os.getloadavg()

    def cold() -> bytes:
        return convert_cold(docx, timeout=TIMEOUT, soffice=settings.PDF_SOFFICE)

    def warm(directory: Path) -> bytes:
        return convert_with_pool(docx, directory=directory, timeout=TIMEOUT, wait_timeout=TIMEOUT).pdf

    def batch(directory: Path) -> float:
        started = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            pdfs = list(pool.map(lambda _: warm(directory), range(documents)))
        elapsed = time.perf_counter() - started
        assert all(pdf.startswith(b"%PDF") for pdf in pdfs)
        return elapsed

    with tempfile.TemporaryDirectory(prefix="teplo-bench-pdf-") as tmp:
        cold_seconds = [_timed(cold) for _ in range(cold_runs)]
        with PoolProcess(Path(tmp) / "one-worker", size=1) as one:
            warm_seconds = [_timed(lambda: warm(one.directory)) for _ in range(warm_runs)]
            one_worker = batch(one.directory)
        with PoolProcess(Path(tmp) / "two-workers", size=2) as two:
            two_workers = batch(two.directory)
    pages = len(PdfReader(io.BytesIO(cold())).pages)

    cold_median, warm_median = statistics.median(cold_seconds), statistics.median(warm_seconds)
    warm_speedup = cold_median / warm_median
    two_workers_speedup = one_worker / two_workers
    return {
        "document": {"docx_bytes": len(docx), "pdf_pages": pages},
        "cold_soffice_seconds_per_document": round(cold_median, 3),
        "warm_pool_seconds_per_document": round(warm_median, 3),
        "warm_speedup": round(warm_speedup, 2),
        "target_warm_speedup": TARGET_WARM_SPEEDUP,
        f"{documents}_documents_{clients}_clients_1_worker_seconds": round(one_worker, 2),
        f"{documents}_documents_{clients}_clients_2_workers_seconds": round(two_workers, 2),
        "two_workers_speedup": round(two_workers_speedup, 2),
        "target_two_workers_speedup": TARGET_TWO_WORKERS_SPEEDUP,
        "cpu_count": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "targets_met": warm_speedup >= TARGET_WARM_SPEEDUP and two_workers_speedup >= TARGET_TWO_WORKERS_SPEEDUP,
    }


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


if __name__ == "__main__":
    print(json.dumps(measure(), ensure_ascii=False, indent=2))
