"""The audit log page (in the "Документы" application): managers and administrators."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from viewflow.urls import ReadonlyModelViewset
from viewflow.utils import Icon
from viewflow.views import Action, DetailModelView

from .actions import action_name
from .models import AuditCheck, AuditEvent
from .services import CHECK_PERMISSION, audit_check_start

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


def data_rows(data: object, prefix: str = "") -> list[tuple[str, str]]:
    """An event's data as (key, value) rows; nested keys joined by dots, list items numbered."""
    if isinstance(data, dict):
        items = [(str(key), value) for key, value in data.items()]
    elif isinstance(data, list):
        items = [(str(number), value) for number, value in enumerate(data, start=1)]
    else:
        return [(prefix, "—" if data in (None, "") else str(data))]
    rows: list[tuple[str, str]] = []
    for key, value in items:
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(value, (dict, list)) and value:
            rows.extend(data_rows(value, name))
        else:
            rows.append((name, "—" if value in (None, "", [], {}) else str(value)))
    return rows


def data_table(data: object) -> SafeString:
    rows = data_rows(data) if data else []
    if not rows:
        return format_html("{}", "—")
    return format_html(
        '<table class="audit-data">{}</table>',
        format_html_join("", '<tr><th style="text-align:left;padding-right:1em">{}</th><td>{}</td></tr>', rows),
    )


class AuditEventDetailView(DetailModelView):
    """The event as a person reads it: the action's Russian name, the data as a table."""

    def get_object_data(self):
        for field, label, value in super().get_object_data():
            if field.name == "action":
                value = action_name(value)
            elif field.name == "data":
                value = data_table(value)
            yield field, label, value


class AuditLogViewset(ReadonlyModelViewset):
    model = AuditEvent
    title = "Журнал аудита"
    icon = "policy"
    app_name = "audit"
    list_columns = ("sequence", "occurred_at", "actor_repr", "action_name", "target_label_column", "target_repr")
    list_object_link_columns = ("sequence",)
    list_filterset_class = AuditEventFilter
    list_paginate_by = 50
    detail_view_class = AuditEventDetailView
    queryset = AuditEvent.objects.select_related("target_type").order_by("-sequence")

    def has_view_permission(self, user, obj=None):
        return user.is_authenticated and user.has_perm(PERMISSION)

    @property
    def check_path(self):
        return path("check/", chain_check_view, name="check")

    def get_list_page_actions(self, request, *actions):
        if request.user.has_perm(CHECK_PERMISSION):
            icon = Icon("verified_user", class_="material-icons mdc-list-item__graphic")
            actions = (Action(name="Проверить цепочку", url=self.reverse("check"), icon=icon), *actions)
        return super().get_list_page_actions(request, *actions)

    def target_label_column(self, obj):
        return obj.target_type.name if obj.target_type_id else ""

    target_label_column.short_description = "Тип объекта"

    def action_name(self, obj):
        return action_name(obj.action)

    action_name.short_description = "Действие"


def chain_check_view(request):
    """«Проверить цепочку»: the last checks with the head's number and hash, the result and
    the first broken link; POST queues a new check (audit.services.audit_check_start)."""
    if not (request.user.has_perm(PERMISSION) and request.user.has_perm(CHECK_PERMISSION)):
        raise PermissionDenied
    if request.method == "POST":
        check = audit_check_start(actor=request.user)
        messages.success(request, f"Проверка цепочки №{check.pk} запущена: результат появится на этой странице")
        return redirect(request.path)
    checks = list(AuditCheck.objects.select_related("started_by")[:10])
    return render(request, "audit/chain_check.html", {
        "last": checks[0] if checks else None, "checks": checks,
        "running": any(c.status in (AuditCheck.Status.QUEUED, AuditCheck.Status.RUNNING) for c in checks),
    })
