"""«Расчет объема и стоимости» issued from a calculation (inspections.calculation_documents):
the table month by month, the worked example's figures, the three-year cut stated, and the
refusal of a user without the permission."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from docx import Document

from core.errors import ApplicationError
from documents import storage
from documents.formatting import NBSP
from documents.registry import manifest
from inspections.calculation import Load, calculate
from inspections.calculation_documents import calculation_issue, party_from_consumer
from tests.subscribers.factories import ConsumerFactory

from .test_calculation import example, hot_water_tariff  # noqa: F401 — the hot-water tariff fixture


def document_text(document) -> str:
    """Every paragraph and table cell of the archived DOCX, one a line."""
    docx = Document(io.BytesIO(storage.read(document.storage_name)))
    lines = [p.text for p in docx.paragraphs]
    lines += [" | ".join(c.text for c in row.cells) for t in docx.tables for row in t.rows]
    return "\n".join(lines).replace(NBSP, " ")


def issue(result, actor, consumer=None):
    consumer = consumer or ConsumerFactory()
    return calculation_issue(result=result, party=party_from_consumer(consumer), object_address="ул. Садовая, д. 14",
                             act_number="АБП-2026-0012", act_date=date(2026, 1, 31), subject=consumer, actor=actor)


def test_the_issued_calculation_shows_the_worked_example_month_by_month(town, tariff, organization, issuer):
    # given
    town.temperatures(date(2025, 11, 1), date(2026, 1, 31))
    # when
    document = issue(calculate(example()), issuer)
    # then
    assert document.template_code == "inspections.violation_calculation"
    assert document.number.startswith("РОС-")
    text = document_text(document)
    assert "ноябрь 2025 г. | 30 | отопление | 0,1500 | 20,0 | −10,0 | −25,0 | 72,000 | — | 2 500,00 | 1,5 | 270 000,00" in text
    assert "январь 2026 г. | 31 | отопление" in text
    assert "Итого" in text and "220,800" in text
    assert "Стоимость по тарифу — 552 000,00 руб., с коэффициентом 1,5 — 828 000,00 руб.; НДС 22 % — 182 160,00 руб." in text
    assert "Всего к оплате: 1 010 160,00 руб. (Один миллион десять тысяч сто шестьдесят рублей 00 копеек)" in text
    assert "Акт о выявлении бездоговорного потребления тепловой энергии № АБП-2026-0012 от 31.01.2026" in text
    assert "123-ТЭ" in text  # the tariff's decision
    assert "В.И. Громов" in text and "Исполнитель: Смирнова Ольга, тел." in text
    # and without hot water no heat carrier: a dash in the «Итого» row, nothing in the sentence
    assert "Итого | | | | | | | 220,800 | — |" in text.replace("|  |", "| |").replace("|  |", "| |")
    assert "теплоносителя (горячей воды)" not in text


def test_a_four_year_period_is_cut_to_three_years_in_the_issued_calculation(town, tariff, organization, issuer):
    # given four years of consumption found on 30.11.2025
    town.temperatures(date(2021, 12, 1), date(2025, 11, 30))
    # when
    document = issue(calculate(example(period_start=date(2021, 12, 1), period_end=date(2025, 11, 30))), issuer)
    # then the document says so and its table starts in December 2022
    text = document_text(document)
    assert "Период: с 01.12.2021" in text and "1461 дн." in text
    assert "Период ограничен 3 годами, предшествующими дню выявления" in text
    assert "расчет с 01.12.2022, исключено 365 дн." in text
    months = [line.split(" | ")[0] for line in text.splitlines() if " | " in line and "г." in line.split(" | ")[0]]
    assert months[0] == "декабрь 2022 г." and months[-1] == "ноябрь 2025 г."
    assert "2021 г." not in text and "ноябрь 2022 г." not in text


def test_unmetered_consumption_shows_no_raising_coefficient(town, tariff, organization, issuer):
    town.temperatures(date(2025, 11, 1), date(2026, 1, 31))
    text = document_text(issue(calculate(example(kind="unmetered")), issuer))
    assert "безучетного потребления" in text
    assert "Стоимость по тарифу — 552 000,00 руб.; НДС 22 %" in text
    assert "с коэффициентом" not in text
    assert "постановление Правительства РФ от 18.11.2013 № 1034" in text


def test_hot_water_shows_its_heat_and_its_heat_carrier_in_two_rows_at_their_tariffs(
        town, hot_water_tariff, organization, issuer):  # noqa: F811
    # given hot water alone, 0.0120 Гкал/ч over November 2025, found and calculated on 30.11.2025
    hot_water = Load(use="hot_water", load_gcal_h=Decimal("0.0120"), basis_kind="equipment", basis="4 душевые сетки")
    # when
    text = document_text(issue(calculate(example(period_end=date(2025, 11, 30), loads=(hot_water,))), issuer))
    # then the heat at ₽/Гкал and the water drawn (8.640 / 0.06 = 144 м³) at ₽/м³, each ×1.5
    assert ("ноябрь 2025 г. | 30 | горячее водоснабжение: тепловая энергия | 0,0120 | — | — | — | 8,640 | — | "
            "2 500,00 | 1,5 | 32 400,00") in text
    assert ("ноябрь 2025 г. | 30 | горячее водоснабжение: теплоноситель | 0,0120 | — | — | — | — | 144,000 | "
            "40,00 | 1,5 | 8 640,00") in text
    assert "Объем потребленной тепловой энергии — 8,640 Гкал, теплоносителя (горячей воды) — 144,000 м³." in text
    assert "горячая вода: компонент на теплоноситель 40,00 руб./м³, компонент на тепловую энергию 2 500,00 руб./Гкал" in text
    assert "тепловая энергия: 2 500,00" not in text  # no heating charged, no heat-energy tariff cited


def test_a_user_without_the_permission_is_refused(town, tariff, organization, make_user):
    town.temperatures(date(2025, 11, 1), date(2026, 1, 31))
    with pytest.raises(ApplicationError) as refused:
        issue(calculate(example()), make_user("Техник"))
    assert refused.value.code == "permission_denied"


def amount(text: str) -> Decimal:
    return Decimal(text.replace("руб.", "").replace(NBSP, "").replace(" ", "").replace(",", "."))


def test_the_two_templates_are_registered_from_their_area_manifest_and_the_sample_adds_up():
    specs = manifest()
    assert specs["inspections.violation_calculation"].file.parent.name == "inspections"
    assert specs["inspections.payment_demand"].builder == "inspections.demand:demand_context"
    sample = specs["inspections.violation_calculation"].sample
    for key in ("amount", "vat", "total"):
        assert sum(amount(row[key]) for row in sample["rows"]) == amount(sample["totals"][key])
    def figure(text: str) -> Decimal:
        return Decimal(0) if text == "—" else Decimal(text.replace(",", "."))

    for row_key, total_key in (("volume", "volume"), ("carrier", "carrier")):
        assert sum(figure(row[row_key]) for row in sample["rows"]) == figure(sample["totals"][total_key])
    demand = specs["inspections.payment_demand"].sample
    assert demand["amounts"]["total"] == sample["totals"]["total"]
