"""What a reading import reports: the problems of a refused file, the counts of an accepted one."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.imports import ImportRefused, cut  # noqa: F401 — ImportRefused: raised by this import, caught by its callers


@dataclass(frozen=True)
class Problem:
    """One thing wrong: where (row, column), the cell as the file has it, what is wrong.

    ``row`` is the row number as the spreadsheet shows it (the header row's number counts);
    ``None`` for a problem of the whole file or of the source's mapping. Shown as
    ``строка 5, столбец «Q, ГДж»: «abc» — не число``.
    """

    message: str
    row: int | None = None
    column: str = ""
    value: str = ""

    def __post_init__(self):  # the file's own text, quoted in a report: cut to a readable length
        for name in ("column", "value"):
            object.__setattr__(self, name, cut(getattr(self, name)))

    def __str__(self) -> str:
        place = []
        if self.row is not None:
            place.append(f"строка {self.row}")
        if self.column:
            place.append(f"столбец «{self.column}»")
        text = f"«{self.value}» — {self.message}" if self.value else self.message
        return f"{', '.join(place)}: {text}" if place else text

    def sort_key(self):
        return (self.row or 0, self.column)


@dataclass(frozen=True)
class FlaggedRow:
    """A written reading that the validation rules flagged: it waits for a technician."""

    row: int
    unit: str
    period: str
    flags: tuple[str, ...]


@dataclass
class ImportResult:
    """An accepted file: the batch, how many readings were accepted and how many flagged."""

    batch_id: int
    filename: str
    sha256: str
    accepted: int = 0
    flagged: list[FlaggedRow] = field(default_factory=list)

    @property
    def written(self) -> int:
        return self.accepted + len(self.flagged)

    def summary(self) -> str:
        return (
            f"Файл {self.filename} загружен: показаний {self.written}, приняты к расчету {self.accepted}, "
            f"переданы технику на проверку {len(self.flagged)}"
        )

    def as_data(self) -> dict:
        return {
            "filename": self.filename, "sha256": self.sha256, "written": self.written,
            "accepted": self.accepted, "flagged": len(self.flagged),
        }
