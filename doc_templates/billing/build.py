"""Build the DOCX templates of billing from code.

    .venv/bin/python -m doc_templates.billing.build

Then look at each page by page (docs/documents.md, "How to add a template") and bump the template's
``version`` in ``doc_templates/billing/manifest.toml`` whenever its file changes.

- ``upd.docx``: универсальный передаточный документ, status 1 (счет-фактура and передаточный
  документ in one), the layout of ФНС letter ММВ-20-3/96@ on a landscape A4 page: the
  счет-фактура lines 1–8 (НК ст. 169 п. 5), the table of columns А, 1–11, the signatures of
  the head and the chief accountant, and the transfer part [8]–[19].
- ``payment_invoice.docx``: счет на оплату on a portrait A4 page: the bank details block,
  supplier and buyer, the table, totals in words and the payment purpose.
"""

from __future__ import annotations

from pathlib import Path

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from doc_templates.build import gost

HERE = Path(__file__).resolve().parent
C, R, L = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.LEFT
UPD_PT = 8  # the form is dense: sixteen columns on a landscape page
SMALL = 7


def _text(cell, text: str, *, size: int = UPD_PT, bold: bool = False, align=None, first: bool = True):
    """Write ``text`` into a cell (its first paragraph, or a new one)."""
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    run = p.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    return p


def _borders(cell, sides=("top", "left", "bottom", "right"), size: int = 8):
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for side in sides:
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), str(size))
        element.set(qn("w:color"), "000000")
        borders.append(element)
    tc_pr.append(borders)


def _line(doc_or_cell, label: str, value: str, number: str, *, size: int = UPD_PT):
    """``Label: value (number)`` — one requisite line of the счет-фактура header."""
    p = doc_or_cell.add_paragraph()
    p.paragraph_format.space_after = Pt(0)
    for text, bold in ((f"{label} ", False), (value, True), (f"  ({number})", False)):
        run = p.add_run(text)
        run.font.size = Pt(size)
        run.bold = bold
    return p


UPD_COLUMNS = [
    # (header, number, width cm, alignment, cell)
    ("Код товара/ работ, услуг", "А", 1.2, C, "—"),
    ("№ п/п", "1", 0.7, C, "{{ row.n }}"),
    ("Наименование товара (описание выполненных работ, оказанных услуг), имущественного права", "1а", 5.0, L,
     "{{ row.name }}"),
    ("Код вида товара", "1б", 1.0, C, "—"),
    ("Единица измерения: код", "2", 1.0, C, "{{ row.okei }}"),
    ("условное обозначение (национальное)", "2а", 1.4, C, "{{ row.unit }}"),
    ("Количество (объем)", "3", 1.8, R, "{{ row.quantity }}"),
    ("Цена (тариф) за единицу измерения", "4", 1.7, R, "{{ row.price }}"),
    ("Стоимость товаров (работ, услуг), имущественных прав без налога — всего", "5", 2.1, R, "{{ row.amount }}"),
    ("В том числе сумма акциза", "6", 1.3, C, "без акциза"),
    ("Налоговая ставка", "7", 1.2, C, "{{ row.vat_rate }}"),
    ("Сумма налога, предъявляемая покупателю", "8", 1.9, R, "{{ row.vat }}"),
    ("Стоимость товаров (работ, услуг), имущественных прав с налогом — всего", "9", 2.1, R, "{{ row.total }}"),
    ("Страна происхождения товара: цифровой код", "10", 1.4, C, "—"),
    ("краткое наименование", "10а", 1.3, C, "—"),
    ("Регистрационный номер декларации на товары или партии товара, подлежащего прослеживаемости", "11", 1.6, C,
     "—"),
]
HEADER_PT = 6


def build_upd(path: Path) -> None:
    doc = gost.new_document(landscape=True)
    section = doc.sections[0]
    # ГОСТ Р 7.0.97 minimums (20 mm left, 10 mm right): the form needs the width
    section.left_margin, section.right_margin = Mm(20), Mm(10)

    # the status box on the left, the счет-фактура header lines on the right
    header = gost.borderless_table(doc, [3.4, 0.4, 22.9])
    box, _, lines = header.rows[0].cells
    _borders(box)
    _text(box, "Универсальный передаточный документ", bold=True, align=C)
    _text(box, "Статус: 1", bold=True, align=C, first=False)
    _text(box, "1 — счет-фактура и передаточный документ (акт); 2 — передаточный документ (акт)", size=SMALL,
          align=C, first=False)
    box.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP

    title = lines.paragraphs[0]
    run = title.add_run(
        "Счет-фактура № {% if correction %}{{ correction.original_number }} от {{ correction.original_date }}"
        "{% else %}{{ document.number }} от {{ document.date }}{% endif %}"
    )
    run.bold, run.font.size = True, Pt(10)
    title.add_run("  (1)").font.size = Pt(UPD_PT)
    _line(lines, "Исправление №", "{% if correction %}{{ correction.number }} от {{ document.date }}"
          "{% else %}— от —{% endif %}", "1а")
    _line(lines, "Продавец:", "{{ seller.name }}", "2")
    _line(lines, "Адрес:", "{{ seller.address }}", "2а")
    _line(lines, "ИНН/КПП продавца:", "{{ seller.inn_kpp }}", "2б")
    _line(lines, "Грузоотправитель и его адрес:", "он же", "3")
    _line(lines, "Грузополучатель и его адрес:", "{{ consignee }}", "4")
    _line(lines, "К платежно-расчетному документу №", "— от —", "5")
    _line(lines, "Документ об отгрузке:", "№ п/п 1–{{ rows|length }} № {{ document.number }} от {{ document.date }}",
          "5а")
    _line(lines, "Покупатель:", "{{ buyer.name }}", "6")
    _line(lines, "Адрес:", "{{ buyer.address }}", "6а")
    _line(lines, "ИНН/КПП покупателя:", "{{ buyer.inn_kpp }}", "6б")
    _line(lines, "Валюта: наименование, код", "Российский рубль, 643", "7")
    _line(lines, "Идентификатор государственного контракта, договора (соглашения) (при наличии):", "—", "8")

    gost.paragraph(doc, "", size=4)
    widths = [c[2] for c in UPD_COLUMNS]
    table = gost.grid_table(doc, [c[0] for c in UPD_COLUMNS], widths, size=HEADER_PT)
    numbers = gost.add_row(table, [c[1] for c in UPD_COLUMNS], size=HEADER_PT, aligns=[C] * len(UPD_COLUMNS))
    gost._repeat_header(numbers)
    for cell in table.rows[0].cells:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    empty = [""] * (len(UPD_COLUMNS) - 1)
    gost.add_row(table, ["{%tr for row in rows %}", *empty], size=UPD_PT)
    gost.add_row(table, [c[4] for c in UPD_COLUMNS], size=UPD_PT, aligns=[c[3] for c in UPD_COLUMNS])
    gost.add_row(table, ["{%tr endfor %}", *empty], size=UPD_PT)
    total = gost.add_row(
        table,
        ["", "", "", "", "", "", "", "", "{{ totals.amount }}", "", "", "{{ totals.vat }}", "{{ totals.total }}",
         "", "", ""],
        size=UPD_PT, aligns=[None] * 8 + [R, C, C, R, R, None, None, None],
    )
    label = total.cells[0].merge(total.cells[7])
    _text(label, "Всего к оплате (9)", bold=True)
    total.cells[9].merge(total.cells[10])
    _text(total.cells[9], "Х", align=C)
    total.cells[13].merge(total.cells[15])

    gost.paragraph(doc, "Всего к оплате: {{ totals.total }} руб. ({{ totals.total_words }}), "
                   "в том числе НДС {{ totals.vat }} руб.", size=UPD_PT, space_before=3, space_after=3)

    # signatures of the счет-фактура part
    signs = gost.borderless_table(doc, [5.4, 2.6, 4.6, 0.6, 5.4, 2.6, 5.5])
    head_label, head_sign, head_name, _, acc_label, acc_sign, acc_name = signs.rows[0].cells
    for label_cell, sign_cell, name_cell, title_text, name in (
        (head_label, head_sign, head_name, "Руководитель организации или иное уполномоченное лицо", "head"),
        (acc_label, acc_sign, acc_name, "Главный бухгалтер или иное уполномоченное лицо", "accountant"),
    ):
        _text(label_cell, title_text, size=SMALL)
        _text(sign_cell, "____________", align=C)
        _text(sign_cell, "(подпись)", size=HEADER_PT, align=C, first=False)
        _text(name_cell, f"{{{{ signers.{name}.name }}}}", align=C)
        _text(name_cell, "(ф.и.о.)", size=HEADER_PT, align=C, first=False)

    # the transfer part: the seller's requisites [8]–[14] on the left, the buyer's [15]–[19] on the right
    gost.paragraph(doc, "", size=4)
    transfer = gost.borderless_table(doc, [13.1, 0.5, 13.1])
    seller, _, buyer = transfer.rows[0].cells
    _borders(seller, sides=("top",))
    _borders(buyer, sides=("top",))
    caption = "(должность)                    (подпись)                    (ф.и.о.)"
    for i, (text, size) in enumerate((
        ("Основание передачи (сдачи) / получения (приемки) [8]: {{ contract }}", SMALL),
        ("Данные о транспортировке и грузе [9]: —", SMALL),
        ("Товар (груз) передал / услуги, результаты работ, права сдал [10]: "
         "{{ signers.head.position }}   ____________   {{ signers.head.name }}", SMALL),
        (caption, HEADER_PT),
        ("Дата отгрузки, передачи (сдачи) [11]: {{ period.shipment }}", SMALL),
        ("Иные сведения об отгрузке, передаче [12]: период поставки {{ period.first }}–{{ period.last }} "
         "({{ period.label }}); объекты: {{ objects }}", SMALL),
        ("Ответственный за правильность оформления факта хозяйственной жизни [13]: "
         "{{ signers.accountant.position }}   ____________   {{ signers.accountant.name }}", SMALL),
        (caption, HEADER_PT),
        ("Наименование экономического субъекта — составителя документа (в т.ч. комиссионера / агента) [14]: "
         "{{ seller.name }}, ИНН/КПП {{ seller.inn_kpp }}    М.П.", SMALL),
    )):
        _text(seller, text, size=size, first=i == 0)
    for i, (text, size) in enumerate((
        ("Товар (груз) получил / услуги, результаты работ, права принял [15]: "
         "____________________   ____________   ____________________", SMALL),
        (caption, HEADER_PT),
        ("Дата получения (приемки) [16]: «____» ______________ 20___ г.", SMALL),
        ("Иные сведения о получении, приемке [17]: ________________________________________", SMALL),
        ("Ответственный за правильность оформления факта хозяйственной жизни [18]: "
         "____________________   ____________   ____________________", SMALL),
        (caption, HEADER_PT),
        ("Наименование экономического субъекта — составителя документа [19]: "
         "{{ buyer.name }}, ИНН/КПП {{ buyer.inn_kpp }}    М.П.", SMALL),
    )):
        _text(buyer, text, size=size, first=i == 0)
    doc.save(path)


PAYMENT_COLUMNS = [
    ("№", 0.8, C, "{{ row.n }}"),
    ("Наименование", 7.4, L, "{{ row.name }}"),
    ("Кол-во", 2.0, R, "{{ row.quantity }}"),
    ("Ед.", 1.1, C, "{{ row.unit }}"),
    ("Цена без НДС, руб.", 2.2, R, "{{ row.price }}"),
    ("Сумма без НДС, руб.", 2.5, R, "{{ row.amount }}"),
]


def build_payment_invoice(path: Path) -> None:
    doc = gost.new_document()
    gost.paragraph(doc, "{{ organization.full_name }}", size=gost.SMALL_PT, bold=True, align=C)
    gost.paragraph(doc, "{{ organization.address }}", size=gost.TABLE_PT, align=C)
    gost.paragraph(doc, "ОГРН {{ organization.ogrn }}, ИНН/КПП {{ organization.inn }}/{{ organization.kpp }}, "
                   "тел. {{ organization.phone }}, {{ organization.email }}", size=gost.TABLE_PT, align=C,
                   space_after=8)

    # bank details: the usual block of a Russian payment invoice
    bank = doc.add_table(rows=4, cols=4)
    bank.style = doc.styles["Table Grid"]
    gost.fixed_widths(bank, [7.6, 1.6, 2.0, 4.8])
    cells = bank.rows
    _text(cells[0].cells[0], "{{ bank.name }}", size=gost.TABLE_PT)
    _text(cells[1].cells[0], "Банк получателя", size=SMALL)
    cells[0].cells[0].merge(cells[1].cells[0])
    _text(cells[0].cells[1], "БИК", size=gost.TABLE_PT)
    _text(cells[0].cells[2], "{{ bank.bik }}", size=gost.TABLE_PT)
    cells[0].cells[2].merge(cells[0].cells[3])
    _text(cells[1].cells[1], "Сч. №", size=gost.TABLE_PT)
    _text(cells[1].cells[2], "{{ bank.correspondent_account }}", size=gost.TABLE_PT)
    cells[1].cells[2].merge(cells[1].cells[3])
    _text(cells[2].cells[0], "ИНН {{ organization.inn }}   КПП {{ organization.kpp }}", size=gost.TABLE_PT)
    _text(cells[3].cells[0], "{{ organization.short_name }}", size=gost.TABLE_PT)
    _text(cells[3].cells[0], "Получатель", size=SMALL, first=False)
    cells[2].cells[1].merge(cells[3].cells[1])
    _text(cells[2].cells[1], "Сч. №", size=gost.TABLE_PT)
    cells[2].cells[2].merge(cells[3].cells[3])
    _text(cells[2].cells[2], "{{ bank.account }}", size=gost.TABLE_PT)

    gost.paragraph(doc, "СЧЕТ НА ОПЛАТУ № {{ document.number }} от {{ document.date_long }}", size=gost.TEXT_PT,
                   bold=True, align=C, space_before=12, space_after=8)
    gost.paragraph(doc, "Поставщик: {{ organization.full_name }}, ИНН/КПП {{ organization.inn }}/{{ organization.kpp }}, "
                   "{{ organization.address }}", size=gost.SMALL_PT, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    gost.paragraph(doc, "Покупатель: {{ buyer.name }}, ИНН/КПП {{ buyer.inn_kpp }}, {{ buyer.address }}",
                   size=gost.SMALL_PT, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_before=3)
    gost.paragraph(doc, "Основание: {{ contract }}. Период поставки: {{ period }}", size=gost.SMALL_PT,
                   space_before=3, space_after=6)

    table = gost.grid_table(doc, [c[0] for c in PAYMENT_COLUMNS], [c[1] for c in PAYMENT_COLUMNS])
    empty = [""] * (len(PAYMENT_COLUMNS) - 1)
    gost.add_row(table, ["{%tr for row in rows %}", *empty])
    gost.add_row(table, [c[3] for c in PAYMENT_COLUMNS], aligns=[c[2] for c in PAYMENT_COLUMNS])
    gost.add_row(table, ["{%tr endfor %}", *empty])

    sums = gost.borderless_table(doc, [12.0, 4.0])
    for label, value in (("Итого без НДС:", "{{ totals.amount }}"), ("НДС:", "{{ totals.vat }}"),
                         ("Всего к оплате:", "{{ totals.total }}")):
        if sums.rows[-1].cells[0].text:
            sums.add_row()
        row = sums.rows[-1]
        _text(row.cells[0], label, size=gost.SMALL_PT, bold=True, align=R)
        _text(row.cells[1], value, size=gost.SMALL_PT, bold=True, align=R)

    gost.paragraph(doc, "Всего наименований {{ totals.count }}, на сумму {{ totals.total }} руб.",
                   size=gost.SMALL_PT, space_before=6)
    gost.paragraph(doc, "{{ totals.total_words }}, в том числе {{ totals.vat_summary }}", size=gost.SMALL_PT,
                   bold=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    gost.paragraph(doc, "Назначение платежа: {{ purpose }}, счет № {{ document.number }} от {{ document.date }}. "
                   "В т.ч. {{ totals.vat_summary }}", size=gost.SMALL_PT, space_before=8,
                   align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    gost.paragraph(doc, "{{ due }}", size=gost.TABLE_PT, space_before=4, align=WD_ALIGN_PARAGRAPH.JUSTIFY)

    gost.paragraph(doc, "", space_before=18)
    signs = gost.borderless_table(doc, [4.5, 3.5, 8.0])
    for role, key in (("Руководитель", "head"), ("Главный бухгалтер", "accountant")):
        if signs.rows[-1].cells[0].text:
            signs.add_row()
        row = signs.rows[-1]
        _text(row.cells[0], role, size=gost.SMALL_PT)
        _text(row.cells[1], "____________", size=gost.SMALL_PT, align=C)
        _text(row.cells[2], f"{{{{ signers.{key}.name }}}}", size=gost.SMALL_PT)
    doc.save(path)


def main() -> None:
    build_upd(HERE / "upd.docx")
    build_payment_invoice(HERE / "payment_invoice.docx")
    print("built:", HERE / "upd.docx", HERE / "payment_invoice.docx")


if __name__ == "__main__":
    main()
