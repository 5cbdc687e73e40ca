"""When a violation goes to the police: a statement (заявление в полицию) is prepared where
the connection was unauthorised, or where the damage is of a large scale.

Norms (❓ the wording is an open question for the legal staff): КоАП РФ ст. 7.19 —
unauthorised connection to heat networks and unmetered use of heat; УК РФ ст. 165 —
property damage by deception without theft, of a large scale: the threshold of the note 4 to
ст. 158 (over 250 000 ₽). The threshold is a dated value (``LARGE_DAMAGE``): the one in force
on the day the violation was found applies.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .errors import RuleError

POLICE_NORM = "КоАП РФ ст. 7.19; УК РФ ст. 165 (крупный размер — прим. 4 к ст. 158)"
# (in force from, the damage above which the scale is large, ₽)
LARGE_DAMAGE: tuple[tuple[date, Decimal], ...] = ((date(2003, 12, 8), Decimal("250000")),)


def large_damage_threshold(on: date) -> Decimal:
    """The large-scale threshold in force on ``on``."""
    current = [amount for since, amount in LARGE_DAMAGE if since <= on]
    if not current:
        raise RuleError(f"Нет порога крупного размера ущерба на {on:%d.%m.%Y}", field="found_on")
    return current[-1]


def police_statement_due(*, unauthorised: bool, damage: Decimal, found_on: date) -> bool:
    """A statement to the police is prepared for an unauthorised connection, or for damage
    (the amount before VAT) over the large-scale threshold in force on the day found."""
    return unauthorised or damage > large_damage_threshold(found_on)
