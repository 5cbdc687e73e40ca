"""Reconciliation statements with a consumer (docs/reconciliation.md): of meter readings
over a range of months, of settlements under a contract over a range of dates, and the bulk
job that issues the settlements statements of many contracts at a quarter's end.

An act row keeps its state, its current archived document (a reissue replaces it, the
replaced one stays in the archive), and what came back: signed (by whom, on what
authority) or with the consumer's figures.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from core import formatting

MONEY = {"max_digits": 16, "decimal_places": 2}


class Status(models.TextChoices):
    DRAFT = "draft", "Составляется"
    ISSUED = "issued", "Выпущен"
    SENT = "sent", "Направлен абоненту"
    SIGNED = "signed", "Подписан абонентом"
    DISPUTED = "disputed", "Возвращен с разногласиями"


class ActBase(models.Model):
    status = models.CharField("состояние", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    document = models.ForeignKey("documents.ArchivedDocument", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name="действующий акт")
    issues = models.PositiveSmallIntegerField("выпусков", default=0, help_text="1 — первичный, больше — переоформлен")
    sent_on = models.DateField("направлен", null=True, blank=True)
    send_note = models.CharField("способ отправки", max_length=300, blank=True)
    returned_on = models.DateField("возвращен", null=True, blank=True)
    consumer_figures = models.JSONField("данные абонента", default=dict, blank=True)
    dispute_note = models.TextField("разногласия абонента", blank=True)
    resolution = models.TextField("решение по разногласиям", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="составил")
    created_at = models.DateTimeField("создан", auto_now_add=True)

    class Meta:
        abstract = True

    # what ``consumer_figures`` keeps (reconciliation.services): its key → the words and the formatter
    FIGURES = {
        "q": ("Q по данным абонента", "Гкал", formatting.gcal),
        "closing": ("сальдо по данным абонента", "₽", formatting.amount),
    }

    @property
    def consumer_figures_text(self) -> str:
        """The consumer's figures in words («Q по данным абонента 1 234,560 Гкал»); empty — none given."""
        parts = []
        for key, value in (self.consumer_figures or {}).items():
            label, unit, write = self.FIGURES.get(key, (key, "", str))
            parts.append(f"{label} {write(value)}{formatting.NBSP}{unit}" if unit else f"{label} {value}")
        return "; ".join(parts)

    def clean(self):
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValidationError({"date_to": "Конец периода сверки раньше его начала"})


class ReadingsReconciliation(ActBase):
    """«Акт сверки показаний приборов учета» of a consumer for a range of months."""

    consumer = models.ForeignKey("subscribers.Consumer", on_delete=models.PROTECT, related_name="+",
                                 verbose_name="абонент")
    date_from = models.DateField("с месяца", help_text="первое число месяца")
    date_to = models.DateField("по месяц", help_text="первое число месяца")

    class Meta:
        verbose_name = "сверка показаний"
        verbose_name_plural = "сверки показаний"
        ordering = ["-created_at", "-id"]
        permissions = [
            ("conduct_readings_reconciliation", "Может проводить сверку показаний приборов учета"),
        ]

    def __str__(self) -> str:
        return f"Сверка показаний № {self.pk}: {self.consumer} за {self.date_from:%m.%Y}–{self.date_to:%m.%Y}"

    def clean(self):
        super().clean()
        if (self.date_from and self.date_from.day != 1) or (self.date_to and self.date_to.day != 1):
            raise ValidationError({"date_from": "Период сверки показаний задается месяцами (первое число)"})


class BulkJob(models.Model):
    """Settlements statements of every contract of a filter at a quarter's end: one act per
    contract (an unchanged act is not issued again), a ZIP of the DOCX and one merged PDF
    with a bookmark per consumer."""

    class Status(models.TextChoices):
        QUEUED = "queued", "В очереди"
        RUNNING = "running", "Выполняется"
        DONE = "done", "Выполнено"
        FAILED = "failed", "Ошибка"

    date_from = models.DateField("период с")
    date_to = models.DateField("период по (конец квартала)")
    contract_status = models.CharField("договоры в статусе", max_length=20, blank=True)
    category = models.CharField("категория абонентов", max_length=20, blank=True)
    with_pdf = models.BooleanField("собрать PDF для печати", default=True)
    status = models.CharField("статус", max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField("всего договоров", default=0)
    done = models.PositiveIntegerField("обработано", default=0)
    issued = models.PositiveIntegerField("выпущено актов", default=0)
    unchanged = models.PositiveIntegerField("без изменений", default=0)
    problems = models.JSONField("проблемы", default=list, blank=True)
    error = models.TextField("ошибка", blank=True)
    zip_name = models.CharField("ZIP в архиве", max_length=300, blank=True)
    zip_sha256 = models.CharField("SHA-256 ZIP", max_length=64, blank=True)
    pdf_name = models.CharField("PDF в архиве", max_length=300, blank=True)
    pdf_sha256 = models.CharField("SHA-256 PDF", max_length=64, blank=True)
    pdf_pages = models.PositiveIntegerField("страниц PDF", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="запустил")
    created_at = models.DateTimeField("создано", auto_now_add=True)
    finished_at = models.DateTimeField("завершено", null=True, blank=True)
    heartbeat_at = models.DateTimeField("последнее движение", null=True, blank=True)
    requeues = models.PositiveSmallIntegerField("повторных постановок в очередь", default=0)

    class Meta:
        verbose_name = "массовая сверка расчетов"
        verbose_name_plural = "массовые сверки расчетов"
        ordering = ["-created_at", "-id"]
        permissions = [("run_bulk_reconciliation", "Может запускать массовую сверку расчетов")]

    def __str__(self) -> str:
        return f"Сверка расчетов за {self.date_from:%d.%m.%Y}–{self.date_to:%d.%m.%Y} (задание № {self.pk})"

    @property
    def progress_percent(self) -> int:
        if not self.total:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, int(100 * self.done / self.total))

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class SettlementsReconciliation(ActBase):
    """«Акт сверки взаимных расчетов» under a contract for a range of dates, from the
    settlements ledger; its totals are kept for the list and the bulk job's idempotence."""

    class AuthorityBasis(models.TextChoices):
        CHARTER = "charter", "Устав (руководитель)"
        POA = "poa", "Доверенность"
        NONE = "none", "Полномочия не подтверждены"

    contract = models.ForeignKey("subscribers.Contract", on_delete=models.PROTECT, related_name="+",
                                 verbose_name="договор")
    consumer = models.ForeignKey("subscribers.Consumer", on_delete=models.PROTECT, related_name="+",
                                 verbose_name="абонент")
    date_from = models.DateField("период с")
    date_to = models.DateField("период по")
    opening = models.DecimalField("сальдо на начало (+ долг абонента)", default=Decimal("0.00"), **MONEY)
    debit = models.DecimalField("начислено (дебет)", default=Decimal("0.00"), **MONEY)
    credit = models.DecimalField("оплачено (кредит)", default=Decimal("0.00"), **MONEY)
    closing = models.DecimalField("сальдо на конец (+ долг абонента)", default=Decimal("0.00"), **MONEY)
    substance = models.CharField("отпечаток содержания (SHA-256)", max_length=64, blank=True)
    job = models.ForeignKey(BulkJob, on_delete=models.SET_NULL, null=True, blank=True, related_name="acts",
                            verbose_name="массовая сверка")
    signer_name = models.CharField("подписал со стороны абонента", max_length=300, blank=True)
    signer_position = models.CharField("должность подписавшего", max_length=300, blank=True)
    authority_basis = models.CharField("основание полномочий", max_length=10, choices=AuthorityBasis.choices,
                                       blank=True)
    poa_number = models.CharField("доверенность №", max_length=50, blank=True)
    poa_date = models.DateField("доверенность от", null=True, blank=True)
    poa_valid_until = models.DateField("доверенность действует по", null=True, blank=True)
    interrupts_limitation = models.BooleanField(
        "прерывает срок исковой давности", default=False,
        help_text="подписан уполномоченным лицом (ГК РФ ст. 203); дата — дата подписания",
    )
    consumer_closing = models.DecimalField("сальдо по данным абонента", null=True, blank=True, **MONEY)

    class Meta:
        verbose_name = "сверка взаимных расчетов"
        verbose_name_plural = "сверки взаимных расчетов"
        ordering = ["-created_at", "-id"]
        permissions = [
            ("conduct_settlements_reconciliation", "Может проводить сверку взаимных расчетов"),
        ]
        indexes = [models.Index(fields=["contract", "date_from", "date_to"], name="settlementsrec_contract_range")]

    def __str__(self) -> str:
        return (f"Сверка расчетов № {self.pk}: договор № {self.contract.number} за "
                f"{self.date_from:%d.%m.%Y}–{self.date_to:%d.%m.%Y}")
