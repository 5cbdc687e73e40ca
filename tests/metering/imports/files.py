"""Files of a meter-data system for the import tests, built with csv/openpyxl."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook


def csv_file(rows: list[dict], *, encoding: str = "cp1251", delimiter: str = ";", title: list[str] = ()) -> bytes:
    """Rows under a header line (the keys of the rows, in order of appearance); ``title``
    lines above it, as exports often have."""
    headers = list(dict.fromkeys(h for row in rows for h in row))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    for line in title:
        writer.writerow([line])
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if row.get(h) is None else str(row.get(h)) for h in headers])
    return buffer.getvalue().encode(encoding)


def xlsx(rows: list[dict], *, title: list[str] = ()) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.title = "Показания"
    for line in title:
        ws.append([line])
    headers = list(dict.fromkeys(h for row in rows for h in row))
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
