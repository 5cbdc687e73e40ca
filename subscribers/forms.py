"""Forms of the register pages: they convert input; services validate and save."""

from __future__ import annotations

from django import forms
from viewflow.forms import Caption, FieldSet, Layout, Row

from core.forms import ServiceModelForm

from .models import Consumer, Contract, HeatedObject, HeatLoad, Organization, Signatory


class ConsumerForm(ServiceModelForm):
    class Meta:
        model = Consumer
        fields = [
            "code", "kind", "penalty_category", "name", "short_name",
            "inn", "kpp", "ogrn", "ogrnip",
            "last_name", "first_name", "middle_name", "birth_date", "birth_place", "snils",
            "legal_address", "postal_address", "phone", "email", "contact_person",
            "signatory_last_name", "signatory_first_name", "signatory_middle_name", "signatory_position",
            "authority_basis", "authority_document", "is_active",
        ]

    layout = Layout(
        Row("code", "kind", "penalty_category"),
        Row("name", "short_name"),
        FieldSet("Реквизиты", Row("inn", "kpp"), Row("ogrn", "ogrnip")),
        FieldSet(
            "Гражданин",
            Row("last_name", "first_name", "middle_name"),
            Row("birth_date", "birth_place", "snils"),
        ),
        FieldSet("Адреса и контакты", "legal_address", "postal_address", Row("phone", "email", "contact_person")),
        FieldSet(
            "Подписант",
            Row("signatory_last_name", "signatory_first_name", "signatory_middle_name"),
            "signatory_position",
            Row("authority_basis", "authority_document"),
        ),
        "is_active",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False
        self.fields["code"].help_text = "пусто — номер присвоится автоматически"
        self.fields["name"].required = False
        self.fields["name"].help_text = "для гражданина можно не заполнять — будет составлено из ФИО"
        self.fields["penalty_category"].required = False
        if self.instance.pk:
            self.fields["code"].disabled = True


class HeatedObjectForm(ServiceModelForm):
    class Meta:
        model = HeatedObject
        fields = [
            "consumer", "code", "name", "address", "cadastral_number", "purpose",
            "heated_area", "heated_volume", "design_indoor_temperature", "network_section",
        ]

    layout = Layout(
        Row("consumer", "code"),
        Row("name", "purpose"),
        "address",
        Row("cadastral_number", "network_section"),
        Row("heated_area", "heated_volume", "design_indoor_temperature"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False
        self.fields["code"].help_text = "пусто — код присвоится автоматически"
        if self.instance.pk:
            self.fields["consumer"].disabled = True
            self.fields["code"].disabled = True


class HeatLoadForm(ServiceModelForm):
    class Meta:
        model = HeatLoad
        fields = [
            "heated_object", "valid_from", "valid_to",
            "heating", "ventilation", "hot_water_avg", "hot_water_max", "basis",
        ]

    layout = Layout(
        "heated_object",
        Row("valid_from", "valid_to"),
        Row("heating", "ventilation"),
        Row("hot_water_avg", "hot_water_max"),
        "basis",
        Caption("Новая нагрузка с открытым сроком закрывает действующую днем раньше."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["heated_object"].disabled = True


CONTRACT_TERMS = [
    "consumer", "number", "signed_on", "valid_from", "valid_to", "auto_renewal", "status",
    "objects_covered", "balance_boundary", "note",
]


class ContractForm(ServiceModelForm):
    """All of a contract, money terms included (for those with ``change_money_terms``)."""

    class Meta:
        model = Contract
        fields = [*CONTRACT_TERMS, *Contract.MONEY_FIELDS]
        widgets = {"objects_covered": forms.CheckboxSelectMultiple}

    layout = Layout(
        Row("consumer", "number", "status"),
        Row("signed_on", "valid_from", "valid_to", "auto_renewal"),
        FieldSet(
            "Денежные условия",
            Row("tariff_group", "payment_scheme"),
            Row("advance1_percent", "advance1_day"),
            Row("advance2_percent", "advance2_day"),
            "final_payment_day",
        ),
        "objects_covered",
        "balance_boundary",
        "note",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        consumer = self.instance.consumer if self.instance.pk else self.initial.get("consumer")
        if consumer:
            self.fields["objects_covered"].queryset = HeatedObject.objects.filter(consumer=consumer)
        if self.instance.pk and "consumer" in self.fields:
            self.fields["consumer"].disabled = True


class ContractTechnicalForm(ContractForm):
    """The technical part of a contract only (``Contract.TECHNICAL_FIELDS``): for those who may
    change a contract but neither its terms nor its money (technicians). Number, dates, term,
    renewal, status and money terms are not fields of this form at all."""

    class Meta(ContractForm.Meta):
        fields = list(Contract.TECHNICAL_FIELDS)

    layout = Layout(
        Caption(
            "Номер, даты, срок, пролонгацию, статус и денежные условия договора может изменить только расчетчик."
        ),
        "objects_covered",
        "balance_boundary",
        "note",
    )


class OrganizationForm(ServiceModelForm):
    class Meta:
        model = Organization
        fields = [
            "full_name", "short_name", "inn", "kpp", "ogrn", "okpo", "legal_address", "postal_address",
            "city", "phone", "dispatch_phone", "email", "website",
            "bank_name", "bik", "settlement_account", "correspondent_account",
        ]

    layout = Layout(
        "full_name",
        Row("short_name", "city"),
        Row("inn", "kpp", "ogrn", "okpo"),
        "legal_address",
        "postal_address",
        Row("phone", "dispatch_phone", "email", "website"),
        FieldSet("Банк", "bank_name", Row("bik", "settlement_account", "correspondent_account")),
    )


class SignatoryForm(ServiceModelForm):
    class Meta:
        model = Signatory
        fields = [
            "last_name", "first_name", "middle_name", "position", "authority_basis", "poa_number", "poa_date",
            "poa_valid_until",
            "signs_for", "is_head", "is_chief_accountant", "active",
        ]

    layout = Layout(
        Row("last_name", "first_name", "middle_name"),
        "position",
        Row("authority_basis", "poa_number", "poa_date", "poa_valid_until"),
        "signs_for",
        Row("is_head", "is_chief_accountant", "active"),
    )


class RegistryImportForm(forms.Form):
    """The upload of a registry file; ``subscribers.imports`` does the rest."""

    file = forms.FileField(label="Файл реестра (XLSX или CSV)")
    kind = forms.ChoiceField(
        label="Что в CSV-файле", required=False,
        help_text="для XLSX не нужно: листы называются «Абоненты», «Объекты», «Нагрузки», «Договоры»",
    )

    def __init__(self, *args, **kwargs):
        from .imports.layout import KIND_CHOICES_FOR_UPLOAD

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = KIND_CHOICES_FOR_UPLOAD
