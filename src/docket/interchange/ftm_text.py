"""Docket values FtM has no property for, written as text FtM holds and read back exactly.

Charges go in a CourtCaseParty's description, one a line ("[kz-cc-405 part 2] wording"); a
sentence goes in an Event's summary, one component a line ("imprisonment; term 3y; regime
general"); everything else is a keyword in Docket's words ("docket:event=verdict").
"""

from __future__ import annotations

import re
from collections import defaultdict

from followthemoney import EntityProxy

from docket.domain.case import Charge
from docket.domain.dates import PartialDate, Term
from docket.domain.event import SentenceComponent

TAG = "docket:"
_CHARGE = re.compile(r"^\[(?P<a>[^\]\s]+)(?: part (?P<p>[^\]\s]+))?\](?: (?P<w>.*))?$")


def charge_line(c: Charge) -> str:
    """One charge as text FtM holds and Docket reads back: "[kz-cc-405 part 2] wording"."""
    head = ""
    if c.article_id:
        head = f"[{c.article_id}" + (f" part {c.part}" if c.part else "") + "]"
    return " ".join(x for x in (head, " ".join((c.wording or "").split())) if x)


def sentence_line(s: SentenceComponent) -> str:
    parts = [s.kind]
    for key, value in (
        ("term", s.term),
        ("regime", s.regime),
        ("amount", s.amount),
        ("start", s.start),
        ("note", s.note),
    ):
        if value is not None:
            parts.append(f"{key} {' '.join(str(value).split())}")
    return "; ".join(parts)


def tags_of(proxy: EntityProxy) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for word in proxy.get("keywords", quiet=True):
        if word.startswith(TAG) and "=" in word:
            key, _, value = word.removeprefix(TAG).partition("=")
            found[key].append(value)
        elif word.startswith(TAG):
            found[word.removeprefix(TAG)].append("")
    return found


def parse_charge(line: str) -> Charge:
    match = _CHARGE.match(line.strip())
    if match is None:
        return Charge(wording=line.strip())
    return Charge(match["a"], match["p"], match["w"] or None)


def parse_sentence(line: str) -> SentenceComponent:
    kind, *rest = line.split("; ")
    values: dict[str, str] = {}
    for i, item in enumerate(rest):
        key, _, value = item.partition(" ")
        if key == "note":  # the note comes last and may itself hold "; "
            values["note"] = "; ".join([value, *rest[i + 1 :]])
            break
        values[key] = value
    return SentenceComponent(
        kind=kind,
        term=Term.parse(values["term"]) if "term" in values else None,
        regime=values.get("regime"),
        amount=values.get("amount"),
        start=PartialDate.parse(values["start"]) if "start" in values else None,
        note=values.get("note"),
    )
