"""A recalculation's source is shown by its Russian label, never the module's code."""

from billing.models import Recalculation


def test_the_source_has_a_russian_label():
    assert Recalculation(source="quality").get_source_display() == "качество теплоснабжения"
    assert Recalculation(source="metering").get_source_display() == "показания приборов учета"
