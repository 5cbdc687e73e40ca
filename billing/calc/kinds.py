"""One function per calculation kind: read the input, load the dated reference data,
call ``regulations``, format the result. Input and output shapes: issue 6, item 6.
"""

from __future__ import annotations

from datetime import date

from reference import selectors
from regulations import contractless as contractless_rules
from regulations import penalties, quality, state_duty, volumes

from . import formatting as fmt
from .parsing import Reader

# Bounds of the physical inputs (beyond the general ones of ``core.bounds``).
CELSIUS = {"minimum": -100, "maximum": 100}  # a temperature, °C
PERCENT = {"minimum": 0, "maximum": 100}
MAX_DAYS = 3660  # ten years: the longest stretch a volume is computed for
MAX_HOURS = 744  # hours in the longest month


def penalty(data: Reader, *, today: date) -> dict:
    """``penalty``: statutory penalty on debts with payments as of a date
    (190-ФЗ ст. 15 ч. 9.1–9.3, ЖК РФ ст. 155 ч. 14)."""
    category = data.choice("category", penalties.CATEGORIES)
    as_of = data.date("as_of")
    debts = [
        penalties.Debt(id=item.text("id"), amount=item.money("amount"), due_date=item.date("due_date"))
        for item in data.items("debts", non_empty=True)
    ]
    payments = [
        penalties.Payment(date=item.date("date"), amount=item.money("amount"),
                          debt_id=item.text("debt_id", required=False))
        for item in data.items("payments", required=False)
    ]
    rate_percent = data.decimal("rate_percent", required=False, **PERCENT)
    result = penalties.calculate_penalty(
        category=category, as_of=as_of, debts=debts, payments=payments,
        rules=selectors.penalty_rules(), rate_percent=rate_percent,
    )
    return {
        "total": fmt.money(result.total),
        "category": category,
        "as_of": fmt.day(as_of),
        "lines": [
            {
                "debt_id": line.debt_id,
                "date_from": fmt.day(line.date_from),
                "date_to": fmt.day(line.date_to),
                "days": line.days,
                "base": fmt.money(line.base),
                "fraction": line.fraction,
                "rate_percent": fmt.number(line.rate_percent),
                "amount": fmt.money(line.amount),
                "paid_on": fmt.day(line.paid_on),
                "rate_date": fmt.day(line.rate_on),
                "formula": (f"{fmt.money(line.base)} × {line.days} дн. × {line.fraction} × "
                            f"{fmt.number(line.rate_percent)} %"),
                "norm": line.norm,
                "rate_norm": line.rate_norm,
            }
            for line in result.lines
        ],
        "allocations": [
            {"payment_index": a.payment_index, "debt_id": a.debt_id, "date": fmt.day(a.date),
             "amount": fmt.money(a.amount), "norm": a.norm}
            for a in result.allocations
        ],
        "unallocated": fmt.money(result.unallocated),
        "excluded": [
            {"debt_id": e.debt_id, "date_from": fmt.day(e.date_from), "date_to": fmt.day(e.date_to),
             "days": e.days, "base": fmt.money(e.base), "norm": e.norm}
            for e in result.excluded
        ],
        "norms": list(result.norms),
    }


def _periods(data: Reader) -> list[volumes.HeatingPeriod]:
    return [
        volumes.HeatingPeriod(days=item.integer("days", maximum=MAX_DAYS), t_out=item.decimal("t_out", **CELSIUS))
        for item in data.items("periods", non_empty=True)
    ]


def _volume_output(result: volumes.VolumeResult) -> dict:
    return {
        "total": fmt.gcal(result.total_gcal),
        "periods": [
            {"days": p.days, "t_out": fmt.number(p.t_out) if p.t_out is not None else None,
             "volume_gcal": fmt.gcal(p.volume_gcal)}
            for p in result.periods
        ],
        "formula": result.formula,
        "norm": result.norm,
    }


def heating_volume(data: Reader, *, today: date) -> dict:
    """``heating-volume``: heating by calculation from the load (Методика 99/пр)."""
    result = volumes.heating_volume(
        load_gcal_h=data.decimal("load_gcal_h", minimum=0),
        t_inside=data.decimal("t_inside", **CELSIUS),
        t_outside_design=data.decimal("t_outside_design", **CELSIUS),
        periods=_periods(data),
    )
    return _volume_output(result)


def hot_water_volume(data: Reader, *, today: date) -> dict:
    """``hot-water-volume``: hot water by the average load (Методика 99/пр)."""
    result = volumes.hot_water_volume(
        load_avg_gcal_h=data.decimal("load_avg_gcal_h", minimum=0), days=data.integer("days", maximum=MAX_DAYS)
    )
    return _volume_output(result)


def contractless(data: Reader, *, today: date) -> dict:
    """``contractless``: cost of contract-less consumption, ×1.5 and VAT (190-ФЗ ст. 22 ч. 8–10)."""
    load = data.decimal("load_gcal_h", minimum=0)
    t_inside = data.decimal("t_inside", **CELSIUS)
    t_design = data.decimal("t_outside_design", **CELSIUS)
    periods = _periods(data)
    tariff = data.decimal("tariff_per_gcal", minimum=0)
    period_end = data.date("period_end", required=False)
    on = data.date("date", required=False) or period_end or today
    vat_percent = data.decimal("vat_percent", required=False, **PERCENT)
    if vat_percent is None:
        vat_percent = selectors.vat_rate_on(on).rate_percent
    result = contractless_rules.contractless_consumption(
        load_gcal_h=load, t_inside=t_inside, t_outside_design=t_design, periods=periods,
        tariff_per_gcal=tariff, vat_percent=vat_percent, rule=selectors.contractless_rule(on),
        period_end=period_end,
    )
    return {
        "total": fmt.money(result.total),
        "volume_gcal": fmt.gcal(result.volume.total_gcal),
        "cost": fmt.money(result.cost),
        "multiplier": fmt.number(result.multiplier),
        "surcharge": fmt.money(result.surcharge),
        "amount_without_vat": fmt.money(result.amount_without_vat),
        "vat_percent": fmt.number(result.vat_percent),
        "vat": fmt.money(result.vat),
        "days_claimed": result.days_claimed,
        "days_billed": result.days_billed,
        "days_cut": result.days_cut,
        "payment_days": result.payment_days,
        "periods": _volume_output(result.volume)["periods"],
        "norm": result.norm,
    }


def quality_recalc(data: Reader, *, today: date) -> dict:
    """``quality-recalc``: reduction for heating or hot water of poor quality (ПП № 354 прил. 1)."""
    service = data.choice("service", quality.SERVICES)
    charge = data.money("monthly_charge")
    interruptions = [
        quality.Interruption(hours=item.decimal("hours", minimum=0, maximum=MAX_HOURS))
        for item in data.items("interruptions", required=False)
    ]
    deviations = [
        quality.TemperatureDeviation(
            hours=item.decimal("hours", minimum=0, maximum=MAX_HOURS),
            measured_c=item.decimal("measured_c", **CELSIUS),
            norm_c=item.decimal("norm_c", required=False, **CELSIUS),
            period=item.choice("period", (quality.DAY, quality.NIGHT), default=quality.DAY),
        )
        for item in data.items("temperature_deviations", required=False)
    ]
    result = quality.quality_reduction(
        service=service, monthly_charge=charge, interruptions=interruptions, deviations=deviations
    )
    return {
        "total": fmt.money(result.total),
        "service": service,
        "monthly_charge": fmt.money(result.monthly_charge),
        "uncapped_total": fmt.money(result.uncapped_total),
        "capped": result.capped,
        "lines": [
            {"kind": line.kind, "hours": fmt.number(line.hours), "excess_hours": fmt.number(line.excess_hours),
             "degrees": fmt.number(line.degrees), "percent": fmt.number(line.percent),
             "amount": fmt.money(line.amount), "norm": line.norm}
            for line in result.lines
        ],
        "norms": list(result.norms),
    }


def state_duty_kind(data: Reader, *, today: date) -> dict:
    """``state-duty``: state duty on a money claim (НК РФ ст. 333.19, 333.21)."""
    court = data.choice("court", state_duty.COURTS)
    claim_amount = data.money("claim_amount", positive=True)
    procedure = data.choice("procedure", state_duty.PROCEDURES, default=state_duty.CLAIM)
    on = data.date("date", required=False) or today
    result = state_duty.state_duty(
        court=court, procedure=procedure, claim_amount=claim_amount, on=on, scales=selectors.duty_scales()
    )
    return {
        "total": fmt.money(result.amount),
        "court": court,
        "procedure": procedure,
        "claim_amount": fmt.money(result.claim_amount),
        "claim_duty": fmt.money(result.claim_duty),
        "date": fmt.day(on),
        "formula": result.formula,
        "norm": result.norm,
    }
