"""State duty (государственная пошлина) on a money claim, НК РФ ст. 333.19, 333.21.

Norms (Федеральный закон от 08.08.2024 № 259-ФЗ, for claims filed from 09.09.2024):

- arbitration courts — НК РФ ст. 333.21 п. 1 пп. 1 (claim) and пп. 2 (court order: 50 % of
  the claim duty; the minimum of 8 000 ₽ is ⚠️ and kept as data);
- general courts — НК РФ ст. 333.19 п. 1 пп. 1 (claim; the brackets over 8 000 000 ₽ are ❓)
  and пп. 2 (court order: 50 % of the claim duty);
- court orders only for claims up to 500 000 ₽ (АПК РФ ст. 229.2, ГПК РФ ст. 121).

A scale is dated data: brackets ``base + percent × (claim − over)`` with an optional
maximum; a court-order scale takes ``percent_of_claim_duty`` of the claim duty of the same
court, with an optional minimum and the largest claim it admits.

Rounding: НК РФ ст. 52 п. 6 — the duty is computed in whole roubles, half-up; the court
order duty is the percentage of the rounded claim duty, rounded again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .errors import RuleError
from .rounding import HUNDRED, ZERO, money, rubles

ARBITRATION, GENERAL = "arbitration", "general"
COURTS = (ARBITRATION, GENERAL)
CLAIM, COURT_ORDER = "claim", "court_order"
PROCEDURES = (CLAIM, COURT_ORDER)
ROUNDING_NORM = "НК РФ ст. 52 п. 6"


@dataclass(frozen=True, slots=True)
class DutyBracket:
    """For a claim over ``over``: ``base + percent % × (claim − over)``."""

    over: Decimal
    base: Decimal
    percent: Decimal


@dataclass(frozen=True, slots=True)
class DutyScale:
    court: str
    procedure: str
    valid_from: date
    valid_to: date | None
    norm: str
    brackets: tuple[DutyBracket, ...] = ()
    maximum: Decimal | None = None
    minimum: Decimal | None = None
    percent_of_claim_duty: Decimal | None = None  # court orders
    max_claim: Decimal | None = None  # court orders: the largest claim admitted

    def in_force(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True, slots=True)
class StateDutyResult:
    court: str
    procedure: str
    claim_amount: Decimal
    claim_duty: Decimal
    amount: Decimal
    formula: str
    norm: str


def _scale(scales: Sequence[DutyScale], court: str, procedure: str, on: date) -> DutyScale:
    for scale in scales:
        if scale.court == court and scale.procedure == procedure and scale.in_force(on):
            return scale
    raise RuleError(f"date: нет шкалы госпошлины ({court}, {procedure}) на {on:%d.%m.%Y}", field="date")


def _fmt(value: Decimal) -> str:
    return f"{value.normalize():f}"


def claim_duty(claim_amount: Decimal, scale: DutyScale) -> tuple[Decimal, str]:
    """The claim duty by ``scale``'s brackets, in whole roubles (НК РФ ст. 52 п. 6)."""
    brackets = sorted(scale.brackets, key=lambda b: b.over)
    if not brackets:
        raise RuleError(f"у шкалы госпошлины «{scale.norm}» нет ступеней", field="court")
    bracket = next((b for b in reversed(brackets) if b.over < claim_amount), brackets[0])
    duty = bracket.base + (claim_amount - bracket.over) * bracket.percent / HUNDRED if bracket.percent else bracket.base
    formula = _fmt(bracket.base)
    if bracket.percent:
        formula += f" + {_fmt(bracket.percent)} % × ({_fmt(claim_amount)} − {_fmt(bracket.over)})"
    if scale.maximum is not None and duty > scale.maximum:
        duty = scale.maximum
        formula += f", не более {_fmt(scale.maximum)}"
    if scale.minimum is not None and duty < scale.minimum:
        duty = scale.minimum
        formula += f", не менее {_fmt(scale.minimum)}"
    return rubles(duty), formula


def state_duty(
    *, court: str, procedure: str, claim_amount: Decimal, on: date, scales: Sequence[DutyScale]
) -> StateDutyResult:
    """State duty on a money claim filed on ``on`` (НК РФ ст. 333.21 / ст. 333.19).

    Examples: arbitration 250 000 → 17 500; 1 500 000 → 70 000; 12 000 000 → 345 000;
    general courts 250 000 → 8 500 (court order 4 250); 1 500 000 → 30 000.
    """
    if court not in COURTS:
        raise RuleError(f"court: неизвестный суд «{court}»; допустимо: {', '.join(COURTS)}", field="court")
    if procedure not in PROCEDURES:
        raise RuleError(f"procedure: неизвестный порядок «{procedure}»; допустимо: {', '.join(PROCEDURES)}",
                        field="procedure")
    if claim_amount <= ZERO:
        raise RuleError("claim_amount: цена иска должна быть больше нуля", field="claim_amount")
    claim_scale = _scale(scales, court, CLAIM, on)
    duty, formula = claim_duty(claim_amount, claim_scale)
    if procedure == CLAIM:
        return StateDutyResult(court, procedure, money(claim_amount), duty, duty, formula,
                               f"{claim_scale.norm}; {ROUNDING_NORM}")
    order_scale = _scale(scales, court, COURT_ORDER, on)
    if order_scale.max_claim is not None and claim_amount > order_scale.max_claim:
        raise RuleError(
            f"claim_amount: судебный приказ выдается по требованиям не более {_fmt(order_scale.max_claim)} ₽",
            field="claim_amount",
        )
    percent = order_scale.percent_of_claim_duty if order_scale.percent_of_claim_duty is not None else HUNDRED
    amount = duty * percent / HUNDRED
    order_formula = f"{_fmt(percent)} % × {_fmt(duty)}"
    if order_scale.minimum is not None and amount < order_scale.minimum:
        amount = order_scale.minimum
        order_formula += f", не менее {_fmt(order_scale.minimum)}"
    if order_scale.maximum is not None and amount > order_scale.maximum:
        amount = order_scale.maximum
        order_formula += f", не более {_fmt(order_scale.maximum)}"
    return StateDutyResult(court, procedure, money(claim_amount), duty, rubles(amount),
                           f"{order_formula} (пошлина по иску: {formula})",
                           f"{order_scale.norm}; {claim_scale.norm}; {ROUNDING_NORM}")
