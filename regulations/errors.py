"""The one error type of the rules: the input contradicts the rule or its data."""

from __future__ import annotations


class RuleError(ValueError):
    """A rule cannot be applied to its input (no key rate on a date, unknown category…).

    ``field`` names the input to blame in the caller's terms when the rule knows it
    (``"payments[2].date"``); the edge translates it into ``core.errors.ApplicationError``.
    Messages are Russian and name the problem.
    """

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message
