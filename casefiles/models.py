"""Case files of the legal staff: pre-trial claims, court orders and lawsuits, police
statements — with the debts they cover, the amounts as of a date, the court, hearings, the
judgment, the writ of execution, the money recovered under it and the documents.

Rows are written only by ``casefiles.services``; one row's invariants live in ``clean()`` and
constraints. A debt is in at most one open case at a time (``CaseDebt.active``, a partial
unique constraint): closing a case releases its debts.

Who may see a case: ``casefiles.selectors.cases_visible_to`` — legal staff and managers only
(``casefiles/roles.py``); the documents archive asks the same through ``documents_visible_to``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from regulations import court_route
from regulations import limitation as limitation_rule
from settlements.models import Debt, Payment
from subscribers.models import Consumer, Contract

MONEY = {"max_digits": 16, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}
POSITIVE = {"max_digits": 16, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0.01"))]}
ZERO = Decimal("0.00")


class Court(models.Model):
    """A court from the reference list: where a case is filed and where its state duty is paid."""

    class Kind(models.TextChoices):
        ARBITRATION = court_route.ARBITRATION, "Арбитражный суд"
        MAGISTRATE = court_route.MAGISTRATE, "Мировой судья"
        GENERAL = court_route.GENERAL, "Районный (городской) суд"

    name = models.CharField("наименование", max_length=300, unique=True)
    kind = models.CharField("вид суда", max_length=20, choices=Kind.choices)
    address = models.CharField("адрес", max_length=500)
    jurisdiction = models.TextField("территория (подсудность)", blank=True,
                                    help_text="улицы, районы или города, относящиеся к суду")
    phone = models.CharField("телефон", max_length=100, blank=True)
    website = models.CharField("сайт", max_length=200, blank=True)
    # where the state duty is paid (the treasury's details the court publishes)
    duty_recipient = models.CharField("получатель госпошлины", max_length=300)
    duty_inn = models.CharField("ИНН получателя", max_length=12)
    duty_kpp = models.CharField("КПП получателя", max_length=9)
    duty_bank = models.CharField("банк получателя", max_length=300)
    duty_bik = models.CharField("БИК", max_length=9)
    duty_account = models.CharField("казначейский счет", max_length=20)
    duty_correspondent_account = models.CharField("единый казначейский счет", max_length=20)
    duty_kbk = models.CharField("КБК", max_length=20)
    duty_oktmo = models.CharField("ОКТМО", max_length=11)
    active = models.BooleanField("действует", default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "суд"
        verbose_name_plural = "суды"
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        for field, length in (("duty_bik", 9), ("duty_account", 20), ("duty_correspondent_account", 20),
                              ("duty_kbk", 20)):
            value = getattr(self, field) or ""
            if value and (not value.isdigit() or len(value) != length):
                errors[field] = f"Ожидается {length} цифр"
        if self.duty_inn and (not self.duty_inn.isdigit() or len(self.duty_inn) != 10):
            errors["duty_inn"] = "ИНН организации — 10 цифр"
        if errors:
            raise ValidationError(errors)


class Case(models.Model):
    """A case file: one matter about a debtor's debts, from the claim to the money recovered."""

    class Kind(models.TextChoices):
        CLAIM = "claim", "Досудебная претензия"
        ORDER_ARBITRATION = court_route.ORDER_ARBITRATION, "Судебный приказ (арбитражный суд)"
        ORDER_MAGISTRATE = court_route.ORDER_MAGISTRATE, "Судебный приказ (мировой судья)"
        LAWSUIT_ARBITRATION = court_route.LAWSUIT_ARBITRATION, "Иск в арбитражный суд"
        LAWSUIT_GENERAL = court_route.LAWSUIT_GENERAL, "Иск в суд общей юрисдикции"
        POLICE = "police", "Заявление в полицию"

    class Stage(models.TextChoices):
        PREPARATION = "preparation", "Подготовка"
        CLAIM_SENT = "claim_sent", "Претензия направлена"
        FILED = "filed", "Подано"
        HEARING = "hearing", "Рассмотрение в суде"
        JUDGMENT = "judgment", "Вынесено решение"
        ENFORCEMENT = "enforcement", "Исполнение"
        CLOSED = "closed", "Закрыто"

    class Outcome(models.TextChoices):
        PAID = "paid", "Долг оплачен"
        RECOVERED = "recovered", "Взыскано"
        PARTLY = "partly", "Взыскано частично"
        WITHDRAWN = "withdrawn", "Отказ от требований"
        REFUSED = "refused", "Отказано"
        OTHER = "other", "Иное"

    COURT_KINDS = court_route.COURT_KINDS

    kind = models.CharField("вид", max_length=30, choices=Kind.choices, db_index=True)
    stage = models.CharField("стадия", max_length=20, choices=Stage.choices, default=Stage.PREPARATION, db_index=True)
    consumer = models.ForeignKey(Consumer, on_delete=models.PROTECT, null=True, blank=True, related_name="cases",
                                 verbose_name="должник")
    # a police statement about someone not in the register: the person as the act names them
    party_name = models.CharField("лицо (нет в реестре): наименование / ФИО", max_length=500, blank=True)
    party_details = models.CharField("ИНН, ОГРН или паспорт лица", max_length=500, blank=True)
    party_address = models.CharField("адрес лица", max_length=500, blank=True)
    act = models.ForeignKey("inspections.ViolationAct", on_delete=models.PROTECT, null=True, blank=True,
                            related_name="+", verbose_name="акт о нарушении")
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, null=True, blank=True, related_name="cases",
                                 verbose_name="договор")
    debts = models.ManyToManyField(Debt, through="CaseDebt", related_name="cases", verbose_name="задолженности")
    # the amounts as of a date (amounts_refresh): principal from the ledger, penalty by the law's calculation
    principal = models.DecimalField("основной долг, ₽", default=ZERO, **MONEY)
    penalty = models.DecimalField("пени, ₽", default=ZERO, **MONEY)
    state_duty = models.DecimalField("госпошлина, ₽", default=ZERO, **MONEY)
    amounts_as_of = models.DateField("суммы на дату", null=True, blank=True)
    amounts_norm = models.CharField("нормы расчета сумм", max_length=500, blank=True)
    # the pre-trial claim (АПК ст. 4 ч. 5: 30 days unless the contract sets another term)
    claim_term_days = models.PositiveSmallIntegerField(
        "срок ответа на претензию, дней", default=court_route.DEFAULT_CLAIM_TERM_DAYS,
        help_text="30 календарных дней (АПК РФ ст. 4 ч. 5), если договор не устанавливает иной срок",
    )
    claim_sent_on = models.DateField("претензия направлена", null=True, blank=True)
    claim_tracking = models.CharField("почтовый идентификатор претензии", max_length=50, blank=True)
    disputed = models.BooleanField("должник оспаривает требование", default=False)
    route_reason = models.CharField("основание выбора порядка", max_length=500, blank=True)
    # the court, once chosen and filed
    court = models.ForeignKey(Court, on_delete=models.PROTECT, null=True, blank=True, related_name="cases",
                              verbose_name="суд")
    court_case_number = models.CharField("номер дела в суде", max_length=100, blank=True)
    filed_on = models.DateField("подано", null=True, blank=True)
    # a police statement: the registration in the police log
    kusp_number = models.CharField("номер КУСП", max_length=50, blank=True)
    police_answer = models.TextField("ответ полиции", blank=True)
    # closing
    closed_on = models.DateField("закрыто", null=True, blank=True)
    outcome = models.CharField("итог", max_length=20, choices=Outcome.choices, blank=True)
    recovered = models.DecimalField("взыскано, ₽", default=ZERO, **MONEY)
    note = models.TextField("примечание", blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name="открыл")
    opened_at = models.DateTimeField("открыто", auto_now_add=True)

    class Meta:
        verbose_name = "дело"
        verbose_name_plural = "дела"
        ordering = ["-opened_at", "-id"]
        permissions = [("close_case", "Может закрывать дело"),
                       ("approve_package", "Может утверждать пакет документов для суда")]
        constraints = [
            models.CheckConstraint(
                condition=Q(stage="closed", closed_on__isnull=False) | (~Q(stage="closed") & Q(closed_on__isnull=True)),
                name="case_closed_has_date",
            ),
            models.CheckConstraint(  # only a police statement may be about someone not in the register
                condition=Q(consumer__isnull=False) | (Q(kind="police") & ~Q(party_name="")),
                name="case_party_known",
            ),
        ]

    def __str__(self) -> str:
        return f"Дело № {self.pk}: {self.get_kind_display()}, {self.debtor_name}"

    @property
    def debtor_name(self) -> str:
        """The consumer of the register, or the person a police statement names from the act."""
        return self.consumer.name if self.consumer_id else self.party_name

    @property
    def is_open(self) -> bool:
        return self.stage != self.Stage.CLOSED

    @property
    def is_police(self) -> bool:
        """A police statement: no claim, court or amounts of a debt, its own registration (КУСП)."""
        return self.kind == self.Kind.POLICE

    @property
    def goes_to_court(self) -> bool:
        return self.kind in self.COURT_KINDS

    @property
    def claim_amount(self) -> Decimal:
        """The price of the claim: principal and penalty."""
        return self.principal + self.penalty

    @classmethod
    def documents_visible_to(cls, user) -> models.QuerySet:
        """The cases whose archived documents ``user`` may open (``documents.access``)."""
        from .selectors import cases_visible_to

        return cases_visible_to(user)

    def clean(self):
        if self.contract_id and self.consumer_id and self.contract.consumer_id != self.consumer_id:
            raise ValidationError({"contract": "Договор принадлежит другому абоненту"})
        if self.court_id and self.goes_to_court:
            allowed = court_route.ROUTES[self.kind].courts
            if self.court.kind not in allowed:
                raise ValidationError({"court": f"{self.court.name} — {self.court.get_kind_display().lower()}: "
                                                f"дело вида «{self.get_kind_display()}» туда не подается"})


class CaseDebt(models.Model):
    """A debt (an obligation of a contract for a month) covered by a case; ``active`` while the
    case is open — a debt is in one open case at most."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="case_debts", verbose_name="дело")
    debt = models.ForeignKey(Debt, on_delete=models.PROTECT, related_name="case_links", verbose_name="задолженность")
    active = models.BooleanField("дело открыто", default=True)

    class Meta:
        verbose_name = "задолженность в деле"
        verbose_name_plural = "задолженности в деле"
        ordering = ["debt__due_date", "debt_id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "debt"], name="casedebt_unique_case_debt"),
            models.UniqueConstraint(fields=["debt"], condition=Q(active=True), name="casedebt_one_open_case"),
        ]

    def __str__(self) -> str:
        return f"{self.debt} в деле № {self.case_id}"


class Hearing(models.Model):
    """A court hearing of a case."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="hearings", verbose_name="дело")
    starts_at = models.DateTimeField("дата и время")
    place = models.CharField("место (зал)", max_length=300, blank=True)
    result = models.TextField("результат", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name="внес")

    class Meta:
        verbose_name = "судебное заседание"
        verbose_name_plural = "судебные заседания"
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return f"Заседание {self.starts_at:%d.%m.%Y %H:%M} по делу № {self.case_id}"


class Judgment(models.Model):
    """The court's decision (or court order) with the amounts awarded — kept beside the ledger's."""

    class Kind(models.TextChoices):
        DECISION = "decision", "Решение"
        COURT_ORDER = "court_order", "Судебный приказ"

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="judgment", verbose_name="дело")
    kind = models.CharField("вид", max_length=20, choices=Kind.choices)
    decided_on = models.DateField("дата")
    principal_awarded = models.DecimalField("взыскан основной долг, ₽", default=ZERO, **MONEY)
    penalty_awarded = models.DecimalField("взысканы пени, ₽", default=ZERO, **MONEY)
    duty_awarded = models.DecimalField("взыскана госпошлина, ₽", default=ZERO, **MONEY)
    enters_into_force = models.DateField("вступает в силу", null=True, blank=True)
    note = models.TextField("примечание", blank=True)

    class Meta:
        verbose_name = "решение суда"
        verbose_name_plural = "решения суда"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} от {self.decided_on:%d.%m.%Y} по делу № {self.case_id}"

    @property
    def total_awarded(self) -> Decimal:
        return self.principal_awarded + self.penalty_awarded + self.duty_awarded

    def clean(self):
        if self.enters_into_force and self.decided_on and self.enters_into_force < self.decided_on:
            raise ValidationError({"enters_into_force": "Дата вступления в силу раньше даты решения"})


class Writ(models.Model):
    """A writ of execution (исполнительный лист) issued on the judgment."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="writs", verbose_name="дело")
    number = models.CharField("серия и номер", max_length=100)
    issued_on = models.DateField("дата выдачи")
    issued_by = models.CharField("выдан", max_length=300)

    class Meta:
        verbose_name = "исполнительный лист"
        verbose_name_plural = "исполнительные листы"
        ordering = ["issued_on", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="writ_unique_case_number")]

    def __str__(self) -> str:
        return f"Исполнительный лист {self.number} от {self.issued_on:%d.%m.%Y}"


class EnforcementPayment(models.Model):
    """Money received under the judgment or the writ."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="enforcement_payments", verbose_name="дело")
    paid_on = models.DateField("дата")
    amount = models.DecimalField("сумма, ₽", **POSITIVE)
    document = models.CharField("платежный документ", max_length=300)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="внес")

    class Meta:
        verbose_name = "поступление по исполнению"
        verbose_name_plural = "поступления по исполнению"
        ordering = ["paid_on", "id"]

    def __str__(self) -> str:
        return f"{self.amount} ₽ от {self.paid_on:%d.%m.%Y} ({self.document})"


class CaseDocument(models.Model):
    """A document of a case: an archived one (issued by the system) linked, or a file uploaded
    into the archive (``storage_name``, its SHA-256, never overwritten)."""

    class Kind(models.TextChoices):
        CLAIM = "claim", "Претензия"
        PENALTY_STATEMENT = "penalty_statement", "Расчет задолженности и пени"
        COURT_APPLICATION = "court_application", "Заявление о выдаче судебного приказа"
        STATEMENT_OF_CLAIM = "statement_of_claim", "Исковое заявление"
        POLICE_STATEMENT = "police_statement", "Заявление в полицию"
        CONTRACT = "contract", "Договор теплоснабжения"
        INVOICE = "invoice", "Счет, УПД"
        RECONCILIATION = "reconciliation", "Акт сверки"
        ACT = "act", "Акт"
        CALCULATION = "calculation", "Расчет"
        PHOTO = "photo", "Фотоматериалы"
        REGISTER_EXTRACT = "register_extract", "Выписка из ЕГРЮЛ/ЕГРИП/ЕГРН"
        POWER_OF_ATTORNEY = "power_of_attorney", "Доверенность"
        DUTY_PAYMENT = "duty_payment", "Платежное поручение об уплате госпошлины"
        POSTAL_RECEIPT = "postal_receipt", "Почтовая квитанция"
        POSTAL_LIST = "postal_list", "Опись вложения (форма 107)"
        COPY_DISPATCH = "copy_dispatch", "Доказательство направления должнику копии заявления"
        LAW_DIPLOMA = "law_diploma", "Диплом представителя о высшем юридическом образовании"
        COURT_RULING = "court_ruling", "Определение суда"
        JUDGMENT = "judgment", "Решение суда, судебный приказ"
        WRIT = "writ", "Исполнительный лист"
        POLICE_ANSWER = "police_answer", "Ответ полиции"
        OTHER = "other", "Иной документ"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents", verbose_name="дело")
    kind = models.CharField("вид", max_length=30, choices=Kind.choices)
    title = models.CharField("наименование", max_length=300)
    archived = models.ForeignKey("documents.ArchivedDocument", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="case_links", verbose_name="документ архива")
    storage_name = models.CharField("файл в архиве", max_length=300, null=True, blank=True, unique=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    size = models.PositiveBigIntegerField("размер, байт", null=True, blank=True)
    content_type = models.CharField("тип содержимого", max_length=100, blank=True)
    original_name = models.CharField("имя файла", max_length=255, blank=True)
    is_original = models.BooleanField("оригинал", default=False, help_text="в перечне приложений: оригинал или копия")
    copies = models.PositiveSmallIntegerField("экземпляров", default=1)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name="добавил")
    added_at = models.DateTimeField("добавлен", auto_now_add=True)

    class Meta:
        verbose_name = "документ дела"
        verbose_name_plural = "документы дела"
        ordering = ["added_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(archived__isnull=False) & Q(storage_name__isnull=True))
                | (Q(archived__isnull=True) & Q(storage_name__isnull=False)),
                name="casedocument_archived_or_uploaded",
            ),
            models.UniqueConstraint(fields=["case", "archived"], name="casedocument_unique_archived"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def uploaded(self) -> bool:
        return self.storage_name is not None


class CasePackage(models.Model):
    """A built version of the case's package for the court (or the police): the one PDF with
    the inventory, the ZIP of the originals and the parts for e-filing, stored in the archive
    with their SHA-256 (``casefiles.package.stored_package``). A rebuild is a new version."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="packages", verbose_name="дело")
    version = models.PositiveIntegerField("версия")
    route = models.CharField("перечень по виду обращения", max_length=40)
    title = models.CharField("наименование", max_length=300)
    pdf_name = models.CharField("PDF в архиве", max_length=300, unique=True)
    pdf_sha256 = models.CharField("SHA-256 PDF", max_length=64)
    pdf_size = models.PositiveBigIntegerField("размер PDF, байт")
    zip_name = models.CharField("ZIP в архиве", max_length=300, unique=True)
    zip_sha256 = models.CharField("SHA-256 ZIP", max_length=64)
    zip_size = models.PositiveBigIntegerField("размер ZIP, байт")
    parts = models.JSONField("части для подачи в электронном виде", default=list,
                             help_text="имя файла в архиве, SHA-256, размер, страницы, документы")
    page_count = models.PositiveIntegerField("листов")
    entries = models.JSONField("перечень приложений", default=list)
    documents = models.ManyToManyField(CaseDocument, related_name="packages", verbose_name="документы дела")
    built_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name="сформировал")
    built_at = models.DateTimeField("сформирован", auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="утвердил")
    approved_at = models.DateTimeField("утвержден", null=True, blank=True)
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="вернул на доработку")
    returned_at = models.DateTimeField("возвращен на доработку", null=True, blank=True)
    return_comment = models.TextField("что исправить", blank=True)

    class Meta:
        verbose_name = "пакет документов дела"
        verbose_name_plural = "пакеты документов дела"
        ordering = ["case", "-version"]
        constraints = [models.UniqueConstraint(fields=["case", "version"], name="casepackage_unique_case_version")]

    def __str__(self) -> str:
        return f"Пакет документов по делу № {self.case_id}, версия {self.version}"


class DebtAcknowledgement(models.Model):
    """The debtor acknowledged a debt (ГК РФ ст. 203): a signed reconciliation act, or a
    partial payment made acknowledging it. Moves the debt's limitation date."""

    class Kind(models.TextChoices):
        RECONCILIATION = limitation_rule.RECONCILIATION, "Подписанный акт сверки"
        PARTIAL_PAYMENT = limitation_rule.PARTIAL_PAYMENT, "Частичная оплата с признанием долга"

    debt = models.ForeignKey(Debt, on_delete=models.PROTECT, related_name="acknowledgements", verbose_name="задолженность")
    kind = models.CharField("вид", max_length=20, choices=Kind.choices)
    acknowledged_on = models.DateField("дата признания")
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name="платеж")
    basis = models.CharField("документ-основание", max_length=300)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="внес")
    recorded_at = models.DateTimeField("внесено", auto_now_add=True)

    class Meta:
        verbose_name = "признание долга"
        verbose_name_plural = "признания долга"
        ordering = ["debt", "acknowledged_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} от {self.acknowledged_on:%d.%m.%Y}"

    def clean(self):
        if self.kind == self.Kind.PARTIAL_PAYMENT and not self.payment_id:
            raise ValidationError({"payment": "Укажите платеж, которым долг признан"})
        if self.payment_id and self.debt_id and self.payment.contract_id != self.debt.contract_id:
            raise ValidationError({"payment": "Платеж по другому договору"})
