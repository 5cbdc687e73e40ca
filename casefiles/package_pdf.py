"""Drawing Russian text into PDF pages with pypdf alone: the court package's inventory pages
and its «стр. N» stamps (docs/casefiles.md, «Пакет документов для суда»).

Neither reportlab nor Pillow is in the environment, and the standard PDF fonts have no
Cyrillic, so the text is set in Liberation Serif (Times New Roman's metrics; the Makefile
installs fonts-liberation2) embedded as a CID TrueType font: a subset of the glyphs of
``REPERTOIRE`` (Latin, Cyrillic, the document punctuation), with a ToUnicode map so the
text is searchable and extractable. A character outside the repertoire prints as «?» (₽ as «руб.»).
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import cast

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from core.errors import ApplicationError

FONT_PATHS = (
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
)
REPERTOIRE = (
    "".join(chr(c) for c in range(0x20, 0x7F))
    + "".join(chr(c) for c in range(0x410, 0x450)) + "Ёё"
    + "".join(chr(c) for c in range(0xA0, 0x100))
    + "«»№–—‐−…‘’‚“”„•‹›€"
)
SUBSTITUTES = str.maketrans({"₽": "руб.", "\t": " ", "\u00ad": ""})  # not in the font, or not to print
FONT_NAME = "/FPkg"  # the resource name under which pages see the font
MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)

# --- the font --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Font:
    """The metrics the layout needs and the subset to embed."""

    name: str
    units_per_em: int
    ascent: int
    descent: int
    bbox: tuple[int, int, int, int]
    glyphs: dict[str, int]  # character → glyph id (the repertoire only)
    advances: dict[int, int]  # glyph id → advance width, font units
    subset: bytes  # the TrueType file with only the repertoire's glyphs

    def glyph(self, char: str) -> int:
        return self.glyphs.get(char) or self.glyphs["?"]

    def width(self, text: str, size: float) -> float:
        return sum(self.advances[self.glyph(c)] for c in text.translate(SUBSTITUTES)) * size / self.units_per_em

    def encode(self, text: str) -> str:
        """The string as a PDF hex string of glyph ids (Identity-H)."""
        return "<" + "".join(f"{self.glyph(c):04X}" for c in text.translate(SUBSTITUTES)) + ">"


@lru_cache(maxsize=1)
def font() -> Font:
    for path in FONT_PATHS:
        if Path(path).is_file():
            return _read_font(Path(path).read_bytes(), Path(path).stem.replace("-", ""))
    raise ApplicationError(
        "Не найден шрифт для перечня и нумерации страниц: установите fonts-liberation2 (`make system`)",
        code="package_font_missing", field="font",
    )


def _tables(data: bytes) -> dict[str, bytes]:
    count = struct.unpack(">H", data[4:6])[0]
    tables = {}
    for i in range(count):
        tag, _checksum, offset, length = struct.unpack(">4sIII", data[12 + 16 * i: 28 + 16 * i])
        tables[tag.decode("latin-1")] = data[offset: offset + length]
    return tables


def _cmap(table: bytes) -> dict[int, int]:
    """Unicode (BMP) → glyph id, from the (3,1) format-4 subtable."""
    count = struct.unpack(">H", table[2:4])[0]
    for i in range(count):
        platform, encoding, offset = struct.unpack(">HHI", table[4 + 8 * i: 12 + 8 * i])
        if (platform, encoding) == (3, 1) and struct.unpack(">H", table[offset: offset + 2])[0] == 4:
            break
    else:
        raise ApplicationError("В шрифте нет таблицы символов Unicode", code="package_font_missing", field="font")
    segments = struct.unpack(">H", table[offset + 6: offset + 8])[0] // 2
    base = offset + 14

    def array(index: int) -> tuple[int, ...]:
        start = base + index * (2 * segments) + (2 if index else 0)
        return struct.unpack(f">{segments}H", table[start: start + 2 * segments])

    ends, starts, deltas, range_offsets = array(0), array(1), array(2), array(3)
    range_base = base + 3 * 2 * segments + 2
    mapping = {}
    for seg in range(segments):
        for code in range(starts[seg], min(ends[seg], 0xFFFE) + 1):
            if range_offsets[seg] == 0:
                gid = (code + deltas[seg]) & 0xFFFF
            else:
                at = range_base + 2 * seg + range_offsets[seg] + 2 * (code - starts[seg])
                gid = struct.unpack(">H", table[at: at + 2])[0]
                gid = (gid + deltas[seg]) & 0xFFFF if gid else 0
            if gid:
                mapping[code] = gid
    return mapping


def _read_font(data: bytes, name: str) -> Font:
    tables = _tables(data)
    head, hhea = tables["head"], tables["hhea"]
    units = struct.unpack(">H", head[18:20])[0]
    bbox = struct.unpack(">4h", head[36:44])
    ascent, descent = struct.unpack(">hh", hhea[4:8])
    metrics = struct.unpack(">H", hhea[34:36])[0]
    glyph_count = struct.unpack(">H", tables["maxp"][4:6])[0]
    hmtx = tables["hmtx"]
    widths = [struct.unpack(">H", hmtx[4 * i: 4 * i + 2])[0] for i in range(metrics)]
    cmap = _cmap(tables["cmap"])
    glyphs = {c: cmap[ord(c)] for c in REPERTOIRE if ord(c) in cmap}
    advances = {gid: widths[min(gid, metrics - 1)] for gid in [0, *glyphs.values()]}
    return Font(
        name=name, units_per_em=units, ascent=ascent, descent=descent, bbox=bbox, glyphs=glyphs,
        advances=advances, subset=_subset(tables, set(advances), glyph_count),
    )


def _subset(tables: dict[str, bytes], keep: set[int], glyph_count: int) -> bytes:
    """The font with every glyph but ``keep`` (and their components) emptied: glyph ids stay,
    so the CID → glyph map is the identity."""
    long_loca = struct.unpack(">h", tables["head"][50:52])[0] == 1
    loca = tables["loca"]
    if long_loca:
        offsets = struct.unpack(f">{glyph_count + 1}I", loca[: 4 * (glyph_count + 1)])
    else:
        offsets = tuple(2 * o for o in struct.unpack(f">{glyph_count + 1}H", loca[: 2 * (glyph_count + 1)]))
    glyf = tables["glyf"]
    pending, kept = list(keep), set()
    while pending:
        gid = pending.pop()
        if gid in kept or gid >= glyph_count:
            continue
        kept.add(gid)
        outline = glyf[offsets[gid]: offsets[gid + 1]]
        if len(outline) >= 10 and struct.unpack(">h", outline[:2])[0] < 0:
            pending.extend(_components(outline))
    new_glyf, new_offsets = bytearray(), []
    for gid in range(glyph_count):
        new_offsets.append(len(new_glyf))
        if gid in kept:
            new_glyf += glyf[offsets[gid]: offsets[gid + 1]]
            new_glyf += b"\0" * (-len(new_glyf) % 4)
    new_offsets.append(len(new_glyf))
    head = bytearray(tables["head"])
    head[8:12] = b"\0\0\0\0"  # checkSumAdjustment: not used by PDF viewers
    head[50:52] = struct.pack(">h", 1)
    subset = {
        "head": bytes(head), "hhea": tables["hhea"], "maxp": tables["maxp"], "hmtx": tables["hmtx"],
        "loca": struct.pack(f">{len(new_offsets)}I", *new_offsets), "glyf": bytes(new_glyf),
    }
    for tag in ("cvt ", "fpgm", "prep"):
        if tag in tables:
            subset[tag] = tables[tag]
    return _sfnt(subset)


def _components(outline: bytes) -> list[int]:
    found, at = [], 10
    while True:
        flags, gid = struct.unpack(">HH", outline[at: at + 4])
        found.append(gid)
        at += 4 + (4 if flags & 0x0001 else 2)
        at += 2 if flags & 0x0008 else 4 if flags & 0x0040 else 8 if flags & 0x0080 else 0
        if not flags & 0x0020:
            return found


def _sfnt(tables: dict[str, bytes]) -> bytes:
    tags = sorted(tables)
    count = len(tags)
    power = 1 << (count.bit_length() - 1)
    header = struct.pack(">IHHHH", 0x00010000, count, power * 16, power.bit_length() - 1, count * 16 - power * 16)
    directory, body = bytearray(), bytearray()
    offset = 12 + 16 * count
    for tag in tags:
        data = tables[tag]
        padded = data + b"\0" * (-len(data) % 4)
        checksum = sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF
        directory += struct.pack(">4sIII", tag.encode("latin-1"), checksum, offset + len(body), len(data))
        body += padded
    return header + bytes(directory) + bytes(body)


# --- the font in a PDF --------------------------------------------------------------------------


def add_font(writer: PdfWriter) -> IndirectObject:
    """The Type0 font objects in ``writer``; the reference goes into pages' /Font resources."""
    f = font()
    scale = 1000 / f.units_per_em

    def stream(data: bytes, **entries) -> IndirectObject:
        obj = StreamObject()
        obj._data = zlib.compress(data, 6)
        obj[NameObject("/Filter")] = NameObject("/FlateDecode")
        for key, value in entries.items():
            obj[NameObject(f"/{key}")] = value
        return writer._add_object(obj)

    font_file = stream(f.subset, Length1=NumberObject(len(f.subset)))
    descriptor = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/FontDescriptor"),
        NameObject("/FontName"): NameObject(f"/{f.name}"),
        NameObject("/Flags"): NumberObject(32 + 2),  # nonsymbolic, serif
        NameObject("/FontBBox"): ArrayObject([NumberObject(round(v * scale)) for v in f.bbox]),
        NameObject("/ItalicAngle"): NumberObject(0),
        NameObject("/Ascent"): NumberObject(round(f.ascent * scale)),
        NameObject("/Descent"): NumberObject(round(f.descent * scale)),
        NameObject("/CapHeight"): NumberObject(round(f.ascent * scale * 0.75)),
        NameObject("/StemV"): NumberObject(80),
        NameObject("/FontFile2"): font_file,
    }))
    widths = ArrayObject()
    for gid in sorted(f.advances):
        widths.extend([NumberObject(gid), ArrayObject([NumberObject(round(f.advances[gid] * scale))])])
    cid_font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/CIDFontType2"),
        NameObject("/BaseFont"): NameObject(f"/{f.name}"),
        NameObject("/CIDSystemInfo"): DictionaryObject({
            NameObject("/Registry"): TextStringObject("Adobe"),
            NameObject("/Ordering"): TextStringObject("Identity"),
            NameObject("/Supplement"): NumberObject(0),
        }),
        NameObject("/FontDescriptor"): descriptor,
        NameObject("/DW"): NumberObject(1000),
        NameObject("/W"): widths,
        NameObject("/CIDToGIDMap"): NameObject("/Identity"),
    }))
    to_unicode = stream(_to_unicode(f))
    return writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type0"),
        NameObject("/BaseFont"): NameObject(f"/{f.name}"),
        NameObject("/Encoding"): NameObject("/Identity-H"),
        NameObject("/DescendantFonts"): ArrayObject([cid_font]),
        NameObject("/ToUnicode"): to_unicode,
    }))


def _to_unicode(f: Font) -> bytes:
    pairs = sorted((gid, char) for char, gid in f.glyphs.items())
    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
        "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange",
    ]
    for start in range(0, len(pairs), 100):
        chunk = pairs[start: start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines.extend(f"<{gid:04X}> <{ord(char):04X}>" for gid, char in chunk)
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


def text(x: float, y: float, value: str, *, size: float) -> str:
    """Content-stream operators drawing ``value`` with its baseline starting at (x, y)."""
    return f"BT {FONT_NAME} {size:g} Tf {x:.2f} {y:.2f} Td {font().encode(value)} Tj ET"


def _stream(writer: PdfWriter, content: str) -> IndirectObject:
    obj = DecodedStreamObject()
    obj.set_data(content.encode("ascii"))
    return writer._add_object(obj.flate_encode())


def _with_font(resources: DictionaryObject, font_ref: IndirectObject) -> None:
    fonts = resources.get("/Font")
    if fonts is None:
        fonts = DictionaryObject()
        resources[NameObject("/Font")] = fonts
    cast(DictionaryObject, fonts.get_object())[NameObject(FONT_NAME)] = font_ref


# --- pages --------------------------------------------------------------------------------------


def add_text_page(writer: PdfWriter, content: str, font_ref: IndirectObject, *, size: tuple[float, float] = A4) -> None:
    """A new page at the end of ``writer`` with the drawn ``content``."""
    page = writer.add_blank_page(width=size[0], height=size[1])
    resources = DictionaryObject()
    _with_font(resources, font_ref)
    page[NameObject("/Resources")] = resources
    page[NameObject("/Contents")] = _stream(writer, content)


STAMP_SIZE = 10
STAMP_MARGIN = 8 * MM  # from the visible page's top and right edges


def stamp_pages(writer: PdfWriter, font_ref: IndirectObject, *, first_number: int = 1) -> None:
    """«стр. N» in the top right corner of every page of ``writer``, upright however the page
    is rotated; the page's own drawing is kept intact (wrapped in q … Q)."""
    save = _stream(writer, "q\n")
    for index, page in enumerate(writer.pages):
        box = page.cropbox
        x0, y0, x1, y1 = float(box.left), float(box.bottom), float(box.right), float(box.top)
        rotation = page.rotation % 360
        width, height = (x1 - x0, y1 - y0) if rotation in (0, 180) else (y1 - y0, x1 - x0)
        matrix = {0: (1, 0, 0, 1, x0, y0), 90: (0, 1, -1, 0, x1, y0),
                  180: (-1, 0, 0, -1, x1, y1), 270: (0, -1, 1, 0, x0, y1)}[rotation]
        label = f"стр. {first_number + index}"
        x = width - STAMP_MARGIN - font().width(label, STAMP_SIZE)
        y = height - STAMP_MARGIN - STAMP_SIZE
        cm = " ".join(f"{v:.2f}" for v in matrix)
        stamp = _stream(writer, f"Q q {cm} cm 0 g {text(x, y, label, size=STAMP_SIZE)} Q\n")
        resources = page.get("/Resources")
        if resources is None:
            resources = DictionaryObject()
            page[NameObject("/Resources")] = resources
        _with_font(cast(DictionaryObject, resources.get_object()), font_ref)
        contents = page.raw_get("/Contents") if "/Contents" in page else None
        if contents is None:
            original: list = []
        elif isinstance(contents.get_object(), ArrayObject):
            original = list(contents.get_object())
        else:
            original = [contents]
        page[NameObject("/Contents")] = ArrayObject([save, *original, stamp])


# --- wrapping -----------------------------------------------------------------------------------


def wrap(value: str, width: float, *, size: float) -> list[str]:
    """``value`` broken into lines no wider than ``width`` (points): at spaces, and inside a
    word only when the word alone is wider."""
    f = font()
    lines: list[str] = []
    for paragraph in value.splitlines() or [""]:
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if f.width(candidate, size) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            while f.width(word, size) > width:
                cut = len(word)
                while cut > 1 and f.width(word[:cut], size) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines
