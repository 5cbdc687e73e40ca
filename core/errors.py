"""The one application error type, translated to a message or an HTTP status at the edge."""

from __future__ import annotations


class ApplicationError(Exception):
    """A refusal a user can understand: the message names the field and the problem.

    ``field`` is the name of the offending input (form field, JSON key, column) when one
    is to blame; ``extra`` carries structured detail for the edge (API, command).
    """

    def __init__(self, message: str, *, field: str | None = None, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.extra = extra or {}

    def __str__(self) -> str:
        return self.message
