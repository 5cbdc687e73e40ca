"""Forms of the period documents pages."""

from __future__ import annotations

from django import forms

from .models import InvoiceDocument


class KindsForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label="Документы", choices=InvoiceDocument.Kind.choices, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Выберите хотя бы один вид документов"},
    )
