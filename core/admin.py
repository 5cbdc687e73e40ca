"""The admin base of rows that change only through services: money (payments, allocations,
debts, invoices, charge lines, penalty lines) and the runs that produce it. The admin shows
them and refuses add, change and delete to everyone, superusers included: a payment's amount
or a debt edited here would bypass the allocation, the closed-period guards and the audit."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
