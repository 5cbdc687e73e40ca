"""Units, their commercial status history, devices, verification records and seals."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from audit.services import record_event
from core.errors import ApplicationError
from core.history import history_actor
from core.types import Actor
from core.updates import model_update
from core.validation import validated
from metering import selectors
from metering.models import Device, DeviceModel, MeteringUnit, Seal, UnitStatusChange

if TYPE_CHECKING:
    from subscribers.models import HeatedObject


def unit_register(
    *,
    number: str,
    heated_object: HeatedObject,
    location: str,
    purpose: str,
    actor: Actor,
    is_open_system: bool = False,
    design_code: str = "",
    design_approved_on: date | None = None,
    installer: str = "",
) -> MeteringUnit:
    """Register a metering unit at a heated object; it is not commissioned until an act says so."""
    with transaction.atomic(), history_actor(actor):
        if MeteringUnit.objects.filter(number=number).exists():
            raise ApplicationError(f"Номер узла учета {number}: уже занят", code="duplicate", field="number")
        unit = validated(
            MeteringUnit(
                number=number, heated_object=heated_object, location=location, purpose=purpose,
                is_open_system=is_open_system, design_code=design_code,
                design_approved_on=design_approved_on, installer=installer,
            )
        )
        unit.save()
        record_event(action="metering_unit.registered", actor=actor, target=unit, data={"number": number})
    return unit


UNIT_EDITABLE = ("location", "purpose", "is_open_system", "design_code", "design_approved_on", "installer")


def unit_update(*, unit: MeteringUnit, actor: Actor, **fields: Any) -> MeteringUnit:
    """Correct a unit's description (not its number, object or status) through
    ``core.updates.model_update``."""
    unknown = set(fields) - set(UNIT_EDITABLE)
    if unknown:
        raise ApplicationError(
            f"Поля {', '.join(sorted(unknown))} так не изменяются", code="unknown_field", field=sorted(unknown)[0]
        )
    with transaction.atomic():
        unit = MeteringUnit.objects.select_for_update().get(pk=unit.pk)
        changes = model_update(unit, fields, actor=actor, fields=UNIT_EDITABLE)
        if changes:
            record_event(action="metering_unit.updated", actor=actor, target=unit, data=changes)
    return unit


def unit_status_change(
    *,
    unit: MeteringUnit,
    status: str,
    effective_from: date,
    actor: Actor = None,
    reason: str = "",
    basis: str = "",
) -> UnitStatusChange | None:
    """Record that the unit holds ``status`` from ``effective_from`` on.

    Returns None and writes nothing when the unit already holds that status on that day, so
    repeated calls (a daily job) are harmless. A step dated before later steps is placed by
    its date: the history is an ordered list of steps, see ``selectors.unit_status_intervals``.
    """
    with transaction.atomic(), history_actor(actor):
        unit = MeteringUnit.objects.select_for_update().get(pk=unit.pk)
        if effective_from > timezone.localdate():
            raise ApplicationError(
                f"Дата статуса {effective_from:%d.%m.%Y} в будущем", code="future_date", field="effective_from"
            )
        if selectors.unit_status_on(unit, effective_from) == status:
            return None
        change = validated(
            UnitStatusChange(
                unit=unit, status=status, effective_from=effective_from, reason=reason, basis=basis,
                recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
        )
        change.save()
        latest = unit.status_changes.order_by("-effective_from", "-id").first()
        unit.status, unit.status_since = latest.status, latest.effective_from  # type: ignore[union-attr]  # the unit has a status change (the one just recorded)
        unit.save(update_fields=["status", "status_since"])
        record_event(
            action="metering_unit.status_changed", actor=actor, target=unit,
            data={"status": status, "effective_from": effective_from, "reason": reason, "basis": basis},
        )
    return change


# ---------------------------------------------------------------- devices


def device_model_create(
    *, kind: str, name: str, manufacturer: str, register_number: str, verification_interval_years: int, actor: Actor
) -> DeviceModel:
    with transaction.atomic(), history_actor(actor):
        model = validated(
            DeviceModel(
                kind=kind, name=name, manufacturer=manufacturer, register_number=register_number,
                verification_interval_years=verification_interval_years,
            )
        )
        model.save()
        record_event(action="device_model.created", actor=actor, target=model, data={"name": name})
    return model


def device_register(
    *,
    device_model: DeviceModel,
    serial_number: str,
    verified_on: date,
    actor: Actor,
    arshin_record: str = "",
    diameter_mm: int | None = None,
    measuring_range: str = "",
    unit: MeteringUnit | None = None,
    installed_on: date | None = None,
) -> Device:
    """Register a device with its last verification (the next date follows from its model's
    interval) — in stock, or installed in ``unit`` on ``installed_on``."""
    serial_number = serial_number.strip()
    with transaction.atomic(), history_actor(actor):
        if Device.objects.filter(device_model=device_model, serial_number=serial_number).exists():
            raise ApplicationError(
                f"Заводской № {serial_number}: прибор {device_model.name} с таким номером уже зарегистрирован",
                code="duplicate", field="serial_number",
            )
        device = Device(
            device_model=device_model, serial_number=serial_number, verified_on=verified_on,
            arshin_record=arshin_record, diameter_mm=diameter_mm, measuring_range=measuring_range,
        )
        device.compute_next_verification()
        validated(device)
        device.save()
        record_event(
            action="device.registered", actor=actor, target=device,
            data={"serial_number": serial_number, "verified_on": verified_on},
        )
        if unit is not None:
            if installed_on is None:
                raise ApplicationError("Укажите дату установки прибора", code="required", field="installed_on")
            device = device_install(device=device, unit=unit, installed_on=installed_on, actor=actor)
    return device


def device_install(*, device: Device, unit: MeteringUnit, installed_on: date, actor: Actor) -> Device:
    """Install a device in a unit. A device with expired verification is refused."""
    with transaction.atomic(), history_actor(actor):
        device = Device.objects.select_for_update().get(pk=device.pk)
        if device.unit_id and device.removed_on is None:
            raise ApplicationError(
                f"Прибор № {device.serial_number} уже установлен на узле {device.unit.number}",  # type: ignore[union-attr]  # an installed device has its unit
                code="device_in_use", field="device"
            )
        if device.is_expired_on(installed_on):
            raise ApplicationError(
                f"Прибор № {device.serial_number}: срок поверки истек {device.verification_valid_until:%d.%m.%Y}",
                code="verification_expired", field="verified_on",
            )
        device.unit, device.installed_on, device.removed_on = unit, installed_on, None
        validated(device)
        device.save()
        record_event(
            action="device.installed", actor=actor, target=device,
            data={"unit": unit.number, "installed_on": installed_on},
        )
    return device


def device_remove(*, device: Device, removed_on: date, reason: str, actor: Actor) -> Device:
    """Remove a device from its unit; its seals are removed with it, for the same reason."""
    with transaction.atomic(), history_actor(actor):
        device = Device.objects.select_for_update().get(pk=device.pk)
        if device.unit_id is None or device.removed_on is not None:
            raise ApplicationError(f"Прибор № {device.serial_number} не установлен", code="not_installed", field="device")
        for seal in device.seals.filter(removed_on__isnull=True):
            seal_remove(seal=seal, removed_on=removed_on, reason=reason, actor=actor)
        device.removed_on = removed_on
        validated(device)
        device.save()
        record_event(
            action="device.removed", actor=actor, target=device,
            data={"unit": device.unit.number, "removed_on": removed_on, "reason": reason},  # type: ignore[union-attr]  # as above
        )
    return device


def device_verification_record(*, device: Device, verified_on: date, actor: Actor, arshin_record: str = "") -> Device:
    """Record a new verification of the device (the record in ФГИС «Аршин»)."""
    with transaction.atomic(), history_actor(actor):
        device = Device.objects.select_for_update().select_related("device_model").get(pk=device.pk)
        if verified_on < device.verified_on:
            raise ApplicationError(
                f"Дата поверки {verified_on:%d.%m.%Y} раньше предыдущей ({device.verified_on:%d.%m.%Y})",
                code="date_order", field="verified_on",
            )
        device.verified_on, device.arshin_record = verified_on, arshin_record
        device.compute_next_verification()
        validated(device)
        device.save()
        record_event(
            action="device.verified", actor=actor, target=device,
            data={"verified_on": verified_on, "next_verification_on": device.next_verification_on,
                  "arshin_record": arshin_record},
        )
    return device


# ---------------------------------------------------------------- seals


def seal_set(
    *, unit: MeteringUnit, number: str, place: str, set_on: date, actor: Actor, device: Device | None = None
) -> Seal:
    """Set a seal on a unit. A number already in place anywhere is refused."""
    number = number.strip()
    with transaction.atomic(), history_actor(actor):
        in_place = Seal.objects.filter(number=number, removed_on__isnull=True).select_related("unit").first()
        if in_place:
            raise ApplicationError(
                f"Пломба № {number} уже установлена на узле учета {in_place.unit.number}", code="seal_in_use", field="number"
            )
        seal = validated(
            Seal(
                unit=unit, device=device, number=number, place=place, set_on=set_on,
                set_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
        )
        seal.save()
        record_event(
            action="seal.set", actor=actor, target=seal,
            data={"unit": unit.number, "number": number, "place": place, "set_on": set_on},
        )
    return seal


def seal_remove(*, seal: Seal, removed_on: date, reason: str, actor: Actor) -> Seal:
    with transaction.atomic(), history_actor(actor):
        seal = Seal.objects.select_for_update().get(pk=seal.pk)
        if seal.removed_on is not None:
            raise ApplicationError(f"Пломба № {seal.number} уже снята", code="already_removed", field="number")
        seal.removed_on, seal.removal_reason = removed_on, reason
        validated(seal)
        seal.save()
        record_event(
            action="seal.removed", actor=actor, target=seal,
            data={"number": seal.number, "removed_on": removed_on, "reason": reason},
        )
    return seal
