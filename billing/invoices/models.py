"""Issued invoice documents of a period and the background jobs that issue and print them.

- ``InvoiceDocument``: which archived document (УПД or счет на оплату) was issued for a
  contract's invoice of a period, with the fingerprint of its substance. The latest row of
  a (period, contract, kind) is the current document; an unchanged invoice is never issued
  twice, a changed one gets a new document naming the one it replaces. Insert-only.
- ``OutputJob``: one background job (issue a period's documents, or print them as one
  PDF) with its progress and the problems it met.
- ``InvoicePrintout``: the merged PDF of a period's documents, stored in the archive
  storage with its SHA-256. Insert-only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from billing.models.charges import Invoice
from billing.models.periods import BillingPeriod


class InsertOnly(models.Model):
    """Rows written once: the model refuses to change or delete them."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError(f"{self._meta.verbose_name}: запись не изменяется")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{self._meta.verbose_name}: запись не удаляется")


class OutputJob(models.Model):
    """A background job over a period's invoices, with progress for its page."""

    class Kind(models.TextChoices):
        ISSUE = "issue", "Выпуск УПД и счетов на оплату"
        PRINT = "print", "Печать документов периода одним PDF"

    class Status(models.TextChoices):
        QUEUED = "queued", "В очереди"
        RUNNING = "running", "Выполняется"
        DONE = "done", "Выполнено"
        FAILED = "failed", "Ошибка"

    kind = models.CharField("вид", max_length=10, choices=Kind.choices)
    period = models.ForeignKey(BillingPeriod, on_delete=models.PROTECT, related_name="output_jobs", verbose_name="период")
    status = models.CharField("статус", max_length=10, choices=Status.choices, default=Status.QUEUED)
    kinds = models.JSONField("виды документов", default=list)
    total = models.PositiveIntegerField("всего", default=0)
    done = models.PositiveIntegerField("обработано", default=0)
    issued = models.PositiveIntegerField("выпущено документов", default=0)
    unchanged = models.PositiveIntegerField("без изменений", default=0)
    problems = models.JSONField("проблемы", default=list, blank=True)
    error = models.TextField("ошибка", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="запустил"
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)
    finished_at = models.DateTimeField("завершено", null=True, blank=True)
    # started, progressed or queued again: the watchdog's sign of life
    heartbeat_at = models.DateTimeField("последнее движение", null=True, blank=True)
    requeues = models.PositiveSmallIntegerField("повторных постановок в очередь", default=0)

    class Meta:
        verbose_name = "задание по документам периода"
        verbose_name_plural = "задания по документам периода"
        ordering = ["-created_at", "-id"]
        permissions = [("issue_invoices", "Может выпускать УПД и счета на оплату и печатать их")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} за {self.period} (№ {self.pk})"

    @property
    def progress_percent(self) -> int:
        if not self.total:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, int(100 * self.done / self.total))

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class InvoiceDocument(InsertOnly):
    """One issued document of a contract's invoice for a period."""

    class Kind(models.TextChoices):
        UPD = "upd", "УПД (счет-фактура и передаточный документ)"
        PAYMENT = "payment", "Счет на оплату"

    period = models.ForeignKey(BillingPeriod, on_delete=models.PROTECT, related_name="invoice_documents",
                               verbose_name="период")
    contract = models.ForeignKey("subscribers.Contract", on_delete=models.PROTECT, related_name="+",
                                 verbose_name="договор")
    # the invoice row it was issued from; a re-run of an open period may remove the row of a
    # contract that now has bad input, so no database constraint (the period and contract stay)
    invoice = models.ForeignKey(Invoice, on_delete=models.DO_NOTHING, db_constraint=False, null=True,
                                related_name="documents", verbose_name="начисление")
    kind = models.CharField("вид", max_length=10, choices=Kind.choices)
    document = models.OneToOneField("documents.ArchivedDocument", on_delete=models.PROTECT,
                                    related_name="billing_invoice", verbose_name="документ")
    substance = models.CharField("отпечаток содержания (SHA-256)", max_length=64)
    correction = models.PositiveSmallIntegerField("№ исправления", default=0, help_text="0 — первичный документ")
    job = models.ForeignKey(OutputJob, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                            verbose_name="задание")
    issued_at = models.DateTimeField("выпущен")

    class Meta:
        verbose_name = "документ по начислению"
        verbose_name_plural = "документы по начислениям"
        ordering = ["period", "contract", "kind", "-id"]
        indexes = [models.Index(fields=["period", "contract", "kind"], name="invoicedocument_current")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.document.number}"


class InvoicePrintout(InsertOnly):
    """The documents of a period merged into one PDF with bookmarks, archived."""

    period = models.ForeignKey(BillingPeriod, on_delete=models.PROTECT, related_name="printouts",
                               verbose_name="период")
    job = models.OneToOneField(OutputJob, on_delete=models.PROTECT, related_name="printout", verbose_name="задание")
    storage_name = models.CharField("файл в архиве", max_length=300, unique=True)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField("размер, байт")
    pages = models.PositiveIntegerField("страниц")
    documents = models.JSONField("номера документов", default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="сформировал")
    created_at = models.DateTimeField("сформирован")

    class Meta:
        verbose_name = "печать документов периода"
        verbose_name_plural = "печать документов периодов"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Документы за {self.period}: {len(self.documents)} шт., {self.pages} стр."

    @property
    def filename(self) -> str:
        return f"Документы за {self.period.month:%m.%Y} ({len(self.documents)} шт.).pdf"
