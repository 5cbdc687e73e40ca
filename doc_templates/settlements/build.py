"""Build the DOCX templates of settlements from code.

    .venv/bin/python -m doc_templates.settlements.build

Then look at the result page by page (docs/documents.md) and bump the template's
``version`` in ``doc_templates/settlements/manifest.toml`` whenever the file changes.
"""

from __future__ import annotations

from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from doc_templates.build import gost

HERE = Path(__file__).resolve().parent
C, R = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
TABLE = 8  # pt: thirteen columns on a landscape page

# the debt and penalty table in the layout courts expect
COLUMNS = [
    ("№", 0.7, C, "{{ row.n }}"),
    ("Период", 1.5, C, "{{ row.period }}"),
    ("Начислено, ₽", 2.0, R, "{{ row.charged }}"),
    ("Срок оплаты", 1.9, C, "{{ row.due_date }}"),
    ("Оплата (дата, сумма)", 2.6, C, "{{ row.payment }}"),
    ("Сумма долга, ₽", 2.0, R, "{{ row.base }}"),
    ("С", 1.9, C, "{{ row.date_from }}"),
    ("По", 1.9, C, "{{ row.date_to }}"),
    ("Дней", 1.1, C, "{{ row.days }}"),
    ("Доля ставки", 1.3, C, "{{ row.fraction }}"),
    ("Ставка, %", 1.4, C, "{{ row.rate }}"),
    ("Формула", 4.9, C, "{{ row.formula }}"),
    ("Пени, ₽", 2.0, R, "{{ row.amount }}"),
]


def build_penalty_statement(path: Path) -> None:
    """Расчет пени (a penalty statement for a claim or a court), landscape A4."""
    doc = gost.new_document(landscape=True)
    gost.paragraph(doc, "{{ organization.full_name }}", size=gost.SMALL_PT, bold=True, align=C)
    gost.paragraph(doc, "ОГРН {{ organization.ogrn }}, ИНН/КПП {{ organization.inn }}/{{ organization.kpp }}, "
                   "{{ organization.address }}", size=gost.TABLE_PT, align=C)
    gost.paragraph(doc, "РАСЧЕТ ПЕНИ", bold=True, align=C, space_before=12)
    gost.paragraph(doc, "на {{ as_of }}", align=C)
    gost.paragraph(doc, "{{ document.date }} № {{ document.number }}", size=gost.SMALL_PT, align=C, space_after=6)
    gost.paragraph(doc, "Абонент: {{ consumer.name }}{% if consumer.inn %}, ИНН {{ consumer.inn }}{% endif %}, "
                   "абонентский № {{ consumer.code }}", size=gost.SMALL_PT)
    gost.paragraph(doc, "Договор: {{ contracts }}", size=gost.SMALL_PT)
    gost.paragraph(doc, "Основание: {{ basis }}", size=gost.SMALL_PT, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    gost.paragraph(doc, "Ставка: {{ rate_rule }}", size=gost.SMALL_PT, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                   space_after=6)
    table = gost.grid_table(doc, [c[0] for c in COLUMNS], [c[1] for c in COLUMNS], size=TABLE)
    gost.add_row(table, ["{%tr for row in rows %}"] + [""] * (len(COLUMNS) - 1), size=TABLE)
    gost.add_row(table, [c[3] for c in COLUMNS], size=TABLE, aligns=[c[2] for c in COLUMNS])
    gost.add_row(table, ["{%tr endfor %}"] + [""] * (len(COLUMNS) - 1), size=TABLE)
    total = gost.add_row(table, [""] * (len(COLUMNS) - 1) + ["{{ total }}"], size=TABLE,
                         aligns=[None] * (len(COLUMNS) - 1) + [R])
    merged = total.cells[0].merge(total.cells[len(COLUMNS) - 2])
    label = merged.paragraphs[0].add_run("Итого пени")
    label.bold, label.font.size = True, Pt(TABLE)
    gost.paragraph(doc, "Пени = сумма долга × ставка % / 100 × дни × доля ставки; каждая строка округляется "
                   "до копейки (половина копейки — в большую сторону), итог — сумма строк. Новая строка "
                   "начинается при оплате, смене доли ставки или ставки.", size=gost.TABLE_PT, space_before=6)
    gost.tag(doc, "{%p if excluded %}")
    gost.paragraph(doc, "Дни, за которые пени не начислялись:", size=gost.SMALL_PT, space_before=6)
    gost.tag(doc, "{%p for item in excluded %}")
    gost.paragraph(doc, "{{ item }}", size=gost.SMALL_PT, indent=True)
    gost.tag(doc, "{%p endfor %}")
    gost.tag(doc, "{%p endif %}")
    gost.paragraph(doc, "Сумма основного долга на {{ as_of }}: {{ principal }} ({{ principal_words }}).",
                   size=gost.SMALL_PT, space_before=6, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    gost.paragraph(doc, "Сумма пени на {{ as_of }}: {{ total }} ({{ total_words }}){% if penalty_paid %}; "
                   "оплачено пени {{ penalty_paid }}; к оплате {{ penalty_due }} ({{ penalty_due_words }})"
                   "{% endif %}.", size=gost.SMALL_PT, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    gost.paragraph(doc, "Примененные нормы: {{ norms }}.", size=gost.TABLE_PT, space_before=6,
                   align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    gost.signature(doc)
    gost.paragraph(doc, "Исполнитель: {{ executor.name }}, {{ executor.phone }}", size=gost.TABLE_PT,
                   space_before=12)
    doc.save(path)


def main() -> None:
    build_penalty_statement(HERE / "penalty_statement.docx")
    print("built:", HERE / "penalty_statement.docx")


if __name__ == "__main__":
    main()
