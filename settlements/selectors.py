"""Reads of settlements that pages, documents and the API share.

Amounts are as of a date (``as_of``): what was paid is what was allocated from payments
received on or before it. A debt's days overdue count from the day after its due date
through ``as_of`` while something is outstanding (docs/law.md, "Penalties": delay day 1 is the
day after the due date).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import (
    Case,
    Count,
    DateField,
    DecimalField,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least

from billing.models import BillingPeriod
from core.search import normalize
from subscribers.models import Contract
from subscribers.selectors import consumer_name_at

from .models import Allocation, ContractBalance, Debt, Payment, PenaltyAccrual, PenaltyLine

if TYPE_CHECKING:
    from datetime import timedelta

    from django_stubs_ext import WithAnnotations

    from subscribers.models import Consumer

    from .penalty_statement import PenaltyStatement

    class DebtBalance(TypedDict):
        paid: Decimal
        outstanding: Decimal

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def money(value: Decimal | int | float | str | None) -> Decimal:
    """Money as two-place Decimal (SQLite returns sums of decimals with float noise)."""
    return Decimal(value or 0).quantize(CENT)


MONEY_FIELD = DecimalField(max_digits=16, decimal_places=2)
AGING_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    # (title, first day overdue, last day overdue); day 0 = not yet due
    ("не наступил срок", 0, 0),
    ("1–30 дней", 1, 30),
    ("31–60 дней", 31, 60),
    ("61–90 дней", 61, 90),
    ("91–180 дней", 91, 180),
    ("181–365 дней", 181, 365),
    ("более 365 дней", 366, None),
)


def _paid_by(as_of: date) -> Coalesce:
    return Coalesce(
        Subquery(
            Allocation.objects.filter(debt=OuterRef("pk"), paid_on__lte=as_of)
            .values("debt").annotate(total=Sum("amount")).values("total")
        ),
        Value(ZERO),
        output_field=MONEY_FIELD,
    )


def debts_with_balance(
    *, as_of: date, consumer: Consumer | None = None, contract: Contract | None = None
) -> QuerySet[WithAnnotations[Debt, DebtBalance]]:
    """Debts created by ``as_of``'s billing with ``paid`` and ``outstanding`` as of that date."""
    qs = Debt.objects.all()
    if consumer is not None:
        qs = qs.filter(consumer=consumer)
    if contract is not None:
        qs = qs.filter(contract=contract)
    return (
        qs.annotate(paid=_paid_by(as_of))
        .annotate(outstanding=F("amount") - F("paid"))
        .select_related("contract")
        .order_by("due_date", "period", "id")
    )


@dataclass
class DebtRow:
    debt: Debt
    paid: Decimal
    outstanding: Decimal
    days_overdue: int


def debt_rows(*, consumer: Consumer, as_of: date) -> list[DebtRow]:
    rows = []
    for debt in debts_with_balance(as_of=as_of, consumer=consumer):
        paid, outstanding = money(debt.paid), money(debt.outstanding)
        overdue = (as_of - debt.due_date).days if outstanding > 0 and as_of > debt.due_date else 0
        rows.append(DebtRow(debt, paid, outstanding, overdue))
    return rows


@dataclass
class PeriodRow:
    period: date
    contract_number: str
    charged: Decimal = ZERO
    paid: Decimal = ZERO
    outstanding: Decimal = ZERO
    days_overdue: int = 0
    debts: list[DebtRow] = field(default_factory=list)


def periods_of(*, consumer: Consumer, as_of: date) -> list[PeriodRow]:
    """Per contract and period: charged, paid, outstanding, the longest delay (card, claims)."""
    credits = {
        (p.contract_id, p.periods[0]): p.amount
        for p in Payment.objects.filter(consumer=consumer, kind=Payment.Kind.ADJUSTMENT)
    }
    rows: dict[tuple[int, date], PeriodRow] = {}
    for row in debt_rows(consumer=consumer, as_of=as_of):
        debt = row.debt
        key = (debt.contract_id, debt.period)
        period = rows.get(key)
        if period is None:
            period = rows[key] = PeriodRow(debt.period, debt.contract.number)
            period.charged -= credits.get((debt.contract_id, debt.period.isoformat()), ZERO)
        period.charged += debt.amount
        period.paid += row.paid
        period.outstanding += row.outstanding
        period.days_overdue = max(period.days_overdue, row.days_overdue)
        period.debts.append(row)
    return sorted(rows.values(), key=lambda r: (r.period, r.contract_number), reverse=True)


def aging(*, as_of: date, consumer: Consumer | None = None) -> list[tuple[str, Decimal]]:
    """Outstanding debt by days overdue (one aggregate query)."""
    qs = debts_with_balance(as_of=as_of, consumer=consumer).filter(Q(settled_on__isnull=True) | Q(settled_on__gt=as_of))
    sums = {}
    for n, (_, first, last) in enumerate(AGING_BUCKETS):
        if first == 0:
            condition = Q(due_date__gte=as_of)
        else:
            condition = Q(due_date__lte=as_of - _days(first))
            if last is not None:
                condition &= Q(due_date__gte=as_of - _days(last))
        sums[f"bucket{n}"] = Coalesce(Sum(Case(When(condition, then=F("outstanding")), default=Value(ZERO),
                                        output_field=MONEY_FIELD)), Value(ZERO), output_field=MONEY_FIELD)
    totals = qs.order_by().aggregate(**sums)
    return [(title, money(totals[f"bucket{n}"])) for n, (title, _, _) in enumerate(AGING_BUCKETS)]


class MoneyRows:
    """Rows of a values queryset with its money columns as kopecks (SQLite returns sums of
    decimals through floats), counted and sliced lazily, so a paginator reads one page."""

    def __init__(self, queryset: QuerySet[Any, dict[str, Any]], *, columns: tuple[str, ...]) -> None:
        self.queryset, self.columns = queryset, columns

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: int | slice) -> Any:
        if not isinstance(index, slice):
            return self[index:index + 1][0]
        rows = list(self.queryset[index])
        for row in rows:
            for column in self.columns:
                row[column] = money(row[column])
        return rows

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self[:])


DEBTOR_ORDERS = {
    # the debtors list's sort keys → database ordering (the name breaks ties)
    "outstanding": ("outstanding",), "-outstanding": ("-outstanding",),
    "days": ("-oldest_due",), "-days": ("oldest_due",),  # most days overdue first = the oldest due date first
    "penalty": ("penalty",), "-penalty": ("-penalty",),
    "category": ("consumer__penalty_category",), "-category": ("-consumer__penalty_category",),
    "contract": ("contract__number",), "-contract": ("-contract__number",),
    "name": ("consumer__name",), "-name": ("-consumer__name",),
}


def _penalty_in_force(accrual: PenaltyAccrual | None) -> Coalesce | Value:
    """The accrued penalty of the row's contract: the sum of the lines in force of the
    accrual (``penalty_lines_in_force`` — the exact calculation the card shows), one
    correlated subquery for the whole page."""
    if accrual is None:
        return Value(ZERO, output_field=MONEY_FIELD)
    lines = (
        penalty_lines_in_force(accrual=accrual).filter(debt__contract=OuterRef("contract_id"))
        .order_by().values("debt__contract").annotate(total=Sum("amount")).values("total")
    )
    return Coalesce(Subquery(lines), Value(ZERO), output_field=MONEY_FIELD)


def debtors(
    *, as_of: date, query: str = "", category: str = "", contract: str = "", min_days: int = 0,
    max_days: int | None = None, order: str = "-outstanding", accrual: PenaltyAccrual | None = None,
) -> DebtorRows:
    """Contracts owing money as of ``as_of``: one row per contract (``consumer_id``, code,
    name, ИНН, ``consumer__penalty_category``, ``contract_id``, ``contract__number``) with
    ``outstanding`` (the sum of its unsettled debts less what was allocated to them by that
    date), ``oldest_due`` (the due date of its oldest unpaid debt; ``days_overdue`` is counted
    from it as of ``as_of``) and ``penalty`` (accrued by ``accrual``, the latest done accrual
    the page shows, zero without one). ``query`` narrows to a name containing it or an exact
    ИНН, ``category`` to a penalty category, ``contract`` to a number containing it,
    ``min_days`` to at least that many days overdue, ``max_days`` to at most that many (0: not
    yet overdue); ``order`` is a key of ``DEBTOR_ORDERS``.

    Read from ``ContractBalance`` (the open debts summed by the database as they are written):
    one row per contract, no aggregate over debts and allocations. Money allocated after
    ``as_of`` (a list dated before a payment) is added back per contract, and the debts it
    went to count as unpaid again for ``oldest_due``."""
    rows: QuerySet[Any, Any] = ContractBalance.objects.all()
    query = query.strip()
    if query:
        # the consumer's normalised names (core.search): «иванов» finds «Иванов» on SQLite too
        rows = rows.filter(Q(consumer__search_text__contains=normalize(query)) | Q(consumer__inn=query))
    if category:
        rows = rows.filter(consumer__penalty_category=category)
    if contract.strip():
        rows = rows.filter(contract__number__icontains=contract.strip())
    outstanding: Any = F("balance_due")
    oldest_due: Any = F("earliest_due")
    late = Allocation.objects.filter(paid_on__gt=as_of, debt__settled_on__isnull=True)
    if late.exists():
        of_contract = late.filter(debt__contract_id=OuterRef("contract_id")).order_by().values("debt__contract_id")
        outstanding = outstanding + Coalesce(
            Subquery(of_contract.annotate(total=Sum("amount")).values("total")), Value(ZERO), output_field=MONEY_FIELD)
        reopened = Subquery(of_contract.annotate(d=Min("debt__due_date")).values("d"))
        # both sides coalesced: SQLite's MIN(a, b) is NULL when either is
        oldest_due = Least(Coalesce(oldest_due, reopened), Coalesce(reopened, oldest_due))
    rows = rows.annotate(
        outstanding=ExpressionWrapper(outstanding, output_field=MONEY_FIELD),
        oldest_due=ExpressionWrapper(oldest_due, output_field=DateField()),
        penalty=_penalty_in_force(accrual),
    ).filter(outstanding__gt=0)
    if min_days > 0:
        rows = rows.filter(oldest_due__lte=as_of - _days(min_days))
    if max_days is not None:
        rows = rows.filter(oldest_due__gte=as_of - _days(max_days))
    ordering = DEBTOR_ORDERS.get(order, DEBTOR_ORDERS["-outstanding"])
    page = rows.values(
        "consumer_id", "consumer__code", "consumer__name", "consumer__inn", "consumer__penalty_category",
        "contract_id", "contract__number", "outstanding", "oldest_due", "penalty",
    ).order_by(*ordering, "consumer__name", "contract__number")
    return DebtorRows(page, columns=("outstanding", "penalty"), as_of=as_of, base=rows.order_by())


class DebtorRows(MoneyRows):
    """``MoneyRows`` of ``debtors``, each row also with ``days_overdue`` as of the list's date
    and ``category`` (the penalty category's name)."""

    def __init__(self, queryset: QuerySet[Any, dict[str, Any]], *, columns: tuple[str, ...], as_of: date,
                 base: QuerySet[ContractBalance, ContractBalance]) -> None:
        super().__init__(queryset, columns=columns)
        self.as_of = as_of
        # the filtered rows without the page's columns: counted and summed without joining
        # the consumer and the contract unless a filter needs them
        self.base = base

    def count(self) -> int:
        return self.base.count()

    def __getitem__(self, index: int | slice) -> Any:
        rows = super().__getitem__(index)
        if not isinstance(index, slice):
            return rows
        from subscribers.models import Consumer

        names = dict(Consumer.PenaltyCategory.choices)
        for row in rows:
            oldest = row["oldest_due"]
            if isinstance(oldest, str):  # SQLite gives the aggregate of a CASE as text
                oldest = date.fromisoformat(oldest)
            row["oldest_due"] = oldest
            row["days_overdue"] = max((self.as_of - oldest).days, 0) if oldest else 0
            row["category"] = names.get(row["consumer__penalty_category"], "")
        return rows


@dataclass(frozen=True)
class DebtorTotals:
    contracts: int
    outstanding: Decimal
    penalty: Decimal


def debtor_totals(rows: DebtorRows) -> DebtorTotals:
    """The totals line of a debtors list: its contracts, their debt and accrued penalty (one
    aggregate query over the list's grouped rows, whatever its filters)."""
    totals = rows.base.aggregate(
        total_contracts=Count("contract_id"), total_outstanding=Sum("outstanding"), total_penalty=Sum("penalty"))
    return DebtorTotals(totals["total_contracts"] or 0, money(totals["total_outstanding"]),
                        money(totals["total_penalty"]))


# the dashboard's aging of the debtors (docs/reception.md, «Dashboard»): a contract falls into
# the bucket of its days overdue as the debtors list counts them (its oldest unpaid debt)
DEBTOR_AGING: tuple[tuple[str, int, int | None], ...] = (
    ("срок не наступил", 0, 0),
    ("до 30 дней", 1, 30),
    ("31–90 дней", 31, 90),
    ("91–180 дней", 91, 180),
    ("181–365 дней", 181, 365),
    ("свыше 365 дней", 366, None),
)


@dataclass(frozen=True)
class AgingBucket:
    title: str
    min_days: int
    max_days: int | None
    contracts: int
    outstanding: Decimal


def debtor_aging(*, as_of: date) -> list[AgingBucket]:
    """The debtors list as of ``as_of`` split by days overdue (``DEBTOR_AGING``): per bucket the
    contracts and their outstanding debt, in one aggregate query. A bucket equals the list
    filtered ``min_days``/``max_days`` to it."""
    rows = debtors(as_of=as_of).base
    sums: dict[str, Any] = {}
    for n, (_title, first, last) in enumerate(DEBTOR_AGING):
        condition = Q(oldest_due__lte=as_of - _days(first)) if first else Q()
        if last is not None:
            condition &= Q(oldest_due__gte=as_of - _days(last))
        sums[f"n{n}"] = Count("contract_id", filter=condition)
        sums[f"s{n}"] = Sum("outstanding", filter=condition)
    totals = rows.aggregate(**sums)
    return [AgingBucket(title, first, last, totals[f"n{n}"] or 0, money(totals[f"s{n}"]))
            for n, (title, first, last) in enumerate(DEBTOR_AGING)]


def penalty_accrued(*, accrual: PenaltyAccrual | None) -> Decimal:
    """The penalty accrued up to ``accrual``'s date: its lines in force (zero without one)."""
    if accrual is None:
        return ZERO
    return money(penalty_lines_in_force(accrual=accrual).order_by().aggregate(s=Sum("amount"))["s"])


def _days(n: int) -> timedelta:
    from datetime import timedelta

    return timedelta(days=n)


# --------------------------------------------------------------------------- penalties


def latest_accrual(as_of: date | None = None) -> PenaltyAccrual | None:
    qs = PenaltyAccrual.objects.filter(status=PenaltyAccrual.Status.DONE)
    if as_of is not None:
        qs = qs.filter(as_of__lte=as_of)
    return qs.order_by("-as_of").first()


def penalty_lines_in_force(*, consumer: Consumer | None = None, accrual: PenaltyAccrual | None = None) -> QuerySet[PenaltyLine]:
    """Lines that make the accrued penalty: every closed portion's lines paid by the accrual's
    date, and the open-rest lines of that accrual (the latest done one by default)."""
    accrual = accrual or latest_accrual()
    if accrual is None:
        return PenaltyLine.objects.none()
    qs = PenaltyLine.objects.filter(
        Q(allocation__isnull=False, allocation__paid_on__lte=accrual.as_of, accrual__as_of__lte=accrual.as_of)
        | Q(allocation__isnull=True, accrual=accrual)
    )
    if consumer is not None:
        qs = qs.filter(debt__consumer=consumer)
    return qs.select_related("debt", "allocation").order_by("debt__due_date", "debt_id", "date_from", "id")


@dataclass
class PenaltySummary:
    as_of: date | None
    accrued: Decimal
    paid: Decimal

    @property
    def balance(self) -> Decimal:
        return self.accrued - self.paid


def penalty_summary(*, consumer: Consumer) -> PenaltySummary:
    accrual = latest_accrual()
    accrued = money(penalty_lines_in_force(consumer=consumer, accrual=accrual).aggregate(s=Sum("amount"))["s"])
    paid = money(
        Payment.objects.filter(consumer=consumer, kind=Payment.Kind.PENALTY, status=Payment.Status.MATCHED)
        .aggregate(s=Sum("amount"))["s"]
    )
    return PenaltySummary(accrual.as_of if accrual else None, accrued, paid)


# --------------------------------------------------------------------------- balances


@dataclass
class Balance:
    charged: Decimal
    paid: Decimal
    credit: Decimal  # money received and not allocated (overpayment)

    @property
    def outstanding(self) -> Decimal:
        return self.charged - self.paid


def consumer_balance(*, consumer: Consumer, as_of: date) -> Balance:
    charged = money(Debt.objects.filter(consumer=consumer).aggregate(s=Sum("amount"))["s"])
    paid = money(Allocation.objects.filter(debt__consumer=consumer, paid_on__lte=as_of).aggregate(s=Sum("amount"))["s"])
    received = money(
        Payment.objects.filter(consumer=consumer, status=Payment.Status.MATCHED, paid_on__lte=as_of,
                               kind__in=(Payment.Kind.PRINCIPAL, Payment.Kind.ADJUSTMENT))
        .aggregate(s=Sum("amount"))["s"]
    )
    return Balance(charged=charged, paid=paid, credit=received - paid)


def payments_of(*, consumer: Consumer) -> QuerySet[Payment]:
    return (
        Payment.objects.filter(consumer=consumer)
        .select_related("contract", "statement")
        .prefetch_related("allocations__debt")
        .order_by("-paid_on", "-id")
    )


def unmatched_payments() -> QuerySet[Payment]:
    return Payment.objects.filter(status=Payment.Status.UNMATCHED).select_related("consumer", "statement").order_by(
        "paid_on", "id"
    )


# --------------------------------------------------------------------------- turnover


@dataclass
class TurnoverRow:
    contract_id: int
    contract_number: str
    consumer_code: str
    consumer_name: str
    inn: str
    opening: Decimal = ZERO  # + debt, − credit (overpayment)
    charged: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def closing(self) -> Decimal:
        return self.opening + self.charged - self.paid

    @staticmethod
    def split(value: Decimal) -> tuple[Decimal, Decimal]:
        """(debit, credit) columns of a balance."""
        return (value, ZERO) if value >= 0 else (ZERO, -value)


def turnover(*, period: date) -> list[TurnoverRow]:
    """Оборотно-сальдовая ведомость for the month ``period``: per contract, the opening
    balance, charges of the month (its invoice; a credit from advances above the actual
    cost reduces it), money received in the month, the closing balance."""
    from calendar import monthrange

    start = period.replace(day=1)
    end = start.replace(day=monthrange(start.year, start.month)[1])
    rows: dict[int, TurnoverRow] = {}

    def row(contract_id: int, number: str, code: str, name: str, inn: str) -> TurnoverRow:
        found = rows.get(contract_id)
        if found is None:
            found = rows[contract_id] = TurnoverRow(contract_id, number, code, name, inn)
        return found

    head = ("contract_id", "contract__number", "consumer__code", "consumer__name", "consumer__inn")
    charges = (
        Debt.objects.filter(period__lte=start).values(*head)
        .annotate(before=Coalesce(Sum("amount", filter=Q(period__lt=start)), Value(ZERO), output_field=MONEY_FIELD),
                  now=Coalesce(Sum("amount", filter=Q(period=start)), Value(ZERO), output_field=MONEY_FIELD))
    )
    for item in charges:
        r = row(*(item[k] for k in head))
        r.opening += money(item["before"])
        r.charged += money(item["now"])
    received = (
        Payment.objects.filter(status=Payment.Status.MATCHED, contract__isnull=False, paid_on__lte=end,
                               kind=Payment.Kind.PRINCIPAL)
        .values(*head)
        .annotate(before=Coalesce(Sum("amount", filter=Q(paid_on__lt=start)), Value(ZERO), output_field=MONEY_FIELD),
                  now=Coalesce(Sum("amount", filter=Q(paid_on__gte=start)), Value(ZERO), output_field=MONEY_FIELD))
    )
    for item in received:
        r = row(*(item[k] for k in head))
        r.opening -= money(item["before"])
        r.paid += money(item["now"])
    # a credit for advances above the actual cost reduces the charges of its own period
    adjustments = Payment.objects.filter(kind=Payment.Kind.ADJUSTMENT, status=Payment.Status.MATCHED).values_list(
        "contract_id", "periods", "amount"
    )
    for contract_id, periods, amount in adjustments:
        adjusted_period = date.fromisoformat(periods[0])
        if contract_id not in rows or adjusted_period > start:
            continue
        if adjusted_period < start:
            rows[contract_id].opening -= amount
        else:
            rows[contract_id].charged -= amount
    result = [r for r in rows.values() if r.opening or r.charged or r.paid]
    _names_as_billed(result, period=start)
    return sorted(result, key=lambda r: (r.consumer_name, r.contract_number))


def _names_as_billed(rows: list[TurnoverRow], *, period: date) -> None:
    """A closed billing period shows each consumer under the name it had when the period was closed."""
    closed_at = BillingPeriod.objects.filter(month=period, status=BillingPeriod.Status.CLOSED).values_list(
        "closed_at", flat=True).first()
    if closed_at is None or not rows:
        return
    names = dict(
        Contract.objects.filter(pk__in=[r.contract_id for r in rows])
        .annotate(billed_name=consumer_name_at("consumer", closed_at)).values_list("pk", "billed_name")
    )
    for row in rows:
        row.consumer_name = names.get(row.contract_id, row.consumer_name)


@dataclass(frozen=True)
class TurnoverTotals:
    opening: Decimal = ZERO
    charged: Decimal = ZERO
    paid: Decimal = ZERO
    closing: Decimal = ZERO


def turnover_totals(rows: list[TurnoverRow]) -> TurnoverTotals:
    """The «Итого» line of the turnover statement: balances net (debit less credit)."""
    return TurnoverTotals(
        opening=money(sum((r.opening for r in rows), ZERO)), charged=money(sum((r.charged for r in rows), ZERO)),
        paid=money(sum((r.paid for r in rows), ZERO)), closing=money(sum((r.closing for r in rows), ZERO)),
    )


# --------------------------------------------------------------------------- penalty on a date


def penalty_on(*, consumer: Consumer, as_of: date) -> PenaltyStatement:
    """The consumer's penalty as of ``as_of`` by the exact calculation of the «Расчет пени»
    document (``settlements.penalty_statement`` over ``regulations.penalties``): the debtor
    card's «Рассчитать» shows its total before any document is issued."""
    from .penalty_statement import penalty_statement
    from .services.accrual import load_penalty_rules

    return penalty_statement(consumer=consumer, as_of=as_of, rules=load_penalty_rules())
