"""Sections other areas add to the cards of the register: the consumer's, a heated object's and
a contract's page.

subscribers sits below the areas that hang on its records (metering, billing) and imports
none of them (docs/architecture.md). Each card instead names, in a setting, the functions that
add its sections — dotted paths of ``(request, record) -> list`` returning sections the record
page draws (``core.views.Table``, or a section with its own ``template_name`` and context):

- ``CONSUMER_CARD_SECTIONS`` — the consumer's card (a ``Consumer``);
- ``HEATED_OBJECT_CARD_SECTIONS`` — a heated object's card (a ``HeatedObject``);
- ``CONTRACT_CARD_SECTIONS`` — a contract's card (a ``Contract``).

config wires the areas in (e.g. ``metering.card``: the metering units of the record). A
function returns ``[]`` when the user may not see what it would add.
"""

from __future__ import annotations

from typing import Literal

from django.conf import settings
from django.utils.module_loading import import_string

Card = Literal["consumer", "heated_object", "contract"]

SETTING_OF: dict[str, str] = {
    "consumer": "CONSUMER_CARD_SECTIONS",
    "heated_object": "HEATED_OBJECT_CARD_SECTIONS",
    "contract": "CONTRACT_CARD_SECTIONS",
}


def hooked_sections(card: Card, request, record) -> list:
    """The sections the setting of ``card`` adds to ``record``'s page, in the setting's order."""
    found: list = []
    for path in getattr(settings, SETTING_OF[card], ()):
        found.extend(import_string(path)(request, record))
    return found
