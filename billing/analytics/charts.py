"""Charts as inline SVG, drawn on the server: no JavaScript, no CDN, works offline and
prints. Every value is escaped; every bar and point carries a ``<title>`` (its tooltip).

- ``stacked_bars``: a value per month split into series (volumes by method, charges);
- ``bars_and_line``: actual as bars and the forecast as a line (actual vs forecast);
- ``timeline``: one row of coloured spans per metering unit (status over time).
"""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 760, 230
LEFT, RIGHT, TOP, BOTTOM = 64, 12, 30, 34
FONT = 'font-family="Roboto, Arial, sans-serif" font-size="11"'
ZERO = Decimal("0")


def month_label(month: date) -> str:
    return f"{month:%m.%y}"


def number(value: Decimal, places: int = 1) -> str:
    text = f"{value:,.{places}f}".replace(",", "\u00a0").replace(".", ",")
    return text


def _nice_step(span: float) -> float:
    """A round step (1, 2, 2.5 or 5 × 10ⁿ) giving about four grid lines over ``span``."""
    if span <= 0:
        return 1.0
    raw = span / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _frame(title: str, parts: list[str]) -> SafeString:
    body = "".join(parts)
    return mark_safe(  # every value inside was escaped when the parts were built
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'role="img" aria-label="{escape(title)}" {FONT}><title>{escape(title)}</title>{body}</svg>'
    )


def _axes(low: float, high: float, unit: str) -> tuple[list[str], callable]:
    step = _nice_step(high - low)
    top = step * (int(high / step) + (0 if high % step == 0 and high > 0 else 1)) if high > 0 else step
    bottom = -step * (int(-low / step) + (0 if low % step == 0 else 1)) if low < 0 else 0.0
    plot_h = HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        return TOP + plot_h * (top - value) / (top - bottom)

    parts = []
    tick = bottom
    while tick <= top + step / 1000:
        ty = y(tick)
        parts.append(f'<line x1="{LEFT}" y1="{ty:.1f}" x2="{WIDTH - RIGHT}" y2="{ty:.1f}" stroke="#e0e0e0"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end" fill="#616161">'
                     f'{escape(number(Decimal(str(tick)), 0 if step >= 1 else 2))}</text>')
        tick += step
    parts.append(f'<text x="{LEFT - 6}" y="{TOP - 12}" text-anchor="end" fill="#616161">{escape(unit)}</text>')
    parts.append(f'<line x1="{LEFT}" y1="{y(0):.1f}" x2="{WIDTH - RIGHT}" y2="{y(0):.1f}" stroke="#9e9e9e"/>')
    return parts, y


def _legend(items: list[tuple[str, str]], *, x: int = LEFT) -> list[str]:
    parts = []
    for label, colour in items:
        parts.append(f'<rect x="{x}" y="6" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{x + 14}" y="15" fill="#424242">{escape(label)}</text>')
        x += 24 + 7 * len(label)
    return parts


def _month_labels(months: list[date], slot: float) -> list[str]:
    return [
        f'<text x="{LEFT + slot * (i + 0.5):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" fill="#616161">'
        f'{escape(month_label(m))}</text>'
        for i, m in enumerate(months)
    ]


def stacked_bars(*, title: str, months: list[date], series: list[tuple[str, str, list[Decimal]]], unit: str,
                 places: int = 3) -> SafeString:
    """``series``: (label, colour, value per month); positive values stack up, negative down."""
    n = len(months)
    ups = [sum((max(ZERO, s[2][i]) for s in series), ZERO) for i in range(n)]
    downs = [sum((min(ZERO, s[2][i]) for s in series), ZERO) for i in range(n)]
    parts, y = _axes(float(min(downs, default=ZERO)), float(max(ups, default=ZERO)), unit)
    slot = (WIDTH - LEFT - RIGHT) / max(n, 1)
    bar = slot * 0.6
    for i, month in enumerate(months):
        up, down = 0.0, 0.0
        for label, colour, values in series:
            value = float(values[i])
            if value == 0:
                continue
            base = up if value > 0 else down
            top, bottom = (y(base + value), y(base)) if value > 0 else (y(base), y(base + value))
            if value > 0:
                up += value
            else:
                down += value
            x = LEFT + slot * i + (slot - bar) / 2
            parts.append(
                f'<rect x="{x:.1f}" y="{top:.1f}" width="{bar:.1f}" height="{max(bottom - top, 0.5):.1f}" '
                f'fill="{colour}"><title>{escape(f"{month_label(month)} — {label}: {number(values[i], places)} {unit}")}'
                f'</title></rect>'
            )
    parts += _month_labels(months, slot)
    parts += _legend([(label, colour) for label, colour, _ in series])
    return _frame(title, parts)


def bars_and_line(*, title: str, months: list[date], bars: tuple[str, str, list[Decimal | None]],
                  line: tuple[str, str, list[Decimal | None]], unit: str) -> SafeString:
    """Actual values as bars, the forecast as a line with points (gaps where unknown)."""
    values = [float(v) for v in (*bars[2], *line[2]) if v is not None]
    parts, y = _axes(0.0, max(values, default=0.0), unit)
    n = len(months)
    slot = (WIDTH - LEFT - RIGHT) / max(n, 1)
    bar = slot * 0.5
    for i, value in enumerate(bars[2]):
        if value is None:
            continue
        x = LEFT + slot * i + (slot - bar) / 2
        parts.append(
            f'<rect x="{x:.1f}" y="{y(float(value)):.1f}" width="{bar:.1f}" '
            f'height="{max(y(0) - y(float(value)), 0.5):.1f}" fill="{bars[1]}"><title>'
            f'{escape(f"{month_label(months[i])} — {bars[0]}: {number(value, 3)} {unit}")}</title></rect>'
        )
    points, path = [], []
    for i, value in enumerate(line[2]):
        if value is None:
            if path:
                points.append(path)
            path = []
            continue
        path.append((LEFT + slot * (i + 0.5), y(float(value)), i, value))
    if path:
        points.append(path)
    for run in points:
        if len(run) > 1:
            coords = " ".join(f"{px:.1f},{py:.1f}" for px, py, _, _ in run)
            parts.append(f'<polyline points="{coords}" fill="none" stroke="{line[1]}" stroke-width="2"/>')
        for px, py, i, value in run:
            parts.append(
                f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{line[1]}"><title>'
                f'{escape(f"{month_label(months[i])} — {line[0]}: {number(value, 3)} {unit}")}</title></circle>'
            )
    parts += _month_labels(months, slot)
    parts += _legend([(bars[0], bars[1]), (line[0], line[1])])
    return _frame(title, parts)


STATUS_COLOURS = {
    "commercial": "#43a047", "faulty": "#e53935", "not_commissioned": "#bdbdbd", "decommissioned": "#616161",
}


def timeline(*, title: str, first: date, last: date, rows: list[tuple[str, list[tuple[date, date, str, str]]]],
             months: list[date]) -> SafeString:
    """One row per unit: coloured spans ``(from, to, status, label)`` over ``first..last``."""
    row_h, left = 22, 170  # room for «УУ-12 (ОБ-00001)»
    height = TOP + row_h * max(len(rows), 1) + BOTTOM
    total = (last - first).days + 1
    plot_w = WIDTH - left - RIGHT

    def x(day: date) -> float:
        return left + plot_w * (day - first).days / total

    parts = []
    for n, (name, spans) in enumerate(rows):
        top = TOP + row_h * n + 3
        parts.append(f'<text x="{left - 6}" y="{top + 12}" text-anchor="end" fill="#424242">{escape(name)}</text>')
        for start, end, status, label in spans:
            width = x(end) - x(start) + plot_w / total
            parts.append(
                f'<rect x="{x(start):.1f}" y="{top}" width="{width:.1f}" height="{row_h - 6}" '
                f'fill="{STATUS_COLOURS.get(status, "#9e9e9e")}"><title>'
                f'{escape(f"{name}: {label}, {start:%d.%m.%Y}–{end:%d.%m.%Y}")}</title></rect>'
            )
    slot = plot_w / max(len(months), 1)
    for i, month in enumerate(months):
        parts.append(f'<text x="{left + slot * (i + 0.5):.1f}" y="{height - BOTTOM + 16}" text-anchor="middle" '
                     f'fill="#616161">{escape(month_label(month))}</text>')
    used = {status: label for _, spans in rows for _, _, status, label in spans}
    parts += _legend([(label, STATUS_COLOURS.get(status, "#9e9e9e")) for status, label in used.items()], x=left)
    body = "".join(parts)
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" {FONT}><title>{escape(title)}</title>{body}</svg>'
    )
