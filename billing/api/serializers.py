"""The shapes of the export API's answers, for the OpenAPI schema (drf-spectacular).

The views return the plain dicts of ``billing.export.records``; these serializers describe
them. Decimals are strings (exact values), dates ISO 8601.
"""

from __future__ import annotations

from rest_framework import serializers

from billing.models import BillingPeriod, Component, Method, Resource


def decimal(help_text: str, **kwargs):
    return serializers.CharField(help_text=f"{help_text}; десятичное число строкой", **kwargs)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(required=False)
    error = serializers.CharField(required=False, help_text="сообщение об отказе")
    code = serializers.CharField(required=False, help_text="устойчивый код отказа (docs/input-limits.md)")
    field = serializers.CharField(required=False, allow_null=True, help_text="поле, в котором ошибка")


class ConsumerSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="абонентский номер")
    name = serializers.CharField()
    inn = serializers.CharField(allow_blank=True)
    kpp = serializers.CharField(allow_blank=True)
    kind = serializers.ChoiceField(choices=["legal", "entrepreneur", "citizen"])


class VolumeSerializer(serializers.Serializer):
    object = serializers.CharField(allow_null=True, help_text="код объекта теплопотребления")
    resource = serializers.ChoiceField(choices=Resource.choices)
    component = serializers.ChoiceField(choices=Component.choices)
    method = serializers.ChoiceField(choices=Method.choices)
    quantity = decimal("объем")
    unit = serializers.CharField(help_text="Гкал, м³ или Гкал/ч")
    okei = serializers.CharField(help_text="код ОКЕИ: 233 Гкал, 113 м³, 238 Гкал/ч")
    days = serializers.IntegerField(help_text="дней, за которые определен объем")


class SupplyModeSerializer(serializers.Serializer):
    object = serializers.CharField()
    address = serializers.CharField()
    contract_status = serializers.CharField()
    heating_days = serializers.IntegerField(help_text="дней отопительного периода в расчетном месяце")
    heating_periods = serializers.ListField(child=serializers.ListField(child=serializers.DateField()),
                                           help_text="интервалы отопительного периода [с, по]")
    restrictions = serializers.ListField(child=serializers.DictField(),
                                         help_text="перерывы и ограничения подачи объекта в периоде")


class CorrectsSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="корректируемый период ГГГГ-ММ")
    reason = serializers.CharField()
    source = serializers.CharField()


class ChargeSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=["charge", "recalculation"])
    object = serializers.CharField(allow_null=True)
    resource = serializers.ChoiceField(choices=Resource.choices)
    component = serializers.ChoiceField(choices=Component.choices)
    method = serializers.ChoiceField(choices=Method.choices)
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    quantity = decimal("количество", allow_null=True)
    unit = serializers.CharField()
    okei = serializers.CharField()
    rate = decimal("тариф, руб. без НДС", allow_null=True)
    amount = decimal("сумма без НДС")
    vat_rate = decimal("ставка НДС, %")
    vat_amount = decimal("НДС")
    amount_with_vat = decimal("сумма с НДС")
    corrects = CorrectsSerializer(allow_null=True, help_text="что исправляет строка перерасчета")
    basis = serializers.DictField(help_text="исходные данные расчета строки (метод, нагрузки, температуры, показания)")
    basis_text = serializers.CharField(help_text="основание строки словами с примененной нормой")


class TotalsSerializer(serializers.Serializer):
    amount = decimal("сумма без НДС")
    vat_amount = decimal("НДС")
    amount_with_vat = decimal("сумма с НДС")


class ContractSerializer(serializers.Serializer):
    number = serializers.CharField()
    signed_on = serializers.DateField()
    invoice_id = serializers.IntegerField()
    shipment_date = serializers.DateField()
    volumes = VolumeSerializer(many=True)
    supply_mode = SupplyModeSerializer(many=True)
    quality_deviations = serializers.ListField(
        child=serializers.DictField(), help_text="отклонения качества объектов договора в периоде: акт, часы, снижение"
    )
    charges = ChargeSerializer(many=True)
    totals = TotalsSerializer()
    updated_at = serializers.DateTimeField()


class RecordSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="ГГГГ-ММ")
    period_status = serializers.ChoiceField(choices=BillingPeriod.Status.choices)
    consumer = ConsumerSerializer()
    updated_at = serializers.DateTimeField()
    contracts = ContractSerializer(many=True)
    totals = TotalsSerializer()


class PeriodSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="ГГГГ-ММ")
    status = serializers.ChoiceField(choices=BillingPeriod.Status.choices)
    invoices = serializers.IntegerField()
    updated_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
