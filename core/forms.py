"""Form helpers for views whose writes go through services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError

from core.errors import ApplicationError
from core.permissions import is_refusal


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
