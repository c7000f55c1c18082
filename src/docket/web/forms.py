"""Form fields to and from the dataset format the editing service reads.

Lists are written one item a line; an item with parts separates them with "|", as
`source-id | p. 7` or `judge-id | decided | judge`. A problem the service finds is shown next to
the form field it concerns.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from docket.domain.vocabulary import Vocabulary
from docket.errors import Problem

# form fields of each kind, in the order shown; the rest of a stored record is kept as it is
FIELDS: dict[str, tuple[str, ...]] = {
    "person": (
        "name", "names", "sex", "born", "birth_place", "occupation", "region", "summary",
        "sources", "sensitivity",
    ),
    "source": (
        "kind", "title", "publisher", "author", "date", "language", "url", "reliability",
        "notes", "cites", "sensitivity",
    ),
    "event": (
        "kind", "date", "end_date", "case", "place", "description", "victims", "participants",
        "organisations", "status", "sentence", "sources", "sensitivity",
    ),
    "recognition": ("person", "kind", "by", "date", "criteria", "rationale", "sources"),
    "claim": (
        "metric", "value", "qualifier", "unit", "as_of", "period_start", "wording", "stated_by",
        "jurisdiction", "sources",
    ),
    "case": (
        "title", "number", "jurisdiction", "courts", "defendants", "summary", "sources",
        "sensitivity",
    ),
    "relation": ("kind", "person", "sources"),
}  # fmt: skip
LINES = {
    "names", "sources", "cites", "victims", "participants", "organisations", "sentence",
    "courts", "defendants",
}  # fmt: skip
# where a problem in a dataset field is shown on the form
_PROBLEM_FIELD = {
    "parties": "victims",
    "parties.person": "victims",
    "parties.role": "organisations",
    "parties.involvement": "participants",
    "parties.organisation": "organisations",
    "sentence.kind": "sentence",
    "sentence.term": "sentence",
    "sentence.start": "sentence",
    "names.kind": "names",
    "names.script": "names",
    "names.value": "names",
    "defendants.person": "defendants",
    "defendants.charges": "defendants",
    "defendants.charges.article": "defendants",
    "defendants.charges.part": "defendants",
    "relations": "person",
    "relations.person": "person",
    "relations.kind": "kind",
    "relations.sources": "sources",
}


def _lines(text: str) -> list[list[str]]:
    out = []
    for line in text.splitlines():
        if line.strip():
            out.append([part.strip() for part in line.split("|")])
    return out


def _part(parts: list[str], n: int) -> str | None:
    return parts[n] if len(parts) > n and parts[n] else None


def _citations(text: str) -> list[dict[str, str]]:
    cites = []
    for parts in _lines(text):
        cite = {"source": parts[0]}
        if _part(parts, 1):
            cite["at"] = parts[1]
        cites.append(cite)
    return cites


def to_record(kind: str, form: Mapping[str, str]) -> dict[str, Any]:
    """The dataset-format fields of a submitted form (empty fields are left out)."""
    raw: dict[str, Any] = {}
    for name in FIELDS[kind]:
        value = (form.get(name) or "").strip()
        if name in ("sources", "cites"):
            raw[name] = _citations(value)
        elif name == "names":
            raw[name] = [p[0] for p in _lines(value)]
        elif name == "criteria":
            raw[name] = [c.strip() for c in value.replace(",", " ").split() if c.strip()]
        elif name == "victims":
            raw["parties"] = [
                {"person": p[0], "role": _part(p, 1) or "victim"} for p in _lines(value)
            ]
        elif name == "participants":
            raw["parties"] += [
                {
                    k: v
                    for k, v in (
                        ("person", p[0]),
                        ("role", _part(p, 1) or "perpetrator"),
                        ("involvement", _part(p, 2)),
                        ("position", _part(p, 3)),
                    )
                    if v
                }
                for p in _lines(value)
            ]
        elif name == "organisations":
            raw["parties"] += [
                {
                    k: v
                    for k, v in (
                        ("organisation", p[0]),
                        ("role", _part(p, 1) or "perpetrator"),
                        ("involvement", _part(p, 2)),
                    )
                    if v
                }
                for p in _lines(value)
            ]
        elif name == "sentence":
            raw[name] = [
                {
                    k: v
                    for k, v in (("kind", p[0]), ("term", _part(p, 1)), ("regime", _part(p, 2)))
                    if v
                }
                for p in _lines(value)
            ]
        elif name == "courts":
            raw[name] = [p[0] for p in _lines(value)]
        elif name == "defendants":
            raw[name] = _defendants(value)
        elif name == "value":
            raw[name] = _number(value)
        else:
            raw[name] = value or None
    return raw


def _defendants(text: str) -> list[dict[str, Any]]:
    """One charge a line, `person id | article | part | the source's wording`; a defendant's
    lines are gathered in order (a line with only a person id gives them no charge)."""
    by_person: dict[str, list[dict[str, str]]] = {}
    for parts in _lines(text):
        charges = by_person.setdefault(parts[0], [])
        charge = {
            k: v
            for k, v in (
                ("article", _part(parts, 1)),
                ("part", _part(parts, 2)),
                ("wording", _part(parts, 3)),
            )
            if v
        }
        if charge:
            charges.append(charge)
    return [{"person": p, "charges": c} for p, c in by_person.items()]


def _charge_line(person: str, charge: Any) -> str:
    if isinstance(charge, str):
        return _join([person, charge])
    line = _join([person, charge.get("article"), charge.get("part"), charge.get("wording")])
    return line.replace("|  |", "| |").replace("|  |", "| |")


def _number(text: str) -> float | str | None:
    if not text:
        return None
    try:
        return float(text.replace(",", "").replace(" ", ""))
    except ValueError:
        return text  # the reader says what is wrong with it


def _join(parts: list[Any]) -> str:
    while parts and not parts[-1]:
        parts.pop()
    return " | ".join(str(p or "") for p in parts)


def to_form(kind: str, raw: Mapping[str, Any]) -> dict[str, str]:
    """Form fields showing a stored record (dataset format)."""
    form: dict[str, str] = {}
    parties = list(raw.get("parties") or [])
    for name in FIELDS[kind]:
        value = raw.get(name)
        if name in ("sources", "cites"):
            text = "\n".join(
                c if isinstance(c, str) else _join([c.get("source"), c.get("at")])
                for c in value or []
            )
        elif name == "names":
            text = "\n".join(n["value"] if isinstance(n, dict) else str(n) for n in value or [])
        elif name == "criteria":
            text = " ".join(value or [])
        elif name == "victims":
            text = "\n".join(
                _join([p["person"], None if p["role"] == "victim" else p["role"]])
                for p in parties
                if p.get("person") and p["role"] in ("victim", "subject")
            )
        elif name == "participants":
            text = "\n".join(
                _join([p["person"], p["role"], p.get("involvement"), p.get("position")])
                for p in parties
                if p.get("person") and p["role"] not in ("victim", "subject")
            )
        elif name == "organisations":
            text = "\n".join(
                _join([p["organisation"], p["role"], p.get("involvement")])
                for p in parties
                if p.get("organisation")
            )
        elif name == "sentence":
            text = "\n".join(
                _join([s.get("kind"), s.get("term"), s.get("regime")]) for s in value or []
            )
        elif name == "courts":
            text = "\n".join(str(c) for c in value or [])
        elif name == "defendants":
            text = "\n".join(
                "\n".join(_charge_line(d["person"], ch) for ch in d.get("charges") or [])
                or d["person"]
                for d in value or []
            )
        else:
            text = "" if value is None else str(value)
        form[name] = text
    return form


def field_errors(kind: str, problems: list[Problem]) -> tuple[dict[str, list[str]], list[str]]:
    """Problems by form field, and those that belong to no field of the form."""
    by_field: dict[str, list[str]] = {}
    general: list[str] = []
    for p in problems:
        name = _PROBLEM_FIELD.get(p.field or "", p.field or "")
        if name in FIELDS[kind]:
            by_field.setdefault(name, []).append(p.message)
        else:
            general.append(f"{p.field}: {p.message}" if p.field else p.message)
    return by_field, general


TEXTAREAS = LINES | {"summary", "notes", "description", "rationale", "wording"}
REQUIRED = {
    "person": {"name"},
    "source": {"kind", "title"},
    "event": {"kind", "date", "sources"},
    "recognition": {"person", "kind", "by", "date", "sources"},
    "claim": {"metric", "value", "unit", "as_of", "wording", "sources"},
    "case": {"title", "defendants", "sources"},
    "relation": {"kind", "person"},
}


def choices(kind: str, vocab: Vocabulary, lang: str) -> dict[str, list[tuple[str, str]]]:
    """The values a select offers, with their labels."""

    def plain(term: str) -> list[tuple[str, str]]:
        return [(v, v.replace("_", " ")) for v in sorted(vocab.term(term))]

    out: dict[str, list[tuple[str, str]]] = {"sensitivity": plain("sensitivity")}
    if kind == "person":
        out["sex"] = plain("sex")
    elif kind == "source":
        out["kind"] = plain("source_kinds")
        out["reliability"] = plain("reliability")
    elif kind == "event":
        out["kind"] = [(k.id, k.label.get(lang)) for k in vocab.event_kinds.values()]
        out["status"] = [("", "—")] + [(s.id, s.label.get(lang)) for s in vocab.statuses.values()]
    elif kind == "recognition":
        out["kind"] = plain("recognition_kinds")
    elif kind == "relation":
        out["kind"] = plain("relation_kinds")
    elif kind == "claim":
        out["qualifier"] = plain("claim_qualifiers")
        out["unit"] = plain("claim_units")
    return out
