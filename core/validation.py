"""A model's validation errors as the one application error (what a correction changed:
``core.updates``)."""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from core.errors import ApplicationError

M = TypeVar("M", bound=models.Model)


def validated(
    instance: M,
    *,
    exclude: list[str] | None = None,
    validate_unique: bool = True,
    validate_constraints: bool = True,
) -> M:
    """``full_clean()`` the instance; a failure becomes an ApplicationError naming the field.

    ``validate_unique``/``validate_constraints`` off leave a uniqueness to the database (a
    check here would race a concurrent writer that the caller handles by its IntegrityError).
    """
    try:
        instance.full_clean(exclude=exclude, validate_unique=validate_unique, validate_constraints=validate_constraints)
    except ValidationError as exc:
        raise as_application_error(exc, instance) from exc
    return instance


# Django's codes of a model's validation error → the application's code of the refusal.
_DJANGO_CODES = {"unique": "duplicate", "unique_together": "duplicate", "blank": "required", "null": "required",
                 "required": "required", "max_length": "too_long", "invalid_choice": "invalid_choice"}


def as_application_error(exc: ValidationError, instance: models.Model | None = None) -> ApplicationError:
    """The first field's messages as the error; ``extra["errors"]`` keeps every field's
    (field → messages), for a form to show them as Django's model form would."""
    if not hasattr(exc, "error_dict"):
        return ApplicationError("; ".join(exc.messages), code=_code(exc.error_list))
    errors = exc.message_dict
    field, messages = next(iter(errors.items()))
    code = _code(exc.error_dict[field])
    if field == NON_FIELD_ERRORS or instance is None:
        return ApplicationError(
            "; ".join(messages), code=code, field=None if field == NON_FIELD_ERRORS else field, extra={"errors": errors}
        )
    label = instance._meta.get_field(field).verbose_name
    return ApplicationError(
        f"{str(label).capitalize()}: {'; '.join(messages)}", code=code, field=field, extra={"errors": errors}
    )


def _code(errors: list[ValidationError]) -> str:
    """The code of a model's refusal: ``duplicate``, ``required``, ``too_long``,
    ``invalid_choice``, or ``invalid_value`` for every other check of a field or a model."""
    return _DJANGO_CODES.get(errors[0].code or "", "invalid_value") if errors else "invalid_value"

