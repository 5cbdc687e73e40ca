"""The planned consumption and cost of a contract for a month, fixed when the month starts.

ПП 808 advances (35 % by the 18th, 50 % by the month's end) are shares of the *planned*
monthly cost: a plan is made before the month and does not move afterwards, so it is
frozen in a row (``forecast.services.plans_freeze``, a beat job on the 1st). Until it is
frozen, the selectors compute the same forecast live.
"""

from __future__ import annotations

from django.db import models

from billing.models.choices import MONEY


class ConsumptionPlan(models.Model):
    class Method(models.TextChoices):
        REGRESSION = "regression", "Регрессия по градусо-суткам на собственной истории"
        CONTRACT_LOAD = "contract_load", "По договорным нагрузкам"
        MIXED = "mixed", "Регрессия и договорные нагрузки (по объектам)"

    contract = models.ForeignKey("subscribers.Contract", on_delete=models.PROTECT, related_name="consumption_plans",
                                 verbose_name="договор")
    consumer = models.ForeignKey("subscribers.Consumer", on_delete=models.PROTECT, related_name="consumption_plans",
                                 verbose_name="абонент")
    month = models.DateField("месяц", help_text="первое число месяца")
    method = models.CharField("способ", max_length=20, choices=Method.choices)
    heat_gcal = models.DecimalField("тепловая энергия, Гкал", max_digits=18, decimal_places=3)
    amount = models.DecimalField("плановая стоимость без НДС", **MONEY)
    vat_amount = models.DecimalField("НДС", **MONEY)
    amount_with_vat = models.DecimalField("плановая стоимость с НДС", **MONEY)
    lines = models.JSONField("строки прогноза", default=list)
    created_at = models.DateTimeField("зафиксирован")

    class Meta:
        verbose_name = "план потребления"
        verbose_name_plural = "планы потребления"
        ordering = ["-month", "contract"]
        constraints = [models.UniqueConstraint(fields=["contract", "month"], name="consumptionplan_unique_month")]

    def __str__(self) -> str:
        return f"План по договору {self.contract} на {self.month:%m.%Y}"
