"""The losses report (потери): month by month and network section — what contract-less and
unmetered consumption was found (acts and the totals of their issued calculations), what
heat carrier leaked by the M1 − M2 imbalances the reading rules flagged, and what was
recovered by payments against the demands (docs/inspections.md, «Отчет о потерях»).

Reads only; plain rows of Decimal:

- an act counts in the month it was found (``found_on``) and in the network section of its
  object (the inspection's object from the register, else the object of its metering unit;
  «Участок не указан» otherwise); a filled act not yet issued does not count;
- its volume and money are those of its latest issued calculation (``CalculationTotal``,
  total with VAT); an act without a calculation counts with zero volume and money
  (``uncalculated`` says how many);
- heat carrier: each reading (not rejected) of the month flagged ``mass_imbalance`` adds
  M1 − M2, т, when positive (a negative difference is a metering error, not a loss),
  rounded half-up to 0.001 т;
- recovered: payments whose purpose names the act's or its demand's registration number
  (the demand prints both in the purpose of payment); counted in the act's month and
  section, so that a row compares what was found with what of it was paid. Payments are
  not linked otherwise: a payment naming neither is not counted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from documents.models import ArchivedDocument
from metering.models import ReadingFlag, ReadingStatus
from settlements.models import Payment

from .models import CalculationTotal, ViolationAct

ZERO = Decimal("0")
TONNE = Decimal("0.001")
NO_SECTION = "Участок не указан"
IMBALANCE_RULE = "mass_imbalance"
DEMAND_TEMPLATE = "inspections.payment_demand"


@dataclass
class LossRow:
    """One month of one network section (``section_code`` empty: acts of objects without a section)."""

    month: date  # the first day
    section_code: str
    section: str
    contractless_acts: int = 0
    contractless_gcal: Decimal = ZERO
    contractless_rub: Decimal = ZERO
    unmetered_acts: int = 0
    unmetered_gcal: Decimal = ZERO
    unmetered_rub: Decimal = ZERO
    uncalculated: int = 0
    imbalance_readings: int = 0
    carrier_loss_t: Decimal = ZERO
    recovered_rub: Decimal = ZERO

    @property
    def found_gcal(self) -> Decimal:
        return self.contractless_gcal + self.unmetered_gcal

    @property
    def found_rub(self) -> Decimal:
        return self.contractless_rub + self.unmetered_rub

    @property
    def outstanding_rub(self) -> Decimal:
        return self.found_rub - self.recovered_rub


@dataclass
class LossReport:
    date_from: date
    date_to: date
    rows: list[LossRow] = field(default_factory=list)
    total: LossRow | None = None


def month_start(day: date) -> date:
    return day.replace(day=1)


def _section(heated_object) -> tuple[str, str]:
    section = heated_object.network_section if heated_object is not None else None
    return (section.code, str(section)) if section is not None else ("", NO_SECTION)


def _act_section(act: ViolationAct) -> tuple[str, str]:
    inspection = act.inspection
    heated_object = inspection.heated_object or (inspection.unit.heated_object if inspection.unit else None)
    return _section(heated_object)


def _acts(date_from: date, date_to: date):
    return (ViolationAct.objects.filter(found_on__range=(date_from, date_to)).exclude(status=ViolationAct.Status.FILLED)
            .select_related("document", "inspection__heated_object__network_section",
                            "inspection__unit__heated_object__network_section"))


def _latest_totals(acts: list[ViolationAct]) -> dict[int, CalculationTotal]:
    latest: dict[int, CalculationTotal] = {}
    for total in CalculationTotal.objects.filter(act__in=acts).order_by("document__issued_at", "pk"):
        latest[total.act_id] = total  # type: ignore[index]
    return latest


def _numbers(acts: list[ViolationAct]) -> dict[int, list[str]]:
    """Registration numbers a payment may name, by act: the act's and its demands'."""
    numbers: dict[int, list[str]] = {act.pk: [act.document.number] if act.document is not None else []
                                     for act in acts}
    demands = ArchivedDocument.objects.filter(
        template_code=DEMAND_TEMPLATE, subject_type=ContentType.objects.get_for_model(ViolationAct),
        subject_id__in=list(numbers),
    ).values_list("subject_id", "number")
    for act_id, number in demands:
        numbers[act_id].append(number)
    return numbers


def _recovered(acts: list[ViolationAct]) -> dict[int, Decimal]:
    numbers = _numbers(acts)
    every = [n for found in numbers.values() for n in found]
    if not every:
        return {}
    query = Q()
    for number in every:
        query |= Q(purpose__icontains=number)
    paid: dict[int, Decimal] = defaultdict(lambda: ZERO)
    payments = Payment.objects.filter(query).exclude(kind=Payment.Kind.ADJUSTMENT).only("purpose", "amount")
    for payment in payments:
        purpose = payment.purpose.casefold()
        act_id = next((a for a, found in numbers.items() if any(n.casefold() in purpose for n in found)), None)
        if act_id is not None:
            paid[act_id] += payment.amount
    return paid


def _imbalances(date_from: date, date_to: date):
    return (ReadingFlag.objects.filter(rule=IMBALANCE_RULE, reading__period__range=(month_start(date_from), date_to))
            .exclude(reading__status=ReadingStatus.REJECTED)
            .select_related("reading__unit__heated_object__network_section"))


def losses_report(*, date_from: date, date_to: date, section_code: str = "") -> LossReport:
    """The rows of the months from ``date_from``'s to ``date_to``'s, of one section (its code) or of all,
    ordered by month and section, with their total."""
    rows: dict[tuple[date, str], LossRow] = {}

    def row(month: date, section: tuple[str, str]) -> LossRow | None:
        if section_code and section[0] != section_code:
            return None
        key = (month, section[0])
        if key not in rows:
            rows[key] = LossRow(month=month, section_code=section[0], section=section[1])
        return rows[key]

    acts = list(_acts(date_from, date_to))
    totals = _latest_totals(acts)
    recovered = _recovered(acts)
    for act in acts:
        target = row(month_start(act.found_on), _act_section(act))
        if target is None:
            continue
        total = totals.get(act.pk)
        volume, money = (total.volume_gcal, total.total) if total else (ZERO, ZERO)
        if act.kind == ViolationAct.Kind.CONTRACTLESS:
            target.contractless_acts += 1
            target.contractless_gcal += volume
            target.contractless_rub += money
        else:
            target.unmetered_acts += 1
            target.unmetered_gcal += volume
            target.unmetered_rub += money
        target.uncalculated += total is None
        target.recovered_rub += recovered.get(act.pk, ZERO)
    for flag in _imbalances(date_from, date_to):
        reading = flag.reading
        target = row(reading.period, _section(reading.unit.heated_object))
        if target is None:
            continue
        target.imbalance_readings += 1
        target.carrier_loss_t += max(reading.m1 - reading.m2, ZERO).quantize(TONNE, ROUND_HALF_UP)
    ordered = [rows[key] for key in sorted(rows, key=lambda k: (k[0], k[1] == "", k[1]))]
    return LossReport(date_from=date_from, date_to=date_to, rows=ordered, total=_total(ordered, date_from))


COUNTS = ("contractless_acts", "unmetered_acts", "uncalculated", "imbalance_readings")
AMOUNTS = ("contractless_gcal", "contractless_rub", "unmetered_gcal", "unmetered_rub", "carrier_loss_t", "recovered_rub")


def _total(rows: list[LossRow], date_from: date) -> LossRow:
    """The sum of the rows (each of them already rounded: Гкал to 0.001, т to 0.001, rubles to the kopeck)."""
    total = LossRow(month=month_start(date_from), section_code="", section="Итого")
    for name in COUNTS:
        setattr(total, name, sum(getattr(r, name) for r in rows))
    for name in AMOUNTS:
        setattr(total, name, sum((getattr(r, name) for r in rows), ZERO))
    return total
