"""A breach of the quality of supply (ПП РФ № 354, прил. 1; docs/supply.md «Качество»): the
complaint (or a dispatcher's note, or a temperature below the source's schedule), the on-site
measurement with a verified thermometer, «Акт о нарушении качества», the manager's approval
and the recalculation it queues (billing ``Recalculation`` with source ``quality``, each
naming the case in ``basis``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

USER = settings.AUTH_USER_MODEL
TEMPERATURE = {"max_digits": 5, "decimal_places": 1}
PRESSURE = {"max_digits": 6, "decimal_places": 3}


class QualityCase(models.Model):
    class Source(models.TextChoices):
        COMPLAINT = "complaint", "Обращение потребителя"
        DISPATCHER = "dispatcher", "Запись диспетчера"
        SCHEDULE = "schedule", "Температура ниже температурного графика источника"

    class Service(models.TextChoices):
        HEATING = "heating", "Отопление"
        HOT_WATER = "hot_water", "Горячее водоснабжение"

    class Period(models.TextChoices):
        DAY = "day", "Дневное время (05–24 ч)"
        NIGHT = "night", "Ночное время (00–05 ч)"

    class Status(models.TextChoices):
        REGISTERED = "registered", "Зарегистрировано"
        MEASURED = "measured", "Замер записан"
        ISSUED = "issued", "Акт выпущен"
        RETURNED = "returned", "Акт возвращен на исправление"
        APPROVED = "approved", "Акт утвержден"

    heated_object = models.ForeignKey("subscribers.HeatedObject", on_delete=models.PROTECT, related_name="+",
                                      verbose_name="объект")
    source = models.CharField("источник", max_length=20, choices=Source.choices)
    service = models.CharField("услуга", max_length=20, choices=Service.choices)
    complaint_number = models.CharField("№ обращения в диспетчерской службе", max_length=50)
    complaint_at = models.DateTimeField("время обращения")
    complaint_text = models.TextField("суть обращения")
    reporter = models.CharField("кто обратился", max_length=300, blank=True)
    registered_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="зарегистрировал")
    registered_at = models.DateTimeField("зарегистрировано", default=timezone.now)
    # the measurement on site
    checked_at = models.DateTimeField("дата и время проверки", null=True, blank=True)
    participants = models.TextField("участники проверки", blank=True)
    thermometer_model = models.CharField("термометр: модель", max_length=200, blank=True)
    thermometer_number = models.CharField("термометр: заводской №", max_length=100, blank=True)
    thermometer_verified_on = models.DateField("термометр: дата поверки", null=True, blank=True)
    thermometer_valid_until = models.DateField("термометр: поверка действует до", null=True, blank=True)
    outdoor_c = models.DecimalField("температура наружного воздуха, °C", null=True, blank=True, **TEMPERATURE)
    supply_c = models.DecimalField("T1 на вводе, °C", null=True, blank=True, **TEMPERATURE)
    return_c = models.DecimalField("T2 на вводе, °C", null=True, blank=True, **TEMPERATURE)
    supply_pressure_mpa = models.DecimalField("P1 на вводе, МПа", null=True, blank=True, **PRESSURE)
    return_pressure_mpa = models.DecimalField("P2 на вводе, МПа", null=True, blank=True, **PRESSURE)
    norm_c = models.DecimalField("норматив, °C", null=True, blank=True, help_text="пусто — обычный норматив услуги",
                                 **TEMPERATURE)
    period = models.CharField("время суток отклонения", max_length=10, choices=Period.choices, default=Period.DAY)
    restored_at = models.DateTimeField("время восстановления качества", null=True, blank=True)
    conclusion = models.TextField("заключение", blank=True)
    measured_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name="провел замер")
    # the act and its approval
    status = models.CharField("состояние", max_length=20, choices=Status.choices, default=Status.REGISTERED)
    act = models.ForeignKey("documents.ArchivedDocument", on_delete=models.PROTECT, null=True, blank=True,
                            related_name="+", verbose_name="акт о нарушении качества")
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name="решение принял")
    decided_at = models.DateTimeField("решение принято", null=True, blank=True)
    decision_comment = models.TextField("комментарий к решению", blank=True)

    class Meta:
        verbose_name = "нарушение качества теплоснабжения"
        verbose_name_plural = "нарушения качества теплоснабжения"
        ordering = ["-complaint_at", "-pk"]
        permissions = [
            ("measure_quality", "Может проводить замеры качества и составлять акты о нарушении качества"),
            ("approve_quality_act", "Может утверждать акты о нарушении качества"),
        ]

    def __str__(self) -> str:
        return f"Нарушение качества № {self.pk}: {self.get_service_display().lower()}, {self.complaint_number}"


class QualityMeasurement(models.Model):
    """One measurement point (ГОСТ 30494: the room's centre at 1.1 m from the floor; hot water:
    the tap after draining) and the value measured there."""

    case = models.ForeignKey(QualityCase, on_delete=models.CASCADE, related_name="measurements", verbose_name="случай")
    position = models.PositiveSmallIntegerField("№ п/п")
    point = models.CharField("точка измерения", max_length=300)
    value_c = models.DecimalField("измерено, °C", **TEMPERATURE)

    class Meta:
        verbose_name = "замер"
        verbose_name_plural = "замеры"
        ordering = ["case", "position"]
        constraints = [models.UniqueConstraint(fields=["case", "position"], name="quality_measurement_position")]

    def __str__(self) -> str:
        return f"{self.point}: {self.value_c} °C"
