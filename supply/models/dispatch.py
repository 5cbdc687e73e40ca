"""The dispatch log (журнал диспетчера): every call, stop, localisation and restoration
with who recorded it and when it happened (minutes, Moscow time). Acts take their times
from it; an entry is never edited — a wrong one is followed by a correcting entry."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class DispatchEntry(models.Model):
    class Kind(models.TextChoices):
        CALL = "call", "Звонок / сообщение"
        NOTICE = "notice", "Уведомление потребителей"
        STOP = "stop", "Прекращение подачи"
        LOCALISATION = "localisation", "Локализация неисправности"
        RESTORATION = "restoration", "Восстановление подачи"
        NOTE = "note", "Запись"

    kind = models.CharField("вид записи", max_length=20, choices=Kind.choices)
    happened_at = models.DateTimeField("время события")
    section = models.ForeignKey(
        "subscribers.NetworkSection", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="участок сети",
    )
    interruption = models.ForeignKey(
        "supply.Interruption", on_delete=models.PROTECT, null=True, blank=True, related_name="log",
        verbose_name="перерыв",
    )
    caller = models.CharField("кто сообщил", max_length=300, blank=True)
    text = models.TextField("содержание", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="записал"
    )
    recorded_at = models.DateTimeField("записано", auto_now_add=True)

    class Meta:
        verbose_name = "запись журнала диспетчера"
        verbose_name_plural = "журнал диспетчера"
        ordering = ["happened_at", "pk"]
        indexes = [models.Index(fields=["happened_at"], name="dispatch_happened")]

    def __str__(self) -> str:
        return f"№ {self.pk}: {self.get_kind_display()}"
