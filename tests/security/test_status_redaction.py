"""A status, a death or a prosecution resting on a fact the reader may not see is not told by
the lists and figures that count it (docs/sensitivity.md, "Figures and statuses").

Nurlan Abenov (fictional, public) is in pre-trial detention and recognised as a political
prisoner, but the detention event is restricted; Kairat Seitkali (fictional, public) was killed
in a restricted event; Saule Temirova (fictional, public) was remanded in a public event that names
her in a restricted place, and her hearing is coming up; Gulnar Sadykova's region and birth
year are restricted. A viewer and the public must not learn
any of it from the list of political prisoners, the figures (`docket stats`), the web's list of
people (its status filter, page count and sort) or its home page.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from docket.domain.sensitivity import Audience
from docket.errors import NotFound
from docket.services import browsing, people, redacting, stats
from docket.services.loading import load_dataset
from docket.services.store import Store
from docket.storage.browse_queries import PeopleFilter
from tests.conftest import FICTIONAL

DAY = date(2021, 6, 2)
HIDDEN = {"nurlan-abenov", "kairat-seitkali", "saule-temirova"}
REMAND = frozenset({"pre_trial_detention"})
EXTRA = {
    "people.yaml": """
- {id: nurlan-abenov, name: Nurlan Abenov, sex: male, sensitivity: public}
- {id: kairat-seitkali, name: Kairat Seitkali, sex: male, sensitivity: public}
- {id: saule-temirova, name: Saule Temirova, sex: female, sensitivity: public}
- id: gulnar-sadykova
  name: Gulnar Sadykova
  sex: female
  born: 1979
  region: Zhetisu
  sensitivity: public
  levels: {region: restricted, born: restricted}
- id: ainur-bekova
  name: Ainur Bekova
  names: [Айнур Бекова]
  sex: female
  region: Zhetisu
  sensitivity: public
  levels: {names: restricted}
- {id: timur-alenov, name: Timur Alenov, born: 1960, region: Zhetisu, sensitivity: public}
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
- id: ev-ds-remand
  kind: pre_trial_detention
  date: 2021-05-10
  parties:
    - {person: saule-temirova, role: victim, sensitivity: restricted}
  sources: [src-report]
  sensitivity: public
- id: ev-ds-hearing
  kind: hearing
  date: 2021-06-20
  parties:
    - {person: saule-temirova, role: victim, sensitivity: restricted}
  sources: [src-report]
  sensitivity: public
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


def _listed(store: Store, f: PeopleFilter, visible: frozenset[str], **kw: str) -> list[str]:
    """Every person id the web's list shows for a filter, page by page, checking the page count
    against the lines."""
    ids: list[str] = []
    number = 1
    while True:
        page = browsing.list_people(store, f, visible=visible, page=number, size=3, **kw)
        ids += [line.id for line in page.people]
        if number >= page.page.pages:
            assert page.page.total == len(ids)
            return ids
        number += 1


def test_the_web_status_filter_and_its_count_leave_out_a_status_resting_on_a_hidden_event(
    hidden_facts: Store,
) -> None:
    remanded = PeopleFilter(day=DAY, statuses=REMAND)
    editor = _listed(hidden_facts, remanded, Audience.editor.sensitivities)
    assert {"nurlan-abenov", "saule-temirova"} <= set(editor)  # the facts are there
    for audience in (Audience.viewer, Audience.public):
        shown = _listed(hidden_facts, remanded, audience.sensitivities)
        assert set(shown).isdisjoint(HIDDEN), audience
        assert len(shown) == len(set(shown))
        # sorting by status puts a withheld status where the line's empty status belongs
        everyone = PeopleFilter(day=DAY)
        by_status = browsing.list_people(
            hidden_facts, everyone, visible=audience.sensitivities, sort="status", size=500
        ).people
        statuses = [line.status for line in by_status]
        with_status = [s for s in statuses if s is not None]
        assert with_status == sorted(with_status), audience
        assert statuses[len(with_status) :] == [None] * (len(statuses) - len(with_status)) or (
            statuses[: len(statuses) - len(with_status)]
            == [None] * (len(statuses) - len(with_status))
        ), audience


def test_the_home_page_counts_and_lists_no_status_resting_on_a_hidden_event(
    hidden_facts: Store,
) -> None:
    for audience in (Audience.editor, Audience.viewer, Audience.public):
        visible = audience.sensitivities
        home = browsing.home(
            hidden_facts, as_of=DAY, visible=visible, months=0, cache=browsing.ResultCache()
        )
        by_status = dict(home.by_status)
        remanded = _listed(hidden_facts, PeopleFilter(day=DAY, statuses=REMAND), visible)
        # every count on the home page is the length of the list it stands for
        assert by_status.get("pre_trial_detention", 0) == len(remanded), audience
        figures = {h.key: h.value for h in home.figures}
        prisoners = _listed(
            hidden_facts,
            PeopleFilter(
                day=DAY,
                statuses=hidden_facts.vocab.categories.deprived_of_liberty,
                recognitions=hidden_facts.vocab.categories.political_prisoner_recognitions,
            ),
            visible,
        )
        assert figures["political_prisoners"] == len(prisoners), audience
        long = {pid for pid, _name, _since in home.long_detentions}
        upcoming = {event: person for event, _k, _d, person, _c in home.upcoming}
        assert upcoming.get("ev-ds-hearing", "absent") != "absent", audience  # a public event
        if audience is Audience.editor:
            assert {"nurlan-abenov", "saule-temirova"} <= long
            assert upcoming["ev-ds-hearing"] == "saule-temirova"
            assert "nurlan-abenov" in prisoners
        else:
            assert long.isdisjoint(HIDDEN), audience
            assert upcoming["ev-ds-hearing"] is None, audience
            assert "saule-temirova" not in home.names, audience
            assert set(prisoners).isdisjoint(HIDDEN), audience


def test_a_withheld_region_or_birth_date_neither_selects_nor_sorts(hidden_facts: Store) -> None:
    zhetisu = PeopleFilter(day=DAY, region="Zhetisu")
    assert set(_listed(hidden_facts, zhetisu, Audience.editor.sensitivities)) == {
        "ainur-bekova",
        "gulnar-sadykova",
        "timur-alenov",
    }
    for audience in (Audience.viewer, Audience.public):
        visible = audience.sensitivities
        assert _listed(hidden_facts, zhetisu, visible) == ["timur-alenov"], audience
        for sort in ("region", "born"):
            lines = browsing.list_people(
                hidden_facts, PeopleFilter(day=DAY), visible=visible, sort=sort, size=500
            ).people
            blank = [line.id for line in lines if getattr(line, sort) is None]
            valued = [line.id for line in lines if getattr(line, sort) is not None]
            assert "gulnar-sadykova" in blank, (audience, sort)
            ids = [line.id for line in lines]
            # she stands among the people with no value, not among the valued ones
            at = ids.index("gulnar-sadykova")
            assert not (valued and ids.index(valued[0]) < at < ids.index(valued[-1]))


def test_a_person_whose_names_are_withheld_is_neither_listed_nor_found_by_name(
    hidden_facts: Store,
) -> None:
    editor = Audience.editor.sensitivities
    assert "ainur-bekova" in _listed(hidden_facts, PeopleFilter(day=DAY), editor)
    assert _listed(hidden_facts, PeopleFilter(day=DAY, name="Бекова"), editor) == ["ainur-bekova"]
    for audience in (Audience.viewer, Audience.public):
        visible = audience.sensitivities
        assert "ainur-bekova" not in _listed(hidden_facts, PeopleFilter(day=DAY), visible)
        assert _listed(hidden_facts, PeopleFilter(day=DAY, name="Бекова"), visible) == []
        assert _listed(hidden_facts, PeopleFilter(day=DAY, name="Ainur"), visible) == []
        with pytest.raises(NotFound):
            browsing.person_page(
                hidden_facts, "ainur-bekova", as_of=DAY, visible=visible, with_history=False
            )
