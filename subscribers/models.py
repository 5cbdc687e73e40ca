"""Register of consumers: our organisation, consumers, heated objects, loads, contracts.

Each model keeps the invariants of one row in ``clean()``; writes go through
``subscribers.services``. Every model has field-level history (django-simple-history).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from core import identifiers
from core.search import search_key
from documents.formatting import person_full, person_short

LOAD = {"max_digits": 12, "decimal_places": 6, "validators": [MinValueValidator(Decimal("0"))]}


class AuthorityBasis(models.TextChoices):
    CHARTER = "charter", "Устав"
    POWER_OF_ATTORNEY = "poa", "Доверенность"
    REGISTRATION = "registration", "Свидетельство о регистрации ИП"
    OTHER = "other", "Иное"


class Organization(models.Model):
    """Our own heat-supply organisation (ТСО / ЕТО): the requisites on every document."""

    full_name = models.CharField("полное наименование", max_length=500)
    short_name = models.CharField("сокращенное наименование", max_length=200)
    inn = models.CharField("ИНН", max_length=10, validators=[identifiers.validate_inn_legal])
    kpp = models.CharField("КПП", max_length=9, validators=[identifiers.validate_kpp])
    ogrn = models.CharField("ОГРН", max_length=13, validators=[identifiers.validate_ogrn])
    okpo = models.CharField("ОКПО", max_length=10, blank=True)
    legal_address = models.CharField("юридический адрес", max_length=500)
    postal_address = models.CharField("почтовый адрес", max_length=500)
    phone = models.CharField("телефон", max_length=100, blank=True)
    email = models.EmailField("e-mail", blank=True)
    website = models.CharField("сайт", max_length=200, blank=True)
    dispatch_phone = models.CharField("телефон диспетчерской", max_length=100, blank=True)
    bank_name = models.CharField("банк", max_length=300)
    bik = models.CharField("БИК", max_length=9)
    settlement_account = models.CharField("расчетный счет", max_length=20)
    correspondent_account = models.CharField("корреспондентский счет", max_length=20)
    city = models.CharField("город (место составления документов)", max_length=100, default="")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "наша организация"
        verbose_name_plural = "наша организация"

    def __str__(self) -> str:
        return self.short_name


class Signatory(models.Model):
    """A person who signs for our organisation, with the basis of authority."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="signatories", verbose_name="организация"
    )
    last_name = models.CharField("фамилия", max_length=100)
    first_name = models.CharField("имя", max_length=100)
    middle_name = models.CharField("отчество", max_length=100, blank=True)
    position = models.CharField("должность", max_length=200)
    authority_basis = models.CharField(
        "основание полномочий", max_length=20, choices=AuthorityBasis.choices, default=AuthorityBasis.CHARTER
    )
    poa_number = models.CharField("№ доверенности", max_length=50, blank=True)
    poa_date = models.DateField("дата доверенности", null=True, blank=True)
    poa_valid_until = models.DateField("доверенность действует до", null=True, blank=True)
    signs_for = models.CharField(
        "подписывает", max_length=200, blank=True, help_text="какие документы: акты, претензии, иски…"
    )
    is_head = models.BooleanField("руководитель", default=False)
    is_chief_accountant = models.BooleanField("главный бухгалтер", default=False)
    active = models.BooleanField("действует", default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "подписант"
        verbose_name_plural = "подписанты"
        ordering = ["-is_head", "last_name", "first_name", "middle_name"]

    def __str__(self) -> str:
        return f"{self.position} {self.full_name}"

    @property
    def full_name(self) -> str:
        """«Громов Виктор Иванович»: for pages and lists (documents print ``short_name``)."""
        return person_full(self.last_name, self.first_name, self.middle_name)

    @property
    def short_name(self) -> str:
        """«В.И. Громов»: the signature line (documents.formatting.person_short)."""
        return person_short(self.last_name, self.first_name, self.middle_name)

    def clean(self):
        if self.authority_basis == AuthorityBasis.POWER_OF_ATTORNEY and not (self.poa_number and self.poa_date):
            raise ValidationError({"poa_number": "Для доверенности укажите ее номер и дату"})


class NetworkSection(models.Model):
    """A section of the heat network and the heat source that feeds it."""

    code = models.CharField("код", max_length=50, unique=True)
    name = models.CharField("наименование", max_length=200)
    heat_source = models.CharField("источник теплоты", max_length=200)
    city = models.CharField("населенный пункт", max_length=100, default="")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "участок тепловой сети"
        verbose_name_plural = "участки тепловой сети"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.heat_source})"


class TariffGroup(models.Model):
    """A group of consumers billed by the same tariffs (the regulator's tariff decision)."""

    code = models.CharField("код", max_length=50, unique=True)
    name = models.CharField("наименование", max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "тарифная группа"
        verbose_name_plural = "тарифные группы"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Consumer(models.Model):
    """A consumer (абонент): legal entity, sole trader or citizen."""

    class Kind(models.TextChoices):
        LEGAL = "legal", "Юридическое лицо"
        ENTREPRENEUR = "entrepreneur", "Индивидуальный предприниматель"
        CITIZEN = "citizen", "Гражданин"

    class PenaltyCategory(models.TextChoices):
        OTHER = "other", "Прочие юрлица и ИП (190-ФЗ ст. 15 ч. 9.1)"
        HOA = "hoa", "ТСЖ, ЖК, ЖСК (190-ФЗ ст. 15 ч. 9.2)"
        MANAGING_ORG = "managing_org", "Управляющие организации (190-ФЗ ст. 15 ч. 9.3)"
        CITIZEN = "citizen", "Граждане (ЖК РФ ст. 155 ч. 14)"
        BUDGET_44FZ = "budget_44fz", "Бюджетные учреждения по 44-ФЗ"

    code = models.CharField("абонентский номер", max_length=30, unique=True)
    kind = models.CharField("вид", max_length=20, choices=Kind.choices)
    penalty_category = models.CharField("категория для пени", max_length=20, choices=PenaltyCategory.choices)
    name = models.CharField("наименование / ФИО", max_length=500, db_index=True)
    short_name = models.CharField("краткое наименование", max_length=200, blank=True)
    inn = models.CharField("ИНН", max_length=12, blank=True, db_index=True)
    kpp = models.CharField("КПП", max_length=9, blank=True)
    ogrn = models.CharField("ОГРН", max_length=13, blank=True)
    ogrnip = models.CharField("ОГРНИП", max_length=15, blank=True)
    legal_address = models.CharField("юридический адрес / адрес регистрации", max_length=500, blank=True)
    postal_address = models.CharField("почтовый адрес", max_length=500, blank=True)
    phone = models.CharField("телефон", max_length=100, blank=True)
    email = models.EmailField("e-mail", blank=True)
    contact_person = models.CharField("контактное лицо", max_length=200, blank=True)
    signatory_last_name = models.CharField("фамилия подписанта", max_length=100, blank=True)
    signatory_first_name = models.CharField("имя подписанта", max_length=100, blank=True)
    signatory_middle_name = models.CharField("отчество подписанта", max_length=100, blank=True)
    signatory_position = models.CharField("должность подписанта", max_length=200, blank=True)
    authority_basis = models.CharField(
        "основание полномочий", max_length=20, choices=AuthorityBasis.choices, blank=True
    )
    authority_document = models.CharField(
        "документ полномочий", max_length=200, blank=True, help_text="например: доверенность № 12 от 01.02.2026"
    )
    # citizens
    last_name = models.CharField("фамилия", max_length=100, blank=True)
    first_name = models.CharField("имя", max_length=100, blank=True)
    middle_name = models.CharField("отчество", max_length=100, blank=True)
    birth_date = models.DateField("дата рождения", null=True, blank=True)
    birth_place = models.CharField("место рождения", max_length=300, blank=True)
    snils = models.CharField("СНИЛС", max_length=14, blank=True)
    is_active = models.BooleanField("действующий", default=True)
    created_at = models.DateTimeField("создан", auto_now_add=True)
    search_text = models.TextField(
        "текст для поиска", blank=True, editable=False,
        help_text="наименования и адреса в нижнем регистре, «ё» как «е» (core.search): поиск одинаков на любой базе",
    )
    history = HistoricalRecords(excluded_fields=["search_text"])

    SEARCH_FIELDS = ("name", "short_name", "legal_address", "postal_address")

    class Meta:
        verbose_name = "абонент"
        verbose_name_plural = "абоненты"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["inn", "kpp"],
                condition=~models.Q(inn=""),
                name="consumer_unique_inn_kpp",
                violation_error_message="Абонент с таким ИНН и КПП уже есть в реестре",
            ),
        ]
        permissions = [("import_registry", "Может загружать реестр абонентов из файла")]
        # the few consumers no longer supplied (metering.coverage counts the others' objects by
        # subtracting theirs from all)
        indexes = [models.Index(fields=["id"], condition=models.Q(is_active=False), name="consumer_inactive")]

    def __str__(self) -> str:
        return self.short_name or self.name

    def save(self, *args, **kwargs):
        self.search_text = search_key(*(getattr(self, name) for name in self.SEARCH_FIELDS))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.SEARCH_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    @property
    def is_citizen(self) -> bool:
        return self.kind == self.Kind.CITIZEN

    def clean(self):
        errors: dict[str, list[str]] = {}

        def check(field: str, validator) -> None:
            value = getattr(self, field)
            if value:
                try:
                    validator(value)
                except ValidationError as exc:
                    errors.setdefault(field, []).extend(exc.messages)

        def require(field: str, why: str) -> None:
            if not getattr(self, field):
                errors.setdefault(field, []).append(why)

        if self.kind == self.Kind.LEGAL:
            require("inn", "ИНН обязателен для юридического лица")
            require("kpp", "КПП обязателен для юридического лица")
            require("ogrn", "ОГРН обязателен для юридического лица")
            check("inn", identifiers.validate_inn_legal)
            check("kpp", identifiers.validate_kpp)
            check("ogrn", identifiers.validate_ogrn)
            if self.ogrnip:
                errors.setdefault("ogrnip", []).append("ОГРНИП указывается только для ИП")
        elif self.kind == self.Kind.ENTREPRENEUR:
            require("inn", "ИНН обязателен для индивидуального предпринимателя")
            require("ogrnip", "ОГРНИП обязателен для индивидуального предпринимателя")
            check("inn", identifiers.validate_inn_person)
            check("ogrnip", identifiers.validate_ogrnip)
            if self.kpp:
                errors.setdefault("kpp", []).append("У ИП нет КПП")
        elif self.kind == self.Kind.CITIZEN:
            require("last_name", "Фамилия обязательна для гражданина")
            require("first_name", "Имя обязательно для гражданина")
            check("inn", identifiers.validate_inn_person)
            check("snils", identifiers.validate_snils)
            for field in ("kpp", "ogrn", "ogrnip"):
                if getattr(self, field):
                    errors.setdefault(field, []).append("Не указывается для гражданина")
            if self.penalty_category and self.penalty_category != self.PenaltyCategory.CITIZEN:
                errors.setdefault("penalty_category", []).append(
                    "Для гражданина пени считаются по ЖК РФ ст. 155 ч. 14 (категория «Граждане»)"
                )
        if (self.signatory_first_name or self.signatory_middle_name) and not self.signatory_last_name:
            errors.setdefault("signatory_last_name", []).append("Укажите фамилию подписанта")
        if self.signatory_last_name and not self.signatory_first_name:
            errors.setdefault("signatory_first_name", []).append("Укажите имя подписанта")
        if self.kind != self.Kind.CITIZEN and self.penalty_category == self.PenaltyCategory.CITIZEN:
            errors.setdefault("penalty_category", []).append("Категория «Граждане» только для физических лиц")
        if errors:
            raise ValidationError(errors)

    @property
    def citizen_full_name(self) -> str:
        return person_full(self.last_name, self.first_name, self.middle_name)

    @property
    def signatory_name(self) -> str:
        """The consumer's signer, «Орлов Андрей Викторович» (pages; letters decline the parts)."""
        return person_full(self.signatory_last_name, self.signatory_first_name, self.signatory_middle_name)


class HeatedObject(models.Model):
    """A building or premises supplied with heat (объект теплопотребления)."""

    class Purpose(models.TextChoices):
        RESIDENTIAL = "residential", "Жилое"
        NON_RESIDENTIAL = "non_residential", "Нежилое"

    code = models.CharField("код объекта", max_length=50, unique=True)
    consumer = models.ForeignKey(
        Consumer, on_delete=models.PROTECT, related_name="heated_objects", verbose_name="абонент"
    )
    name = models.CharField("наименование", max_length=300)
    address = models.CharField("адрес", max_length=500, db_index=True)
    cadastral_number = models.CharField("кадастровый номер", max_length=40, blank=True)
    purpose = models.CharField("назначение", max_length=20, choices=Purpose.choices)
    heated_area = models.DecimalField(
        "отапливаемая площадь, м²", max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    heated_volume = models.DecimalField(
        "отапливаемый объем, м³", max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    design_indoor_temperature = models.DecimalField(
        "расчетная температура внутреннего воздуха, °C", max_digits=4, decimal_places=1, default=Decimal("20")
    )
    network_section = models.ForeignKey(
        NetworkSection, on_delete=models.PROTECT, null=True, blank=True, related_name="heated_objects",
        verbose_name="участок сети / источник",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "объект теплопотребления"
        verbose_name_plural = "объекты теплопотребления"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}, {self.address}"


class HeatLoad(models.Model):
    """Contractual hourly loads of an object, Гкал/ч, valid over a date range."""

    heated_object = models.ForeignKey(
        HeatedObject, on_delete=models.CASCADE, related_name="loads", verbose_name="объект"
    )
    valid_from = models.DateField("действует с")
    valid_to = models.DateField("действует по", null=True, blank=True)
    heating = models.DecimalField("отопление, Гкал/ч", default=Decimal("0"), **LOAD)
    ventilation = models.DecimalField("вентиляция, Гкал/ч", default=Decimal("0"), **LOAD)
    hot_water_avg = models.DecimalField("ГВС средняя, Гкал/ч", default=Decimal("0"), **LOAD)
    hot_water_max = models.DecimalField("ГВС максимальная, Гкал/ч", default=Decimal("0"), **LOAD)
    basis = models.CharField("основание", max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "тепловая нагрузка"
        verbose_name_plural = "тепловые нагрузки"
        ordering = ["heated_object", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["heated_object", "valid_from"], name="heatload_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.heated_object.code} с {self.valid_from:%d.%m.%Y}"

    @property
    def total(self) -> Decimal:
        return self.heating + self.ventilation + self.hot_water_avg

    def clean(self):
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": "Дата окончания раньше даты начала"})
        if self.hot_water_max is not None and self.hot_water_avg is not None and self.hot_water_max < self.hot_water_avg:
            raise ValidationError({"hot_water_max": "Максимальная нагрузка ГВС меньше средней"})
        if self.heated_object_id and self.valid_from:
            overlapping = HeatLoad.objects.filter(heated_object_id=self.heated_object_id).exclude(pk=self.pk)
            overlapping = overlapping.filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=self.valid_from))
            if self.valid_to:
                overlapping = overlapping.filter(valid_from__lte=self.valid_to)
            if overlapping.exists():
                raise ValidationError({"valid_from": "Период пересекается с другой нагрузкой этого объекта"})


class Contract(models.Model):
    """A heat-supply contract (договор теплоснабжения)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Проект"
        ACTIVE = "active", "Действует"
        SUSPENDED = "suspended", "Приостановлен"
        TERMINATED = "terminated", "Расторгнут"

    class PaymentScheme(models.TextChoices):
        PP808 = "pp808", "ПП РФ № 808: 35 % до 18-го, 50 % до конца месяца, остаток до 10-го"
        CITIZEN = "citizen", "Граждане: ЖК РФ ст. 155 ч. 1 (до 10-го / 15-го следующего месяца)"
        MANAGING_ORG = "managing_org", "УК: до 15-го следующего месяца (ПП РФ № 124)"
        CUSTOM = "custom", "Иной порядок по договору"

    MONEY_FIELDS = (
        "tariff_group", "payment_scheme", "advance1_percent", "advance1_day",
        "advance2_percent", "advance2_day", "final_payment_day",
    )
    # What decides whether and from when a contract is billed: changing these needs
    # ``change_contract_terms``. Technicians change only TECHNICAL_FIELDS.
    TERMS_FIELDS = ("number", "signed_on", "valid_from", "valid_to", "auto_renewal", "status")
    TECHNICAL_FIELDS = ("objects_covered", "balance_boundary", "note")

    number = models.CharField("номер", max_length=50, unique=True)
    signed_on = models.DateField("дата договора")
    valid_from = models.DateField("действует с")
    valid_to = models.DateField("действует по", null=True, blank=True)
    auto_renewal = models.BooleanField("пролонгация", default=True)
    status = models.CharField("статус", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    consumer = models.ForeignKey(Consumer, on_delete=models.PROTECT, related_name="contracts", verbose_name="абонент")
    objects_covered = models.ManyToManyField(
        HeatedObject, related_name="contracts", verbose_name="объекты", blank=True
    )
    tariff_group = models.ForeignKey(
        TariffGroup, on_delete=models.PROTECT, related_name="contracts", verbose_name="тарифная группа"
    )
    payment_scheme = models.CharField(
        "порядок оплаты", max_length=20, choices=PaymentScheme.choices, default=PaymentScheme.PP808
    )
    # The money terms have no model defaults: a new contract takes those in force for its
    # consumer's category from the dated reference data (``services.default_payment_terms``).
    advance1_percent = models.DecimalField("первый авансовый платеж, %", max_digits=5, decimal_places=2)
    advance1_day = models.PositiveSmallIntegerField("срок первого платежа, число месяца")
    advance2_percent = models.DecimalField("второй авансовый платеж, %", max_digits=5, decimal_places=2)
    advance2_day = models.PositiveSmallIntegerField(
        "срок второго платежа, число месяца", null=True, blank=True, help_text="пусто — последний день месяца"
    )
    final_payment_day = models.PositiveSmallIntegerField("окончательный расчет, число следующего месяца")
    balance_boundary = models.TextField("граница балансовой принадлежности", blank=True)
    note = models.TextField("примечание", blank=True)
    history = HistoricalRecords(m2m_fields=[objects_covered])

    class Meta:
        verbose_name = "договор"
        verbose_name_plural = "договоры"
        ordering = ["number"]
        permissions = [
            ("change_money_terms", "Может изменять денежные условия договора"),
            ("change_contract_terms", "Может изменять номер, даты, срок, пролонгацию и статус договора"),
        ]

    def __str__(self) -> str:
        return f"№ {self.number} от {self.signed_on:%d.%m.%Y}"

    def clean(self):
        errors = {}
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            errors["valid_to"] = "Дата окончания раньше даты начала"
        if self.advance1_percent is not None and self.advance2_percent is not None \
                and self.advance1_percent + self.advance2_percent > 100:
            errors["advance2_percent"] = "Сумма авансов превышает 100 %"
        for field in ("advance1_day", "advance2_day", "final_payment_day"):
            value = getattr(self, field)
            if value is not None and not 1 <= value <= 31:
                errors[field] = "Число месяца должно быть от 1 до 31"
        if errors:
            raise ValidationError(errors)
