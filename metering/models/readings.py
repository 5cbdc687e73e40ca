"""Readings of metering units, their validation flags and settings, import sources."""

from __future__ import annotations

from calendar import monthrange
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .units import MeteringUnit

NON_NEGATIVE = [MinValueValidator(Decimal("0"))]
VOLUME = {"max_digits": 14, "decimal_places": 3, "validators": NON_NEGATIVE}  # Гкал, т, м³ to 0.001
TOTAL = {"max_digits": 16, "decimal_places": 3, "null": True, "blank": True, "validators": NON_NEGATIVE}
WATER_TEMPERATURE = {
    "max_digits": 5, "decimal_places": 2, "null": True, "blank": True,
    "validators": [MinValueValidator(Decimal("-50")), MaxValueValidator(Decimal("200"))],
}
HOURS = {"max_digits": 7, "decimal_places": 2, "validators": NON_NEGATIVE}


class ReadingSource(models.TextChoices):
    CONSUMER = "consumer", "Абонент"
    TECHNICIAN = "technician", "Техник"
    IMPORT = "import", "Импорт из системы сбора данных"


class ReadingStatus(models.TextChoices):
    ACCEPTED = "accepted", "Принято"
    FLAGGED = "flagged", "На проверке у техника"
    REJECTED = "rejected", "Отклонено"


class ReadingImportSource(models.Model):
    """A meter-data system whose exports we import, with its saved column mapping."""

    class FileFormat(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    class UnitKey(models.TextChoices):
        UNIT_NUMBER = "unit_number", "номер узла учета"
        CALCULATOR_SERIAL = "calculator_serial", "заводской № тепловычислителя"

    name = models.CharField("система сбора данных", max_length=200, unique=True)
    file_format = models.CharField("формат файла", max_length=10, choices=FileFormat.choices)
    unit_key = models.CharField(
        "как в файле назван узел учета", max_length=20, choices=UnitKey.choices, default=UnitKey.UNIT_NUMBER
    )
    csv_delimiter = models.CharField("разделитель CSV", max_length=1, default=";")
    csv_encoding = models.CharField(
        "кодировка CSV", max_length=20, default="utf-8", choices=[("utf-8", "UTF-8"), ("cp1251", "Windows-1251")]
    )
    period_format = models.CharField(
        "формат периода", max_length=20, default="%m.%Y", help_text="например %m.%Y (03.2026) или %d.%m.%Y"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "источник импорта показаний"
        verbose_name_plural = "источники импорта показаний"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        if self.csv_delimiter in ("", "\n", "\r", '"') or (self.csv_delimiter or "").isalnum():
            errors["csv_delimiter"] = "один знак, не буква, не цифра и не кавычка (обычно «;» или «,»)"
        if self.period_format and not _names_a_month(self.period_format):
            errors["period_format"] = (
                f"«{self.period_format}» не задает месяц и год: используйте %m и %Y, например %m.%Y"
            )
        if errors:
            raise ValidationError(errors)


def _names_a_month(period_format: str) -> bool:
    """Whether ``period_format`` (strftime codes) writes and reads back a month and a year."""
    sample = date(2026, 11, 1)
    try:
        parsed = datetime.strptime(sample.strftime(period_format), period_format)  # noqa: DTZ007 - a calendar month
    except ValueError:
        return False
    return (parsed.year, parsed.month) == (sample.year, sample.month)


class ReadingColumn(models.Model):
    """One line of a source's column mapping: which column holds a field, in which unit."""

    class Field(models.TextChoices):
        UNIT = "unit", "узел учета"
        PERIOD = "period", "период"
        Q = "q", "Q за период"
        M1 = "m1", "M1 за период"
        M2 = "m2", "M2 за период"
        V1 = "v1", "V1 за период"
        V2 = "v2", "V2 за период"
        T1 = "t1", "T1 средняя"
        T2 = "t2", "T2 средняя"
        OPERATING_HOURS = "operating_hours", "время работы"
        ERROR_HOURS = "error_hours", "время ошибок"
        Q_TOTAL = "q_total", "Q нарастающим итогом"
        M1_TOTAL = "m1_total", "M1 нарастающим итогом"
        M2_TOTAL = "m2_total", "M2 нарастающим итогом"
        V1_TOTAL = "v1_total", "V1 нарастающим итогом"
        V2_TOTAL = "v2_total", "V2 нарастающим итогом"

    class Measure(models.TextChoices):
        NONE = "", "—"
        GCAL = "Гкал", "Гкал"
        GJ = "ГДж", "ГДж"
        MWH = "МВт·ч", "МВт·ч"
        TONNE = "т", "т"
        KG = "кг", "кг"
        CUBIC_METRE = "м³", "м³"
        LITRE = "л", "л"
        CELSIUS = "°C", "°C"
        HOUR = "ч", "ч"

    source = models.ForeignKey(
        ReadingImportSource, on_delete=models.CASCADE, related_name="columns", verbose_name="источник"
    )
    field = models.CharField("поле", max_length=20, choices=Field.choices)
    column = models.CharField("заголовок столбца в файле", max_length=200)
    measure = models.CharField("единица в файле", max_length=10, choices=Measure.choices, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "столбец источника"
        verbose_name_plural = "сопоставление столбцов"
        ordering = ["source", "field"]
        constraints = [models.UniqueConstraint(fields=["source", "field"], name="readingcolumn_unique_field")]

    def __str__(self) -> str:
        return f"{self.get_field_display()} ← «{self.column}»"

    def clean(self):
        from metering.imports.mapping import measure_problem

        problem = measure_problem(self.field, self.measure)
        if problem:
            raise ValidationError({"measure": f"Поле «{self.get_field_display()}»: {problem}"})


class ReadingImport(models.Model):
    """A file imported successfully (a failed import writes nothing)."""

    source = models.ForeignKey(ReadingImportSource, on_delete=models.PROTECT, related_name="imports")
    file_name = models.CharField("файл", max_length=300)
    sha256 = models.CharField("SHA-256", max_length=64)
    row_count = models.PositiveIntegerField("строк")
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField("загружен", default=timezone.now)

    class Meta:
        verbose_name = "импорт показаний"
        verbose_name_plural = "импорты показаний"
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%d.%m.%Y %H:%M})"


class Reading(models.Model):
    """Readings of a unit for one month: the month's consumption, mean temperatures, hours,
    and (when the source gives them) the cumulative registers at the month's end.

    Only ``accepted`` readings are billable. A ``rejected`` reading stays for the record and
    may be replaced by a new reading of the same period.
    """

    unit = models.ForeignKey(MeteringUnit, on_delete=models.PROTECT, related_name="readings", verbose_name="узел учета")
    period = models.DateField("период (первое число месяца)")
    source = models.CharField("источник", max_length=20, choices=ReadingSource.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="кто внес",
    )
    entered_at = models.DateTimeField("внесено", default=timezone.now)
    import_batch = models.ForeignKey(
        ReadingImport, on_delete=models.PROTECT, null=True, blank=True, related_name="readings",
        verbose_name="импорт",
    )
    q = models.DecimalField("Q, Гкал", **VOLUME)
    m1 = models.DecimalField("M1, т", **VOLUME)
    m2 = models.DecimalField("M2, т", **VOLUME)
    v1 = models.DecimalField("V1, м³", null=True, blank=True, **VOLUME)
    v2 = models.DecimalField("V2, м³", null=True, blank=True, **VOLUME)
    t1 = models.DecimalField("T1, °C", **WATER_TEMPERATURE)
    t2 = models.DecimalField("T2, °C", **WATER_TEMPERATURE)
    operating_hours = models.DecimalField("время работы, ч", **HOURS)
    error_hours = models.DecimalField("время ошибок, ч", default=Decimal("0"), **HOURS)
    q_total = models.DecimalField("Q нарастающим итогом, Гкал", **TOTAL)
    m1_total = models.DecimalField("M1 нарастающим итогом, т", **TOTAL)
    m2_total = models.DecimalField("M2 нарастающим итогом, т", **TOTAL)
    v1_total = models.DecimalField("V1 нарастающим итогом, м³", **TOTAL)
    v2_total = models.DecimalField("V2 нарастающим итогом, м³", **TOTAL)
    status = models.CharField("статус", max_length=20, choices=ReadingStatus.choices, db_index=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="проверил",
    )
    reviewed_at = models.DateTimeField("проверено", null=True, blank=True)
    review_comment = models.TextField("заключение техника", blank=True)
    history = HistoricalRecords()

    TOTAL_FIELDS = ("q_total", "m1_total", "m2_total", "v1_total", "v2_total")

    class Meta:
        verbose_name = "показания"
        verbose_name_plural = "показания"
        ordering = ["unit", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period"], condition=~models.Q(status="rejected"),
                name="reading_unique_unit_period",
                violation_error_message="Показания этого узла учета за этот период уже внесены",
            ),
        ]
        permissions = [
            ("review_reading", "Может проверять показания, отмеченные проверкой"),
            ("import_readings", "Может загружать показания из файлов систем сбора данных"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.number} за {self.period:%m.%Y}"

    def clean(self):
        errors = {}
        if self.period and self.period.day != 1:
            errors["period"] = "Период указывается первым числом месяца"
        if self.operating_hours is not None and self.error_hours is not None and self.period:
            hours = Decimal(monthrange(self.period.year, self.period.month)[1] * 24)
            if self.operating_hours > hours:
                errors["operating_hours"] = f"Время работы {self.operating_hours} ч больше часов месяца ({hours} ч)"
            if self.error_hours > hours:
                errors["error_hours"] = f"Время ошибок {self.error_hours} ч больше часов месяца ({hours} ч)"
        if errors:
            raise ValidationError(errors)


class ReadingFlag(models.Model):
    """A validation rule a reading tripped, with the numbers behind it."""

    reading = models.ForeignKey(Reading, on_delete=models.CASCADE, related_name="flags", verbose_name="показания")
    rule = models.CharField("правило", max_length=50)
    message = models.TextField("описание")
    data = models.JSONField("числа", default=dict, blank=True)

    class Meta:
        verbose_name = "замечание проверки показаний"
        verbose_name_plural = "замечания проверки показаний"
        ordering = ["reading", "id"]

    def __str__(self) -> str:
        return self.message


class ValidationSettings(models.Model):
    """Editable, dated settings of reading validation; the row in force on a period's first day applies."""

    valid_from = models.DateField("действует с", unique=True)
    load_margin = models.DecimalField(
        "запас к договорной нагрузке, раз", max_digits=5, decimal_places=3, default=Decimal("1.100"),
        validators=[MinValueValidator(Decimal("1"))],
        help_text="Q за период сверх нагрузка × часы × запас — замечание",
    )
    imbalance_tolerance_percent = models.DecimalField(
        "допустимый небаланс M1 − M2, %", max_digits=5, decimal_places=2, default=Decimal("2.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    operating_time_tolerance_hours = models.DecimalField(
        "допустимая недоработка времени, ч", max_digits=6, decimal_places=2, default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    forecast_tolerance_percent = models.DecimalField(
        "допустимое отклонение от прогноза, %", max_digits=5, decimal_places=2, default=Decimal("30.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    forecast_min_deviation_gcal = models.DecimalField(
        "отклонение от прогноза не меньше, Гкал", max_digits=8, decimal_places=3, default=Decimal("1.000"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="меньшие расхождения не отмечаются, каким бы ни был процент",
    )
    forecast_min_history = models.PositiveSmallIntegerField(
        "месяцев истории для прогноза", default=6, validators=[MinValueValidator(3)]
    )
    absurd_reading_factor = models.DecimalField(
        "предел достоверности Q, раз договорной нагрузки", max_digits=5, decimal_places=3, default=Decimal("3.000"),
        validators=[MinValueValidator(Decimal("1"))],
        help_text="Q за месяц сверх нагрузка × часы × это число не выставляется в счет: расчет сообщает "
                  "о недостоверных показаниях",
    )
    basis = models.CharField("основание", max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "настройки проверки показаний"
        verbose_name_plural = "настройки проверки показаний"
        ordering = ["valid_from"]

    def __str__(self) -> str:
        return f"Настройки проверки с {self.valid_from:%d.%m.%Y}"
