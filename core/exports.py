"""What every exported file shares: a text cell is written as text, never as a formula.

A spreadsheet program runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return as a formula (OWASP «CSV injection»): a consumer named
``=HYPERLINK("http://…","Нажмите")`` would become a live link in the billing export. Every
CSV and XLSX writer passes its cells through this module:

- CSV: :func:`csv_cell` puts a single quote before such a text (OWASP's advice); a plain
  number such as ``-12.50`` is left alone — it is not a formula and must stay a number;
- XLSX: :func:`xlsx_row` makes every text cell a string cell (openpyxl would otherwise
  store a text starting with ``=`` as a formula) and marks a formula-like one «quote
  prefixed», so that Excel keeps it text even when the cell is edited.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import Cell

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def is_formula_like(value: Any) -> bool:
    """A text a spreadsheet program would run as a formula."""
    return (
        isinstance(value, str) and value.startswith(FORMULA_PREFIXES) and PLAIN_NUMBER.fullmatch(value) is None
    )


def csv_cell(value: Any) -> Any:
    """A CSV field as written: a formula-like text gets a leading ``'``; anything else as is."""
    return "'" + value if is_formula_like(value) else value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_cell(value) for value in values]


def xlsx_cell(sheet, value: Any) -> Any:
    """A value for ``sheet.append``: a text becomes a string cell, other values pass as they are."""
    if not isinstance(value, str):
        return value
    cell = Cell(sheet, row=1, column=1, value=value)  # append() places it
    cell.data_type = "s"
    if is_formula_like(value):
        cell.quotePrefix = True
    return cell


def xlsx_row(sheet, values: Iterable[Any]) -> list[Any]:
    """A row for ``sheet.append`` (normal or write-only sheets alike) with every text a string cell."""
    return [xlsx_cell(sheet, value) for value in values]
