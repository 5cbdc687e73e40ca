"""The heat network as the dispatcher sees it: heat sources and the tree of sections.

``subscribers.NetworkSection`` holds the section itself (objects point to it); here each
section gets its heat source, the section upstream of it and its owner (the balance
holder), so an interruption of a section reaches the objects of every section below it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords


class HeatSource(models.Model):
    """A boiler house or a CHP feeding sections of the network."""

    code = models.CharField("код", max_length=50, unique=True)
    name = models.CharField("наименование", max_length=200)
    owner = models.CharField("владелец", max_length=300, blank=True)
    address = models.CharField("адрес", max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "источник теплоты"
        verbose_name_plural = "источники теплоты"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class SectionPlacement(models.Model):
    """Where a section sits: its heat source, the section upstream (none: a main leaving the
    source) and its owner by the balance-boundary annex."""

    section = models.OneToOneField(
        "subscribers.NetworkSection", on_delete=models.PROTECT, related_name="placement", verbose_name="участок"
    )
    source = models.ForeignKey(HeatSource, on_delete=models.PROTECT, related_name="sections", verbose_name="источник")
    parent = models.ForeignKey(
        "subscribers.NetworkSection", on_delete=models.PROTECT, null=True, blank=True, related_name="child_placements",
        verbose_name="участок выше по сети",
    )
    owner = models.CharField("балансодержатель", max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "положение участка в сети"
        verbose_name_plural = "положение участков в сети"
        ordering = ["section__code"]

    def __str__(self) -> str:
        return f"{self.section} ← {self.parent or self.source}"

    def clean(self):
        if self.parent_id and self.parent_id == self.section_id:
            raise ValidationError({"parent": "Участок не может питаться от самого себя"})
        seen, current = {self.section_id}, self.parent_id
        while current is not None:  # a cycle would make «the section and below» endless
            if current in seen:
                raise ValidationError({"parent": "Участок оказался бы ниже самого себя: проверьте схему сети"})
            seen.add(current)
            current = SectionPlacement.objects.filter(section_id=current).values_list("parent_id", flat=True).first()
