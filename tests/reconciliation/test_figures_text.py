"""The consumer's figures of a returned act in words on the process panel, never a Python «{}»."""

from __future__ import annotations

from decimal import Decimal

from core.display import display_value
from reconciliation.models import ReadingsReconciliation, SettlementsReconciliation


def test_the_consumers_figures_read_as_words():
    assert SettlementsReconciliation(consumer_figures={}).consumer_figures_text == ""
    act = SettlementsReconciliation(consumer_figures={"closing": "523758.2"})
    assert act.consumer_figures_text == "сальдо по данным абонента 523\xa0758,20\xa0₽"
    act = ReadingsReconciliation(consumer_figures={"q": str(Decimal("1234.56"))})
    assert act.consumer_figures_text == "Q по данным абонента 1\xa0234,560\xa0Гкал"


def test_an_empty_json_field_is_a_dash():
    assert display_value({}) == "—"
