"""A realistic one-to-two-page letter with a table, built with python-docx.

The pool converts it once when a worker starts (so Writer, its table layout and the fonts
are loaded before the first real document arrives), and the benchmark converts it to
compare cold and warm conversions.
"""

from __future__ import annotations

import io

from docx import Document
from docx.shared import Mm, Pt


def sample_letter_docx(*, rows: int = 40) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)  # A4: python-docx defaults to Letter
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)

    document.add_paragraph("ООО «Теплоснабжающая организация»\nул. Ленина, д. 1, г. Энск, 123456")
    document.add_paragraph("Исх. № АВ-2026/000123 от «26» ноября 2026 г.")
    document.add_paragraph("Директору ООО «Управляющая компания „Уют“»\nИванову И. И.")
    document.add_heading("О задолженности за тепловую энергию", level=2)
    document.add_paragraph(
        "Уважаемый Иван Иванович! Сообщаем, что по договору теплоснабжения № 45-Т от "
        "01.01.2025 за период с января по октябрь 2026 г. образовалась задолженность за "
        "потреблённую тепловую энергию. Расчёт приведён в таблице ниже. Просим погасить "
        "задолженность в течение десяти календарных дней со дня получения настоящего письма."
    )
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, ("Месяц", "Объём, Гкал", "Начислено, ₽", "Оплачено, ₽"), strict=True):
        cell.text = title
    for n in range(rows):
        cells = table.add_row().cells
        cells[0].text = f"{n % 12 + 1:02d}.2026"
        cells[1].text = f"{120 + n * 3.125:.3f}".replace(".", ",")
        cells[2].text = f"{345_678 + n * 1_234:,},56 ₽".replace(",", "\u00a0", 1)
        cells[3].text = f"{300_000 + n * 987:,},00 ₽".replace(",", "\u00a0", 1)
    document.add_paragraph(
        "Приложение: акт сверки взаимных расчётов на 2 л. в 1 экз.\n\n"
        "Начальник абонентского отдела ____________ П. П. Петров"
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
