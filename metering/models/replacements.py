"""Replacements of a unit's device: the removal of the old one and the installation of the
new one, recorded together by a technician (commissioning after replacement, the standard's
B1). The unit is not commercial from the removal until a commissioning application of kind
«после замены» is approved."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .readings import TOTAL
from .units import Device, MeteringUnit

READING = {**TOTAL, "null": False, "blank": False}


class DeviceReplacement(models.Model):
    class Reason(models.TextChoices):
        PLANNED = "planned", "Плановая замена"
        EXPIRED = "expired", "Истек срок поверки"
        FAILURE = "failure", "Неисправность прибора"
        OTHER = "other", "Другое"

    unit = models.ForeignKey(
        MeteringUnit, on_delete=models.PROTECT, related_name="replacements", verbose_name="узел учета"
    )
    removed_device = models.ForeignKey(
        Device, on_delete=models.PROTECT, related_name="removals", verbose_name="снятый прибор"
    )
    removed_on = models.DateField("дата снятия")
    reason = models.CharField("причина замены", max_length=20, choices=Reason.choices)
    reason_note = models.CharField("пояснение причины", max_length=300, blank=True)
    final_reading = models.DecimalField("показания при снятии (Q нарастающим итогом), Гкал", **READING)
    seals_removed = models.JSONField("снятые пломбы", default=list, blank=True)
    installed_device = models.ForeignKey(
        Device, on_delete=models.PROTECT, related_name="installations", verbose_name="установленный прибор"
    )
    installed_on = models.DateField("дата установки")
    initial_reading = models.DecimalField("показания при установке (Q нарастающим итогом), Гкал", **READING)
    request = models.ForeignKey(
        "metering.CommissioningRequest", on_delete=models.PROTECT, null=True, blank=True,
        related_name="replacements", verbose_name="заявка на ввод после замены",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="кто внес"
    )
    recorded_at = models.DateTimeField("когда внесено", default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "замена прибора учета"
        verbose_name_plural = "замены приборов учета"
        ordering = ["unit", "-removed_on", "-id"]
        permissions = [("replace_device", "Может заменять приборы на узлах учета")]

    def __str__(self) -> str:
        return f"{self.unit.number}: замена № {self.removed_device.serial_number} от {self.removed_on:%d.%m.%Y}"

    @property
    def reason_text(self) -> str:
        note = self.reason_note.strip()
        return f"{self.get_reason_display()}: {note}" if note else self.get_reason_display()

    def clean(self):
        if self.reason == self.Reason.OTHER and not self.reason_note.strip():
            raise ValidationError({"reason_note": "Укажите причину замены"})
