"""The OpenAPI description of each calculation kind's input (``POST /api/calc/<kind>/``):
one object per kind, its fields, which are required, and no others (a field the kind does
not read is refused). Documentation for clients, and the shape the API fuzz test
(schemathesis) generates requests from."""

from __future__ import annotations

from regulations import penalties, quality, state_duty

NUMBER = {"oneOf": [{"type": "string", "example": "1200.50"}, {"type": "number"}],
          "description": "число: строкой («1200.50», «1 200,50») или числом JSON"}
INTEGER = {"oneOf": [{"type": "integer"}, {"type": "string", "pattern": r"^\d+$"}]}
DATE = {"type": "string", "format": "date", "description": "ГГГГ-ММ-ДД, 01.01.2000–31.12.2100"}
TEXT = {"type": "string", "maxLength": 100}


def _object(required: dict, optional: dict | None = None, *, title: str | None = None) -> dict:
    schema = {"type": "object", "properties": {**required, **(optional or {})}, "required": list(required),
              "additionalProperties": False}
    return schema | ({"title": title} if title else {})


def _choice(values) -> dict:
    return {"type": "string", "enum": list(values)}


def _list(item: dict, *, min_items: int = 0) -> dict:
    return {"type": "array", "items": item, "minItems": min_items, "maxItems": 1000}


PERIODS = _list(_object({"days": INTEGER, "t_out": NUMBER}), min_items=1)
TEMPERATURES = {"t_inside": NUMBER, "t_outside_design": NUMBER}

INPUTS = {
    "penalty": _object(
        {"category": _choice(penalties.CATEGORIES), "as_of": DATE,
         "debts": _list(_object({"id": TEXT, "amount": NUMBER, "due_date": DATE}), min_items=1)},
        {"payments": _list(_object({"date": DATE, "amount": NUMBER}, {"debt_id": TEXT})), "rate_percent": NUMBER},
    ),
    "heating-volume": _object({"load_gcal_h": NUMBER, **TEMPERATURES, "periods": PERIODS}),
    "hot-water-volume": _object({"load_avg_gcal_h": NUMBER, "days": INTEGER}),
    "contractless": _object(
        {"load_gcal_h": NUMBER, **TEMPERATURES, "periods": PERIODS, "tariff_per_gcal": NUMBER},
        {"vat_percent": NUMBER, "period_end": DATE, "date": DATE},
    ),
    "quality-recalc": _object(
        {"service": _choice(quality.SERVICES), "monthly_charge": NUMBER},
        {"interruptions": _list(_object({"hours": NUMBER})),
         "temperature_deviations": _list(_object({"hours": NUMBER, "measured_c": NUMBER},
                                                 {"norm_c": NUMBER, "period": _choice((quality.DAY, quality.NIGHT))}))},
    ),
    "state-duty": _object(
        {"court": _choice(state_duty.COURTS), "claim_amount": NUMBER},
        {"procedure": _choice(state_duty.PROCEDURES), "date": DATE},
    ),
}

REQUEST = {"oneOf": [schema | {"title": kind} for kind, schema in INPUTS.items()],
           "description": "входные данные вида расчета из пути (`kind`)"}
