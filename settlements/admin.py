from django.contrib import admin

from . import models


@admin.register(models.BankStatement)
class BankStatementAdmin(admin.ModelAdmin):
    list_display = ["filename", "date_from", "date_to", "payments_count", "unmatched_count", "imported_at"]
    readonly_fields = [f.name for f in models.BankStatement._meta.fields]


@admin.register(models.Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ["number", "doc_date", "paid_on", "amount", "payer_inn", "kind", "status", "contract"]
    list_filter = ["status", "kind"]
    search_fields = ["number", "payer_inn", "payer_name", "purpose"]
    raw_id_fields = ["statement", "consumer", "contract", "resolved_by"]


@admin.register(models.Debt)
class DebtAdmin(admin.ModelAdmin):
    list_display = ["contract", "period", "kind", "amount", "due_date", "settled_on"]
    list_filter = ["kind"]
    search_fields = ["contract__number", "consumer__name", "consumer__inn"]
    raw_id_fields = ["consumer", "contract"]


@admin.register(models.PenaltyAccrual)
class PenaltyAccrualAdmin(admin.ModelAdmin):
    list_display = ["as_of", "status", "chunks_done", "chunks_total", "started_at", "finished_at"]
