"""The settlements ledger of a contract over a range of dates, as the reconciliation act
prints it (docs/reconciliation.md): the opening balance, every entry with its document and date,
the closing balance. Read from the settlements ledger only — the act's figures are the
ledger's, never computed again:

- a month's charges (``settlements.Debt`` of the month, with VAT) on the last day of the
  month of supply (НК ст. 167), under the number of its УПД (billing's current document);
  the recalculation lines inside that invoice are their own rows (with their reason), the
  УПД row carries the rest, so the two add up to the charges;
- the penalty: what each done accrual (``settlements.PenaltyAccrual``) added to the
  contract's accrued penalty (the lines in force, ``penalty_lines_in_force``), on its date;
- payments received (principal and penalty) under their payment orders, and the credits
  of advances above the actual cost (``Payment.Kind.ADJUSTMENT``).

Signs: a balance above zero is the consumer's debt, below zero its overpayment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Sum

from billing.invoices.models import InvoiceDocument
from billing.models import ChargeLine
from billing.models.choices import month_end
from settlements.models import Debt, Payment, PenaltyAccrual
from settlements.selectors import money, penalty_lines_in_force
from subscribers.models import Contract

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Entry:
    day: date
    document: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    kind: str = "charge"  # charge | recalculation | penalty | payment | penalty_payment | adjustment


@dataclass
class Ledger:
    contract: Contract
    date_from: date
    date_to: date
    opening: Decimal = ZERO
    entries: list[Entry] = field(default_factory=list)

    @property
    def debit(self) -> Decimal:
        return money(sum((e.debit for e in self.entries), ZERO))

    @property
    def credit(self) -> Decimal:
        return money(sum((e.credit for e in self.entries), ZERO))

    @property
    def closing(self) -> Decimal:
        return money(self.opening + self.debit - self.credit)

    def total_of(self, kind: str) -> Decimal:
        return money(sum((e.debit - e.credit for e in self.entries if e.kind == kind), ZERO))


def _upd_numbers(contract: Contract, months: list[date]) -> dict[date, tuple[str, date]]:
    """The current УПД (number, its date) of each month: the newest issued document."""
    found: dict[date, tuple[str, date]] = {}
    rows = (InvoiceDocument.objects.filter(contract=contract, kind=InvoiceDocument.Kind.UPD, period__month__in=months)
            .select_related("document", "period").order_by("period__month", "-id"))
    for row in rows:
        found.setdefault(row.period.month, (row.document.number, month_end(row.period.month)))
    return found


def _accrued(contract: Contract, accrual: PenaltyAccrual | None) -> Decimal:
    if accrual is None:
        return ZERO
    return money(penalty_lines_in_force(accrual=accrual).filter(debt__contract=contract).aggregate(s=Sum("amount"))["s"])


def _charge_entries(contract: Contract, date_from: date, date_to: date) -> tuple[Decimal, list[Entry]]:
    """(charges before ``date_from``, the entries of the months supplied in the range)."""
    monthly = dict(Debt.objects.filter(contract=contract).values("period").annotate(s=Sum("amount"))
                   .values_list("period", "s"))
    before = money(sum((s for m, s in monthly.items() if month_end(m) < date_from), ZERO))
    months = sorted(m for m in monthly if date_from <= month_end(m) <= date_to)
    upd = _upd_numbers(contract, months)
    recalc = (ChargeLine.objects.filter(invoice__contract=contract, invoice__period__month__in=months,
                                        kind=ChargeLine.Kind.RECALCULATION)
              .select_related("invoice__period", "recalculation__corrected_period")
              .order_by("invoice__period__month", "position"))
    by_month: dict[date, list] = {}
    for line in recalc:
        by_month.setdefault(line.invoice.period.month, []).append(line)
    entries = []
    for month in months:
        day = month_end(month)
        number, _ = upd.get(month, ("", day))
        document = f"УПД № {number} от {day:%d.%m.%Y}" if number else f"Начисление за {month:%m.%Y}"
        total = money(monthly[month])
        lines = by_month.get(month, [])
        rest = total - money(sum((x.amount_with_vat for x in lines), ZERO))
        entries.append(Entry(day, document, debit=rest, kind="charge"))
        for line in lines:
            corrected = line.recalculation.corrected_period.month if line.recalculation else month
            reason = line.recalculation.reason if line.recalculation else ""
            text = f"Перерасчет за {corrected:%m.%Y} ({document})" + (f": {reason}" if reason else "")
            value = money(line.amount_with_vat)
            entries.append(Entry(day, text[:300], debit=value if value > 0 else ZERO,
                                 credit=-value if value < 0 else ZERO, kind="recalculation"))
    return before, entries


def _penalty_entries(contract: Contract, date_from: date, date_to: date) -> tuple[Decimal, list[Entry]]:
    accruals = list(PenaltyAccrual.objects.filter(status=PenaltyAccrual.Status.DONE, as_of__lte=date_to).order_by("as_of"))
    before = [a for a in accruals if a.as_of < date_from]
    previous = _accrued(contract, before[-1] if before else None)
    opening, entries = previous, []
    for accrual in accruals[len(before):]:
        accrued = _accrued(contract, accrual)
        added = accrued - previous
        if added:
            entries.append(Entry(accrual.as_of, f"Начисление пени на {accrual.as_of:%d.%m.%Y}",
                                 debit=added if added > 0 else ZERO, credit=-added if added < 0 else ZERO,
                                 kind="penalty"))
        previous = accrued
    return opening, entries


PAYMENT_KIND = {Payment.Kind.PRINCIPAL: "payment", Payment.Kind.PENALTY: "penalty_payment",
                Payment.Kind.ADJUSTMENT: "adjustment"}


def _payment_entries(contract: Contract, date_from: date, date_to: date) -> tuple[Decimal, list[Entry]]:
    qs = Payment.objects.filter(contract=contract, status=Payment.Status.MATCHED, paid_on__lte=date_to)
    before = money(qs.filter(paid_on__lt=date_from).aggregate(s=Sum("amount"))["s"])
    entries = []
    for p in qs.filter(paid_on__gte=date_from).order_by("paid_on", "id"):
        if p.kind == Payment.Kind.ADJUSTMENT:
            text = f"Корректировка начислений за {p.periods[0][5:7]}.{p.periods[0][:4]}" if p.periods else "Корректировка"
        else:
            what = "пени" if p.kind == Payment.Kind.PENALTY else "тепловая энергия"
            text = f"Платежное поручение № {p.number} от {p.doc_date:%d.%m.%Y} ({what})"
        entries.append(Entry(p.paid_on, text, credit=money(p.amount), kind=PAYMENT_KIND[p.kind]))
    return before, entries


ORDER = {"charge": 0, "recalculation": 1, "penalty": 2, "payment": 3, "penalty_payment": 3, "adjustment": 4}


def contract_ledger(*, contract: Contract, date_from: date, date_to: date) -> Ledger:
    """The act's ledger of ``contract`` from ``date_from`` to ``date_to`` inclusive."""
    charged_before, charges = _charge_entries(contract, date_from, date_to)
    penalty_before, penalties = _penalty_entries(contract, date_from, date_to)
    paid_before, payments = _payment_entries(contract, date_from, date_to)
    entries = sorted(charges + penalties + payments, key=lambda e: (e.day, ORDER[e.kind]))
    return Ledger(contract=contract, date_from=date_from, date_to=date_to,
                  opening=money(charged_before + penalty_before - paid_before), entries=entries)
