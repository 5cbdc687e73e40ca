"""The audit log page (in the "Документы" application): managers and administrators."""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from viewflow.urls import ReadonlyModelViewset

from .models import AuditEvent

PERMISSION = "audit.view_auditevent"


class AuditEventFilter(django_filters.FilterSet):
    actor = django_filters.ModelChoiceFilter(label="Пользователь", queryset=get_user_model().objects.all())
    action = django_filters.CharFilter(label="Действие (начинается с)", lookup_expr="startswith")
    target_type = django_filters.ModelChoiceFilter(label="Тип объекта", queryset=ContentType.objects.all())
    target_id = django_filters.CharFilter(label="id объекта")
    target_repr = django_filters.CharFilter(label="Объект содержит", lookup_expr="icontains")
    occurred_from = django_filters.DateFilter(label="С даты", field_name="occurred_at", lookup_expr="date__gte")
    occurred_to = django_filters.DateFilter(label="По дату", field_name="occurred_at", lookup_expr="date__lte")

    class Meta:
        model = AuditEvent
        fields = ["actor", "action", "target_type", "target_id", "target_repr", "occurred_from", "occurred_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["actor"].queryset = get_user_model().objects.filter(
            pk__in=AuditEvent.objects.exclude(actor=None).values("actor")
        ).order_by("username")
        self.filters["target_type"].queryset = ContentType.objects.filter(
            pk__in=AuditEvent.objects.exclude(target_type=None).values("target_type")
        )


class AuditLogViewset(ReadonlyModelViewset):
    model = AuditEvent
    title = "Журнал аудита"
    icon = "policy"
    app_name = "audit"
    list_columns = ("sequence", "occurred_at", "actor_repr", "action", "target_label_column", "target_repr")
    list_object_link_columns = ("sequence",)
    list_filterset_class = AuditEventFilter
    list_paginate_by = 50
    queryset = AuditEvent.objects.select_related("target_type").order_by("-sequence")

    def has_view_permission(self, user, obj=None):
        return user.is_authenticated and user.has_perm(PERMISSION)

    def target_label_column(self, obj):
        return obj.target_type.name if obj.target_type_id else ""

    target_label_column.short_description = "Тип объекта"
