"""Workbooks built to hurt a reader, for the import-limit tests: made with zipfile from a
real openpyxl workbook, one part replaced."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook

SHARED_STRINGS = "xl/sharedStrings.xml"
SST = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'


def workbook(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


CONTENT_TYPES = "[Content_Types].xml"
SHARED_STRINGS_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)


def _replaced(data: bytes, name: str, write) -> bytes:
    """The workbook with part ``name`` written by ``write(file)`` (added when missing; shared
    strings are declared in the content types, so that a reader parses them)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            content = source.read(member)
            if member.filename == CONTENT_TYPES and name == SHARED_STRINGS and b"/xl/sharedStrings.xml" not in content:
                content = content.replace(b"</Types>", SHARED_STRINGS_TYPE)
            if member.filename != name:
                target.writestr(member, content)
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        with target.open(info, "w", force_zip64=True) as part:
            write(part)
    return out.getvalue()


def replaced_part(data: bytes, name: str, content: bytes) -> bytes:
    return _replaced(data, name, lambda part: part.write(content))


def shared_string_bomb(rows: list[list], megabytes: int) -> bytes:
    """A workbook whose one shared string is ``megabytes`` MB of «А»: a few KB zipped."""
    def write(part):
        part.write(SST + b"<si><t>")
        chunk = b"A" * 2**20
        for _ in range(megabytes):
            part.write(chunk)
        part.write(b"</t></si></sst>")

    return _replaced(workbook(rows), SHARED_STRINGS, write)


def entity_workbook(rows: list[list]) -> bytes:
    """A workbook whose shared strings declare entities that expand (the «billion laughs»)."""
    laughs = (
        b'<?xml version="1.0"?>\n<!DOCTYPE sst [<!ENTITY lol "lol">'
        + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10))
        + b"]>" + SST + b"<si><t>&lol9;</t></si></sst>"
    )
    return _replaced(workbook(rows), SHARED_STRINGS, lambda part: part.write(laughs))
