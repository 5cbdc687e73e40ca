"""Reading a calculation's JSON input: every problem is an ``ApplicationError`` whose
message starts with the path of the field (``debts[0].due_date: …``) and whose ``field``
is that path.

Numbers are read as ``Decimal`` (strings, integers, or JSON numbers parsed with
``parse_float=Decimal`` — never floats); dates as ``YYYY-MM-DD``.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from core.errors import ApplicationError

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MISSING = object()


def fail(field: str, problem: str) -> ApplicationError:
    return ApplicationError(f"{field}: {problem}", field=field)


def load_json(text: str) -> Any:
    """Parse JSON text with decimals kept exact."""
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise ApplicationError(
            f"input: неверный JSON (строка {exc.lineno}, позиция {exc.colno}): {exc.msg}", field="input"
        ) from exc


class Reader:
    """Typed access to one JSON object at ``prefix`` (``""`` for the top, ``"debts[0]."``…)."""

    def __init__(self, data: Any, prefix: str = "", *, name: str = "input"):
        if not isinstance(data, dict):
            raise fail(prefix.rstrip(".") or name, "ожидается объект JSON")
        self.data = data
        self.prefix = prefix

    def path(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def _raw(self, key: str, required: bool) -> Any:
        value = self.data.get(key, _MISSING)
        if value is _MISSING or value is None or value == "":
            if required:
                raise fail(self.path(key), "обязательное поле не заполнено")
            return _MISSING
        return value

    def decimal(
        self,
        key: str,
        *,
        required: bool = True,
        minimum: Decimal | None = None,
        positive: bool = False,
        places: int | None = None,
        default: Decimal | None = None,
    ) -> Decimal | None:
        value = self._raw(key, required)
        if value is _MISSING:
            return default
        field = self.path(key)
        if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
            raise fail(field, "ожидается число (строкой, например \"1200.50\")")
        try:
            number = Decimal(value.strip().replace(",", ".").replace(" ", "")) if isinstance(value, str) else Decimal(value)
        except InvalidOperation:
            raise fail(field, f"«{value}» — не число") from None
        if not number.is_finite():
            raise fail(field, f"«{value}» — не число")
        if positive and number <= 0:
            raise fail(field, "должно быть больше нуля")
        if minimum is not None and number < minimum:
            raise fail(field, "не может быть отрицательным" if minimum == 0 else f"должно быть не меньше {minimum}")
        if places is not None and number.as_tuple().exponent < -places:
            raise fail(field, f"не более {places} знаков после запятой")
        return number

    def money(self, key: str, *, required: bool = True, positive: bool = False) -> Decimal | None:
        return self.decimal(key, required=required, minimum=Decimal(0), positive=positive, places=2)

    def integer(self, key: str, *, required: bool = True, minimum: int | None = 0) -> int | None:
        value = self._raw(key, required)
        if value is _MISSING:
            return None
        field = self.path(key)
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        elif isinstance(value, Decimal) and value == value.to_integral_value():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise fail(field, "ожидается целое число")
        if minimum is not None and value < minimum:
            raise fail(field, "не может быть отрицательным" if minimum == 0 else f"должно быть не меньше {minimum}")
        return value

    def date(self, key: str, *, required: bool = True) -> date | None:
        value = self._raw(key, required)
        if value is _MISSING:
            return None
        field = self.path(key)
        if not isinstance(value, str) or not _DATE_RE.match(value.strip()):
            raise fail(field, f"ожидается дата в формате ГГГГ-ММ-ДД, получено «{value}»")
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise fail(field, f"несуществующая дата «{value}»") from None

    def text(self, key: str, *, required: bool = True) -> str | None:
        value = self._raw(key, required)
        if value is _MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise fail(self.path(key), "ожидается строка")
        return str(value).strip()

    def choice(self, key: str, choices: tuple[str, ...], *, required: bool = True, default: str | None = None) -> str:
        value = self._raw(key, required and default is None)
        if value is _MISSING:
            return default
        if value not in choices:
            raise fail(self.path(key), f"неизвестное значение «{value}»; допустимо: {', '.join(choices)}")
        return value

    def items(self, key: str, *, required: bool = True, non_empty: bool = False) -> list[Reader]:
        """The objects of a list field, each as a ``Reader`` with its ``key[n].`` prefix."""
        value = self._raw(key, required)
        if value is _MISSING:
            if non_empty:
                raise fail(self.path(key), "нужен хотя бы один элемент")
            return []
        if not isinstance(value, list):
            raise fail(self.path(key), "ожидается список")
        if non_empty and not value:
            raise fail(self.path(key), "нужен хотя бы один элемент")
        return [Reader(item, f"{self.path(key)}[{n}].") for n, item in enumerate(value)]
