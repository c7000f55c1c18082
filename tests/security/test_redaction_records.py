"""Random datasets for the redaction tests: every text field holds a unique sentinel, and each
sentinel is noted with the level it must never leave below.

The expected level of a sentinel is worked out here from the dataset format alone, not with
Docket's redaction code: the strictest of the record's level, the field's mark, the policy's
floor for the field (a source's notes are never public) and, for a party, the party's own
level. Record ids are sentinels too, at the level below which the record must not appear.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from hypothesis import strategies as st

LEVELS = ("public", "internal", "restricted")
FLOORS = {("sources", "notes"): "internal"}
# Fields whose loss leaves nothing to show a record by: a record is withheld with them.
REQUIRED = {
    "sources": ("kind", "title"),
    "organisations": ("name", "kind"),
    "people": ("name",),
    "cases": ("title",),
    "events": ("kind", "date", "parties", "sources"),
    "recognitions": ("person", "kind", "by", "date", "sources"),
    "claims": ("metric", "value", "unit", "as_of", "wording", "sources"),
}
MARKABLE = {
    "sources": ("title", "publisher", "author", "notes", "url"),
    "organisations": ("name", "summary"),
    "people": ("name", "born", "birth_place", "occupation", "region", "summary", "relations"),
    "cases": ("title", "number", "summary", "defendants"),
    "events": ("description", "place", "parties", "sentence", "date"),
    "recognitions": ("rationale", "criteria"),
    "claims": ("wording",),
}
EVENT_KINDS = ("detained", "pre_trial_detention", "verdict", "torture_allegation", "charged")


def stricter(*levels: str | None) -> str:
    return max((lv for lv in levels if lv), key=LEVELS.index, default="public")


@dataclass
class Generated:
    """One random dataset in the dataset format, with its sentinels' levels."""

    files: dict[str, list[dict[str, Any]]]
    levels: dict[str, str] = field(default_factory=dict)  # lower-case sentinel -> level

    def count(self) -> int:
        return sum(len(v) for v in self.files.values())

    def write(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.iterdir():
            old.unlink()
        (folder / "dataset.yaml").write_text(
            "id: redaction\ntitle: Redaction test (fictional)\njurisdiction: KZ\n", "utf-8"
        )
        for stem, records in self.files.items():
            lines = b"".join(orjson.dumps(r) + b"\n" for r in records)
            (folder / f"{stem}.jsonl").write_bytes(lines)


class _Maker:
    def __init__(self, draw: Any) -> None:
        self.draw = draw
        self.numbers = itertools.count(1)
        self.levels: dict[str, str] = {}

    def level(self) -> str:
        return str(self.draw(st.sampled_from(("public", "public", "internal", "restricted"))))

    def marks(self, stem: str) -> dict[str, str]:
        chosen = self.draw(st.lists(st.sampled_from(MARKABLE[stem]), unique=True, max_size=3))
        return {f: self.level() for f in chosen}

    def sentinel(self, level: str) -> str:
        text = f"Zq{next(self.numbers):05d}x"
        self.levels[text.lower()] = level
        return text

    def ident(self, prefix: str, level: str) -> str:
        return self.sentinel(level).lower().replace("zq", f"{prefix}-zq")


def _record(m: _Maker, stem: str) -> tuple[str, dict[str, str], Any]:
    own = m.level()
    marks = m.marks(stem)

    def at(fld: str, *more: str | None) -> str:
        return stricter(own, marks.get(fld), FLOORS.get((stem, fld)), *more)

    return own, marks, at


@st.composite
def datasets(draw: Any) -> Generated:
    """A small random record: sources, organisations, people, cases, events, recognitions,
    sanctions and claims, every level and mark drawn at random."""
    m = _Maker(draw)
    files: dict[str, list[dict[str, Any]]] = {}
    src_levels: dict[str, str] = {}
    sources = []
    for _ in range(draw(st.integers(1, 3))):
        own, marks, at = _record(m, "sources")
        level_id = stricter(own, *(marks.get(f) for f in REQUIRED["sources"]))
        sid = m.ident("src", level_id)
        src_levels[sid] = level_id
        sources.append(
            {
                "id": sid,
                "kind": "report",
                "title": m.sentinel(at("title")),
                "publisher": m.sentinel(at("publisher")),
                "author": m.sentinel(at("author")),
                "notes": m.sentinel(at("notes")),
                "url": "https://example.org/" + m.sentinel(at("url")),
                "date": "2021-10-20",
                "sensitivity": own,
                "levels": marks,
            }
        )
    files["sources"] = sources
    source_ids = list(src_levels)
    if len(sources) > 1 and draw(st.booleans()):  # a report resting on another (footnotes)
        sources[0]["cites"] = [{"source": source_ids[1], "at": "fn. 3"}]

    def cites() -> list[str]:
        return draw(st.lists(st.sampled_from(source_ids), min_size=1, max_size=2, unique=True))

    org_levels: dict[str, str] = {}
    orgs = []
    for _ in range(draw(st.integers(1, 2))):
        own, marks, at = _record(m, "organisations")
        oid = m.ident("org", stricter(own, marks.get("name")))
        org_levels[oid] = stricter(own, marks.get("name"))
        orgs.append(
            {
                "id": oid,
                "name": m.sentinel(at("name")),
                "kind": "human_rights_group",
                "jurisdiction": "KZ",
                "summary": m.sentinel(at("summary")),
                "sources": cites(),
                "sensitivity": own,
                "levels": marks,
            }
        )
    files["organisations"] = orgs
    org_ids = list(org_levels)
    positions = []
    for n, oid in enumerate(org_ids):  # a post in each: its title is the organisation's
        positions.append(
            {"id": f"pos-{n}", "title": m.sentinel(org_levels[oid]), "organisation": oid}
        )

    person_levels: dict[str, str] = {}
    people = []
    for _ in range(draw(st.integers(2, 4))):
        own, marks, at = _record(m, "people")
        pid = m.ident("p", stricter(own, marks.get("name")))
        person_levels[pid] = stricter(own, marks.get("name"))
        people.append(
            {
                "id": pid,
                "name": m.sentinel(at("name")),
                "names": [m.sentinel(at("name"))],
                "sex": "female",
                "born": "1970-01-01",
                "birth_place": m.sentinel(at("birth_place")),
                "occupation": m.sentinel(at("occupation")),
                "region": m.sentinel(at("region")),
                "summary": m.sentinel(at("summary")),
                "affiliations": [
                    {"organisation": draw(st.sampled_from(org_ids)), "sources": cites()}
                ],
                "sources": cites(),
                "sensitivity": own,
                "levels": marks,
            }
        )
    person_ids = list(person_levels)
    for p in people:  # relatives: the link is a relation, at the relations field's level
        other = draw(st.sampled_from(person_ids))
        if other != p["id"] and draw(st.booleans()):
            p["relations"] = [{"kind": "brother", "person": other, "sources": cites()}]
    files["people"] = people
    files["positions"] = positions
    files["occupancies"] = [
        {
            "id": f"occ-{n}",
            "person": draw(st.sampled_from(person_ids)),
            "position": pos["id"],
            "start": "2019",
            "sources": cites(),
        }
        for n, pos in enumerate(positions)
        if draw(st.booleans())
    ]

    cases = []
    case_levels: dict[str, str] = {}
    for _ in range(draw(st.integers(0, 2))):
        own, marks, at = _record(m, "cases")
        cid = m.ident("case", stricter(own, marks.get("title")))
        case_levels[cid] = stricter(own, marks.get("title"))
        cases.append(
            {
                "id": cid,
                "title": m.sentinel(at("title")),
                "jurisdiction": "KZ",
                "number": m.sentinel(at("number")),
                "summary": m.sentinel(at("summary")),
                "defendants": [
                    {
                        "person": draw(st.sampled_from(person_ids)),
                        "charges": [{"wording": m.sentinel(at("defendants"))}],
                    }
                ],
                "sources": cites(),
                "sensitivity": own,
                "levels": marks,
            }
        )
    files["cases"] = cases

    events = []
    for n in range(draw(st.integers(1, 5))):
        own, marks, at = _record(m, "events")
        kind = draw(st.sampled_from(EVENT_KINDS))
        eid = m.ident("ev", stricter(own, *(marks.get(f) for f in REQUIRED["events"])))
        event: dict[str, Any] = {
            "id": eid,
            "kind": kind,
            "date": f"2021-0{1 + n}-1{n}",
            "victims": [draw(st.sampled_from(person_ids))],
            "place": m.sentinel(at("place")),
            "description": m.sentinel(at("description")),
            "sources": cites(),
            "sensitivity": own,
            "levels": marks,
        }
        if draw(st.booleans()):
            witness = draw(st.sampled_from((None, *LEVELS)))
            party: dict[str, Any] = {
                "person": draw(st.sampled_from(person_ids)),
                "role": "witness",
                "position": m.sentinel(at("parties", witness)),
            }
            if witness:
                party["sensitivity"] = witness
            event["parties"] = [party]
        if draw(st.booleans()):
            event.setdefault("parties", []).append(
                {
                    "organisation": draw(st.sampled_from(org_ids)),
                    "role": "perpetrator",
                    "involvement": "decided",
                    "position": m.sentinel(at("parties")),
                }
            )
        if kind == "verdict":
            event["sentence"] = [
                {"kind": "imprisonment", "term": "3y", "note": m.sentinel(at("sentence"))}
            ]
        if case_levels and draw(st.booleans()):
            event["case"] = draw(st.sampled_from(list(case_levels)))
        events.append(event)
    files["events"] = events

    recognitions = []
    for _ in range(draw(st.integers(0, 2))):
        marks = m.marks("recognitions")
        person = draw(st.sampled_from(person_ids))
        by = draw(st.sampled_from(org_ids))
        base = stricter(person_levels[person], org_levels[by])
        recognitions.append(
            {
                "id": m.ident(
                    "rec", stricter(base, *(marks.get(f) for f in REQUIRED["recognitions"]))
                ),
                "person": person,
                "kind": "political_prisoner",
                "by": by,
                "date": "2021-04-01",
                "criteria": ["pace-1900-a"],
                "rationale": m.sentinel(stricter(base, marks.get("rationale"))),
                "sources": cites(),
                "levels": marks,
            }
        )
    files["recognitions"] = recognitions

    sanctions = []
    for _ in range(draw(st.integers(0, 1))):
        person = draw(st.sampled_from(person_ids))
        by = draw(st.sampled_from(org_ids))
        base = stricter(person_levels[person], org_levels[by])
        sanctions.append(
            {
                "id": m.ident("san", base),
                "person": person,
                "by": by,
                "date": "2021-05-01",
                "regimes": ["eu-ghrsr"],
                "grounds": m.sentinel(base),
                "sources": cites(),
            }
        )
    files["sanctions"] = sanctions

    claims = []
    for _ in range(draw(st.integers(0, 2))):
        marks = m.marks("claims")
        by = draw(st.sampled_from(org_ids))
        base = org_levels[by]
        claims.append(
            {
                "id": m.ident("claim", stricter(base, marks.get("wording"))),
                "metric": "political_prisoners",
                "value": 3,
                "qualifier": "at_least",
                "unit": "people",
                "as_of": "2021-10-01",
                "wording": m.sentinel(stricter(base, marks.get("wording"))),
                "stated_by": by,
                "jurisdiction": "KZ",
                "sources": cites(),
                "levels": marks,
            }
        )
    files["claims"] = claims
    for records in files.values():
        for r in records:
            if not r.get("levels"):
                r.pop("levels", None)
    return Generated(files, m.levels)
