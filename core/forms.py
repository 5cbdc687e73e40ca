"""Form helpers for views whose writes go through services."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError

from core import formatting
from core.errors import ApplicationError
from core.permissions import is_refusal

DATE_FORMAT = "%d.%m.%Y"
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]
DATE_PLACEHOLDER = "ДД.ММ.ГГГГ"
_SPACES = re.compile(r"[\s\u00a0\u202f]")


class DateInput(forms.DateInput):
    """The project's one date field: a text box showing and accepting ``ДД.ММ.ГГГГ`` (ISO
    ``ГГГГ-ММ-ДД`` is accepted too, see ``DateField``).

    Not the browser's ``<input type="date">``: that one shows the value only when it is ISO
    and in the browser's own locale, so a formatted date put into it looked empty and blocked
    the user (the penalty-as-of-date box of the debtor card). The Material forms draw it as
    their date field with the same ``ДД.ММ.ГГГГ`` mask."""

    input_type = "text"

    def __init__(self, attrs: dict | None = None, format: str | None = None) -> None:  # noqa: A002 — Django's name
        attrs = {"placeholder": DATE_PLACEHOLDER, "inputmode": "numeric", "autocomplete": "off", "size": "10",
                 **(attrs or {})}
        attrs.pop("type", None)
        super().__init__(attrs=attrs, format=format or DATE_FORMAT)


class DateField(forms.DateField):
    """A date field with ``DateInput``: accepts ``ДД.ММ.ГГГГ`` and ISO ``ГГГГ-ММ-ДД``."""

    widget = DateInput
    input_formats = DATE_INPUT_FORMATS


class DecimalInput(forms.TextInput):
    """A number box that shows its value the Russian way (``1 234,56``): a text input, since
    the browser's ``type="number"`` shows a point and refuses a comma in some locales."""

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs={"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
            return formatting.decimal_text(value)
        return super().format_value(value)


class DecimalField(forms.DecimalField):
    """A decimal field accepting ``1 234,56`` as well as ``1234.56`` (spaces, NBSP between
    digit groups; a comma or a point), shown back as ``1 234,56``."""

    widget = DecimalInput

    def to_python(self, value):
        if isinstance(value, str):
            value = _SPACES.sub("", value).replace(",", ".")
        return super().to_python(value)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        for name in ("min", "max", "step"):  # number-box attributes: a text box does not use them
            attrs.pop(name, None)
        return attrs


class ServiceModelForm(forms.ModelForm):
    """A model form that only converts input: the service validates and saves.

    Django's ModelForm builds the instance and runs ``full_clean`` itself; here the service
    does (one place of validation, one transaction), so that step is skipped and the
    service's errors are put back on the form with ``apply_errors``.
    """

    def _post_clean(self):
        pass

    def service_data(self) -> dict:
        """Cleaned values of the form's model fields, as keyword arguments of a service."""
        names = {f.name for f in self._meta.model._meta.get_fields()}
        return {name: value for name, value in self.cleaned_data.items() if name in names}


def apply_errors(form: forms.BaseForm, exc: ValidationError | ApplicationError) -> None:
    """Show a service's refusal on the form: on the named field when the form has it. A
    permission refusal (``core.permissions.require``) is not the form's: it is raised on, to
    the 403 page (``core.middleware.PermissionRefusal``). A model's validation errors
    (``core.validation.validated``) are shown field by field, as Django's model form shows them."""
    if is_refusal(exc):
        raise exc
    if isinstance(exc, ApplicationError) and exc.extra.get("errors"):
        errors = exc.extra["errors"]
    elif isinstance(exc, ApplicationError):
        errors = {exc.field or NON_FIELD_ERRORS: [exc.message]}
    elif hasattr(exc, "error_dict"):
        errors = exc.message_dict
    else:
        errors = {NON_FIELD_ERRORS: exc.messages}
    model = getattr(getattr(form, "_meta", None), "model", None)
    for name, messages in errors.items():
        if name in form.fields:
            form.add_error(name, messages)
            continue
        label = ""
        if model is not None and name != NON_FIELD_ERRORS:
            try:
                label = f"{model._meta.get_field(name).verbose_name}: "
            except FieldDoesNotExist:
                label = f"{name}: "
        form.add_error(None, [f"{label}{message}" for message in messages])
