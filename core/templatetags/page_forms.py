"""The error summary of a long form: every field with an error, linked to its input, and the
errors that belong to no field — gathered from every form and formset of the page."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms, template
from django.forms.formsets import BaseFormSet

register = template.Library()


@dataclass
class SummaryItem:
    anchor: str  # the input's id ('' when the message belongs to no field)
    label: str
    messages: list[str] = field(default_factory=list)


def _anchor(bound: forms.BoundField) -> str:
    widget = bound.field.widget
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return f"{bound.auto_id}_0" if bound.auto_id else ""
    return bound.id_for_label or bound.auto_id or ""


def _form_items(form: forms.BaseForm, prefix: str = "") -> list[SummaryItem]:
    if not form.is_bound or not form.errors:
        return []
    items = [SummaryItem("", prefix.rstrip(": "), list(form.non_field_errors()))] if form.non_field_errors() else []
    for name, errors in form.errors.items():
        if name == forms.forms.NON_FIELD_ERRORS or name not in form.fields:
            continue
        bound = form[name]
        items.append(SummaryItem(_anchor(bound), f"{prefix}{bound.label or name}", list(errors)))
    return items


def summary_items(*candidates) -> list[SummaryItem]:
    items: list[SummaryItem] = []
    seen: set[int] = set()
    for candidate in candidates:
        if id(candidate) in seen:
            continue
        seen.add(id(candidate))
        if isinstance(candidate, BaseFormSet) and candidate.is_bound:
            if candidate.non_form_errors():
                items.append(SummaryItem("", "", list(candidate.non_form_errors())))
            for number, form in enumerate(candidate.forms, start=1):
                items.extend(_form_items(form, prefix=f"Строка {number}: "))
        elif isinstance(candidate, forms.BaseForm):
            items.extend(_form_items(candidate))
    return items


@register.inclusion_tag("core/includes/error_summary.html", takes_context=True)
def error_summary(context, *forms_on_page):
    """Without arguments: every form and formset in the page's context."""
    if not forms_on_page:
        forms_on_page = tuple(value for value in context.flatten().values() if isinstance(value, (forms.BaseForm, BaseFormSet)))
    return {"items": summary_items(*forms_on_page)}
