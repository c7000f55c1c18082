"""Headline figures computed from the selected records, and the figures sources state beside them.

Definitions follow docs/data-model.md and `docket stats`: stocks are people in a status on the
day, cumulative figures count what certainly happened by the day, flows what certainly happened
within the period (`lo >= since`, `hi <= as_of`). Every figure reads "at least".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from docket.domain.case import Charge
from docket.domain.claim import Claim
from docket.domain.event import Event
from docket.reports.context import Figure, StatedFigure
from docket.reports.index import RecordIndex
from docket.reports.text import Messages

VERDICTS = frozenset({"verdict", "verdict_in_absentia"})
RELEASES = frozenset(
    {"released", "released_sentence_served", "released_on_parole", "pardoned", "amnestied"}
)
COUNTING_UNITS = frozenset({"people", "prosecutions", "events", "cases"})
# Which stated metric sits beside which computed figure.
CLAIM_FIGURE = {
    "political_prisoners": "political_prisoners",
    "people_prosecuted": "people_prosecuted",
    "people_prosecuted_extremism": "people_prosecuted_extremism",
    "people_sentenced": "people_convicted",
    "people_killed": "people_killed",
    "prosecutions_opened": "prosecutions_opened",
}


@dataclass(frozen=True, slots=True)
class ExtremismCharges:
    """Charges counted as "extremism": articles, or words in the source's wording."""

    articles: frozenset[str]
    words: tuple[str, ...]

    def matches(self, charge: Charge) -> bool:
        if charge.article_id in self.articles:
            return True
        text = (charge.wording or "").lower()
        return any(w in text for w in self.words)


def within(e: Event, since: date, as_of: date) -> bool:
    return e.date.lo >= since and e.date.hi <= as_of


def charge_key(charge: Charge) -> str:
    return charge.article_id or f"wording:{(charge.wording or '?').strip().lower()}"


def charge_label(ix: RecordIndex, key: str, t: Messages) -> str:
    if key.startswith("wording:"):
        return t("charge_wording", wording=key.removeprefix("wording:"))
    article = ix.vocab.articles.get(key)
    if article is None:
        return key
    return f"{article.cite()} ({article.title.get(t.lang)})"


def compute_figures(
    ix: RecordIndex,
    t: Messages,
    *,
    as_of: date,
    since: date,
    extremism: ExtremismCharges,
) -> list[Figure]:
    cats = ix.vocab.categories
    held, free, political = set(), set(), set()
    for pid in ix.spans:
        span = ix.status(pid, as_of)
        if span is None:
            continue
        if span.status in cats.deprived_of_liberty:
            held.add(pid)
            if ix.political_prisoner(pid, as_of):
                political.add(pid)
        elif span.status in cats.persecuted:
            free.add(pid)
    opened = [p for p in ix.prosecutions if p.opened is not None and p.opened <= as_of]
    charged: dict[str, set[str]] = {}
    extremist: set[str] = set()
    for p in opened:
        for d in ix.cases[p.case_id].defendants:
            if d.person_id != p.person_id:
                continue
            for charge in d.charges:
                charged.setdefault(charge_key(charge), set()).add(p.person_id)
                if extremism.matches(charge):
                    extremist.add(p.person_id)
    convicted = {p.person_id for p in ix.prosecutions if p.convicted and p.convicted <= as_of}
    kinds = ix.vocab.event_kinds
    dead, killed = set(), set()
    flows: dict[str, int] = {"verdicts": 0, "releases": 0, "deaths": 0}
    for e in ix.events.values():
        if e.date.hi > as_of:
            continue
        group = kinds[e.kind].group
        if group == "death":
            victims = e.people("victim") + e.people("subject")
            dead.update(victims)
            if e.kind == "killed":
                killed.update(victims)
        if e.date.lo >= since:
            if e.kind in VERDICTS:
                flows["verdicts"] += 1
            elif e.kind in RELEASES:
                flows["releases"] += 1
            elif group == "death":
                flows["deaths"] += 1
    prosecuted = {p.person_id for p in opened}
    new = [p for p in opened if p.opened is not None and p.opened >= since]
    day = t.day(as_of)
    period = {"since": t.day(since), "as_of": day}

    def fig(
        key: str, label: str, n: int, unit: str, group: str, counts: str, level: int = 0
    ) -> Figure:
        return Figure(key, label, n, t.unit(unit, n), group, counts, level)

    figures = [
        fig("political_prisoners", t("fig_political_prisoners"), len(political), "people", "stock",
            t("counts_political_prisoners", as_of=day)),
        fig("deprived_of_liberty", t("fig_deprived"), len(held), "people", "stock",
            t("counts_deprived", as_of=day)),
        fig("persecuted", t("fig_persecuted"), len(free), "people", "stock",
            t("counts_persecuted", as_of=day)),
        fig("people_prosecuted", t("fig_prosecuted"), len(prosecuted), "people", "cumulative",
            t("counts_prosecuted", n=len(opened))),
    ]  # fmt: skip
    for key in sorted(charged, key=lambda k: (-len(charged[k]), k)):
        label = charge_label(ix, key, t)
        figures.append(
            fig(f"charge:{key}", label, len(charged[key]), "people", "cumulative",
                t("counts_charge"), level=1)
        )  # fmt: skip
    figures += [
        fig("people_prosecuted_extremism", t("fig_extremism"), len(extremist), "people",
            "cumulative", t("counts_extremism")),
        fig("people_convicted", t("fig_convicted"), len(convicted), "people", "cumulative",
            t("counts_convicted")),
        fig("people_died", t("fig_died"), len(dead), "people", "cumulative", t("counts_died")),
        fig("people_killed", t("fig_killed"), len(killed), "people", "cumulative",
            t("counts_killed"), level=1),
        fig("prosecutions_opened", t("fig_opened"), len(new), "prosecutions", "flow",
            t("counts_opened", **period)),
        fig("verdicts", t("fig_verdicts"), flows["verdicts"], "events", "flow",
            t("counts_flow", **period)),
        fig("releases", t("fig_releases"), flows["releases"], "events", "flow",
            t("counts_flow", **period)),
        fig("deaths", t("fig_deaths"), flows["deaths"], "events", "flow",
            t("counts_flow", **period)),
    ]  # fmt: skip
    return figures


def stated_figure(claim: Claim, org_name: Callable[[str], str], t: Messages) -> StatedFigure:
    return StatedFigure(
        claim.id,
        t(f"q_{claim.qualifier}", n=t.number(claim.value)),
        t(f"cu_{claim.unit}"),
        claim.as_of,
        claim.period_start,
        claim.wording,
        org_name(claim.stated_by) if claim.stated_by else None,
        claim.citations,
    )


def nearby_claims(ix: RecordIndex, *, as_of: date, window_days: int) -> list[Claim]:
    """Claims for a date near the day, or stated in a source published near it."""
    window = timedelta(days=window_days)
    lo, hi = as_of - window, as_of + window

    def near(day: date | None) -> bool:
        return day is not None and lo <= day <= hi

    out = []
    for claim in ix.records.claims:
        published = (ix.sources.get(c.source_id) for c in claim.citations)
        if near(claim.as_of.hi) or any(s and s.date and near(s.date.hi) for s in published):
            out.append(claim)
    return sorted(out, key=lambda c: (c.as_of.sort_key(), c.id))


def attach_claims(
    figures: Iterable[Figure],
    claims: Iterable[Claim],
    ix: RecordIndex,
    t: Messages,
    *,
    since: date,
) -> list[Figure]:
    """Each figure with the claims that state the same measure beside it."""
    beside: dict[str, list[StatedFigure]] = {}
    for claim in claims:
        key = CLAIM_FIGURE.get(claim.metric)
        if key is None:
            continue
        if key == "prosecutions_opened" and (
            claim.period_start is None or claim.period_start.lo < since
        ):
            continue  # a flow stated for another period is listed, not set beside this one
        beside.setdefault(key, []).append(stated_figure(claim, lambda o: ix.name(None, o), t))
    out = []
    for f in figures:
        stated = tuple(beside.get(f.key, ()))
        out.append(
            f
            if not stated
            else Figure(f.key, f.label, f.value, f.unit, f.group, f.counts, f.level, stated)
        )
    return out
