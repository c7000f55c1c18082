"""The people and organisations a campaign names, linked to Docket's records.

People are found by Docket's name index (any script or spelling; -ov and -ova kept apart) from
the capitalised runs of two or three words in the text; organisations by their names, folded,
found in the folded text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from docket.names import THRESHOLD, NameIndex, fold
from docket.services.finding import NameFinder
from docket.services.store import Store
from docket.storage import campaign_queries, people_queries

_UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_MENTION = re.compile(rf"\b[{_UPPER}][\w'’-]+(?:\s+[{_UPPER}][\w'’-]+){{1,2}}")
MAX_MENTIONS = 300


@dataclass(slots=True)
class NameLinker:
    """Built once per scan: the name index and the organisations' folded names."""

    index: NameIndex
    organisations: list[tuple[str, str, list[str]]]
    labels: dict[str, str]

    @classmethod
    def open(cls, store: Store) -> NameLinker:
        finder = NameFinder()
        finder.warm(store)
        assert finder.built is not None
        with store.read() as conn:
            organisations = campaign_queries.organisation_names(conn)
        return cls(finder.built.index, organisations, {})

    def link(self, store: Store, texts: list[str]) -> dict[str, list[dict[str, Any]]]:
        """{"people": [...], "organisations": [...]} named in the texts, each with the words
        as written and the match score."""
        people: dict[str, dict[str, Any]] = {}
        mentions: dict[str, None] = {}
        for text in texts:
            for match in _MENTION.finditer(text):
                mentions.setdefault(" ".join(match.group(0).split()), None)
                if len(mentions) >= MAX_MENTIONS:
                    break
        if len(self.index):
            for mention in mentions:
                for pid, score in self.index.search(mention, limit=2):
                    if score >= THRESHOLD and score > people.get(pid, {}).get("score", 0.0):
                        people[pid] = {"id": pid, "as_written": mention, "score": round(score, 3)}
        if people:
            with store.read() as conn:
                names = people_queries.person_names(conn, sorted(people))
            for pid, entry in people.items():
                entry["name"] = names.get(pid, pid)
        folded = fold(" ".join(texts)).lower()
        organisations = []
        for oid, name, others in self.organisations:
            for label in [name, *others]:
                key = fold(label).lower().strip()
                if len(key) >= 5 and re.search(rf"(?<!\w){re.escape(key)}(?!\w)", folded):
                    organisations.append({"id": oid, "name": name, "as_written": label})
                    break
        ranked = sorted(people.values(), key=lambda p: (-p["score"], p["name"]))
        return {"people": ranked, "organisations": organisations}
