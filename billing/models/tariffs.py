"""Regulated tariffs per tariff group and resource, dated, with history."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from .choices import RATE, Resource, month_end


class Tariff(models.Model):
    """A regulated tariff of one tariff group for one resource, valid over whole months.

    Rates are without VAT (the run adds VAT by the shipment date). Tariff decisions take
    effect on the first day of a month, so a billing period always has exactly one tariff
    per group and resource.
    """

    class Structure(models.TextChoices):
        ONE_PART = "one_part", "Одноставочный"
        TWO_PART = "two_part", "Двухставочный (энергия + мощность)"
        TWO_COMPONENT = "two_component", "Двухкомпонентный (теплоноситель + тепловая энергия)"

    ALLOWED_STRUCTURES = {
        Resource.HEAT_ENERGY: {Structure.ONE_PART, Structure.TWO_PART},
        Resource.HEAT_CARRIER: {Structure.ONE_PART},
        Resource.HOT_WATER: {Structure.TWO_COMPONENT},
    }
    # (resource, structure) → the rate fields that must be filled; the others stay empty.
    REQUIRED_RATES = {
        (Resource.HEAT_ENERGY, Structure.ONE_PART): {"energy_rate"},
        (Resource.HEAT_ENERGY, Structure.TWO_PART): {"energy_rate", "capacity_rate"},
        (Resource.HEAT_CARRIER, Structure.ONE_PART): {"water_rate"},
        (Resource.HOT_WATER, Structure.TWO_COMPONENT): {"water_rate", "energy_rate", "heat_per_m3"},
    }
    RATE_FIELDS = ("energy_rate", "capacity_rate", "water_rate", "heat_per_m3")

    tariff_group = models.ForeignKey(
        "subscribers.TariffGroup", on_delete=models.PROTECT, related_name="tariffs",
        verbose_name="тарифная группа",
    )
    resource = models.CharField("ресурс", max_length=20, choices=Resource.choices)
    structure = models.CharField("вид тарифа", max_length=20, choices=Structure.choices)
    valid_from = models.DateField("действует с", help_text="первое число месяца")
    valid_to = models.DateField("действует по", null=True, blank=True, help_text="последнее число месяца; пусто — бессрочно")
    energy_rate = models.DecimalField(
        "ставка за тепловую энергию, ₽/Гкал без НДС", null=True, blank=True, **RATE,
        help_text="одноставочный тариф, ставка за энергию двухставочного или компонент на тепловую энергию ГВС",
    )
    capacity_rate = models.DecimalField(
        "ставка за мощность, ₽/(Гкал/ч) в месяц без НДС", null=True, blank=True, **RATE
    )
    water_rate = models.DecimalField(
        "ставка за теплоноситель, ₽/м³ без НДС", null=True, blank=True, **RATE,
        help_text="теплоноситель или компонент на теплоноситель ГВС",
    )
    heat_per_m3 = models.DecimalField(
        "расход тепловой энергии на подогрев 1 м³ ГВС, Гкал/м³", max_digits=10, decimal_places=6,
        null=True, blank=True, validators=[MinValueValidator(Decimal("0.000001"))],
    )
    regulator = models.CharField("орган регулирования", max_length=300)
    decision_number = models.CharField("номер решения (приказа)", max_length=100)
    decision_date = models.DateField("дата решения (приказа)")
    note = models.TextField("примечание", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "тариф"
        verbose_name_plural = "тарифы"
        ordering = ["tariff_group", "resource", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["tariff_group", "resource", "valid_from"], name="tariff_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_resource_display()} — {self.tariff_group} с {self.valid_from:%d.%m.%Y}"

    @property
    def decision(self) -> str:
        """How documents quote the tariff's basis."""
        return f"{self.regulator}, приказ от {self.decision_date:%d.%m.%Y} № {self.decision_number}"

    def covers(self, first: date, last: date) -> bool:
        return self.valid_from <= first and (self.valid_to is None or self.valid_to >= last)

    def clean(self):
        errors: dict[str, str] = {}
        if self.valid_from and self.valid_from.day != 1:
            errors["valid_from"] = "Тариф вступает в действие с первого числа месяца"
        if self.valid_to:
            if self.valid_to != month_end(self.valid_to):
                errors["valid_to"] = "Тариф действует до последнего числа месяца"
            elif self.valid_from and self.valid_to < self.valid_from:
                errors["valid_to"] = "Дата окончания раньше даты начала"
        if self.resource and self.structure:
            if self.structure not in self.ALLOWED_STRUCTURES.get(self.resource, ()):
                errors["structure"] = (
                    f"Вид тарифа «{self.get_structure_display()}» не применяется к ресурсу "
                    f"«{self.get_resource_display()}»"
                )
            else:
                required = self.REQUIRED_RATES[(self.resource, self.structure)]
                for name in self.RATE_FIELDS:
                    label = self._meta.get_field(name).verbose_name
                    value = getattr(self, name)
                    if name in required and value is None:
                        errors[name] = f"Укажите: {label}"
                    elif name not in required and value is not None:
                        errors[name] = f"Для этого вида тарифа не указывается: {label}"
        if not errors and self.tariff_group_id and self.resource and self.valid_from:
            overlapping = Tariff.objects.filter(tariff_group_id=self.tariff_group_id, resource=self.resource)
            overlapping = overlapping.exclude(pk=self.pk).filter(
                models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=self.valid_from)
            )
            if self.valid_to:
                overlapping = overlapping.filter(valid_from__lte=self.valid_to)
            if overlapping.exists():
                errors["valid_from"] = "Период действия пересекается с другим тарифом этой группы на этот ресурс"
        if errors:
            raise ValidationError(errors)
