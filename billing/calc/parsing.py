"""Reading a calculation's JSON input: every problem is an ``ApplicationError`` whose
message starts with the path of the field (``debts[0].due_date: …``) and whose ``field``
is that path.

Values go through the bounded parsers of ``core.bounds`` (the limits every edge shares):
numbers are ``Decimal`` (strings, integers, or JSON numbers parsed as exact decimals —
never floats), dates ``YYYY-MM-DD`` between 2000 and 2100, strings without NUL or lone
surrogates. A field the kind did not read is refused by ``refuse_unknown``: nothing a
calculation ignored reaches the audit.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from core import bounds
from core.errors import ApplicationError

_MISSING = object()
MAX_ITEMS = 1000  # elements of one list field (debts, payments, periods…)


def fail(field: str, problem: str, *, code: str) -> ApplicationError:
    return bounds.fail(field, problem, code=code)


def load_json(text: str | bytes) -> Any:
    """Parse JSON text with decimals kept exact, within the size and depth of ``core.bounds``."""
    return bounds.load_json(text, field="input")


class Reader:
    """Typed access to one JSON object at ``prefix`` (``""`` for the top, ``"debts[0]."``…)."""

    def __init__(self, data: Any, prefix: str = "", *, name: str = "input"):
        if not isinstance(data, dict):
            raise fail(prefix.rstrip(".") or name, "ожидается объект JSON", code="not_an_object")
        self.data = data
        self.prefix = prefix
        self.read: set[str] = set()
        self.children: list[Reader] = []

    def path(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def _raw(self, key: str, required: bool) -> Any:
        self.read.add(key)
        value = self.data.get(key, _MISSING)
        if value is _MISSING or value is None or value == "":
            if required:
                raise fail(self.path(key), "обязательное поле не заполнено", code="required")
            return _MISSING
        return value

    def refuse_unknown(self) -> None:
        """Refuse the first field of the input (at any depth) that no reader asked for."""
        for key in self.data:
            if key not in self.read:
                name = self.path(bounds.shown(key))
                raise ApplicationError(f"{name}: неизвестное поле", code="unknown_field", field=name)
        for child in self.children:
            child.refuse_unknown()

    def decimal(
        self,
        key: str,
        *,
        required: bool = True,
        minimum: Decimal | None = None,
        maximum: Decimal | None = None,
        positive: bool = False,
        places: int | None = None,
        default: Decimal | None = None,
    ) -> Decimal | None:
        value = self._raw(key, required)
        if value is _MISSING:
            return default
        return bounds.decimal(value, field=self.path(key), minimum=minimum, maximum=maximum,
                              positive=positive, places=places)

    def money(self, key: str, *, required: bool = True, positive: bool = False) -> Decimal | None:
        return self.decimal(key, required=required, minimum=Decimal(0), positive=positive, places=2)

    def integer(self, key: str, *, required: bool = True, minimum: int | None = 0,
                maximum: int | None = bounds.MAX_INTEGER) -> int | None:
        value = self._raw(key, required)
        if value is _MISSING:
            return None
        return bounds.integer(value, field=self.path(key), minimum=minimum, maximum=maximum)

    def date(self, key: str, *, required: bool = True) -> date | None:
        value = self._raw(key, required)
        if value is _MISSING:
            return None
        return bounds.day(value, field=self.path(key))

    def text(self, key: str, *, required: bool = True, max_length: int = 100) -> str | None:
        value = self._raw(key, required)
        if value is _MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise fail(self.path(key), "ожидается строка", code="not_a_string")
        return bounds.text(str(value), field=self.path(key), max_length=max_length).strip()

    def choice(self, key: str, choices: tuple[str, ...], *, required: bool = True, default: str | None = None) -> str:
        value = self._raw(key, required and default is None)
        if value is _MISSING:
            return default
        if not isinstance(value, str) or value not in choices:
            raise fail(
                self.path(key), f"неизвестное значение «{bounds.shown(value)}»; допустимо: {', '.join(choices)}",
                code="invalid_choice"
            )
        return value

    def items(self, key: str, *, required: bool = True, non_empty: bool = False) -> list[Reader]:
        """The objects of a list field, each as a ``Reader`` with its ``key[n].`` prefix."""
        value = self._raw(key, required)
        if value is _MISSING:
            if non_empty:
                raise fail(self.path(key), "нужен хотя бы один элемент", code="required")
            return []
        if not isinstance(value, list):
            raise fail(self.path(key), "ожидается список", code="not_a_list")
        if non_empty and not value:
            raise fail(self.path(key), "нужен хотя бы один элемент", code="required")
        if len(value) > MAX_ITEMS:
            raise fail(self.path(key), f"слишком много элементов ({len(value)}, допустимо до {MAX_ITEMS})", code="too_many")
        readers = [Reader(item, f"{self.path(key)}[{n}].") for n, item in enumerate(value)]
        self.children.extend(readers)
        return readers
