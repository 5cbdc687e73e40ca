from django.contrib import admin
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from reference.selectors import payment_terms_on
from regulations.errors import RuleError

from . import models


@admin.register(models.Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["short_name", "inn", "kpp"]


@admin.register(models.Signatory)
class SignatoryAdmin(SimpleHistoryAdmin):
    list_display = ["last_name", "first_name", "middle_name", "position", "authority_basis", "active"]


@admin.register(models.NetworkSection)
class NetworkSectionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "heat_source", "city"]


@admin.register(models.TariffGroup)
class TariffGroupAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name"]


@admin.register(models.Consumer)
class ConsumerAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "penalty_category", "inn", "kpp"]
    list_filter = ["kind", "penalty_category", "is_active"]
    search_fields = ["name", "inn", "code"]


@admin.register(models.HeatedObject)
class HeatedObjectAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "address", "consumer", "purpose"]
    search_fields = ["code", "name", "address"]
    raw_id_fields = ["consumer"]


@admin.register(models.HeatLoad)
class HeatLoadAdmin(SimpleHistoryAdmin):
    list_display = ["heated_object", "valid_from", "valid_to", "heating", "ventilation", "hot_water_avg"]
    raw_id_fields = ["heated_object"]


@admin.register(models.Contract)
class ContractAdmin(SimpleHistoryAdmin):
    list_display = ["number", "signed_on", "consumer", "status", "tariff_group"]
    list_filter = ["status", "payment_scheme"]
    search_fields = ["number", "consumer__name", "consumer__inn"]
    raw_id_fields = ["consumer"]
    filter_horizontal = ["objects_covered"]

    def get_changeform_initial_data(self, request):
        """A new contract starts from a company's terms in force today (ПП № 808, reference
        data — docs/law.md, "Payment terms"); the model has no defaults of its own."""
        initial = super().get_changeform_initial_data(request)
        try:
            terms = payment_terms_on(timezone.localdate(), "other")
        except RuleError:
            return initial
        money = {name: getattr(terms, name) for name in models.Contract.MONEY_FIELDS if name != "tariff_group"}
        return {**money, **initial}
