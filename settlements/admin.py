"""Django admin for settlements: statements, payments, allocations, debts and penalties are
shown read-only — they change only through the settlements services (with audit)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from . import models


@admin.register(models.BankStatement)
class BankStatementAdmin(ReadOnlyAdmin):
    list_display = ["filename", "date_from", "date_to", "payments_count", "unmatched_count", "imported_at"]


@admin.register(models.Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["number", "doc_date", "paid_on", "amount", "payer_inn", "kind", "status", "contract"]
    list_filter = ["status", "kind"]
    search_fields = ["number", "payer_inn", "payer_name", "purpose"]
    raw_id_fields = ["statement", "consumer", "contract", "resolved_by"]


@admin.register(models.Debt)
class DebtAdmin(ReadOnlyAdmin):
    list_display = ["contract", "period", "kind", "amount", "due_date", "settled_on"]
    list_filter = ["kind"]
    search_fields = ["contract__number", "consumer__name", "consumer__inn"]
    raw_id_fields = ["consumer", "contract"]


@admin.register(models.PenaltyAccrual)
class PenaltyAccrualAdmin(ReadOnlyAdmin):
    list_display = ["as_of", "status", "chunks_done", "chunks_total", "started_at", "finished_at"]


@admin.register(models.Allocation)
class AllocationAdmin(ReadOnlyAdmin):
    list_display = ["payment", "debt", "amount", "paid_on", "rule"]
    raw_id_fields = ["payment", "debt", "consumer"]


@admin.register(models.PenaltyLine)
class PenaltyLineAdmin(ReadOnlyAdmin):
    list_display = ["id", "debt", "date_from", "date_to", "base", "amount"]
    raw_id_fields = ["accrual", "debt", "allocation"]
