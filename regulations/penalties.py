"""Statutory penalties (пени) for late payment of heat energy.

Norms (docs/law.md, "Penalties"):

- ``other`` — 190-ФЗ ст. 15 ч. 9.1: 1/130 of the key rate from the first day of delay;
- ``hoa`` — 190-ФЗ ст. 15 ч. 9.2: nothing for days 1–30, 1/300 for days 31–90, 1/130 from day 91;
- ``managing_org`` — 190-ФЗ ст. 15 ч. 9.3: 1/300 for days 1–60, 1/170 for days 61–90,
  1/130 from day 91;
- ``citizen`` — ЖК РФ ст. 155 ч. 14: as ``hoa``;
- ``budget_44fz`` — 44-ФЗ ст. 34 ч. 5 (❓, the contract decides): 1/300 from day 1.

The fraction applies to the key rate of the Bank of Russia "действующей на день
фактической оплаты" (capped by ПП РФ № 474 and its extensions), and no penalty accrues on
the days of a moratorium (ПП РФ № 497) or a suspension (ПП РФ № 424). The tiers, the key
rates, the caps and the moratoria are dated reference data passed in as ``PenaltyRules``.

Calculation conventions (the contract of ``calc penalty``):

- delay day 1 is the day after the due date; a payment made on the due date is on time;
- each payment, or the part of it allocated to a debt, closes a *portion* of that debt;
  a portion accrues from delay day 1 through its payment date inclusive, at the rate in
  force on its payment date; the unpaid rest accrues through ``as_of`` inclusive at the
  rate in force on ``as_of``;
- a payment naming a debt goes to that debt (what exceeds that debt then goes on as an
  undesignated payment); an undesignated payment goes to the debts with the earliest due
  date first (ГК РФ ст. 319.1 п. 3); money left over when every debt is paid is reported
  as ``unallocated`` (an overpayment, credited forward by the caller) — ``allocation``;
- a portion is split into lines at tier boundaries and around moratorium days (days of
  a zero tier and moratorium days make no line); each line is
  ``base × rate% / 100 × days / denominator`` rounded half-up to the kopeck; the total is
  the sum of the lines.

Reading of ПП № 497 "debts that arose before 01.04.2022": a debt here has only an amount
and a due date, so it *arises* — becomes a debt rather than a sum not yet due — on its
first day of delay (the day after the due date). A moratorium with
``debts_arisen_before=01.04.2022`` therefore covers the debts due on or before
30.03.2022; a debt due 31.03.2022 or later accrues through the moratorium. A caller who
knows better (for example the end of the billing period the debt is for) passes
``Debt.arose_on``.

Speed: rules are compiled once per (rules, category) into sorted ordinal tables
(``bisect`` for the rate on a day, tier segments in day numbers, moratorium intervals in
ordinals); a portion costs a few Decimal operations per line, never a loop over days.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import NamedTuple

from .allocation import Allocation, Debt, DebtId, Payment, allocate_payments
from .errors import RuleError
from .rounding import CENT, ZERO

CATEGORIES: tuple[str, ...] = ("other", "hoa", "managing_org", "citizen", "budget_44fz")

CAP_FIXED = "fixed"  # the rate is the cap's value, whatever the key rate
CAP_MIN = "min"  # the rate is the lower of the cap's value and the key rate

KEY_RATE_NORM = "ключевая ставка Банка России на день фактической оплаты"
# The rate this function applies, as a penalty statement words it: the norm's «на день
# фактической оплаты» and the convention for the unpaid rest (docs/law.md, "Penalties").
# It changes only with the calculation; the dated caps add their ``statement_text``.
KEY_RATE_RULE = f"{KEY_RATE_NORM}, для неоплаченного остатка — на дату расчета"
OVERRIDE_NORM = "ставка задана при расчете"
_CACHE_LIMIT = 100_000  # memoised rates per day and plans per due date, per compiled calculator


@dataclass(frozen=True, slots=True)
class KeyRate:
    """The key rate of the Bank of Russia from ``effective_from`` on, in percent a year."""

    effective_from: date
    rate_percent: Decimal


@dataclass(frozen=True, slots=True)
class RateCap:
    """A rule that replaces the key rate for penalties (ПП РФ № 474 and its extensions).

    ``kind`` is ``"fixed"`` (the rate is ``rate_percent``) or ``"min"`` (the lower of
    ``rate_percent`` and the key rate); dates are inclusive, ``valid_to=None`` is open.
    It applies on the day whose rate is looked up (the payment date, or ``as_of``).
    """

    valid_from: date
    valid_to: date | None
    kind: str
    rate_percent: Decimal
    categories: frozenset[str]
    norm: str
    statement_text: str = ""  # how the penalty statement words the cap ("" — not named)


@dataclass(frozen=True, slots=True)
class Tier:
    """From delay day ``from_day`` on, the fraction ``1/denominator`` (``None``: no penalty)."""

    from_day: int
    denominator: int | None


@dataclass(frozen=True, slots=True)
class TierScheme:
    """The tiers of a category for debts whose first delay day falls in the validity dates."""

    category: str
    valid_from: date
    valid_to: date | None
    tiers: tuple[Tier, ...]
    norm: str
    document_basis: str = ""  # the norm as the penalty statement cites it ("" — ``norm``)


@dataclass(frozen=True, slots=True)
class Moratorium:
    """Days on which no penalty accrues (inclusive), for the categories and debts covered.

    ``debts_arisen_before``: only debts that arose before that date are covered (ПП № 497);
    ``None``: every debt of the categories (ПП № 424). ``kind`` is ``"moratorium"`` or
    ``"suspension"``, for the statement.
    """

    date_from: date
    date_to: date
    categories: frozenset[str]
    norm: str
    debts_arisen_before: date | None = None
    kind: str = "moratorium"


@dataclass(frozen=True, slots=True)
class PenaltyRules:
    """Everything dated a penalty calculation needs (built by ``reference.selectors``)."""

    key_rates: tuple[KeyRate, ...]
    rate_caps: tuple[RateCap, ...] = ()
    tier_schemes: tuple[TierScheme, ...] = ()
    moratoria: tuple[Moratorium, ...] = ()


@dataclass(frozen=True, slots=True)
class AppliedRate:
    """The rate used for a portion: the day it was taken on, the key rate, and why."""

    rate_percent: Decimal
    on: date
    key_rate_percent: Decimal | None
    norm: str


class PenaltyLine(NamedTuple):
    """One line of the statement: ``base × rate% / 100 × days / denominator``, rounded.

    (A named tuple rather than a frozen dataclass: lines are made by the hundred thousand.)
    """

    debt_id: DebtId
    date_from: date
    date_to: date
    days: int
    base: Decimal
    denominator: int
    rate_percent: Decimal
    amount: Decimal
    paid_on: date | None  # the payment date closing this portion; None for the unpaid rest
    rate_on: date
    norm: str  # the tier norm (190-ФЗ ст. 15 ч. 9.3 …)
    rate_norm: str  # where the rate comes from (key rate, ПП № 474 …)

    @property
    def fraction(self) -> str:
        return f"1/{self.denominator}"


@dataclass(frozen=True, slots=True)
class ExcludedPeriod:
    """Delay days of a portion on which a moratorium or suspension stopped the penalty."""

    debt_id: DebtId
    date_from: date
    date_to: date
    days: int
    base: Decimal
    norm: str


@dataclass(frozen=True, slots=True)
class PenaltyResult:
    total: Decimal
    lines: tuple[PenaltyLine, ...]
    allocations: tuple[Allocation, ...]
    unallocated: Decimal
    excluded: tuple[ExcludedPeriod, ...]
    norms: tuple[str, ...]


class PenaltyCalculator:
    """The rules of one category compiled for speed; build it with ``compile_calculator``."""

    def __init__(self, rules: PenaltyRules, category: str):
        if category not in CATEGORIES:
            raise RuleError(
                f"category: неизвестная категория «{category}»; допустимо: {', '.join(CATEGORIES)}",
                field="category",
            )
        self.category = category
        self._rate_cache: dict[date, AppliedRate] = {}
        self._plan_cache: dict[tuple[date, date | None], tuple] = {}
        self._compile_rates(rules)
        self._compile_schemes(rules)
        self._moratoria = tuple(
            (m.date_from.toordinal(), m.date_to.toordinal(),
             m.debts_arisen_before.toordinal() if m.debts_arisen_before else None, m.norm)
            for m in sorted(rules.moratoria, key=lambda m: (m.date_from, m.date_to))
            if category in m.categories
        )

    # -- rates ---------------------------------------------------------------------------
    def _compile_rates(self, rules: PenaltyRules) -> None:
        keys = sorted(rules.key_rates, key=lambda k: k.effective_from)
        key_ords = [k.effective_from.toordinal() for k in keys]
        caps = [c for c in rules.rate_caps if self.category in c.categories]
        points = set(key_ords)
        for cap in caps:
            points.add(cap.valid_from.toordinal())
            if cap.valid_to is not None:
                points.add(cap.valid_to.toordinal() + 1)
        self._rate_ords: list[int] = sorted(points)
        self._rate_values: list[tuple[Decimal | None, Decimal | None, str]] = []
        for point in self._rate_ords:
            i = bisect_right(key_ords, point) - 1
            key = keys[i].rate_percent if i >= 0 else None
            cap = next(
                (
                    c for c in caps
                    if c.valid_from.toordinal() <= point
                    and (c.valid_to is None or point <= c.valid_to.toordinal())
                ),
                None,
            )
            if cap is None:
                self._rate_values.append((key, key, KEY_RATE_NORM))
            elif cap.kind == CAP_FIXED:
                self._rate_values.append((cap.rate_percent, key, cap.norm))
            elif key is None:
                self._rate_values.append((None, None, cap.norm))
            else:
                self._rate_values.append((min(cap.rate_percent, key), key, cap.norm))

    def rate_on(self, day: date, *, field: str | None = None) -> AppliedRate:
        """The rate for a portion settled on ``day`` (key rate, capped where a cap applies)."""
        applied = self._rate_cache.get(day)
        if applied is not None:
            return applied
        i = bisect_right(self._rate_ords, day.toordinal()) - 1
        if i < 0 or self._rate_values[i][0] is None:
            raise RuleError(
                f"{field + ': ' if field else ''}нет ключевой ставки Банка России на "
                f"{day:%d.%m.%Y} — добавьте ее в справочник",
                field=field,
            )
        rate, key, norm = self._rate_values[i]
        applied = AppliedRate(rate_percent=rate, on=day, key_rate_percent=key, norm=norm)  # type: ignore[arg-type]  # None refused above
        if len(self._rate_cache) < _CACHE_LIMIT:
            self._rate_cache[day] = applied
        return applied

    # -- tiers ---------------------------------------------------------------------------
    def _compile_schemes(self, rules: PenaltyRules) -> None:
        schemes = sorted(
            (s for s in rules.tier_schemes if s.category == self.category), key=lambda s: s.valid_from
        )
        self._schemes = []
        for scheme in schemes:
            tiers = sorted(scheme.tiers, key=lambda t: t.from_day)
            merged: list[Tier] = []
            for tier in tiers:  # adjacent tiers with the same fraction make one line
                if merged and merged[-1].denominator == tier.denominator:
                    continue
                merged.append(tier)
            segments = []
            for n, tier in enumerate(merged):
                last = merged[n + 1].from_day - 1 if n + 1 < len(merged) else None
                if tier.denominator is not None:
                    segments.append((tier.from_day, last, tier.denominator, Decimal(100 * tier.denominator)))
            self._schemes.append((
                scheme.valid_from.toordinal(),
                scheme.valid_to.toordinal() if scheme.valid_to else None,
                tuple(segments),
                scheme.norm,
            ))

    def _scheme_for(self, first_delay_ord: int, field: str | None) -> tuple[tuple, str]:
        for valid_from, valid_to, segments, norm in self._schemes:
            if valid_from <= first_delay_ord and (valid_to is None or first_delay_ord <= valid_to):
                return segments, norm
        raise RuleError(
            f"{field + ': ' if field else ''}нет шкалы пени категории «{self.category}» для "
            f"просрочки, начавшейся {date.fromordinal(first_delay_ord):%d.%m.%Y}",
            field=field,
        )

    # -- portions ------------------------------------------------------------------------
    def _plan(self, due_date: date, arose_on: date | None, field: str | None) -> tuple:
        """What every portion of one debt shares: due ordinal, tier segments, moratoria.

        Debts of many consumers share due dates, so plans are kept per (due date, arose on).
        """
        plan = self._plan_cache.get((due_date, arose_on))
        if plan is None:
            plan = self._make_plan(due_date, arose_on, field)
            if len(self._plan_cache) < _CACHE_LIMIT:
                self._plan_cache[(due_date, arose_on)] = plan
        return plan

    def _make_plan(self, due_date: date, arose_on: date | None, field: str | None) -> tuple:
        due = due_date.toordinal()
        segments, norm = self._scheme_for(due + 1, field)
        arose = arose_on.toordinal() if arose_on else due + 1
        moratoria = tuple(
            (start, end, m_norm)
            for start, end, before, m_norm in self._moratoria
            if before is None or arose < before
        )
        return due, segments, norm, moratoria

    def _lines(self, plan: tuple, debt_id: DebtId, base: Decimal, through: date, rate: AppliedRate, paid_on: date | None,
               excluded: list[ExcludedPeriod] | None, lines: list[PenaltyLine]) -> Decimal:
        """Append the portion's lines to ``lines``; return their sum."""
        due, segments, norm, moratoria = plan
        delay_days = through.toordinal() - due
        subtotal = ZERO
        if delay_days <= 0 or not base:
            return subtotal
        rate_value, rate_on, rate_norm = rate.rate_percent, rate.on, rate.norm
        numerator = base * rate_value
        fromordinal = date.fromordinal
        for first, last, denominator, divisor in segments:
            if first > delay_days:
                break
            start = due + first
            end = due + (delay_days if last is None or last > delay_days else last)
            pieces = _subtract(start, end, moratoria, excluded, debt_id, base) if moratoria else ((start, end),)
            for piece_start, piece_end in pieces:
                days = piece_end - piece_start + 1
                amount = (numerator * days / divisor).quantize(CENT, ROUND_HALF_UP)
                subtotal += amount
                lines.append(PenaltyLine(
                    debt_id, fromordinal(piece_start), fromordinal(piece_end), days, base, denominator,
                    rate_value, amount, paid_on, rate_on, norm, rate_norm,
                ))
        return subtotal

    def portion_lines(
        self,
        *,
        debt_id: DebtId,
        due_date: date,
        base: Decimal,
        through: date,
        rate: AppliedRate,
        paid_on: date | None = None,
        arose_on: date | None = None,
        excluded: list[ExcludedPeriod] | None = None,
        field: str | None = None,
    ) -> list[PenaltyLine]:
        """Lines of one portion: ``base`` overdue from the day after ``due_date`` through
        ``through`` inclusive at ``rate``; moratorium days go to ``excluded`` when given."""
        lines: list[PenaltyLine] = []
        if through > due_date and base:
            plan = self._plan(due_date, arose_on, field)
            self._lines(plan, debt_id, base, through, rate, paid_on, excluded, lines)
        return lines

    def calculate(
        self,
        *,
        as_of: date,
        debts: Sequence[Debt],
        payments: Sequence[Payment] = (),
        rate_percent: Decimal | None = None,
    ) -> PenaltyResult:
        """Allocate ``payments`` to ``debts`` and compute every portion's lines as of ``as_of``.

        ``rate_percent``, when given, replaces the rate table (and its caps) for every line.
        """
        allocations, remaining, unallocated = allocate_payments(debts, payments, as_of=as_of)
        by_debt: dict[DebtId, list[Allocation]] = {}
        for allocation in allocations:
            by_debt.setdefault(allocation.debt_id, []).append(allocation)

        rates: dict[date, AppliedRate] = {}

        def rate_for(day: date, field: str) -> AppliedRate:
            applied = rates.get(day)
            if applied is None:
                if rate_percent is not None:
                    applied = AppliedRate(rate_percent, day, None, OVERRIDE_NORM)
                else:
                    applied = self.rate_on(day, field=field)
                rates[day] = applied
            return applied

        lines: list[PenaltyLine] = []
        excluded: list[ExcludedPeriod] = []
        used_norms: dict[str, None] = {}  # tier and rate norms of the portions that made lines
        total = ZERO
        for n, debt in enumerate(debts):
            due_date = debt.due_date
            late = [a for a in by_debt.get(debt.id, ()) if a.date > due_date]  # on time: no delay day
            rest = remaining[debt.id]
            if not late and not (rest and as_of > due_date):
                continue
            plan = self._plan(due_date, debt.arose_on, f"debts[{n}].due_date")
            for allocation in late:
                rate = rate_for(allocation.date, f"payments[{allocation.payment_index}].date")
                count = len(lines)
                total += self._lines(plan, debt.id, allocation.amount, allocation.date, rate, allocation.date,
                                     excluded, lines)
                if len(lines) > count:
                    used_norms[plan[2]] = used_norms[rate.norm] = None
            if rest and as_of > due_date:
                rate = rate_for(as_of, "as_of")
                count = len(lines)
                total += self._lines(plan, debt.id, rest, as_of, rate, None, excluded, lines)
                if len(lines) > count:
                    used_norms[plan[2]] = used_norms[rate.norm] = None
        total = total.quantize(CENT)
        norms = _unique(
            list(used_norms)
            + [period.norm for period in excluded]
            + [a.norm for a in allocations if a.norm]
        )
        return PenaltyResult(
            total=total,
            lines=tuple(lines),
            allocations=tuple(allocations),
            unallocated=unallocated,
            excluded=tuple(excluded),
            norms=norms,
        )


def _subtract(start: int, end: int, moratoria: tuple[tuple[int, int, str], ...], excluded: list[ExcludedPeriod] | None,
              debt_id: DebtId, base: Decimal) -> list[tuple[int, int]]:
    """Pieces of [start, end] (ordinals) outside the moratorium intervals (sorted)."""
    pieces = []
    cursor = start
    for m_start, m_end, norm in moratoria:
        if m_end < cursor:
            continue
        if m_start > end:
            break
        if m_start > cursor:
            pieces.append((cursor, m_start - 1))
        hidden_from, hidden_to = max(cursor, m_start), min(end, m_end)
        if excluded is not None and hidden_from <= hidden_to:
            excluded.append(ExcludedPeriod(
                debt_id=debt_id, date_from=date.fromordinal(hidden_from),
                date_to=date.fromordinal(hidden_to), days=hidden_to - hidden_from + 1,
                base=base, norm=norm,
            ))
        cursor = max(cursor, m_end + 1)
        if cursor > end:
            break
    if cursor <= end:
        pieces.append((cursor, end))
    return pieces


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for item in items if item))


@lru_cache(maxsize=64)
def compile_calculator(rules: PenaltyRules, category: str) -> PenaltyCalculator:
    """The compiled calculator for ``category`` (cached per process by the rules' content)."""
    return PenaltyCalculator(rules, category)


def calculate_penalty(
    *,
    category: str,
    as_of: date,
    debts: Sequence[Debt],
    payments: Sequence[Payment] = (),
    rules: PenaltyRules,
    rate_percent: Decimal | None = None,
) -> PenaltyResult:
    """Penalty of a consumer of ``category`` as of ``as_of`` (190-ФЗ ст. 15 ч. 9.1–9.3,
    ЖК РФ ст. 155 ч. 14, 44-ФЗ ст. 34 ч. 5; ПП РФ № 474, № 497, № 424 as given in ``rules``).

    See the module docstring for the conventions; the result carries every line, the
    allocation of payments, the excluded moratorium days and the norms applied.
    """
    return compile_calculator(rules, category).calculate(
        as_of=as_of, debts=debts, payments=payments, rate_percent=rate_percent
    )
