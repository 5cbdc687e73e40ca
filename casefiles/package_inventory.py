"""The inventory page(s) of a court package — «Перечень приложений» (АПК ст. 126, ГПК ст. 132):
``№ | Наименование документа | Листов | Экз. | Копия / оригинал``, each document's page range
under its sheet count, A4 portrait with the ГОСТ margins (30/15/20/20 mm), Liberation Serif 12 pt.
Drawn straight into the package with ``package_pdf`` (no conversion: it takes milliseconds).
"""

from __future__ import annotations

from dataclasses import dataclass

from .package_pdf import A4, MM, font, text, wrap

LEFT, RIGHT, TOP, BOTTOM = 30 * MM, 15 * MM, 20 * MM, 20 * MM
COLUMNS = (10 * MM, 95 * MM, 25 * MM, 12 * MM, 23 * MM)  # 165 mm: the text width
HEADER = ("№", "Наименование документа", "Листов", "Экз.", "Копия / оригинал")
TITLE = "ПЕРЕЧЕНЬ ПРИЛОЖЕНИЙ"
TITLE_SIZE, BODY_SIZE, HEADER_SIZE, RANGE_SIZE = 14, 12, 11, 10
PAD = 3.0
LEADING = 1.2


@dataclass(frozen=True)
class Row:
    number: int
    title: str
    sheets: int
    first_page: int
    last_page: int
    copies: int
    original: bool


def page_range(first: int, last: int) -> str:
    return f"стр. {first}" if first == last else f"стр. {first}–{last}"


def _cells(row: Row) -> list[list[tuple[str, float]]]:
    """Per column, the lines of the cell with their sizes."""
    return [
        [(f"{row.number}.", BODY_SIZE)],
        [(line, BODY_SIZE) for line in wrap(row.title, COLUMNS[1] - 2 * PAD, size=BODY_SIZE)],
        [(str(row.sheets), BODY_SIZE), (page_range(row.first_page, row.last_page), RANGE_SIZE)],
        [(str(row.copies), BODY_SIZE)],
        [("оригинал" if row.original else "копия", BODY_SIZE)],
    ]


def _header_cells() -> list[list[tuple[str, float]]]:
    return [[(line, HEADER_SIZE) for line in wrap(label, width - 2 * PAD, size=HEADER_SIZE)]
            for label, width in zip(HEADER, COLUMNS, strict=True)]


def _height(cells: list[list[tuple[str, float]]]) -> float:
    return max(sum(size * LEADING for _, size in cell) for cell in cells) + 2 * PAD


def _draw_row(cells: list[list[tuple[str, float]]], top: float, *, center: bool) -> tuple[list[str], float]:
    height = _height(cells)
    ops = []
    x = LEFT
    for cell, width in zip(cells, COLUMNS, strict=True):
        y = top - PAD
        for line, size in cell:
            y -= size * LEADING
            offset = (width - font().width(line, size)) / 2 if center or width < 30 * MM else PAD
            ops.append(text(x + offset, y + size * (LEADING - 1), line, size=size))
        x += width
    bottom = top - height
    right = LEFT + sum(COLUMNS)
    lines = [f"{LEFT:.2f} {top:.2f} m {right:.2f} {top:.2f} l", f"{LEFT:.2f} {bottom:.2f} m {right:.2f} {bottom:.2f} l"]
    x = LEFT
    for width in (0, *COLUMNS):
        x += width
        lines.append(f"{x:.2f} {top:.2f} m {x:.2f} {bottom:.2f} l")
    ops.append("0.6 w " + " ".join(lines) + " S")
    return ops, bottom


def layout(rows: list[Row], *, heading: str) -> list[str]:
    """The content streams of the inventory's pages (the header row repeats on each page)."""
    width, height = A4
    text_width = width - LEFT - RIGHT
    pages: list[list[str]] = []
    ops: list[str] = []
    y = height - TOP - TITLE_SIZE
    ops.append(text(LEFT + (text_width - font().width(TITLE, TITLE_SIZE)) / 2, y, TITLE, size=TITLE_SIZE))
    y -= TITLE_SIZE * 0.6
    for line in wrap(heading, text_width, size=BODY_SIZE):
        y -= BODY_SIZE * LEADING
        ops.append(text(LEFT + (text_width - font().width(line, BODY_SIZE)) / 2, y, line, size=BODY_SIZE))
    y -= BODY_SIZE
    header = _header_cells()
    drawn, y = _draw_row(header, y, center=True)
    ops += drawn
    for row in rows:
        cells = _cells(row)
        if y - _height(cells) < BOTTOM:
            pages.append(ops)
            ops, y = [], height - TOP
            drawn, y = _draw_row(header, y, center=True)
            ops += drawn
        drawn, y = _draw_row(cells, y, center=False)
        ops += drawn
    total = sum(r.sheets for r in rows)
    summary = f"Всего: {len(rows)} {_documents_word(len(rows))} на {total} л."
    if y - 2 * BODY_SIZE * LEADING < BOTTOM:
        pages.append(ops)
        ops, y = [], height - TOP
    ops.append(text(LEFT, y - 2 * BODY_SIZE * LEADING, summary, size=BODY_SIZE))
    pages.append(ops)
    return ["\n".join(page) + "\n" for page in pages]


def _documents_word(count: int) -> str:
    if count % 10 == 1 and count % 100 != 11:
        return "документ"
    if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        return "документа"
    return "документов"
