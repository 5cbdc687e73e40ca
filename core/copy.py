"""PostgreSQL ``COPY … FROM STDIN`` text format: the one encoder of bulk-insert rows
(the billing run's charge lines, the settlements' penalty lines).

A row is its columns joined by tabs and ended by a newline; ``\\N`` is NULL; inside a text
value a backslash, tab, newline or carriage return is written as ``\\\\``, ``\\t``, ``\\n``,
``\\r`` (PostgreSQL documentation, «COPY», section «Text Format»). ``Decimal``, ``date``
and ``int`` go in as ``str()`` — their text is what PostgreSQL reads back.
"""

from __future__ import annotations

from collections.abc import Iterable

NULL = "\\N"


def copy_escape(text: str) -> str:
    """``text`` with COPY's special characters escaped; the text itself when it has none
    (the common case: four scans, no copy)."""
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    if "\t" in text:
        text = text.replace("\t", "\\t")
    if "\n" in text:
        text = text.replace("\n", "\\n")
    if "\r" in text:
        text = text.replace("\r", "\\r")
    return text


def copy_value(value) -> str:
    """One column: ``\\N`` for None, escaped text for ``str``, ``str()`` of anything else."""
    if value is None:
        return NULL
    if isinstance(value, str):
        return copy_escape(value)
    return str(value)


def copy_row(values: Iterable) -> str:
    """One row: its columns by ``copy_value``, tab-separated, newline-terminated."""
    return "\t".join(map(copy_value, values)) + "\n"
