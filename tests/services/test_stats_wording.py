"""A figure by charge wording (a charge with no article) is keyed by the wording in lower
case; a reader who may see the charge sees the figure however the wording is capitalised."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from docket.domain.sensitivity import Audience
from docket.services import redacting, stats
from docket.services.loading import load_dataset
from docket.services.store import Store

KEY = "stock.article.wording:extremism"


def test_a_capitalised_wording_keeps_its_figure_for_every_reader(
    store: Store, fictional_copy: Path
) -> None:
    cases = fictional_copy / "cases.yaml"
    text = cases.read_text("utf-8")
    assert "charges: [{wording: extremism}]" in text
    cases.write_text(text.replace("{wording: extremism}", "{wording: Extremism}"), "utf-8")
    load_dataset(store, fictional_copy)
    made = stats.compute_stats(store, as_of=date(2021, 10, 26))
    whole = made.figure(KEY)
    assert whole is not None and whole.value >= 1
    for audience in (Audience.viewer, Audience.editor):
        shown = redacting.stats_for(store, made, audience).figure(KEY)
        assert shown is not None and shown.value == whole.value, audience
        reference = redacting.stats_for_each_record(store, made, audience).figure(KEY)
        assert reference is not None and reference.value == whole.value, audience
