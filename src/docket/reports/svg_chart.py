"""The briefing's charts as SVG written directly, for HTML and Markdown: the look of the
matplotlib charts the PDF shows (same sizes in points, margins, colours, title, axes, legend),
without importing matplotlib (half a second or more per `docket brief`) or drawing through it.

Text is SVG text in DejaVu Sans (then the reader's sans-serif), not outlines: labels stay
searchable and selectable, and every value is escaped. The same data give the same bytes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from docket.reports.context import ChartData

COLOURS = ("#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2e75b6", "#a5a5a5")
CATEGORY_COLOURS = {"deprived_of_liberty": "#9e1b32", "persecuted": "#d9822b"}
OTHER_COLOUR = "#7f7f7f"
# Fractions of the figure left around the plot, as the PDF's charts (charts.LAYOUT).
LAYOUT = {
    "prosecutions": (0.09, 0.98, 0.9, 0.24),
    "statuses": (0.36, 0.97, 0.9, 0.14),
    "verdicts": (0.09, 0.98, 0.9, 0.22),
}
WIDTH = 504.0  # points: 7 inches
FONT = "font-family=\"'DejaVu Sans', Verdana, sans-serif\""
LABEL_MAX = 60  # longer legend labels are cut, with an ellipsis


def _n(x: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros (stable bytes)."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@dataclass(frozen=True, slots=True)
class _Frame:
    """The plot area in points, and the data range each axis shows."""

    left: float
    right: float
    top: float
    bottom: float
    x0: float
    x1: float
    y0: float
    y1: float

    def x(self, v: float) -> float:
        return self.left + (v - self.x0) / (self.x1 - self.x0) * (self.right - self.left)

    def y(self, v: float) -> float:
        return self.bottom - (v - self.y0) / (self.y1 - self.y0) * (self.bottom - self.top)


def _frame(name: str, height: float, x: tuple[float, float], y: tuple[float, float]) -> _Frame:
    left, right, top, bottom = LAYOUT[name]
    return _Frame(WIDTH * left, WIDTH * right, height * (1 - top), height * (1 - bottom), *x, *y)


def nice_ticks(top: float) -> list[float]:
    """Ticks from 0 up to `top` (the axis's end) at a round step (1, 2, 2.5 or 5 times a power
    of ten), at most 9 of them, as an axis starting at zero shows them."""
    if top <= 0:
        return [0.0]
    raw = top / 8
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    count = math.floor(top / step + 1e-9)
    return [i * step for i in range(count + 1)]


def _tick_label(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _text(
    x: float, y: float, text: str, *, size: float = 8, anchor: str = "start", extra: str = ""
) -> str:
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" text-anchor="{anchor}"'
        f"{extra}>{escape(text)}</text>"
    )


def _document(name: str, height: float, title: str, body: list[str]) -> bytes:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(WIDTH)}pt" height="{_n(height)}pt" '
        f'viewBox="0 0 {_n(WIDTH)} {_n(height)}" role="img" class="chart-{name}">'
    )
    return (
        "\n".join(
            [
                head,
                f"<title>{escape(title)}</title>",
                f'<g {FONT} fill="#000">',
                *body,
                "</g>",
                "</svg>",
            ]
        ).encode("utf-8")
        + b"\n"
    )


def _axes(f: _Frame, *, title: str, x_label: str, y_label: str, gap: float) -> list[str]:
    """Title (left, bold), left and bottom spines, the axis labels (the x axis's `gap` points
    below the plot, under its tick labels)."""
    middle_y = (f.top + f.bottom) / 2
    return [
        _text(f.left, f.top - 6, title, size=10, extra=' font-weight="bold"'),
        f'<path d="M{_n(f.left)} {_n(f.top)}V{_n(f.bottom)}H{_n(f.right)}" stroke="#000" '
        'stroke-width="0.8" fill="none"/>',
        _text((f.left + f.right) / 2, f.bottom + gap, x_label, anchor="middle"),
        _text(
            10,
            middle_y,
            y_label,
            anchor="middle",
            extra=f' transform="rotate(-90 10 {_n(middle_y)})"',
        ),
    ]


def _y_ticks(f: _Frame, ticks: Sequence[float]) -> list[str]:
    out = []
    for v in ticks:
        y = f.y(v)
        out.append(f'<path d="M{_n(f.left)} {_n(y)}h-3.5" stroke="#000" stroke-width="0.8"/>')
        out.append(_text(f.left - 5.5, y + 3, _tick_label(v), anchor="end"))
    return out


def _x_tick(f: _Frame, x: float, label: str, *, angle: int) -> list[str]:
    y = f.bottom + 12
    return [
        f'<path d="M{_n(x)} {_n(f.bottom)}v3.5" stroke="#000" stroke-width="0.8"/>',
        _text(x, y, label, anchor="end", extra=f' transform="rotate(-{angle} {_n(x)} {_n(y)})"'),
    ]


def _legend(
    f: _Frame, entries: Sequence[tuple[str, str]], *, x: float, anchor: str, dots: bool = False
) -> list[str]:
    """Coloured boxes (or dots) and labels (7 pt), top down from the plot's upper corner:
    the box right of `x` and the label after it, or with anchor "end" the label ending at the
    box left of `x`."""
    out = []
    for i, (label, colour) in enumerate(entries):
        y = f.top + 8 + i * 10.5
        box = x if anchor == "start" else x - 10
        text_x = box + 13 if anchor == "start" else box - 3
        if dots:
            out.append(f'<circle cx="{_n(box + 5)}" cy="{_n(y - 3)}" r="2.1" fill="{colour}"/>')
        else:
            out.append(
                f'<rect x="{_n(box)}" y="{_n(y - 6)}" width="10" height="5" fill="{colour}"/>'
            )
        out.append(_text(text_x, y, label, size=7, anchor=anchor))
    return out


def prosecutions_svg(data: ChartData) -> bytes:
    """Stacked bars: prosecutions opened per month, one colour per charge."""
    height = 230.4
    months = sorted({m for m, _, _ in data.prosecutions_by_month})
    labels = list(dict.fromkeys(label for _, label, _ in data.prosecutions_by_month))
    counts = {(m, label): n for m, label, n in data.prosecutions_by_month}
    totals = [sum(counts.get((m, label), 0) for label in labels) for m in months]
    top = max(totals) * 1.05  # a margin above the highest bar, as matplotlib leaves
    ticks = nice_ticks(top)
    f = _frame(
        "prosecutions", height, (-0.4 - 0.05 * len(months), len(months) - 0.6 + 0.05 * len(months)),
        (0, top),
    )  # fmt: skip
    body = _axes(
        f,
        title=data.titles["prosecutions"],
        x_label=data.axis["month"],
        y_label=data.axis["prosecutions"],
        gap=50,
    )
    body += _y_ticks(f, ticks)
    bottom = [0] * len(months)
    width = (f.x(0.8) - f.x(0)) if months else 0
    for i, label in enumerate(labels):
        colour = COLOURS[i % len(COLOURS)]
        for j, m in enumerate(months):
            n = counts.get((m, label), 0)
            if n:
                y_top, y_base = f.y(bottom[j] + n), f.y(bottom[j])
                body.append(
                    f'<rect x="{_n(f.x(j - 0.4))}" y="{_n(y_top)}" width="{_n(width)}" '
                    f'height="{_n(y_base - y_top)}" fill="{colour}" data-value="{n}"/>'
                )
                bottom[j] += n
    step = max(1, len(months) // 12)
    for j in range(0, len(months), step):
        body += _x_tick(f, f.x(j), months[j], angle=45)
    legend = [
        (label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 3] + "…", COLOURS[i % 7])
        for i, label in enumerate(labels)
    ]
    body += _legend(f, legend, x=f.left + 8, anchor="start")
    return _document("prosecutions", height, data.titles["prosecutions"], body)


def statuses_svg(data: ChartData) -> bytes:
    """Horizontal bars: people by liberty status, the count beside each bar."""
    rows = len(data.statuses)
    height = max(2.0, 0.28 * rows + 1.0) * 72
    top = max(n for _, _, n in data.statuses) * 1.05
    ticks = nice_ticks(top)
    f = _frame(
        "statuses", height, (0, top),
        (rows - 0.4 + 0.05 * rows, -0.6 - 0.05 * rows),
    )  # fmt: skip  # the first status at the top
    body = _axes(f, title=data.titles["statuses"], x_label=data.axis["people"], y_label="", gap=27)
    bar = f.y(0.4) - f.y(-0.4)
    for i, (label, category, n) in enumerate(data.statuses):
        colour = CATEGORY_COLOURS.get(category, OTHER_COLOUR)
        y = f.y(i)
        end = f.x(n)
        body.append(
            f'<rect x="{_n(f.left)}" y="{_n(y - bar / 2)}" width="{_n(end - f.left)}" '
            f'height="{_n(bar)}" fill="{colour}" data-value="{n}"/>'
        )
        body.append(f'<path d="M{_n(f.left)} {_n(y)}h-3.5" stroke="#000" stroke-width="0.8"/>')
        body.append(_text(f.left - 5.5, y + 3, label, anchor="end"))
        body.append(_text(end + 2, y + 2.5, str(n), size=7))
    for v in ticks:
        x = f.x(v)
        body.append(f'<path d="M{_n(x)} {_n(f.bottom)}v3.5" stroke="#000" stroke-width="0.8"/>')
        body.append(_text(x, f.bottom + 13, _tick_label(v), anchor="middle"))
    return _document("statuses", height, data.titles["statuses"], body)


def month_ticks(first: date, last: date) -> list[date]:
    """First days of months within [first, last], every 1, 2, 3, 4, 6, 12, 24... months (counted
    from January of year 0, so the ticks fall on round months): at most 8."""
    start = first.year * 12 + first.month - 1 + (first.day > 1)
    end = last.year * 12 + last.month - 1
    step = next(
        s for s in (1, 2, 3, 4, 6, *(12 * 2**k for k in range(20))) if (end - start) / s < 8
    )
    first_tick = -(-start // step) * step
    return [date(i // 12, i % 12 + 1, 1) for i in range(first_tick, end + 1, step)]


def verdicts_svg(data: ChartData) -> bytes:
    """Points: each verdict of the period by day and longest prison term in years (0: none)."""
    height = 230.4
    days = [d.toordinal() for d, _, _ in data.verdicts]
    years = [y or 0.0 for _, y, _ in data.verdicts]
    lo, hi = min(days), max(days)
    pad = max(1.0, (hi - lo) * 0.05)
    y_hi = max(years) if max(years) > 0 else 1.0
    y_ticks = nice_ticks(y_hi)
    f = _frame("verdicts", height, (lo - pad, hi + pad), (-0.05 * y_hi, y_hi * 1.05))
    body = _axes(
        f,
        title=data.titles["verdicts"],
        x_label=data.axis["date"],
        y_label=data.axis["years"],
        gap=40,
    )
    body += _y_ticks(f, y_ticks)
    first, last = date.fromordinal(math.ceil(lo - pad)), date.fromordinal(math.floor(hi + pad))
    for day in month_ticks(first, last):
        body += _x_tick(f, f.x(day.toordinal()), day.strftime("%Y-%m"), angle=30)
    kinds = list(dict.fromkeys(label for _, _, label in data.verdicts))
    colour = {kind: COLOURS[i % len(COLOURS)] for i, kind in enumerate(kinds)}
    for (d, _, kind), x, y in zip(data.verdicts, days, years, strict=True):
        body.append(
            f'<circle cx="{_n(f.x(x))}" cy="{_n(f.y(y))}" r="2.1" fill="{colour[kind]}" '
            f'fill-opacity="0.7" data-value="{_n(y)}" data-date="{d.isoformat()}"/>'
        )
    body += _legend(f, [(k, colour[k]) for k in kinds], x=f.right - 4, anchor="end", dots=True)
    return _document("verdicts", height, data.titles["verdicts"], body)
