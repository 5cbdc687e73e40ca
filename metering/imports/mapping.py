"""What a source's columns may hold: the fields, the measures each accepts, the conversion.

Pure: no Django. Field codes are those of ``ReadingColumn.Field``, measure codes those of
``ReadingColumn.Measure`` ("" — the file gives the value in our unit).

Conversion to our units (Гкал, т, м³, °C, ч):

- 1 Гкал = 4,1868 ГДж (the international calorie, 1 кал = 4,1868 Дж, ГОСТ 8.417-2002), so a
  value in ГДж is divided by 4,1868 (×0,238846 to six places);
- 1 МВт·ч = 3,6 ГДж, so ×3,6 / 4,1868 (×0,859845 to six places);
- кг → т and л → м³: ÷1000.

The exact quotient is rounded once, half-up, to the places of our field: 0,001 for Гкал, т and
м³ (as ``regulations.rounding.gcal``), 0,01 for °C and hours. A value given in our unit with
more places than that is rounded the same way.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

GJ_PER_GCAL = Decimal("4.1868")
GJ_PER_MWH = Decimal("3.6")
THOUSAND = Decimal("1000")

UNIT = "unit"
PERIOD = "period"
HEAT_FIELDS = ("q", "q_total")
MASS_FIELDS = ("m1", "m2", "m1_total", "m2_total")
VOLUME_FIELDS = ("v1", "v2", "v1_total", "v2_total")
TEMPERATURE_FIELDS = ("t1", "t2")
HOUR_FIELDS = ("operating_hours", "error_hours")
VALUE_FIELDS = HEAT_FIELDS + MASS_FIELDS + VOLUME_FIELDS + TEMPERATURE_FIELDS + HOUR_FIELDS

# the fields a mapping must have: a reading cannot be recorded without them
REQUIRED_FIELDS = (UNIT, PERIOD, "q", "m1", "m2", "operating_hours")

# field → our measure (the one shown when the mapping leaves it blank), then the others accepted
OURS = {
    **dict.fromkeys(HEAT_FIELDS, "Гкал"),
    **dict.fromkeys(MASS_FIELDS, "т"),
    **dict.fromkeys(VOLUME_FIELDS, "м³"),
    **dict.fromkeys(TEMPERATURE_FIELDS, "°C"),
    **dict.fromkeys(HOUR_FIELDS, "ч"),
}
TO_OURS = {  # measure → what a value in it is multiplied by to get ours
    "Гкал": Decimal("1"),
    "ГДж": 1 / GJ_PER_GCAL,
    "МВт·ч": GJ_PER_MWH / GJ_PER_GCAL,
    "т": Decimal("1"),
    "кг": 1 / THOUSAND,
    "м³": Decimal("1"),
    "л": 1 / THOUSAND,
    "°C": Decimal("1"),
    "ч": Decimal("1"),
}
SAME_QUANTITY = {  # our measure → every measure of the same quantity
    "Гкал": ("Гкал", "ГДж", "МВт·ч"),
    "т": ("т", "кг"),
    "м³": ("м³", "л"),
    "°C": ("°C",),
    "ч": ("ч",),
}


def accepted_measures(field: str) -> tuple[str, ...]:
    """The measures a value of ``field`` may be given in; none for the unit and the period."""
    return SAME_QUANTITY[OURS[field]] if field in OURS else ()


def measure_problem(field: str, measure: str) -> str | None:
    """Why ``measure`` does not fit ``field`` (a Russian message), or None when it does."""
    if not measure:
        return None
    accepted = accepted_measures(field)
    if not accepted:
        return f"единица «{measure}» здесь не указывается"
    if measure not in accepted:
        return f"единица «{measure}» не подходит, допустимо: {', '.join(accepted)}"
    return None


def convert(value: Decimal, *, field: str, measure: str, places: int) -> Decimal:
    """``value`` given in ``measure`` (blank — ours) as ``field``'s value in our unit, rounded
    half-up to ``places`` decimals. ``measure`` must fit the field (see ``measure_problem``)."""
    factor = TO_OURS[measure or OURS[field]]
    return (value * factor).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
