"""Interruptions of heat supply: planned (announced in advance) or emergency, the objects
affected, the act's signatures, and the legal lead time of a planned interruption's notice.

Times (stop, localisation, restoration) are written only from the dispatch log
(``supply.services.interruptions.interruption_log``), never typed into the act."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from reference.models import DatedRule


class InterruptionNoticeTerm(DatedRule):
    """How many days before a planned interruption the affected consumers are notified."""

    days = models.PositiveSmallIntegerField("уведомить не позднее чем за, календарных дней")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "срок уведомления о плановом перерыве"
        verbose_name_plural = "сроки уведомления о плановых перерывах"
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"за {self.days} дн. с {self.valid_from:%d.%m.%Y}"

    def clean(self):
        errors: dict = {}
        self._check_dates(errors)
        self._check_overlap(errors, InterruptionNoticeTerm.objects.all(), "срок уведомления")
        if errors:
            raise ValidationError(errors)


class Interruption(models.Model):
    class Kind(models.TextChoices):
        PLANNED = "planned", "Плановый"
        EMERGENCY = "emergency", "Аварийный"

    class Service(models.TextChoices):
        HEATING = "heating", "Отопление"
        HOT_WATER = "hot_water", "Горячее водоснабжение"

    class FaultSide(models.TextChoices):
        SUPPLIER = "supplier", "Сети теплоснабжающей (теплосетевой) организации"
        CONSUMER = "consumer", "Сети потребителя (за границей балансовой принадлежности)"

    class Status(models.TextChoices):
        REGISTERED = "registered", "Зарегистрирован"
        NOTIFIED = "notified", "Потребители уведомлены"
        STOPPED = "stopped", "Подача прекращена"
        LOCALISED = "localised", "Неисправность локализована"
        RESTORED = "restored", "Подача восстановлена"
        ACT_ISSUED = "act_issued", "Акт выпущен"
        SIGNED = "signed", "Акт подписан"
        APPROVED = "approved", "Акт утвержден"
        RECALCULATED = "recalculated", "Перерасчет поставлен"
        NO_RECALCULATION = "no_recalculation", "Без перерасчета (сторона потребителя)"

    kind = models.CharField("вид перерыва", max_length=20, choices=Kind.choices)
    service = models.CharField("услуга", max_length=20, choices=Service.choices, default=Service.HEATING)
    section = models.ForeignKey(
        "subscribers.NetworkSection", on_delete=models.PROTECT, related_name="interruptions", verbose_name="участок сети"
    )
    cause = models.TextField("причина")
    planned_from = models.DateTimeField("плановое начало", null=True, blank=True)
    planned_to = models.DateTimeField("плановое окончание", null=True, blank=True)
    stopped_at = models.DateTimeField("прекращение подачи", null=True, blank=True)
    localised_at = models.DateTimeField("локализация неисправности", null=True, blank=True)
    restored_at = models.DateTimeField("восстановление подачи", null=True, blank=True)
    notice_sent_on = models.DateField("уведомления отправлены", null=True, blank=True)
    fault_side = models.CharField(
        "неисправность на стороне", max_length=20, choices=FaultSide.choices, default=FaultSide.SUPPLIER
    )
    faulty_section = models.CharField("неисправный участок", max_length=300, blank=True)
    faulty_section_owner = models.CharField("владелец неисправного участка (акт разграничения)", max_length=300,
                                            blank=True)
    outdoor_temperature = models.DecimalField("температура наружного воздуха, °C", max_digits=4, decimal_places=1,
                                              null=True, blank=True)
    act = models.ForeignKey(
        "documents.ArchivedDocument", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="акт",
    )
    status = models.CharField("состояние", max_length=20, choices=Status.choices, default=Status.REGISTERED)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="утвердил",
    )
    approved_at = models.DateTimeField("утвержден", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="зарегистрировал"
    )
    created_at = models.DateTimeField("зарегистрирован", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "перерыв теплоснабжения"
        verbose_name_plural = "перерывы теплоснабжения"
        ordering = ["-pk"]
        permissions = [
            ("register_interruption", "Регистрировать перерывы и вести журнал диспетчера"),
            ("issue_interruption_act", "Выпускать акты о прекращении подачи"),
            ("approve_interruption_act", "Утверждать акты о прекращении подачи"),
            ("view_interruption_report", "Видеть отчет о перерывах теплоснабжения"),
        ]

    def __str__(self) -> str:
        return f"Перерыв № {self.number} ({self.get_kind_display().lower()}), {self.section.name}"

    @property
    def number(self) -> str:
        return f"{self.pk or 0:04d}"

    @property
    def is_planned(self) -> bool:
        return self.kind == self.Kind.PLANNED

    @property
    def on_consumer_side(self) -> bool:
        return self.fault_side == self.FaultSide.CONSUMER


class AffectedObject(models.Model):
    """An object the interruption reached: computed from the section and below, edited with a reason."""

    interruption = models.ForeignKey(Interruption, on_delete=models.CASCADE, related_name="affected",
                                     verbose_name="перерыв")
    heated_object = models.ForeignKey("subscribers.HeatedObject", on_delete=models.PROTECT, related_name="+",
                                      verbose_name="объект")
    load_gcal_h = models.DecimalField("нагрузка, Гкал/ч", max_digits=12, decimal_places=6, default=Decimal("0"),
                                      validators=[MinValueValidator(Decimal("0"))])
    included = models.BooleanField("затронут", default=True)
    reason = models.CharField("основание изменения состава", max_length=500, blank=True,
                              help_text="пусто — объект найден по участку сети")
    notified_at = models.DateTimeField("потребитель уведомлен", null=True, blank=True)
    notice = models.ForeignKey("documents.ArchivedDocument", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name="уведомление")
    reading_at_stop = models.CharField("показания при прекращении", max_length=200, blank=True)
    reading_at_restart = models.CharField("показания при возобновлении", max_length=200, blank=True)

    class Meta:
        verbose_name = "затронутый объект"
        verbose_name_plural = "затронутые объекты"
        ordering = ["heated_object__code"]
        constraints = [
            models.UniqueConstraint(fields=["interruption", "heated_object"], name="affected_once"),
        ]

    def __str__(self) -> str:
        return str(self.heated_object)


class ActSignature(models.Model):
    """A party's signature of the interruption act, or its refusal noted."""

    class Party(models.TextChoices):
        SUPPLIER = "supplier", "Теплоснабжающая организация"
        NETWORK = "network", "Теплосетевая организация"
        CONSUMER = "consumer", "Потребитель (управляющая организация)"

    interruption = models.ForeignKey(Interruption, on_delete=models.CASCADE, related_name="signatures",
                                     verbose_name="перерыв")
    party = models.CharField("сторона", max_length=20, choices=Party.choices)
    organization = models.CharField("организация", max_length=500)
    name = models.CharField("представитель (ФИО, должность)", max_length=300)
    signed = models.BooleanField("подписал", default=True)
    refusal = models.CharField("отказ от подписи: причина", max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="записал")

    class Meta:
        verbose_name = "подпись акта"
        verbose_name_plural = "подписи акта"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_party_display()}: {self.name}"
