"""Context builders of the billing templates: УПД (status 1) and счет на оплату.

Both take the invoice of a contract for a period with its charge lines and return plain
dicts of formatted values (НК РФ ст. 169 п. 5–6, ПП № 1137). The table rows group the charge lines
of the invoice by what they price: resource, component, method, rate and VAT rate
(charges), or by recalculation (each names the period and reason it corrects). Sums of a
row are sums of the lines' rounded amounts, so the document's totals equal the invoice's.

Units (ОКЕИ): 233 Гкал, 113 м³, 238 Гкал/ч. Quantities: Гкал and м³ to 0.001, Гкал/ч as
stored (up to 6 decimals). Money to the kopeck.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from billing.models import (
    MONTHS_NOMINATIVE,
    ChargeLine,
    Component,
    Invoice,
    Method,
    Resource,
)
from documents import formatting
from documents.documents import signer_block

DASH = "—"
ZERO = Decimal("0")
OKEI = {
    Component.ENERGY: ("233", "Гкал"),
    Component.WATER: ("113", "м³"),
    Component.CAPACITY: ("238", "Гкал/ч"),
}
ITEM_NAMES = {
    (Resource.HEAT_ENERGY, Component.ENERGY): "Тепловая энергия",
    (Resource.HEAT_ENERGY, Component.CAPACITY): "Тепловая мощность (ставка за содержание мощности)",
    (Resource.HEAT_CARRIER, Component.WATER): "Теплоноситель",
    (Resource.HOT_WATER, Component.ENERGY): "Горячая вода: компонент на тепловую энергию",
    (Resource.HOT_WATER, Component.WATER): "Горячая вода: компонент на теплоноситель",
}
METHOD_NOTES = {
    Method.METER: "по приборам учета",
    Method.CALCULATION: "расчетным способом",
    Method.CONTRACT_LOAD: "по договорной нагрузке",
    Method.ADJUSTMENT: "корректировка",
}


def period_label(month) -> str:
    """``январь 2026 г.``"""
    return f"{MONTHS_NOMINATIVE[month.month]} {month.year}{formatting.NBSP}г."


def quantity_text(value: Decimal | None, component: str) -> str:
    if value is None:
        return DASH
    if component == Component.CAPACITY:
        return formatting.plain_number(value)
    return formatting.gcal(value)  # three decimals, half-up: Гкал and м³ alike


def contract_text(contract) -> str:
    return f"Договор теплоснабжения № {contract.number} от {formatting.date_short(contract.signed_on)}"


def party(name: str, address: str, inn: str, kpp: str) -> dict:
    return {"name": name, "address": address or DASH, "inn_kpp": "/".join(p for p in (inn, kpp) if p) or DASH}


def seller_block(organization) -> dict:
    return party(organization.full_name, organization.legal_address, organization.inn, organization.kpp)


def buyer_block(consumer) -> dict:
    return party(consumer.name, consumer.legal_address or consumer.postal_address, consumer.inn, consumer.kpp)


def person(signatory) -> dict:
    """``{position, name}`` of a signatory; blanks to be filled by hand when there is none."""
    if signatory is None:
        return {"position": "", "name": "________________", "authority": ""}
    return signer_block(signatory)


@dataclass
class Row:
    """Lines of an invoice summed into one row of a document's table."""

    name: str
    component: str
    rate: Decimal | None
    vat_rate: Decimal
    quantity: Decimal | None = None
    amount: Decimal = ZERO
    vat: Decimal = ZERO
    total: Decimal = ZERO
    lines: list[int] = field(default_factory=list)

    def add(self, line: ChargeLine) -> None:
        if line.quantity is not None:
            self.quantity = (self.quantity or ZERO) + line.quantity
        self.amount += line.amount
        self.vat += line.vat_amount
        self.total += line.amount_with_vat
        self.lines.append(line.pk)


def _row_key_and_name(line: ChargeLine) -> tuple[tuple, str]:
    if line.kind == ChargeLine.Kind.RECALCULATION and line.recalculation_id:
        recalculation = line.recalculation
        name = (
            f"Перерасчет за {period_label(recalculation.corrected_period.month)} "
            f"({ITEM_NAMES.get((line.resource, line.component), line.get_resource_display()).lower()}): "
            f"{recalculation.reason}"
        )
        return ("recalculation", line.recalculation_id, line.component, line.rate, line.vat_rate), name
    item = ITEM_NAMES.get((line.resource, line.component), line.get_resource_display())
    note = METHOD_NOTES.get(line.method)
    name = f"{item} ({note})" if note else item
    return ("charge", line.resource, line.component, line.method, line.rate, line.vat_rate), name


def table_rows(lines: Iterable[ChargeLine]) -> list[Row]:
    """The invoice's charge lines grouped into document rows, in the order of first appearance."""
    rows: dict[tuple, Row] = {}
    for line in lines:
        key, name = _row_key_and_name(line)
        row = rows.get(key)
        if row is None:
            row = rows[key] = Row(name=name, component=line.component, rate=line.rate, vat_rate=line.vat_rate)
        row.add(line)
    return list(rows.values())


def _totals(rows: list[Row]) -> dict:
    amount = sum((r.amount for r in rows), ZERO)
    vat = sum((r.vat for r in rows), ZERO)
    total = sum((r.total for r in rows), ZERO)
    return {"amount": formatting.amount(amount), "vat": formatting.amount(vat), "total": formatting.amount(total),
            "total_words": formatting.money_words_signed(total), "vat_words": formatting.money_words_signed(vat)}


def _vat_summary(rows: list[Row]) -> str:
    """``НДС 22 % — 22 619,19`` (per rate when rows carry several rates)."""
    by_rate: dict[Decimal, Decimal] = {}
    for row in rows:
        by_rate[row.vat_rate] = by_rate.get(row.vat_rate, ZERO) + row.vat
    return "; ".join(
        f"НДС {formatting.percent(rate)} — {formatting.amount(vat)}{formatting.NBSP}руб." for rate, vat in sorted(by_rate.items())
    )


def objects_text(lines: Iterable[ChargeLine]) -> str:
    seen: dict[int, str] = {}
    for line in lines:
        obj = line.heated_object
        if obj is not None and obj.pk not in seen:
            seen[obj.pk] = f"{obj.code} ({obj.address})"
    return "; ".join(seen.values()) or DASH


def upd_context(*, invoice: Invoice, lines: list[ChargeLine], organization, head=None, accountant=None,
                correction: dict | None = None) -> dict:
    """``billing.upd``: УПД with status 1 (счет-фактура and передаточный документ), НК ст. 169
    п. 5–6, form of ФНС letter ММВ-20-3/96@. ``correction``: ``{number, original_number,
    original_date}`` when this document corrects an earlier one (line 1а), else empty."""
    period = invoice.period
    contract = invoice.contract
    consumer = invoice.consumer
    rows = table_rows(lines)
    seller = seller_block(organization)
    buyer = buyer_block(consumer)
    return {
        "seller": seller,
        "consignee": f"{buyer['name']}, {buyer['address']}",
        "buyer": buyer,
        "contract": contract_text(contract),
        "period": {
            "label": period_label(period.month),
            "first": formatting.date_short(period.first_day),
            "last": formatting.date_short(period.last_day),
            "shipment": formatting.date_quoted(period.shipment_date),
        },
        "correction": correction or {},
        "rows": [
            {
                "n": n,
                "name": row.name,
                "okei": OKEI[row.component][0],
                "unit": OKEI[row.component][1],
                "quantity": quantity_text(row.quantity, row.component),
                "price": formatting.amount(row.rate) if row.rate is not None and row.quantity is not None else DASH,
                "amount": formatting.amount(row.amount),
                "vat_rate": formatting.percent(row.vat_rate),
                "vat": formatting.amount(row.vat),
                "total": formatting.amount(row.total),
            }
            for n, row in enumerate(rows, start=1)
        ],
        "totals": _totals(rows),
        "objects": objects_text(lines),
        "signers": {"head": person(head), "accountant": person(accountant)},
    }


def payment_invoice_context(*, invoice: Invoice, lines: list[ChargeLine], organization, head=None,
                            accountant=None) -> dict:
    """``billing.payment_invoice``: счет на оплату (no statutory form): bank
    details, the contract and period, and a payment purpose naming both so that the
    payment is allocated correctly."""
    period = invoice.period
    contract = invoice.contract
    rows = table_rows(lines)
    totals = _totals(rows)
    label = period_label(period.month)
    return {
        "organization": {
            "full_name": organization.full_name,
            "short_name": organization.short_name,
            "address": organization.legal_address,
            "phone": organization.phone,
            "email": formatting.unbroken(organization.email),
            "inn": organization.inn,
            "kpp": organization.kpp,
            "ogrn": organization.ogrn,
        },
        "bank": {
            "name": organization.bank_name,
            "bik": organization.bik,
            "account": organization.settlement_account,
            "correspondent_account": organization.correspondent_account,
        },
        "buyer": buyer_block(invoice.consumer),
        "contract": contract_text(contract),
        "period": label,
        "rows": [
            {
                "n": n,
                "name": row.name,
                "unit": OKEI[row.component][1],
                "quantity": quantity_text(row.quantity, row.component),
                "price": formatting.amount(row.rate) if row.rate is not None and row.quantity is not None else DASH,
                "amount": formatting.amount(row.amount),
            }
            for n, row in enumerate(rows, start=1)
        ],
        "totals": {**totals, "vat_summary": _vat_summary(rows), "count": len(rows)},
        "purpose": (
            f"Оплата за тепловую энергию по договору № {contract.number} от "
            f"{formatting.date_short(contract.signed_on)} за {label}"
        ),
        "due": (
            f"Окончательный расчет за {label} — до {contract.final_payment_day}-го числа следующего месяца "
            "с учетом внесенных авансов (если договором не установлено иное)."
        ),
        "signers": {"head": person(head), "accountant": person(accountant)},
    }
