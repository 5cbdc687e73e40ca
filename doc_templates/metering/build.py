"""Build the DOCX templates of the ``metering`` area from code (ГОСТ Р 7.0.97-2016 layout,
A4, via ``doc_templates.build.gost``).

    .venv/bin/python -m doc_templates.metering.build

Then look at each page by page (docs/documents.md, "How to add a template", step 4). Bump the
template's ``version`` in ``doc_templates/metering/manifest.toml`` whenever its file changes.
"""

from __future__ import annotations

from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from doc_templates.build import gost

HERE = Path(__file__).resolve().parent
CENTER, RIGHT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY
T = gost.TABLE_PT


def text(doc, content: str, **kwargs):
    return gost.paragraph(doc, content, align=JUSTIFY, indent=True, **kwargs)


def section_title(doc, content: str):
    return gost.paragraph(doc, content, bold=True, space_before=8, space_after=4, keep_with_next=True)


def loop_table(doc, headers: list[str], widths: list[float], loop: str, cells: list[str], aligns=None):
    """A bordered table with one templated row per item of ``loop`` (``item in items``)."""
    table = gost.grid_table(doc, headers, widths)
    blanks = [""] * (len(headers) - 1)
    gost.add_row(table, [f"{{%tr for {loop} %}}", *blanks])
    gost.add_row(table, cells, aligns=aligns)
    gost.add_row(table, ["{%tr endfor %}", *blanks])
    return table


def act_header(doc, title: str, subtitle: str) -> None:
    """Organisation, approval stamp, document type and heading, date and number, place."""
    gost.paragraph(doc, "{{ organization.full_name }}", size=gost.SMALL_PT, bold=True, align=CENTER)
    gost.paragraph(
        doc, "{{ organization.address }}, ОГРН {{ organization.ogrn }}, ИНН/КПП {{ organization.inn }}/{{ organization.kpp }}",
        size=T, align=CENTER, space_after=8,
    )
    stamp = gost.borderless_table(doc, [9.0, 7.5])
    right = stamp.rows[0].cells[1]
    right.paragraphs[0].add_run("УТВЕРЖДАЮ").font.size = Pt(gost.SMALL_PT)
    for line in ("{{ approver.position }}", "____________ {{ approver.name }}", "«___» ______________ 20___ г."):
        gost.paragraph(right, line, size=gost.SMALL_PT)
    gost.paragraph(doc, title, bold=True, align=CENTER, space_before=12)
    gost.paragraph(doc, subtitle, align=CENTER, space_after=6)
    when = gost.borderless_table(doc, [8.25, 8.25])
    left, place = when.rows[0].cells
    left.paragraphs[0].add_run("{{ document.date }} № {{ document.number }}").font.size = Pt(gost.SMALL_PT)
    place.paragraphs[0].add_run("{{ place }}").font.size = Pt(gost.SMALL_PT)
    place.paragraphs[0].alignment = RIGHT
    gost.paragraph(doc, "", space_after=6)


def commission(doc, action: str) -> None:
    gost.paragraph(doc, "Комиссия в составе:", keep_with_next=True)
    loop_table(
        doc, ["№", "Сторона", "ФИО, должность, организация", "Основание полномочий"], [0.8, 3.7, 8.0, 4.0],
        "m in members", ["{{ loop.index }}", "{{ m.side }}", "{{ m.name }}, {{ m.position }}, {{ m.organization }}",
                         "{{ m.authority }}"],
        aligns=[CENTER, None, None, None],
    )
    text(
        doc,
        f"Настоящий акт составлен о том, что комиссия {{{{ inspected_on }}}} провела {action} "
        "узла учета тепловой энергии № {{ unit.number }} "
        "({{ unit.purpose }}), установленного: {{ unit.location }}, на объекте «{{ heated_object.name }}» по адресу: "
        "{{ heated_object.address }}. Потребитель: {{ consumer.name }}, договор теплоснабжения № {{ contract.number }} "
        "от {{ contract.date }}. Проект узла учета: {{ unit.design }}, согласован {{ unit.design_approved_on }}.",
        space_before=6,
    )


def devices(doc, number: int) -> None:
    section_title(doc, f"{number}. Состав узла учета")
    loop_table(
        doc,
        ["№", "Прибор, модель", "Зав. №", "№ в ФИФ ОЕИ", "Ду", "Диапазон", "Поверка", "Действует до", "Пломбы"],
        [0.6, 3.3, 1.6, 1.7, 0.8, 2.0, 2.0, 2.0, 2.5],
        "d in devices",
        ["{{ loop.index }}", "{{ d.kind }} {{ d.model }}", "{{ d.serial }}", "{{ d.register_number }}", "{{ d.diameter }}",
         "{{ d.range }}", "{{ d.verified_on }}", "{{ d.valid_until }}", "{{ d.seals }}"],
        aligns=[CENTER, None, CENTER, CENTER, CENTER, None, CENTER, CENTER, None],
    )


def readings(doc, number: int) -> None:
    section_title(doc, f"{number}. Показания на момент составления акта")
    text(
        doc,
        "Q = {{ readings.q }} Гкал; M1 = {{ readings.m1 }} т; M2 = {{ readings.m2 }} т; "
        "V1 = {{ readings.v1 }} м³; время работы {{ readings.operating_hours }} ч.",
    )


def checklist(doc, number: int, title: str) -> None:
    section_title(doc, f"{number}. {title}")
    loop_table(
        doc, ["№", "Что проверено", "Требование", "Результат"], [0.8, 6.7, 4.0, 5.0], "c in checklist",
        ["{{ loop.index }}", "{{ c.title }}", "{{ c.rule }}", "{{ c.result }}"], aligns=[CENTER, None, None, None],
    )


def defects_table(doc) -> None:
    loop_table(
        doc, ["№", "Недостаток", "Нарушенное требование", "Срок устранения"], [0.8, 7.7, 5.0, 3.0], "d in defects",
        ["{{ loop.index }}", "{{ d.title }}: {{ d.defect }}", "{{ d.rule }}", "{{ d.deadline }}"],
        aligns=[CENTER, None, None, CENTER],
    )


def signatures(doc, refusal: bool = False) -> None:
    gost.paragraph(doc, "Подписи членов комиссии:", space_before=12, keep_with_next=True)
    table = gost.borderless_table(doc, [8.5, 3.5, 4.5])
    table.rows[0].cells[0].paragraphs[0].add_run("{%tr for m in members %}")
    gost.add_row(table, ["{{ m.side }}: {{ m.position }}", "____________", "{{ m.short_name }}"], size=gost.SMALL_PT,
                 aligns=[None, CENTER, RIGHT])
    gost.add_row(table, ["{%tr endfor %}", "", ""], size=gost.SMALL_PT)
    if refusal:
        gost.paragraph(
            doc, "Отметка об отказе потребителя (его представителя) от подписи и причины отказа: "
            "__________________________________________", size=gost.SMALL_PT, space_before=12,
        )


def build_commissioning_act(path: Path) -> None:
    """Акт ввода в эксплуатацию узла учета (ПП РФ № 1034)."""
    doc = gost.new_document()
    act_header(doc, "АКТ", "ввода в эксплуатацию узла учета тепловой энергии")
    commission(doc, "осмотр")
    devices(doc, 1)
    section_title(doc, "2. Настроечные параметры")
    text(doc, "Температура холодной воды в настройках тепловычислителя {{ settings.cold_water_temperature }} °C; "
              "{{ settings.note }}.")
    readings(doc, 3)
    checklist(doc, 4, "Результаты осмотра")
    section_title(doc, "5. Пломбы, установленные теплоснабжающей организацией")
    loop_table(
        doc, ["№", "Номер пломбы", "Место установки", "Прибор"], [0.8, 3.5, 7.0, 5.2], "s in seals",
        ["{{ loop.index }}", "{{ s.number }}", "{{ s.place }}", "{{ s.device }}"], aligns=[CENTER, CENTER, None, None],
    )
    gost.paragraph(doc, "Заключение", bold=True, space_before=10, keep_with_next=True)
    text(doc, "Узел учета введен в эксплуатацию с {{ commissioned_from }} и допущен к коммерческому учету "
              "до {{ admitted_until }} включительно; с даты настоящего акта количество тепловой энергии и "
              "теплоносителя определяется по узлу учета.")
    text(doc, "Приложение: схема пломбирования; фотоматериалы осмотра.", space_before=6)
    signatures(doc)
    doc.save(path)


def build_defects_act(path: Path) -> None:
    """Акт о выявленных недостатках: the unit is not commissioned (ПП РФ № 1034, refusal)."""
    doc = gost.new_document()
    act_header(doc, "АКТ", "о выявленных недостатках узла учета тепловой энергии")
    commission(doc, "осмотр")
    text(doc, "В ходе осмотра выявлены недостатки, препятствующие вводу узла учета в эксплуатацию:", space_before=6)
    defects_table(doc)
    gost.paragraph(doc, "Заключение", bold=True, space_before=10, keep_with_next=True)
    text(doc, "Узел учета в эксплуатацию не вводится. После устранения недостатков в указанные сроки потребитель "
              "повторно предъявляет узел учета комиссии для ввода в эксплуатацию. До ввода узла учета в "
              "эксплуатацию количество тепловой энергии определяется расчетным путем.")
    text(doc, "Акт составляется и подписывается всеми членами комиссии в течение 3 рабочих дней с даты осмотра.")
    signatures(doc, refusal=True)
    doc.save(path)


def build_periodic_check_act(path: Path) -> None:
    """Акт периодической проверки узла учета (ПП РФ № 1034)."""
    doc = gost.new_document()
    act_header(doc, "АКТ", "периодической проверки узла учета тепловой энергии")
    commission(doc, "периодическую проверку")
    devices(doc, 1)
    checklist(doc, 2, "Результаты проверки")
    section_title(doc, "3. Пломбы")
    loop_table(
        doc, ["№", "Номер пломбы", "Место установки", "Состояние"], [0.8, 3.5, 7.2, 5.0], "s in seals",
        ["{{ loop.index }}", "{{ s.number }}", "{{ s.place }}", "{{ s.state }}"], aligns=[CENTER, CENTER, None, None],
    )
    readings(doc, 4)
    gost.paragraph(doc, "Заключение", bold=True, space_before=10, keep_with_next=True)
    gost.tag(doc, "{%p if passed %}")
    text(doc, "Узел учета допущен к коммерческому учету с {{ admitted_from }} по {{ admitted_until }} включительно.")
    gost.tag(doc, "{%p else %}")
    text(doc, "Узел учета к коммерческому учету не допущен. Выявленные недостатки:")
    defects_table(doc)
    text(doc, "С {{ admitted_from }} узел учета считается неисправным: количество тепловой энергии определяется "
              "расчетным путем до устранения недостатков и повторной проверки.", space_before=6)
    gost.tag(doc, "{%p endif %}")
    signatures(doc, refusal=True)
    doc.save(path)


def build_verification_notice(path: Path) -> None:
    """Уведомление о необходимости поверки приборов учета (102-ФЗ ст. 13; ПП РФ № 1034)."""
    doc = gost.new_document()
    gost.letterhead(doc)
    gost.paragraph(doc, "УВЕДОМЛЕНИЕ", bold=True, align=CENTER, space_before=18)
    gost.paragraph(doc, "о необходимости поверки приборов учета тепловой энергии", align=CENTER, space_after=12,
                   keep_with_next=True)
    text(doc, "В соответствии с договором теплоснабжения № {{ contract.number }} от {{ contract.date }} уведомляем, "
              "что у приборов учета, перечисленных ниже, истекает срок действия поверки:")
    gost.paragraph(doc, "", size=T)
    loop_table(
        doc, ["№", "Узел учета", "Прибор", "Зав. №", "Поверка действительна до"], [0.8, 5.7, 4.5, 2.5, 3.0],
        "line in lines",
        ["{{ loop.index }}", "{{ line.unit }}", "{{ line.device }}", "{{ line.serial }}", "{{ line.valid_until }}"],
        aligns=[CENTER, None, None, CENTER, CENTER],
    )
    gost.paragraph(doc, "")
    text(doc, "Требуем до {{ deadline }} представить приборы в поверку (сведения о результатах поверки вносятся во "
              "ФГИС «Аршин») и предъявить узел учета теплоснабжающей организации для повторного допуска к "
              "коммерческому учету.")
    text(doc, "Со дня, следующего за днем окончания срока поверки, узел учета считается неисправным, и количество "
              "тепловой энергии определяется расчетным путем по Методике осуществления коммерческого учета "
              "тепловой энергии, теплоносителя (приказ Минстроя России № 99/пр).")
    gost.signature(doc)
    gost.executor(doc)
    gost.paragraph(doc, "Отметка о вручении: «___» ______________ 20___ г., ____________ / ______________________",
                   size=T, space_before=18)
    gost.paragraph(doc, "(подпись и ФИО получателя либо номер почтового отправления / сообщения ЭДО)", size=8)
    doc.save(path)


TEMPLATES = {
    "commissioning_act.docx": build_commissioning_act,
    "defects_act.docx": build_defects_act,
    "periodic_check_act.docx": build_periodic_check_act,
    "verification_notice.docx": build_verification_notice,
}


def main() -> None:
    for name, build in TEMPLATES.items():
        build(HERE / name)
        print("built:", HERE / name)


if __name__ == "__main__":
    main()
