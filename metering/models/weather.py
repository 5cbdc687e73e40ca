"""Outdoor temperatures: weather stations, daily means, design temperatures, heating seasons.

A heated object is mapped to a station through its network section's city (see
``metering.selectors.station_for_object``). Design temperatures and heating seasons are
dated reference data edited by administrators (with history).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from core import formatting

TEMPERATURE = {
    "max_digits": 4,
    "decimal_places": 1,
    "validators": [MinValueValidator(-70), MaxValueValidator(60)],
}


def normalize_city(city: str) -> str:
    return " ".join((city or "").split()).casefold()


class WeatherStation(models.Model):
    """A meteorological station whose daily mean temperatures we keep."""

    code = models.CharField("индекс станции (ВМО)", max_length=20, unique=True)
    name = models.CharField("наименование", max_length=200)
    city = models.CharField(
        "населенный пункт", max_length=100,
        help_text="объекты участков сети с этим населенным пунктом берут температуру с этой станции",
    )
    is_default = models.BooleanField(
        "станция по умолчанию", default=False,
        help_text="для объектов, населенный пункт которых не сопоставлен ни одной станции",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "метеостанция"
        verbose_name_plural = "метеостанции"
        ordering = ["city", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="weatherstation_one_default",
                violation_error_message="Станция по умолчанию уже выбрана",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class OutdoorTemperature(models.Model):
    """Daily mean outdoor air temperature at a station, °C to 0.1."""

    station = models.ForeignKey(
        WeatherStation, on_delete=models.PROTECT, related_name="temperatures", verbose_name="станция"
    )
    date = models.DateField("дата")
    mean_temperature = models.DecimalField("среднесуточная температура, °C", **TEMPERATURE)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "среднесуточная температура наружного воздуха"
        verbose_name_plural = "температуры наружного воздуха"
        ordering = ["station", "date"]
        constraints = [
            models.UniqueConstraint(fields=["station", "date"], name="outdoortemperature_unique_day"),
        ]

    def __str__(self) -> str:
        return f"{self.station.code} {self.date:%d.%m.%Y}: {formatting.temperature(self.mean_temperature)}{formatting.NBSP}°C"


class DesignOutdoorTemperature(models.Model):
    """Design outdoor temperature for heating of a city (СП 131.13330), dated.

    The value for a day is the row with the latest ``valid_from`` on or before it.
    """

    city = models.CharField("населенный пункт", max_length=100)
    valid_from = models.DateField("действует с")
    temperature = models.DecimalField("расчетная температура, °C", **TEMPERATURE)
    basis = models.CharField("основание", max_length=300)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "расчетная температура наружного воздуха"
        verbose_name_plural = "расчетные температуры наружного воздуха"
        ordering = ["city", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["city", "valid_from"], name="designtemperature_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.city}: {formatting.temperature(self.temperature)}{formatting.NBSP}°C с {self.valid_from:%d.%m.%Y}"


class HeatingSeason(models.Model):
    """A heating season of a city: from the start order to the end order (inclusive)."""

    city = models.CharField("населенный пункт", max_length=100)
    starts_on = models.DateField("начало")
    ends_on = models.DateField("окончание", null=True, blank=True, help_text="пусто — сезон идет")
    basis = models.CharField("основание (постановление)", max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "отопительный период"
        verbose_name_plural = "отопительные периоды"
        ordering = ["city", "starts_on"]

    def __str__(self) -> str:
        end = f"{self.ends_on:%d.%m.%Y}" if self.ends_on else "…"
        return f"{self.city}: {self.starts_on:%d.%m.%Y} — {end}"

    def clean(self):
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "Окончание отопительного периода раньше начала"})
        if self.city and self.starts_on:
            others = HeatingSeason.objects.exclude(pk=self.pk)
            others = [s for s in others if normalize_city(s.city) == normalize_city(self.city)]
            for other in others:
                other_end = other.ends_on or date.max
                own_end = self.ends_on or date.max
                if other.starts_on <= own_end and self.starts_on <= other_end:
                    raise ValidationError({"starts_on": f"Пересекается с отопительным периодом {other}"})
