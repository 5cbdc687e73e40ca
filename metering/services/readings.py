"""Readings: entry, validation on entry, review of flagged readings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from audit.services import record_event
from core.errors import ApplicationError
from core.history import history_actor
from core.types import Actor
from core.validation import validated
from metering import hooks, selectors
from metering.models import MeteringUnit, Reading, ReadingFlag, ReadingImport, ReadingStatus
from metering.validation.facts import limits_from, reading_facts
from metering.validation.rules import evaluate

VALUE_FIELDS = (
    "q", "m1", "m2", "v1", "v2", "t1", "t2", "operating_hours", "error_hours",
    "q_total", "m1_total", "m2_total", "v1_total", "v2_total",
)


def future_period_problem(period: date) -> str | None:
    """Why a reading cannot be recorded for ``period`` yet (a Russian message), or None.

    A month after the current one (by ``timezone.localdate()``, the project's time zone) has
    not begun: nothing can have been metered in it. The current month is allowed (a reading
    taken at its end, or a commissioning's first figures). The one rule both the entry form
    (through ``reading_record``) and the file import (row by row, before writing) apply.
    """
    current = timezone.localdate().replace(day=1)
    if (period.year, period.month) > (current.year, current.month):
        return f"месяц еще не наступил, показания за него не вносятся (текущий — {current:%m.%Y})"
    return None


def reading_record(
    *,
    unit: MeteringUnit,
    period: date,
    source: str,
    values: dict[str, Decimal | None],
    actor: Actor,
    import_batch: ReadingImport | None = None,
) -> Reading:
    """Record a month's readings of a unit and validate them at once.

    No finding → accepted (billable; hook ``reading_accepted`` after commit, which billing
    uses to recalculate a month it has already closed). Findings → flagged, each rule's
    finding stored with its numbers, and a technician's review is opened after commit (hook
    ``reading_flagged``).
    A reading for a month that has not begun is refused (``future_period_problem``), and a
    second reading of the same unit and month unless the first was rejected.
    """
    unknown = set(values) - set(VALUE_FIELDS)
    if unknown:
        raise ValueError(f"unknown reading fields: {sorted(unknown)}")
    problem = future_period_problem(period)
    if problem:
        raise ApplicationError(f"Период {period:%m.%Y}: {problem}", code="future_period", field="period")
    with transaction.atomic(), history_actor(actor):
        unit = MeteringUnit.objects.select_for_update().select_related("heated_object").get(pk=unit.pk)
        existing = Reading.objects.filter(unit=unit, period=period).exclude(status=ReadingStatus.REJECTED).first()
        if existing:
            raise ApplicationError(
                f"Период {period:%m.%Y}: показания узла {unit.number} уже внесены ({existing.get_status_display().lower()})",
                code="duplicate", field="period",
            )
        reading = Reading(
            unit=unit, period=period, source=source, import_batch=import_batch,
            entered_by=actor if getattr(actor, "is_authenticated", False) else None,
            status=ReadingStatus.ACCEPTED, **values,
        )
        validated(reading)
        settings = selectors.validation_settings_on(period)
        findings = evaluate(reading_facts(reading, settings), limits_from(settings))
        if findings:
            reading.status = ReadingStatus.FLAGGED
        reading.save()
        ReadingFlag.objects.bulk_create(
            ReadingFlag(reading=reading, rule=f.rule, message=f.message, data=f.data) for f in findings
        )
        record_event(
            action="reading.recorded", actor=actor, target=reading,
            data={"unit": unit.number, "period": period, "source": source, "status": reading.status,
                  "flags": [f.rule for f in findings]},
        )
        hooks.enqueue("reading_flagged" if findings else "reading_accepted", reading.pk)
    return reading


def reading_review(*, reading: Reading, accept: bool, comment: str, actor: Actor) -> Reading:
    """A technician's decision on a flagged reading: accepted (billable; hook
    ``reading_accepted`` after commit) or rejected."""
    with transaction.atomic(), history_actor(actor):
        reading = Reading.objects.select_for_update().get(pk=reading.pk)
        if reading.status != ReadingStatus.FLAGGED:
            raise ApplicationError(
                f"Показания {reading}: уже проверены ({reading.get_status_display().lower()})",
                code="already_reviewed", field="status"
            )
        if not accept and not comment.strip():
            raise ApplicationError("Заключение: укажите, почему показания отклонены", code="required", field="comment")
        reading.status = ReadingStatus.ACCEPTED if accept else ReadingStatus.REJECTED
        reading.reviewed_by, reading.reviewed_at, reading.review_comment = actor, timezone.now(), comment
        reading.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comment"])
        record_event(
            action="reading.reviewed", actor=actor, target=reading,
            data={"status": reading.status, "comment": comment},
        )
        if accept:
            hooks.enqueue("reading_accepted", reading.pk)
    return reading
