"""What an import reports: the problems of a refused file, the counts of an accepted one."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.imports import ImportRefused, cut  # noqa: F401 — ImportRefused: raised by this import, caught by its callers


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file: where (sheet, row, column), the value and what is wrong.

    ``row`` is the row number as the spreadsheet shows it (the header is row 1); ``None``
    for a problem of the whole sheet or file.
    """

    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""

    def __post_init__(self):  # the file's own text, quoted in a report: cut to a readable length
        for name in ("sheet", "column", "value"):
            object.__setattr__(self, name, cut(getattr(self, name)))

    def __str__(self) -> str:
        place = [self.sheet] if self.sheet else []
        if self.row is not None:
            place.append(f"строка {self.row}")
        subject = self.column
        if self.column and self.value:
            value = self.value if len(self.value.split()) == 1 else f"«{self.value}»"
            subject = f"{self.column} {value}"
        elif self.column and self.row is None:
            subject = f"столбец «{self.column}»"
        if subject:
            place.append(subject)
        return f"{', '.join(place)}: {self.message}" if place else self.message

    def sort_key(self):
        return (self.sheet_order, self.row or 0, self.column)

    @property
    def sheet_order(self) -> int:
        from .layout import SHEETS

        titles = [s.title for s in SHEETS]
        return titles.index(self.sheet) if self.sheet in titles else -1


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class ImportResult:
    """An accepted file: per sheet title, how many rows were created, updated, unchanged."""

    filename: str
    sha256: str
    counts: dict[str, Counts] = field(default_factory=dict)

    def summary(self) -> str:
        parts = [
            f"{title}: новых {c.created}, изменено {c.updated}, без изменений {c.unchanged}"
            for title, c in self.counts.items()
        ]
        return f"Файл {self.filename} загружен. " + "; ".join(parts)

    def as_data(self) -> dict:
        return {
            "filename": self.filename,
            "sha256": self.sha256,
            "counts": {title: vars(c) for title, c in self.counts.items()},
        }

