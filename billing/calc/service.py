"""The one entry point of every legal calculation: the ``calc`` command, the calculator
page and ``POST /api/calc/<kind>/`` all call ``calculation_run``, which runs the pure
``run_calculation`` and records the audit event ``calc.run``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from audit.services import record_event
from core import bounds
from core.errors import ApplicationError
from regulations.errors import RuleError

from . import kinds
from .parsing import Reader, load_json

AUDIT_ACTION = "calc.run"
SOURCES = ("command", "api", "page")

KINDS: dict[str, Callable[..., dict]] = {
    "penalty": kinds.penalty,
    "heating-volume": kinds.heating_volume,
    "hot-water-volume": kinds.hot_water_volume,
    "contractless": kinds.contractless,
    "quality-recalc": kinds.quality_recalc,
    "state-duty": kinds.state_duty_kind,
}

KIND_TITLES = {
    "penalty": "Пени за просрочку оплаты",
    "heating-volume": "Объем отопления расчетным способом",
    "hot-water-volume": "Объем ГВС расчетным способом",
    "contractless": "Бездоговорное потребление",
    "quality-recalc": "Снижение платы за качество",
    "state-duty": "Государственная пошлина",
}


def run_calculation(*, kind: str, payload: Any, today: date | None = None) -> dict:
    """Run calculation ``kind`` on a decoded JSON ``payload``; the result has a ``"total"``.

    Raises ``ApplicationError`` naming the field for bad input (unknown kind, missing or
    unknown field, wrong date format, negative amount, a value out of the bounds of
    ``core.bounds``, unknown category…) and for a rule that cannot be applied (no key rate
    on a date…). Reads only; writes nothing.
    """
    calculate = KINDS.get(kind)
    if calculate is None:
        raise ApplicationError(
            f"kind: неизвестный вид расчета «{kind}»; допустимо: {', '.join(KINDS)}", code="not_found", field="kind"
        )
    bounds.check_json(payload)
    reader = Reader(payload)
    try:
        result = calculate(reader, today=today or timezone.localdate())
    except RuleError as exc:
        raise ApplicationError(exc.message, code="rule_refused", field=exc.field) from exc
    reader.refuse_unknown()
    return result


def run_calculation_json(*, kind: str, text: str, today: date | None = None) -> dict:
    """``run_calculation`` on JSON text (numbers kept as exact decimals)."""
    return run_calculation(kind=kind, payload=load_json(text), today=today)


@transaction.atomic
def calculation_run(*, kind: str, payload: Any, source: str, actor=None, today: date | None = None) -> dict:
    """``run_calculation`` for someone, audited: the event ``calc.run`` records the kind, the
    inputs as given, the result's total and where it was run from (``source``: ``command``,
    ``api`` or ``page``); ``actor=None`` is the system (the ``calc`` command).

    Bad input raises as ``run_calculation`` does and records nothing: only a calculation
    that produced a result can have been relied on.
    """
    if source not in SOURCES:
        raise ValueError(f"calculation source must be one of {SOURCES}, got {source!r}")
    result = run_calculation(kind=kind, payload=payload, today=today)
    record_event(
        action=AUDIT_ACTION, actor=actor,
        data={"kind": kind, "source": source, "input": payload, "total": result["total"]},
    )
    return result
