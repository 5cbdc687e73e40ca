"""Appeals of consumers and other applicants (docs/reception.md; docs/reception.md): the journal
row (``Appeal``) with its questions answered one by one (``AppealQuestion``), the actions the
answer cites (``AppealAction``), and the dated term of the answer (``AppealTerm``)."""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from reference.models import DatedRule

USER = settings.AUTH_USER_MODEL


class Applicant(models.TextChoices):
    RESIDENT = "resident", "Житель (ТСО — исполнитель коммунальной услуги, ПП 354 п. 31 «к»)"
    OTHER = "other", "Прочие заявители"


class AppealTerm(DatedRule):
    """The term of the answer for a kind of applicant, in force from ``valid_from``: residents
    where the organisation provides the utility directly (ПП 354 п. 31 «к»: 3 working days),
    others the organisation's own term (configurable)."""

    applicant = models.CharField("заявитель", max_length=20, choices=Applicant.choices)
    days = models.PositiveSmallIntegerField("срок, дней", validators=[MinValueValidator(1)])
    working_days = models.BooleanField("рабочих дней", default=True, help_text="снимите — календарных дней")

    class Meta:
        verbose_name = "срок ответа на обращение"
        verbose_name_plural = "сроки ответа на обращения"
        ordering = ["applicant", "-valid_from"]

    def __str__(self) -> str:
        kind = "рабочих" if self.working_days else "календарных"
        return f"{self.get_applicant_display()}: {self.days} {kind} дн. с {self.valid_from:%d.%m.%Y}"

    def clean(self):
        errors: dict[str, list[str]] = {}
        self._check_dates(errors)
        self._check_overlap(errors, AppealTerm.objects.filter(applicant=self.applicant), "тот же заявитель")
        if errors:
            raise ValidationError(errors)


class Appeal(models.Model):
    """An appeal as the journal keeps it (docs/reception.md, «The journal and letters»)."""

    class Channel(models.TextChoices):
        VISIT = "visit", "Личный прием"
        PAPER = "paper", "Письмо"
        EMAIL = "email", "Электронная почта"
        GIS = "gis", "ГИС ЖКХ"
        PHONE = "phone", "Телефон"
        DISPATCH = "dispatch", "Диспетчерская служба"

    class Category(models.TextChoices):
        CHARGES = "charges", "Начисления"
        PAYMENTS = "payments", "Оплата"
        DEBT = "debt", "Задолженность"
        PENALTIES = "penalties", "Пени"
        QUALITY = "quality", "Качество теплоснабжения"
        METERING = "metering", "Учет"
        CONTRACT = "contract", "Договор"

    class Status(models.TextChoices):
        REGISTERED = "registered", "Зарегистрировано"
        ASSIGNED = "assigned", "Передано исполнителю"
        ANSWERED = "answered", "Ответ подготовлен"
        SIGNED = "signed", "Ответ подписан"
        SENT = "sent", "Ответ отправлен"
        CLOSED = "closed", "Закрыто"

    class Result(models.TextChoices):
        RECALCULATED = "recalculated", "Произведен перерасчет"
        SATISFIED = "satisfied", "Требование удовлетворено"
        REFUSED = "refused", "Отказано"
        EXPLAINED = "explained", "Даны разъяснения"

    class Way(models.TextChoices):
        POST = "post", "Почтой (заказное письмо)"
        EMAIL = "email", "Электронной почтой"
        GIS = "gis", "Через ГИС ЖКХ"
        HAND = "hand", "Вручено лично"

    number = models.CharField("рег. №", max_length=30, unique=True)
    received_at = models.DateTimeField("дата и время поступления", db_index=True)
    channel = models.CharField("канал", max_length=20, choices=Channel.choices)
    applicant_kind = models.CharField("заявитель", max_length=20, choices=Applicant.choices)
    applicant_name = models.CharField("заявитель: ФИО или наименование", max_length=500)
    applicant_address = models.CharField("адрес заявителя", max_length=500, blank=True)
    applicant_phone = models.CharField("телефон заявителя", max_length=100, blank=True)
    applicant_email = models.EmailField("e-mail заявителя", blank=True)
    consumer = models.ForeignKey("subscribers.Consumer", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="appeals", verbose_name="абонент")
    contract = models.ForeignKey("subscribers.Contract", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="appeals", verbose_name="договор")
    incoming_number = models.CharField("исх. № заявителя", max_length=50, blank=True)
    incoming_date = models.DateField("дата письма заявителя", null=True, blank=True)
    category = models.CharField("категория", max_length=20, choices=Category.choices, db_index=True)
    summary = models.TextField("краткое содержание")
    due_on = models.DateField("срок ответа", db_index=True)
    due_norm = models.CharField("срок по норме", max_length=300)
    status = models.CharField("состояние", max_length=20, choices=Status.choices, default=Status.REGISTERED,
                              db_index=True)
    registered_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="зарегистрировал")
    executor = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name="исполнитель")
    assigned_at = models.DateTimeField("передано исполнителю", null=True, blank=True)
    result = models.CharField("результат", max_length=20, choices=Result.choices, blank=True)
    result_text = models.TextField("результат рассмотрения", blank=True)
    answered_at = models.DateTimeField("ответ подготовлен", null=True, blank=True)
    signed_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name="подписал")
    return_comment = models.TextField("замечания руководителя", blank=True)
    answer = models.ForeignKey("documents.ArchivedDocument", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name="ответ")
    answer_date = models.DateField("дата ответа", null=True, blank=True, db_index=True)
    sent_way = models.CharField("способ отправки", max_length=20, choices=Way.choices, blank=True)
    sent_on = models.DateField("дата отправки", null=True, blank=True)
    delivery_proof = models.CharField("подтверждение вручения", max_length=500, blank=True)
    escalated_at = models.DateTimeField("передано руководителю как просроченное", null=True, blank=True)
    closed_at = models.DateTimeField("закрыто", null=True, blank=True)

    class Meta:
        verbose_name = "обращение"
        verbose_name_plural = "обращения"
        ordering = ["-received_at", "-pk"]
        permissions = [
            ("register_appeal", "Регистрировать обращения"),
            ("assign_appeal", "Назначать исполнителя обращения"),
            ("answer_appeal", "Готовить ответ на обращение"),
            ("sign_appeal", "Подписывать ответ на обращение"),
            ("issue_letter", "Выпускать письма отдела"),
            ("view_performance", "Видеть эффективность работы отдела"),
        ]

    def __str__(self) -> str:
        return f"Обращение № {self.number} от {timezone.localtime(self.received_at):%d.%m.%Y}"

    @property
    def received_on(self):
        return timezone.localdate(self.received_at)

    def overdue_on(self, today) -> bool:
        """Answered after the term, or still unanswered past it."""
        if self.answer_date is not None:
            return self.answer_date > self.due_on
        return today > self.due_on


class AppealQuestion(models.Model):
    """One question of the appeal and its answer (every question answered)."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="questions", verbose_name="обращение")
    position = models.PositiveSmallIntegerField("№ п/п")
    text = models.TextField("вопрос")
    answer = models.TextField("ответ", blank=True)

    class Meta:
        verbose_name = "вопрос обращения"
        verbose_name_plural = "вопросы обращения"
        ordering = ["appeal", "position"]
        constraints = [models.UniqueConstraint(fields=["appeal", "position"], name="appeal_question_position")]

    def __str__(self) -> str:
        return f"{self.position}. {self.text[:60]}"


class AppealAction(models.Model):
    """An action started from the appeal (an inspection, a recalculation, a reading check, a
    reconciliation) whose result the answer cites."""

    class Kind(models.TextChoices):
        INSPECTION = "inspection", "Обследование"
        RECALCULATION = "recalculation", "Перерасчет"
        READING_CHECK = "reading_check", "Проверка показаний"
        RECONCILIATION = "reconciliation", "Сверка расчетов"

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="actions", verbose_name="обращение")
    kind = models.CharField("действие", max_length=20, choices=Kind.choices)
    description = models.TextField("что поручено")
    reference = models.CharField("начатый процесс или документ", max_length=300, blank=True)
    result = models.TextField("результат", blank=True)
    started_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="начал")
    started_at = models.DateTimeField("начато", default=timezone.now)

    class Meta:
        verbose_name = "действие по обращению"
        verbose_name_plural = "действия по обращениям"
        ordering = ["appeal", "started_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description[:60]}"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Понедельник"
    TUESDAY = 1, "Вторник"
    WEDNESDAY = 2, "Среда"
    THURSDAY = 3, "Четверг"
    FRIDAY = 4, "Пятница"
    SATURDAY = 5, "Суббота"
    SUNDAY = 6, "Воскресенье"


class ReceptionHours(models.Model):
    """A specialist's reception hours on a weekday, cut into slots of ``slot_minutes``
    (a slot that would end after ``ends`` is not offered)."""

    specialist = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="специалист")
    weekday = models.PositiveSmallIntegerField("день недели", choices=Weekday.choices)
    starts = models.TimeField("с")
    ends = models.TimeField("до")
    slot_minutes = models.PositiveSmallIntegerField("длительность приема, мин", default=30,
                                                    validators=[MinValueValidator(5)])
    place = models.CharField("кабинет", max_length=100, blank=True)
    active = models.BooleanField("действует", default=True)

    class Meta:
        verbose_name = "часы приема специалиста"
        verbose_name_plural = "часы приема специалистов"
        ordering = ["weekday", "starts", "pk"]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"

    def clean(self):
        if self.starts and self.ends and self.starts >= self.ends:
            raise ValidationError({"ends": "Окончание приема должно быть позже начала"})
        if self.starts and self.ends and self.slot_minutes and not self.slots():
            raise ValidationError({"slot_minutes": "В часы приема не помещается ни один прием"})

    def slots(self) -> list[time]:
        """The start of every slot that ends by ``ends``."""
        current = self.starts.hour * 60 + self.starts.minute
        end = self.ends.hour * 60 + self.ends.minute
        found = []
        while current + self.slot_minutes <= end:
            found.append(time(current // 60, current % 60))
            current += self.slot_minutes
        return found


class Booking(models.Model):
    """A visitor booked into a slot of a specialist's reception hours."""

    hours = models.ForeignKey(ReceptionHours, on_delete=models.PROTECT, related_name="bookings",
                              verbose_name="часы приема")
    specialist = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="специалист")
    starts_at = models.DateTimeField("время приема", db_index=True)
    visitor_name = models.CharField("посетитель", max_length=500)
    visitor_phone = models.CharField("телефон посетителя", max_length=100, blank=True)
    consumer = models.ForeignKey("subscribers.Consumer", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name="абонент")
    appeal = models.ForeignKey(Appeal, on_delete=models.PROTECT, null=True, blank=True, related_name="bookings",
                               verbose_name="обращение")
    booked_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="записал")
    booked_at = models.DateTimeField("записано", default=timezone.now)

    class Meta:
        verbose_name = "запись на прием"
        verbose_name_plural = "записи на прием"
        ordering = ["starts_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["specialist", "starts_at"], name="booking_one_per_slot")]

    def __str__(self) -> str:
        return f"{self.visitor_name}: {timezone.localtime(self.starts_at):%d.%m.%Y %H:%M}"
