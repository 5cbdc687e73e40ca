"""Dated reference data of the rules of law, editable by administrators, with history.

Each row is a value of the law for a period: the key rate from a date, a penalty tier
scheme, a rate cap (ПП № 474 chain), a moratorium (ПП № 497, ПП № 424), a VAT rate, a
state-duty scale, a due day, the heat-supply payment schedule, the contract-less consumption
rule, the police statement's large-damage threshold, the production calendar. ``clean()``
keeps one row sane (dates in order, no overlap with a sibling row of the same scope);
``reference.selectors`` turns rows into the plain structures of ``regulations``. Seeded by
data migrations (docs/law.md).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from core import formatting

PERCENT = {"max_digits": 6, "decimal_places": 3, "validators": [MinValueValidator(0)]}
SHARE = {"max_digits": 5, "decimal_places": 2,  # as the contract's advance fields
         "validators": [MinValueValidator(0), MaxValueValidator(100)]}
MONEY = {"max_digits": 16, "decimal_places": 2, "validators": [MinValueValidator(0)]}


class PenaltyCategory(models.TextChoices):
    """Consumer categories for penalties (same codes as ``subscribers.Consumer``)."""

    OTHER = "other", "Прочие юрлица и ИП (190-ФЗ ст. 15 ч. 9.1)"
    HOA = "hoa", "ТСЖ, ЖК, ЖСК (190-ФЗ ст. 15 ч. 9.2)"
    MANAGING_ORG = "managing_org", "Управляющие организации (190-ФЗ ст. 15 ч. 9.3)"
    CITIZEN = "citizen", "Граждане (ЖК РФ ст. 155 ч. 14)"
    BUDGET_44FZ = "budget_44fz", "Бюджетные учреждения по 44-ФЗ"


def parse_categories(value: str) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def categories_display(value: str) -> str:
    """Comma-separated category codes as people read them: the categories' names without
    their norms («Прочие юрлица и ИП, ТСЖ, ЖК, ЖСК»); an unknown code stays as it is."""
    labels = dict(PenaltyCategory.choices)
    return "; ".join(str(labels.get(code, code)).split(" (")[0] for code in parse_categories(value))


def validate_categories(value: str) -> None:
    items = parse_categories(value)
    if not items:
        raise ValidationError("Укажите хотя бы одну категорию")
    unknown = [item for item in items if item not in PenaltyCategory.values]
    if unknown:
        raise ValidationError(f"Неизвестные категории: {', '.join(unknown)}")


def _overlaps(qs, valid_from, valid_to) -> models.QuerySet:
    """Rows of ``qs`` whose [valid_from, valid_to] (inclusive, None = open) meets the given one."""
    qs = qs.filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=valid_from))
    if valid_to is not None:
        qs = qs.filter(valid_from__lte=valid_to)
    return qs


class DatedRule(models.Model):
    """A rule in force from ``valid_from`` to ``valid_to`` inclusive (empty: still in force)."""

    valid_from = models.DateField("действует с")
    valid_to = models.DateField("действует по (включительно)", null=True, blank=True)
    norm = models.CharField("норма", max_length=500, help_text="как ее цитировать в документах")
    note = models.TextField("примечание", blank=True)

    class Meta:
        abstract = True

    def _check_dates(self, errors: dict) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors.setdefault("valid_to", []).append("Дата окончания раньше даты начала")

    def _check_overlap(self, errors: dict, qs, what: str) -> None:
        if not self.valid_from or errors:
            return
        clash = _overlaps(qs.exclude(pk=self.pk), self.valid_from, self.valid_to).first()
        if clash is not None:
            errors.setdefault("valid_from", []).append(f"Период пересекается с «{clash}» ({what})")


class KeyRate(models.Model):
    """The key rate of the Bank of Russia from a date (= refinancing rate since 01.01.2016)."""

    effective_from = models.DateField("действует с", unique=True)
    rate_percent = models.DecimalField("ставка, % годовых", max_digits=5, decimal_places=2,
                                       validators=[MinValueValidator(0)])
    source = models.CharField("источник", max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "ключевая ставка Банка России"
        verbose_name_plural = "ключевые ставки Банка России"
        ordering = ["-effective_from"]
        permissions = [("use_legal_calculator", "Выполнять правовые расчеты (калькулятор, API calc)")]

    def __str__(self) -> str:
        return f"{formatting.percent(self.rate_percent)} с {self.effective_from:%d.%m.%Y}"


class PenaltyTierScheme(DatedRule):
    """The fractions of the key rate by delay day for one category, for debts whose delay
    began within the validity dates."""

    category = models.CharField("категория", max_length=20, choices=PenaltyCategory.choices)
    document_basis = models.CharField(
        "основание в расчете пени", max_length=500, blank=True,
        help_text="полная ссылка на норму для строки «Основание» расчета пени; пусто — поле «норма»",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "шкала пени"
        verbose_name_plural = "шкалы пени"
        ordering = ["category", "-valid_from"]

    def __str__(self) -> str:
        return f"{self.get_category_display()} с {self.valid_from:%d.%m.%Y}"

    def clean(self):
        errors: dict[str, list[str]] = {}
        self._check_dates(errors)
        self._check_overlap(errors, PenaltyTierScheme.objects.filter(category=self.category),
                            "для этой категории уже есть шкала")
        if errors:
            raise ValidationError(errors)


class PenaltyTier(models.Model):
    """From delay day ``from_day``: ``1/denominator`` of the rate (empty: no penalty)."""

    scheme = models.ForeignKey(PenaltyTierScheme, on_delete=models.CASCADE, related_name="tiers",
                               verbose_name="шкала")
    from_day = models.PositiveIntegerField("с дня просрочки", validators=[MinValueValidator(1)])
    denominator = models.PositiveIntegerField(
        "знаменатель доли ставки", null=True, blank=True, validators=[MinValueValidator(1)],
        help_text="300 означает 1/300 ставки; пусто — пени не начисляются",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "ступень шкалы пени"
        verbose_name_plural = "ступени шкалы пени"
        ordering = ["scheme", "from_day"]
        constraints = [models.UniqueConstraint(fields=["scheme", "from_day"], name="penalty_tier_unique_day")]

    def __str__(self) -> str:
        fraction = f"1/{self.denominator}" if self.denominator else "без пени"
        return f"с {self.from_day}-го дня: {fraction}"


class RateCap(DatedRule):
    """A cap on the rate for penalties (ПП РФ № 474 and its extensions), by payment date."""

    class Kind(models.TextChoices):
        FIXED = "fixed", "фиксированная ставка"
        MIN = "min", "меньшая из ставки и ключевой ставки"

    kind = models.CharField("вид", max_length=10, choices=Kind.choices)
    rate_percent = models.DecimalField("ставка, % годовых", **PERCENT)
    categories = models.CharField("категории", max_length=200, validators=[validate_categories],
                                  help_text="коды через запятую")
    statement_text = models.CharField(
        "в расчете пени", max_length=500, blank=True,
        help_text="как ограничение названо в строке «Ставка» расчета пени; одинаковый текст "
                  "у соседних периодов печатается один раз",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "ограничение ставки для пени"
        verbose_name_plural = "ограничения ставки для пени (ПП № 474)"
        ordering = ["valid_from"]

    def __str__(self) -> str:
        end = f" по {self.valid_to:%d.%m.%Y}" if self.valid_to else ""
        return f"{self.get_kind_display()} {formatting.percent(self.rate_percent)} с {self.valid_from:%d.%m.%Y}{end}"

    def clean(self):
        errors: dict[str, list[str]] = {}
        self._check_dates(errors)
        if not errors and self.valid_from:
            mine = set(parse_categories(self.categories))
            for other in _overlaps(RateCap.objects.exclude(pk=self.pk), self.valid_from, self.valid_to):
                common = mine & set(parse_categories(other.categories))
                if common:
                    errors.setdefault("valid_from", []).append(
                        f"Период пересекается с «{other}» для категорий: {', '.join(sorted(common))}"
                    )
        if errors:
            raise ValidationError(errors)


class PenaltyMoratorium(DatedRule):
    """Days without penalty: a bankruptcy moratorium (ПП № 497) or a suspension (ПП № 424)."""

    class Kind(models.TextChoices):
        MORATORIUM = "moratorium", "мораторий"
        SUSPENSION = "suspension", "приостановление начисления"

    kind = models.CharField("вид", max_length=20, choices=Kind.choices)
    categories = models.CharField("категории", max_length=200, validators=[validate_categories],
                                  help_text="коды через запятую")
    debts_arisen_before = models.DateField(
        "только долги, возникшие до", null=True, blank=True,
        help_text="долг возникает на следующий день после срока оплаты; пусто — все долги",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "мораторий на пени"
        verbose_name_plural = "моратории и приостановления пени"
        ordering = ["valid_from"]

    def __str__(self) -> str:
        end = f"{self.valid_to:%d.%m.%Y}" if self.valid_to else "…"
        return f"{self.get_kind_display()} {self.valid_from:%d.%m.%Y}–{end}"

    def clean(self):
        errors: dict[str, list[str]] = {}
        if self.valid_from and not self.valid_to:
            errors.setdefault("valid_to", []).append("У моратория должна быть дата окончания")
        self._check_dates(errors)
        if not errors and self.valid_from:
            mine = set(parse_categories(self.categories))
            qs = PenaltyMoratorium.objects.exclude(pk=self.pk)
            for other in _overlaps(qs, self.valid_from, self.valid_to):
                common = mine & set(parse_categories(other.categories))
                if common:
                    errors.setdefault("valid_from", []).append(
                        f"Период пересекается с «{other}» для категорий: {', '.join(sorted(common))}"
                    )
        if errors:
            raise ValidationError(errors)


class VatRate(models.Model):
    """The VAT rate from a date of shipment on (НК РФ ст. 164 п. 3)."""

    valid_from = models.DateField("действует с", unique=True)
    rate_percent = models.DecimalField("ставка, %", **PERCENT)
    norm = models.CharField("норма", max_length=500)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "ставка НДС"
        verbose_name_plural = "ставки НДС"
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{formatting.percent(self.rate_percent)} с {self.valid_from:%d.%m.%Y}"


class StateDutyScale(DatedRule):
    """A state-duty scale of one court and procedure (НК РФ ст. 333.19, 333.21)."""

    class Court(models.TextChoices):
        ARBITRATION = "arbitration", "арбитражный суд"
        GENERAL = "general", "суд общей юрисдикции"

    class Procedure(models.TextChoices):
        CLAIM = "claim", "исковое заявление"
        COURT_ORDER = "court_order", "судебный приказ"

    court = models.CharField("суд", max_length=20, choices=Court.choices)
    procedure = models.CharField("порядок", max_length=20, choices=Procedure.choices)
    maximum = models.DecimalField("не более, ₽", null=True, blank=True, **MONEY)
    minimum = models.DecimalField("не менее, ₽", null=True, blank=True, **MONEY)
    percent_of_claim_duty = models.DecimalField(
        "% от пошлины по иску", null=True, blank=True, **PERCENT,
        help_text="для судебного приказа: доля пошлины, взимаемой при подаче иска",
    )
    max_claim = models.DecimalField("наибольшее требование, ₽", null=True, blank=True, **MONEY,
                                    help_text="для судебного приказа (АПК ст. 229.2, ГПК ст. 121)")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "шкала госпошлины"
        verbose_name_plural = "шкалы госпошлины"
        ordering = ["court", "procedure", "-valid_from"]

    def __str__(self) -> str:
        return f"{self.get_court_display()}, {self.get_procedure_display()} с {self.valid_from:%d.%m.%Y}"

    def clean(self):
        errors: dict[str, list[str]] = {}
        self._check_dates(errors)
        if self.procedure == self.Procedure.COURT_ORDER and self.percent_of_claim_duty is None:
            errors.setdefault("percent_of_claim_duty", []).append("Для судебного приказа укажите долю пошлины")
        self._check_overlap(
            errors, StateDutyScale.objects.filter(court=self.court, procedure=self.procedure),
            "для этого суда и порядка уже есть шкала",
        )
        if errors:
            raise ValidationError(errors)


class StateDutyBracket(models.Model):
    """For a claim over ``over``: ``base + percent % × (claim − over)``."""

    scale = models.ForeignKey(StateDutyScale, on_delete=models.CASCADE, related_name="brackets",
                              verbose_name="шкала")
    over = models.DecimalField("свыше, ₽", **MONEY)
    base = models.DecimalField("сумма, ₽", **MONEY)
    percent = models.DecimalField("плюс % от превышения", **PERCENT)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "ступень шкалы госпошлины"
        verbose_name_plural = "ступени шкалы госпошлины"
        ordering = ["scale", "over"]
        constraints = [models.UniqueConstraint(fields=["scale", "over"], name="duty_bracket_unique_over")]

    def __str__(self) -> str:
        return f"свыше {formatting.money(self.over)}: {formatting.money(self.base)} + {formatting.percent(self.percent)}"


class PaymentDueDay(models.Model):
    """From a date on, the day of the next month by which a payer pays for a month."""

    class Payer(models.TextChoices):
        CITIZEN = "citizen", "граждане (ЖК РФ ст. 155 ч. 1)"
        MANAGING_ORG = "managing_org", "управляющие организации (ПП № 124)"

    payer = models.CharField("плательщик", max_length=20, choices=Payer.choices)
    valid_from = models.DateField("действует с", help_text="для оплат, приходящихся на месяцы с этой даты")
    day = models.PositiveSmallIntegerField("число следующего месяца",
                                           validators=[MinValueValidator(1), MaxValueValidator(31)])
    norm = models.CharField("норма", max_length=500)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "срок оплаты"
        verbose_name_plural = "сроки оплаты (граждане, УК)"
        ordering = ["payer", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["payer", "valid_from"], name="due_day_unique_start")]

    def __str__(self) -> str:
        return f"{self.get_payer_display()}: до {self.day}-го с {self.valid_from:%d.%m.%Y}"


class HeatSupplyPaymentTerms(models.Model):
    """From a date on, the payment schedule of a heat-supply contract unless it says
    otherwise (ПП РФ № 808 п. 35): advances by days of the month, the balance by a day of
    the next month. New contracts of companies take these terms (docs/law.md)."""

    valid_from = models.DateField("действует с", unique=True)
    first_share_percent = models.DecimalField("первый аванс, % плановой стоимости", **SHARE)
    first_day = models.PositiveSmallIntegerField("срок первого аванса, число месяца",
                                                 validators=[MinValueValidator(1), MaxValueValidator(31)])
    second_share_percent = models.DecimalField("второй аванс (до конца месяца), %", **SHARE)
    final_day = models.PositiveSmallIntegerField("окончательный расчет, число следующего месяца",
                                                 validators=[MinValueValidator(1), MaxValueValidator(31)])
    norm = models.CharField("норма", max_length=500)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "порядок оплаты по договору теплоснабжения"
        verbose_name_plural = "порядок оплаты по договору теплоснабжения (ПП № 808)"
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return (f"{self.first_share_percent} % до {self.first_day}-го, {self.second_share_percent} % до конца месяца, "
                f"остаток до {self.final_day}-го с {self.valid_from:%d.%m.%Y}")

    def clean(self):
        if (self.first_share_percent or 0) + (self.second_share_percent or 0) > 100:
            raise ValidationError({"second_share_percent": "Сумма авансов превышает 100 %"})


class ContractlessRule(models.Model):
    """Contract-less consumption (190-ФЗ ст. 22 ч. 8–10 ❓): multiplier, period limit, term."""

    valid_from = models.DateField("действует с", unique=True)
    multiplier = models.DecimalField("кратность стоимости", max_digits=5, decimal_places=2,
                                     validators=[MinValueValidator(1)])
    max_years = models.PositiveSmallIntegerField("не более лет", validators=[MinValueValidator(1)])
    payment_days = models.PositiveSmallIntegerField("срок оплаты по требованию, дней")
    norm = models.CharField("норма", max_length=500)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "правило бездоговорного потребления"
        verbose_name_plural = "правила бездоговорного потребления"
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"×{formatting.plain_number(self.multiplier)}, не более {self.max_years} лет, с {self.valid_from:%d.%m.%Y}"


class PoliceDamageThreshold(DatedRule):
    """The damage above which a violation of heat consumption goes to the police as one of a
    large scale (УК РФ ст. 165 with the note 4 to ст. 158 ❓): compared with the damage before VAT
    on the day the violation was found (``regulations.police``)."""

    amount = models.DecimalField("порог крупного размера, ₽", **MONEY,
                                 help_text="ущерб свыше этой суммы (без НДС) — крупный размер")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "порог крупного ущерба (заявление в полицию)"
        verbose_name_plural = "пороги крупного ущерба (заявление в полицию)"
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        end = f" по {self.valid_to:%d.%m.%Y}" if self.valid_to else ""
        return f"свыше {formatting.money(self.amount)} с {self.valid_from:%d.%m.%Y}{end}"

    def clean(self):
        errors: dict[str, list[str]] = {}
        self._check_dates(errors)
        self._check_overlap(errors, PoliceDamageThreshold.objects.all(), "порог на эти дни уже есть")
        if errors:
            raise ValidationError(errors)


class CalendarYear(models.Model):
    """A year of the production calendar and the decree it follows."""

    year = models.PositiveSmallIntegerField("год", unique=True,
                                            validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    source = models.CharField("источник", max_length=500,
                              help_text="постановление Правительства РФ о переносе выходных дней")
    confirmed = models.BooleanField("утвержден", default=True,
                                    help_text="снимите, если переносы года еще не утверждены")
    note = models.TextField("примечание", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "год производственного календаря"
        verbose_name_plural = "производственный календарь"
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """An exception to "Monday–Friday work, Saturday–Sunday rest" in a covered year."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "нерабочий праздничный день"
        DAY_OFF = "day_off", "перенесенный выходной день"
        WORKING = "working", "рабочий день (перенос с выходного)"

    calendar_year = models.ForeignKey(CalendarYear, on_delete=models.CASCADE, related_name="days",
                                      verbose_name="год")
    date = models.DateField("дата", unique=True)
    kind = models.CharField("вид", max_length=10, choices=Kind.choices)
    note = models.CharField("примечание", max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "особый день календаря"
        verbose_name_plural = "особые дни календаря"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} — {self.get_kind_display()}"

    def clean(self):
        errors: dict[str, list[str]] = {}
        calendar_year = getattr(self, "calendar_year", None)  # unset in a new inline row's first clean
        year = calendar_year.year if calendar_year else None
        if self.date and year and self.date.year != year:
            errors.setdefault("date", []).append(f"Дата не относится к {year} году")
        if self.date and self.kind:
            weekend = self.date.weekday() >= 5
            if self.kind == self.Kind.WORKING and not weekend:
                errors.setdefault("kind", []).append("Рабочим днем по переносу бывает только суббота или воскресенье")
            if self.kind != self.Kind.WORKING and weekend:
                errors.setdefault("kind", []).append(
                    "Суббота и воскресенье и так выходные: укажите будний день, на который перенесен выходной"
                )
        if errors:
            raise ValidationError(errors)


class SupplyRestrictionRule(models.Model):
    """Restriction of supply for a debt (ПП РФ № 808, п. 92–93): the debt must exceed this many
    periods of payment; the written warning comes this many calendar days before (❓ confirm)."""

    valid_from = models.DateField("действует с", unique=True)
    periods = models.PositiveSmallIntegerField("задолженность превышает периодов платежа", validators=[MinValueValidator(1)])
    notice_days = models.PositiveSmallIntegerField("предупреждение не позднее чем за, календарных дней",
                                                   validators=[MinValueValidator(1)])
    norm = models.CharField("норма", max_length=500)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "правило ограничения подачи за долги"
        verbose_name_plural = "правила ограничения подачи за долги (ПП № 808)"
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"долг более {self.periods} пер., предупреждение за {self.notice_days} дн., с {self.valid_from:%d.%m.%Y}"
