"""Field inspections of heat consumption and the acts they end with (docs/inspections.md).

A ``FieldInspection`` is planned — a stop of an ``InspectionRoute`` (objects for a date, given
to a technician or a team) — or unplanned, reported by anyone (a dispatcher's call, a meter
reader's note, a reading the rules flagged). It ends either «нарушений не выявлено» (with the
photos) or a ``ViolationAct``: contract-less consumption (190-ФЗ ст. 2 п. 29) or unmetered
consumption (ПП РФ № 1034), with its rows — loads, meters, seals, persons present, witnesses.
Photos are kept in the document archive with their SHA-256 (``InspectionPhoto``).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

USER = settings.AUTH_USER_MODEL
POSITIVE = [MinValueValidator(Decimal("0"))]


class InspectionRoute(models.Model):
    """A planned round: the objects to visit on a date, in order, given to a technician or a team."""

    route_date = models.DateField("дата обхода")
    technician = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name="техник")
    team = models.ForeignKey("metering.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name="бригада")
    note = models.CharField("задание", max_length=500, blank=True)
    sheet = models.ForeignKey("documents.ArchivedDocument", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name="маршрутный лист")
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="составил")
    created_at = models.DateTimeField("составлен", default=timezone.now)

    class Meta:
        verbose_name = "маршрут обхода"
        verbose_name_plural = "маршруты обхода"
        ordering = ["-route_date", "-pk"]

    def __str__(self) -> str:
        return f"Маршрут № {self.pk} на {self.route_date:%d.%m.%Y}"


class FieldInspection(models.Model):
    """One visit to one object: a stop of a route, or an unplanned inspection reported by anyone."""

    class Source(models.TextChoices):
        ROUTE = "route", "Плановый обход"
        DISPATCHER = "dispatcher", "Звонок диспетчеру"
        METER_READER = "meter_reader", "Записка контролера"
        READING_ANOMALY = "reading_anomaly", "Отметка проверки показаний"

    class Result(models.TextChoices):
        PENDING = "pending", "Не проведено"
        NO_VIOLATION = "no_violation", "Нарушений не выявлено"
        ACT = "act", "Составлен акт"

    source = models.CharField("источник", max_length=20, choices=Source.choices)
    route = models.ForeignKey(InspectionRoute, on_delete=models.CASCADE, null=True, blank=True, related_name="stops",
                              verbose_name="маршрут")
    stop_order = models.PositiveSmallIntegerField("порядок в маршруте", null=True, blank=True)
    heated_object = models.ForeignKey("subscribers.HeatedObject", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name="объект из реестра")
    unit = models.ForeignKey("metering.MeteringUnit", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name="узел учета")
    address = models.CharField("адрес", max_length=500)
    report_note = models.TextField("что сообщено", blank=True)
    reporter = models.CharField("кто сообщил (если не пользователь системы)", max_length=300, blank=True)
    reported_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name="зарегистрировал")  # empty: the system (a reading's flag)
    reported_at = models.DateTimeField("когда сообщено", default=timezone.now)
    technician = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name="техник")
    result = models.CharField("результат", max_length=20, choices=Result.choices, default=Result.PENDING)
    inspected_on = models.DateField("дата обследования", null=True, blank=True)
    result_note = models.TextField("что установлено", blank=True)
    closed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name="записал результат")
    closed_at = models.DateTimeField("результат записан", null=True, blank=True)

    class Meta:
        verbose_name = "обследование"
        verbose_name_plural = "обследования"
        ordering = ["-reported_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["route", "stop_order"], name="inspections_one_stop_per_place"),
        ]

    def __str__(self) -> str:
        return f"Обследование № {self.pk}: {self.address}"

    @property
    def planned(self) -> bool:
        return self.route_id is not None


class InspectionPhoto(models.Model):
    """A photo of an inspection (of its act too), stored in the archive with its SHA-256."""

    inspection = models.ForeignKey(FieldInspection, on_delete=models.PROTECT, related_name="photos",
                                   verbose_name="обследование")
    caption = models.CharField("что на снимке", max_length=300, blank=True)
    storage_name = models.CharField("файл в архиве", max_length=300, unique=True)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField("размер, байт")
    content_type = models.CharField("тип", max_length=50)
    original_name = models.CharField("имя файла", max_length=255, blank=True)
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "фото обследования"
        verbose_name_plural = "фото обследований"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.caption or self.original_name or f"Фото № {self.pk}"


class ViolationAct(models.Model):
    """An act of contract-less or unmetered consumption found at an inspection (docs/inspections.md)."""

    class Kind(models.TextChoices):
        CONTRACTLESS = "contractless", "Бездоговорное потребление"
        UNMETERED = "unmetered", "Безучетное потребление (нарушение учета)"

    class Violation(models.TextChoices):
        # 190-ФЗ ст. 2 п. 29: the four cases of contract-less consumption
        NO_CONTRACT = "no_contract", "Потребление без заключенного договора теплоснабжения"
        UNLAWFUL_CONNECTION = "unlawful_connection", "Самовольное подключение к системе теплоснабжения"
        ABOVE_LIMIT = "above_limit", "Потребление сверх уровня, установленного при ограничении"
        AFTER_DEMAND = "after_demand", "Потребление после предъявления требования о прекращении"
        # ПП РФ № 1034: the metering unit is failed
        SEAL_BROKEN = "seal_broken", "Нарушена или отсутствует пломба"
        BYPASS = "bypass", "Обводная линия, врезка помимо узла учета"
        INTERFERENCE = "interference", "Вмешательство в работу узла учета"
        VERIFICATION_EXPIRED = "verification_expired", "Истек срок поверки прибора учета"
        OUT_OF_LIMITS = "out_of_limits", "Работа прибора за пределами нормированных диапазонов"

    class Status(models.TextChoices):
        FILLED = "filled", "Заполнен"
        ISSUED = "issued", "Выпущен, на проверке у юриста"
        RETURNED = "returned", "Возвращен на исправление"
        ACCEPTED = "accepted", "Принят юристом"

    class PersonKind(models.TextChoices):
        ORGANIZATION = "organization", "Организация или ИП"
        CITIZEN = "citizen", "Гражданин"

    class Signature(models.TextChoices):
        SIGNED = "signed", "Подписан потребителем (представителем)"
        REFUSED = "refused", "Потребитель отказался от подписи"
        ABSENT = "absent", "Потребитель (представитель) не явился"

    inspection = models.OneToOneField(FieldInspection, on_delete=models.PROTECT, related_name="act",
                                      verbose_name="обследование")
    kind = models.CharField("вид", max_length=20, choices=Kind.choices)
    violation = models.CharField("нарушение", max_length=30, choices=Violation.choices)
    status = models.CharField("состояние", max_length=20, choices=Status.choices, default=Status.FILLED)
    found_on = models.DateField("дата составления")
    found_at = models.TimeField("время составления")
    place = models.CharField("место составления", max_length=300)
    basis = models.CharField("основание обследования", max_length=500)
    # the person
    consumer = models.ForeignKey("subscribers.Consumer", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name="потребитель из реестра")
    person_kind = models.CharField("лицо", max_length=20, choices=PersonKind.choices, blank=True)
    person_name = models.CharField("наименование / ФИО", max_length=500, blank=True)
    person_inn = models.CharField("ИНН", max_length=12, blank=True)
    person_ogrn = models.CharField("ОГРН / ОГРНИП", max_length=15, blank=True)
    person_passport = models.CharField("паспорт", max_length=300, blank=True)
    person_address = models.CharField("адрес лица", max_length=500, blank=True)
    title_to_object = models.CharField("право на объект", max_length=500, blank=True)
    representative = models.CharField("представитель и его полномочия", max_length=500, blank=True)
    # the object
    object_address = models.CharField("адрес объекта", max_length=500)
    object_use = models.CharField("назначение объекта", max_length=300)
    object_volume = models.DecimalField("строительный объем, м³", max_digits=12, decimal_places=1, null=True,
                                        blank=True, validators=POSITIVE)
    object_area = models.DecimalField("площадь, м²", max_digits=12, decimal_places=1, null=True, blank=True,
                                      validators=POSITIVE)
    # the breach
    intake_place = models.CharField("место потребления (присоединения)", max_length=500)
    intake_method = models.TextField("способ потребления, описание нарушения")
    meters_note = models.TextField("приборы учета и их показания", blank=True)
    failure_at = models.CharField("время отказа по архиву прибора", max_length=100, blank=True)
    failed_on = models.DateField("дата отказа по архиву прибора", null=True, blank=True,
                                 help_text="с нее узел учета неисправен; пусто — с даты акта")
    previous_inspection_on = models.DateField("дата предыдущей проверки", null=True, blank=True)
    explanations = models.TextField("объяснения потребителя", blank=True)
    objections = models.TextField("возражения к акту", blank=True)
    orders = models.TextField("выданные предписания", blank=True)
    # the signature
    signature = models.CharField("подписание", max_length=20, choices=Signature.choices)
    signed_by = models.CharField("подписал за потребителя", max_length=300, blank=True)
    refusal_reason = models.TextField("причина отказа или неявки", blank=True)
    copies = models.PositiveSmallIntegerField("экземпляров", default=2)
    document = models.ForeignKey("documents.ArchivedDocument", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name="выпущенный акт")
    filled_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="составил")
    filled_at = models.DateTimeField("заполнен", default=timezone.now)
    reviewed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name="проверил")
    reviewed_at = models.DateTimeField("проверен", null=True, blank=True)

    class Meta:
        verbose_name = "акт о нарушении"
        verbose_name_plural = "акты о нарушениях"
        ordering = ["-found_on", "-pk"]
        permissions = [
            ("fill_act", "Может составлять акты о бездоговорном и безучетном потреблении"),
            ("review_act", "Может принимать и возвращать акты о нарушениях"),
            ("issue_calculation", "Может выпускать расчеты объема и стоимости по актам"),
            ("approve_calculation", "Может утверждать расчеты объема и стоимости по актам"),
            ("issue_payment_demand", "Может выпускать требования об оплате по актам"),
        ]

    def __str__(self) -> str:
        number = f" № {self.document.number}" if self.document_id else ""
        return f"Акт{number}: {self.get_kind_display().lower()}, {self.object_address}"


class ActLoad(models.Model):
    """A connected load by type of use with its basis (the load-setting method for contract-less use)."""

    class Use(models.TextChoices):
        HEATING = "heating", "Отопление"
        VENTILATION = "ventilation", "Вентиляция"
        HOT_WATER = "hot_water", "Горячее водоснабжение"
        PROCESS = "process", "Технологические нужды"

    class Basis(models.TextChoices):
        CONTRACT = "contract", "Договор теплоснабжения"
        CONDITIONS = "conditions", "Технические условия на подключение"
        BUILDING_VOLUME = "building_volume", "Расчет по строительному объему здания"

    act = models.ForeignKey(ViolationAct, on_delete=models.CASCADE, related_name="loads", verbose_name="акт")
    use = models.CharField("вид потребления", max_length=20, choices=Use.choices)
    load = models.DecimalField("нагрузка, Гкал/ч", max_digits=12, decimal_places=6, validators=POSITIVE)
    basis = models.CharField("основание", max_length=20, choices=Basis.choices)
    basis_detail = models.CharField("реквизиты основания, расчет", max_length=500)

    class Meta:
        verbose_name = "подключенная нагрузка"
        verbose_name_plural = "подключенные нагрузки"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_use_display()}: {self.load} Гкал/ч"


class ActMeter(models.Model):
    """A meter found at the object, with its reading and state."""

    act = models.ForeignKey(ViolationAct, on_delete=models.CASCADE, related_name="meters", verbose_name="акт")
    device = models.CharField("прибор (тип, модель)", max_length=300)
    serial_number = models.CharField("заводской №", max_length=50)
    reading = models.CharField("показания", max_length=200, blank=True)
    verification_valid_until = models.DateField("поверка действует до", null=True, blank=True)
    state = models.CharField("состояние", max_length=500, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.device} № {self.serial_number}"


class ActSeal(models.Model):
    """A seal: its number and place as recorded (the commissioning act) and as found."""

    act = models.ForeignKey(ViolationAct, on_delete=models.CASCADE, related_name="seals", verbose_name="акт")
    number_recorded = models.CharField("№ пломбы по акту допуска", max_length=50)
    place = models.CharField("место", max_length=300)
    found = models.CharField("состояние при проверке", max_length=300)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Пломба № {self.number_recorded}"


class ActPerson(models.Model):
    """Who was present: our staff, the consumer's representative, others."""

    class Side(models.TextChoices):
        SUPPLIER = "supplier", "Теплоснабжающая организация"
        CONSUMER = "consumer", "Потребитель"
        OTHER = "other", "Иное лицо"

    act = models.ForeignKey(ViolationAct, on_delete=models.CASCADE, related_name="persons", verbose_name="акт")
    side = models.CharField("сторона", max_length=20, choices=Side.choices)
    name = models.CharField("ФИО", max_length=300)
    position = models.CharField("должность", max_length=200, blank=True)
    authority = models.CharField("основание полномочий", max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class ActWitness(models.Model):
    """A disinterested witness of a refusal to sign or of the consumer's absence: not our staff."""

    act = models.ForeignKey(ViolationAct, on_delete=models.CASCADE, related_name="witnesses", verbose_name="акт")
    last_name = models.CharField("фамилия", max_length=100)
    first_name = models.CharField("имя", max_length=100)
    middle_name = models.CharField("отчество", max_length=100, blank=True)
    address = models.CharField("адрес", max_length=500)
    passport = models.CharField("документ, удостоверяющий личность", max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)


class ActReturn(models.Model):
    """A lawyer's return of an issued act to the technician, with what to correct."""

    act = models.ForeignKey(ViolationAct, on_delete=models.CASCADE, related_name="returns", verbose_name="акт")
    document = models.ForeignKey("documents.ArchivedDocument", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name="возвращенный документ")
    comment = models.TextField("что исправить")
    returned_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    returned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Возврат акта № {self.act_id}"


class CalculationTotal(models.Model):
    """The totals of an issued «Расчет объема и стоимости» kept as numbers (the document keeps them as
    formatted text): written by ``calculation_documents.calculation_issue``, read by the losses report
    (``inspections.losses``)."""

    document = models.OneToOneField("documents.ArchivedDocument", on_delete=models.PROTECT, related_name="+",
                                    verbose_name="выпущенный расчет")
    act = models.ForeignKey(ViolationAct, on_delete=models.PROTECT, null=True, blank=True,
                            related_name="calculation_totals", verbose_name="акт")
    kind = models.CharField("вид", max_length=20, choices=ViolationAct.Kind.choices)
    period_start = models.DateField("расчет с")
    period_end = models.DateField("расчет по")
    volume_gcal = models.DecimalField("объем, Гкал", max_digits=14, decimal_places=3)
    amount_without_vat = models.DecimalField("сумма без НДС, руб.", max_digits=14, decimal_places=2)
    vat = models.DecimalField("НДС, руб.", max_digits=14, decimal_places=2)
    total = models.DecimalField("всего с НДС, руб.", max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = "итоги расчета объема и стоимости"
        verbose_name_plural = "итоги расчетов объема и стоимости"
        ordering = ["pk"]
        permissions = [
            ("view_losses", "Может смотреть отчет о потерях"),
        ]

    def __str__(self) -> str:
        return f"{self.volume_gcal} Гкал, {self.total} руб."
