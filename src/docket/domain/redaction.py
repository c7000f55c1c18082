"""The one redaction layer every output goes through: an allow-list of fields per record type.

For each record type (and each part of one: a name, a party, a citation...) `POLICY` lists the
fields that may leave Docket and the least strict level each leaves at: `RECORD` (the record's
own level) or a stricter one (a source's notes are never public). A field leaves for an
audience only if the strictest of the record's level, the field's floor and the field's mark
(`levels` on the record, `sensitivity` on a party) is one the audience may read.

Anything not in the table is withheld, for every audience, until someone classifies it: a field
added to a record type never leaks by default. Withheld fields take their empty default; a
record whose required field is withheld (a person's names, an event's date) is left out whole,
since there is nothing to show it by. Nested parts with their own level (a witness's part in an
event) are dropped from their list.
"""

from __future__ import annotations

from dataclasses import MISSING, fields, is_dataclass, replace
from typing import Any, TypeVar

from docket.domain.case import Case, Charge, Defendant
from docket.domain.claim import Claim
from docket.domain.dataset import Dataset
from docket.domain.dates import PartialDate, Term
from docket.domain.event import Event, Party, SentenceComponent
from docket.domain.organisation import Occupancy, Organisation, Position
from docket.domain.person import Affiliation, Name, Person, Relation
from docket.domain.recognition import Recognition, SanctionRecommendation
from docket.domain.sensitivity import Audience, Levels, mark_of, stricter
from docket.domain.source import Citation, Origin, Source
from docket.domain.surveillance_policy import SURVEILLANCE_POLICY

T = TypeVar("T")
RECORD = "record"  # the field leaves at its record's own level
_CITED = {"citations": RECORD}
_PROVENANCE = {"origin": "internal", "levels": "internal"}

POLICY: dict[type, dict[str, str]] = {
    Source: {
        "id": RECORD,
        "kind": RECORD,
        "title": RECORD,
        "publisher": RECORD,
        "date": RECORD,
        "language": RECORD,
        "url": RECORD,
        "reliability": RECORD,
        "author": RECORD,
        "notes": "internal",  # a monitor's notes on a source: never on the public site
        "cites": RECORD,
        "sensitivity": RECORD,
        **_PROVENANCE,
    },
    Organisation: {
        "id": RECORD,
        "names": RECORD,
        "kind": RECORD,
        "jurisdiction": RECORD,
        "parent_id": RECORD,
        "summary": RECORD,
        "sensitivity": RECORD,
        **_CITED,
        **_PROVENANCE,
    },
    Person: {
        "id": RECORD,
        "names": RECORD,
        "sex": RECORD,
        "birth_date": RECORD,
        "birth_place": RECORD,
        "occupation": RECORD,
        "region": RECORD,
        "summary": RECORD,
        "affiliations": RECORD,
        "relations": RECORD,
        "sensitivity": RECORD,
        **_CITED,
        **_PROVENANCE,
    },
    Position: {"id": RECORD, "title": RECORD, "organisation_id": RECORD, **_CITED, **_PROVENANCE},
    Occupancy: {
        "id": RECORD,
        "person_id": RECORD,
        "position_id": RECORD,
        "start": RECORD,
        "end": RECORD,
        "observed": RECORD,
        **_CITED,
        **_PROVENANCE,
    },
    Case: {
        "id": RECORD,
        "title": RECORD,
        "jurisdiction": RECORD,
        "case_number": RECORD,
        "court_ids": RECORD,
        "defendants": RECORD,
        "summary": RECORD,
        "sensitivity": RECORD,
        **_CITED,
        **_PROVENANCE,
    },
    Event: {
        "id": RECORD,
        "kind": RECORD,
        "date": RECORD,
        "parties": RECORD,
        "end_date": RECORD,
        "case_id": RECORD,
        "place": RECORD,
        "description": RECORD,
        "sentence": RECORD,
        "status": RECORD,
        "sensitivity": RECORD,
        **_CITED,
        **_PROVENANCE,
    },
    Recognition: {
        "id": RECORD,
        "person_id": RECORD,
        "kind": RECORD,
        "organisation_id": RECORD,
        "date": RECORD,
        "criteria": RECORD,
        "rationale": RECORD,
        **_CITED,
        **_PROVENANCE,
    },
    SanctionRecommendation: {
        "id": RECORD,
        "person_id": RECORD,
        "organisation_id": RECORD,
        "date": RECORD,
        "regimes": RECORD,
        "grounds": RECORD,
        **_CITED,
        **_PROVENANCE,
    },
    Claim: {
        "id": RECORD,
        "metric": RECORD,
        "value": RECORD,
        "unit": RECORD,
        "as_of": RECORD,
        "wording": RECORD,
        "qualifier": RECORD,
        "stated_by": RECORD,
        "jurisdiction": RECORD,
        "period_start": RECORD,
        **_CITED,
        **_PROVENANCE,
    },
    **SURVEILLANCE_POLICY,  # deployments, disruptions, laws and their parts
    # Parts of records: they leave at the level of the field that holds them.
    Name: {"value": RECORD, "kind": RECORD, "script": RECORD, "lang": RECORD},
    Affiliation: {"organisation_id": RECORD, "role": RECORD, "start": RECORD, "end": RECORD}
    | _CITED,
    Relation: {"kind": RECORD, "person_id": RECORD, "inverse": RECORD} | _CITED,
    Party: {
        "role": RECORD,
        "person_id": RECORD,
        "organisation_id": RECORD,
        "involvement": RECORD,
        "position": RECORD,
        "sensitivity": RECORD,
    },
    SentenceComponent: {
        "kind": RECORD,
        "term": RECORD,
        "regime": RECORD,
        "amount": RECORD,
        "start": RECORD,
        "note": RECORD,
    },
    Defendant: {"person_id": RECORD, "charges": RECORD},
    Charge: {"article_id": RECORD, "part": RECORD, "wording": RECORD},
    Citation: {"source_id": RECORD, "locator": RECORD},
    Origin: {"file": RECORD, "line": RECORD},
}
# Values taken whole: they hold no text a monitor wrote beyond what their field is classified as.
_ATOMS = (PartialDate, Term)


def policy_for(kind: type) -> dict[str, str] | None:
    """The table for a type, or for the nearest classified type it derives from."""
    for klass in kind.__mro__:
        table = POLICY.get(klass)
        if table is not None:
            return table
    return None


def unclassified(kind: type) -> list[str]:
    """Fields of a dataclass its table does not classify (withheld until someone does)."""
    table = policy_for(kind) or {}
    return [f.name for f in fields(kind) if f.name not in table]


class _Required(Exception):
    """A field without a default was withheld: the object cannot be shown at all."""


def _empty(f: Any) -> Any:
    if f.default is not MISSING:
        return f.default
    if f.default_factory is not MISSING:
        return f.default_factory()
    raise _Required(f.name)


# What is decided once per type, not once per object: outputs redact hundreds of thousands of
# records, and asking `dataclasses` for the fields and the table for each field every time
# made a large briefing spend most of its time here.
_FIELDS: dict[type, tuple[tuple[str, str | None, Any], ...]] = {}
_PLANS: dict[tuple[type, str, frozenset[str]], tuple[tuple[str, str | None, Any], ...]] = {}
_PARTS: dict[type, bool] = {}


def _fields_of(kind: type) -> tuple[tuple[str, str | None, Any], ...]:
    """(name, floor or None when unclassified, field) of each field set by the constructor."""
    found = _FIELDS.get(kind)
    if found is None:
        table = policy_for(kind) or {}
        found = _FIELDS[kind] = tuple(
            (f.name, table.get(f.name), f) for f in fields(kind) if f.init
        )
    return found


def _plan(
    kind: type, ceiling: str, seen: frozenset[str]
) -> tuple[tuple[str, str | None, Any], ...]:
    """(name, level it leaves at or None when withheld, field) for objects without marks."""
    key = (kind, ceiling, seen)
    plan = _PLANS.get(key)
    if plan is None:
        out = []
        for name, floor, f in _fields_of(kind):
            level = None
            if floor is not None:
                level = stricter(ceiling, None if floor == RECORD else floor)
            out.append((name, level if level in seen else None, f))
        plan = _PLANS[key] = tuple(out)
    return plan


def _is_part(value: Any) -> bool:
    kind = type(value)
    found = _PARTS.get(kind)
    if found is None:
        found = _PARTS[kind] = is_dataclass(kind) and not issubclass(kind, _ATOMS)
    return found


# Parts and lists of parts already redacted in one call, by identity (the object is kept, so
# its id stays its own): a large record shares citations, sentences and parties between
# thousands of records.
_Memo = dict[tuple[int, str], tuple[Any, Any]]
_WITHHELD = object()  # in a memo: the part cannot be shown at that level


def _value(value: Any, seen: frozenset[str], level: str, memo: _Memo) -> Any:
    if _is_part(value):
        key = (id(value), level)
        found = memo.get(key)
        if found is not None and found[0] is value:
            if found[1] is _WITHHELD:
                raise _Required("sensitivity")
            return found[1]
        try:
            shown = _part(value, seen, level, (), memo)
        except _Required:
            memo[key] = (value, _WITHHELD)
            raise
        memo[key] = (value, shown)
        return shown
    if isinstance(value, tuple) and value:
        key = (id(value), level)
        found = memo.get(key)
        if found is not None and found[0] is value:
            return found[1]
        out = []
        changed = False
        for item in value:
            try:
                shown = _value(item, seen, level, memo)
            except _Required:
                changed = True
                continue  # a part that cannot be shown leaves its list
            changed = changed or shown is not item
            out.append(shown)
        result = tuple(out) if changed else value
        memo[key] = (value, result)
        return result
    return value


def _part(obj: T, seen: frozenset[str], ceiling: str, marks: Levels, memo: _Memo) -> T:
    own = getattr(obj, "sensitivity", None)
    if isinstance(own, str):
        ceiling = stricter(ceiling, own)
    if ceiling not in seen:
        raise _Required("sensitivity")
    if marks:
        plan: Any = [
            (name, _marked(ceiling, floor, mark_of(marks, name), seen), f)
            for name, floor, f in _fields_of(type(obj))
        ]
    else:
        plan = _plan(type(obj), ceiling, seen)
    changes: dict[str, Any] = {}
    for name, level, f in plan:
        if level is None:
            changes[name] = _empty(f)
            continue
        value = getattr(obj, name)
        if value is None or isinstance(value, (str, int, float)):
            continue
        shown = _value(value, seen, level, memo)
        if shown is not value:
            changes[name] = shown
    if not changes:
        return obj
    return replace(obj, **changes)  # type: ignore[type-var]


def _marked(ceiling: str, floor: str | None, mark: str | None, seen: frozenset[str]) -> str | None:
    if floor is None:
        return None
    level = stricter(ceiling, None if floor == RECORD else floor, mark)
    return level if level in seen else None


def redact(record: T, audience: Audience, *, level: str | None = None) -> T | None:
    """The record as `audience` may see it, or None when it may not see the record at all.

    `level` is the record's level for types that carry none of their own (recognitions,
    claims...: the level of what they are about; internal when not given)."""
    return _redact(record, audience.sensitivities, level, {})


def _redact(record: T, seen: frozenset[str], level: str | None, memo: _Memo) -> T | None:
    own = getattr(record, "sensitivity", None)
    ceiling = own if isinstance(own, str) else (level or "internal")
    marks: Levels = getattr(record, "levels", ()) or ()
    try:
        out = _part(record, seen, ceiling, marks, memo)
    except _Required:
        return None
    if marks and getattr(out, "levels", ()):
        # keep only the marks of fields that left, so a mark never outlives its value
        kept = tuple((name, lv) for name, lv in marks if stricter(ceiling, lv) in seen)
        if kept != marks:
            out = replace(out, levels=kept)  # type: ignore[type-var]
    return out


def redact_all(records: list[T], audience: Audience, *, level: str | None = None) -> list[T]:
    """`redact` each record; those the audience may not see at all are left out."""
    seen = audience.sensitivities
    memo: _Memo = {}
    out = []
    for record in records:
        shown = _redact(record, seen, level, memo)
        if shown is not None:
            out.append(shown)
    return out


def redact_dataset(ds: Dataset, audience: Audience) -> Dataset:
    """Every record of the dataset as the audience may see it. Records that carry no level of
    their own (recognitions, sanctions, claims, positions, occupancies) count as public here:
    `docket.reports.scope` then leaves them out with the people, organisations and sources they
    rest on, so they are never more public than those."""
    out = Dataset(ds.info)
    out.sources = redact_all(ds.sources, audience)
    out.organisations = redact_all(ds.organisations, audience)
    out.people = redact_all(ds.people, audience)
    out.positions = redact_all(ds.positions, audience, level="public")
    out.occupancies = redact_all(ds.occupancies, audience, level="public")
    out.cases = redact_all(ds.cases, audience)
    out.events = redact_all(ds.events, audience)
    out.recognitions = redact_all(ds.recognitions, audience, level="public")
    out.sanctions = redact_all(ds.sanctions, audience, level="public")
    out.claims = redact_all(ds.claims, audience, level="public")
    return out


def settle(record: T) -> T:
    """A record whose identifying field is marked stricter than the record (a person's name, an
    event's date) is as strict as that mark: no audience may see it without them. Settled when
    loaded, so that lists and searches, which select by the record's level, agree with outputs."""
    own = getattr(record, "sensitivity", None)
    marks: Levels = getattr(record, "levels", ()) or ()
    if not isinstance(own, str) or not marks or not is_dataclass(record):
        return record
    required = {
        f.name for f in fields(record) if f.default is MISSING and f.default_factory is MISSING
    }
    level = stricter(own, *(lv for name, lv in marks if name in required))
    return record if level == own else replace(record, sensitivity=level)  # type: ignore[type-var]


def settle_levels(ds: Dataset) -> Dataset:
    """`settle` every record of the dataset, in place; returns it."""
    for name in (
        "sources", "organisations", "people", "cases", "events", "deployments", "disruptions",
        "laws",
    ):  # fmt: skip
        setattr(ds, name, [settle(r) for r in getattr(ds, name)])
    return ds
