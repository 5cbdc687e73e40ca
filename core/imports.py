"""What every file import shares: the limits a file must keep, reading it as a stream of
rows (CSV or XLSX), reading a spreadsheet cell, and the refusal of a whole file. The
registry import (``subscribers/imports``) and the reading and temperature imports
(``metering/imports``) build their own problems and plans on these; pages and commands
reach the limits only through here.

The limits (settings ``IMPORT_MAX_*``) are checked before any row is read: the file's size;
for an XLSX the unpacked size of its parts (as the zip declares them, which is also all the
zip module will unpack), no DTD or entity declaration in any part (the «billion laughs»),
and the count of its row elements; for a CSV its encoding (every byte, naming the row of the
first bad one) and its count of lines. Rows are then read one at a time, never the whole
file as Python objects, and the row limit is checked again as they come.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import math
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import IO, Any, NoReturn, Protocol

from django.conf import settings

from core import bounds
from core.errors import ApplicationError
from core.wording import plural


class CellError(ValueError):
    """A cell that cannot be read as its column requires; the message says what is expected."""


def cell_shown(value: Any) -> str:
    """A cell as the file shows it, for the report: dates as ДД.ММ.ГГГГ, whole floats without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%d.%m.%Y}" if value.time() == datetime.min.time() else f"{value:%d.%m.%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def cell_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_decimal(value: Any, message: str) -> Decimal:
    """A cell as an exact number: a workbook's number, or text with a comma or a point and
    any spaces between digit groups. Anything else raises ``CellError(message)``; a number
    out of the bounds of ``core.bounds`` (too large, too many decimals) raises ``CellError``
    saying so."""
    if isinstance(value, bool) or isinstance(value, (date, datetime)):
        raise CellError(message)
    if isinstance(value, float):
        result = _workbook_float(value, message)
    elif isinstance(value, int):
        result = Decimal(value)
    else:
        text = re.sub(r"[\s\u00a0\u202f]", "", str(value)).replace(",", ".")
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise CellError(message) from None
    if not result.is_finite():
        raise CellError(message)
    try:
        return bounds.decimal(result, field="value")
    except ApplicationError as exc:
        raise CellError(exc.message.split(": ", 1)[1]) from None


def _workbook_float(value: float, message: str) -> Decimal:
    """A workbook's number is a binary float: a value Excel computed carries noise past the
    places anyone typed (3,3 × 3 is stored as 9.899999999999999). The noise past
    ``bounds.MAX_PLACES`` is rounded off half up here; the field's own places are kept later."""
    if not math.isfinite(value):
        raise CellError(message)
    result = Decimal(repr(value))
    places = Decimal(1).scaleb(-bounds.MAX_PLACES)
    if result.as_tuple().exponent < -bounds.MAX_PLACES and result.adjusted() < bounds.MAX_INTEGER_DIGITS:
        result = result.quantize(places, rounding=ROUND_HALF_UP).normalize()
        if result.as_tuple().exponent > 0:  # 100.000000000000 normalizes to 1E+2
            result = result.quantize(Decimal(1))
    return result


class _Problem(Protocol):
    def sort_key(self): ...


class ImportRefused(ApplicationError):
    """The file was not imported: nothing was written. ``problems`` lists every problem."""

    def __init__(self, problems: list[_Problem]):
        self.problems = sorted(problems, key=lambda problem: problem.sort_key())
        count = len(self.problems)
        super().__init__(
            f"Файл не загружен: {count} {plural(count, 'ошибка', 'ошибки', 'ошибок')}, ничего не записано",
            code="import_refused", field="file", extra={"problems": [str(p) for p in self.problems]},
        )


# --- limits and the problems of a whole file -----------------------------------------------

CHUNK = 1024 * 1024
MAX_COLUMNS = 256  # columns of a worksheet read (ours have at most 40)
MAX_LINE_CHARS = 256 * 1024  # a CSV line (the csv module allows 128 KiB a cell)
XLSX_UNREADABLE = "файл не читается как XLSX (Excel 2007 и новее)"


def cut(text: Any, limit: int | None = None) -> str:
    """A cell (or a header) short enough for a report: the first ``IMPORT_MAX_CELL_SHOWN``
    characters, then «…» and how long the whole is."""
    text = str(text)
    limit = limit or settings.IMPORT_MAX_CELL_SHOWN
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({_count(len(text))} {plural(len(text), 'знак', 'знака', 'знаков')})"


def quoted(text: Any) -> str:
    return f"«{cut(text)}»"


def _count(number: int) -> str:
    return f"{number:,}".replace(",", " ")


def _megabytes(size: int) -> str:
    if size < 2**20:
        return f"{-(-size // 1024)} КБ"
    return f"{size / 2**20:.1f}".removesuffix(".0").replace(".", ",") + " МБ"


@dataclass(frozen=True)
class FileProblem:
    """A problem of the whole file (size, format, encoding, too many rows); ``row`` is the
    row (line) of a text file it was found in, when it was."""

    message: str
    row: int | None = None
    sheet: str = ""
    column: str = ""
    value: str = ""

    def __str__(self) -> str:
        return f"строка {self.row}: {self.message}" if self.row else self.message

    def sort_key(self):
        return (-1, self.row or 0, "")


def refuse(message: str, *, row: int | None = None) -> NoReturn:
    raise ImportRefused([FileProblem(message, row=row)])


def too_many_rows() -> NoReturn:
    limit = settings.IMPORT_MAX_ROWS
    refuse(f"в файле больше {_count(limit)} {plural(limit, 'строки', 'строк', 'строк')}: "
           "разделите его на несколько файлов")


# --- the file as a stream ------------------------------------------------------------------

def import_stream(data: bytes | IO[bytes]) -> IO[bytes]:
    """The file (its bytes, or a binary file open for reading) as a seekable stream at its
    start; a file larger than ``IMPORT_MAX_FILE_BYTES`` is refused before it is read."""
    stream = io.BytesIO(data) if isinstance(data, (bytes, bytearray, memoryview)) else data
    size = stream.seek(0, io.SEEK_END)
    stream.seek(0)
    limit = settings.IMPORT_MAX_FILE_BYTES
    if size > limit:
        refuse(f"файл слишком большой: {_megabytes(size)}, допустимо не больше {_megabytes(limit)}; "
               "разделите его на несколько файлов")
    return stream


def file_head(stream: IO[bytes], size: int = 4096) -> bytes:
    stream.seek(0)
    head = stream.read(size)
    stream.seek(0)
    return head


def file_is_blank(stream: IO[bytes]) -> bool:
    """Nothing but spaces and line ends in the file (read in chunks)."""
    stream.seek(0)
    try:
        return all(not chunk.strip() for chunk in iter(lambda: stream.read(CHUNK), b""))
    finally:
        stream.seek(0)


def file_sha256(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    stream.seek(0)
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


# --- XLSX ----------------------------------------------------------------------------------

_DECLARATION_STARTS = (b"<!", "<!".encode("utf-16-le"), "<!".encode("utf-16-be"))
_DECLARATIONS = tuple(
    text.encode(encoding) for text in ("<!DOCTYPE", "<!ENTITY") for encoding in ("ascii", "utf-16-le", "utf-16-be")
)
_PREFIXED_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,30}:)?row[\s/>]")  # <x:row …> in a file that prefixes names
_PREFIXED_C = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,30}:)?c[\s/>]")
_PREFIXED_SI = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,30}:)?si[\s/>]")
_OVERLAP = 40  # longer than any of the patterns above
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_UNUSUAL_XML_START = (b"\xff\xfe", b"\xfe\xff", b"\x00<", b"<\x00", b"\x00\x00\x00<", b"\x4c\x6f\xa7\x94")


def open_workbook(stream: IO[bytes], *, unreadable: str = XLSX_UNREADABLE):
    """An XLSX workbook in read-only mode, its parts checked first (``check_xlsx``).
    ``unreadable`` is the message for a file that is not a workbook."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    check_xlsx(stream, unreadable=unreadable)
    try:
        return load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, OSError, SyntaxError,
            EOFError, zlib.error):
        refuse(unreadable)


def check_xlsx(stream: IO[bytes], *, unreadable: str = XLSX_UNREADABLE) -> None:
    """Refuse, before any XML is parsed, a workbook whose parts unpack to more than
    ``IMPORT_MAX_UNCOMPRESSED_BYTES``, whose XML declares a DTD or entities, is not in UTF-8,
    holds more than ``IMPORT_MAX_ROWS`` row elements, more cells than ``CELLS_PER_ROW`` a row
    or more shared strings than ``SHARED_STRINGS_PER_ROW`` a row (openpyxl keeps them all in
    memory)."""
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        refuse(unreadable)
    with archive:  # a zip opened on a stream leaves the stream open
        members = archive.infolist()
        unpacked, limit = sum(m.file_size for m in members), settings.IMPORT_MAX_UNCOMPRESSED_BYTES
        if unpacked > limit:
            refuse(f"файл XLSX распаковывается в {_megabytes(unpacked)}, допустимо не больше {_megabytes(limit)}: "
                   "слишком много данных или это «zip-бомба»; разделите его на несколько файлов")
        counts = _Counts()
        for member in members:
            try:
                _scan_part(archive, member, counts)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error, NotImplementedError):
                refuse(unreadable)
    stream.seek(0)


SHARED_STRINGS_PER_ROW = 20
CELLS_PER_ROW = 40


class _Counts:
    """Row elements (``<row>``), cells (``<c>``) and shared strings (``<si>``) met so far,
    refused past their limits: openpyxl spends ~10 µs a cell, ~150 bytes a shared string."""

    def __init__(self):
        self.rows = self.cells = self.strings = 0

    def add(self, data: bytes) -> None:
        self.rows += _tags(data, b"row", _PREFIXED_ROW)
        self.cells += _tags(data, b"c", _PREFIXED_C)
        self.strings += _tags(data, b"si", _PREFIXED_SI)
        if self.rows > settings.IMPORT_MAX_ROWS:
            too_many_rows()
        for count, per_row, what in ((self.cells, CELLS_PER_ROW, "заполненных ячеек"),
                                     (self.strings, SHARED_STRINGS_PER_ROW, "разных текстов в ячейках")):
            limit = settings.IMPORT_MAX_ROWS * per_row
            if count > limit:
                refuse(f"в файле XLSX больше {_count(limit)} {what} (не больше {per_row} на строку): "
                       "разделите его на несколько файлов")


def _tags(data: bytes, name: bytes, prefixed: re.Pattern) -> int:
    if b":" + name in data:
        return len(prefixed.findall(data))
    return sum(data.count(b"<" + name + end) for end in (b" ", b">", b"/"))


def _scan_part(archive: zipfile.ZipFile, member: zipfile.ZipInfo, counts: _Counts) -> None:
    """Refuse a DTD, an entity or an XML part not in UTF-8; count its row elements and shared
    strings. Read in chunks: a chunk is searched with the end of the one before it, and tags
    are counted up to the chunk's last «<» (the rest goes with the next chunk)."""
    previous, pending, first = b"", b"", True
    with archive.open(member) as part:
        for chunk in iter(lambda: part.read(CHUNK), b""):
            if first:
                first = False
                _check_xml_start(member.filename, chunk)
            searched = previous + chunk
            if any(start in searched for start in _DECLARATION_STARTS) and any(
                declaration in searched for declaration in _DECLARATIONS
            ):
                refuse(f"в файле XLSX (часть {cut(member.filename)}) объявлены DTD или сущности XML (<!DOCTYPE, "
                       "<!ENTITY): такой файл не читается; сохраните его заново в Excel")
            previous = chunk[-_OVERLAP:]
            buffer = pending + chunk
            last = buffer.rfind(b"<")
            if last == -1 or len(buffer) - last > _OVERLAP:
                counts.add(buffer)
                pending = b""
            else:
                counts.add(buffer[:last])
                pending = buffer[last:]
    counts.add(pending)


def _check_xml_start(name: str, head: bytes) -> None:
    if head.startswith(_UNUSUAL_XML_START):
        refuse(f"в файле XLSX часть {cut(name)} не в кодировке UTF-8: сохраните файл заново в Excel")
    match = _XML_ENCODING.match(head.removeprefix(codecs.BOM_UTF8).lstrip())
    if match and match.group(1).lower() not in (b"utf-8", b"utf8", b"us-ascii", b"ascii"):
        refuse(f"в файле XLSX часть {cut(name)} в кодировке {cut(match.group(1).decode('ascii'))}, "
               "а читается только UTF-8: сохраните файл заново в Excel")


def worksheet_rows(worksheet, *, unreadable: str = XLSX_UNREADABLE) -> Iterator[tuple]:
    """The rows of a read-only worksheet one at a time (``MAX_COLUMNS`` cells each, gaps as
    empty rows); past ``IMPORT_MAX_ROWS`` rows the file is refused."""
    limit = settings.IMPORT_MAX_ROWS
    worksheet.reset_dimensions()  # the file's own «dimension» may lie
    rows = worksheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    number = 0
    while True:
        try:
            row = next(rows, None)
        except (SyntaxError, ValueError, LookupError, TypeError, OSError, EOFError, zlib.error, zipfile.BadZipFile):
            refuse(unreadable)
        if row is None:
            return
        number += 1
        if number > limit:
            too_many_rows()
        yield row


# --- CSV -----------------------------------------------------------------------------------

ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "cp1251": "Windows-1251"}


def text_encoding(stream: IO[bytes], encodings: tuple[str, ...], *, hint: str = "") -> str:
    """The first of ``encodings`` every byte of the file reads in (``utf-8`` accepts a BOM),
    as the codec to open it with. When none does, the refusal names the row and the byte
    where the last of them failed; ``hint`` follows the message. A file with more lines than
    ``IMPORT_MAX_ROWS`` has its rows counted (``check_csv_rows``) before anything is parsed."""
    failure = None
    for encoding in encodings:
        failure = _first_bad_byte(stream, encoding)
        if failure is None:
            return "utf-8-sig" if encoding == "utf-8" else encoding
    row, byte = failure
    names = [ENCODING_NAMES.get(e, e) for e in encodings]
    how = f"как {names[0]}" if len(names) == 1 else "ни как " + ", ни как ".join(names)
    refuse(f"неверная кодировка: байт 0x{byte:02x} не читается {how}" + (f" ({hint})" if hint else ""), row=row)


def _first_bad_byte(stream: IO[bytes], encoding: str) -> tuple[int, int] | None:
    """(row, byte) of the first byte that does not decode, or None."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    stream.seek(0)
    lines = 1
    try:
        for chunk in iter(lambda: stream.read(CHUNK), b""):
            pending = decoder.getstate()[0]
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                data = pending + chunk
                return lines + data[:exc.start].count(b"\n"), data[exc.start]
            lines += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            return lines, exc.object[exc.start] if exc.object else 0
        return None
    finally:
        stream.seek(0)


def _line_count(stream: IO[bytes]) -> int:
    stream.seek(0)
    count, last = 0, b""
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        count += chunk.count(b"\n")
        last = chunk
    stream.seek(0)
    return count + (1 if last and not last.endswith(b"\n") else 0)


def first_lines(stream: IO[bytes], codec: str, count: int) -> list[str]:
    """The first ``count`` lines of the text (for the delimiter and the headers)."""
    text = io.TextIOWrapper(stream, encoding=codec, newline="")
    try:
        return [line for line in (text.readline(MAX_LINE_CHARS) for _ in range(count)) if line]
    finally:
        text.detach()
        stream.seek(0)


def check_csv_rows(stream: IO[bytes], *, codec: str, delimiter: str) -> None:
    """Refuse a file of more than ``IMPORT_MAX_ROWS`` rows before its rows are read: lines are
    counted, and when there are more lines than the limit (a quoted cell may span lines) the
    rows are counted without being kept."""
    if _line_count(stream) <= settings.IMPORT_MAX_ROWS:
        return
    for _ in csv_rows(stream, codec=codec, delimiter=delimiter):
        pass
    stream.seek(0)


def csv_rows(stream: IO[bytes], *, codec: str, delimiter: str) -> Iterator[list[str]]:
    """The rows of a CSV one at a time; a line longer than ``MAX_LINE_CHARS``, a malformed
    CSV, more than ``IMPORT_MAX_ROWS`` rows are refused naming the row."""
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding=codec, newline="")
    limit = settings.IMPORT_MAX_ROWS
    lines = _Lines(text)
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        for number, row in enumerate(reader, start=1):
            if number > limit:
                too_many_rows()
            yield row
    except csv.Error as exc:
        refuse(f"CSV не читается: {cut(exc, 200)}", row=reader.line_num or None)
    except UnicodeDecodeError:
        refuse(f"неверная кодировка: файл не читается как {ENCODING_NAMES.get(codec, codec)}", row=lines.number + 1)
    finally:
        try:
            text.detach()  # the stream stays open for its owner
            stream.seek(0)
        except ValueError:  # its owner closed it before this generator was dropped
            pass


class _Lines:
    def __init__(self, text: io.TextIOWrapper):
        self.text, self.number = text, 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = self.text.readline(MAX_LINE_CHARS + 1)
        if not line:
            raise StopIteration
        self.number += 1
        if len(line) > MAX_LINE_CHARS:
            refuse(f"строка длиннее {_count(MAX_LINE_CHARS)} знаков: это не таблица CSV", row=self.number)
        return line
