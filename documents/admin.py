"""Read-only admin pages: the archive is written by services only (uploads of template
versions go through Документы → Шаблоны документов, which validates them)."""

from django.contrib import admin

from . import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.ArchivedDocument)
class ArchivedDocumentAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "subject_repr", "issued_at", "issued_by", "template_code", "template_version"]
    list_filter = ["template_code", "number_year"]
    search_fields = ["number", "subject_repr"]


@admin.register(models.TemplateVersion)
class TemplateVersionAdmin(ReadOnlyAdmin):
    list_display = ["code", "version", "title", "source", "created_at", "uploaded_by"]
    list_filter = ["code", "source"]


@admin.register(models.PdfRendition)
class PdfRenditionAdmin(ReadOnlyAdmin):
    list_display = ["document", "status", "attempts", "created_at"]
    list_filter = ["status"]


@admin.register(models.RegistrationCounter)
class RegistrationCounterAdmin(ReadOnlyAdmin):
    list_display = ["prefix", "year", "last_number"]
