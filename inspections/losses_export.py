"""The losses report as an XLSX file: the rows of ``inspections.losses`` with their total, every
text cell written as text (``core.exports`` through ``metering.exports``), the month as a date."""

from __future__ import annotations

from metering.exports import Sheet, workbook_bytes

from .losses import LossReport, LossRow

HEADERS = [
    "Месяц", "Код участка", "Участок сети (источник)",
    "Актов бездоговорного потребления", "Бездоговорное, Гкал", "Бездоговорное, руб. с НДС",
    "Актов безучетного потребления", "Безучетное, Гкал", "Безучетное, руб. с НДС",
    "Актов без выпущенного расчета", "Выявлено всего, Гкал", "Выявлено всего, руб. с НДС",
    "Показаний с небалансом M1 − M2", "Потери теплоносителя, т", "Оплачено, руб.", "Не оплачено, руб.",
]
SHEET = "Потери"


def row_cells(row: LossRow) -> list:
    return [
        row.month, row.section_code, row.section,
        row.contractless_acts, row.contractless_gcal, row.contractless_rub,
        row.unmetered_acts, row.unmetered_gcal, row.unmetered_rub,
        row.uncalculated, row.found_gcal, row.found_rub,
        row.imbalance_readings, row.carrier_loss_t, row.recovered_rub, row.outstanding_rub,
    ]


def report_cells(report: LossReport) -> list[list]:
    """The sheet's rows: one per month and section, then «Итого» (no month)."""
    rows = [row_cells(row) for row in report.rows]
    if report.total is not None:
        rows.append([None, *row_cells(report.total)[1:]])
    return rows


def losses_xlsx(report: LossReport) -> bytes:
    return workbook_bytes([Sheet(SHEET, HEADERS, report_cells(report))])


def filename(report: LossReport) -> str:
    return f"losses-{report.date_from:%Y-%m-%d}-{report.date_to:%Y-%m-%d}.xlsx"
