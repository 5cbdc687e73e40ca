"""Metering units, their commercial status history, device catalogue, devices and seals."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class UnitPurpose(models.TextChoices):
    HEATING = "heating", "Отопление и вентиляция"
    HOT_WATER = "hot_water", "Горячее водоснабжение"
    BOTH = "both", "Отопление, вентиляция и ГВС"


class UnitStatus(models.TextChoices):
    NOT_COMMISSIONED = "not_commissioned", "Не введен в эксплуатацию"
    COMMERCIAL = "commercial", "Коммерческий учет"
    FAULTY = "faulty", "Неисправен (расчетный способ)"
    DECOMMISSIONED = "decommissioned", "Выведен из эксплуатации"


class MeteringUnit(models.Model):
    """A metering unit (узел учета) at a heated object's connection point.

    ``status``/``status_since`` repeat the last row of the unit's status history
    (:class:`UnitStatusChange`) for lists and filters; only
    ``metering.services.unit_status_change`` writes either.
    """

    number = models.CharField("номер узла учета", max_length=30, unique=True)
    heated_object = models.ForeignKey(
        "subscribers.HeatedObject", on_delete=models.PROTECT, related_name="metering_units",
        verbose_name="объект",
    )
    location = models.CharField("точка учета (место установки)", max_length=300)
    purpose = models.CharField("что учитывает", max_length=20, choices=UnitPurpose.choices)
    is_open_system = models.BooleanField(
        "открытая система ГВС", default=False,
        help_text="водоразбор из тепловой сети: M1 − M2 — это расход на ГВС, а не утечка",
    )
    design_code = models.CharField("шифр проекта", max_length=100, blank=True)
    design_approved_on = models.DateField("проект согласован", null=True, blank=True)
    installer = models.CharField("монтажная организация", max_length=300, blank=True)
    status = models.CharField(
        "коммерческий статус", max_length=20, choices=UnitStatus.choices,
        default=UnitStatus.NOT_COMMISSIONED, db_index=True, editable=False,
    )
    status_since = models.DateField("статус с", null=True, blank=True, editable=False)
    commissioned_on = models.DateField("введен в эксплуатацию", null=True, blank=True)
    admitted_until = models.DateField("допущен к коммерческому учету до", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "узел учета"
        verbose_name_plural = "узлы учета"
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} — {self.location}"

    @property
    def meters_heating(self) -> bool:
        return self.purpose in (UnitPurpose.HEATING, UnitPurpose.BOTH)

    @property
    def meters_hot_water(self) -> bool:
        return self.purpose in (UnitPurpose.HOT_WATER, UnitPurpose.BOTH)

    def clean(self):
        if self.commissioned_on and self.admitted_until and self.admitted_until < self.commissioned_on:
            raise ValidationError({"admitted_until": "Дата допуска раньше даты ввода в эксплуатацию"})


class UnitStatusChange(models.Model):
    """One step of a unit's commercial status history: ``status`` holds from ``effective_from``
    until the next step's ``effective_from`` (exclusive).

    Rows are only appended. Two steps on the same day are ordered by id: the later one holds.
    """

    unit = models.ForeignKey(
        MeteringUnit, on_delete=models.CASCADE, related_name="status_changes", verbose_name="узел учета"
    )
    status = models.CharField("статус", max_length=20, choices=UnitStatus.choices)
    effective_from = models.DateField("действует с")
    reason = models.TextField("причина", blank=True)
    basis = models.CharField("основание (документ)", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="кто внес",
    )
    recorded_at = models.DateTimeField("когда внесено", default=timezone.now)

    class Meta:
        verbose_name = "изменение статуса узла учета"
        verbose_name_plural = "история статусов узлов учета"
        ordering = ["unit", "effective_from", "id"]
        indexes = [models.Index(fields=["unit", "effective_from"])]

    def __str__(self) -> str:
        return f"{self.unit.number}: {self.get_status_display()} с {self.effective_from:%d.%m.%Y}"

    def clean(self):
        if self.status == UnitStatus.FAULTY and not self.reason.strip():
            raise ValidationError({"reason": "Укажите причину неисправности узла учета"})


class DeviceKind(models.TextChoices):
    HEAT_CALCULATOR = "heat_calculator", "Тепловычислитель"
    FLOW_METER = "flow_meter", "Расходомер"
    THERMOMETER_PAIR = "thermometer_pair", "Комплект термопреобразователей"
    PRESSURE_SENSOR = "pressure_sensor", "Датчик давления"


class DeviceModel(models.Model):
    """A device type from the state register (ФИФ ОЕИ) with its verification interval.

    The interval comes from the type approval of each model (102-ФЗ ст. 13, ФГИС «Аршин»), never
    from a constant.
    """

    kind = models.CharField("вид", max_length=20, choices=DeviceKind.choices)
    name = models.CharField("модель", max_length=200)
    manufacturer = models.CharField("изготовитель", max_length=300)
    register_number = models.CharField("№ в госреестре СИ (ФИФ ОЕИ)", max_length=30)
    verification_interval_years = models.PositiveSmallIntegerField(
        "межповерочный интервал, лет", validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "модель прибора учета"
        verbose_name_plural = "модели приборов учета"
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "register_number"], name="devicemodel_unique_name_register",
                violation_error_message="Модель с таким наименованием и номером госреестра уже есть в каталоге",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.register_number})"


def add_years(day: date, years: int) -> date:
    """``day`` moved by whole years; 29 February becomes 28 February in a common year."""
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def next_verification_date(verified_on: date, interval_years: int) -> date:
    """The date the next verification is due: the verification date plus the interval.

    The result of a verification holds through the day before (ФГИС «Аршин» shows it as
    «действительна до»), so a unit metered by the device is faulty from this date on ❓
    (docs/law.md, "Commercial metering and verification").
    """
    return add_years(verified_on, interval_years)


class Device(models.Model):
    """A device (прибор учета) — installed in a unit or in stock — and its verification."""

    device_model = models.ForeignKey(
        DeviceModel, on_delete=models.PROTECT, related_name="devices", verbose_name="модель"
    )
    serial_number = models.CharField("заводской №", max_length=50)
    unit = models.ForeignKey(
        MeteringUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="devices",
        verbose_name="узел учета",
    )
    diameter_mm = models.PositiveSmallIntegerField("Ду, мм", null=True, blank=True)
    measuring_range = models.CharField("диапазон измерений", max_length=100, blank=True)
    verified_on = models.DateField("дата последней поверки")
    next_verification_on = models.DateField(
        "дата следующей поверки", editable=False,
        help_text="дата поверки + межповерочный интервал модели; поверка действительна по предыдущий день",
    )
    arshin_record = models.CharField("№ записи во ФГИС «Аршин»", max_length=50, blank=True)
    installed_on = models.DateField("установлен", null=True, blank=True)
    removed_on = models.DateField("снят", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "прибор учета"
        verbose_name_plural = "приборы учета"
        ordering = ["device_model__kind", "serial_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["device_model", "serial_number"], name="device_unique_model_serial",
                violation_error_message="Прибор этой модели с таким заводским номером уже зарегистрирован",
            ),
        ]
        indexes = [models.Index(fields=["next_verification_on"])]

    def __str__(self) -> str:
        return f"{self.device_model.name} № {self.serial_number}"

    def save(self, *args, **kwargs):
        if self.verified_on and self.device_model_id:
            self.compute_next_verification()
        super().save(*args, **kwargs)

    @property
    def verification_valid_until(self) -> date:
        return self.next_verification_on - timedelta(days=1)

    def compute_next_verification(self) -> None:
        self.next_verification_on = next_verification_date(
            self.verified_on, self.device_model.verification_interval_years
        )

    def is_expired_on(self, day: date) -> bool:
        return day >= self.next_verification_on

    def is_installed_on(self, day: date) -> bool:
        return (
            self.unit_id is not None
            and self.installed_on is not None
            and self.installed_on <= day
            and (self.removed_on is None or day < self.removed_on)
        )

    def clean(self):
        errors = {}
        today = timezone.localdate()
        if self.verified_on and self.verified_on > today:
            errors["verified_on"] = f"Дата поверки {self.verified_on:%d.%m.%Y} в будущем"
        if self.unit_id and not self.installed_on:
            errors["installed_on"] = "Укажите дату установки прибора на узел учета"
        if self.installed_on and self.removed_on and self.removed_on < self.installed_on:
            errors["removed_on"] = "Дата снятия раньше даты установки"
        if errors:
            raise ValidationError(errors)


class Seal(models.Model):
    """A numbered seal set by the supplier on a unit (or one of its devices).

    A seal number is unique among seals in place; a removed seal's number may be reused.
    """

    number = models.CharField("номер пломбы", max_length=50)
    unit = models.ForeignKey(MeteringUnit, on_delete=models.PROTECT, related_name="seals", verbose_name="узел учета")
    device = models.ForeignKey(
        Device, on_delete=models.PROTECT, null=True, blank=True, related_name="seals", verbose_name="прибор"
    )
    place = models.CharField("место установки", max_length=300)
    set_on = models.DateField("установлена")
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="кто установил",
    )
    removed_on = models.DateField("снята", null=True, blank=True)
    removal_reason = models.CharField("причина снятия", max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "пломба"
        verbose_name_plural = "пломбы"
        ordering = ["unit", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=models.Q(removed_on__isnull=True), name="seal_unique_active_number",
                violation_error_message="Пломба с таким номером уже установлена",
            ),
        ]

    def __str__(self) -> str:
        return f"№ {self.number} ({self.place})"

    @property
    def is_active(self) -> bool:
        return self.removed_on is None

    def clean(self):
        errors = {}
        if self.removed_on and self.set_on and self.removed_on < self.set_on:
            errors["removed_on"] = "Дата снятия пломбы раньше даты установки"
        if self.removed_on and not self.removal_reason.strip():
            errors["removal_reason"] = "Укажите причину снятия пломбы"
        if self.device_id and self.unit_id and self.device.unit_id != self.unit_id:
            errors["device"] = "Прибор не установлен на этом узле учета"
        if errors:
            raise ValidationError(errors)
