"""The briefing's SVG charts, written without matplotlib: the real output parsed as XML, bar
sizes proportional to the values, points placed by day and term, labels escaped, round ticks."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from docket.reports.charts import draw_charts
from docket.reports.context import ChartData
from docket.reports.svg_chart import (
    CATEGORY_COLOURS,
    month_ticks,
    nice_ticks,
    prosecutions_svg,
    statuses_svg,
    verdicts_svg,
)

NS = {"s": "http://www.w3.org/2000/svg"}
TITLES = {"prosecutions": "Prosecutions <by> month", "statuses": "Statuses", "verdicts": "Verdicts"}
AXIS = {"month": "month", "prosecutions": "cases", "people": "people", "years": "years",
        "date": "date"}  # fmt: skip


def chart_data(**kw: object) -> ChartData:
    values: dict[str, object] = {
        "prosecutions_by_month": (
            ("2024-01", "CC art. 405 & <b>", 3),
            ("2024-01", "CC art. 174", 1),
            ("2024-02", "CC art. 405 & <b>", 6),
            ("2024-04", "CC art. 174", 2),
        ),
        "statuses": (
            ("imprisoned", "deprived_of_liberty", 40),
            ("house arrest", "deprived_of_liberty", 10),
            ("travel ban", "persecuted", 25),
        ),
        "verdicts": (
            (date(2024, 1, 10), 5.0, "imprisonment"),
            (date(2024, 3, 1), None, "fine"),
            (date(2024, 6, 30), 10.0, "imprisonment"),
        ),
        "titles": TITLES,
        "axis": AXIS,
    }
    values.update(kw)
    return ChartData(**values)  # type: ignore[arg-type]


def parse(svg: bytes) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return root


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iterfind(".//s:text", NS)]


def marks(root: ET.Element, tag: str) -> list[ET.Element]:
    return [e for e in root.iterfind(f".//s:{tag}", NS) if "data-value" in e.attrib]


def test_stacked_bars_are_as_tall_as_their_counts_and_stack_per_month() -> None:
    root = parse(prosecutions_svg(chart_data()))
    bars = marks(root, "rect")
    assert [int(b.get("data-value", "")) for b in bars] == [3, 6, 1, 2]
    per_unit = {round(float(b.get("height", "")) / int(b.get("data-value", "")), 2) for b in bars}
    assert len(per_unit) == 1 and per_unit.pop() > 0
    # January: the second charge's bar sits on the first's
    first, _, second, _ = bars
    assert first.get("x") == second.get("x")
    top_of_first = float(first.get("y", ""))
    assert float(second.get("y", "")) + float(second.get("height", "")) == pytest.approx(
        top_of_first, abs=0.02
    )
    # one column per month with prosecutions, in order, evenly spaced (as matplotlib's
    # categories: a month without any is left out)
    xs = sorted({float(b.get("x", "")) for b in bars})
    assert len(xs) == 3 and xs[2] - xs[1] == pytest.approx(xs[1] - xs[0], abs=0.02)
    assert [float(b.get("x", "")) for b in bars] == [xs[0], xs[1], xs[0], xs[2]]
    assert {"2024-01", "2024-02", "2024-04"} <= set(texts(root))
    words = texts(root)
    assert "Prosecutions <by> month" in words and "CC art. 405 & <b>" in words
    assert [w for w in words if w.isdigit()] == ["0", "1", "2", "3", "4", "5", "6"]


def test_horizontal_bars_are_as_long_as_their_counts_in_order_with_their_colour() -> None:
    root = parse(statuses_svg(chart_data()))
    bars = marks(root, "rect")
    assert [int(b.get("data-value", "")) for b in bars] == [40, 10, 25]
    widths = [float(b.get("width", "")) for b in bars]
    assert widths[0] / 40 == pytest.approx(widths[1] / 10, rel=1e-3)
    assert widths[0] / 40 == pytest.approx(widths[2] / 25, rel=1e-3)
    assert [float(b.get("y", "")) for b in bars] == sorted(float(b.get("y", "")) for b in bars)
    assert [b.get("fill") for b in bars] == [
        CATEGORY_COLOURS["deprived_of_liberty"],
        CATEGORY_COLOURS["deprived_of_liberty"],
        CATEGORY_COLOURS["persecuted"],
    ]
    words = texts(root)
    for label, count in (("imprisoned", "40"), ("house arrest", "10"), ("travel ban", "25")):
        assert label in words and count in words


def test_points_are_placed_by_day_and_term_and_a_fine_sits_at_zero() -> None:
    root = parse(verdicts_svg(chart_data()))
    points = marks(root, "circle")
    assert [p.get("data-date") for p in points] == ["2024-01-10", "2024-03-01", "2024-06-30"]
    cx = [float(p.get("cx", "")) for p in points]
    cy = [float(p.get("cy", "")) for p in points]
    # x linear in days, y linear in years (up is less)
    days = [
        0,
        (date(2024, 3, 1) - date(2024, 1, 10)).days,
        (date(2024, 6, 30) - date(2024, 1, 10)).days,
    ]
    assert (cx[1] - cx[0]) / days[1] == pytest.approx((cx[2] - cx[0]) / days[2], rel=1e-3)
    assert cy[1] > cy[0] > cy[2]
    assert (cy[1] - cy[0]) == pytest.approx((cy[0] - cy[2]), abs=0.02)  # 0 -> 5 -> 10 years
    words = texts(root)
    assert {"imprisonment", "fine"} <= set(words)
    assert {"2024-02", "2024-04", "2024-06"} <= set(words)


def test_draw_charts_gives_each_chart_with_data_and_the_same_bytes_each_time() -> None:
    data = chart_data(verdicts=())
    charts = draw_charts(data, "svg")
    assert sorted(charts) == ["prosecutions", "statuses"]
    assert charts == draw_charts(data, "svg")
    assert b"<?xml" not in charts["statuses"] and b"&lt;b&gt;" in charts["prosecutions"]


def test_round_ticks() -> None:
    assert nice_ticks(68.25) == [0, 10, 20, 30, 40, 50, 60]
    assert nice_ticks(1447) == [0, 200, 400, 600, 800, 1000, 1200, 1400]
    assert nice_ticks(10.5) == [0, 2, 4, 6, 8, 10]
    assert nice_ticks(3.15) == [0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0]
    assert nice_ticks(0) == [0]
    assert month_ticks(date(2024, 6, 23), date(2025, 7, 16)) == [
        date(2024, 7, 1), date(2024, 9, 1), date(2024, 11, 1), date(2025, 1, 1),
        date(2025, 3, 1), date(2025, 5, 1), date(2025, 7, 1),
    ]  # fmt: skip
    assert month_ticks(date(2024, 1, 1), date(2024, 3, 31)) == [
        date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1),
    ]  # fmt: skip
    assert month_ticks(date(2010, 5, 5), date(2024, 1, 1))[:2] == [
        date(2012, 1, 1),
        date(2014, 1, 1),
    ]


def test_a_single_mark_still_makes_a_chart() -> None:
    data = chart_data(
        prosecutions_by_month=(("2024-01", "CC art. 174", 1),),
        statuses=(("wanted", "persecuted", 1),),
        verdicts=((date(2024, 1, 10), None, "fine"),),
    )
    charts = {name: parse(svg) for name, svg in draw_charts(data, "svg").items()}
    assert sorted(charts) == ["prosecutions", "statuses", "verdicts"]
    for root in charts.values():
        (mark,) = marks(root, "rect") or marks(root, "circle")
        box = root.get("viewBox", "").split()
        if mark.tag.endswith("circle"):
            assert 0 < float(mark.get("cx", "")) < float(box[2])
            assert 0 < float(mark.get("cy", "")) < float(box[3])
        else:
            assert float(mark.get("width", "")) > 0 and float(mark.get("height", "")) > 0
