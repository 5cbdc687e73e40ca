"""«Расчет объема и стоимости» of contract-less or unmetered consumption: its context builder
(``calculation_context``, template ``inspections.violation_calculation``) and the service that
issues it (``calculation_issue``).

The inputs are plain — the person, the object's address, the act's number and date — so that
the act of a field inspection can be wired in later by passing its values and itself as the
document's ``subject``. The figures are ``inspections.calculation.calculate``'s, formatted
(documents.formatting); the table is one row per month and type of use, as the calculation
of a court case shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import models, transaction

from core.errors import ApplicationError
from core.permissions import require
from documents import formatting
from documents.documents import consumer_addressee, executor_block, organization_requisites, signer_block
from subscribers.models import Signatory

from .calculation import CARRIER, CONTRACTLESS, HEAT, HOT_WATER, LOAD_BASES, START_BASES, USES, Calculation

TEMPLATE = "inspections.violation_calculation"
PERMISSION = "inspections.issue_calculation"
DASH = "—"
ACT_TITLES = {
    CONTRACTLESS: "Акт о выявлении бездоговорного потребления тепловой энергии",
    "unmetered": "Акт о нарушении учета (безучетное потребление тепловой энергии)",
}
HEADINGS = {
    CONTRACTLESS: "объема и стоимости бездоговорного потребления тепловой энергии",
    "unmetered": "объема и стоимости безучетного потребления тепловой энергии",
}
MONTHS = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь",
          "декабрь")
STATUTE = "ч. 8–10 ст. 22 Федерального закона от 27.07.2010 № 190-ФЗ «О теплоснабжении»"
METHOD = ("Методика осуществления коммерческого учета тепловой энергии, теплоносителя (приказ Минстроя России "
          "от 17.03.2014 № 99/пр), расчетный способ")
RULES_1034 = ("Правила коммерческого учета тепловой энергии, теплоносителя (постановление Правительства РФ "
              "от 18.11.2013 № 1034)")
TAX = "п. 3 ст. 164 Налогового кодекса Российской Федерации"
FORMULAS = (
    "Отопление и вентиляция: Q = Qр × (tв − tн.ср) / (tв − tн.р) × 24 × n, Гкал, где n — дни отопительного "
    "периода в месяце, tн.ср — средняя за эти дни температура наружного воздуха по данным метеостанции.",
    "Горячее водоснабжение: Q = Qгвс.ср × 24 × n, Гкал, где n — дни месяца в периоде; теплоноситель (горячая "
    "вода) G = Q / qгвс, м³, где qгвс — расход тепловой энергии на подогрев 1 м³ горячей воды по тарифу.",
)
# what the table calls the two lines of hot water
COMPONENTS = {HEAT: "тепловая энергия", CARRIER: "теплоноситель"}


@dataclass(frozen=True, slots=True)
class Party:
    """Who consumed: a consumer of the register or someone without a contract, as the act names them.

    ``details`` — ИНН/ОГРН or passport; ``addressee`` — the lines a letter to them starts with
    (``documents.documents.consumer_addressee`` for a consumer; name and address otherwise).
    """

    name: str
    details: str = ""
    address: str = ""
    addressee: tuple[str, ...] = ()

    def addressee_lines(self) -> list[str]:
        return list(self.addressee) or [line for line in (self.name, self.address) if line]


def party_from_consumer(consumer) -> Party:
    """The ``Party`` of a consumer of the register (``subscribers.Consumer``)."""
    details = ", ".join(p for p in (consumer.inn and f"ИНН {consumer.inn}", consumer.ogrn and f"ОГРН {consumer.ogrn}")
                        if p)
    return Party(name=consumer.short_name or consumer.name, details=details,
                 address=consumer.legal_address or consumer.postal_address,
                 addressee=tuple(consumer_addressee(consumer)))


def month_name(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}{formatting.NBSP}г."


def _temperature(value) -> str:
    """°C to 0.1 with the minus sign of print: ``−10,0``."""
    return DASH if value is None else formatting.temperature(value)


def act_block(kind: str, number: str, day: date) -> dict:
    title = ACT_TITLES[kind]
    return {"title": title, "name": title[:1].lower() + title[1:], "number": number, "date": formatting.date_short(day)}


def period_block(result: Calculation) -> dict:
    data = result.input
    cut = ""
    if result.days_cut:
        cut = (f"Период ограничен {result.max_years} годами, предшествующими дню выявления (ч. 10 ст. 22 "
               f"Федерального закона от 27.07.2010 № 190-ФЗ): расчет с {formatting.date_short(result.billed_start)}, "
               f"исключено {result.days_cut}{formatting.NBSP}дн.")
    return {
        "start": formatting.date_short(data.period_start),
        "end": formatting.date_short(data.period_end),
        "basis": START_BASES[data.start_basis],
        "days_claimed": str(result.days_claimed),
        "billed_start": formatting.date_short(result.billed_start),
        "days_billed": str(result.days_billed),
        "cut": cut,
    }


def totals_block(result: Calculation) -> dict:
    return {
        "volume": formatting.gcal(result.volume_gcal),
        # the hot water drawn, м³: empty without hot water (the sentence leaves it out), a dash in the table
        "carrier": formatting.gcal(result.carrier_m3) if result.carrier_m3 else "",
        "carrier_cell": formatting.gcal(result.carrier_m3) if result.carrier_m3 else DASH,
        "cost": formatting.money(result.cost, "руб."),
        "multiplier": formatting.plain_number(result.multiplier),
        "surcharge": formatting.money(result.surcharge, "руб."),
        "amount": formatting.money(result.amount_without_vat, "руб."),
        "vat_percent": f"{formatting.plain_number(result.vat_percent)}{formatting.NBSP}%",
        "vat": formatting.money(result.vat, "руб."),
        "total": formatting.money(result.total, "руб."),
        "total_words": formatting.money_words(result.total),
        # the table's «Итого» row: the figures without the currency, as its other cells
        "amount_cell": formatting.amount(result.amount_without_vat),
        "vat_cell": formatting.amount(result.vat),
        "total_cell": formatting.amount(result.total),
    }


def table_rows(result: Calculation) -> list[dict]:
    """One row per month and type of use, hot water in two (its heat, Гкал, and its heat carrier,
    м³, each at its component of the tariff): the table of the calculation (documents)."""
    rows = []
    for row in result.rows:
        for line in row.lines:
            seasonal = line.t_out is not None
            carrier = line.component == CARRIER
            rows.append({
                "month": month_name(row.month),
                "days": str(line.days),
                "use": f"{USES[line.use]}: {COMPONENTS[line.component]}" if line.use == HOT_WATER else USES[line.use],
                "load": formatting.number(line.load_gcal_h, 4),
                "t_in": _temperature(result.input.t_inside) if seasonal else DASH,
                "t_out": _temperature(line.t_out),
                "t_design": _temperature(result.t_outside_design) if seasonal else DASH,
                "volume": DASH if carrier else formatting.gcal(line.volume_gcal),
                "carrier": formatting.gcal(line.carrier_m3) if line.carrier_m3 is not None else DASH,
                "tariff": formatting.amount(line.rate),
                "multiplier": formatting.plain_number(result.multiplier),
                "amount": formatting.amount(line.amount),
                "vat": formatting.amount(line.vat),
                "total": formatting.amount(line.total),
            })
    return rows


def _valid(tariff) -> str:
    return (f"с {formatting.date_short(tariff.valid_from)}"
            + (f" по {formatting.date_short(tariff.valid_to)}" if tariff.valid_to else ""))


def tariff_lines(result: Calculation) -> list[str]:
    """The tariffs applied, each once: heat energy (if heating or ventilation is charged) and hot water."""
    seen: list[str] = []
    for row in result.rows:
        texts = []
        if any(line.use != HOT_WATER for line in row.lines):
            tariff = row.tariff
            texts.append(f"тепловая энергия: {formatting.money(tariff.rate, 'руб.')}/Гкал без НДС {_valid(tariff)}: "
                         f"{tariff.decision}")
        if row.hot_water_tariff is not None:
            hw = row.hot_water_tariff
            texts.append(f"горячая вода: компонент на теплоноситель {formatting.money(hw.carrier_rate, 'руб.')}/м³, "
                         f"компонент на тепловую энергию {formatting.money(hw.energy_rate, 'руб.')}/Гкал без НДС, "
                         f"qгвс = {formatting.number(hw.heat_per_m3, 6)} Гкал/м³, {_valid(hw)}: {hw.decision}")
        for text in texts:
            if text not in seen:
                seen.append(text)
    return seen


def document_norms(result: Calculation) -> list[str]:
    """The norms as a document cites them (``result.norms`` keeps the reference data's wording)."""
    first = [STATUTE] if result.input.kind == CONTRACTLESS or result.days_cut else [RULES_1034]
    return [*first, METHOD, TAX]


def calculation_context(result: Calculation, *, organization, party: Party, object_address: str, act_number: str,
                        act_date: date, signer, actor) -> dict:
    """``inspections.violation_calculation``: Расчет объема и стоимости (the table month by month)."""
    kind = result.input.kind
    return {
        "organization": organization_requisites(organization),
        "heading": HEADINGS[kind],
        "act": act_block(kind, act_number, act_date),
        "party": {"name": party.name, "details": party.details, "address": party.address},
        "object": {"address": object_address, "station": result.station},
        "period": period_block(result),
        "loads": [
            {"use": USES[load.use], "load": formatting.number(load.load_gcal_h, 4),
             "basis": f"{LOAD_BASES[load.basis_kind]}: {load.basis}"}
            for load in result.input.loads
        ],
        "formulas": list(FORMULAS),
        "rows": table_rows(result),
        "totals": totals_block(result),
        "tariffs": tariff_lines(result),
        "norms": document_norms(result),
        "signer": signer_block(signer),
        "executor": executor_block(actor, phone=organization.phone),
    }


def document_signer(organization):
    """Who signs the calculation and the demand: the head of the organisation, else the first active signatory."""
    signer = (Signatory.objects.filter(organization=organization, active=True)
              .order_by("-is_head", "last_name", "first_name").first())
    if signer is None:
        raise ApplicationError("Нет действующего подписанта нашей организации", code="signer_missing", field="signer")
    return signer


@transaction.atomic
def calculation_issue(*, result: Calculation, party: Party, object_address: str, act_number: str, act_date: date,
                      subject: models.Model, actor, process=None, task=None):
    """Issue «Расчет объема и стоимости» of ``result`` into the archive
    (``documents.services.issue_document``), about ``subject`` (the act; a consumer until acts
    exist) and keep its totals as numbers (``CalculationTotal``). Returns the ``ArchivedDocument``."""
    from documents.services import issue_document
    from subscribers.selectors import our_organization

    require(actor, PERMISSION)
    organization = our_organization(required=True)
    context = calculation_context(result, organization=organization, party=party, object_address=object_address,
                                  act_number=act_number, act_date=act_date, signer=document_signer(organization),
                                  actor=actor)
    document = issue_document(template=TEMPLATE, context=context, subject=subject, actor=actor, process=process,
                              task=task)
    _keep_totals(result, document, subject)
    return document


def _keep_totals(result: Calculation, document, subject) -> None:
    """The calculation's totals as numbers, for the losses report (``inspections.losses``)."""
    from .models import CalculationTotal, ViolationAct

    CalculationTotal.objects.create(
        document=document, act=subject if isinstance(subject, ViolationAct) else None, kind=result.input.kind,
        period_start=result.billed_start, period_end=result.input.period_end, volume_gcal=result.volume_gcal,
        amount_without_vat=result.amount_without_vat, vat=result.vat, total=result.total,
    )
