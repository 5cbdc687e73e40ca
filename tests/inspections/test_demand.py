"""«Требование об оплате» (inspections.demand): the act, the calculation attached and the
invoice named, the sum in figures and words, the statutory 15 days for contract-less
consumption and the setting's term otherwise, our bank details, the warnings; refusals."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from core.errors import ApplicationError
from inspections.calculation import Load, calculate
from inspections.calculation_documents import Party, calculation_issue
from inspections.demand import demand_issue
from tests.subscribers.factories import ConsumerFactory

from .test_calculation import example, hot_water_tariff  # noqa: F401 — the hot-water tariff fixture
from .test_calculation_documents import document_text

MOSCOW = ZoneInfo("Europe/Moscow")
DEMAND_DAY = datetime(2026, 2, 4, 12, 0, tzinfo=MOSCOW)
# someone without a contract, as the act names them
PARTY = Party(name="Садовый Петр Андреевич", details="паспорт 1904 123456", address="ул. Садовая, д. 14, г. Энск")


def issue_both(result, actor, **demand):
    subject = ConsumerFactory()
    common = {"result": result, "party": PARTY, "object_address": "ул. Садовая, д. 14, г. Энск",
              "act_number": "АБП-2026-0012", "act_date": date(2026, 1, 31), "subject": subject, "actor": actor}
    calculation = calculation_issue(**common)
    arguments = {"calculation": calculation, "invoice_number": "СЧ-2026/000117", "invoice_date": date(2026, 2, 3),
                 **demand}
    return calculation, demand_issue(**common, **arguments)


@pytest.fixture
def example_weather(town, tariff):
    town.temperatures(date(2025, 11, 1), date(2026, 1, 31))


def test_the_demand_of_contract_less_consumption(example_weather, organization, issuer):
    # when
    with time_machine.travel(DEMAND_DAY, tick=False):
        calculation, demand = issue_both(calculate(example()), issuer)
    # then
    assert demand.template_code == "inspections.payment_demand" and demand.number.startswith("ТРО-")
    text = document_text(demand)
    assert "Садовый Петр Андреевич" in text
    assert "о чем составлен акт о выявлении бездоговорного потребления тепловой энергии № АБП-2026-0012 от 31.01.2026" in text
    assert "составляет 220,800 Гкал; стоимость в 1,5-кратном размере" in text
    assert "828 000,00 руб. без НДС, НДС 22 % — 182 160,00 руб." in text
    assert f"прилагается расчет объема и стоимости № {calculation.number} от 04.02.2026" in text
    # the statutory 15 days from the demand's date
    assert "в течение 15 дней, не позднее 19.02.2026, оплатить 1 010 160,00 руб." in text
    assert "(Один миллион десять тысяч сто шестьдесят рублей 00 копеек)" in text
    assert "по счету: счет на оплату № СЧ-2026/000117 от 03.02.2026" in text
    # our bank details, the warnings, the annexes
    assert f"р/с {organization.settlement_account} в {organization.bank_name}, БИК {organization.bik}" in text
    assert "в судебном порядке" in text and "с заявлением в органы внутренних дел" in text
    assert f"1. Расчет объема и стоимости № {calculation.number} от 04.02.2026 на 1 л. в 1 экз." in text
    assert "2. Счет на оплату № СЧ-2026/000117 от 03.02.2026 на 1 л. в 1 экз." in text
    # without hot water no heat carrier is named; the executor as the letters print it
    assert "теплоносителя" not in text
    assert f"Исп. {issuer.last_name} {issuer.first_name}" in text and "Тел. " in text


def test_the_demand_names_the_heat_carrier_of_hot_water(town, hot_water_tariff, organization, issuer):  # noqa: F811
    # given hot water alone over November 2025 (8.640 Гкал, 144.000 м³)
    hot_water = Load(use="hot_water", load_gcal_h=Decimal("0.0120"), basis_kind="equipment", basis="4 душевые сетки")
    with time_machine.travel(DEMAND_DAY, tick=False):
        _, demand = issue_both(calculate(example(period_end=date(2025, 11, 30), loads=(hot_water,))), issuer)
    # then the volume names the heat and the water drawn, and the sum is both at their tariffs
    text = document_text(demand)
    assert "составляет 8,640 Гкал, теплоносителя (горячей воды) — 144,000 м³; стоимость в 1,5-кратном размере" in text
    assert "41 040,00 руб. без НДС" in text


def test_the_setting_of_the_term_is_declared_with_its_default_of_ten_days():
    from django.conf import settings

    assert settings.INSPECTIONS_DEMAND_PAYMENT_DAYS == 10


def test_unmetered_consumption_is_demanded_in_the_settings_term_without_the_coefficient(
        example_weather, organization, issuer, settings):
    settings.INSPECTIONS_DEMAND_PAYMENT_DAYS = 10
    with time_machine.travel(DEMAND_DAY, tick=False):
        _, demand = issue_both(calculate(example(kind="unmetered")), issuer, calculation_sheets=2)
    text = document_text(demand)
    assert "безучетного потребления" in text
    assert "-кратном" not in text and "552 000,00 руб. без НДС" in text
    assert "в течение 10 дней, не позднее 14.02.2026" in text
    assert "на 2 л. в 1 экз." in text


def test_the_demand_needs_the_issued_calculation_and_an_invoice(example_weather, organization, issuer):
    result = calculate(example())
    common = {"result": result, "party": PARTY, "object_address": "ул. Садовая, д. 14", "act_number": "1",
              "act_date": date(2026, 1, 31), "subject": ConsumerFactory(), "actor": issuer,
              "invoice_date": date(2026, 2, 3)}
    with pytest.raises(ApplicationError) as refused:
        demand_issue(**common, calculation=None, invoice_number="СЧ-1")
    assert refused.value.field == "calculation"
    calculation = calculation_issue(**{k: v for k, v in common.items() if k != "invoice_date"})
    with pytest.raises(ApplicationError) as refused:
        demand_issue(**common, calculation=calculation, invoice_number=" ")
    assert refused.value.field == "invoice_number"


def test_a_user_without_the_permission_is_refused(example_weather, organization, issuer, make_user):
    result = calculate(example())
    common = {"result": result, "party": PARTY, "object_address": "ул. Садовая, д. 14", "act_number": "1",
              "act_date": date(2026, 1, 31), "subject": ConsumerFactory()}
    calculation = calculation_issue(**common, actor=issuer)
    with pytest.raises(ApplicationError) as refused:
        demand_issue(**common, actor=make_user("Юрист"), calculation=calculation, invoice_number="СЧ-1",
                     invoice_date=date(2026, 2, 3))
    assert refused.value.code == "permission_denied"
