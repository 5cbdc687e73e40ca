"""Context builders of the УПД and the счет на оплату (НК РФ ст. 169): the variables the
manifest declares, the table rows per НК ст. 169 п. 5 (ОКЕИ, VAT rate and amount), totals
that equal the invoice's, amounts in words."""

import io
from datetime import date
from decimal import Decimal

import pytest
from docx import Document

from billing.invoices.documents import payment_invoice_context, table_rows, upd_context
from billing.invoices.services import invoice_lines, signers_of
from billing.models import BillingPeriod, ChargeLine, Component, Method, Recalculation, Resource
from documents.formatting import money_words
from documents.registry import get_spec
from documents.rendering import render, template_variables

from .conftest import number

pytestmark = pytest.mark.django_db


@pytest.fixture
def upd(billed_january, organization):
    signers = signers_of(organization)
    return upd_context(invoice=billed_january, lines=invoice_lines(billed_january), organization=organization,
                       head=signers.head, accountant=signers.accountant)


@pytest.fixture
def payment(billed_january, organization):
    signers = signers_of(organization)
    return payment_invoice_context(invoice=billed_january, lines=invoice_lines(billed_january),
                                   organization=organization, head=signers.head, accountant=signers.accountant)


@pytest.mark.parametrize(("code", "fixture"), [("billing.upd", "upd"), ("billing.payment_invoice", "payment")])
def test_the_builder_gives_exactly_the_declared_variables_and_the_template_uses_no_other(code, fixture, request):
    # given
    context = request.getfixturevalue(fixture)
    spec = get_spec(code)
    # then
    assert set(context) == set(spec.variables)
    assert template_variables(spec.file.read_bytes(), label=code) - {"document"} <= spec.variables


def test_upd_rows_carry_okei_units_rates_and_vat_and_add_up_to_the_invoice(upd, billed_january):
    # then one row per priced quantity and method: heating by calculation (Методика 99/пр),
    # the hot water's heat and its water
    rows = {row["name"]: row for row in upd["rows"]}
    heating = rows["Тепловая энергия (расчетным способом)"]
    assert (heating["okei"], heating["unit"], number(heating["quantity"])) == ("233", "Гкал", Decimal("231.287"))
    assert (number(heating["price"]), number(heating["amount"])) == (Decimal("2600.00"), Decimal("601346.20"))
    assert (heating["vat_rate"], number(heating["vat"])) == ("22\xa0%", Decimal("132296.16"))
    assert number(heating["total"]) == Decimal("733642.36")
    water = rows["Горячая вода: компонент на теплоноситель (расчетным способом)"]
    assert (water["okei"], water["unit"], number(water["quantity"])) == ("113", "м³", Decimal("992.000"))
    hot_heat = rows["Горячая вода: компонент на тепловую энергию (расчетным способом)"]
    assert number(hot_heat["quantity"]) == Decimal("59.520")
    # and the totals are the invoice's, in figures and in words
    totals = upd["totals"]
    assert number(totals["amount"]) == billed_january.amount
    assert number(totals["vat"]) == billed_january.vat_amount
    assert number(totals["total"]) == billed_january.amount_with_vat
    assert totals["total_words"] == money_words(billed_january.amount_with_vat)
    assert [row["n"] for row in upd["rows"]] == list(range(1, len(upd["rows"]) + 1))


def test_upd_names_the_parties_the_contract_and_the_shipment_date(upd, billed_january, organization):
    consumer = billed_january.consumer
    assert upd["seller"] == {"name": organization.full_name, "address": organization.legal_address,
                             "inn_kpp": f"{organization.inn}/{organization.kpp}"}
    assert upd["buyer"]["inn_kpp"] == f"{consumer.inn}/{consumer.kpp}"
    assert upd["contract"].startswith(f"Договор теплоснабжения № {billed_january.contract.number} от ")
    assert upd["period"]["shipment"] == "«31» января 2026\xa0г."
    assert upd["signers"] == {
        "head": {"position": "Генеральный директор", "name": "В.И.\xa0Громов", "authority": "действующий на основании Устава"},
        "accountant": {"position": "Главный бухгалтер", "name": "Е.П.\xa0Соколова", "authority": ""},
    }
    assert upd["correction"] == {}


def test_payment_invoice_has_bank_details_and_a_purpose_naming_contract_and_period(payment, billed_january,
                                                                                     organization):
    assert payment["bank"] == {"name": organization.bank_name, "bik": organization.bik,
                               "account": organization.settlement_account,
                               "correspondent_account": organization.correspondent_account}
    assert f"№ {billed_january.contract.number}" in payment["purpose"] and "январь 2026" in payment["purpose"]
    assert payment["totals"]["vat_summary"] == f"НДС 22\xa0% — {payment['totals']['vat']}\xa0руб."
    assert number(payment["totals"]["total"]) == billed_january.amount_with_vat


def test_a_recalculation_row_names_the_period_and_reason_it_corrects(billed_january):
    # given a recalculation line of the invoice (a quality reduction of December 2025, at 20 % VAT)
    december = BillingPeriod.objects.create(month=date(2025, 12, 1))
    recalculation = Recalculation.objects.create(
        contract=billed_january.contract, resource=Resource.HEAT_ENERGY, component=Component.ENERGY,
        corrected_period=december, period=billed_january.period, source="quality",
        reason="снижение платы: перерыв 40 ч", amount=Decimal("-1250.00"),
    )
    lines = invoice_lines(billed_january) + [ChargeLine(
        invoice=billed_january, position=9, kind=ChargeLine.Kind.RECALCULATION, resource=Resource.HEAT_ENERGY,
        component=Component.ENERGY, method=Method.ADJUSTMENT, date_from=date(2025, 12, 1), date_to=date(2025, 12, 31),
        amount=Decimal("-1250.00"), vat_rate=Decimal("20"), vat_amount=Decimal("-250.00"),
        amount_with_vat=Decimal("-1500.00"), recalculation=recalculation,
    )]
    # when
    rows = table_rows(lines)
    # then the correction is a row of its own at its own VAT rate, without quantity or price
    row = rows[-1]
    assert row.name == "Перерасчет за декабрь 2025\xa0г. (тепловая энергия): снижение платы: перерыв 40 ч"
    assert (row.quantity, row.vat_rate, row.total) == (None, Decimal("20"), Decimal("-1500.00"))


def test_the_upd_template_renders_the_table_and_the_correction_line(upd, billed_january):
    # given a corrected УПД
    context = {**upd, "correction": {"number": 1, "original_number": "УПД-2026/000007", "original_date": "03.02.2026"}}
    document = {"number": "УПД-2026/000012", "date": "05.02.2026", "date_long": "", "date_quoted": ""}
    # when
    docx = render(get_spec("billing.upd").file.read_bytes(), {**context, "document": document}, label="upd")
    # then line 1 keeps the original number and date, line 1а carries the correction
    doc = Document(io.BytesIO(docx))
    text = "\n".join(cell.text for table in doc.tables for row in table.rows for cell in row.cells)
    assert "Счет-фактура № УПД-2026/000007 от 03.02.2026" in text
    assert "Исправление № 1 от 05.02.2026" in text
    assert "231,287" in text and "Всего к оплате (9)" in text
