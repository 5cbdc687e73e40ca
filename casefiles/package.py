"""The court package (issue 18, «Пакет документов»; docs/casefiles.md): one PDF with the
inventory «Перечень приложений» first, every document after it with its pages numbered
through («стр. N» on every page) and a bookmark per document; a ZIP of the originals; the PDF
split into parts under a size limit for e-filing.

Independent of the case models: the caller declares the package as ``PackageItem`` entries
(title, kind, copies, original or copy, and a source of PDF bytes) and a route whose
checklist (``package_checklist.ROUTES``) must be met.

    items = [PackageItem(title="Исковое заявление", kind="lawsuit", source=ArchivedSource(doc)), …]
    missing_documents("lawsuit_arbitration", items)  # → ["Платежное поручение …", …]
    package = assemble("lawsuit_arbitration", items, title="к исковому заявлению …")
    with stored_package(package) as names:  # inside the caller's transaction
        … the rows that reference names.pdf / names.zip / names.parts …

The sources (archived document, uploaded PDF, DOCX or picture) are in ``package_sources``.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from pypdf import PdfReader, PdfWriter

from core.errors import ApplicationError
from documents import storage

from . import package_checklist as checklist
from .package_inventory import Row, layout
from .package_pdf import add_font, add_text_page, stamp_pages
from .package_sources import Source, checked_pdf

MIN_PART_LIMIT = 256 * 1024
PACKAGE_FOLDER = "casefiles/packages"
INVENTORY_TITLE = "Перечень приложений"


# --- the declaration ---------------------------------------------------------------------------

@dataclass(frozen=True)
class PackageItem:
    """One document of the package, as the inventory lists it."""

    title: str  # наименование
    kind: str  # a code of package_checklist.KINDS
    source: Source
    copies: int = 1  # экз.
    original: bool = False  # оригинал (True) or копия


@dataclass(frozen=True)
class Entry:
    """A document as placed: its inventory line and its pages in the package (1-based)."""

    number: int
    title: str
    kind: str
    first_page: int
    last_page: int
    copies: int
    original: bool

    @property
    def sheets(self) -> int:
        return self.last_page - self.first_page + 1


@dataclass(frozen=True)
class Part:
    """A piece of the package for e-filing: whole documents, in order (a document larger than
    the limit alone is cut into page ranges, each its own part)."""

    number: int
    pdf: bytes
    sha256: str
    first_page: int
    last_page: int
    documents: tuple[int, ...]  # the entries' numbers; 0 is the inventory


@dataclass(frozen=True)
class Package:
    route: str
    title: str
    pdf: bytes
    sha256: str
    zip: bytes
    zip_sha256: str
    page_count: int
    inventory_pages: int
    entries: tuple[Entry, ...]
    parts: tuple[Part, ...]
    part_limit_bytes: int
    source_seconds: float = field(default=0.0, compare=False)  # time spent getting the documents' PDFs


def missing_documents(route: str, items: Sequence[PackageItem]) -> list[str]:
    """The Russian names of what the route's checklist requires and ``items`` lack."""
    return [r.name for r in checklist.missing_requirements(route, (item.kind for item in items))]


def part_limit() -> int:
    return int(settings.CASEFILES_PACKAGE_PART_LIMIT)


def _validate(route: str, items: Sequence[PackageItem], title: str, limit: int) -> None:
    checklist.route(route)
    if not title.strip():
        raise ApplicationError("Не указано, к чему прилагается перечень (заголовок пакета)", code="required", field="title")
    if not items:
        raise ApplicationError("В пакете нет ни одного документа", code="package_empty", field="items")
    if limit < MIN_PART_LIMIT:
        raise ApplicationError(f"Предел размера части меньше {MIN_PART_LIMIT // 1024} КиБ: {limit} байт",
                               code="package_part_limit", field="part_limit_bytes")
    for position, item in enumerate(items, start=1):
        checklist.kind(item.kind)
        if not item.title.strip():
            raise ApplicationError(f"Документ № {position}: не указано наименование", code="required", field="items")
        if not isinstance(item.copies, int) or item.copies < 1:
            raise ApplicationError(f"«{item.title}»: число экземпляров должно быть целым не меньше 1",
                                   code="package_copies", field="items")
    missing = missing_documents(route, items)
    if missing:
        raise ApplicationError(
            f"Пакет «{checklist.route(route).title}» неполон: не хватает — " + "; ".join(missing),
            code="package_incomplete", field="items", extra={"missing": missing},
        )


def assemble(route: str, items: Sequence[PackageItem], *, title: str, part_limit_bytes: int | None = None) -> Package:
    """The package of ``items`` for ``route`` (a code of ``package_checklist.ROUTES``), with
    ``title`` under the inventory's heading («к исковому заявлению … о взыскании …»).

    Refused (``ApplicationError``, nothing produced) when the route's checklist is not met —
    the message and ``extra["missing"]`` name what is missing — or a document is unusable
    (not a PDF/DOCX/image, damaged, encrypted, not convertible)."""
    limit = part_limit() if part_limit_bytes is None else int(part_limit_bytes)
    _validate(route, items, title, limit)
    started = time.perf_counter()
    readers = []
    for item in items:
        try:
            content = item.source.pdf()
        except ApplicationError as exc:  # the item named, the source's own code kept
            if exc.message.startswith(f"«{item.title}»"):
                raise
            raise ApplicationError(f"«{item.title}»: {exc.message}", code=exc.code, field="items",
                                   extra=exc.extra) from exc
        readers.append(checked_pdf(content, title=item.title))
    source_seconds = time.perf_counter() - started

    # The inventory's length moves the page ranges; the ranges never move its length (a range
    # is one unwrapped line in its cell), so the second pass at most is final.
    inventory_pages = 1
    while True:
        entries = _entries(items, readers, inventory_pages)
        pages = layout([_row(e) for e in entries], heading=title)
        if len(pages) == inventory_pages:
            break
        inventory_pages = len(pages)

    writer = PdfWriter()
    font_ref = add_font(writer)
    for content in pages:
        add_text_page(writer, content, font_ref)
    for reader in readers:
        for page in reader.pages:
            writer.add_page(page)
    stamp_pages(writer, font_ref)
    for entry in entries:
        writer.add_outline_item(title=f"{entry.number}. {entry.title}", page_number=entry.first_page - 1)
    writer.page_mode = "/UseOutlines"
    writer.add_metadata({"/Title": f"{checklist.route(route).title}: {INVENTORY_TITLE.lower()} {title}"})
    pdf = _written(writer)
    digest = storage.sha256(pdf)
    page_count = inventory_pages + sum(e.sheets for e in entries)
    if len(pdf) <= limit:
        parts: tuple[Part, ...] = (Part(1, pdf, digest, 1, page_count, (0, *(e.number for e in entries))),)
    else:
        parts = _split(pdf, entries, inventory_pages, limit)
    archive = _zip(items, entries, pdf_inventory=_inventory_only(pages))
    return Package(
        route=route, title=title, pdf=pdf, sha256=digest, zip=archive, zip_sha256=storage.sha256(archive),
        page_count=page_count, inventory_pages=inventory_pages, entries=tuple(entries), parts=parts,
        part_limit_bytes=limit, source_seconds=source_seconds,
    )


def _entries(items: Sequence[PackageItem], readers: list[PdfReader], inventory_pages: int) -> list[Entry]:
    entries, page = [], inventory_pages + 1
    for number, (item, reader) in enumerate(zip(items, readers, strict=True), start=1):
        count = len(reader.pages)
        entries.append(Entry(number, item.title.strip(), item.kind, page, page + count - 1, item.copies, item.original))
        page += count
    return entries


def _row(entry: Entry) -> Row:
    return Row(entry.number, entry.title, entry.sheets, entry.first_page, entry.last_page, entry.copies, entry.original)


def _written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _pages_pdf(reader: PdfReader, first: int, last: int, bookmarks: Sequence[tuple[str, int]]) -> bytes:
    """Pages ``first``..``last`` (1-based) of the package, with bookmarks (title, page)."""
    writer = PdfWriter()
    for index in range(first - 1, last):
        writer.add_page(reader.pages[index])
    for title, page in bookmarks:
        writer.add_outline_item(title=title, page_number=page - first)
    if bookmarks:
        writer.page_mode = "/UseOutlines"
    return _written(writer)


def _inventory_only(pages: list[str]) -> bytes:
    """The inventory alone (for the ZIP), drawn again: cheaper than cutting it from the package."""
    writer = PdfWriter()
    font_ref = add_font(writer)
    for content in pages:
        add_text_page(writer, content, font_ref)
    stamp_pages(writer, font_ref)
    return _written(writer)


# --- parts --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Segment:
    number: int  # entry number; 0: the inventory
    first: int
    last: int
    title: str | None  # the bookmark; None for the inventory


def _split(pdf: bytes, entries: list[Entry], inventory_pages: int, limit: int) -> tuple[Part, ...]:
    """Whole documents per part, in order. Each document is written alone once to know its
    size; parts are filled while the sum of those sizes stays under the limit (an
    overestimate: what documents share — the stamps' font — is written once in a part), then
    each part is written and measured (a part over the limit all the same is packed again,
    measuring each addition). A document that alone exceeds the limit is cut into page ranges
    of parts of their own («… (продолжение)»); a single page over the limit is refused."""
    reader = PdfReader(io.BytesIO(pdf))
    segments = [_Segment(0, 1, inventory_pages, None)]
    segments += [_Segment(e.number, e.first_page, e.last_page, f"{e.number}. {e.title}") for e in entries]
    groups: list[list[_Segment]] = []
    current: list[_Segment] = []
    used = 0
    for segment in segments:
        size = len(_group_pdf(reader, [segment]))
        if size > limit:
            if current:
                groups.append(current)
            groups.extend([piece] for piece in _cut(reader, segment, limit))
            current, used = [], 0
        elif current and used + size > limit:
            groups.append(current)
            current, used = [segment], size
        else:
            current.append(segment)
            used += size
    if current:
        groups.append(current)
    parts: list[Part] = []
    for group in groups:
        content = _group_pdf(reader, group)
        if len(content) > limit:
            subgroups = _pack_measured(reader, group, limit)
        else:
            subgroups = [group]
        for subgroup in subgroups:
            content = content if subgroup is group else _group_pdf(reader, subgroup)
            parts.append(Part(len(parts) + 1, content, storage.sha256(content), subgroup[0].first, subgroup[-1].last,
                              tuple(dict.fromkeys(s.number for s in subgroup))))
    return tuple(parts)


def _pack_measured(reader: PdfReader, segments: list[_Segment], limit: int) -> list[list[_Segment]]:
    """Whole segments per group, each addition written and measured (each fits alone)."""
    groups: list[list[_Segment]] = []
    current: list[_Segment] = []
    for segment in segments:
        if current and len(_group_pdf(reader, [*current, segment])) > limit:
            groups.append(current)
            current = []
        current.append(segment)
    groups.append(current)
    return groups


def _group_pdf(reader: PdfReader, group: list[_Segment]) -> bytes:
    bookmarks = [(s.title, s.first) for s in group if s.title]
    return _pages_pdf(reader, group[0].first, group[-1].last, bookmarks)


def _cut(reader: PdfReader, segment: _Segment, limit: int) -> list[_Segment]:
    pieces: list[_Segment] = []
    start = segment.first
    while start <= segment.last:
        end = start
        if len(_pages_pdf(reader, start, end, ())) > limit:
            raise ApplicationError(
                f"Страница {start} пакета («{segment.title}») одна больше предела части "
                f"({limit // 1024} КиБ): уменьшите файл (разрешение скана)",
                code="package_page_too_large", field="items",
            )
        while end < segment.last and len(_pages_pdf(reader, start, end + 1, ())) <= limit:
            end += 1
        title = segment.title if start == segment.first else f"{segment.title} (продолжение)"
        pieces.append(_Segment(segment.number, start, end, title))
        start = end + 1
    return pieces


# --- the originals -------------------------------------------------------------------------------

FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def _zip(items: Sequence[PackageItem], entries: list[Entry], *, pdf_inventory: bytes) -> bytes:
    """The originals as given (an archived document: its DOCX), numbered as in the inventory,
    with the inventory itself first; fixed timestamps, so equal files give an equal ZIP."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo(f"00 {INVENTORY_TITLE}.pdf", (1980, 1, 1, 0, 0, 0)), pdf_inventory,
                         compress_type=zipfile.ZIP_DEFLATED)
        for item, entry in zip(items, entries, strict=True):
            filename, content = item.source.original()
            extension = filename.rpartition(".")[2].lower() if "." in filename else "bin"
            stem = FORBIDDEN.sub("_", entry.title)[:100].strip()
            info = zipfile.ZipInfo(f"{entry.number:02d} {stem}.{extension}", (1980, 1, 1, 0, 0, 0))
            archive.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


# --- the archive ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class StoredFile:
    name: str
    sha256: str
    size: int


@dataclass(frozen=True)
class StoredPackage:
    pdf: StoredFile
    zip: StoredFile
    parts: tuple[StoredFile, ...]  # the PDF itself when the package is one part


@contextmanager
def stored_package(package: Package, *, folder: str = PACKAGE_FOLDER) -> Iterator[StoredPackage]:
    """Store the package's PDF, ZIP and parts in the archive under fresh names (never
    overwriting: a rebuild is a new version) for the body of the ``with`` — the caller writes
    the rows that reference them inside, in its transaction; if anything fails, the files
    written are removed (``documents.storage.stored``)."""
    with ExitStack() as stack:

        def put(content: bytes, extension: str) -> StoredFile:
            name = storage.new_name(folder, extension)
            stack.enter_context(storage.stored(name, content))
            return StoredFile(name, storage.sha256(content), len(content))

        pdf = put(package.pdf, "pdf")
        archive = put(package.zip, "zip")
        if len(package.parts) == 1 and package.parts[0].pdf is package.pdf:
            parts: tuple[StoredFile, ...] = (pdf,)
        else:
            parts = tuple(put(part.pdf, "pdf") for part in package.parts)
        yield StoredPackage(pdf, archive, parts)
