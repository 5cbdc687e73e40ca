"""Build the DOCX templates of the ``common`` area from code.

    .venv/bin/python -m doc_templates.build.build_templates

Then look at each page by page (docs/documents.md, "How to add a template", step 4). Bump the
template's ``version`` in the manifest whenever its file changes.
"""

from __future__ import annotations

from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH

from doc_templates.build import gost

ROOT = Path(__file__).resolve().parent.parent


def build_letter(path: Path) -> None:
    """Outgoing letter (исходящее письмо) on the organisation's letterhead."""
    doc = gost.new_document()
    gost.letterhead(doc)
    gost.heading_to_text(doc)
    gost.tag(doc, "{%p if salutation %}")
    gost.paragraph(doc, "{{ salutation }}", align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)
    gost.tag(doc, "{%p endif %}")
    gost.body(doc)
    gost.attachments(doc)
    gost.signature(doc)
    gost.executor(doc)
    doc.save(path)


def build_notice(path: Path) -> None:
    """Notice (уведомление): what is required of the addressee, by when, and why."""
    doc = gost.new_document()
    gost.letterhead(doc)
    gost.paragraph(doc, "УВЕДОМЛЕНИЕ", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_before=18)
    gost.paragraph(doc, "{{ heading }}", align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12, keep_with_next=True)
    gost.body(doc)
    gost.tag(doc, "{%p if items %}")
    gost.paragraph(doc, "", size=gost.TABLE_PT)
    table = gost.grid_table(doc, ["№ п/п", "Наименование", "Сведения", "Срок"], [1.2, 6.0, 6.0, 3.3])
    gost.add_row(table, ["{%tr for item in items %}", "", "", ""])
    gost.add_row(
        table, ["{{ loop.index }}", "{{ item.name }}", "{{ item.details }}", "{{ item.deadline }}"],
        aligns=[WD_ALIGN_PARAGRAPH.CENTER, None, None, WD_ALIGN_PARAGRAPH.CENTER],
    )
    gost.add_row(table, ["{%tr endfor %}", "", "", ""])
    gost.paragraph(doc, "")
    gost.tag(doc, "{%p endif %}")
    gost.body(doc, "closing")
    gost.signature(doc)
    gost.executor(doc)
    doc.save(path)


def build_bench_act(path: Path) -> None:
    """A one-page act with a table of rows (the benchmark's template; not in the manifest)."""
    doc = gost.new_document()
    gost.paragraph(doc, "{{ organization.full_name }}", size=gost.SMALL_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    gost.paragraph(doc, "АКТ", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_before=6)
    gost.paragraph(doc, "{{ document.date }} № {{ document.number }}", size=gost.SMALL_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
    gost.paragraph(doc, "{{ heading }}", size=gost.SMALL_PT, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    table = gost.grid_table(doc, ["№", "Объект", "Показание", "Гкал"], [1.0, 9.0, 3.0, 3.5], size=8)
    gost.add_row(table, ["{%tr for row in rows %}", "", "", ""], size=8)
    gost.add_row(table, ["{{ loop.index }}", "{{ row.name }}", "{{ row.reading }}", "{{ row.gcal }}"], size=8)
    gost.add_row(table, ["{%tr endfor %}", "", "", ""], size=8)
    gost.paragraph(doc, "Итого: {{ total }} Гкал", size=gost.SMALL_PT, space_before=6)
    gost.signature(doc)
    doc.save(path)


def main() -> None:
    build_letter(ROOT / "common" / "letter.docx")
    build_notice(ROOT / "common" / "notice.docx")
    print("built:", ROOT / "common" / "letter.docx", ROOT / "common" / "notice.docx")


if __name__ == "__main__":
    main()
