"""Context builders of the settlements templates: plain dicts of formatted values.

The norms printed come with the statement, from the dated reference data the calculation
used (``settlements.penalty_statement``; docs/law.md, "Penalties")."""

from __future__ import annotations

from documents import formatting
from documents.documents import organization_requisites, signer_block

from .penalty_statement import PenaltyStatement

KIND_SHORT = {"advance_1": "аванс 1", "advance_2": "аванс 2", "final": "оконч.", "single": ""}


def penalty_statement_context(*, statement: PenaltyStatement, consumer, organization, signer,
                              executor_name: str, executor_phone: str) -> dict:
    """«Расчет пени» (the table courts expect): one table row per line of the calculation."""
    rows = []
    for n, row in enumerate(statement.rows, start=1):
        line, debt = row.line, row.debt
        period = f"{debt.period:%m.%Y}"
        if KIND_SHORT.get(debt.kind):
            period = f"{period} {KIND_SHORT[debt.kind]}"
        payment = (
            f"{formatting.date_short(line.paid_on)}, {formatting.amount(row.paid_amount)}" if line.paid_on else "не оплачено"
        )
        rate = formatting.plain_number(line.rate_percent)
        rows.append({
            "n": n,
            "period": period,
            "charged": formatting.amount(debt.amount),
            "due_date": formatting.date_short(debt.due_date),
            "payment": payment,
            "base": formatting.amount(line.base),
            "date_from": formatting.date_short(line.date_from),
            "date_to": formatting.date_short(line.date_to),
            "days": line.days,
            "fraction": f"1/{line.denominator}",
            "rate": rate,
            "formula": f"{formatting.amount(line.base)} × {rate} % × {line.days} / {line.denominator}",
            "amount": formatting.amount(line.amount),
        })
    excluded = [
        f"{formatting.date_short(e.date_from)}–{formatting.date_short(e.date_to)} ({e.days} дн.) по долгу за "
        f"{debt.period:%m.%Y} на {formatting.amount(e.base)} ₽ — {e.norm}"
        for debt, e in statement.excluded
    ]
    contracts = sorted({f"№ {d.contract.number} от {formatting.date_short(d.contract.signed_on)}"
                        for d in statement.debts})
    return {
        "organization": organization_requisites(organization),
        "consumer": {"name": consumer.name, "inn": consumer.inn, "code": consumer.code},
        "contracts": "; ".join(contracts) or "—",
        "as_of": formatting.date_short(statement.as_of),
        "basis": statement.basis,
        "rate_rule": statement.rate_rule,
        "rows": rows,
        "total": formatting.money(statement.total),
        "total_words": formatting.money_words(statement.total),
        "excluded": excluded,
        "principal": formatting.money(statement.principal_outstanding),
        "principal_words": formatting.money_words(statement.principal_outstanding),
        "penalty_paid": formatting.money(statement.penalty_paid) if statement.penalty_paid else "",
        "penalty_due": formatting.money(statement.penalty_due),
        "penalty_due_words": formatting.money_words(statement.penalty_due),
        "norms": "; ".join(statement.norms) or "—",
        "debt_and_penalty": formatting.money(statement.principal_outstanding + statement.penalty_due),
        "debt_and_penalty_words": formatting.money_words(statement.principal_outstanding + statement.penalty_due),
        "signer": signer_block(signer) if signer is not None else {"position": "", "name": "", "authority": ""},
        "executor": {"name": executor_name, "phone": executor_phone},
    }
