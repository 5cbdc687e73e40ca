"""Imports benchmark: memory and time of checking big files, and the refusal of a zip bomb.

Targets (hardening issue, item 3): a 50 MB CSV of each import type (registry, readings,
temperatures) is checked in ≤ 300 MiB peak memory; the XLSX bomb (a 0.3 MB file whose one
shared string unpacks to 300 MB) is refused in ≤ 2 s.

What is measured, honestly: every figure is one run of the import's command
(``import_registry``, ``import_readings``, ``import_temperatures``) in a child process of its
own (``bench._import_check``) on a copy of a throw-away migrated SQLite database; peak memory
is the child's ``ru_maxrss`` — the whole process, Django and its apps included
(``rss_before_import_mib`` is what it held before the import began). Per import type:

* ``csv_50mb_default_limits`` — the 50 MB file under the default limits (refused by its size);
* ``csv_50mb_size_limit_raised`` — the same file with ``IMPORT_MAX_FILE_BYTES`` = 64 MiB, so
  it gets past the size check and is refused by its row count before any row is parsed;
* ``csv_at_row_limit`` — a file of exactly ``IMPORT_MAX_ROWS`` rows, every row read, converted
  and checked (each refers to something the database lacks, so every row is a problem and
  nothing is written): the largest check the defaults allow.

The machine is shared (two cores): times vary with its load, printed beside them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_PEAK_MIB = 300
TARGET_BOMB_SECONDS = 2.0
FIFTY_MB = 50 * 10**6

HEADERS = {
    "registry": "Вид абонента;Категория для пени;Наименование;ИНН;КПП;ОГРН;Юридический адрес\n",
    "readings": "Узел учета;Месяц;Q, Гкал;M1, т;M2, т;Наработка, ч\n",
    "temperatures": "Дата;Температура, °C;Станция\n",
}


def _row(kind: str, n: int) -> str:
    """A row that reads well but refers to what the database lacks (or, for the registry, has a
    category no consumer has), so the check goes through it and nothing is written."""
    if kind == "registry":
        return (f"Юридическое лицо;Неизвестная;ООО «Абонент {n}»;77{n:08d};77{n % 10**7:07d};"
                f"1{n:012d};г. Светлоборск, ул. Заводская, д. {n % 300 + 1}, кв. {n % 97 + 1}\n")
    if kind == "readings":
        return f"УУ-{n:07d};01.2026;{n % 97 + 10},125;{n % 900 + 100},5;{n % 900 + 99},75;744\n"
    return f"{n % 28 + 1:02d}.{n % 12 + 1:02d}.{1900 + n % 120};-{n % 40},{n % 10};Станция {n % 50}\n"


def _write_csv(path: Path, kind: str, *, size: int | None = None, rows: int | None = None) -> int:
    """A UTF-8 CSV of ``size`` bytes or of ``rows`` rows (the header counted); its byte size."""
    written, n = 0, 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(HEADERS[kind])
        written += len(HEADERS[kind].encode())
        batch = []
        while (size is None or written < size) and (rows is None or n < rows - 1):
            line = _row(kind, n)
            batch.append(line)
            written += len(line.encode())
            n += 1
            if len(batch) == 10_000:
                out.write("".join(batch))
                batch = []
        out.write("".join(batch))
    return written


def _bomb(path: Path, megabytes: int = 300) -> int:
    import io
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Наименование"])
    plain = io.BytesIO()
    book.save(plain)
    with zipfile.ZipFile(io.BytesIO(plain.getvalue())) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for member in source.infolist():
            content = source.read(member)
            if member.filename == "[Content_Types].xml":  # the shared strings declared, as Excel does
                content = content.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType='
                                          b'"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings'
                                          b'+xml"/></Types>')
            out.writestr(member, content)
        info = zipfile.ZipInfo("xl/sharedStrings.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with out.open(info, "w", force_zip64=True) as part:
            part.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>')
            chunk = b"A" * 2**20
            for _ in range(megabytes):
                part.write(chunk)
            part.write(b"</t></si></sst>")
    return path.stat().st_size


def _env(database: Path, **limits: int) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "CELERY_BROKER_URL"}
    env.update(DATABASE_URL=f"sqlite:///{database}", DJANGO_SETTINGS_MODULE="config.settings.base",
               PYTHONPATH=str(ROOT), LOG_LEVEL="WARNING")
    env.update({f"IMPORT_MAX_{name.upper()}": str(value) for name, value in limits.items()})
    return env


def _check(tmp: Path, template_db: Path, kind: str, path: Path, **limits: int) -> dict:
    database = tmp / "check.sqlite3"
    shutil.copyfile(template_db, database)
    done = subprocess.run(
        [sys.executable, "-m", "bench._import_check", kind, str(path)],
        cwd=ROOT, env=_env(database, **limits), capture_output=True, text=True, timeout=1800, check=False,
    )
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1:] or ["?"]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def run() -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    max_rows = settings.IMPORT_MAX_ROWS
    result: dict = {"load_average": [round(x, 2) for x in os.getloadavg()], "limits": {
        "IMPORT_MAX_FILE_BYTES": settings.IMPORT_MAX_FILE_BYTES,
        "IMPORT_MAX_UNCOMPRESSED_BYTES": settings.IMPORT_MAX_UNCOMPRESSED_BYTES,
        "IMPORT_MAX_ROWS": max_rows, "IMPORT_MAX_CELL_SHOWN": settings.IMPORT_MAX_CELL_SHOWN,
    }}
    with tempfile.TemporaryDirectory(prefix="bench-imports-") as name:
        tmp = Path(name)
        template_db = tmp / "template.sqlite3"
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=_env(template_db), check=True)
        peaks = []
        for kind in HEADERS:
            big, full = tmp / f"{kind}-50mb.csv", tmp / f"{kind}-rows.csv"
            figures = {"csv_50mb_bytes": _write_csv(big, kind, size=FIFTY_MB),
                       "csv_at_row_limit_bytes": _write_csv(full, kind, rows=max_rows)}
            figures["csv_50mb_default_limits"] = _check(tmp, template_db, kind, big)
            figures["csv_50mb_size_limit_raised"] = _check(tmp, template_db, kind, big, file_bytes=64 * 2**20)
            figures["csv_at_row_limit"] = _check(tmp, template_db, kind, full)
            big.unlink()
            full.unlink()
            peaks += [figures[k].get("peak_rss_mib", float("inf"))
                      for k in ("csv_50mb_default_limits", "csv_50mb_size_limit_raised", "csv_at_row_limit")]
            result[kind] = figures
        bomb = tmp / "bomb.xlsx"
        bomb_bytes = _bomb(bomb)
        result["xlsx_bomb"] = {"file_bytes": bomb_bytes, "unpacks_to_bytes": 300 * 2**20,
                               **_check(tmp, template_db, "registry", bomb)}
    result["peak_rss_mib_max"] = max(peaks)
    result["target_peak_mib"] = TARGET_PEAK_MIB
    result["target_bomb_seconds"] = TARGET_BOMB_SECONDS
    result["targets_met"] = (
        max(peaks) <= TARGET_PEAK_MIB
        and result["xlsx_bomb"].get("seconds", float("inf")) <= TARGET_BOMB_SECONDS
        and result["xlsx_bomb"].get("peak_rss_mib", float("inf")) <= TARGET_PEAK_MIB
    )
    return result


if __name__ == "__main__":
    print(json.dumps(run(), ensure_ascii=False, indent=2))
