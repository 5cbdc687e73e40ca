"""DOCX rendering with docxtpl and one Jinja environment: ``StrictUndefined`` (a missing
value is an error naming the variable and the template, never a blank in a signed act),
autoescaping (``&`` or ``<`` in a name cannot break the XML), our Russian filters
(``documents.formatting``). Also the checks a template must pass before it is accepted.
"""

from __future__ import annotations

import io
import re
import zipfile
from functools import lru_cache

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined, TemplateSyntaxError, UndefinedError

from core.errors import ApplicationError
from core.wording import without_confidence_marks

from .formatting import FILTERS


@lru_cache(maxsize=1)
def jinja_env() -> Environment:
    env = Environment(undefined=StrictUndefined, autoescape=True)
    env.filters.update(FILTERS)
    return env


_UNDEFINED_RE = re.compile(r"'([^']+)' is undefined")
_ATTRIBUTE_RE = re.compile(r"has no attribute '([^']+)'")


def _undefined_message(exc: UndefinedError, label: str) -> str:
    text = str(exc)
    if match := _UNDEFINED_RE.search(text):
        return f"Шаблон {label}: не задана переменная «{match.group(1)}»"
    if match := _ATTRIBUTE_RE.search(text):
        return f"Шаблон {label}: в данных нет поля «{match.group(1)}»"
    return f"Шаблон {label}: не задано значение ({text})"


def _syntax_message(exc: TemplateSyntaxError, label: str, xml: str | None) -> str:
    near = ""
    if xml and exc.lineno:
        line = xml.splitlines()[exc.lineno - 1] if exc.lineno <= len(xml.splitlines()) else ""
        text = re.sub(r"<[^>]+>", "", line)
        text = re.sub(r"\s+", " ", text).strip()
        if text:
            near = f", рядом с текстом «{text[:120]}»"
    return f"Шаблон {label}: ошибка в теге Jinja — {exc.message}{near}"


def open_docx(content: bytes, *, label: str) -> DocxTemplate:
    """A docxtpl template over ``content``, or a clear error when it is not a DOCX."""
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise ApplicationError(
            f"Шаблон {label}: файл не является документом Word (DOCX) — это не ZIP-архив",
            code="not_docx", field="file",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise ApplicationError(
                    f"Шаблон {label}: в архиве нет word/document.xml — это не документ Word (DOCX)",
                    code="not_docx", field="file",
                )
            archive.testzip()
        Document(io.BytesIO(content))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise ApplicationError(f"Шаблон {label}: файл DOCX поврежден ({exc})", code="corrupt_file", field="file") from exc
    except ApplicationError:
        raise
    except Exception as exc:  # lxml and python-docx raise many kinds on a corrupt part
        raise ApplicationError(f"Шаблон {label}: файл DOCX поврежден ({exc})", code="corrupt_file", field="file") from exc
    return DocxTemplate(io.BytesIO(content))


def template_variables(content: bytes, *, label: str) -> set[str]:
    """The top-level variables a template uses; refuses a non-DOCX or a broken Jinja tag."""
    template = open_docx(content, label=label)
    try:
        return set(template.get_undeclared_template_variables(jinja_env()))
    except TemplateSyntaxError as exc:
        raise ApplicationError(
            _syntax_message(exc, label, _template_xml(template)), code="template_syntax", field="file"
        ) from exc


def _template_xml(template: DocxTemplate) -> str | None:
    try:
        template.init_docx()
        return template.patch_xml(template.get_xml())
    except Exception:  # only used to point at the error; never fatal
        return None


def _without_marks(value):
    """The context with every text cleared of a working note's confidence marks (❓, ⚠️): a last
    guard — the data should never hold them (core.wording.without_confidence_marks)."""
    if isinstance(value, str):
        return without_confidence_marks(value)
    if isinstance(value, dict):
        return {key: _without_marks(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_without_marks(item) for item in value)
    return value


def render(content: bytes, context: dict, *, label: str) -> bytes:
    """Render a DOCX template with ``context``; returns the DOCX bytes."""
    template = DocxTemplate(io.BytesIO(content))
    try:
        template.render(_without_marks(context), jinja_env())
    except UndefinedError as exc:
        raise ApplicationError(_undefined_message(exc, label), code="undefined_variable", field="context") from exc
    except TemplateSyntaxError as exc:
        raise ApplicationError(
            _syntax_message(exc, label, _template_xml(template)), code="template_syntax", field="file"
        ) from exc
    except (TypeError, ValueError) as exc:  # a filter refused a value: float money, bad date
        raise ApplicationError(f"Шаблон {label}: недопустимое значение — {exc}", code="invalid_value", field="context") from exc
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()
