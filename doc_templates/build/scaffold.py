"""Start a new template: a DOCX in the ГОСТ Р 7.0.97-2016 layout of ``gost.py`` with the
usual requisites as Jinja tags, to be finished in Word
(docs/documents.md, "How to add a template"). Run it as ``manage.py template_scaffold CODE OUT.docx``.

It only ever creates a file: an existing path — a committed template above all — is never
overwritten. The committed ``.docx`` is the source from then on; nothing regenerates it.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH

from doc_templates.build import gost

KINDS = ("letter", "act")


def scaffold_docx(*, title: str, kind: str = "letter", landscape: bool = False) -> bytes:
    """The starting DOCX: a letter (letterhead, addressee, heading, text, attachments,
    signature, executor) or an act (organisation, title, date and number, text, signature)."""
    if kind not in KINDS:
        raise ValueError(f"kind: one of {KINDS}")
    doc = gost.new_document(landscape=landscape)
    center = WD_ALIGN_PARAGRAPH.CENTER
    if kind == "letter":
        gost.letterhead(doc)
        gost.paragraph(doc, title, bold=True, align=center, space_before=18)
        gost.heading_to_text(doc)
        gost.body(doc)
        gost.attachments(doc)
        gost.signature(doc)
        gost.executor(doc)
    else:
        gost.paragraph(doc, "{{ organization.full_name }}", size=gost.SMALL_PT, bold=True, align=center)
        gost.paragraph(doc, title, bold=True, align=center, space_before=12)
        gost.paragraph(doc, "{{ document.date }} № {{ document.number }}", size=gost.SMALL_PT, align=center,
                       space_after=12)
        gost.body(doc)
        gost.signature(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def scaffold(path: Path, *, title: str, kind: str = "letter", landscape: bool = False) -> bytes:
    """Write the starting DOCX to ``path`` only when nothing is there (``FileExistsError``
    otherwise, the file untouched); returns its bytes."""
    content = scaffold_docx(title=title, kind=kind, landscape=landscape)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("xb") as out:  # exclusive: never replaces a file
        out.write(content)
    return content
