"""The run's output: one invoice per contract and period, its charge lines, and the
recalculations other modules queue for the current period."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from core import formatting

from .choices import MONEY, QUANTITY, UNIT_OF_COMPONENT, Component, Method, Resource
from .periods import (
    BillingPeriod,
    BillingRun,
    PeriodClosedError,
    _refuse_if_closed,
    period_closed_message,
)
from .tariffs import Tariff


class ClosedPeriodQuerySet(models.QuerySet):
    """Bulk updates and deletes refuse rows of a closed period (the model-layer guard)."""

    period_path = "period"

    def _refuse_closed(self) -> None:
        closed = self.filter(**{f"{self.period_path}__status": BillingPeriod.Status.CLOSED})
        month = closed.values_list(f"{self.period_path}__month", flat=True).first()
        if month is not None:
            raise PeriodClosedError(period_closed_message(month))

    def update(self, **kwargs):
        self._refuse_closed()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_closed()
        return super().delete()


class InvoiceQuerySet(ClosedPeriodQuerySet):
    period_path = "period"


class ChargeLineQuerySet(ClosedPeriodQuerySet):
    period_path = "invoice__period"


class Invoice(models.Model):
    """The run's output for one contract and period: the sum of its charge lines.

    Its number and the issued счет / счет-фактура are the documents engine's: an issued
    document points to this row as its subject.
    """

    period = models.ForeignKey(BillingPeriod, on_delete=models.PROTECT, related_name="invoices", verbose_name="период")
    contract = models.ForeignKey(
        "subscribers.Contract", on_delete=models.PROTECT, related_name="invoices", verbose_name="договор"
    )
    consumer = models.ForeignKey(
        "subscribers.Consumer", on_delete=models.PROTECT, related_name="invoices", verbose_name="абонент"
    )
    shipment_date = models.DateField("дата отгрузки")
    vat_rate = models.DecimalField("ставка НДС, %", max_digits=5, decimal_places=2)
    amount = models.DecimalField("сумма без НДС", **MONEY)
    vat_amount = models.DecimalField("НДС", **MONEY)
    amount_with_vat = models.DecimalField("сумма с НДС", **MONEY)
    lines_digest = models.CharField("контрольная сумма строк", max_length=32)
    run = models.ForeignKey(BillingRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="расчет")
    updated_at = models.DateTimeField("изменен", auto_now=True)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        verbose_name = "счет (начисление за период)"
        verbose_name_plural = "счета (начисления за период)"
        ordering = ["period", "contract"]
        constraints = [models.UniqueConstraint(fields=["period", "contract"], name="invoice_unique_contract_period")]

    def __str__(self) -> str:
        return f"Начисление по договору {self.contract} за {self.period}"

    def save(self, *args, **kwargs):
        _refuse_if_closed(self.period_id)
        if self.pk:
            _refuse_if_closed(Invoice.objects.filter(pk=self.pk).values_list("period_id", flat=True).first())
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_if_closed(self.period_id)
        return super().delete(*args, **kwargs)


class Recalculation(models.Model):
    """A correction queued by another module (quality, late readings, …) for the current period.

    It names what it corrects (period, object, resource and, when known, the exact charge
    line). The run of the period it is assigned to turns it into a recalculation charge
    line; VAT is taken at the rate of the corrected period's shipment date.
    """

    contract = models.ForeignKey(
        "subscribers.Contract", on_delete=models.PROTECT, related_name="recalculations", verbose_name="договор"
    )
    heated_object = models.ForeignKey(
        "subscribers.HeatedObject", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="объект",
    )
    resource = models.CharField("ресурс", max_length=20, choices=Resource.choices)
    component = models.CharField("составляющая", max_length=20, choices=Component.choices)
    corrected_period = models.ForeignKey(
        BillingPeriod, on_delete=models.PROTECT, related_name="corrections", verbose_name="корректируемый период"
    )
    corrected_line = models.ForeignKey(
        "ChargeLine", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections",
        verbose_name="корректируемая строка",
    )
    period = models.ForeignKey(
        BillingPeriod, on_delete=models.PROTECT, null=True, blank=True, related_name="recalculations",
        verbose_name="период отражения", help_text="пусто — ждет ближайшего открытого периода",
    )
    source = models.CharField("источник", max_length=50, help_text="модуль: quality, metering, billing…")
    # how a person reads ``source`` (a module's code): get_source_display()
    SOURCE_LABELS = {
        "quality": "качество теплоснабжения",
        "supply": "перерыв теплоснабжения",
        "metering": "показания приборов учета",
        "inspections": "акт о безучетном потреблении",
        "billing": "исправление начислений",
        "api": "внешняя система (API)",
        "page": "страница расчетов",
        "command": "команда сервера",
    }
    reason = models.CharField("основание перерасчета", max_length=500)
    quantity = models.DecimalField("количество (±)", null=True, blank=True, **QUANTITY)
    rate = models.DecimalField("тариф, ₽ без НДС", null=True, blank=True, max_digits=14, decimal_places=2)
    amount = models.DecimalField("сумма без НДС (±)", **MONEY)
    basis = models.JSONField("расчет", default=dict, blank=True)
    created_at = models.DateTimeField("создан", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="создал",
    )
    cancelled_at = models.DateTimeField("отменен", null=True, blank=True)

    objects = ClosedPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = "перерасчет"
        verbose_name_plural = "перерасчеты"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Перерасчет за {self.corrected_period}: {self.reason}"

    def save(self, *args, **kwargs):
        if self.pk:
            _refuse_if_closed(Recalculation.objects.filter(pk=self.pk).values_list("period_id", flat=True).first())
        _refuse_if_closed(self.period_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_if_closed(self.period_id)
        return super().delete(*args, **kwargs)

    def get_source_display(self) -> str:
        return self.SOURCE_LABELS.get(self.source, self.source)

    def clean(self):
        errors = {}
        if self.corrected_line_id and self.corrected_period_id:
            line_period = (
                ChargeLine.objects.filter(pk=self.corrected_line_id).values_list("invoice__period_id", flat=True).first()
            )
            if line_period != self.corrected_period_id:
                errors["corrected_line"] = "Корректируемая строка относится к другому периоду"
        if self.corrected_line_id and self.corrected_period_id and not self.corrected_period.is_closed:
            errors["corrected_line"] = (
                "Строку можно указать только для закрытого периода; для текущего периода укажите период, объект и ресурс"
            )
        if self.quantity is not None and self.rate is None:
            errors["rate"] = "Укажите тариф, по которому пересчитано количество"
        if errors:
            raise ValidationError(errors)


class ChargeLine(models.Model):
    """One priced quantity of an invoice: object, resource, component, method, days, basis."""

    class Kind(models.TextChoices):
        CHARGE = "charge", "Начисление"
        RECALCULATION = "recalculation", "Перерасчет"

    # Referential integrity of charge lines without row-by-row foreign-key checks: a key check
    # is a query and a row lock per inserted line, and a run writes a line per object and
    # resource — measured, the checks cost as much as the COPY of the lines itself (+0.9 s
    # per 200 000 lines for invoices, +1.5 s for objects, +0.4 s for tariffs). Instead:
    # - invoice and recalculation: statement-level triggers (migration 0003) check, once per
    #   statement, that every referenced row exists and refuse deleting a referenced one;
    # - object and tariff: Django's PROTECT (they are never deleted by SQL; a tariff is
    #   never deleted at all).
    # Lines are written only by the billing run, one chunk per consumer range, one active
    # run per period: no two transactions write or delete the lines of the same invoice.
    invoice = models.ForeignKey(
        Invoice, on_delete=models.CASCADE, related_name="lines", verbose_name="счет", db_constraint=False
    )
    position = models.PositiveSmallIntegerField("№ п/п")
    kind = models.CharField("вид", max_length=20, choices=Kind.choices, default=Kind.CHARGE)
    heated_object = models.ForeignKey(
        "subscribers.HeatedObject", on_delete=models.PROTECT, null=True, blank=True, related_name="charge_lines",
        verbose_name="объект", db_constraint=False,
    )
    resource = models.CharField("ресурс", max_length=20, choices=Resource.choices)
    component = models.CharField("составляющая", max_length=20, choices=Component.choices)
    method = models.CharField("способ определения", max_length=20, choices=Method.choices)
    date_from = models.DateField("с")
    date_to = models.DateField("по")
    quantity = models.DecimalField(
        "количество", null=True, blank=True, **QUANTITY, help_text="пусто — перерасчет только суммой"
    )
    tariff = models.ForeignKey(
        Tariff, on_delete=models.PROTECT, null=True, blank=True, related_name="charge_lines", verbose_name="тариф",
        db_index=False, db_constraint=False,
    )
    rate = models.DecimalField("тариф, ₽ без НДС", null=True, blank=True, max_digits=14, decimal_places=2)
    amount = models.DecimalField("сумма без НДС", **MONEY)
    vat_rate = models.DecimalField("ставка НДС, %", max_digits=5, decimal_places=2)
    vat_amount = models.DecimalField("НДС", **MONEY)
    amount_with_vat = models.DecimalField("сумма с НДС", **MONEY)
    recalculation = models.ForeignKey(
        Recalculation, on_delete=models.PROTECT, null=True, blank=True, related_name="lines",
        verbose_name="перерасчет", db_index=False, db_constraint=False,
    )
    basis = models.JSONField("основание (расчет)", default=dict)

    objects = ChargeLineQuerySet.as_manager()

    class Meta:
        verbose_name = "строка начисления"
        verbose_name_plural = "строки начислений"
        ordering = ["invoice", "position"]
        # Few indexes: each costs on every line a run writes. Tariffs and recalculations are
        # looked up from their side rarely (a partial index covers the recalculation lines).
        indexes = [
            models.Index(
                fields=["recalculation"], condition=models.Q(recalculation__isnull=False),
                name="chargeline_recalculation",
            ),
        ]

    def __str__(self) -> str:
        if self.quantity is None:  # a recalculation by its amount only
            return f"{self.get_resource_display()}: {formatting.amount(self.amount)} ₽ без НДС"
        rate = "—" if self.rate is None else formatting.amount(self.rate)
        return f"{self.get_resource_display()}: {formatting.gcal(self.quantity)} {self.unit} × {rate}"

    def save(self, *args, **kwargs):
        _refuse_if_closed(Invoice.objects.filter(pk=self.invoice_id).values_list("period_id", flat=True).first())
        if self.pk:
            _refuse_if_closed(
                ChargeLine.objects.filter(pk=self.pk).values_list("invoice__period_id", flat=True).first()
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_if_closed(Invoice.objects.filter(pk=self.invoice_id).values_list("period_id", flat=True).first())
        return super().delete(*args, **kwargs)

    @property
    def unit(self) -> str:
        return UNIT_OF_COMPONENT[self.component]
