"""The export records as files: CSV (one row per charge line), XLSX (sheets for charges,
volumes, supply mode and quality deviations) and JSON (the records as the API gives them).

CSV: UTF-8 with BOM (Excel opens it as UTF-8), ``;`` between fields, ``.`` as the decimal
point, ISO dates. The header row is Russian by default (``CSV_TITLES``: the file a person
at a settlement centre opens); ``header="codes"`` writes the stable codes of
``CSV_COLUMNS`` instead, for a program that loads the file (their meaning:
docs/billing-outputs.md). The files of a whole period are written record by record
(streamed), never built in memory except the XLSX workbook, which openpyxl writes in its
write-only mode.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from core.exports import csv_row, xlsx_row

CSV_COLUMNS = (
    "period", "period_status", "consumer_code", "consumer_inn", "consumer_kpp", "consumer_name",
    "contract_number", "contract_date", "invoice_id", "position", "line_kind", "object", "resource", "component",
    "method", "date_from", "date_to", "quantity", "unit", "okei", "rate", "amount", "vat_rate", "vat_amount",
    "amount_with_vat", "heating_days", "corrects_period", "corrects_reason", "quality_deviations", "updated_at",
    "basis_text",
)
# the Russian header row of the CSV, one title per code of CSV_COLUMNS
CSV_TITLES = {
    "period": "Период", "period_status": "Статус периода", "consumer_code": "Абонентский №",
    "consumer_inn": "ИНН", "consumer_kpp": "КПП", "consumer_name": "Абонент", "contract_number": "Договор",
    "contract_date": "Дата договора", "invoice_id": "№ начисления", "position": "№ строки",
    "line_kind": "Вид строки", "object": "Объект", "resource": "Ресурс", "component": "Составляющая",
    "method": "Способ", "date_from": "С", "date_to": "По", "quantity": "Количество", "unit": "Ед.",
    "okei": "ОКЕИ", "rate": "Тариф, руб.", "amount": "Сумма без НДС", "vat_rate": "НДС, %",
    "vat_amount": "НДС", "amount_with_vat": "Сумма с НДС", "heating_days": "Дней отопления",
    "corrects_period": "Корректируемый период", "corrects_reason": "Основание перерасчета",
    "quality_deviations": "Отклонений качества", "updated_at": "Изменено", "basis_text": "Основание строки",
}
CSV_HEADERS = ("ru", "codes")
CHARGE_HEADERS = (
    "Период", "Абонентский №", "ИНН", "КПП", "Абонент", "Договор", "№ строки", "Вид строки", "Объект", "Ресурс",
    "Составляющая", "Способ", "С", "По", "Количество", "Ед.", "ОКЕИ", "Тариф, руб.", "Сумма без НДС", "НДС, %",
    "НДС", "Сумма с НДС", "Корректируемый период", "Основание перерасчета", "Основание строки",
)
VOLUME_HEADERS = ("Период", "Абонентский №", "Абонент", "Договор", "Объект", "Ресурс", "Составляющая", "Способ",
                  "Количество", "Ед.", "ОКЕИ", "Дней")
SUPPLY_HEADERS = ("Период", "Абонентский №", "Абонент", "Договор", "Объект", "Адрес", "Статус договора",
                  "Дней отопительного периода", "Отопительный период", "Ограничения")
QUALITY_HEADERS = ("Период", "Абонентский №", "Договор", "Объект", "Показатель", "Отклонение", "С", "По", "Снижение платы",
                   "Часов", "Акт")


def csv_rows(records: Iterable[dict]) -> Iterator[list]:
    for record in records:
        consumer = record["consumer"]
        for contract in record["contracts"]:
            heating = {m["object"]: m["heating_days"] for m in contract["supply_mode"]}
            for line in contract["charges"]:
                corrects = line["corrects"] or {}
                yield [
                    record["period"], record["period_status"], consumer["code"], consumer["inn"], consumer["kpp"],
                    consumer["name"], contract["number"], contract["signed_on"], contract["invoice_id"],
                    line["position"], line["kind"], line["object"] or "", line["resource"], line["component"],
                    line["method"], line["date_from"], line["date_to"], line["quantity"] or "", line["unit"],
                    line["okei"], line["rate"] or "", line["amount"], line["vat_rate"], line["vat_amount"],
                    line["amount_with_vat"], heating.get(line["object"], ""), corrects.get("period", ""),
                    corrects.get("reason", ""), len(contract["quality_deviations"]), contract["updated_at"],
                    line["basis_text"],
                ]


class _Echo:
    def write(self, value):
        return value


def csv_stream(records: Iterable[dict], *, header: str = "ru") -> Iterator[str]:
    """The CSV; ``header``: "ru" — Russian titles (``CSV_TITLES``), "codes" — ``CSV_COLUMNS``."""
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    titles = CSV_COLUMNS if header == "codes" else tuple(CSV_TITLES[code] for code in CSV_COLUMNS)
    yield "\ufeff" + writer.writerow(titles)
    for row in csv_rows(records):
        yield writer.writerow(csv_row(row))


def json_stream(records: Iterable[dict], *, meta: dict) -> Iterator[str]:
    """``{"meta": {...}, "records": [...]}`` written record by record."""
    yield '{"meta": ' + json.dumps(meta, ensure_ascii=False) + ', "records": ['
    for n, record in enumerate(records):
        yield ("," if n else "") + "\n" + json.dumps(record, ensure_ascii=False)
    yield "\n]}\n"


def _number(value: str | None):
    return Decimal(value) if value not in (None, "") else None


def xlsx_bytes(records: Iterable[dict], *, title: str) -> bytes:
    book = Workbook(write_only=True)
    bold = Font(bold=True)

    def sheet(name: str, headers):
        ws = book.create_sheet(name)
        row = []
        for cell in xlsx_row(ws, headers):
            cell.font = bold
            row.append(cell)
        ws.append(row)
        return ws

    info = book.create_sheet("Сведения")
    charges = sheet("Начисления", CHARGE_HEADERS)
    volumes = sheet("Объемы", VOLUME_HEADERS)
    supply = sheet("Режим подачи", SUPPLY_HEADERS)
    quality = sheet("Отклонения качества", QUALITY_HEADERS)
    count = 0
    for record in records:
        count += 1
        consumer = record["consumer"]
        for contract in record["contracts"]:
            for line in contract["charges"]:
                corrects = line["corrects"] or {}
                charges.append(xlsx_row(charges, [
                    record["period"], consumer["code"], consumer["inn"], consumer["kpp"], consumer["name"],
                    contract["number"], line["position"], line["kind"], line["object"], line["resource"],
                    line["component"], line["method"], line["date_from"], line["date_to"], _number(line["quantity"]),
                    line["unit"], line["okei"], _number(line["rate"]), _number(line["amount"]),
                    _number(line["vat_rate"]), _number(line["vat_amount"]), _number(line["amount_with_vat"]),
                    corrects.get("period"), corrects.get("reason"), line["basis_text"],
                ]))
            for volume in contract["volumes"]:
                volumes.append(xlsx_row(volumes, [
                    record["period"], consumer["code"], consumer["name"], contract["number"], volume["object"],
                    volume["resource"], volume["component"], volume["method"], _number(volume["quantity"]),
                    volume["unit"], volume["okei"], volume["days"],
                ]))
            for mode in contract["supply_mode"]:
                supply.append(xlsx_row(supply, [
                    record["period"], consumer["code"], consumer["name"], contract["number"], mode["object"],
                    mode["address"], mode["contract_status"], mode["heating_days"],
                    ", ".join(f"{a}…{b}" for a, b in mode["heating_periods"]),
                    "; ".join(row["text"] for row in mode["restrictions"]),
                ]))
            for row in contract["quality_deviations"]:
                quality.append(xlsx_row(quality, [
                    record["period"], consumer["code"], contract["number"], row["object"], row["indicator"],
                    row["deviation"], row["from"], row["to"], _number(row["reduction"]), _number(row["hours"]),
                    row["act"],
                ]))
    info.append(xlsx_row(info, [title]))
    info.append([f"Записей (абонент × период): {count}"])
    info.append(["Десятичные значения — числа; даты — ГГГГ-ММ-ДД; коды ресурсов, составляющих и способов — как в API"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
