"""The preparation of heat-supply contracts and their amendments (docs/contracts.md).

A consumer's application (``ContractApplication``) carries its document checklist, the
draft's terms and the signers of both parties; the technical part is one ``DraftLoad`` per
object (loads by type of use, the monthly contract volumes, the point of supply, the
metering unit); the consumer's objections are ``DisagreementProtocol`` rows point by point;
a signed contract or supplementary agreement leaves a ``ContractVersion`` in the register.
Writes go through ``contracts.services``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from subscribers.models import LOAD, AuthorityBasis


class ContractApplication(models.Model):
    """A consumer's application for a contract (or for a change of an active one)."""

    class Kind(models.TextChoices):
        NEW = "new", "Заключение договора"
        AMENDMENT = "amendment", "Дополнительное соглашение"

    class Status(models.TextChoices):
        REGISTERED = "registered", "Зарегистрирована"
        AWAITING_DOCUMENTS = "awaiting_documents", "Запрошены документы"
        DRAFTING = "drafting", "Подготовка технической части"
        REVIEW = "review", "Проверка юристом"
        APPROVAL = "approval", "Утверждение руководителем"
        ISSUED = "issued", "Пакет выпущен"
        SENT = "sent", "Направлен абоненту"
        DISAGREEMENT = "disagreement", "Протокол разногласий"
        SIGNED = "signed", "Подписан"
        REFUSED = "refused", "Отказ"

    kind = models.CharField("вид", max_length=20, choices=Kind.choices, default=Kind.NEW)
    status = models.CharField("состояние", max_length=30, choices=Status.choices, default=Status.REGISTERED)
    consumer = models.ForeignKey("subscribers.Consumer", on_delete=models.PROTECT, related_name="contract_applications",
                                 verbose_name="абонент")
    base_contract = models.ForeignKey("subscribers.Contract", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="amendment_applications", verbose_name="изменяемый договор")
    changes = models.TextField("что изменяется", blank=True)
    objects_requested = models.ManyToManyField("subscribers.HeatedObject", related_name="contract_applications",
                                               verbose_name="объекты")
    received_on = models.DateField("дата заявки")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                      verbose_name="зарегистрировал")
    documents_due = models.DateField("срок представления документов", null=True, blank=True)
    # the draft
    valid_from = models.DateField("действует с", null=True, blank=True)
    valid_to = models.DateField("действует по", null=True, blank=True)
    tariff_group = models.ForeignKey("subscribers.TariffGroup", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name="тарифная группа")
    balance_boundary = models.TextField("граница балансовой принадлежности", blank=True)
    operational_boundary = models.TextField("граница эксплуатационной ответственности", blank=True)
    our_signatory = models.ForeignKey("subscribers.Signatory", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name="подписант ТСО")
    signer_position = models.CharField("должность подписанта абонента", max_length=200, blank=True)
    signer_last_name = models.CharField("фамилия подписанта абонента", max_length=100, blank=True)
    signer_first_name = models.CharField("имя подписанта абонента", max_length=100, blank=True)
    signer_middle_name = models.CharField("отчество подписанта абонента", max_length=100, blank=True)
    signer_basis = models.CharField("основание полномочий подписанта абонента", max_length=20,
                                    choices=AuthorityBasis.choices, blank=True)
    signer_poa_number = models.CharField("№ доверенности подписанта абонента", max_length=50, blank=True)
    signer_poa_date = models.DateField("дата доверенности подписанта абонента", null=True, blank=True)
    signer_poa_valid_until = models.DateField("доверенность подписанта абонента действует до", null=True, blank=True)
    # the decisions
    review_comment = models.TextField("замечания юриста", blank=True)
    draft_returned = models.BooleanField("проект возвращен", default=False)
    approved = models.BooleanField("утвержден руководителем", default=False)
    documents_refused = models.BooleanField("отказ: документы не представлены", default=False)
    package = models.ForeignKey("documents.ArchivedDocument", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name="выпущенный договор (соглашение)")
    sent_on = models.DateField("направлен абоненту", null=True, blank=True)
    signed_on = models.DateField("подписан", null=True, blank=True)
    refusal = models.TextField("причина отказа", blank=True)
    contract = models.ForeignKey("subscribers.Contract", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="applications", verbose_name="договор в реестре")

    class Meta:
        verbose_name = "заявка на договор"
        verbose_name_plural = "заявки на договоры"
        ordering = ["-received_on", "-pk"]
        permissions = [
            ("register_application", "Может регистрировать заявки на договор и их отправку"),
            ("prepare_draft", "Может готовить техническую часть договора"),
            ("review_draft", "Может проверять проект договора и отвечать на протоколы разногласий"),
            ("approve_contract", "Может утверждать договор и решать по просроченным срокам"),
        ]

    def __str__(self) -> str:
        what = "доп. соглашение" if self.kind == self.Kind.AMENDMENT else "договор"
        return f"Заявка № {self.pk} ({what}): {self.consumer}"

    @property
    def is_amendment(self) -> bool:
        return self.kind == self.Kind.AMENDMENT

    def clean(self):
        errors = {}
        if self.kind == self.Kind.AMENDMENT:
            if not self.base_contract_id:
                errors["base_contract"] = "Для дополнительного соглашения укажите изменяемый договор"
            if not self.changes.strip():
                errors["changes"] = "Для дополнительного соглашения укажите, что изменяется"
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            errors["valid_to"] = "Дата окончания раньше даты начала"
        if errors:
            raise ValidationError(errors)


class ChecklistItem(models.Model):
    """One document of the application's checklist; ``received_on`` empty — still missing."""

    class Kind(models.TextChoices):
        CONSTITUENT = "constituent", "Учредительные документы (устав)"
        IDENTITY = "identity", "Документ, удостоверяющий личность"
        TITLE = "title", "Документ о праве на объект (выписка из ЕГРН, договор аренды)"
        REGISTER_EXTRACT = "register_extract", "Выписка из ЕГРЮЛ / ЕГРИП"
        POWER_OF_ATTORNEY = "power_of_attorney", "Доверенность представителя"
        CONNECTION = "connection", "Технические условия или акт о подключении"
        LOAD_CALCULATION = "load_calculation", "Расчет тепловых нагрузок"

    # «Выписка … — получена», «Учредительные документы … — получены»: the ending of a participle
    # that agrees with the document's name in gender and number
    ENDING = {
        Kind.CONSTITUENT: "ы",
        Kind.IDENTITY: "",
        Kind.TITLE: "",
        Kind.REGISTER_EXTRACT: "а",
        Kind.POWER_OF_ATTORNEY: "а",
        Kind.CONNECTION: "ы",
        Kind.LOAD_CALCULATION: "",
    }

    application = models.ForeignKey(ContractApplication, on_delete=models.CASCADE, related_name="checklist",
                                    verbose_name="заявка")
    kind = models.CharField("документ", max_length=30, choices=Kind.choices)
    received_on = models.DateField("получен", null=True, blank=True)

    class Meta:
        verbose_name = "документ заявки"
        verbose_name_plural = "документы заявки"
        ordering = ["application", "pk"]
        constraints = [models.UniqueConstraint(fields=["application", "kind"], name="checklist_unique_kind")]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def received_word(self) -> str:
        """«получен», «получена» or «получены», as the document's name asks."""
        return f"получен{self.ENDING[self.kind]}"

    @property
    def missing_word(self) -> str:
        """«не представлен», «не представлена» or «не представлены»."""
        return f"не представлен{self.ENDING[self.kind]}"


class DraftLoad(models.Model):
    """The technical part for one object: loads by type of use, point of supply, metering
    unit, and the monthly contract volumes computed from the loads (``volumes``: month
    number → Гкал as text)."""

    application = models.ForeignKey(ContractApplication, on_delete=models.CASCADE, related_name="loads",
                                    verbose_name="заявка")
    heated_object = models.ForeignKey("subscribers.HeatedObject", on_delete=models.PROTECT, related_name="+",
                                      verbose_name="объект")
    supply_point = models.CharField("точка поставки", max_length=300)
    metering_unit = models.ForeignKey("metering.MeteringUnit", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name="узел учета")
    heating = models.DecimalField("отопление, Гкал/ч", default=Decimal("0"), **LOAD)
    ventilation = models.DecimalField("вентиляция, Гкал/ч", default=Decimal("0"), **LOAD)
    hot_water_avg = models.DecimalField("ГВС средняя, Гкал/ч", default=Decimal("0"), **LOAD)
    hot_water_max = models.DecimalField("ГВС максимальная, Гкал/ч", default=Decimal("0"), **LOAD)
    design_outdoor_temperature = models.DecimalField("расчетная температура наружного воздуха, °C", max_digits=4,
                                                     decimal_places=1, null=True, blank=True)
    volumes = models.JSONField("договорные объемы по месяцам, Гкал", default=dict, blank=True)

    class Meta:
        verbose_name = "нагрузка проекта договора"
        verbose_name_plural = "нагрузки проекта договора"
        ordering = ["application", "heated_object__code"]
        constraints = [models.UniqueConstraint(fields=["application", "heated_object"], name="draftload_unique_object")]

    def __str__(self) -> str:
        return f"{self.heated_object.code}: {self.total} Гкал/ч"

    @property
    def total(self) -> Decimal:
        return self.heating + self.ventilation + self.hot_water_avg


class DisagreementProtocol(models.Model):
    """A «протокол разногласий» the consumer returned, and our «протокол согласования
    разногласий» that answers it."""

    application = models.ForeignKey(ContractApplication, on_delete=models.CASCADE, related_name="protocols",
                                    verbose_name="заявка")
    round = models.PositiveSmallIntegerField("раунд", validators=[MinValueValidator(1)])
    received_on = models.DateField("получен")
    recorded = models.ForeignKey("documents.ArchivedDocument", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name="протокол разногласий")
    answer = models.ForeignKey("documents.ArchivedDocument", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name="протокол согласования разногласий")
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="ответил")

    class Meta:
        verbose_name = "протокол разногласий"
        verbose_name_plural = "протоколы разногласий"
        ordering = ["application", "round"]
        constraints = [models.UniqueConstraint(fields=["application", "round"], name="protocol_unique_round")]

    def __str__(self) -> str:
        return f"Протокол разногласий № {self.round} от {self.received_on:%d.%m.%Y}"


class DisagreementPoint(models.Model):
    class Decision(models.TextChoices):
        ACCEPTED = "accepted", "Принять редакцию абонента"
        REJECTED = "rejected", "Оставить редакцию ТСО"
        AGREED = "agreed", "Согласованная редакция"

    protocol = models.ForeignKey(DisagreementProtocol, on_delete=models.CASCADE, related_name="points",
                                 verbose_name="протокол")
    clause = models.CharField("пункт договора", max_length=100)
    our_wording = models.TextField("редакция ТСО")
    their_wording = models.TextField("редакция абонента")
    decision = models.CharField("решение", max_length=20, choices=Decision.choices, blank=True)
    agreed_wording = models.TextField("согласованная редакция", blank=True)

    class Meta:
        verbose_name = "пункт разногласий"
        verbose_name_plural = "пункты разногласий"
        ordering = ["protocol", "pk"]

    def __str__(self) -> str:
        return f"п. {self.clause}"

    @property
    def final_wording(self) -> str:
        return {self.Decision.ACCEPTED: self.their_wording, self.Decision.REJECTED: self.our_wording}.get(
            self.decision, self.agreed_wording)


class ContractVersion(models.Model):
    """An edition of a contract in the register: the contract itself (version 1), then each
    signed supplementary agreement, with what it changed and its document."""

    contract = models.ForeignKey("subscribers.Contract", on_delete=models.PROTECT, related_name="versions",
                                 verbose_name="договор")
    version = models.PositiveSmallIntegerField("редакция", validators=[MinValueValidator(1)])
    application = models.OneToOneField(ContractApplication, on_delete=models.PROTECT, related_name="version",
                                       verbose_name="заявка")
    document = models.ForeignKey("documents.ArchivedDocument", on_delete=models.PROTECT, related_name="+",
                                 verbose_name="документ")
    signed_on = models.DateField("подписан")
    effective_from = models.DateField("действует с")
    changes = models.TextField("что изменено", blank=True)
    terms = models.JSONField("условия редакции", default=dict)

    class Meta:
        verbose_name = "редакция договора"
        verbose_name_plural = "редакции договоров"
        ordering = ["contract", "version"]
        constraints = [models.UniqueConstraint(fields=["contract", "version"], name="contractversion_unique")]

    def __str__(self) -> str:
        return f"{self.contract.number}, редакция {self.version}"
