"""Technicians' teams: who works on which network sections."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Team(models.Model):
    """A team (бригада/участок) of technicians serving some network sections."""

    name = models.CharField("наименование", max_length=200, unique=True)
    network_sections = models.ManyToManyField(
        "subscribers.NetworkSection", related_name="teams", blank=True, verbose_name="участки сети"
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="руководитель",
    )
    history = HistoricalRecords(m2m_fields=[network_sections])

    class Meta:
        verbose_name = "бригада"
        verbose_name_plural = "бригады"
        ordering = ["name"]
        permissions = [("manage_workload", "Может распределять задачи техников")]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    """A technician's place in a team; a technician belongs to one team at a time."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members", verbose_name="бригада")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="metering_team", verbose_name="техник"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "член бригады"
        verbose_name_plural = "члены бригад"
        ordering = ["team", "user__last_name"]

    def __str__(self) -> str:
        return f"{self.user} ({self.team})"
