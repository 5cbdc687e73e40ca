"""Documents benchmark: ``issue_document`` against a bare docxtpl render, and the PDF
conversion figures.

1. A one-page act with a 50-row table (``_bench_act``, written with the ГОСТ helpers of
   ``doc_templates/build/gost.py``, registered as ``bench.act`` in a temporary manifest). In the same run, alternating,
   ``REPEAT`` times each: the bare render (``DocxTemplate`` → ``render`` → ``save``, with
   our Jinja environment) and ``issue_document`` (the same render plus registration
   number, SHA-256, archive write, ``ArchivedDocument`` row, audit event, commit). The
   ratio of the medians must be ≤ 1.25. The PDF job is queued after commit; queuing is a
   broker push, so ``delay`` is replaced by a recorder here and no conversion runs inside
   the measured issue.
2. ``bench/_pdf_conversion.py`` (the PDF pool's own benchmark), when present: warm vs cold
   conversion and 1 vs 2 workers; its figures and ``targets_met`` are included.

Runs on a throw-away test database (Django's test-database setup: in memory for SQLite,
``test_<name>`` for PostgreSQL) and a temporary archive. The machine is shared (two
cores): the figures are medians, and ``load_average`` is printed beside them.
"""

from __future__ import annotations

import io
import os
import statistics
import tempfile
import time
from pathlib import Path

TARGET_ISSUE_RATIO = 1.25
REPEAT = 25
ROWS = 50

MANIFEST = """
[[template]]
code = "bench.act"
title = "Акт (бенчмарк)"
file = "act.docx"
version = 1
sha256 = "{sha256}"
number_prefix = "БН"
variables = ["organization", "heading", "rows", "total", "signer"]
[template.sample]
organization = { full_name = "АО «Энская теплосетевая компания»" }
heading = "снятия показаний узлов учета"
rows = []
total = "0,000"
signer = { position = "Начальник абонентского отдела", name = "М.С. Волкова" }
"""


def _bench_act() -> bytes:
    """A one-page act with a table of rows (the benchmark's own template; not in the manifest)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from doc_templates.build import gost

    center = WD_ALIGN_PARAGRAPH.CENTER
    doc = gost.new_document()
    gost.paragraph(doc, "{{ organization.full_name }}", size=gost.SMALL_PT, bold=True, align=center)
    gost.paragraph(doc, "АКТ", bold=True, align=center, space_before=6)
    gost.paragraph(doc, "{{ document.date }} № {{ document.number }}", size=gost.SMALL_PT, align=center)
    gost.paragraph(doc, "{{ heading }}", size=gost.SMALL_PT, align=center, space_after=6)
    table = gost.grid_table(doc, ["№", "Объект", "Показание", "Гкал"], [1.0, 9.0, 3.0, 3.5], size=8)
    gost.add_row(table, ["{%tr for row in rows %}", "", "", ""], size=8)
    gost.add_row(table, ["{{ loop.index }}", "{{ row.name }}", "{{ row.reading }}", "{{ row.gcal }}"], size=8)
    gost.add_row(table, ["{%tr endfor %}", "", "", ""], size=8)
    gost.paragraph(doc, "Итого: {{ total }} Гкал", size=gost.SMALL_PT, space_before=6)
    gost.signature(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _context() -> dict:
    from decimal import Decimal

    from documents import formatting

    rows = [
        {"name": f"Узел учета УУ-{i:03d}, ул. Заводская, д. {i}", "reading": f"{1000 + i * 7}",
         "gcal": formatting.gcal(Decimal(i) * Decimal("1.2345"))}
        for i in range(1, ROWS + 1)
    ]
    return {
        "organization": {"full_name": "АО «Энская теплосетевая компания»"},
        "heading": "снятия показаний узлов учета за октябрь 2026 г.",
        "rows": rows,
        "total": formatting.gcal(sum(Decimal(i) * Decimal("1.2345") for i in range(1, ROWS + 1))),
        "signer": {"position": "Начальник абонентского отдела", "name": "М.С. Волкова"},
    }


def _measure_issue(tmp: Path) -> dict:
    from django.contrib.auth import get_user_model
    from django.test.utils import override_settings
    from docxtpl import DocxTemplate

    from documents import registry, rendering, services, storage, tasks
    from documents.formatting import date_short

    act = _bench_act()
    (tmp / "act.docx").write_bytes(act)
    (tmp / "manifest.toml").write_text(MANIFEST.replace("{sha256}", storage.sha256(act)), encoding="utf-8")
    storages = {
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "archive": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": str(tmp / "archive")}},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    queued: list[int] = []
    original_delay = tasks.convert_document_to_pdf.delay
    tasks.convert_document_to_pdf.delay = queued.append
    try:
        with override_settings(DOC_TEMPLATES_DIR=tmp, STORAGES=storages):
            registry.manifest.cache_clear()
            user = get_user_model().objects.create_user(username="bench", password="bench-12345678")
            context = _context()
            content = services.template_content(services.current_template_version(code="bench.act"))
            bare_context = {**context, "document": {"number": "БН-2026/000000", "date": date_short(time.strftime("%Y-%m-%d"))}}

            def bare() -> int:
                template = DocxTemplate(io.BytesIO(content))
                template.render(bare_context, rendering.jinja_env())
                out = io.BytesIO()
                template.save(out)
                return len(out.getvalue())

            def issue() -> int:
                return services.issue_document(template="bench.act", context=context, subject=user, actor=user).size

            for warm in (bare, issue, bare, issue):
                warm()
            bare_times, issue_times = [], []
            for _ in range(REPEAT):
                for fn, times in ((bare, bare_times), (issue, issue_times)):
                    start = time.perf_counter()
                    fn()
                    times.append(time.perf_counter() - start)
            pages = _page_count(content, bare_context)
    finally:
        tasks.convert_document_to_pdf.delay = original_delay
        registry.manifest.cache_clear()
    bare_ms, issue_ms = statistics.median(bare_times) * 1000, statistics.median(issue_times) * 1000
    ratio = issue_ms / bare_ms
    return {
        "rows": ROWS,
        "repeat": REPEAT,
        "act_pages": pages,
        "bare_render_ms_median": round(bare_ms, 1),
        "issue_document_ms_median": round(issue_ms, 1),
        "issue_to_bare_ratio": round(ratio, 3),
        "issue_target_ratio": TARGET_ISSUE_RATIO,
        "issue_target_met": ratio <= TARGET_ISSUE_RATIO,
        "pdf_jobs_queued": len(queued),
    }


def _page_count(content: bytes, context: dict) -> int | None:
    """Pages of the rendered act (docProps/app.xml has none from docxtpl, so ask LibreOffice
    through the PDF converter when it is there)."""
    try:
        from documents.pdf import convert_docx_to_pdf
    except ImportError:
        return None
    from pypdf import PdfReader

    from documents import rendering

    try:
        pdf = convert_docx_to_pdf(rendering.render(content, context, label="bench"), timeout=120)
    except Exception:  # the page count is informative only
        return None
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _pdf_figures() -> dict | None:
    try:
        from bench import _pdf_conversion
    except ImportError:
        return None
    return _pdf_conversion.measure()


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

    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-documents-") as tmp:
            issue = _measure_issue(Path(tmp))
    finally:
        teardown_databases(databases, verbosity=0)
        teardown_test_environment()
    pdf = _pdf_figures()
    result = {"load_average": [round(x, 2) for x in os.getloadavg()], "issue_document": issue, "pdf": pdf}
    result["targets_met"] = issue["issue_target_met"] and (pdf is None or bool(pdf.get("targets_met")))
    return result


if __name__ == "__main__":
    import json

    print(json.dumps(run(), ensure_ascii=False, indent=2))
