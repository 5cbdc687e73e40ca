"""Court package benchmark (issue 18, «Performance»): a package of ``DOCUMENTS`` archived
documents (``common.letter``, as issued by ``issue_document``) assembled by
``casefiles.package.assemble`` — inventory, pages numbered through, bookmarks, ZIP of the
originals — in one run:

1. **no cached PDFs**: the documents have no PDF rendition yet, so the package converts each
   through the PDF pool (a real ``manage.py pdf_pool`` of one worker in a temporary
   directory) and archives it. Every conversion is timed where the documents engine makes it
   (``documents.services._convert``, wrapped by a timer that calls the real one); target: the
   whole assembly ≤ ``TARGET_UNCACHED_RATIO`` × the sum of those conversions.
2. **cached PDFs**: the same package again, ``REPEAT`` times, now reading the archived
   renditions; target: the median ≤ ``TARGET_CACHED_SECONDS``.

Runs on a throw-away test database and a temporary archive. The machine is shared (two
cores): ``load_average`` is printed beside the figures. Run alone: ``python -m bench casefiles``.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

DOCUMENTS = 20
REPEAT = 5
TARGET_CACHED_SECONDS = 1.0
TARGET_UNCACHED_RATIO = 1.2
KINDS = ["claim_letter", "debt_calculation"] + ["invoices"] * (DOCUMENTS - 2)


def _measure(tmp: Path) -> dict:
    from django.contrib.auth import get_user_model
    from django.test.utils import override_settings

    from casefiles.package import PackageItem, assemble
    from casefiles.package_sources import ArchivedSource
    from documents import services, tasks
    from documents.pdf.launcher import PoolProcess
    from documents.registry import get_spec

    storages = {
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "archive": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": str(tmp / "archive")}},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    conversions: list[float] = []
    real_convert = services._convert

    def timed_convert(docx: bytes, *, timeout: float | None) -> bytes:
        started = time.perf_counter()
        try:
            return real_convert(docx, timeout=timeout)
        finally:
            conversions.append(time.perf_counter() - started)

    original_delay = tasks.convert_document_to_pdf.delay
    tasks.convert_document_to_pdf.delay = lambda *args: None  # the package converts, not the queue
    services._convert = timed_convert
    try:
        with PoolProcess(tmp / "pool", size=1) as pool, \
                override_settings(STORAGES=storages, PDF_POOL_DIR=str(pool.directory)):
            user = get_user_model().objects.create_user(username="bench-casefiles", password="bench-12345678")
            context = services.sample_context(get_spec("common.letter"))
            context.pop("document")
            documents = [services.issue_document(template="common.letter", context=context, subject=user, actor=user)
                         for _ in range(DOCUMENTS)]
            items = [PackageItem(title=f"{d.title} № {d.number}", kind=kind, source=ArchivedSource(d))
                     for d, kind in zip(documents, KINDS, strict=True)]
            services.convert_preview(services.render_preview(code="common.letter"))  # the worker warmed up
            conversions.clear()

            started = time.perf_counter()
            uncached = assemble("pretrial_claim", items, title="к претензии (бенчмарк)")
            uncached_seconds = time.perf_counter() - started
            conversion_seconds = sum(conversions)
            converted = len(conversions)

            cached_times = []
            for _ in range(REPEAT):
                started = time.perf_counter()
                cached = assemble("pretrial_claim", items, title="к претензии (бенчмарк)")
                cached_times.append(time.perf_counter() - started)
            assert len(conversions) == converted, "the cached runs converted again"
    finally:
        services._convert = real_convert
        tasks.convert_document_to_pdf.delay = original_delay
    cached_median = statistics.median(cached_times)
    ratio = uncached_seconds / conversion_seconds
    return {
        "documents": DOCUMENTS,
        "package_pages": cached.page_count,
        "package_bytes": len(cached.pdf),
        "zip_bytes": len(cached.zip),
        "pool_workers": 1,
        "uncached": {
            "conversions": converted,
            "conversions_sum_seconds": round(conversion_seconds, 3),
            "assemble_seconds": round(uncached_seconds, 3),
            "ratio_to_conversions": round(ratio, 3),
            "target_ratio": TARGET_UNCACHED_RATIO,
            "target_met": converted == DOCUMENTS and ratio <= TARGET_UNCACHED_RATIO,
        },
        "cached": {
            "repeat": REPEAT,
            "assemble_seconds_median": round(cached_median, 3),
            "assemble_seconds_max": round(max(cached_times), 3),
            "target_seconds": TARGET_CACHED_SECONDS,
            "target_met": cached_median <= TARGET_CACHED_SECONDS,
        },
        "same_pages_both_ways": uncached.page_count == cached.page_count,
    }


def run() -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from django.test.utils import (
        setup_databases,
        setup_test_environment,
        teardown_databases,
        teardown_test_environment,
    )

    load_before = os.getloadavg()
    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-casefiles-") as tmp:
            figures = _measure(Path(tmp))
    finally:
        teardown_databases(databases, verbosity=0)
        teardown_test_environment()
    return {
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        **figures,
        "targets_met": figures["uncached"]["target_met"] and figures["cached"]["target_met"]
        and figures["same_pages_both_ways"],
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), ensure_ascii=False, indent=2))
