"""Settlements: bank statements, payments, debts (obligations with due dates), their
allocation, and penalties accrued on late payment.

Money is ``Decimal`` with two places everywhere. Rows are written only by
``settlements.services``; the invariants of one row live in ``clean()`` and constraints.

How the pieces relate:

* ``Debt`` — one obligation of a contract for a billing period with its due date (ПП 808:
  first advance, second advance, final payment; citizens and УК: one payment). The debts of
  a period add up to what was charged for it.
* ``Payment`` — money received (a bank statement row, or a negative charge turned into
  credit). ``Allocation`` rows spread a payment over debts; what is not allocated is the
  consumer's credit, carried forward to the next debts.
* ``PenaltyLine`` — one line of the penalty calculation (days × fraction × rate × base):
  lines of a *closed* portion (an allocation paid late) are computed once and kept; lines
  of the *open* rest of a debt are recomputed by each monthly ``PenaltyAccrual`` and only the
  latest accrual's open lines count.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from subscribers.models import Consumer, Contract

MONEY = {"max_digits": 16, "decimal_places": 2}
POSITIVE = [MinValueValidator(Decimal("0.01"))]


class BankStatement(models.Model):
    """An imported statement file; its SHA-256 makes a second import of the same file a no-op."""

    class Format(models.TextChoices):
        ONE_C = "1c", "1CClientBankExchange"
        CSV = "csv", "CSV"

    sha256 = models.CharField("SHA-256 файла", max_length=64, unique=True)
    filename = models.CharField("файл", max_length=255)
    format = models.CharField("формат", max_length=10, choices=Format.choices)
    encoding = models.CharField("кодировка", max_length=20)
    account = models.CharField("расчетный счет", max_length=20, blank=True)
    date_from = models.DateField("период с", null=True, blank=True)
    date_to = models.DateField("период по", null=True, blank=True)
    total_received = models.DecimalField("всего поступило (по выписке)", null=True, blank=True, **MONEY)
    payments_count = models.PositiveIntegerField("платежей принято", default=0)
    skipped_count = models.PositiveIntegerField("пропущено (не нам)", default=0)
    duplicates_count = models.PositiveIntegerField("уже загруженных", default=0)
    unmatched_count = models.PositiveIntegerField("не выяснено", default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="загрузил",
    )
    imported_at = models.DateTimeField("загружена", auto_now_add=True)

    class Meta:
        verbose_name = "банковская выписка"
        verbose_name_plural = "банковские выписки"
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.date_from or ''}–{self.date_to or ''})"


class Payment(models.Model):
    """Money received from a consumer (or a negative charge turned into credit)."""

    class Kind(models.TextChoices):
        PRINCIPAL = "principal", "Оплата за тепловую энергию"
        PENALTY = "penalty", "Оплата пени"
        ADJUSTMENT = "adjustment", "Уменьшение начислений (кредит)"

    class Status(models.TextChoices):
        MATCHED = "matched", "Разнесен"
        UNMATCHED = "unmatched", "Не выяснен"

    statement = models.ForeignKey(
        BankStatement, on_delete=models.PROTECT, null=True, blank=True, related_name="payments",
        verbose_name="выписка",
    )
    bank_key = models.CharField(
        "ключ платежа", max_length=200, unique=True,
        help_text="ИНН и счет плательщика, номер, дата и сумма документа: один платеж не загружается дважды",
    )
    number = models.CharField("номер документа", max_length=30)
    doc_date = models.DateField("дата документа")
    paid_on = models.DateField("дата поступления", db_index=True)
    amount = models.DecimalField("сумма", validators=POSITIVE, **MONEY)
    payer_inn = models.CharField("ИНН плательщика", max_length=12, blank=True, db_index=True)
    payer_kpp = models.CharField("КПП плательщика", max_length=9, blank=True)
    payer_name = models.CharField("плательщик", max_length=500, blank=True)
    payer_account = models.CharField("счет плательщика", max_length=20, blank=True)
    purpose = models.TextField("назначение платежа", blank=True)
    kind = models.CharField("вид", max_length=20, choices=Kind.choices, default=Kind.PRINCIPAL)
    status = models.CharField("статус", max_length=20, choices=Status.choices, db_index=True)
    unmatched_reason = models.CharField("почему не разнесен", max_length=500, blank=True)
    consumer = models.ForeignKey(
        Consumer, on_delete=models.PROTECT, null=True, blank=True, related_name="payments", verbose_name="абонент"
    )
    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, null=True, blank=True, related_name="payments", verbose_name="договор"
    )
    periods = models.JSONField(
        "периоды из назначения", default=list, blank=True, help_text="первые дни месяцев, ISO"
    )
    claim_number = models.CharField("претензия", max_length=50, blank=True)
    matched_manually = models.BooleanField("разнесен вручную", default=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="разнес",
    )
    created_at = models.DateTimeField("создан", auto_now_add=True)

    class Meta:
        verbose_name = "платеж"
        verbose_name_plural = "платежи"
        ordering = ["-paid_on", "-id"]
        indexes = [models.Index(fields=["contract", "paid_on"])]

    def __str__(self) -> str:
        return f"п/п № {self.number} от {self.doc_date:%d.%m.%Y} на {self.amount} ₽"

    def clean(self):
        if self.status == self.Status.MATCHED and not (self.consumer_id and self.contract_id):
            raise ValidationError({"contract": "Разнесенный платеж должен иметь абонента и договор"})
        if self.contract_id and self.consumer_id and self.contract.consumer_id != self.consumer_id:
            raise ValidationError({"contract": "Договор принадлежит другому абоненту"})


class Debt(models.Model):
    """An obligation of a contract for a billing period, with its due date."""

    class Kind(models.TextChoices):
        ADVANCE_1 = "advance_1", "Первый авансовый платеж"
        ADVANCE_2 = "advance_2", "Второй авансовый платеж"
        FINAL = "final", "Окончательный расчет"
        SINGLE = "single", "Оплата за расчетный период"

    consumer = models.ForeignKey(Consumer, on_delete=models.PROTECT, related_name="debts", verbose_name="абонент")
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="debts", verbose_name="договор")
    period = models.DateField("расчетный период", help_text="первое число месяца")
    kind = models.CharField("вид", max_length=20, choices=Kind.choices)
    amount = models.DecimalField("сумма", validators=POSITIVE, **MONEY)
    due_date = models.DateField("срок оплаты", db_index=True)
    basis = models.CharField("основание", max_length=300, blank=True)
    invoice_id = models.BigIntegerField("счет (id в billing)", null=True, blank=True)
    settled_on = models.DateField(
        "погашен", null=True, blank=True,
        help_text="дата платежа, которым долг погашен полностью; пусто — есть остаток (ведет settlements.services)",
    )
    created_at = models.DateTimeField("создан", auto_now_add=True)

    class Meta:
        verbose_name = "задолженность (обязательство)"
        verbose_name_plural = "задолженности (обязательства)"
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "period", "kind"], name="debt_unique_contract_period_kind"),
        ]
        indexes = [
            models.Index(fields=["consumer", "due_date"]),
            models.Index(fields=["consumer"], condition=models.Q(settled_on__isnull=True), name="debt_open_by_consumer"),
            models.Index(fields=["settled_on"], condition=models.Q(settled_on__isnull=False), name="debt_settled_on"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} за {self.period:%m.%Y} до {self.due_date:%d.%m.%Y}: {self.amount} ₽"

    def clean(self):
        if self.period and self.period.day != 1:
            raise ValidationError({"period": "Период задается первым числом месяца"})
        if self.contract_id and self.consumer_id and self.contract.consumer_id != self.consumer_id:
            raise ValidationError({"contract": "Договор принадлежит другому абоненту"})


class Allocation(models.Model):
    """The part of a payment that settles a debt; ``paid_on`` is the payment's date."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="allocations", verbose_name="платеж")
    debt = models.ForeignKey(Debt, on_delete=models.PROTECT, related_name="allocations", verbose_name="долг")
    consumer = models.ForeignKey(
        Consumer, on_delete=models.PROTECT, related_name="+", verbose_name="абонент", db_index=False,
        help_text="абонент долга (копия debt.consumer: начисление пени выбирает части по диапазону абонентов)",
    )
    amount = models.DecimalField("сумма", validators=POSITIVE, **MONEY)
    paid_on = models.DateField("дата оплаты")
    rule = models.CharField("основание зачета", max_length=200, blank=True)
    created_at = models.DateTimeField("создано", auto_now_add=True)

    class Meta:
        verbose_name = "зачет платежа"
        verbose_name_plural = "зачеты платежей"
        ordering = ["paid_on", "id"]
        # the debtors list asks whether anything was paid after its date (settlements.selectors)
        indexes = [models.Index(fields=["paid_on"], name="allocation_by_paid_on")]

    def __str__(self) -> str:
        return f"{self.amount} ₽ от {self.paid_on:%d.%m.%Y} в счет {self.debt}"

    @property
    def penalty_done(self) -> bool:
        """The penalty of this portion has been accrued (it is no longer in the queue)."""
        return not PenaltyPending.objects.filter(allocation_id=self.pk).exists()

    def clean(self):
        if self.debt_id and self.consumer_id and self.debt.consumer_id != self.consumer_id:
            raise ValidationError({"consumer": "Абонент зачета не совпадает с абонентом долга"})


class ContractBalance(models.Model):
    """The open debts of a contract summed up: what the debtors list and the dashboard read.

    Kept by database triggers on ``Debt`` and ``Allocation`` (migration 0005: statement-level
    on PostgreSQL, row-level on SQLite), so every write — the services, the admin, a COPY, a
    bench's SQL — keeps it, in the writing transaction. One row per contract with at least one
    open debt (``settled_on`` empty): ``balance_due`` is the sum of those debts less everything
    allocated to them, ``earliest_due`` the due date of the earliest of them not covered in full.
    Never written by Python code.
    """

    contract = models.OneToOneField(
        Contract, on_delete=models.DO_NOTHING, primary_key=True, db_constraint=False, related_name="+",
        verbose_name="договор",
    )
    consumer = models.ForeignKey(
        Consumer, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name="абонент",
    )
    balance_due = models.DecimalField("остаток долга", **MONEY)
    earliest_due = models.DateField("срок самого раннего непогашенного долга", null=True)
    open_debts = models.PositiveIntegerField("открытых обязательств")

    class Meta:
        verbose_name = "сальдо долга по договору"
        verbose_name_plural = "сальдо долга по договорам"
        indexes = [
            models.Index(fields=["-balance_due"], name="balance_by_outstanding"),
            models.Index(fields=["earliest_due"], name="balance_by_oldest_due"),
            models.Index(fields=["consumer"], name="balance_by_consumer"),
        ]

    def __str__(self) -> str:
        return f"{self.contract_id}: {self.balance_due} ₽"


class PenaltyPending(models.Model):
    """An allocation whose closed portion still awaits its penalty lines (a queue).

    Written with the allocation, deleted by the accrual that computes its lines: a narrow
    table read by consumer range, so a month's accrual touches only the month's new
    portions and never rewrites allocation rows.
    """

    allocation = models.OneToOneField(
        Allocation, on_delete=models.CASCADE, primary_key=True, related_name="penalty_pending",
        verbose_name="зачет", db_constraint=False,
    )
    consumer_id = models.BigIntegerField("абонент", db_index=True)

    class Meta:
        verbose_name = "часть долга в очереди на расчет пени"
        verbose_name_plural = "части долга в очереди на расчет пени"

    def __str__(self) -> str:
        return f"зачет {self.allocation_id}"


class PenaltyAccrual(models.Model):
    """One monthly accrual run: penalties of every overdue debt as of ``as_of``."""

    class Status(models.TextChoices):
        RUNNING = "running", "Выполняется"
        DONE = "done", "Завершено"
        FAILED = "failed", "Ошибка"

    as_of = models.DateField("на дату", unique=True)
    status = models.CharField("статус", max_length=20, choices=Status.choices, default=Status.RUNNING)
    chunks_total = models.PositiveIntegerField("частей", default=0)
    chunks_done = models.PositiveIntegerField("частей готово", default=0)
    started_at = models.DateTimeField("начато", auto_now_add=True)
    finished_at = models.DateTimeField("завершено", null=True, blank=True)
    # a chunk done or the chunks queued again: the watchdog's sign of life
    heartbeat_at = models.DateTimeField("последнее движение", null=True, blank=True)
    requeues = models.PositiveSmallIntegerField("повторных постановок в очередь", default=0)

    class Meta:
        verbose_name = "начисление пени"
        verbose_name_plural = "начисления пени"
        ordering = ["-as_of"]
        permissions = [("issue_penalty_statement", "Может формировать расчет пени (DOCX)")]

    def __str__(self) -> str:
        return f"Пени на {self.as_of:%d.%m.%Y}"


class PenaltyAccrualChunk(models.Model):
    """A range of consumers of one accrual, done in one transaction by one worker."""

    accrual = models.ForeignKey(PenaltyAccrual, on_delete=models.CASCADE, related_name="chunks")
    consumer_from = models.BigIntegerField("абоненты с id (исключая)")
    consumer_to = models.BigIntegerField("абоненты по id (включая)")
    done = models.BooleanField("готово", default=False)
    portions = models.PositiveIntegerField("частей долга рассчитано", default=0)
    lines = models.PositiveIntegerField("строк записано", default=0)
    amount = models.DecimalField("пени по строкам", default=Decimal("0.00"), **MONEY)
    seconds = models.FloatField("секунд", null=True, blank=True)

    class Meta:
        verbose_name = "часть начисления пени"
        verbose_name_plural = "части начисления пени"
        ordering = ["accrual", "consumer_from"]
        constraints = [
            models.UniqueConstraint(fields=["accrual", "consumer_from"], name="accrual_chunk_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.accrual}: абоненты ({self.consumer_from}; {self.consumer_to}]"


class PenaltyLine(models.Model):
    """One line of a penalty calculation: ``amount = base × rate % / 100 × days / denominator``,
    rounded half-up to the kopeck (190-ФЗ ст. 15 ч. 9.1–9.3; docs/law.md, "Penalties").

    ``allocation`` set → a closed portion (paid late), computed once and kept.
    ``allocation`` empty → the open (unpaid) rest as of the accrual's date; only the latest
    accrual's open lines count towards the balance.
    """

    # An accrual writes a few hundred thousand lines, so each line costs as little as it may:
    # one index, (debt, accrual), serves the card and the accrual; the references are written
    # only by the accrual service, from rows it has just read in the same transaction, and
    # debts, allocations and accruals are never deleted, so the database does not re-check
    # them row by row (no FK constraints on this table).
    accrual = models.ForeignKey(
        PenaltyAccrual, on_delete=models.PROTECT, related_name="lines", verbose_name="начисление",
        db_index=False, db_constraint=False,
    )
    debt = models.ForeignKey(
        Debt, on_delete=models.PROTECT, related_name="penalty_lines", verbose_name="долг", db_constraint=False,
        db_index=False,
    )
    allocation = models.ForeignKey(
        Allocation, on_delete=models.PROTECT, null=True, blank=True, related_name="penalty_lines",
        verbose_name="оплаченная часть", db_index=False, db_constraint=False,
    )
    date_from = models.DateField("с")
    date_to = models.DateField("по")
    days = models.PositiveIntegerField("дней")
    base = models.DecimalField("сумма долга", **MONEY)
    denominator = models.PositiveIntegerField("доля ставки, 1/…")
    rate_percent = models.DecimalField("ставка, %", max_digits=7, decimal_places=4)
    amount = models.DecimalField("пени", **MONEY)
    rule = models.CharField("примененная норма", max_length=300, blank=True)

    class Meta:
        verbose_name = "строка расчета пени"
        verbose_name_plural = "строки расчета пени"
        ordering = ["debt", "date_from", "id"]
        indexes = [models.Index(fields=["debt", "accrual"], name="penaltyline_debt_accrual")]

    def __str__(self) -> str:
        return f"{self.base} × {self.rate_percent} % × {self.days} / {self.denominator} = {self.amount}"
