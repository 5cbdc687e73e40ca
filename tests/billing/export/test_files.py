"""Export files of a period: CSV, XLSX and JSON carry the same lines; downloads are audited."""

import csv
import io
import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from accounts.roles import BILLING, LEGAL
from audit.models import AuditEvent
from billing.export.files import CSV_COLUMNS, CSV_TITLES
from billing.export.services import export_period_file
from core.errors import ApplicationError

pytestmark = pytest.mark.django_db


@pytest.fixture
def billing_user(make_user):
    return make_user(BILLING)


def content(exported) -> bytes:
    return exported.content if exported.content is not None else "".join(exported.stream).encode("utf-8")


def test_csv_has_one_row_per_charge_line_with_exact_decimals(billed_january, billing_user):
    # when
    exported = export_period_file(period=billed_january.period, fmt="csv", actor=billing_user, header="codes")
    # then
    data = content(exported)
    assert data.startswith("\ufeff".encode()) and exported.filename == "billing-export-2026-01.csv"
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == billed_january.lines.count()
    heating = next(r for r in rows if r["resource"] == "heat_energy")
    assert (heating["method"], heating["quantity"], heating["okei"], heating["amount_with_vat"]) == (
        "calculation", "231.287", "233", "733642.36")
    assert heating["heating_days"] == "31" and heating["quality_deviations"] == "0"
    assert "231,287 Гкал" in heating["basis_text"]
    assert sum(Decimal(r["amount_with_vat"]) for r in rows) == billed_january.amount_with_vat
    event = AuditEvent.objects.get(action="billing.export.downloaded")
    assert event.data == {"period": "2026-01", "format": "csv", "consumer": None}


def test_xlsx_has_charges_volumes_supply_mode_and_a_quality_sheet_empty_without_deviations(billed_january, billing_user):
    book = load_workbook(io.BytesIO(content(export_period_file(period=billed_january.period, fmt="xlsx",
                                                                actor=billing_user))))
    assert book.sheetnames == ["Сведения", "Начисления", "Объемы", "Режим подачи", "Отклонения качества"]
    charges = list(book["Начисления"].iter_rows(values_only=True))
    assert len(charges) == 1 + billed_january.lines.count()
    assert sum(Decimal(str(row[21])) for row in charges[1:]) == billed_january.amount_with_vat
    volumes = list(book["Объемы"].iter_rows(values_only=True))
    assert ("heat_energy", "energy", "calculation") in {row[5:8] for row in volumes[1:]}
    assert list(book["Режим подачи"].iter_rows(values_only=True))[1][7] == 31
    quality = list(book["Отклонения качества"].iter_rows(values_only=True))
    assert len(quality) == 1  # the header: no breach of quality this month (tests/supply/test_export_rows.py: filled)


def test_json_is_the_api_records_with_meta(billed_january, billing_user):
    data = json.loads(content(export_period_file(period=billed_january.period, fmt="json", actor=billing_user,
                                                 consumer=billed_january.consumer.code)))
    assert data["meta"]["period"] == "2026-01" and data["meta"]["consumer"] == billed_january.consumer.code
    [record] = data["records"]
    assert record["totals"]["amount_with_vat"] == str(billed_january.amount_with_vat)


def test_only_billing_specialists_export_and_an_empty_export_is_refused(billed_january, make_user, billing_user,
                                                                        period_dec):
    with pytest.raises(ApplicationError, match="расчетчикам"):
        export_period_file(period=billed_january.period, fmt="csv", actor=make_user(LEGAL))
    with pytest.raises(ApplicationError) as empty:
        export_period_file(period=period_dec, fmt="csv", actor=billing_user)
    with pytest.raises(ApplicationError) as unknown:
        export_period_file(period=billed_january.period, fmt="pdf", actor=billing_user)
    assert (empty.value.code, empty.value.field) == ("no_charges", "period")
    assert (unknown.value.code, unknown.value.field) == ("invalid_choice", "format")
    assert not AuditEvent.objects.filter(action="billing.export.downloaded").exists()


FORMULA_NAME = '=HYPERLINK("http://example.invalid","Нажмите")'


def test_a_formula_like_consumer_name_is_text_in_csv_and_xlsx(billed_january, billing_user):
    # given a consumer renamed to a formula after billing
    type(billed_january.consumer).objects.filter(pk=billed_january.consumer_id).update(name=FORMULA_NAME)
    # when
    csv_data = content(export_period_file(period=billed_january.period, fmt="csv", actor=billing_user, header="codes"))
    book = load_workbook(io.BytesIO(content(export_period_file(period=billed_january.period, fmt="xlsx",
                                                                actor=billing_user))))
    # then the CSV field starts with a quote, the amounts stay plain numbers
    rows = list(csv.DictReader(io.StringIO(csv_data.decode("utf-8-sig")), delimiter=";"))
    assert {r["consumer_name"] for r in rows} == {"'" + FORMULA_NAME}
    assert all(not r["amount"].startswith("'") for r in rows)
    # and every XLSX cell holding the name is a string, not a formula
    names = [row[4] for row in book["Начисления"].iter_rows(min_row=2)]
    names += [row[2] for sheet in ("Объемы", "Режим подачи") for row in book[sheet].iter_rows(min_row=2)]
    assert {(c.value, c.data_type) for c in names} == {(FORMULA_NAME, "s")}
    formulas = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []


def test_a_closed_period_exports_the_name_the_consumer_had_when_it_was_closed(billed_january, billing_user):
    # given January closed under the consumer's name, then the consumer renamed through a service-like save
    from billing.services.periods import period_close

    consumer = billed_january.consumer
    billed_name = consumer.name
    period_close(period=billed_january.period, actor=billing_user)
    consumer.name = FORMULA_NAME
    consumer.save()
    # when
    csv_data = content(export_period_file(period=billed_january.period, fmt="csv", actor=billing_user, header="codes"))
    book = load_workbook(io.BytesIO(content(export_period_file(period=billed_january.period, fmt="xlsx",
                                                                actor=billing_user))))
    # then both files show the name as billed
    rows = list(csv.DictReader(io.StringIO(csv_data.decode("utf-8-sig")), delimiter=";"))
    assert {r["consumer_name"] for r in rows} == {billed_name}
    assert {row[4] for row in book["Начисления"].iter_rows(min_row=2, values_only=True)} == {billed_name}


def test_an_open_period_exports_the_current_name(billed_january, billing_user):
    # given the consumer renamed while January is still open
    consumer = billed_january.consumer
    consumer.name = 'ООО "Новое имя"'
    consumer.save()
    # when
    csv_data = content(export_period_file(period=billed_january.period, fmt="csv", actor=billing_user, header="codes"))
    # then
    rows = list(csv.DictReader(io.StringIO(csv_data.decode("utf-8-sig")), delimiter=";"))
    assert {r["consumer_name"] for r in rows} == {'ООО "Новое имя"'}


def test_csv_header_is_russian_by_default(billed_january, billing_user):
    exported = export_period_file(period=billed_january.period, fmt="csv", actor=billing_user)
    header = next(csv.reader(io.StringIO(content(exported).decode("utf-8-sig")), delimiter=";"))
    assert header == [CSV_TITLES[code] for code in CSV_COLUMNS]
    assert header[:6] == ["Период", "Статус периода", "Абонентский №", "ИНН", "КПП", "Абонент"]
    assert not any(title.isascii() for title in header)
