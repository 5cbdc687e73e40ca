"""XLSX downloads of metering pages: one sheet per table, headers in bold, dates as dates."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.http import HttpResponse

from core.exports import xlsx_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence]


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        ws = workbook.create_sheet(sheet.title[:31])
        ws.append(list(sheet.headers))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            ws.append(xlsx_row(ws, row))
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, date):
                    cell.number_format = "DD.MM.YYYY"
        for index, header in enumerate(sheet.headers, start=1):
            ws.column_dimensions[openpyxl.utils.get_column_letter(index)].width = max(12, min(60, len(header) + 4))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_response(filename: str, sheets: Sequence[Sheet]) -> HttpResponse:
    response = HttpResponse(workbook_bytes(sheets), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
