"""A status, a death or a prosecution resting on a fact the reader may not see is not told by
the lists and figures that count it (docs/sensitivity.md, "Figures and statuses").

Nurlan Abenov (fictional, public) is in pre-trial detention and recognised as a political
prisoner, but the detention event is restricted; Kairat Seitkali (fictional, public) was killed
in a restricted event. A viewer and the public must not learn either fact from the list of
political prisoners, the figures (`docket stats`) or the web's list of people.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from docket.domain.sensitivity import Audience
from docket.services import browsing, people, redacting, stats
from docket.services.loading import load_dataset
from docket.services.store import Store
from docket.storage.browse_queries import PeopleFilter
from tests.conftest import FICTIONAL

DAY = date(2021, 6, 2)
HIDDEN = {"nurlan-abenov", "kairat-seitkali"}
EXTRA = {
    "people.yaml": """
- {id: nurlan-abenov, name: Nurlan Abenov, sex: male, sensitivity: public}
- {id: kairat-seitkali, name: Kairat Seitkali, sex: male, sensitivity: public}
""",
    "events.yaml": """
- id: ev-na-remand
  kind: pre_trial_detention
  date: 2021-05-03
  victims: [nurlan-abenov]
  sources: [src-report]
  sensitivity: restricted
- id: ev-ks-killed
  kind: killed
  date: 2021-04-11
  victims: [kairat-seitkali]
  sources: [src-report]
  sensitivity: restricted
""",
    "recognitions.yaml": """
- id: rec-na
  person: nurlan-abenov
  kind: political_prisoner
  by: free-voices
  date: 2021-05-20
  sources: [src-report]
""",
}


@pytest.fixture
def hidden_facts(store: Store, tmp_path: Path) -> Store:
    folder = tmp_path / "fictional"
    shutil.copytree(FICTIONAL, folder)
    for name, extra in EXTRA.items():
        with (folder / name).open("a", encoding="utf-8") as f:
            f.write(extra)
    load_dataset(store, folder)
    return store


def _figures(store: Store, audience: Audience) -> dict[str, list[str]]:
    computed = stats.compute_stats(store, as_of=DAY)
    shown = redacting.stats_for(store, computed, audience)
    for f in shown.figures:
        assert f.value == len(f.records), f.key
    return {f.key: f.records for f in shown.figures}


def _prisoners(store: Store, audience: Audience) -> set[str]:
    found = people.list_people(store, as_of=DAY, political_prisoners=True)
    return {p.person_id for p in redacting.people_for(store, found, audience)}


def test_a_status_or_death_resting_on_a_hidden_event_is_not_counted(hidden_facts: Store) -> None:
    editor = _figures(hidden_facts, Audience.editor)
    assert "nurlan-abenov" in editor["stock.political_prisoners"]  # the facts are there
    assert "kairat-seitkali" in editor["cumulative.people_killed"]
    assert "nurlan-abenov" in _prisoners(hidden_facts, Audience.editor)
    for audience in (Audience.viewer, Audience.public):
        figures = _figures(hidden_facts, audience)
        counted = {r for records in figures.values() for r in records}
        assert counted.isdisjoint(HIDDEN), audience
        # the figure and the list agree: the figure tells no one the list leaves out
        listed = _prisoners(hidden_facts, audience)
        assert set(figures["stock.political_prisoners"]) == listed, audience
    viewer = _figures(hidden_facts, Audience.viewer)
    assert viewer["stock.political_prisoners"], "the viewer still counts the visible prisoners"
    assert len(viewer["stock.political_prisoners"]) == len(editor["stock.political_prisoners"]) - 1


def test_the_web_list_of_people_shows_no_status_resting_on_a_hidden_event(
    hidden_facts: Store,
) -> None:
    def statuses(visible: frozenset[str]) -> dict[str, str | None]:
        page = browsing.list_people(hidden_facts, PeopleFilter(day=DAY), visible=visible)
        return {line.id: line.status for line in page.people}

    assert statuses(Audience.editor.sensitivities)["nurlan-abenov"] == "pre_trial_detention"
    for audience in (Audience.viewer, Audience.public):
        shown = statuses(audience.sensitivities)
        assert shown["nurlan-abenov"] is None, audience
        assert shown.get("aigerim-nurlanova") or audience is Audience.public
