"""Администрирование → Пользователи: the list, a new user, a user's page (roles and history),
changing roles, deactivating and activating (services: audit/users.py)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from viewflow.urls import Application, Viewset
from viewflow.urls.sites import AppMenuMixin

from accounts.roles import ROLES
from core.errors import ApplicationError
from core.forms import apply_errors

from . import users

ROLE_CHOICES = [(role, role) for role in ROLES]


def _guard(request) -> None:
    if not request.user.has_perm(users.PERMISSION):
        raise PermissionDenied


class UserCreateForm(forms.Form):
    username = forms.CharField(label="Логин", max_length=150)
    last_name = forms.CharField(label="Фамилия", max_length=150)
    first_name = forms.CharField(label="Имя", max_length=150)
    email = forms.EmailField(label="Электронная почта", required=False)
    password = forms.CharField(label="Пароль", widget=forms.PasswordInput, help_text="Не короче 8 знаков, не только цифры")
    roles = forms.MultipleChoiceField(label="Роли", choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple)


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(label="Роли", choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple)


def user_list(request):
    _guard(request)
    role_groups = Prefetch("groups", queryset=Group.objects.filter(name__in=ROLES))
    rows = get_user_model().objects.prefetch_related(role_groups).order_by("-is_active", "last_name", "username")
    return render(request, "audit/users.html", {"rows": rows})


def user_create(request):
    _guard(request)
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = users.user_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Пользователь {user.username} создан")
            return redirect("administration:users:detail", pk=user.pk)
    return render(request, "audit/user_form.html", {"form": form, "title": "Новый пользователь",
                                                    "submit": "Создать пользователя"})


def user_detail(request, pk):
    _guard(request)
    user = get_object_or_404(get_user_model(), pk=pk)
    form = RolesForm(request.POST or None, initial={"roles": users._roles(user)})
    if request.method == "POST" and form.is_valid():
        try:
            users.user_set_roles(actor=request.user, user=user, roles=form.cleaned_data["roles"])
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Роли сохранены")
            return redirect(request.path)
    return render(request, "audit/user_detail.html", {
        "person": user, "roles": users._roles(user), "form": form,
        "history": users.user_history(user)[:100],
    })


def _switch(request, pk, service, done: str):
    _guard(request)
    user = get_object_or_404(get_user_model(), pk=pk)
    if request.method != "POST":
        return redirect("administration:users:detail", pk=pk)
    try:
        service(actor=request.user, user=user)
    except ApplicationError as exc:
        if exc.code == "permission_denied":
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("administration:users:detail", pk=pk)


def user_deactivate(request, pk):
    return _switch(request, pk, users.user_deactivate, "Пользователь отключен: войти он больше не сможет")


def user_activate(request, pk):
    return _switch(request, pk, users.user_activate, "Пользователь снова может войти")


class UsersViewset(AppMenuMixin, Viewset):
    title = "Пользователи"
    icon = "manage_accounts"
    app_name = "users"

    def has_view_permission(self, user, obj=None):
        return user.has_perm(users.PERMISSION)

    index_path = path("", user_list, name="index")
    create_path = path("new/", user_create, name="create")
    detail_path = path("<int:pk>/", user_detail, name="detail")
    deactivate_path = path("<int:pk>/deactivate/", user_deactivate, name="deactivate")
    activate_path = path("<int:pk>/activate/", user_activate, name="activate")


class AdministrationApp(Application):
    title = "Администрирование"
    icon = "admin_panel_settings"
    app_name = "administration"
    permission = users.PERMISSION
    viewsets = [UsersViewset()]


def user_url(user) -> str:
    return reverse("administration:users:detail", kwargs={"pk": user.pk})
