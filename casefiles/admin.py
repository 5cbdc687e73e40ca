"""The Django admin of case files: only the reference list of courts (administrators keep
it); cases are conducted on their own pages through the services."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Court


@admin.register(Court)
class CourtAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "address", "active")
    list_filter = ("kind", "active")
    search_fields = ("name", "address", "jurisdiction")
