"""The rows of the export's supply mode (interruptions, restrictions) and quality deviations,
which areas above billing record (``supply``): billing may not import them, so
``settings.BILLING_EXPORT_SUPPLY_ROWS`` names the functions that provide them, as
``METERING_HOOKS`` and the card sections do (docs/architecture.md).

A provider is ``f(*, first_day, last_day, object_ids) -> Iterable[SupplyRow]``: the rows of the
objects ``object_ids`` that overlap the period ``first_day``…``last_day``. A row's ``section``
is ``"supply_mode"`` (the regime sheet: an interruption or a restriction of the object) or
``"quality"`` (the quality sheet: a deviation with its act and the reduction); ``data`` is the
row as the export carries it (strings, ISO dates).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

SUPPLY_MODE, QUALITY = "supply_mode", "quality"


@dataclass(frozen=True)
class SupplyRow:
    object_id: int
    section: str  # SUPPLY_MODE | QUALITY
    data: dict


@cache
def _providers(paths: tuple[str, ...]):
    return [import_string(path) for path in paths]


def supply_rows(*, first_day: date, last_day: date, object_ids: Iterable[int]) -> dict[tuple[int, str], list[dict]]:
    """``(object_id, section) → rows`` from every provider named in settings, in their order."""
    ids = set(object_ids)
    result: dict[tuple[int, str], list[dict]] = defaultdict(list)
    if not ids:
        return result
    for provider in _providers(tuple(getattr(settings, "BILLING_EXPORT_SUPPLY_ROWS", ()))):
        for row in provider(first_day=first_day, last_day=last_day, object_ids=ids):
            result[(row.object_id, row.section)].append(row.data)
    return result
