"""Billing periods and runs: a run bills a period in chunks; a closed period is frozen."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from core.errors import ApplicationError

from .choices import MONEY, MONTHS_NOMINATIVE, month_end


class PeriodClosedError(ApplicationError):
    """A write that would change a closed billing period (code ``period_closed``)."""

    def __init__(self, message: str, *, code: str = "period_closed", **kwargs):
        super().__init__(message, code=code, **kwargs)


def period_closed_message(month: date) -> str:
    return (
        f"Расчетный период {month:%m.%Y} закрыт: его начисления и счета не изменяются; "
        "исправление оформляется перерасчетом в текущем периоде"
    )


class BillingPeriod(models.Model):
    """A calendar month of billing. Open: runs may replace its charges. Closed: frozen."""

    class Status(models.TextChoices):
        OPEN = "open", "Открыт"
        CLOSED = "closed", "Закрыт"

    month = models.DateField("месяц", unique=True, help_text="первое число месяца")
    status = models.CharField("статус", max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField("закрыт", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="закрыл",
    )

    class Meta:
        verbose_name = "расчетный период"
        verbose_name_plural = "расчетные периоды"
        ordering = ["-month"]
        permissions = [
            ("run_billing", "Может запускать расчет периода"),
            ("close_billingperiod", "Может закрывать расчетный период"),
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs):
        if self.pk:
            stored = BillingPeriod.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == self.Status.CLOSED:
                raise PeriodClosedError(period_closed_message(self.month), field="status")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_closed:
            raise PeriodClosedError(period_closed_message(self.month))
        return super().delete(*args, **kwargs)

    def clean(self):
        if self.month and self.month.day != 1:
            raise ValidationError({"month": "Расчетный период начинается с первого числа месяца"})

    @property
    def label(self) -> str:
        return f"{MONTHS_NOMINATIVE[self.month.month]} {self.month.year}"

    @property
    def first_day(self) -> date:
        return self.month

    @property
    def last_day(self) -> date:
        return month_end(self.month)

    @property
    def shipment_date(self) -> date:
        """The date of shipment for VAT (НК ст. 167): the last day of the billing month."""
        return self.last_day

    @property
    def days(self) -> int:
        return self.last_day.day

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    def ensure_open(self) -> None:
        if self.is_closed:
            raise PeriodClosedError(period_closed_message(self.month), field="period")


class BillingRun(models.Model):
    """One run of the billing of a period: split into chunks by consumer, shared by workers."""

    class Status(models.TextChoices):
        QUEUED = "queued", "В очереди"
        RUNNING = "running", "Выполняется"
        DONE = "done", "Выполнен (предварительный)"
        FAILED = "failed", "Ошибка"
        CANCELLED = "cancelled", "Отменен"

    period = models.ForeignKey(BillingPeriod, on_delete=models.PROTECT, related_name="runs", verbose_name="период")
    status = models.CharField("статус", max_length=10, choices=Status.choices, default=Status.QUEUED)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="запустил",
    )
    created_at = models.DateTimeField("создан", auto_now_add=True)
    finished_at = models.DateTimeField("завершен", null=True, blank=True)
    # a chunk started or finished, or the run was queued again: the watchdog's sign of life
    heartbeat_at = models.DateTimeField("последнее движение", null=True, blank=True)
    requeues = models.PositiveSmallIntegerField("повторных постановок в очередь", default=0)
    chunks_total = models.PositiveIntegerField("частей", default=0)
    chunks_done = models.PositiveIntegerField("частей выполнено", default=0)
    contracts_total = models.PositiveIntegerField("договоров", default=0)
    contracts_billed = models.PositiveIntegerField("договоров начислено", default=0)
    contracts_with_problems = models.PositiveIntegerField("договоров с ошибками данных", default=0)
    invoices_changed = models.PositiveIntegerField("счетов изменено", default=0)
    lines_written = models.PositiveIntegerField("строк записано", default=0)
    amount = models.DecimalField("сумма без НДС", default=Decimal("0"), **MONEY)
    vat_amount = models.DecimalField("НДС", default=Decimal("0"), **MONEY)
    amount_with_vat = models.DecimalField("сумма с НДС", default=Decimal("0"), **MONEY)
    error = models.TextField("ошибка", blank=True)
    estimate = models.TextField(
        "оценка температур", blank=True,
        help_text="месяц не закончился: дни без измерений взяты по климатической норме станции; "
                  "окончательный расчет заменит оценку",
    )

    class Meta:
        verbose_name = "расчет"
        verbose_name_plural = "расчеты"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Расчет № {self.pk} за {self.period}"

    @property
    def status_label(self) -> str:
        """The status as pages write it. A finished run is a preview only while its period is
        open (docs/billing.md «Preview and close»): once the period is closed its results are
        frozen, and «Выполнен (предварительный)» would say the opposite."""
        if self.status == self.Status.DONE and self.period.is_closed:
            return "Выполнен (период закрыт)"
        return self.get_status_display()

    @property
    def progress_percent(self) -> int:
        if not self.chunks_total:
            return 100 if self.status == self.Status.DONE else 0
        return int(100 * self.chunks_done / self.chunks_total)

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class BillingRunChunk(models.Model):
    """A slice of consumers (by id, ``consumer_from < id <= consumer_to``) billed by one task."""

    run = models.ForeignKey(BillingRun, on_delete=models.CASCADE, related_name="chunks")
    number = models.PositiveIntegerField()
    consumer_from = models.BigIntegerField(help_text="исключая")
    consumer_to = models.BigIntegerField(help_text="включая")
    objects_planned = models.PositiveIntegerField(default=0)
    done = models.BooleanField(default=False)
    worker = models.CharField(max_length=200, blank=True)
    seconds = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["run", "number"]
        constraints = [models.UniqueConstraint(fields=["run", "number"], name="billingrunchunk_unique_number")]

    def __str__(self) -> str:
        return f"Часть {self.number} расчета № {self.run_id}"


def _refuse_if_closed(period_id) -> None:
    if period_id is None:
        return
    row = BillingPeriod.objects.filter(pk=period_id).values_list("status", "month").first()
    if row and row[0] == BillingPeriod.Status.CLOSED:
        raise PeriodClosedError(period_closed_message(row[1]))


class BillingProblem(models.Model):
    """Bad input found by a run for one contract: the contract stays unbilled until fixed."""

    class Code(models.TextChoices):
        NO_TARIFF = "no_tariff", "Нет тарифа"
        NO_LOADS = "no_loads", "Нет тепловых нагрузок"
        NO_TEMPERATURES = "no_temperatures", "Нет температур наружного воздуха"
        NO_DESIGN_TEMPERATURE = "no_design_temperature", "Нет расчетной температуры"
        NO_STATION = "no_station", "Нет метеостанции"
        BAD_READING = "bad_reading", "Недостоверные показания"
        NO_OBJECTS = "no_objects", "Нет объектов в договоре"
        NO_VAT = "no_vat", "Нет ставки НДС"
        NO_VALIDATION_SETTINGS = "no_validation_settings", "Нет настроек проверки показаний"

    run = models.ForeignKey(BillingRun, on_delete=models.CASCADE, related_name="problems", verbose_name="расчет")
    contract = models.ForeignKey("subscribers.Contract", on_delete=models.CASCADE, related_name="+", verbose_name="договор")
    heated_object = models.ForeignKey(
        "subscribers.HeatedObject", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name="объект",
    )
    code = models.CharField("вид", max_length=30, choices=Code.choices)
    message = models.CharField("что не так", max_length=1000)

    class Meta:
        verbose_name = "ошибка исходных данных"
        verbose_name_plural = "ошибки исходных данных"
        ordering = ["run", "contract", "id"]

    def __str__(self) -> str:
        return self.message


class RefusedRecalculation(models.Model):
    """An automatic recalculation of a closed period that could not be made (a late reading
    arrived but a tariff, a load or a temperature is missing): a billing problem shown on
    the period's pages until a recalculation of the contract for that period succeeds."""

    corrected_period = models.ForeignKey(
        BillingPeriod, on_delete=models.PROTECT, related_name="refused_recalculations", verbose_name="пересчитываемый период"
    )
    contract = models.ForeignKey("subscribers.Contract", on_delete=models.CASCADE, related_name="+", verbose_name="договор")
    cause = models.CharField("повод", max_length=500)
    reason = models.CharField("почему не выполнен", max_length=1000)
    created_at = models.DateTimeField("когда", auto_now_add=True)
    resolved_at = models.DateTimeField("выполнен позже", null=True, blank=True)

    class Meta:
        verbose_name = "невыполненный перерасчет"
        verbose_name_plural = "невыполненные перерасчеты"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.contract_id} за {self.corrected_period_id}: {self.reason}"

    WHAT_TO_DO = ("Исправьте исходные данные (например, добавьте тариф на период), затем пересчитайте договор "
                  "за этот период кнопкой «Пересчитать закрытый период» на странице периода.")

