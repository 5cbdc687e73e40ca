"""Context builders of the two reconciliation acts (docs/reconciliation.md): plain dicts of
formatted values; the figures come from ``readings.unit_rows`` and ``ledger.contract_ledger``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from documents import formatting
from documents.documents import organization_requisites, signer_block

from .ledger import Ledger
from .readings import UnitRow

ZERO = Decimal("0.00")
NO_SIGNER = {"position": "", "name": "", "authority": ""}


def months_label(date_from: date, date_to: date) -> str:
    """«январь 2026 г.» or «январь 2026 г. — март 2026 г.»"""
    from billing.models.choices import MONTHS_NOMINATIVE

    first = f"{MONTHS_NOMINATIVE[date_from.month].lower()} {date_from.year}{formatting.NBSP}г."
    if date_from == date_to:
        return first
    return f"{first} — {MONTHS_NOMINATIVE[date_to.month].lower()} {date_to.year}{formatting.NBSP}г."


def _gcal(value: Decimal | None) -> str:
    return "—" if value is None else formatting.gcal(value)


def readings_act_context(*, organization, consumer, date_from: date, date_to: date, rows: list[UnitRow],
                         note: str, signer, executor: dict) -> dict:
    """«Акт сверки показаний приборов учета»: one table row per metering unit."""
    table = [{
        "n": n, "unit": row.unit, "location": row.location, "devices": row.devices,
        "start": _gcal(row.start), "end": _gcal(row.end), "difference": _gcal(row.difference),
        "q": _gcal(row.q), "m1": _gcal(row.m1), "m2": _gcal(row.m2), "hot_water": _gcal(row.hot_water),
        "hours": formatting.number(row.hours, 1), "fault_hours": formatting.number(row.fault_hours, 1),
        "accepted": _gcal(row.accepted),
    } for n, row in enumerate(rows, start=1)]
    total = {name: _gcal(sum((getattr(r, name) for r in rows), ZERO))
             for name in ("q", "m1", "m2", "hot_water", "accepted")}
    return {
        "organization": organization_requisites(organization),
        "consumer": {"name": consumer.name, "inn": consumer.inn, "code": consumer.code},
        "period": months_label(date_from, date_to),
        "rows": table,
        "total": total,
        "note": note,
        "signer": signer_block(signer) if signer is not None else NO_SIGNER,
        "executor": executor,
    }


def _split(value: Decimal) -> dict:
    """A balance as the act prints it: debit (the consumer owes) or credit (overpaid)."""
    return {"debit": formatting.amount(value) if value > 0 else "",
            "credit": formatting.amount(-value) if value < 0 else ""}


def debt_sentence(*, closing: Decimal, organization_name: str, consumer_name: str, on: date) -> str:
    """«Задолженность в пользу … на … составляет … руб. (прописью).» (docs/reconciliation.md)."""
    if closing == 0:
        return f"На {formatting.date_short(on)} задолженность между сторонами отсутствует."
    creditor = organization_name if closing > 0 else consumer_name
    value = abs(closing)
    return (f"Задолженность в пользу {creditor} на {formatting.date_short(on)} составляет "
            f"{formatting.money(value, currency='руб.')} ({formatting.money_words(value)}).")


def settlements_act_context(*, organization, consumer, contract, ledger: Ledger, signers: list, executor: dict,
                            note: str = "") -> dict:
    """«Акт сверки взаимных расчетов»: the ТСО block filled from the ledger, the consumer's
    block left for the consumer's own figures (two column blocks, docs/reconciliation.md)."""
    rows = [{"n": n, "date": formatting.date_short(e.day), "document": e.document,
             "debit": formatting.amount(e.debit) if e.debit else "",
             "credit": formatting.amount(e.credit) if e.credit else ""}
            for n, e in enumerate(ledger.entries, start=1)]
    short = organization.short_name or organization.full_name
    return {
        "organization": organization_requisites(organization),
        "consumer": {"name": consumer.name, "short_name": consumer.short_name or consumer.name, "inn": consumer.inn},
        "contract": f"№{formatting.NBSP}{contract.number} от {formatting.date_short(contract.signed_on)}",
        "date_from": formatting.date_short(ledger.date_from),
        "date_to": formatting.date_short(ledger.date_to),
        "opening": _split(ledger.opening),
        "rows": rows,
        "turnover": {"debit": formatting.amount(ledger.debit), "credit": formatting.amount(ledger.credit)},
        "closing": _split(ledger.closing),
        "debt_sentence": debt_sentence(closing=ledger.closing, organization_name=short,
                                       consumer_name=consumer.short_name or consumer.name, on=ledger.date_to),
        "note": note,
        "signers": [signer_block(s) for s in signers] or [NO_SIGNER],
        "executor": executor,
    }
