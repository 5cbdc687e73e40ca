"""`make bench`: run every benchmark module in bench/ and print one JSON document.

Each module ``bench/<name>.py`` exposes ``run() -> dict`` (figures, ratios and whether the
target was met). Run one: ``python -m bench documents``; leave some out of ``make bench``:
``BENCH_SKIP="pages billing"``.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    skipped = set(os.environ.get("BENCH_SKIP", "").replace(",", " ").split())
    names = argv or sorted(
        m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)])
        if not m.name.startswith("_") and m.name not in skipped
    )
    results = {}
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        results[name] = module.run()
    print(json.dumps(results, ensure_ascii=False, indent=2, default=str))
    return 0 if all(r.get("targets_met", True) for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
