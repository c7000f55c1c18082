"""The demo dataset against the briefing itself: the figures and lists Docket computes must be the
ones the 1 November 2021 briefing states. Expected values are read from the briefing's text in
../shared/seeds, not typed here."""

from __future__ import annotations

import re
from datetime import date

import pytest

from docket.domain.dates import Term
from docket.services.loading import load_dataset
from docket.services.people import get_person_record, list_people
from docket.services.stats import compute_stats
from docket.services.store import Store
from tests.conftest import DEMO, need_seeds

AS_OF = date(2021, 10, 26)


def briefing() -> str:
    text = (need_seeds() / "briefing-2021-11-01-kazakhstan.txt").read_text("utf-8")
    return re.sub(r"\s+", " ", text.replace("**", ""))


def article() -> str:
    text = (need_seeds() / "article-2022-02-smart-authoritarianism.txt").read_text("utf-8")
    return re.sub(r"\s+", " ", text)


def split_names(text: str) -> list[str]:
    return [n.strip() for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", text) if n.strip()]


@pytest.fixture
def demo(store: Store) -> Store:
    load_dataset(store, DEMO)
    return store


def names_of(store: Store, person_id: str) -> set[str]:
    record = get_person_record(store, person_id, as_of=AS_OF)
    return {n.value for n in record.person.names}


def test_political_prisoners_as_of_26_october_2021_are_the_briefings_list(demo: Store) -> None:
    match = re.search(
        r"As of 26 October 2021, there are (\d+) political prisoners in Kazakhstan - (.+?)\. "
        r"Politically",
        briefing(),
    )
    assert match, "the briefing's sentence was not found"
    stated_count, stated_names = int(match.group(1)), split_names(match.group(2))
    assert len(stated_names) == stated_count
    listed = list_people(demo, as_of=AS_OF, political_prisoners=True)
    assert len(listed) == stated_count
    spellings = {p.person_id: names_of(demo, p.person_id) for p in listed}
    for name in stated_names:
        assert any(name in s for s in spellings.values()), f"{name} is not listed"
    for person in listed:
        assert person.citations(), f"{person.name} is listed without a source"
        assert person.category == "deprived_of_liberty"


def test_the_four_sentenced_to_prison_are_imprisoned_from_the_day_of_the_verdict(
    demo: Store,
) -> None:
    match = re.search(
        r"On 11 October 2021, 13 activists.*?\. (.+?) were convicted to (\d+) years "
        r"in prison and a (\d+)-year ban",
        briefing(),
    )
    assert match
    four = split_names(match.group(1))
    after = {p.name for p in list_people(demo, as_of=date(2021, 10, 11), status="imprisoned")}
    before = {p.name for p in list_people(demo, as_of=date(2021, 10, 10), status="imprisoned")}
    for name in four:
        surname = name.split()[-1]
        assert any(surname in n for n in after), name
        assert not any(surname in n for n in before), name


def test_the_11_october_2021_verdicts_carry_their_sentences_and_bans(demo: Store) -> None:
    text = briefing()
    prison = re.search(
        r"\. ([^.]+?) were convicted to (\d+) years in prison and a (\d+)-year "
        r"ban on social and political activities",
        text,
    )
    restricted = re.search(
        r"; while (.+?) were convicted to (\d+)-(\d+) years of restriction of "
        r"liberty and a (\d+)-year ban",
        text,
    )
    assert prison and restricted
    expected = {
        n: ("imprisonment", f"{prison.group(2)}y", f"{prison.group(3)}y")
        for n in split_names(prison.group(1))
    }
    expected |= {
        n: (
            "restriction_of_liberty",
            f"{restricted.group(2)}y-{restricted.group(3)}y",
            f"{restricted.group(4)}y",
        )
        for n in split_names(restricted.group(1))
    }
    assert len(expected) == 13
    for name, (kind, term, ban) in expected.items():
        record = get_person_record(demo, name, as_of=AS_OF)
        verdicts = [e for e in record.events if e.kind == "verdict" and str(e.date) == "2021-10-11"]
        assert len(verdicts) == 1, name
        components = {s.kind: s.term for s in verdicts[0].sentence}
        assert components.get(kind) == Term.parse(term), (name, components)
        assert components.get("activity_ban") == Term.parse(ban), (name, components)
        assert verdicts[0].citations


def test_stats_show_the_stated_figures_as_sourced_claims(demo: Store) -> None:
    text = briefing()
    stated = {
        int(re.search(r"opened against at least (\d+) individuals", text).group(1)),  # type: ignore[union-attr]
        int(re.search(r"Of the \d+ prosecuted, (\d+) are", text).group(1)),  # type: ignore[union-attr]
        int(re.search(r"Over (\d+) people were sentenced", text).group(1)),  # type: ignore[union-attr]
        int(re.search(r"there are (\d+) political prisoners", text).group(1)),  # type: ignore[union-attr]
        int(re.search(r"to date (\d+) political prisoners", article()).group(1)),  # type: ignore[union-attr]
    }
    result = compute_stats(demo, as_of=AS_OF)
    values = {int(c.value) for c in result.claims}
    assert stated <= values, stated - values
    for claim in result.claims:
        assert claim.citations and claim.wording
    pp = result.figure("stock.political_prisoners")
    assert pp is not None and pp.unit == "people"
    assert pp.value == len(list_people(demo, as_of=AS_OF, political_prisoners=True))
    assert {int(c.value) for c in pp.claims} >= {16, 29}


def test_loading_the_demo_twice_changes_nothing(demo: Store) -> None:
    first = compute_stats(demo, as_of=AS_OF)
    load_dataset(demo, DEMO)
    second = compute_stats(demo, as_of=AS_OF)
    assert [(f.key, f.value, f.records) for f in first.figures] == [
        (f.key, f.value, f.records) for f in second.figures
    ]


def test_the_judge_who_banned_the_movements_has_acts_posts_and_a_recommendation(
    demo: Store,
) -> None:
    record = get_person_record(demo, "Ruslan Mazhitov", as_of=AS_OF)
    assert any(e.kind == "organisation_banned" for e in record.events)
    assert record.sanctions and record.positions
