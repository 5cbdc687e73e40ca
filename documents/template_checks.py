"""What the reader of a template will see: the checks run on every upload, by
``manage.py template_check`` and by the test over every template (docs/templates-guide.md).

Two kinds of check:

* the **gate** (``check_file``): the file is a DOCX of a bounded size — not empty, not an
  encrypted or old Word file (an OLE compound file), not a macro-enabled one, not something
  else renamed to .docx — every Jinja tag parses and only the declared variables are used.
  A failure stops there: nothing more can be checked.
* the **reader's checks** (``check_template``), on the template filled with the manifest's
  sample: no printed value is empty or "None", no tag is left in the text, every section is
  A4 with the margins of ГОСТ Р 7.0.97-2016 (left ≥ 20 mm, right ≥ 10 mm, top and bottom
  ≥ 20 mm), every font is installed for LibreOffice or has a metric-compatible substitute
  installed (so the PDF looks like Word), the PDF converts, and its page count and the first
  page as a PNG picture are produced for the preview. Each problem is a ``Finding`` (code,
  place, message); all are collected.

``check_upload`` runs both and raises the first problem as an ``ApplicationError`` — the
one call of an upload (``documents.services.upload_template_version`` and the change flow).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined, Undefined
from lxml import etree
from markupsafe import Markup

from core.errors import ApplicationError

from . import rendering
from .formatting import FILTERS
from .registry import ENGINE_VARIABLES, TemplateSpec

if TYPE_CHECKING:
    from collections.abc import Iterator

# A template is a few pages of text: 20 MB is far above any (a picture of a seal included);
# unpacked, its parts may not exceed 100 MB (a "zip bomb" is refused before it is read).
MAX_TEMPLATE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MACRO_PARTS = ("vbaproject.bin", "vbadata.xml")
MACRO_CONTENT_TYPE = "macroenabled"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
W = f"{{{W_NS}}}"
TWIPS_PER_MM = 1440 / 25.4
A4_MM = (210, 297)
SIZE_TOLERANCE_MM = 1
# ГОСТ Р 7.0.97-2016 п. 5.1 (docs/documents.md): the smallest margins, in mm
MIN_MARGINS_MM = {"left": 20, "right": 10, "top": 20, "bottom": 20}
MARGIN_NAMES = {"left": "левое", "right": "правое", "top": "верхнее", "bottom": "нижнее"}

# Word's fonts and the metric-compatible ones LibreOffice draws in their place (same widths,
# so lines and pages break as in Word). Symbol's glyphs are in LibreOffice's OpenSymbol.
METRIC_SUBSTITUTES = {
    "Times New Roman": "Liberation Serif",
    "Times": "Liberation Serif",
    "Arial": "Liberation Sans",
    "Helvetica": "Liberation Sans",
    "Courier New": "Liberation Mono",
    "Courier": "Liberation Mono",
    "Calibri": "Carlito",
    "Cambria": "Caladea",
    "Symbol": "OpenSymbol",
}

PREVIEW_DPI = 80
EXCERPT = 80


@dataclass(frozen=True)
class Finding:
    """One problem: a stable ``code``, where it is (``place``, Russian) and what it is."""

    code: str
    place: str
    message: str

    def line(self) -> str:
        return f"{self.place}: {self.message}" if self.place else self.message


@dataclass
class CheckResult:
    """The outcome of the checks of one template file."""

    label: str
    findings: list[Finding] = field(default_factory=list)
    variables: set[str] = field(default_factory=set)
    page_count: int | None = None
    first_page_png: bytes | None = None

    @property
    def ok(self) -> bool:
        return not self.findings

    def add(self, code: str, place: str, message: str) -> None:
        self.findings.append(Finding(code=code, place=place, message=message))


# --- the gate ------------------------------------------------------------------------------

def check_file(content: bytes, spec: TemplateSpec, *, label: str) -> set[str]:
    """Refuse what is not a DOCX template of ``spec``; returns the variables it uses."""
    if not content:
        raise ApplicationError(f"Шаблон {label}: файл пуст", code="empty_file", field="file")
    if len(content) > MAX_TEMPLATE_BYTES:
        raise ApplicationError(
            f"Шаблон {label}: файл больше {MAX_TEMPLATE_BYTES // (1024 * 1024)} МБ — это не шаблон документа",
            code="too_large", field="file",
        )
    if content.startswith(OLE_SIGNATURE):
        raise ApplicationError(
            f"Шаблон {label}: файл зашифрован паролем или сохранен в старом формате Word 97–2003 (.doc). "
            "Снимите пароль (Файл → Сведения → Защита документа) и сохраните как «Документ Word (*.docx)»",
            code="encrypted_file", field="file",
        )
    _check_package(content, label)
    used = rendering.template_variables(content, label=label)
    check_variables(used, spec, label, content=content)
    return used


def _check_package(content: bytes, label: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
            names = [info.filename for info in infos]
            types = archive.read("[Content_Types].xml").decode("utf-8", "replace").lower() \
                if "[Content_Types].xml" in names else ""
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # rendering.open_docx names it: not a ZIP, or a damaged one
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise ApplicationError(
            f"Шаблон {label}: распакованный файл больше {MAX_UNPACKED_BYTES // (1024 * 1024)} МБ — это не шаблон документа",
            code="too_large", field="file",
        )
    macro = next((name for name in names if name.rpartition("/")[2].lower() in MACRO_PARTS), None)
    if macro or MACRO_CONTENT_TYPE in types:
        raise ApplicationError(
            f"Шаблон {label}: документ с макросами ({macro or 'тип macroEnabled'}) не принимается — "
            "сохраните его как «Документ Word (*.docx)», без макросов",
            code="macro_file", field="file",
        )


def check_variables(used: set[str], spec: TemplateSpec, label: str, *, content: bytes | None = None) -> None:
    """Only the manifest's variables (and the engine's ``document``) may be used."""
    unknown = used - spec.variables - ENGINE_VARIABLES
    if unknown:
        where = _tag_place(content, sorted(unknown)[0]) if content else ""
        raise ApplicationError(
            f"Шаблон {label}: переменные {', '.join(sorted(unknown))} не объявлены в манифесте{where} "
            f"(допустимы: {', '.join(sorted(spec.variables | ENGINE_VARIABLES))})",
            code="unknown_variable", field="file",
        )


def _tag_place(content: bytes, name: str) -> str:
    """«, в тексте «…»» — the first paragraph whose tag uses ``name``, or nothing."""
    pattern = re.compile(r"\{[{%][^}]*\b" + re.escape(name) + r"\b[^}]*[}%]\}")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for part in _text_parts(archive):
                for paragraph in etree.fromstring(archive.read(part)).iter(f"{W}p"):
                    text = _text(paragraph)
                    if pattern.search(text):
                        return f", в тексте «{_excerpt(text)}»"
    except Exception:  # only used to point at the tag; never fatal
        return ""
    return ""


# --- the reader's checks -------------------------------------------------------------------

def check_upload(content: bytes, spec: TemplateSpec, *, label: str, convert: bool = True) -> CheckResult:
    """Every check of an uploaded version; raises the first problem as ``ApplicationError``
    (its code, and a message naming the tag or the place). Returns the result (variables,
    page count, first page) when the file passes."""
    result = check_template(content, spec, label=label, convert=convert, convert_when_found=False)
    if result.findings:
        first = result.findings[0]
        more = f" (и еще замечаний: {len(result.findings) - 1})" if len(result.findings) > 1 else ""
        raise ApplicationError(
            f"Шаблон {label}: {first.line()}{more}", code=first.code, field="file",
            extra={"findings": [{"code": f.code, "place": f.place, "message": f.message} for f in result.findings]},
        )
    return result


def check_template(content: bytes, spec: TemplateSpec, *, label: str, convert: bool = True,
                   dpi: int = PREVIEW_DPI, convert_when_found: bool = True) -> CheckResult:
    """The gate, then every reader's check on the sample; the gate raises, the rest collect.
    The PDF is made when ``convert`` (and, unless ``convert_when_found``, only when the
    other checks found nothing: an upload refused anyway need not wait for LibreOffice)."""
    from . import services  # services call this module on upload

    result = CheckResult(label=label)
    result.variables = check_file(content, spec, label=label)
    sample = services.sample_context(spec)
    try:
        docx = rendering.render(content, sample, label=label)
    except ApplicationError as exc:  # the sample is right by the manifest: the file is to blame
        raise ApplicationError(exc.message, code=exc.code, field="file") from exc
    _check_printed_values(content, sample, result)
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        _check_text(archive, result)
        _check_pages(archive, result)
        _check_fonts(archive, result)
    if convert and (convert_when_found or not result.findings):
        _check_pdf(docx, result, dpi=dpi)
    return result


def check_spec(spec: TemplateSpec, *, convert: bool = True, dpi: int = PREVIEW_DPI) -> CheckResult:
    """The checks of the repository's file of a manifest entry; a refusal of the gate
    becomes the one finding (for ``manage.py template_check``)."""
    label = f"«{spec.code}» ({spec.file.name})"
    try:
        return check_template(spec.file.read_bytes(), spec, label=label, convert=convert, dpi=dpi)
    except ApplicationError as exc:
        result = CheckResult(label=label)
        result.add(exc.code or "template_invalid", "", exc.message)
        return result


# Empty values: the sample is rendered once more with every ``{{ expression }}`` passed
# through a probe that leaves a marker where the printed value is empty or None; the
# marker is then found in the rendered text, which gives the tag and the paragraph.
_PRINT_RE = re.compile(r"\{\{([-+]?)(.*?)([-+]?)\}\}", re.S)
_MARK = "\u27e6{kind}:{index}\u27e7"
_MARK_RE = re.compile("\u27e6(empty|none):(\\d+)\u27e7")


class _ProbingTemplate(DocxTemplate):
    def __init__(self, content: bytes, expressions: list[str]) -> None:
        super().__init__(io.BytesIO(content))
        self.expressions = expressions

    def render_xml_part(self, src_xml, part, context, jinja_env=None):  # type: ignore[no-untyped-def]
        def probe(match: re.Match[str]) -> str:
            self.expressions.append(" ".join(match.group(2).split()))
            return f"{{{{{match.group(1)} ({match.group(2)})|__probe__({len(self.expressions) - 1}) {match.group(3)}}}}}"

        return super().render_xml_part(_PRINT_RE.sub(probe, src_xml), part, context, jinja_env)


def _probe(value: object, index: int) -> object:
    if value is None or isinstance(value, Undefined):
        return _MARK.format(kind="none", index=index)
    if isinstance(value, Markup) or str(value).strip():
        return value
    return _MARK.format(kind="empty", index=index)


def _probing_env() -> Environment:
    env = Environment(undefined=StrictUndefined, autoescape=True)
    env.filters.update(FILTERS)
    env.filters["__probe__"] = _probe
    return env


def _check_printed_values(content: bytes, sample: dict, result: CheckResult) -> None:
    expressions: list[str] = []
    template = _ProbingTemplate(content, expressions)
    template.render(sample, _probing_env())
    out = io.BytesIO()
    template.save(out)
    with zipfile.ZipFile(out) as archive:
        for place, text in _paragraphs(archive):
            for match in _MARK_RE.finditer(text):
                tag = "{{ " + expressions[int(match.group(2))] + " }}"
                shown = _MARK_RE.sub("…", text)
                where = f"{place} «{_excerpt(shown)}»" if _MARK_RE.sub("", text).strip() else place
                what = "None (значение не задано)" if match.group(1) == "none" else "пустую строку"
                result.add(
                    "empty_value" if match.group(1) == "empty" else "none_value",
                    where,
                    f"тег {tag} печатает {what} — в примере манифеста это поле не заполнено",
                )


_LEFTOVER_RE = re.compile(r"\{\{|\{%|%\}|\}\}")
_NONE_RE = re.compile(r"\bNone\b")


def _check_text(archive: zipfile.ZipFile, result: CheckResult) -> None:
    for place, text in _paragraphs(archive):
        if match := _LEFTOVER_RE.search(text):
            result.add("leftover_tag", f"{place} «{_excerpt(text)}»",
                       f"в тексте остался знак тега «{match.group(0)}» — тег разорван форматированием или набран с ошибкой")
        if _NONE_RE.search(text):
            result.add("none_value", f"{place} «{_excerpt(text)}»", "в тексте напечатано «None» — значение не задано")


def _check_pages(archive: zipfile.ZipFile, result: CheckResult) -> None:
    body = etree.fromstring(archive.read("word/document.xml"))
    sections = list(body.iter(f"{W}sectPr"))
    if not sections:
        result.add("page_size", "документ", "не заданы размер страницы и поля (нет раздела)")
    for number, section in enumerate(sections, start=1):
        place = f"раздел {number}" if len(sections) > 1 else "параметры страницы"
        size = section.find(f"{W}pgSz")
        width = _mm(size, "w") if size is not None else None
        height = _mm(size, "h") if size is not None else None
        if width is None or height is None:
            result.add("page_size", place, "не задан размер страницы — нужен A4 (210 × 297 мм)")
        elif not all(abs(a - b) <= SIZE_TOLERANCE_MM for a, b in zip(sorted((width, height)), A4_MM, strict=True)):
            result.add("page_size", place, f"размер страницы {width:.0f} × {height:.0f} мм — нужен A4 (210 × 297 мм)")
        margins = section.find(f"{W}pgMar")
        for side, least in MIN_MARGINS_MM.items():
            value = _mm(margins, side) if margins is not None else None
            if value is None or value < least - 0.05:
                shown = "не задано" if value is None else f"{value:.1f} мм".replace(".", ",")
                result.add("page_margins", place,
                           f"{MARGIN_NAMES[side]} поле {shown} — по ГОСТ Р 7.0.97-2016 не меньше {least} мм")


def _mm(element: etree._Element, name: str) -> float | None:
    raw = element.get(f"{W}{name}")
    try:
        return abs(float(raw)) / TWIPS_PER_MM if raw is not None else None
    except ValueError:
        return None


# --- fonts ---------------------------------------------------------------------------------

_FONT_ATTRIBUTES = ("ascii", "hAnsi", "cs")  # Cyrillic and Latin text; East Asian scripts are not written here
_THEME_ATTRIBUTES = {"asciiTheme": None, "hAnsiTheme": None, "cstheme": None}


def _check_fonts(archive: zipfile.ZipFile, result: CheckResult) -> None:
    installed = installed_fonts()
    for font, place in _used_fonts(archive).items():
        if font in installed:
            continue
        substitute = METRIC_SUBSTITUTES.get(font)
        if substitute is None:
            result.add("font_missing", place,
                       f"шрифт «{font}» не установлен для LibreOffice и не имеет метрически совместимой замены — "
                       f"PDF будет выглядеть иначе, чем в Word (используйте Times New Roman)")
        elif substitute not in installed:
            result.add("font_missing", place,
                       f"шрифт «{font}» заменяется на «{substitute}», но «{substitute}» не установлен на сервере")


@lru_cache(maxsize=1)
def installed_fonts() -> frozenset[str]:
    """The font families fontconfig (hence LibreOffice) has."""
    if shutil.which("fc-list") is None:
        raise ApplicationError("Не установлен fc-list (пакет fontconfig): `make system`", code="tool_missing", field="fonts")
    listing = subprocess.run(["fc-list", ":", "family"], check=True, capture_output=True, text=True, timeout=60).stdout
    return frozenset(name.strip() for line in listing.splitlines() for name in line.split(",") if name.strip())


def _used_fonts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Font name → where it is first used: the defaults, the styles the text uses (with
    the styles they are based on), the runs of the body, headers and footers, and the
    numbering when a list is used."""
    names = set(archive.namelist())
    theme = _theme_fonts(archive)
    fonts: dict[str, str] = {}

    def note(r_fonts: etree._Element, place: str) -> None:
        for attribute in _FONT_ATTRIBUTES:
            if name := r_fonts.get(f"{W}{attribute}"):
                fonts.setdefault(name, place)
        for attribute in _THEME_ATTRIBUTES:
            if (reference := r_fonts.get(f"{W}{attribute}")) and (name := theme.get(reference)):
                fonts.setdefault(name, f"{place} (шрифт темы)")

    used_styles: set[str] = set()
    uses_lists = False
    for part in _text_parts(archive):
        root = etree.fromstring(archive.read(part))
        for r_fonts in root.iter(f"{W}rFonts"):
            note(r_fonts, "текст документа" if part == "word/document.xml" else "колонтитул")
        for tag in ("pStyle", "rStyle", "tblStyle"):
            used_styles.update(e.get(f"{W}val", "") for e in root.iter(f"{W}{tag}"))
        uses_lists = uses_lists or any(e.get(f"{W}val", "0") != "0" for e in root.iter(f"{W}numId"))
    if "word/styles.xml" in names:
        styles = etree.fromstring(archive.read("word/styles.xml"))
        for r_fonts in styles.iterfind(f"{W}docDefaults//{W}rFonts"):
            note(r_fonts, "шрифт по умолчанию")
        by_id = {s.get(f"{W}styleId"): s for s in styles.iterfind(f"{W}style")}
        defaults = {s.get(f"{W}styleId") for s in by_id.values() if s.get(f"{W}default") in ("1", "true")}
        pending = list(used_styles | defaults)
        seen: set[str] = set()
        while pending:
            style_id = pending.pop()
            style = by_id.get(style_id)
            if style is None or style_id in seen:
                continue
            seen.add(style_id)
            name = style.find(f"{W}name")
            label = name.get(f"{W}val") if name is not None else style_id
            for r_fonts in style.iter(f"{W}rFonts"):
                note(r_fonts, f"стиль «{label}»")
            for link in ("basedOn", "link"):
                if (ref := style.find(f"{W}{link}")) is not None:
                    pending.append(ref.get(f"{W}val", ""))
            uses_lists = uses_lists or any(e.get(f"{W}val", "0") != "0" for e in style.iter(f"{W}numId"))
    if uses_lists and "word/numbering.xml" in names:
        for r_fonts in etree.fromstring(archive.read("word/numbering.xml")).iter(f"{W}rFonts"):
            note(r_fonts, "маркеры списков")
    return fonts


def _theme_fonts(archive: zipfile.ZipFile) -> dict[str, str]:
    """The theme's fonts by the names styles refer to them (``minorHAnsi`` → Cambria…)."""
    part = next((n for n in archive.namelist() if n.startswith("word/theme/") and n.endswith(".xml")), None)
    if part is None:
        return {}
    root = etree.fromstring(archive.read(part))
    found: dict[str, str] = {}
    for kind in ("major", "minor"):
        scheme = root.find(f".//{{{A_NS}}}{kind}Font")
        if scheme is None:
            continue
        for element, names in (("latin", ("HAnsi", "Ascii")), ("cs", ("Bidi",))):
            node = scheme.find(f"{{{A_NS}}}{element}")
            if node is not None and node.get("typeface"):
                for name in names:
                    found[f"{kind}{name}"] = node.get("typeface", "")
    return found


# --- the PDF -------------------------------------------------------------------------------

def _check_pdf(docx: bytes, result: CheckResult, *, dpi: int) -> None:
    from . import services
    from .pdf.pages import pdf_pages_png

    try:
        pdf = services.convert_preview(docx)
        pages = pdf_pages_png(pdf, dpi=dpi, last=1)
    except ApplicationError as exc:
        result.add(exc.code or "pdf_failed", "PDF", exc.message)
        return
    result.page_count = pages.page_count
    result.first_page_png = pages.pages[0] if pages.pages else None
    if result.first_page_png is None:
        result.add("pdf_failed", "PDF", "первая страница PDF не нарисована")


# --- text of the parts ---------------------------------------------------------------------

def _text_parts(archive: zipfile.ZipFile) -> Iterator[str]:
    names = archive.namelist()
    yield "word/document.xml"
    yield from sorted(n for n in names if re.fullmatch(r"word/(header|footer)\d*\.xml", n))
    yield from (n for n in ("word/footnotes.xml", "word/endnotes.xml") if n in names)


def _paragraphs(archive: zipfile.ZipFile) -> Iterator[tuple[str, str]]:
    """(place, text) of every paragraph with text; the place is «абзац N», «ячейка
    таблицы N» (N counts the paragraphs of the part), «колонтитул» or «сноска», with the
    text before it when the paragraph holds nothing but a value."""
    for part in _text_parts(archive):
        root = etree.fromstring(archive.read(part))
        previous = ""
        for number, paragraph in enumerate(root.iter(f"{W}p"), start=1):
            text = _text(paragraph)
            if not text.strip():
                continue
            if part != "word/document.xml":
                place = "колонтитул" if "header" in part or "footer" in part else "сноска"
            elif any(a.tag == f"{W}tc" for a in paragraph.iterancestors()):
                place = f"ячейка таблицы (абзац {number})"
            else:
                place = f"абзац {number}"
            if previous and not _MARK_RE.sub("", text).strip():
                place += f" после «{_excerpt(previous)}»"
            yield place, text
            if _MARK_RE.sub("", text).strip():
                previous = _MARK_RE.sub("…", text)


def _text(paragraph: etree._Element) -> str:
    return "".join(node.text or "" for node in paragraph.iter(f"{W}t"))


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"
