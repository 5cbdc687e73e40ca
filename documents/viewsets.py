"""The "Документы" application of the site: the archive, the templates, the audit log."""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import path
from viewflow.urls import Application, AppMenuMixin, ReadonlyModelViewset, Viewset

from audit.viewsets import PERMISSION as AUDIT_PERMISSION
from audit.viewsets import AuditLogViewset

from . import views
from .access import may_use_archive
from .models import ArchivedDocument
from .registry import manifest
from .selectors import archive_list, pdf_state


def _template_choices():
    return [(code, f"{spec.title} ({code})") for code, spec in sorted(manifest().items())]


class ArchiveFilter(django_filters.FilterSet):
    template_code = django_filters.ChoiceFilter(label="Шаблон", choices=_template_choices)
    number = django_filters.CharFilter(label="Номер содержит", field_name="number", lookup_expr="icontains")
    subject_repr = django_filters.CharFilter(label="Предмет", field_name="subject_repr", lookup_expr="icontains")
    subject_type = django_filters.ModelChoiceFilter(
        label="Тип предмета",
        queryset=ContentType.objects.filter(pk__in=ArchivedDocument.objects.values("subject_type")),
    )
    issued_by = django_filters.ModelChoiceFilter(label="Выпустил", queryset=get_user_model().objects.all())
    issued_from = django_filters.DateFilter(label="Выпущен с", field_name="issued_at", lookup_expr="date__gte")
    issued_to = django_filters.DateFilter(label="Выпущен по", field_name="issued_at", lookup_expr="date__lte")

    class Meta:
        model = ArchivedDocument
        fields = ["template_code", "number", "subject_repr", "subject_type", "issued_by", "issued_from", "issued_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["subject_type"].queryset = ContentType.objects.filter(
            pk__in=ArchivedDocument.objects.values("subject_type")
        )
        self.filters["issued_by"].queryset = get_user_model().objects.filter(
            pk__in=ArchivedDocument.objects.values("issued_by")
        )


class ArchiveViewset(ReadonlyModelViewset):
    model = ArchivedDocument
    title = "Архив документов"
    icon = "inventory_2"
    app_name = "archive"
    list_columns = ("number", "document_title", "subject_repr", "issued_date", "issued_by", "template_label", "pdf_label")
    list_object_link_columns = ("number",)
    list_filterset_class = ArchiveFilter
    list_paginate_by = 50
    detail_view_class = views.DocumentCardView

    def get_queryset(self, request):
        return archive_list(request.user)

    def has_view_permission(self, user, obj=None):
        if obj is None:
            return may_use_archive(user)
        from .access import can_view_document

        return can_view_document(user, obj)

    @property
    def detail_path(self):
        return path("<int:pk>/", self.detail_view, name="detail")

    @property
    def file_path(self):
        return path("<int:pk>/file/<str:kind>/", views.DocumentFileView.as_view(), name="file")

    @property
    def request_pdf_path(self):
        return path("<int:pk>/pdf/", views.RequestPdfView.as_view(), name="request_pdf")

    # list columns ("title" would be the viewset's own title)
    def document_title(self, obj):
        return obj.title

    document_title.short_description = "Документ"

    def issued_date(self, obj):
        return obj.issued_at

    issued_date.short_description = "Выпущен"

    def template_label(self, obj):
        return f"{obj.template_code} v{obj.template_version}"

    template_label.short_description = "Шаблон"

    def pdf_label(self, obj):
        state = pdf_state(obj)
        return "в очереди" if state is None else state.get_status_display()

    pdf_label.short_description = "PDF"


class TemplatesViewset(AppMenuMixin, Viewset):
    title = "Шаблоны документов"
    icon = "description"
    app_name = "templates"

    def has_view_permission(self, user, obj=None):
        return user.has_perm(views.TEMPLATE_PERMISSION)

    @property
    def index_path(self):
        return path("", views.TemplateListView.as_view(), name="index")

    @property
    def detail_path(self):
        return path("<str:code>/", views.TemplateDetailView.as_view(), name="detail")

    @property
    def choice_path(self):
        return path("<str:code>/choice/", views.TemplateChoiceView.as_view(), name="choice")

    @property
    def preview_path(self):
        return path("<str:code>/preview/", views.TemplatePreviewView.as_view(), name="preview")

    @property
    def download_path(self):
        return path("<str:code>/download/", views.TemplateDownloadView.as_view(), name="download")

    @property
    def pages_path(self):
        return path("<str:code>/pages/", views.TemplatePagesView.as_view(), name="pages")

    @property
    def page_path(self):
        return path("<str:code>/pages/<int:version>/<int:page>.png", views.TemplatePageImageView.as_view(), name="page")

    @property
    def compare_path(self):
        return path("<str:code>/compare/", views.TemplateCompareView.as_view(), name="compare")


def may_enter_documents(user) -> bool:
    return may_use_archive(user) or user.has_perm(views.TEMPLATE_PERMISSION) or user.has_perm(AUDIT_PERMISSION)


class DocumentsApp(Application):
    title = "Документы"
    icon = "folder"
    app_name = "documents"
    permission = staticmethod(may_enter_documents)
    viewsets = [ArchiveViewset(), TemplatesViewset(), AuditLogViewset()]
