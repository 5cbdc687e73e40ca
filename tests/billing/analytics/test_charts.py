"""Server-drawn SVG charts: well-formed, values escaped, a tooltip per bar."""

import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

from billing.analytics import charts

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]


def test_stacked_bars_draw_a_bar_per_nonzero_value_with_its_tooltip():
    svg = charts.stacked_bars(title="Объемы <Гкал>", months=MONTHS, unit="Гкал", series=[
        ("по приборам учета", "#1976d2", [Decimal("10.5"), Decimal("0"), Decimal("12")]),
        ("перерасчеты", "#8e24aa", [Decimal("-2"), Decimal("0"), Decimal("0")]),
    ])
    root = ET.fromstring(str(svg))  # well-formed XML
    assert root.get("aria-label") == "Объемы <Гкал>"
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    titles = [r.find(f"{SVG}title").text for r in bars]
    assert titles == ["01.26 — по приборам учета: 10,500 Гкал", "01.26 — перерасчеты: -2,000 Гкал",
                      "03.26 — по приборам учета: 12,000 Гкал"]
    # the negative bar hangs below the zero line, the positive ones stand on it
    up, down = bars[0], bars[1]
    assert float(down.get("y")) == float(up.get("y")) + float(up.get("height"))


def test_bars_and_line_leave_gaps_where_the_forecast_is_unknown():
    svg = charts.bars_and_line(
        title="Факт и прогноз", months=MONTHS, unit="Гкал",
        bars=("факт", "#90caf9", [Decimal("100"), None, Decimal("80")]),
        line=("прогноз", "#d32f2f", [Decimal("90"), Decimal("95"), None]),
    )
    root = ET.fromstring(str(svg))
    assert len(list(root.iter(f"{SVG}circle"))) == 2
    assert len(list(root.iter(f"{SVG}polyline"))) == 1


def test_the_timeline_colours_each_status_span():
    svg = charts.timeline(title="Узлы", first=date(2026, 1, 1), last=date(2026, 3, 31), months=MONTHS, rows=[
        ("УУ-1", [(date(2026, 1, 1), date(2026, 1, 19), "commercial", "Коммерческий учет"),
                  (date(2026, 1, 20), date(2026, 3, 31), "faulty", "Неисправен")]),
    ])
    root = ET.fromstring(str(svg))
    spans = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert [r.get("fill") for r in spans] == ["#43a047", "#e53935"]
    assert spans[1].find(f"{SVG}title").text == "УУ-1: Неисправен, 20.01.2026–31.03.2026"
