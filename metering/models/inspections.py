"""Commissioning applications, inspections of units (commissioning and periodic) with their
checklists, commission members and seals, and verification notices.

The flows in ``workflows/commissioning.py`` and ``workflows/periodic_check.py`` point to
these rows; every change goes through ``metering.services.inspections``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.wording import without_confidence_marks
from documents.formatting import person_full

from .readings import TOTAL
from .units import Device, MeteringUnit


class InspectionKind(models.TextChoices):
    COMMISSIONING = "commissioning", "Ввод в эксплуатацию"
    PERIODIC = "periodic", "Периодическая проверка"


class ChecklistItemDefinition(models.Model):
    """A line of the inspection checklist and the rule it checks (ПП РФ № 1034).

    Reference data: the rules' paragraph numbers are to be confirmed by the legal staff, so
    they are rows administrators edit, not code.
    """

    kind = models.CharField("вид осмотра", max_length=20, choices=InspectionKind.choices)
    code = models.CharField("код", max_length=50)
    title = models.CharField("что проверяется", max_length=300)
    rule = models.CharField("требование (норма)", max_length=300)
    order = models.PositiveSmallIntegerField("порядок", default=0)
    is_active = models.BooleanField("применяется", default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "пункт проверки узла учета"
        verbose_name_plural = "пункты проверки узлов учета"
        ordering = ["kind", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="checklistitem_unique_code")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # the rule is printed in acts as is: a working note's confidence mark is never stored
        self.rule = without_confidence_marks(self.rule)
        super().save(*args, **kwargs)


class CommissioningRequest(models.Model):
    """A consumer's application to commission a metering unit, with its documents."""

    class Status(models.TextChoices):
        OPEN = "open", "В работе"
        COMMISSIONED = "commissioned", "Узел учета введен"
        CANCELED = "canceled", "Отозвана"

    class Kind(models.TextChoices):
        INITIAL = "initial", "Первичный ввод"
        AFTER_REPLACEMENT = "after_replacement", "После замены"

    unit = models.ForeignKey(
        MeteringUnit, on_delete=models.PROTECT, related_name="commissioning_requests", verbose_name="узел учета"
    )
    kind = models.CharField(
        "вид ввода", max_length=20, choices=Kind.choices, default=Kind.INITIAL,
        help_text="после замены — повторный ввод узла учета после замены прибора",
    )
    incoming_number = models.CharField("входящий №", max_length=50)
    received_on = models.DateField("дата поступления")
    contact = models.CharField("контактное лицо, телефон", max_length=300, blank=True)
    status = models.CharField("состояние", max_length=20, choices=Status.choices, default=Status.OPEN)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="зарегистрировал"
    )
    registered_at = models.DateTimeField("зарегистрирована", default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "заявка на ввод узла учета"
        verbose_name_plural = "заявки на ввод узлов учета"
        ordering = ["-received_on", "-id"]
        permissions = [
            ("register_commissioning", "Может регистрировать заявки на ввод узлов учета"),
        ]

    def __str__(self) -> str:
        return f"Заявка № {self.incoming_number} от {self.received_on:%d.%m.%Y} ({self.unit.number})"

    @property
    def current_inspection(self) -> Inspection | None:
        return self.inspections.order_by("-round").first()


class RequestDocument(models.Model):
    """A document attached to a commissioning application (ПП РФ № 1034 пп. 61–73 ❓)."""

    class Kind(models.TextChoices):
        SCHEMATIC = "schematic", "Принципиальная схема подключения"
        DESIGN = "design", "Проект узла учета, согласованный с теплоснабжающей организацией"
        PASSPORT = "passport", "Паспорт узла учета"
        VERIFICATION = "verification", "Сведения о поверке приборов (ФГИС «Аршин»)"
        SETTINGS_DB = "settings_db", "База данных настроечных параметров"
        SEALING_DIAGRAM = "sealing_diagram", "Схема пломбирования"
        OPERATION_LOG = "operation_log", "Распечатка архива показаний (3 суток, с ГВС — 7)"

    # «…: получена»: the participle agrees with each document's name in gender and number
    RECEIVED = {
        Kind.SCHEMATIC: "получена",
        Kind.DESIGN: "получен",
        Kind.PASSPORT: "получен",
        Kind.VERIFICATION: "получены",
        Kind.SETTINGS_DB: "получена",
        Kind.SEALING_DIAGRAM: "получена",
        Kind.OPERATION_LOG: "получена",
    }

    request = models.ForeignKey(
        CommissioningRequest, on_delete=models.CASCADE, related_name="documents", verbose_name="заявка"
    )
    kind = models.CharField("документ", max_length=20, choices=Kind.choices)
    file = models.FileField("файл", upload_to="metering/requests/%Y/", blank=True)
    note = models.CharField("примечание", max_length=300, blank=True)

    class Meta:
        verbose_name = "документ заявки"
        verbose_name_plural = "документы заявки"
        ordering = ["request", "kind"]
        constraints = [models.UniqueConstraint(fields=["request", "kind"], name="requestdocument_unique_kind")]

    def __str__(self) -> str:
        return self.get_kind_display()


class PeriodicCheckCampaign(models.Model):
    """A manager's bulk run of periodic checks before a heating season."""

    season = models.PositiveSmallIntegerField("отопительный период (год начала)")
    network_section = models.ForeignKey(
        "subscribers.NetworkSection", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="участок сети", help_text="пусто — все узлы учета",
    )
    deadline = models.DateField("провести до")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField("начата", default=timezone.now)

    class Meta:
        verbose_name = "кампания периодических проверок"
        verbose_name_plural = "кампании периодических проверок"
        ordering = ["-started_at"]
        permissions = [("plan_periodic_checks", "Может запускать периодические проверки узлов учета")]

    def __str__(self) -> str:
        where = str(self.network_section) if self.network_section else "все узлы"
        return f"Проверки {self.season}/{self.season + 1}: {where}"


class Inspection(models.Model):
    """One visit of a commission to a unit: what it checked, found, measured and sealed."""

    class Result(models.TextChoices):
        PENDING = "pending", "Не проведен"
        PASSED = "passed", "Соответствует"
        DEFECTS = "defects", "Выявлены недостатки"

    kind = models.CharField("вид", max_length=20, choices=InspectionKind.choices)
    unit = models.ForeignKey(MeteringUnit, on_delete=models.PROTECT, related_name="inspections", verbose_name="узел учета")
    request = models.ForeignKey(
        CommissioningRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="inspections",
        verbose_name="заявка",
    )
    campaign = models.ForeignKey(
        PeriodicCheckCampaign, on_delete=models.PROTECT, null=True, blank=True, related_name="inspections",
        verbose_name="кампания",
    )
    round = models.PositiveSmallIntegerField("осмотр №", default=1)
    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="техник",
    )
    scheduled_on = models.DateField("назначен на", null=True, blank=True)
    inspected_on = models.DateField("дата осмотра", null=True, blank=True)
    place = models.CharField("место составления акта", max_length=300, blank=True)
    result = models.CharField("результат", max_length=20, choices=Result.choices, default=Result.PENDING)
    q_total = models.DecimalField("Q, Гкал (нарастающим итогом)", **TOTAL)
    m1_total = models.DecimalField("M1, т", **TOTAL)
    m2_total = models.DecimalField("M2, т", **TOTAL)
    v1_total = models.DecimalField("V1, м³", **TOTAL)
    operating_hours = models.DecimalField("время работы, ч", **TOTAL)
    cold_water_temperature = models.DecimalField(
        "температура холодной воды в настройках, °C", max_digits=4, decimal_places=1, null=True, blank=True
    )
    settings_note = models.CharField("прочие настройки (отсечки расхода, часы)", max_length=300, blank=True)
    admitted_until = models.DateField("допущен к учету до", null=True, blank=True)
    act = models.ForeignKey(
        "documents.ArchivedDocument", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="акт",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="утвердил",
    )
    approved_at = models.DateTimeField("утвержден", null=True, blank=True)
    fix_reported_on = models.DateField("абонент сообщил об устранении", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "осмотр узла учета"
        verbose_name_plural = "осмотры узлов учета"
        ordering = ["unit", "-id"]
        permissions = [
            ("assign_inspection", "Может назначать техника и дату осмотра"),
            ("perform_inspection", "Может проводить осмотр узла учета"),
            ("approve_inspection_act", "Может утверждать акты осмотра узлов учета"),
        ]

    def __str__(self) -> str:
        when = f" {self.inspected_on:%d.%m.%Y}" if self.inspected_on else ""
        return f"{self.get_kind_display()} {self.unit.number}{when} (осмотр № {self.round})"

    @property
    def defects(self):
        return self.items.filter(conforms=False)


class InspectionItem(models.Model):
    """One checklist line of an inspection: conforms, or a defect with the rule and the deadline."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="items", verbose_name="осмотр")
    code = models.CharField("код", max_length=50)
    title = models.CharField("что проверяется", max_length=300)
    rule = models.CharField("требование (норма)", max_length=300)
    order = models.PositiveSmallIntegerField("порядок", default=0)
    conforms = models.BooleanField("соответствует", null=True)
    defect = models.TextField("недостаток", blank=True)
    fix_deadline = models.DateField("срок устранения", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "пункт осмотра"
        verbose_name_plural = "пункты осмотра"
        ordering = ["inspection", "order", "id"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.rule = without_confidence_marks(self.rule)
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.conforms is False:
            if not self.defect.strip():
                errors["defect"] = f"«{self.title}»: опишите недостаток"
            if not self.fix_deadline:
                errors["fix_deadline"] = f"«{self.title}»: укажите срок устранения"
        if errors:
            raise ValidationError(errors)


class InspectionReturn(models.Model):
    """A manager returned the inspection's act for correction: the comment the technician
    sees, and the act returned (it stays in the archive; the corrected act replaces it)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="returns", verbose_name="осмотр")
    act = models.ForeignKey(
        "documents.ArchivedDocument", on_delete=models.PROTECT, related_name="+", verbose_name="возвращенный акт"
    )
    comment = models.TextField("что исправить")
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="вернул"
    )
    returned_at = models.DateTimeField("возвращен", default=timezone.now)

    class Meta:
        verbose_name = "возврат акта на исправление"
        verbose_name_plural = "возвраты актов на исправление"
        ordering = ["inspection", "-returned_at", "-id"]

    def __str__(self) -> str:
        return f"Возврат акта № {self.act.number}"


class InspectionPhoto(models.Model):
    item = models.ForeignKey(InspectionItem, on_delete=models.CASCADE, related_name="photos", verbose_name="пункт")
    image = models.FileField("фото", upload_to="metering/inspections/%Y/")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "фото осмотра"
        verbose_name_plural = "фото осмотра"

    def __str__(self) -> str:
        return f"Фото: {self.item}"


class CommissionMember(models.Model):
    """A member of the inspecting commission (ТСО, consumer, installer)."""

    class Side(models.TextChoices):
        SUPPLIER = "supplier", "Теплоснабжающая организация"
        CONSUMER = "consumer", "Потребитель"
        INSTALLER = "installer", "Монтажная организация"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="members", verbose_name="осмотр")
    side = models.CharField("сторона", max_length=20, choices=Side.choices)
    last_name = models.CharField("фамилия", max_length=100)
    first_name = models.CharField("имя", max_length=100)
    middle_name = models.CharField("отчество", max_length=100, blank=True)
    position = models.CharField("должность", max_length=200)
    organization = models.CharField("организация", max_length=300)
    authority = models.CharField("основание полномочий", max_length=200, blank=True)

    class Meta:
        verbose_name = "член комиссии"
        verbose_name_plural = "члены комиссии"
        ordering = ["inspection", "side", "id"]

    def __str__(self) -> str:
        return f"{self.position} {self.full_name} ({self.organization})"

    @property
    def full_name(self) -> str:
        return person_full(self.last_name, self.first_name, self.middle_name)


class InspectionSeal(models.Model):
    """A seal the commission sets (commissioning) or finds (periodic check)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="seals", verbose_name="осмотр")
    number = models.CharField("номер пломбы", max_length=50)
    place = models.CharField("место", max_length=300)
    device = models.ForeignKey(Device, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    intact = models.BooleanField("цела", null=True, help_text="для периодической проверки: пломба на месте и цела")

    class Meta:
        verbose_name = "пломба в акте"
        verbose_name_plural = "пломбы в акте"
        ordering = ["inspection", "id"]

    def __str__(self) -> str:
        return f"№ {self.number} ({self.place})"


class VerificationNotice(models.Model):
    """A notice to a consumer that devices' verification is due (уведомление о необходимости
    поверки), issued by the daily job; its lines say which device, due when, at which threshold."""

    consumer = models.ForeignKey(
        "subscribers.Consumer", on_delete=models.PROTECT, related_name="+", verbose_name="абонент"
    )
    issued_on = models.DateField("дата уведомления")
    document = models.ForeignKey(
        "documents.ArchivedDocument", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="уведомление",
    )
    delivered_on = models.DateField("вручено", null=True, blank=True)
    delivery_note = models.CharField("как вручено (почта, ЭДО, нарочно)", max_length=300, blank=True)

    class Meta:
        verbose_name = "уведомление о поверке"
        verbose_name_plural = "уведомления о поверке"
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        number = f"№ {self.document.number} " if self.document_id else ""
        return f"Уведомление {number}от {self.issued_on:%d.%m.%Y}: {self.consumer}"


class VerificationNoticeLine(models.Model):
    """One device of a notice. A device is noticed once per due date and threshold."""

    notice = models.ForeignKey(VerificationNotice, on_delete=models.CASCADE, related_name="lines")
    device = models.ForeignKey(Device, on_delete=models.PROTECT, related_name="notice_lines", verbose_name="прибор")
    due_on = models.DateField("поверка требуется с")
    threshold_days = models.PositiveSmallIntegerField("за сколько дней")

    class Meta:
        verbose_name = "прибор в уведомлении"
        verbose_name_plural = "приборы в уведомлении"
        ordering = ["notice", "device"]
        constraints = [
            models.UniqueConstraint(fields=["device", "due_on", "threshold_days"], name="verificationnotice_once"),
        ]

    def __str__(self) -> str:
        return f"{self.device}: поверка до {self.due_on:%d.%m.%Y} (за {self.threshold_days} дн.)"
