"""XLSX exports of settlements (openpyxl): the turnover statement."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from core.exports import xlsx_row

from .selectors import TurnoverRow, turnover

MONTHS = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
          "ноябрь", "декабрь")
HEADER = (
    "№", "Абонент", "Код", "ИНН", "Договор",
    "Сальдо на начало: дебет", "Сальдо на начало: кредит",
    "Начислено", "Оплачено",
    "Сальдо на конец: дебет", "Сальдо на конец: кредит",
)
MONEY_FORMAT = "#,##0.00"


def turnover_xlsx(*, period: date, rows: list[TurnoverRow] | None = None) -> bytes:
    """Оборотно-сальдовая ведомость of a month as an XLSX workbook (bytes)."""
    rows = turnover(period=period) if rows is None else rows
    book = Workbook()
    sheet = book.active
    sheet.title = f"ОСВ {period:%m.%Y}"
    sheet.append([f"Оборотно-сальдовая ведомость по расчетам с абонентами за {MONTHS[period.month - 1]} {period.year} г."])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append([])
    sheet.append(list(HEADER))
    thin = Side(style="thin")
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
    totals = [0] * 6
    for n, row in enumerate(rows, start=1):
        opening = TurnoverRow.split(row.opening)
        closing = TurnoverRow.split(row.closing)
        money = [*opening, row.charged, row.paid, *closing]
        totals = [t + m for t, m in zip(totals, money, strict=True)]
        sheet.append(xlsx_row(sheet, [n, row.consumer_name, row.consumer_code, row.inn, row.contract_number, *money]))
    sheet.append(["", "Итого", "", "", "", *totals])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=4, min_col=6, max_col=11):
        for cell in row:
            cell.number_format = MONEY_FORMAT
    for column, width in enumerate((5, 40, 12, 14, 14, 16, 16, 16, 16, 16, 16), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A4"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


DEBTORS_HEADER = ("№", "Код", "Абонент", "ИНН", "Категория", "Договор", "Задолженность, ₽", "Дней просрочки", "Пени, ₽")


def debtors_xlsx(*, as_of: date, rows: list[dict], penalty_as_of: date | None) -> bytes:
    """The debtors list as an XLSX workbook (bytes): the rows of ``selectors.debtors`` with
    money as numbers in a money format (not text), days as integers."""
    book = Workbook()
    sheet = book.active
    sheet.title = f"Должники {as_of:%d.%m.%Y}"
    penalty = f"; пени начислены на {penalty_as_of:%d.%m.%Y}" if penalty_as_of else ""
    sheet.append([f"Должники на {as_of:%d.%m.%Y}{penalty}"])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append([])
    sheet.append(list(DEBTORS_HEADER))
    thin = Side(style="thin")
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
    for n, row in enumerate(rows, start=1):
        sheet.append(xlsx_row(sheet, [
            n, row["consumer__code"], row["consumer__name"], row["consumer__inn"], row["category"], row["contract__number"],
            row["outstanding"], row["days_overdue"], row["penalty"],
        ]))
        sheet.cell(row=sheet.max_row, column=7).number_format = MONEY_FORMAT
        sheet.cell(row=sheet.max_row, column=9).number_format = MONEY_FORMAT
    for column, width in enumerate((5, 12, 40, 14, 30, 16, 18, 12, 16), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A4"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
