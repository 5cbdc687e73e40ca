"""The limitation period (исковая давность) of a debt and its interruption.

Norms:

- ГК РФ ст. 196 п. 1 — the general limitation period is three years;
- ГК РФ ст. 200 п. 1, 2 — for an obligation with a term of performance it runs from the end of
  that term: the creditor learns of the breach on the day after the due date (Пленум ВС РФ
  от 29.09.2015 № 43, п. 24: each periodic payment separately);
- ГК РФ ст. 191, 192 п. 1, 3 — a period in years ends on the corresponding day of its last
  year (the last day of the month when that month has no such day);
- ГК РФ ст. 193 — a last day that is a non-working day moves to the next working day;
- ГК РФ ст. 203 — the period is interrupted by the obligor's acts acknowledging the debt
  (a signed reconciliation act; a partial payment when the debtor acknowledged the debt with
  it — Пленум ВС РФ № 43, п. 20): it runs anew from the acknowledgement, the time before
  it does not count;
- ГК РФ ст. 206 п. 2 — after the period has run out, only a written acknowledgement starts it
  anew (a partial payment then does not).

The limitation date here is the last day on which a suit is still within the period.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from .errors import RuleError

GENERAL_PERIOD_YEARS = 3  # ГК РФ ст. 196 п. 1
RECONCILIATION, PARTIAL_PAYMENT = "reconciliation", "partial_payment"
ACKNOWLEDGEMENT_KINDS = (RECONCILIATION, PARTIAL_PAYMENT)
WRITTEN = (RECONCILIATION,)  # ГК РФ ст. 206 п. 2: a written acknowledgement


class WorkingDays(Protocol):
    def is_working_day(self, day: date) -> bool: ...


@dataclass(frozen=True, slots=True)
class Acknowledgement:
    """An act of the debtor acknowledging the debt on ``on``: ``kind`` is a signed
    reconciliation act or a partial payment made acknowledging the debt."""

    on: date
    kind: str


@dataclass(frozen=True, slots=True)
class Limitation:
    """The limitation of one debt: the last day a suit is in time, from what it runs, and
    the norms applied (quotable in a document)."""

    expires_on: date
    runs_from: date
    acknowledgement: Acknowledgement | None
    norm: str


def add_years(day: date, years: int) -> date:
    """``day`` moved by ``years``: the corresponding day, or the last day of the month when
    there is no such day (29 February → 28 February) — ГК РФ ст. 192 п. 1, 3."""
    year = day.year + years
    return date(year, day.month, min(day.day, monthrange(year, day.month)[1]))


def _working_day(day: date, calendar: WorkingDays | None) -> date:
    if calendar is None:
        return day
    for _ in range(366):
        if calendar.is_working_day(day):
            return day
        day += timedelta(days=1)
    raise RuleError(f"calendar: нет рабочего дня в течение года после {day:%d.%m.%Y}", field="calendar")


def limitation(*, due_date: date, acknowledgements: Iterable[Acknowledgement] = (),
               years: int = GENERAL_PERIOD_YEARS, calendar: WorkingDays | None = None) -> Limitation:
    """The limitation date of a debt payable by ``due_date`` (ГК РФ ст. 196, 200), moved by
    the debtor's ``acknowledgements`` (ГК РФ ст. 203; after expiry only a written one, ст. 206
    п. 2); with a production ``calendar``, a last day off moves to the next working day
    (ГК РФ ст. 193).

    Examples: due 10.03.2026 → breach known 11.03.2026 → last day 11.03.2029; a reconciliation
    signed 15.05.2027 → 15.05.2030; due 28.02.2027 → breach 01.03.2027 → 01.03.2030.
    """
    if years <= 0:
        raise RuleError("years: срок исковой давности должен быть больше нуля", field="years")
    norms = ["ГК РФ ст. 196 п. 1", "ст. 200 п. 2", "ст. 191, 192"]
    runs_from = due_date + timedelta(days=1)
    expires = add_years(runs_from, years)
    moved_by, after_expiry = None, False
    for ack in sorted(acknowledgements, key=lambda a: a.on):
        if ack.kind not in ACKNOWLEDGEMENT_KINDS:
            raise RuleError(f"acknowledgements: неизвестный вид признания долга «{ack.kind}»", field="acknowledgements")
        if ack.on < runs_from:
            continue  # before the breach there is no period to interrupt
        expired = ack.on > _working_day(expires, calendar)
        if expired and ack.kind not in WRITTEN:
            continue  # ГК РФ ст. 206 п. 2: after expiry only a written acknowledgement
        runs_from, expires, moved_by, after_expiry = ack.on, add_years(ack.on, years), ack, expired
    if moved_by is not None:
        norms.append("ст. 206 п. 2" if after_expiry else "ст. 203")
    expires_on = _working_day(expires, calendar)
    if expires_on != expires:
        norms.append("ст. 193")
    return Limitation(expires_on, runs_from, moved_by, ", ".join(norms))


CHARTER, POWER_OF_ATTORNEY = "charter", "poa"


@dataclass(frozen=True, slots=True)
class SignerAuthority:
    """Whether a signed reconciliation act acknowledges the debt, and why (quotable)."""

    acknowledges: bool
    reason: str


def reconciliation_signer_authority(*, basis: str, signed_on: date, poa_valid_until: date | None = None
                                    ) -> SignerAuthority:
    """A reconciliation act acknowledges the debt and interrupts the limitation (ГК РФ ст. 203)
    only when it is signed by a person authorised to act for the debtor: the head acting on
    the charter (ГК РФ ст. 53 п. 1) or an attorney whose power of attorney is in force on the
    day of signing (ГК РФ ст. 185, 186, 188 п. 1 пп. 1; Пленум ВС РФ от 29.09.2015 № 43, п. 22).
    A signature without proven authority (an accountant without a power of attorney) does not.

    Examples: a charter → acknowledges; a power of attorney valid to 31.12.2026, signed
    15.12.2026 → acknowledges; signed 10.01.2027 → does not (expired).
    """
    if basis == CHARTER:
        return SignerAuthority(True, "подписан руководителем, действующим на основании устава (ГК РФ ст. 53, 203)")
    if basis == POWER_OF_ATTORNEY:
        if poa_valid_until is None:
            raise RuleError("poa_valid_until: укажите срок действия доверенности", field="poa_valid_until")
        if signed_on > poa_valid_until:
            return SignerAuthority(False, f"доверенность истекла {poa_valid_until:%d.%m.%Y} — до подписания акта "
                                          "(ГК РФ ст. 188): срок исковой давности не прерывается")
        return SignerAuthority(True, f"подписан представителем по доверенности, действующей по "
                                     f"{poa_valid_until:%d.%m.%Y} (ГК РФ ст. 185, 203)")
    return SignerAuthority(False, "полномочия подписавшего не подтверждены: срок исковой давности не прерывается "
                                  "(ГК РФ ст. 203, Пленум ВС РФ № 43, п. 22)")
