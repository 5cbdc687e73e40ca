"""What every file import shares: reading a spreadsheet cell, and the refusal of a whole
file. The registry import (``subscribers/imports``) and the reading import
(``metering/imports``) build their own problems and plans on these."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from core import bounds
from core.errors import ApplicationError
from documents.formatting import plural


class CellError(ValueError):
    """A cell that cannot be read as its column requires; the message says what is expected."""


def cell_shown(value: Any) -> str:
    """A cell as the file shows it, for the report: dates as ДД.ММ.ГГГГ, whole floats without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%d.%m.%Y}" if value.time() == datetime.min.time() else f"{value:%d.%m.%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def cell_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_decimal(value: Any, message: str) -> Decimal:
    """A cell as an exact number: a workbook's number, or text with a comma or a point and
    any spaces between digit groups. Anything else raises ``CellError(message)``; a number
    out of the bounds of ``core.bounds`` (too large, too many decimals) raises ``CellError``
    saying so."""
    if isinstance(value, bool) or isinstance(value, (date, datetime)):
        raise CellError(message)
    if isinstance(value, (int, float)):
        result = Decimal(str(value))
    else:
        text = re.sub(r"[\s\u00a0\u202f]", "", str(value)).replace(",", ".")
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise CellError(message) from None
    if not result.is_finite():
        raise CellError(message)
    try:
        return bounds.decimal(result, field="value")
    except ApplicationError as exc:
        raise CellError(exc.message.split(": ", 1)[1]) from None


class _Problem(Protocol):
    def sort_key(self): ...


class ImportRefused(ApplicationError):
    """The file was not imported: nothing was written. ``problems`` lists every problem."""

    def __init__(self, problems: list[_Problem]):
        self.problems = sorted(problems, key=lambda problem: problem.sort_key())
        count = len(self.problems)
        super().__init__(
            f"Файл не загружен: {count} {plural(count, 'ошибка', 'ошибки', 'ошибок')}, ничего не записано",
            field="file", extra={"problems": [str(p) for p in self.problems]},
        )
