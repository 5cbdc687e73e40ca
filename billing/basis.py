"""The basis of a charge line in words: what an invoice, a claim or a court quotes.

A line stores its inputs in ``basis`` (JSON, see ``billing.volumes``); ``basis_text``
renders them with the norm applied — e.g. «Расчетный способ (Методика … № 99/пр; ПП РФ
№ 1034): Q = 0,5 × (20 − (−8,6)) / (20 − (−26)) × 24 × 31 сут = 231,287 Гкал; узел учета
отсутствует».
"""

from __future__ import annotations

from decimal import Decimal

from regulations.volumes import HEATING_NORM

from .volumes import RULE_CAPACITY, RULE_HEATING, RULE_HOT_WATER, RULE_LEAK, RULE_METER

METER_NORM = "ПП РФ от 18.11.2013 № 1034: по показаниям узла учета, принятым к коммерческому учету"
LEAK_NORM = "ПП РФ от 18.11.2013 № 1034: утечка теплоносителя по приборам учета (M1 − M2)"
CAPACITY_NORM = "Двухставочный тариф: ставка за содержание тепловой мощности по договорной нагрузке"


def _n(value) -> str:
    """A number the Russian way: decimal comma, negatives in parentheses inside formulas."""
    text = str(Decimal(str(value)).normalize()) if value not in (None, "") else "—"
    if "E" in text:
        text = f"{Decimal(str(value)):f}"
    return text.replace(".", ",")


def _signed(value) -> str:
    text = _n(value)
    return f"({text.replace('-', '−')})" if text.startswith("-") else text


def basis_text(line) -> str:
    """The Russian wording of ``line``'s basis (a ``ChargeLine`` or anything with ``basis``,
    ``quantity`` and ``unit``)."""
    b = line.basis or {}
    rule = b.get("rule")
    quantity = f"{_n(line.quantity)} {line.unit}" if line.quantity is not None else ""
    reason = f"; {b['reason_text']}" if b.get("reason_text") else ""
    if rule == RULE_HEATING:
        t_in, t_out, t_design = b["t_inside"], b["t_out_mean"], b["t_outside_design"]
        return (
            f"Расчетный способ ({HEATING_NORM}): Q = {_n(b['load_gcal_h'])} Гкал/ч × ({_n(t_in)} − {_signed(t_out)}) / "
            f"({_n(t_in)} − {_signed(t_design)}) × 24 ч × {b['days']} сут = {quantity}; средняя температура наружного "
            f"воздуха {_n(t_out)} °C (метеостанция {b.get('station', '')}){reason}"
        )
    if rule == RULE_HOT_WATER:
        return (
            f"Расчетный способ ({HEATING_NORM}): Q = {_n(b['load_avg_gcal_h'])} Гкал/ч × 24 ч × {b['days']} сут = "
            f"{_n(b['energy_gcal'])} Гкал; объем воды = Q / {_n(b['heat_per_m3'])} Гкал/м³{reason}"
        )
    if rule == RULE_METER:
        units = ", ".join(f"№ {r['unit']} (показания № {r['reading']}, Q = {_n(r['q'])} Гкал)" for r in b.get("readings", []))
        return f"{METER_NORM}: узел учета {units}, дней учета {b.get('days')}; {quantity}"
    if rule == RULE_LEAK:
        return (
            f"{LEAK_NORM}: M1 = {_n(b['m1'])} т, M2 = {_n(b['m2'])} т, допустимый небаланс {_n(b['tolerance_percent'])} %; "
            f"{quantity}"
        )
    if rule == RULE_CAPACITY:
        return (
            f"{CAPACITY_NORM}: {_n(b['load_gcal_h'])} Гкал/ч × ставка × {b['days']} / {b['month_days']} сут"
        )
    if "corrects" in b:
        return f"Перерасчет за {b['corrects'].get('period', '')}: {b.get('reason', '')}"
    return ""
