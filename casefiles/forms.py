"""Forms of the case-file pages (thin: they read input, services and selectors do the work)."""

from __future__ import annotations

from django import forms

from .models import Case


class CaseFilterForm(forms.Form):
    """The case list's filters (GET)."""

    q = forms.CharField(label="Должник, ИНН или номер дела", required=False, max_length=100)
    kind = forms.ChoiceField(label="Вид", required=False, choices=[("", "Все виды"), *Case.Kind.choices])
    stage = forms.ChoiceField(label="Стадия", required=False, choices=[("", "Все стадии"), *Case.Stage.choices])
    open_only = forms.BooleanField(label="Только открытые", required=False)

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {"query": (data.get("q") or "").strip(), "kind": data.get("kind") or "",
                "stage": data.get("stage") or "", "open_only": bool(data.get("open_only"))}
