from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is written by ``record_event`` only."""

    list_display = ["sequence", "occurred_at", "actor_repr", "action", "target_repr"]
    list_filter = ["action"]
    search_fields = ["action", "actor_repr", "target_repr", "target_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
