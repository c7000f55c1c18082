"""Charts for briefings, deterministically: the same data give the same bytes.

SVG for HTML and Markdown, written directly (`docket.reports.svg_chart`: importing and drawing
through matplotlib cost a second or more of a briefing that needs three simple charts); PNG for
the PDF, drawn with matplotlib (no pyplot, no global state), in DejaVu Sans, which matplotlib
ships and which draws Cyrillic and the Kazakh letters. Both draw the same charts with the same
sizes, margins and colours.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from docket.reports.context import ChartData
from docket.reports.svg_chart import (
    CATEGORY_COLOURS,
    COLOURS,
    prosecutions_svg,
    statuses_svg,
    verdicts_svg,
)

Drawer = Callable[[Any, ChartData], None]
LAYOUT = {
    "prosecutions": {"left": 0.09, "right": 0.98, "top": 0.9, "bottom": 0.24},
    "statuses": {"left": 0.36, "right": 0.97, "top": 0.9, "bottom": 0.14},
    "verdicts": {"left": 0.09, "right": 0.98, "top": 0.9, "bottom": 0.22},
}


def _style() -> dict[str, Any]:
    return {
        "font.family": "DejaVu Sans",
        "font.size": 8,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 10,
        "axes.titleweight": "bold",
    }


def _prosecutions(ax: Any, data: ChartData) -> None:
    months = sorted({m for m, _, _ in data.prosecutions_by_month})
    labels = list(dict.fromkeys(label for _, label, _ in data.prosecutions_by_month))
    counts = {(m, label): n for m, label, n in data.prosecutions_by_month}
    bottom = [0] * len(months)
    for i, label in enumerate(labels):
        values = [counts.get((m, label), 0) for m in months]
        short = label if len(label) <= 60 else label[:57] + "…"
        ax.bar(months, values, bottom=bottom, label=short, color=COLOURS[i % len(COLOURS)])
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_title(data.titles["prosecutions"], loc="left")
    ax.set_ylabel(data.axis["prosecutions"])
    ax.set_xlabel(data.axis["month"])
    step = max(1, len(months) // 12)
    ax.set_xticks(range(0, len(months), step), [months[i] for i in range(0, len(months), step)])
    ax.tick_params(axis="x", labelrotation=45)
    ax.legend(fontsize=7, frameon=False, loc="upper left")


def _statuses(ax: Any, data: ChartData) -> None:
    labels = [label for label, _, _ in data.statuses]
    values = [n for _, _, n in data.statuses]
    colours = [CATEGORY_COLOURS.get(cat, "#7f7f7f") for _, cat, _ in data.statuses]
    bars = ax.barh(range(len(labels)), values, color=colours)
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    ax.bar_label(bars, padding=2, fontsize=7)
    ax.set_xlabel(data.axis["people"])
    ax.set_title(data.titles["statuses"], loc="left")


def _verdicts(ax: Any, data: ChartData) -> None:
    kinds = list(dict.fromkeys(label for _, _, label in data.verdicts))
    for i, kind in enumerate(kinds):
        points = [(d, y or 0.0) for d, y, label in data.verdicts if label == kind]
        ax.scatter(
            [d for d, _ in points],
            [y for _, y in points],
            s=14,
            alpha=0.7,
            label=kind,
            color=COLOURS[i % len(COLOURS)],
        )
    ax.set_ylabel(data.axis["years"])
    ax.set_xlabel(data.axis["date"])
    ax.set_title(data.titles["verdicts"], loc="left")
    ax.legend(fontsize=7, frameon=False)
    ax.tick_params(axis="x", labelrotation=30)


CHARTS: dict[str, tuple[Drawer, Callable[[ChartData], bool]]] = {
    "prosecutions": (_prosecutions, lambda d: bool(d.prosecutions_by_month)),
    "statuses": (_statuses, lambda d: bool(d.statuses)),
    "verdicts": (_verdicts, lambda d: bool(d.verdicts)),
}


SVG: dict[str, Callable[[ChartData], bytes]] = {
    "prosecutions": prosecutions_svg,
    "statuses": statuses_svg,
    "verdicts": verdicts_svg,
}


def draw_charts(data: ChartData, fmt: str) -> dict[str, bytes]:
    """Each chart that has data, as SVG or PNG bytes, by name."""
    if fmt == "svg":
        return {name: SVG[name](data) for name, (_, has_data) in CHARTS.items() if has_data(data)}
    return _draw_png(data)


def _draw_png(data: ChartData) -> dict[str, bytes]:
    import matplotlib
    from matplotlib.figure import Figure

    out: dict[str, bytes] = {}
    with matplotlib.rc_context(_style()):  # type: ignore[arg-type]
        for name, (draw, has_data) in CHARTS.items():
            if not has_data(data):
                continue
            height = 3.2 if name != "statuses" else max(2.0, 0.28 * len(data.statuses) + 1.0)
            fig = Figure(figsize=(7.0, height))
            draw(fig.add_subplot(), data)
            # A fixed layout: the constraint solver costs seconds on charts with many marks.
            fig.subplots_adjust(**LAYOUT[name])
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=130, metadata={"Software": None})
            out[name] = buffer.getvalue()
    return out
