"""Replacement of a unit's device (commissioning after replacement, the standard's B1): the
removal of the old device and the installation of the new one, recorded at once.

From the removal the unit is not commercial — billing calculates its days
(``metering.selectors.unit_status_intervals``) — until a commissioning application of kind
«после замены» is approved (``services.inspections``). The old device keeps its history.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from audit.services import record_event
from core.errors import ApplicationError
from core.history import history_actor
from core.permissions import require
from core.types import Actor
from core.validation import validated
from metering.models import (
    Device,
    DeviceModel,
    DeviceReplacement,
    MeteringUnit,
    Reading,
    ReadingStatus,
    Seal,
    UnitStatus,
)
from metering.models.units import next_verification_date

from .units import device_install, device_register, device_remove, device_verification_record, seal_remove, unit_status_change

SEAL_REASON = "замена прибора учета"


def last_accepted_total(unit: MeteringUnit, before: date) -> Reading | None:
    """The latest accepted reading of the unit for a month begun by ``before`` that has its
    Q register (нарастающим итогом)."""
    return (
        Reading.objects.filter(unit=unit, status=ReadingStatus.ACCEPTED, period__lte=before, q_total__isnull=False)
        .order_by("-period")
        .first()
    )


def _refuse(message: str, code: str, field: str) -> None:
    raise ApplicationError(message, code=code, field=field)


def _check_dates(device: Device, unit: MeteringUnit, removed_on: date, installed_on: date) -> None:
    today = timezone.localdate()
    if removed_on > today:
        _refuse(f"Дата снятия {removed_on:%d.%m.%Y} в будущем", "future_date", "removed_on")
    if device.installed_on and removed_on < device.installed_on:
        _refuse(
            f"Дата снятия {removed_on:%d.%m.%Y} раньше установки прибора ({device.installed_on:%d.%m.%Y})",
            "date_order", "removed_on",
        )
    if unit.status_since and removed_on < unit.status_since:
        _refuse(
            f"Дата снятия {removed_on:%d.%m.%Y} раньше последнего изменения статуса узла учета "
            f"({unit.status_since:%d.%m.%Y})", "date_order", "removed_on",
        )
    if installed_on < removed_on:
        _refuse(
            f"Дата установки {installed_on:%d.%m.%Y} раньше даты снятия ({removed_on:%d.%m.%Y})",
            "date_order", "installed_on",
        )
    if installed_on > today:
        _refuse(f"Дата установки {installed_on:%d.%m.%Y} в будущем", "future_date", "installed_on")


def _check_readings(unit: MeteringUnit, removed_on: date, final_reading: Decimal, initial_reading: Decimal) -> None:
    if final_reading < 0:
        _refuse("Показания при снятии не могут быть отрицательными", "negative", "final_reading")
    if initial_reading < 0:
        _refuse("Показания при установке не могут быть отрицательными", "negative", "initial_reading")
    last = last_accepted_total(unit, removed_on)
    if last is not None and last.q_total is not None and final_reading < last.q_total:
        _refuse(
            f"Показания при снятии {final_reading} Гкал меньше последних принятых "
            f"({last.q_total} Гкал за {last.period:%m.%Y})", "below_last_reading", "final_reading",
        )


def _check_verification(device_model: DeviceModel, verified_on: date, next_verification_on: date) -> None:
    if next_verification_on <= verified_on:
        _refuse(
            f"Дата следующей поверки {next_verification_on:%d.%m.%Y} не позже даты поверки ({verified_on:%d.%m.%Y})",
            "date_order", "next_verification_on",
        )
    expected = next_verification_date(verified_on, device_model.verification_interval_years)
    if next_verification_on != expected:
        _refuse(
            f"Дата следующей поверки {next_verification_on:%d.%m.%Y} не совпадает с межповерочным интервалом "
            f"модели {device_model.name} ({device_model.verification_interval_years} г.): {expected:%d.%m.%Y}",
            "interval_mismatch", "next_verification_on",
        )


def _new_device(
    *, device_model: DeviceModel, serial_number: str, verified_on: date, arshin_record: str, actor: Actor
) -> Device:
    """The device to install: the one of this model and serial number (back from verification
    or from stock, its verification recorded when newer) or a new one registered."""
    existing = Device.objects.select_for_update().filter(device_model=device_model, serial_number=serial_number).first()
    if existing is None:
        return device_register(
            device_model=device_model, serial_number=serial_number, verified_on=verified_on,
            arshin_record=arshin_record, actor=actor,
        )
    if existing.unit_id is not None and existing.removed_on is None:
        _refuse(
            f"Прибор {device_model.name} № {serial_number} уже установлен на узле учета {existing.unit.number}",  # type: ignore[union-attr]  # unit_id checked
            "device_in_use", "serial_number",
        )
    if verified_on != existing.verified_on:
        existing = device_verification_record(device=existing, verified_on=verified_on, arshin_record=arshin_record, actor=actor)
    return existing


def device_replace(
    *,
    unit: MeteringUnit,
    device: Device,
    removed_on: date,
    reason: str,
    final_reading: Decimal,
    device_model: DeviceModel,
    serial_number: str,
    verified_on: date,
    next_verification_on: date,
    installed_on: date,
    initial_reading: Decimal,
    actor: Actor,
    reason_note: str = "",
    seals: Sequence[Seal] = (),
    arshin_record: str = "",
) -> DeviceReplacement:
    """A technician replaces ``device`` of ``unit``: removes it on ``removed_on`` (with the
    seals named, and the device's own seals) and installs the new device on ``installed_on``.

    The unit is not commissioned from the removal: its days are calculated until a
    commissioning «после замены» is approved. Refused, naming the field, with nothing
    written: installation before removal, the next verification not after the verification
    or off the model's interval, a negative reading, a final reading below the last accepted
    register, a serial number installed on another unit, a device or seal not of the unit."""
    require(actor, "metering.replace_device")
    serial_number = (serial_number or "").strip()
    if not serial_number:
        _refuse("Укажите заводской номер устанавливаемого прибора", "required", "serial_number")
    with transaction.atomic(), history_actor(actor):
        unit = MeteringUnit.objects.select_for_update().get(pk=unit.pk)
        device = Device.objects.select_for_update().select_related("device_model").get(pk=device.pk)
        if device.unit_id != unit.pk or device.removed_on is not None:
            _refuse(f"Прибор № {device.serial_number} не установлен на узле учета {unit.number}", "foreign_object", "device")
        _check_dates(device, unit, removed_on, installed_on)
        _check_readings(unit, removed_on, final_reading, initial_reading)
        _check_verification(device_model, verified_on, next_verification_on)
        seals = list(seals)
        for seal in seals:
            if seal.unit_id != unit.pk or seal.removed_on is not None:
                _refuse(f"Пломба № {seal.number} не установлена на узле учета {unit.number}", "foreign_object", "seals")
        replacement = validated(
            DeviceReplacement(
                unit=unit, removed_device=device, removed_on=removed_on, reason=reason, reason_note=reason_note.strip(),
                final_reading=final_reading, installed_device=device, installed_on=installed_on,
                initial_reading=initial_reading, recorded_by=actor,
            ),
            exclude=["installed_device"],
        )

        removed_seals = [seal.number for seal in device.seals.filter(removed_on__isnull=True)]
        for seal in seals:
            if seal.number not in removed_seals:
                seal_remove(seal=seal, removed_on=removed_on, reason=SEAL_REASON, actor=actor)
                removed_seals.append(seal.number)
        device_remove(device=device, removed_on=removed_on, reason=f"{SEAL_REASON}: {replacement.reason_text}", actor=actor)
        new = _new_device(
            device_model=device_model, serial_number=serial_number, verified_on=verified_on,
            arshin_record=arshin_record, actor=actor,
        )
        new = device_install(device=new, unit=unit, installed_on=installed_on, actor=actor)
        unit_status_change(
            unit=unit, status=UnitStatus.NOT_COMMISSIONED, effective_from=removed_on, actor=actor,
            reason=f"{SEAL_REASON}: {replacement.reason_text}; до ввода после замены — расчетным способом",
            basis=f"снят прибор {device}",
        )
        replacement.installed_device, replacement.seals_removed = new, sorted(removed_seals)
        replacement.save()
        record_event(
            action="device.replaced", actor=actor, target=replacement,
            data={"unit": unit.number, "removed": str(device), "removed_on": removed_on, "reason": reason,
                  "final_reading": final_reading, "seals_removed": replacement.seals_removed,
                  "installed": str(new), "installed_on": installed_on, "initial_reading": initial_reading},
        )
    return replacement


def pending_replacements(unit: MeteringUnit) -> QuerySet[DeviceReplacement]:
    """The unit's replacements that no commissioning «после замены» has taken up yet."""
    return unit.replacements.filter(request__isnull=True).order_by("installed_on", "id")
