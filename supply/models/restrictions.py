"""Restriction of supply to a debtor (ПП РФ № 808, п. 92–93; docs/supply.md «Ограничение»):
the written warning with the legal lead time, registered as sent → the restriction act (date,
time, how, who) → the lifting act after payment. One row per object, so the export's supply
mode and billing see the restriction of that object."""

from __future__ import annotations

from django.db import models

from .quality import USER


class SupplyRestriction(models.Model):
    class Status(models.TextChoices):
        WARNED = "warned", "Направлено предупреждение"
        RESTRICTED = "restricted", "Подача ограничена"
        LIFTED = "lifted", "Ограничение снято"
        WITHDRAWN = "withdrawn", "Предупреждение отозвано"

    class Level(models.TextChoices):
        PARTIAL = "partial", "Частичное ограничение"
        FULL = "full", "Полное ограничение (прекращение подачи)"

    contract = models.ForeignKey("subscribers.Contract", on_delete=models.PROTECT, related_name="+",
                                 verbose_name="договор")
    heated_object = models.ForeignKey("subscribers.HeatedObject", on_delete=models.PROTECT, related_name="+",
                                      verbose_name="объект")
    status = models.CharField("состояние", max_length=20, choices=Status.choices, default=Status.WARNED)
    overdue_debt = models.DecimalField("просроченная задолженность на дату предупреждения", max_digits=16,
                                       decimal_places=2)
    level = models.CharField("вид ограничения", max_length=20, choices=Level.choices, default=Level.PARTIAL)
    notice = models.ForeignKey("documents.ArchivedDocument", on_delete=models.PROTECT, related_name="+",
                               verbose_name="предупреждение")
    notice_sent_on = models.DateField("предупреждение вручено / отправлено")
    earliest_on = models.DateField("ограничение не ранее")
    restricted_at = models.DateTimeField("ограничение введено", null=True, blank=True)
    restriction_method = models.CharField("как ограничено", max_length=500, blank=True)
    restricted_by = models.CharField("кто ограничил (ФИО, должность)", max_length=300, blank=True)
    restriction_act = models.ForeignKey("documents.ArchivedDocument", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+", verbose_name="акт ограничения")
    lifted_at = models.DateTimeField("ограничение снято", null=True, blank=True)
    lifting_method = models.CharField("как восстановлено", max_length=500, blank=True)
    lifted_by = models.CharField("кто восстановил (ФИО, должность)", max_length=300, blank=True)
    lifting_basis = models.CharField("основание снятия", max_length=500, blank=True)
    lifting_act = models.ForeignKey("documents.ArchivedDocument", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="акт снятия ограничения")
    withdrawn_on = models.DateField("предупреждение отозвано", null=True, blank=True)
    withdrawal_basis = models.CharField("основание отзыва предупреждения", max_length=500, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="предупреждение выпустил")
    created_at = models.DateTimeField("создано", auto_now_add=True)

    class Meta:
        verbose_name = "ограничение подачи за долги"
        verbose_name_plural = "ограничения подачи за долги"
        ordering = ["-notice_sent_on", "-pk"]
        permissions = [("restrict_supply", "Может предупреждать об ограничении, ограничивать подачу и снимать ограничение")]
        constraints = [
            models.UniqueConstraint(fields=["heated_object"], condition=~models.Q(status__in=["lifted", "withdrawn"]),
                                    name="supply_restriction_one_open_per_object"),
        ]

    def __str__(self) -> str:
        return f"Ограничение № {self.pk}: {self.heated_object}, {self.get_status_display().lower()}"



