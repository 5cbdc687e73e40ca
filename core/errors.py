"""The one application error type, translated to a message or an HTTP status at the edge."""

from __future__ import annotations


class ApplicationError(Exception):
    """A refusal a user can understand: the message names the field and the problem.

    ``code`` is a stable, snake_case name of the refusal (``permission_denied``,
    ``tariff_missing``) that tests and API clients match on — the wording may change, the
    code does not. ``field`` is the name of the offending input (form field, JSON key,
    column) when one is to blame; ``extra`` carries structured detail for the edge (API,
    command).
    """

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        field: str | None = None,
        extra: dict | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
        self.extra = extra or {}

    def __str__(self) -> str:
        return self.message
