"""Context builders of the contract templates (``doc_templates/contracts``): plain dicts of
formatted values, one builder per template (docs/contracts.md, "Documents")."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from billing.forecast.compute import tariffs_of
from billing.models import Resource, month_end
from core.errors import ApplicationError
from documents.documents import signer_authority
from documents.formatting import (
    NBSP,
    date_long,
    date_short,
    genitive,
    money,
    number,
    person_short,
    position_genitive,
)
from reference.selectors import vat_rate_on
from regulations.errors import RuleError
from regulations.rounding import gcal
from regulations.rounding import money as round_money
from regulations.vat import vat_on_top
from subscribers.services import default_payment_terms

MONTHS = ("Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август", "Сентябрь", "Октябрь",
          "Ноябрь", "Декабрь")
CHART = (Decimal("95"), Decimal("70"))  # the design supply and return temperatures, °C
TENTH = Decimal("0.1")
ZERO = Decimal("0")


def head_signatory(organization):
    signer = organization.signatories.filter(active=True).order_by("-is_head", "last_name", "first_name").first()
    if signer is None:
        raise ApplicationError("У организации нет действующего подписанта", code="required", field="our_signatory")
    return signer


def party(organization=None, consumer=None) -> dict:
    """The requisites of a party for the preamble and the «Реквизиты» section."""
    if organization is not None:
        return {
            "full_name": organization.full_name, "short_name": organization.short_name,
            "legal_address": organization.legal_address, "postal_address": organization.postal_address,
            "ids": f"ОГРН {organization.ogrn}, ИНН {organization.inn}, КПП {organization.kpp}"
                   + (f", ОКПО {organization.okpo}" if organization.okpo else ""),
            "bank": f"р/с {organization.settlement_account} в {organization.bank_name}, "
                    f"к/с {organization.correspondent_account}, БИК {organization.bik}",
            "contacts": f"тел. {organization.phone}, e-mail {organization.email}"
                        + (f", диспетчер {organization.dispatch_phone}" if organization.dispatch_phone else ""),
        }
    ids = [f"ОГРН {consumer.ogrn}" if consumer.ogrn else "", f"ОГРНИП {consumer.ogrnip}" if consumer.ogrnip else "",
           f"ИНН {consumer.inn}" if consumer.inn else "", f"КПП {consumer.kpp}" if consumer.kpp else ""]
    return {
        "full_name": consumer.name, "short_name": consumer.short_name or consumer.name,
        "legal_address": consumer.legal_address or "—",
        "postal_address": consumer.postal_address or consumer.legal_address or "—",
        "ids": ", ".join(i for i in ids if i) or "—", "bank": "—",
        "contacts": ", ".join(c for c in (f"тел. {consumer.phone}" if consumer.phone else "",
                                          f"e-mail {consumer.email}" if consumer.email else "") if c) or "—",
    }


def _acting(middle_name: str) -> str:
    return "действующей" if (middle_name or "").endswith(("вна", "чна", "кызы")) else "действующего"


def our_signer(application) -> dict:
    s = application.our_signatory
    authority = signer_authority(s).replace("действующая", "действующей").replace("действующий", "действующего")
    return {"position": s.position, "name": person_short(s.last_name, s.first_name, s.middle_name),
            "preamble": f"{position_genitive(s.position)} {genitive(s.last_name, s.first_name, s.middle_name)}, "
                        f"{authority or _acting(s.middle_name) + ' на основании Устава'}"}


def consumer_signer(application) -> dict:
    a = application
    if a.signer_basis == "poa":
        basis = f"доверенности №{NBSP}{a.signer_poa_number} от {date_short(a.signer_poa_date)}"
    elif a.signer_basis == "registration":
        basis = "свидетельства о государственной регистрации"
    else:
        basis = "Устава"
    name = genitive(a.signer_last_name, a.signer_first_name, a.signer_middle_name)
    return {"position": a.signer_position or "", "name": person_short(a.signer_last_name, a.signer_first_name,
                                                                       a.signer_middle_name),
            "preamble": f"{position_genitive(a.signer_position) + ' ' if a.signer_position else ''}{name}, "
                        f"{_acting(a.signer_middle_name)} на основании {basis}"}


def _loads(application) -> list:
    return list(application.loads.select_related("heated_object", "metering_unit").order_by("heated_object__code"))


def _load_total(volumes: dict) -> Decimal:
    return sum((Decimal(v[k]) for v in volumes.values() for k in ("heating", "hot_water")), ZERO)


def object_rows(loads) -> list[dict]:
    """Annex 1, the loads: per object and type of use, with the year's contract volume."""
    return [{
        "index": n, "name": load.heated_object.name, "address": load.heated_object.address,
        "cadastral": load.heated_object.cadastral_number or "—", "supply_point": load.supply_point,
        "heating": number(load.heating, 4), "ventilation": number(load.ventilation, 4),
        "hot_water_avg": number(load.hot_water_avg, 4), "hot_water_max": number(load.hot_water_max, 4),
        "total": number(load.total, 4), "t_design": number(load.design_outdoor_temperature, 1),
        "annual": number(gcal(_load_total(load.volumes)), 3),
    } for n, load in enumerate(loads, 1)]


def month_volumes(loads) -> list[tuple[Decimal, Decimal]]:
    """Annex 1, the monthly contract volumes of all objects: (heating, hot water) Гкал by month."""
    result = []
    for month in range(1, 13):
        heating = sum((Decimal(load.volumes[str(month)]["heating"]) for load in loads), ZERO)
        hot_water = sum((Decimal(load.volumes[str(month)]["hot_water"]) for load in loads), ZERO)
        result.append((heating, hot_water))
    return result


def volume_rows(loads) -> list[dict]:
    rows = [{"month": MONTHS[n], "heating": number(h, 3), "hot_water": number(w, 3), "total": number(h + w, 3)}
            for n, (h, w) in enumerate(month_volumes(loads))]
    heating = sum((h for h, _ in month_volumes(loads)), ZERO)
    hot_water = sum((w for _, w in month_volumes(loads)), ZERO)
    rows.append({"month": "Итого за год", "heating": number(heating, 3), "hot_water": number(hot_water, 3),
                 "total": number(heating + hot_water, 3)})
    return rows


def temperature_chart(*, t_inside: Decimal, t_design: Decimal, supply: Decimal = CHART[0], ret: Decimal = CHART[1],
                      step: int = 2) -> list[dict]:
    """Annex 3: the supply and return temperatures of the design chart (quality regulation by
    the relative heating load, linear: T = t_in + (T_design − t_in)·(t_in − t_out)/(t_in − t_design))
    from +8 °C down to the design outdoor temperature."""
    rows = []
    t_out = Decimal("8")
    while True:
        share = (t_inside - t_out) / (t_inside - t_design)
        t1 = (t_inside + (supply - t_inside) * share).quantize(TENTH, ROUND_HALF_UP)
        t2 = (t_inside + (ret - t_inside) * share).quantize(TENTH, ROUND_HALF_UP)
        rows.append({"t_out": number(t_out, 0), "t1": number(t1, 1), "t2": number(t2, 1)})
        if t_out <= t_design:
            return rows
        t_out = max(t_out - step, t_design)


def _day(value: int | None, *, next_month: bool = False) -> str:
    if value is None:
        return "последнего дня текущего месяца"
    return f"{value}-го числа {'следующего' if next_month else 'текущего'} месяца"


def payment(application, loads) -> dict:
    """Annex 4: the tariff with its decision, the category's terms (ПП РФ № 808 п. 35 unless
    the contract says otherwise) and the planned monthly instalments."""
    valid_from = application.valid_from
    terms = default_payment_terms(application.consumer, on=valid_from)
    tariff = tariffs_of(application.tariff_group_id, valid_from.replace(day=1)).get(Resource.HEAT_ENERGY)
    if tariff is None:
        raise ApplicationError(f"Нет тарифа на тепловую энергию группы «{application.tariff_group}» на "
                               f"{date_short(valid_from)}", code="tariff_missing", field="tariff_group")
    rows = []
    p1, p2 = terms["advance1_percent"], terms["advance2_percent"]
    for n, (heating, hot_water) in enumerate(month_volumes(loads)):
        month = date(valid_from.year, n + 1, 1)
        try:
            rate = vat_rate_on(month_end(month)).rate_percent
        except RuleError as exc:
            raise ApplicationError(exc.message, code="vat_missing", field="valid_from") from exc
        cost = vat_on_top(round_money((heating + hot_water) * tariff.energy_rate), rate).gross
        first, second = round_money(cost * p1 / 100), round_money(cost * p2 / 100)
        rows.append({"month": MONTHS[n], "gcal": number(heating + hot_water, 3), "cost": money(cost),
                     "first": money(first), "second": money(second), "balance": money(cost - first - second)})
    lines = []
    if p1:
        lines.append(f"{number(p1, 0)} % плановой стоимости месяца — до {_day(terms['advance1_day'])};")
    if p2:
        lines.append(f"{number(p2, 0)} % плановой стоимости месяца — до {_day(terms['advance2_day'])};")
    lines.append(f"окончательный расчет за фактическое потребление — до {_day(terms['final_payment_day'], next_month=True)}; "
                 "переплата засчитывается в счет следующего месяца.")
    return {"tariff": f"{money(tariff.energy_rate)} за 1 Гкал без НДС",
            "decision": f"{tariff.regulator}, решение №{NBSP}{tariff.decision_number} от {date_short(tariff.decision_date)}",
            "terms": lines, "rows": rows}


def unit_rows(loads) -> list[dict]:
    """Annex 5: the metering units of the points of supply."""
    return [{"index": n, "number": load.metering_unit.number, "location": load.metering_unit.location,
             "object": f"{load.heated_object.name}, {load.heated_object.address}",
             "commissioned": date_short(load.metering_unit.commissioned_on) if load.metering_unit.commissioned_on else "—",
             "admitted_until": date_short(load.metering_unit.admitted_until) if load.metering_unit.admitted_until else "—"}
            for n, load in enumerate((ld for ld in loads if ld.metering_unit_id), 1)]


def _parties(application) -> dict:
    from subscribers.selectors import our_organization

    return {"organization": party(organization=our_organization(required=True)),
            "consumer": party(consumer=application.consumer),
            "our_signer": our_signer(application), "consumer_signer": consumer_signer(application)}


def contract_context(application) -> dict:
    """``contracts.contract``: the contract with its five annexes."""
    loads = _loads(application)
    organization = _parties(application)
    first = loads[0]
    return {
        **organization,
        "contract": {"city": application.our_signatory.organization.city or "—",
                     "valid_from": date_long(application.valid_from),
                     "valid_to": date_long(application.valid_to) if application.valid_to else "",
                     "objects": "; ".join(f"{ld.heated_object.name}, {ld.heated_object.address}" for ld in loads)},
        "objects": object_rows(loads),
        "volumes": volume_rows(loads),
        "boundary": {"balance": application.balance_boundary,
                     "operational": application.operational_boundary or application.balance_boundary,
                     "rows": [{"index": n, "object": f"{ld.heated_object.name}, {ld.heated_object.address}",
                               "point": ld.supply_point} for n, ld in enumerate(loads, 1)]},
        "chart": temperature_chart(t_inside=first.heated_object.design_indoor_temperature,
                                   t_design=first.design_outdoor_temperature),
        "payment": payment(application, loads),
        "units": unit_rows(loads),
    }


def _contract_ref(application) -> dict:
    if application.is_amendment:
        contract = application.base_contract
        return {"number": contract.number, "date": date_short(contract.signed_on)}
    package = application.package
    return {"number": package.number, "date": date_short(timezone.localdate(package.issued_at))}


def amendment_context(application) -> dict:
    """``contracts.supplementary_agreement``: what changes, and Annex 1 in the new wording."""
    loads = _loads(application)
    return {
        **_parties(application),
        "contract": _contract_ref(application),
        "changes": [line.strip() for line in application.changes.splitlines() if line.strip()],
        "effective_from": date_short(application.valid_from),
        "objects": object_rows(loads),
        "volumes": volume_rows(loads),
    }


def _points(protocol, *, agreed: bool) -> list[dict]:
    rows = []
    for n, point in enumerate(protocol.points.all(), 1):
        row = {"index": n, "clause": point.clause, "ours": point.our_wording, "theirs": point.their_wording}
        if agreed:
            row["agreed"] = point.final_wording
        rows.append(row)
    return rows


def disagreement_context(protocol) -> dict:
    """``contracts.disagreement_protocol``: the consumer's objections as recorded, point by point."""
    application = protocol.application
    return {**_parties(application), "contract": _contract_ref(application),
            "protocol": {"round": protocol.round, "received_on": date_short(protocol.received_on)},
            "points": _points(protocol, agreed=False)}


def agreement_context(protocol) -> dict:
    """``contracts.agreement_protocol``: our answer — the wording agreed for each point."""
    application = protocol.application
    return {**_parties(application), "contract": _contract_ref(application),
            "protocol": {"round": protocol.round, "received_on": date_short(protocol.received_on),
                         "number": protocol.recorded.number if protocol.recorded else "—"},
            "points": _points(protocol, agreed=True)}
