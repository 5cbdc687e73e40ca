"""An accepted act of unmetered consumption at a metered consumer: the unit is faulty.

Tampering, a broken seal or an expired verification make the metering unit faulty and its
volume is calculated (ПП РФ № 1034; Методика, приказ Минстроя № 99/пр): from the day the device's archive shows the failure
(``ViolationAct.failed_on``) or else from the act's date, the unit's days are billed by
calculation — billing calculates every day the unit is not commercial
(``metering.selectors.unit_status_intervals``), the month in progress at its next run. Months
billing has already closed are recomputed and their differences queued as recalculations
(source «акт о безучетном потреблении») naming the act.

``act_accept`` calls ``act_unit_faulty`` in its transaction. Contract-less acts and acts
without a unit change nothing; the call is idempotent: a unit already faulty on that day gets
no new step and no recalculation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from audit.services import record_event
from billing.models import Recalculation
from billing.services.recalculations import recalculation_for_unit_status
from core.types import Actor
from metering.models import MeteringUnit, UnitStatus, UnitStatusChange
from metering.selectors import unit_status_on
from metering.services.units import unit_status_change

from ..models import ViolationAct

SOURCE = "inspections"  # billing.Recalculation.SOURCE_LABELS: «акт о безучетном потреблении»


@dataclass
class UnitFailure:
    """What an accepted act did to its unit: the status step and the recalculations queued."""

    unit: MeteringUnit
    since: date
    change: UnitStatusChange
    recalculations: list[Recalculation] = field(default_factory=list)


def act_title(act: ViolationAct) -> str:
    """«акт о безучетном потреблении № АНУ-… от 10.01.2026» — how the reason names the act."""
    number = f" № {act.document.number}" if act.document_id else ""  # type: ignore[union-attr]  # document_id checked
    return f"акт о безучетном потреблении{number} от {act.found_on:%d.%m.%Y}"


def failure_since(act: ViolationAct) -> date:
    """The first faulty day: the failure by the device's archive when the act records it, else the act's date."""
    return act.failed_on or act.found_on


def act_unit_faulty(*, act: ViolationAct, actor: Actor) -> UnitFailure | None:
    """Make the unit of an accepted unmetered act faulty from ``failure_since`` and queue the
    recalculations of the closed months. Runs in the caller's transaction (``act_accept``).

    None — nothing written — for a contract-less act, an act whose inspection names no unit, a
    unit not commercial on that day (already billed by calculation), or one already faulty
    (the act accepted before)."""
    unit = act.inspection.unit
    if act.kind != ViolationAct.Kind.UNMETERED or unit is None:
        return None
    since = failure_since(act)
    if unit_status_on(unit, since) != UnitStatus.COMMERCIAL:
        return None
    title = act_title(act)
    violation = ViolationAct.Violation(act.violation).label.lower()
    change = unit_status_change(
        unit=unit, status=UnitStatus.FAULTY, effective_from=since, actor=actor,
        reason=f"{title}: {violation}; до повторного допуска — расчетным способом",
        basis="отказ по архиву прибора" + (f" ({act.failure_at})" if act.failure_at else "")
        if act.failed_on else "дата акта",
    )
    if change is None:
        return None
    queued = recalculation_for_unit_status(
        unit=unit, since=since, source=SOURCE, actor=actor, target=act,
        reason=f"Узел учета № {unit.number} неисправен с {since:%d.%m.%Y}: {title}",
    )
    record_event(action="inspection.act_unit_faulty", actor=actor, target=act, data={
        "unit": unit.number, "since": since, "from_archive": act.failed_on is not None, "status_change": change.pk,
        "recalculations": [r.pk for r in queued]})
    return UnitFailure(unit=unit, since=since, change=change, recalculations=queued)
