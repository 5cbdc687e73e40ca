"""The contract's context builders: the temperature chart of Annex 3."""

from decimal import Decimal

from contracts.documents import temperature_chart


def test_chart_runs_from_plus_eight_to_the_design_temperature():
    # given the 95/70 chart at 20 °C indoors and -25 °C design
    rows = temperature_chart(t_inside=Decimal("20"), t_design=Decimal("-25"), step=5)
    # then it starts at +8 °C, ends at the design point with the design temperatures
    assert rows[0] == {"t_out": "8", "t1": "40,0", "t2": "33,3"}
    assert rows[-1] == {"t_out": "-25", "t1": "95,0", "t2": "70,0"}
    assert [r["t_out"] for r in rows] == ["8", "3", "-2", "-7", "-12", "-17", "-22", "-25"]
