"""When a violation goes to the police: a statement (заявление в полицию) is prepared where
the connection was unauthorised, or where the damage is of a large scale.

Norms (❓ the wording is an open question for the legal staff): КоАП РФ ст. 7.19 —
unauthorised connection to heat networks and unmetered use of heat; УК РФ ст. 165 —
property damage by deception without theft, of a large scale: the threshold of the note 4 to
ст. 158 (over 250 000 ₽ since 08.12.2003). The threshold is dated reference data
(``reference.PoliceDamageThreshold``): the caller passes the one in force on the day the
violation was found (``reference.selectors.police_damage_threshold``).
"""

from __future__ import annotations

from decimal import Decimal

POLICE_NORM = "КоАП РФ ст. 7.19; УК РФ ст. 165 (крупный размер — прим. 4 к ст. 158)"


def police_statement_due(*, unauthorised: bool, damage: Decimal, threshold: Decimal) -> bool:
    """A statement to the police is prepared for an unauthorised connection (КоАП РФ ст. 7.19),
    or for damage (the amount before VAT) over the large-scale ``threshold`` in force on the day
    found (УК РФ ст. 165, прим. 4 к ст. 158)."""
    return unauthorised or damage > threshold
