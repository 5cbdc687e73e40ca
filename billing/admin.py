"""Django admin for billing: tariffs with history; periods, runs and lines read-only
(they change only through the billing services)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdmin

from . import models


@admin.register(models.Tariff)
class TariffAdmin(SimpleHistoryAdmin):
    list_display = ["tariff_group", "resource", "structure", "valid_from", "valid_to", "energy_rate", "water_rate",
                    "capacity_rate", "decision_number"]
    list_filter = ["resource", "structure", "tariff_group"]


@admin.register(models.BillingPeriod)
class BillingPeriodAdmin(ReadOnlyAdmin):
    list_display = ["month", "status", "closed_at", "closed_by"]


@admin.register(models.BillingRun)
class BillingRunAdmin(ReadOnlyAdmin):
    list_display = ["id", "period", "status", "created_at", "finished_at", "chunks_done", "chunks_total",
                    "contracts_billed", "contracts_with_problems", "amount_with_vat"]
    list_filter = ["status"]


@admin.register(models.Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = ["period", "contract", "consumer", "amount", "vat_amount", "amount_with_vat"]
    list_filter = ["period"]
    raw_id_fields = ["contract", "consumer"]


@admin.register(models.ChargeLine)
class ChargeLineAdmin(ReadOnlyAdmin):
    list_display = ["invoice", "position", "kind", "heated_object", "resource", "component", "method", "quantity",
                    "rate", "amount", "vat_amount", "amount_with_vat"]
    list_filter = ["kind", "resource", "method"]
    raw_id_fields = ["invoice", "heated_object", "recalculation"]


@admin.register(models.Recalculation)
class RecalculationAdmin(ReadOnlyAdmin):
    list_display = ["contract", "corrected_period", "period", "resource", "amount", "reason", "source_name",
                    "cancelled_at"]
    raw_id_fields = ["contract", "heated_object", "corrected_line"]
    readonly_fields = ["source_name"]

    def get_fields(self, request, obj=None):
        """The record's page: the source by name in the place of the code."""
        fields = [name for name in super().get_fields(request, obj) if name != "source_name"]
        return ["source_name" if name == "source" else name for name in fields]

    @admin.display(description="источник", ordering="source")
    def source_name(self, obj) -> str:
        return obj.get_source_display()  # «качество теплоснабжения», not the module's code «quality»
