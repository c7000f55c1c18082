"""Short texts generated from the record: case summaries, event lines, officials' acts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from docket.domain.case import Case
from docket.domain.dates import PartialDate
from docket.domain.event import Event, SentenceComponent
from docket.domain.organisation import Occupancy
from docket.domain.source import Citation
from docket.domain.status import recognitions_on
from docket.reports.context import EventEntry, Line, OfficialAct, OfficialEntry, PrisonerEntry
from docket.reports.index import RecordIndex
from docket.reports.text import Messages

DETAIL_LIMIT = 280
SENTENCE_EFFECT = "verdict"
ILL_TREATMENT_KINDS = frozenset({"psychiatric_examination", "psychiatric_placement"})


def unique(citations: Iterable[Citation]) -> tuple[Citation, ...]:
    return tuple(dict.fromkeys(citations))


def clip(text: str | None) -> str | None:
    if text is None:
        return None
    text = " ".join(text.split())
    return text if len(text) <= DETAIL_LIMIT else text[: DETAIL_LIMIT - 1].rstrip() + "…"


def sentence_text(components: Sequence[SentenceComponent], t: Messages) -> str:
    parts = []
    for c in components:
        text = t(f"sc_{c.kind}")
        extras = [x for x in (t.term(c.term) if c.term else None, c.amount, c.regime) if x]
        if extras:
            text += " " + ", ".join(extras)
        if c.note:
            text += f" ({c.note})"
        parts.append(text)
    return "; ".join(parts)


def charge_lines(ix: RecordIndex, case: Case, person_id: str, t: Messages) -> list[str]:
    out = []
    for d in case.defendants:
        if d.person_id != person_id:
            continue
        for charge in d.charges:
            article = ix.vocab.articles.get(charge.article_id or "")
            if article is None:
                out.append(t("charge_wording", wording=charge.wording or "?"))
                continue
            text = f"{article.cite(charge.part)}: {article.title.get(t.lang)}"
            if charge.part and charge.part in article.parts:
                text += f" ({article.parts[charge.part].get(t.lang)})"
            if charge.wording:
                text += f" — “{charge.wording}”"
            out.append(text)
    return out


def case_name(ix: RecordIndex, case: Case, t: Messages) -> str:
    text = case.title
    if case.case_number:
        text += f", {t('case_number', number=case.case_number)}"
    courts = [ix.name(None, c) for c in case.court_ids]
    if courts:
        text += f" ({', '.join(courts)})"
    return text


def event_entry(
    ix: RecordIndex, e: Event, t: Messages, *, since: date | None = None, who_role: bool = True
) -> EventEntry:
    names = [ix.name(p.person_id, p.organisation_id) for p in e.parties if p.role in _SUBJECT]
    detail = sentence_text(e.sentence, t) if e.sentence else None
    if e.status:
        detail = ix.vocab.status_label(e.status, t.lang)
    if detail is None:
        detail = clip(e.description)
    return EventEntry(
        id=e.id,
        kind=e.kind,
        what=ix.vocab.event_kinds[e.kind].label.get(t.lang),
        date=e.date,
        certain=since is None or e.date.lo >= since,
        who=tuple(dict.fromkeys(names)) if who_role else (),
        detail=detail,
        citations=e.citations,
    )


_SUBJECT = frozenset({"victim", "subject"})


def prisoner_entry(ix: RecordIndex, person_id: str, as_of: date, t: Messages) -> PrisonerEntry:
    person = ix.people[person_id]
    vocab = ix.vocab
    span = ix.status(person_id, as_of)
    assert span is not None  # only people with a status are listed
    status = t(
        "status_since", status=vocab.status_label(span.status, t.lang), since=t.day(span.start)
    )
    events = [e for e in ix.subject_events.get(person_id, ()) if e.date.hi <= as_of]
    charges: list[Line] = []
    case_ids = list(dict.fromkeys(e.case_id for e in events if e.case_id))
    case_ids += [c.id for c in ix.cases_of.get(person_id, ()) if c.id not in case_ids]
    for cid in case_ids:
        case = ix.cases[cid]
        found = charge_lines(ix, case, person_id, t) or [t("charges_not_recorded")]
        charges.append(Line(f"{case_name(ix, case, t)}: {'; '.join(found)}", case.citations))
    dates, sentences, harm = [], [], []
    for e in events:
        kind = vocab.event_kinds[e.kind]
        when = t.pdate(e.date)
        if kind.effect == SENTENCE_EFFECT or e.kind == "verdict_in_absentia":
            text = f"{when}: {kind.label.get(t.lang)}"
            if e.sentence:
                text += f" — {sentence_text(e.sentence, t)}"
            sentences.append(Line(text, e.citations))
        elif kind.group == "ill_treatment" or e.kind in ILL_TREATMENT_KINDS:
            text = f"{when}: {kind.label.get(t.lang)}"
            if e.description:
                text += f" — {clip(e.description)}"
            harm.append(Line(text, e.citations))
        elif kind.group in ("procedure", "exit", "death") or e.kind == "status_reported":
            text = f"{when}: {kind.label.get(t.lang)}"
            if e.status:
                text += f" ({vocab.status_label(e.status, t.lang)})"
            dates.append(Line(text, e.citations))
    recognitions = []
    for r in sorted(
        recognitions_on(ix.recognitions.get(person_id, ()), as_of), key=lambda r: r.date.sort_key()
    ):
        text = t(
            "recognised",
            kind=t(f"rk_{r.kind}"),
            by=ix.name(None, r.organisation_id),
            date=t.pdate(r.date),
        )
        if r.criteria:
            text += (
                f" ({', '.join(c.upper().replace('PACE-1900-', 'PACE 1900 ') for c in r.criteria)})"
            )
        recognitions.append(Line(text, r.citations))
    status_event = ix.events.get(span.event_id)
    cites = list(person.citations) + (list(status_event.citations) if status_event else [])
    return PrisonerEntry(
        person_id=person_id,
        name=person.name,
        other_names=tuple(dict.fromkeys(n.value for n in person.names if n.value != person.name)),
        status=status,
        reported=span.basis == "observation",
        charges=tuple(charges),
        dates=tuple(dates),
        sentences=tuple(sentences),
        ill_treatment=tuple(harm),
        recognitions=tuple(recognitions),
        summary=person.summary,
        citations=unique(cites),
    )


def period_text(o: Occupancy, t: Messages) -> str:
    if o.start or o.end:
        start = t.pdate(o.start) if o.start else "…"
        end = t.pdate(o.end) if o.end else "…"
        return f"{start} – {end}"
    if o.observed:
        return t("observed_in_post", date=t.pdate(o.observed))
    return t("date_unknown")


def position_lines(ix: RecordIndex, person_id: str, t: Messages) -> tuple[Line, ...]:
    out = []
    for o in sorted(ix.occupancies.get(person_id, ()), key=_occupancy_order):
        post = ix.positions.get(o.position_id)
        if post is None:
            continue
        body = ix.name(None, post.organisation_id)
        out.append(Line(f"{post.title}, {body} ({period_text(o, t)})", o.citations))
    return tuple(out)


def _occupancy_order(o: Occupancy) -> tuple[tuple[date, date], str]:
    when: PartialDate | None = o.start or o.observed or o.end
    return (when.sort_key() if when else (date.min, date.min), o.id)


def role_text(ix: RecordIndex, e: Event, person_id: str, t: Messages) -> str:
    roles = []
    for p in e.parties:
        if p.person_id != person_id:
            continue
        text = t(f"role_{p.role}")
        if p.position:
            text += f" ({p.position})"
        if p.involvement:
            text += f", {t(f'inv_{p.involvement}')}"
        roles.append(text)
    return "; ".join(roles)


def official_entry(
    ix: RecordIndex, person_id: str, as_of: date, t: Messages, *, limit: int
) -> OfficialEntry:
    acts = [e for e in ix.acting_events.get(person_id, ()) if e.date.hi <= as_of]
    listed = [
        OfficialAct(event_entry(ix, e, t), role_text(ix, e, person_id, t)) for e in acts[:limit]
    ]
    recommendations = []
    for s in ix.sanctions.get(person_id, ()):
        if s.date.hi > as_of:
            continue
        text = t("recommended_by", by=ix.name(None, s.organisation_id), date=t.pdate(s.date))
        if s.regimes:
            text += f" ({', '.join(s.regimes)})"
        if s.grounds:
            text += f": {s.grounds}"
        recommendations.append(Line(text, s.citations))
    return OfficialEntry(
        person_id,
        ix.name(person_id),
        position_lines(ix, person_id, t),
        tuple(listed),
        max(0, len(acts) - limit),
        tuple(recommendations),
    )
