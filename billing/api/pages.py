"""Pages of the API tokens (administrators): the list, issuing a token (its key is shown
once), revoking one."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from core.errors import ApplicationError
from core.forms import apply_errors

from .models import SCOPES, ApiToken
from .tokens import api_token_create, api_token_revoke

PERMISSION = "billing.add_apitoken"


class TokenForm(forms.Form):
    name = forms.CharField(label="Назначение", max_length=200,
                           help_text="кто и для чего пользуется токеном, например: ИРЦ «Город», выгрузка начислений")
    user = forms.ModelChoiceField(label="Учетная запись", queryset=get_user_model().objects.filter(is_active=True),
                                  help_text="служебная учетная запись внешней системы")
    scopes = forms.MultipleChoiceField(label="Области доступа", choices=list(SCOPES.items()),
                                       widget=forms.CheckboxSelectMultiple)
    expires_at = forms.DateTimeField(label="Действует до", required=False, help_text="пусто — бессрочно")


class RevokeForm(forms.Form):
    confirm = forms.BooleanField(label="Отозвать токен: внешняя система потеряет доступ")


def _403(view):
    return permission_required(PERMISSION, raise_exception=True)(view)


@_403
def token_list(request):
    return render(request, "billing/outputs/tokens.html", {
        "tokens": ApiToken.objects.select_related("user", "created_by")[:200],
    })


@_403
def token_create(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, key = api_token_create(actor=request.user, **form.cleaned_data)
        except (ApplicationError, ValidationError) as exc:
            apply_errors(form, exc)
        else:
            return render(request, "billing/outputs/token_key.html", {"token": token, "key": key})
    return render(request, "billing/form.html", {
        "form": form, "title": "Новый API-токен", "submit": "Выдать",
        "back": reverse("billing:api_tokens:index"),
    })


@_403
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            api_token_revoke(token=token, actor=request.user)
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Токен «{token.name}» отозван")
            return redirect("billing:api_tokens:index")
    return render(request, "billing/form.html", {
        "form": form, "title": f"Отзыв токена «{token}»", "submit": "Отозвать",
        "back": reverse("billing:api_tokens:index"),
    })
