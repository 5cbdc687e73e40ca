"""One spelling of text for searching, the same on every database: SQLite folds the case
of ASCII letters only (``icontains`` finds «Иванов» by «Иванов», never by «иванов»), so
searchable rows keep a normalised copy of their text and a search compares normalised
words with it: lower case, «ё» as «е», runs of spaces as one."""

from __future__ import annotations


def search_key(*parts: str | None) -> str:
    """``parts`` joined by a newline (a word never matches across two fields), normalised."""
    return "\n".join(normalize(p) for p in parts if p)


def normalize(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())
