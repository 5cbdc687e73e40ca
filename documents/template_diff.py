"""The comparison of two versions of a template's text, for the template page and for the
manager who approves a new version (docs/documents.md, "Pages (Документы)").

What a lawyer changes in Word is text: the paragraphs of the body and of the headers and
footers, and the cells of the tables. Both files are read with python-docx; the paragraphs
(empty ones skipped) are compared as a sequence with ``difflib`` — added, removed, changed —
and the table cells by their position (table, row, column). Jinja tags are text like any
other, so a changed tag shows as a changed paragraph or cell.
"""

from __future__ import annotations

import difflib
import io
import re
from dataclasses import dataclass, field
from typing import Literal

from core.errors import ApplicationError

Kind = Literal["added", "removed", "changed"]
KIND_LABELS = {"added": "добавлено", "removed": "удалено", "changed": "изменено"}
WORD_RE = re.compile(r"\{\{|\}\}|\{%|%\}|\w+|\s+|[^\w\s]")  # a tag's braces, words, spaces, one sign


@dataclass(frozen=True)
class Paragraph:
    where: str  # «Абзац 12», «Верхний колонтитул, раздел 1, абзац 2»
    text: str


@dataclass(frozen=True)
class Cell:
    table: int  # 1-based, in document order
    row: int
    column: int
    text: str

    @property
    def where(self) -> str:
        return f"Таблица {self.table}, строка {self.row}, столбец {self.column}"


@dataclass(frozen=True)
class DocxText:
    paragraphs: list[Paragraph]
    cells: list[Cell]


@dataclass(frozen=True)
class Segment:
    """A piece of text: ``equal`` in both versions, ``removed`` from the old, ``added`` in the new."""

    text: str
    kind: Literal["equal", "removed", "added"]


@dataclass(frozen=True)
class Change:
    kind: Kind
    where: str
    old: str = ""
    new: str = ""
    old_segments: list[Segment] = field(default_factory=list, compare=False)
    new_segments: list[Segment] = field(default_factory=list, compare=False)

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class TemplateDiff:
    paragraphs: list[Change]
    cells: list[Change]

    @property
    def empty(self) -> bool:
        return not self.paragraphs and not self.cells

    def counts(self) -> dict[str, int]:
        changes = self.paragraphs + self.cells
        return {kind: sum(1 for c in changes if c.kind == kind) for kind in KIND_LABELS}


def docx_text(content: bytes, *, label: str = "файл") -> DocxText:
    """The paragraphs (body, then headers and footers) and the table cells of a DOCX."""
    from docx import Document

    try:
        document = Document(io.BytesIO(content))
    except Exception as exc:  # python-docx raises many kinds on a file that is not a DOCX
        raise ApplicationError(f"{label}: не читается как документ Word (DOCX): {exc}", code="not_docx", field="file") from exc
    paragraphs = [
        Paragraph(f"Абзац {n}", p.text) for n, p in enumerate(document.paragraphs, start=1) if p.text.strip()
    ]
    for number, section in enumerate(document.sections, start=1):
        for part, name in ((section.header, "Верхний колонтитул"), (section.footer, "Нижний колонтитул")):
            if part.is_linked_to_previous:
                continue
            paragraphs += [
                Paragraph(f"{name}, раздел {number}, абзац {n}", p.text)
                for n, p in enumerate(part.paragraphs, start=1) if p.text.strip()
            ]
    cells: list[Cell] = []
    for t, table in enumerate(document.tables, start=1):
        for r, row in enumerate(table.rows, start=1):
            seen = []
            for c, cell in enumerate(row.cells, start=1):
                if any(cell._tc is other for other in seen):  # a horizontally merged cell repeats
                    continue
                seen.append(cell._tc)
                cells.append(Cell(t, r, c, cell.text))
    return DocxText(paragraphs=paragraphs, cells=cells)


def word_segments(old: str, new: str) -> tuple[list[Segment], list[Segment]]:
    """The two texts cut into words, each marked equal, removed (old) or added (new)."""
    a, b = WORD_RE.findall(old), WORD_RE.findall(new)
    old_segments: list[Segment] = []
    new_segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            old_segments.append(Segment("".join(a[i1:i2]), "equal"))
            new_segments.append(Segment("".join(b[j1:j2]), "equal"))
            continue
        if i2 > i1:
            old_segments.append(Segment("".join(a[i1:i2]), "removed"))
        if j2 > j1:
            new_segments.append(Segment("".join(b[j1:j2]), "added"))
    return old_segments, new_segments


def _changed(where: str, old: str, new: str) -> Change:
    old_segments, new_segments = word_segments(old, new)
    return Change("changed", where, old, new, old_segments, new_segments)


def compare_paragraphs(old: list[Paragraph], new: list[Paragraph]) -> list[Change]:
    """The paragraphs added, removed and changed, in the order of the new version; a
    replaced run of paragraphs pairs old and new one by one, the rest added or removed."""
    changes: list[Change] = []
    matcher = difflib.SequenceMatcher(a=[p.text for p in old], b=[p.text for p in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        olds, news = old[i1:i2], new[j1:j2]
        for before, after in zip(olds, news, strict=False):
            changes.append(_changed(after.where, before.text, after.text))
        changes += [Change("removed", p.where, old=p.text) for p in olds[len(news):]]
        changes += [Change("added", p.where, new=p.text) for p in news[len(olds):]]
    return changes


def compare_cells(old: list[Cell], new: list[Cell]) -> list[Change]:
    """The table cells compared by position: a cell only in the new version is added, only
    in the old one removed, with other text changed."""
    before = {(c.table, c.row, c.column): c for c in old}
    after = {(c.table, c.row, c.column): c for c in new}
    changes: list[Change] = []
    for key in sorted(before.keys() | after.keys()):
        a, b = before.get(key), after.get(key)
        if a is None and b is not None:
            if b.text.strip():
                changes.append(Change("added", b.where, new=b.text))
        elif b is None and a is not None:
            if a.text.strip():
                changes.append(Change("removed", a.where, old=a.text))
        elif a is not None and b is not None and a.text != b.text:
            changes.append(_changed(b.where, a.text, b.text))
    return changes


def compare(old: bytes, new: bytes) -> TemplateDiff:
    """What changed in the text from ``old`` to ``new`` (two DOCX files)."""
    a, b = docx_text(old, label="Прежняя версия"), docx_text(new, label="Новая версия")
    return TemplateDiff(paragraphs=compare_paragraphs(a.paragraphs, b.paragraphs), cells=compare_cells(a.cells, b.cells))
