"""Checks of deployments, disruptions and laws within a dataset: vocabulary values, references
to organisations, cases, events and sources, dates in order, and sources on every fact.

Called by `docket.domain.dataset.check_dataset` with its checker, so problems and references
to records already in the store are handled like every other record's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from docket.domain.law import Law
from docket.domain.source import Citation, Origin
from docket.domain.surveillance import Actor, Deployment, Disruption
from docket.domain.surveillance_terms import SurveillanceTerms, surveillance_terms

_COUNTRY = re.compile(r"^[A-Z]{2}$")
QUALIFIERS = ("exactly", "at_least", "over", "about", "at_most")


class Checker(Protocol):
    def add(self, origin: Origin | None, record: str, fld: str | None, message: str) -> None: ...

    def ref(
        self, kind: str, value: str | None, origin: Origin | None, rid: str, fld: str
    ) -> None: ...

    def cites(
        self, citations: Sequence[Citation], origin: Origin | None, rid: str, *, required: bool
    ) -> None: ...


class _Terms:
    def __init__(self, c: Checker, terms: SurveillanceTerms) -> None:
        self.c = c
        self.terms = terms

    def check(
        self, name: str, value: str | None, origin: Origin | None, rid: str, fld: str
    ) -> None:
        known = self.terms.ids(name)
        if value is not None and value not in known:
            allowed = ", ".join(sorted(known))
            self.c.add(origin, rid, fld, f"'{value}' is not a known value (one of: {allowed})")


def _cited(
    c: Checker, citations: Sequence[Citation], origin: Origin | None, rid: str, part: str
) -> None:
    """A part of a record that states a fact of its own (a stage, an agreement) cites a source."""
    if not citations:
        c.add(origin, rid, f"{part}.sources", "cites no source; every fact needs at least one")
    c.cites(citations, origin, rid, required=False)


def _actor(c: Checker, t: _Terms, a: Actor, origin: Origin | None, rid: str, fld: str) -> None:
    t.check("actor_roles", a.role, origin, rid, f"{fld}.role")
    c.ref("organisation", a.organisation_id, origin, rid, f"{fld}.organisation")
    if not a.name and not a.organisation_id:
        c.add(origin, rid, fld, "each one needs a name or an organisation")
    if a.country is not None and not _COUNTRY.match(a.country):
        c.add(origin, rid, f"{fld}.country", f"'{a.country}' is not a country code (KZ, RU, CN)")


def check_deployments(c: Checker, deployments: Sequence[Deployment], *, level_ok: set[str]) -> None:
    t = _Terms(c, surveillance_terms())
    for d in deployments:
        o, rid = d.origin, d.id
        c.cites(d.citations, o, rid, required=True)
        if not d.system.strip():
            c.add(o, rid, "system", "a deployment needs the system's name")
        if d.sensitivity not in level_ok:
            c.add(o, rid, "sensitivity", f"'{d.sensitivity}' is not a level")
        t.check("deployment_statuses", d.status, o, rid, "status")
        for cap in d.capabilities:
            t.check("capabilities", cap, o, rid, "capabilities")
        for a in d.vendors:
            _actor(c, t, a, o, rid, "vendors")
        for a in d.operators:
            _actor(c, t, a, o, rid, "operators")
        if d.since and d.until and d.until.certainly_before(d.since):
            c.add(o, rid, "until", f"ends ({d.until}) before it starts ({d.since})")
        for s in d.scale:
            if s.qualifier not in QUALIFIERS:
                c.add(o, rid, "scale.qualifier", f"'{s.qualifier}' is not one of {QUALIFIERS}")
        for ag in d.agreements:
            t.check("agreement_kinds", ag.kind, o, rid, "agreements.kind")
            _cited(c, ag.citations, o, rid, "agreements")
            for p in ag.parties:
                _actor(c, t, p, o, rid, "agreements.parties")


def check_disruptions(c: Checker, disruptions: Sequence[Disruption], *, level_ok: set[str]) -> None:
    t = _Terms(c, surveillance_terms())
    for d in disruptions:
        o, rid = d.origin, d.id
        c.cites(d.citations, o, rid, required=True)
        t.check("disruption_kinds", d.kind, o, rid, "kind")
        c.ref("organisation", d.ordered_by, o, rid, "ordered_by")
        if d.sensitivity not in level_ok:
            c.add(o, rid, "sensitivity", f"'{d.sensitivity}' is not a level")
        if d.end_date and d.end_date.certainly_before(d.date):
            c.add(o, rid, "end_date", f"ends ({d.end_date}) before it starts ({d.date})")


def check_laws(c: Checker, laws: Sequence[Law], *, level_ok: set[str], articles: set[str]) -> None:
    t = _Terms(c, surveillance_terms())
    for law in laws:
        o, rid = law.origin, law.id
        c.cites(law.citations, o, rid, required=True)
        t.check("law_kinds", law.kind, o, rid, "kind")
        if law.sensitivity not in level_ok:
            c.add(o, rid, "sensitivity", f"'{law.sensitivity}' is not a level")
        if not law.title.strip():
            c.add(o, rid, "title", "a law needs a title")
        for article in law.articles:
            if article not in articles:
                c.add(o, rid, "articles", f"unknown legal article '{article}'")
        for right in law.rights:
            t.check("rights", right, o, rid, "rights")
        for stage in law.stages:
            t.check("law_stages", stage.stage, o, rid, "stages.stage")
            c.ref("organisation", stage.body, o, rid, "stages.body")
            _cited(c, stage.citations, o, rid, "stages")
        for use in law.uses:
            c.ref("case", use.case_id, o, rid, "uses.case")
            c.ref("event", use.event_id, o, rid, "uses.event")
            if (use.case_id is None) == (use.event_id is None):
                c.add(o, rid, "uses", "each use names either a case or an event")
            _cited(c, use.citations, o, rid, "uses")
