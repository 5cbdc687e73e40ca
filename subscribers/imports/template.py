"""The template workbook offered on the import page: the four sheets with their headers and a
sheet «Описание» that lists every column (required or not, what goes in it)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .layout import BOOL, CHOICE, CODES, DATE, DECIMAL, IDENTIFIER, INTEGER, REFERENCE, SHEETS, TEXT

KIND_NAMES = {
    TEXT: "текст", IDENTIFIER: "цифры (текстом)", DECIMAL: "число (0,125)", INTEGER: "целое число",
    DATE: "дата ДД.ММ.ГГГГ", BOOL: "да / нет", CHOICE: "значение из списка", CODES: "коды через запятую",
    REFERENCE: "код",
}
INTRO = (
    "Загрузка реестра абонентов. Заполните нужные листы (лишние можно удалить); первая строка — "
    "заголовки, порядок столбцов любой, необязательные столбцы можно удалить. Повторная загрузка "
    "того же файла ничего не меняет: абоненты находятся по ИНН+КПП (без ИНН — по абонентскому "
    "номеру), объекты — по коду, нагрузки — по объекту и дате начала, договоры — по номеру. "
    "При любой ошибке не записывается ничего, а отчет называет строку, столбец и значение."
)


def template_xlsx() -> bytes:
    workbook = Workbook()
    about = workbook.active
    about.title = "Описание"
    about.append([INTRO])
    about["A1"].alignment = Alignment(wrap_text=True, vertical="top")
    about.merge_cells("A1:E1")
    about.row_dimensions[1].height = 90
    about.append([])
    about.append(["Лист", "Столбец", "Обязателен", "Значение", "Пояснение"])
    for cell in about[3]:
        cell.font = Font(bold=True)
    for sheet in SHEETS:
        for column in sheet.columns:
            mandatory = "да" if column.header in sheet.required_columns and column.required else (
                "столбец" if column.header in sheet.required_columns or column.header in sheet.one_of else ""
            )
            about.append([sheet.title, column.header, mandatory, KIND_NAMES[column.kind], column.help])
    for letter, width in zip("ABCDE", (12, 36, 12, 20, 70), strict=True):
        about.column_dimensions[letter].width = width

    for sheet in SHEETS:
        ws = workbook.create_sheet(sheet.title)
        ws.append([c.header for c in sheet.columns])
        for index, column in enumerate(sheet.columns, start=1):
            ws.cell(row=1, column=index).font = Font(bold=True)
            letter = get_column_letter(index)
            ws.column_dimensions[letter].width = max(14, min(40, len(column.header) + 4))
            if column.kind in (IDENTIFIER, TEXT, REFERENCE, CODES):
                for row in range(2, 502):  # text cells keep leading zeros of ИНН, КПП, codes
                    ws.cell(row=row, column=index).number_format = "@"
        ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
