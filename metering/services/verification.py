"""Tracking state verification of devices (102-ФЗ ст. 13; docs/law.md): notices before the due date,
and the unit faulty from the day after a verification expired. Run daily by
``metering.tasks.track_verification`` (config/beat.py); running it twice changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction

from audit.services import record_event
from core.errors import ApplicationError
from core.history import history_actor
from core.types import Actor
from documents.services import issue_document
from metering import hooks
from metering.documents import verification_notice_context
from metering.models import (
    Device,
    MeteringUnit,
    UnitStatus,
    UnitStatusChange,
    VerificationNotice,
    VerificationNoticeLine,
)
from metering.selectors import devices_in_service, unit_status_on

from .common import system_user
from .units import unit_status_change


@dataclass
class TrackingResult:
    notices: list[VerificationNotice] = field(default_factory=list)
    faulty: list[UnitStatusChange] = field(default_factory=list)


def notice_thresholds() -> list[int]:
    """Days before the due date at which a notice goes out (settings, e.g. 60 and 30)."""
    return sorted(settings.METERING_VERIFICATION_NOTICE_DAYS)


def verification_track(*, today: date) -> TrackingResult:
    """Mark units faulty where a device's verification has expired, then issue the notices
    that are due today and were not issued yet (one per consumer, listing its devices)."""
    result = TrackingResult()
    actor = system_user()
    for device in devices_in_service().filter(next_verification_on__lte=today):
        change = _make_faulty(device, actor)
        if change is not None:
            result.faulty.append(change)
    by_consumer: dict[int, list[tuple[Device, int]]] = defaultdict(list)
    for device, threshold in _due_notices(today):
        by_consumer[device.unit.heated_object.consumer_id].append((device, threshold))  # type: ignore[union-attr]  # installed devices only
    for lines in by_consumer.values():
        notice = _issue_notice(lines, today=today, actor=actor)
        if notice is not None:
            result.notices.append(notice)
    return result


def _make_faulty(device: Device, actor: Actor) -> UnitStatusChange | None:
    """Faulty from the day after the last valid day of the verification, if the unit was
    commercially metering then (a unit not commissioned stays as it is)."""
    unit: MeteringUnit = device.unit  # type: ignore[assignment]  # installed devices only
    since = device.next_verification_on
    if unit_status_on(unit, since) != UnitStatus.COMMERCIAL:
        return None
    return unit_status_change(
        unit=unit, status=UnitStatus.FAULTY, effective_from=since, actor=actor,
        reason=f"истек срок поверки: {device} (поверка действительна до {device.verification_valid_until:%d.%m.%Y})",
        basis="ФГИС «Аршин»: срок действия поверки",
    )


def _due_notices(today: date) -> list[tuple[Device, int]]:
    """(device, threshold) for devices whose due date is within a threshold and that have no
    notice at this threshold or a closer one for this due date."""
    thresholds = notice_thresholds()
    due = []
    horizon = today + timedelta(days=thresholds[-1])
    devices = devices_in_service().filter(next_verification_on__gt=today, next_verification_on__lte=horizon)
    for device in devices.order_by("unit__number", "serial_number"):
        days_left = (device.next_verification_on - today).days
        threshold = min(t for t in thresholds if days_left <= t)
        already = VerificationNoticeLine.objects.filter(
            device=device, due_on=device.next_verification_on, threshold_days__lte=threshold
        ).exists()
        if not already:
            due.append((device, threshold))
    return due


def _issue_notice(lines: list[tuple[Device, int]], *, today: date, actor: Actor) -> VerificationNotice | None:
    consumer = lines[0][0].unit.heated_object.consumer  # type: ignore[union-attr]  # installed devices only
    try:
        with transaction.atomic(), history_actor(actor):
            notice = VerificationNotice.objects.create(consumer=consumer, issued_on=today)
            for device, threshold in lines:
                VerificationNoticeLine.objects.create(
                    notice=notice, device=device, due_on=device.next_verification_on, threshold_days=threshold
                )
            context = verification_notice_context(notice, actor=actor)
            notice.document = issue_document(
                template="metering.verification_notice", context=context, subject=notice, actor=actor
            )
            notice.save(update_fields=["document"])
            record_event(
                action="verification.notice_issued", actor=actor, target=notice,
                data={"consumer": consumer.code, "devices": [d.serial_number for d, _ in lines],
                      "thresholds": sorted({t for _, t in lines}), "document": notice.document.number},
            )
            hooks.enqueue("verification_notice", notice.pk)
    except IntegrityError:  # a concurrent run issued it first
        return None
    return notice


def notice_delivered(*, notice: VerificationNotice, delivered_on: date, note: str, actor: Actor) -> VerificationNotice:
    """The technician records how and when the notice reached the consumer (proof of delivery)."""
    with transaction.atomic(), history_actor(actor):
        notice = VerificationNotice.objects.select_for_update().get(pk=notice.pk)
        if delivered_on < notice.issued_on:
            raise ApplicationError("Дата вручения раньше даты уведомления", code="date_order", field="delivered_on")
        if not note.strip():
            raise ApplicationError("Укажите, как вручено уведомление (почта, ЭДО, нарочно)", code="required", field="note")
        notice.delivered_on, notice.delivery_note = delivered_on, note.strip()
        notice.save(update_fields=["delivered_on", "delivery_note"])
        record_event(
            action="verification.notice_delivered", actor=actor, target=notice,
            data={"delivered_on": delivered_on, "note": note},
        )
    return notice
