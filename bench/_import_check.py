"""One import checked in this process, for ``bench/imports.py``: ``python -m bench._import_check
KIND FILE``. The database (``DATABASE_URL``) is a migrated throw-away SQLite file; the limits
come from the environment (``IMPORT_MAX_*``). Prints JSON: seconds of the import command,
peak resident memory of this process (MiB), its resident memory before the import, the
refusal's first line and its count of problems."""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from io import StringIO


def _rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _prepare(kind: str) -> list[str]:
    """The reference rows the import needs, and the command's extra arguments."""
    from metering.models import ReadingColumn, ReadingImportSource, WeatherStation

    if kind == "readings":
        source = ReadingImportSource.objects.create(name="Бенчмарк", file_format="csv", csv_encoding="utf-8")
        for field, header in (("unit", "Узел учета"), ("period", "Месяц"), ("q", "Q, Гкал"), ("m1", "M1, т"),
                              ("m2", "M2, т"), ("operating_hours", "Наработка, ч")):
            ReadingColumn.objects.create(source=source, field=field, column=header, measure="")
        return ["--source", "Бенчмарк"]
    if kind == "temperatures":
        WeatherStation.objects.create(code="27612", name="Бенчмарк", city="Бенчмарк")
        return ["--station", "27612"]
    return ["--kind", "consumers"]


def main(kind: str, path: str) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from django.core.management import CommandError, call_command

    command = {"registry": "import_registry", "readings": "import_readings", "temperatures": "import_temperatures"}[kind]
    arguments = _prepare(kind)
    before = _rss_mib()
    out, err = StringIO(), StringIO()
    start = time.perf_counter()
    try:
        call_command(command, path, *arguments, stdout=out, stderr=err)
        outcome = out.getvalue().splitlines()[:1]
    except CommandError as exc:
        outcome = [str(exc)]
    elapsed = time.perf_counter() - start
    lines = err.getvalue().splitlines()
    return {
        "seconds": round(elapsed, 2),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "rss_before_import_mib": round(before, 1),
        "outcome": outcome[0] if outcome else "",
        "problems": len(lines),
        "first_problem": lines[0][:200] if lines else "",
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2]), ensure_ascii=False))
