"""A model's validation errors as the one application error, and what a correction changed."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from core.errors import ApplicationError


def validated(instance: models.Model, *, exclude: list[str] | None = None) -> models.Model:
    """``full_clean()`` the instance; a failure becomes an ApplicationError naming the field."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise as_application_error(exc, instance) from exc
    return instance


# Django's codes of a model's validation error → the application's code of the refusal.
_DJANGO_CODES = {"unique": "duplicate", "unique_together": "duplicate", "blank": "required", "null": "required",
                 "required": "required", "max_length": "too_long", "invalid_choice": "invalid_choice"}


def as_application_error(exc: ValidationError, instance: models.Model | None = None) -> ApplicationError:
    if not hasattr(exc, "error_dict"):
        return ApplicationError("; ".join(exc.messages), code=_code(exc.error_list))
    field, messages = next(iter(exc.message_dict.items()))
    code = _code(exc.error_dict[field])
    if field == NON_FIELD_ERRORS or instance is None:
        return ApplicationError("; ".join(messages), code=code, field=None if field == NON_FIELD_ERRORS else field)
    label = instance._meta.get_field(field).verbose_name
    return ApplicationError(f"{str(label).capitalize()}: {'; '.join(messages)}", code=code, field=field)


def _code(errors: list[ValidationError]) -> str:
    """The code of a model's refusal: ``duplicate``, ``required``, ``too_long``,
    ``invalid_choice``, or ``invalid_value`` for every other check of a field or a model."""
    return _DJANGO_CODES.get(errors[0].code or "", "invalid_value") if errors else "invalid_value"


def field_changes(before: dict, after: dict) -> dict:
    """The audit record of a correction: ``{field: {"было": …, "стало": …}}`` for the fields
    whose value changed."""
    return {name: {"было": before[name], "стало": after[name]} for name in before if before[name] != after[name]}
