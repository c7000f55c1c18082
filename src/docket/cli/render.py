"""Rich text output for people, a person's record and statistics."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from docket.domain.vocabulary import Vocabulary
from docket.services.people import PersonRecord, PersonStatus, number_sources
from docket.services.stats import Stats


def people_table(people: list[PersonStatus], title: str) -> Table:
    table = Table(title=title, title_justify="left", show_lines=False)
    table.add_column("#", justify="right")
    table.add_column("Name")
    table.add_column("Status on the day")
    table.add_column("Since")
    table.add_column("Recognised by")
    table.add_column("Sources")
    for n, p in enumerate(people, start=1):
        recognised = "; ".join(
            f"{p.organisations.get(r.organisation_id, r.organisation_id)} ({r.date})"
            for r in p.recognitions
        )
        sources = ", ".join(
            dict.fromkeys(
                c.source_id + (f" {c.locator}" if c.locator else "") for c in p.citations()
            )
        )
        basis = " (reported)" if p.basis == "observation" else ""
        table.add_row(
            str(n),
            f"{p.name}\n[dim]{p.person_id}[/dim]",
            p.status_label + basis,
            p.since,
            recognised or "-",
            sources or "-",
        )
    return table


def print_person(console: Console, r: PersonRecord, vocab: Vocabulary) -> None:
    p = r.person
    numbers = number_sources(r.all_citations())

    def refs(cites: object) -> str:
        nums = sorted({numbers[c.source_id] for c in cites})  # type: ignore[attr-defined]
        return " " + "".join(f"[{n}]" for n in nums) if nums else ""

    console.print(f"[bold]{p.name}[/bold]  [dim]{p.id}[/dim]")
    for n in p.names:
        if n.value != p.name:
            console.print(
                f"  also: {n.value} [dim]({n.kind}, {n.script}"
                f"{', ' + n.lang if n.lang else ''})[/dim]"
            )
    facts = [x for x in (p.occupation, f"born {p.birth_date}" if p.birth_date else None) if x]
    if facts:
        console.print("  " + "; ".join(facts))
    if p.summary:
        console.print(f"  {p.summary}")
    status = (
        f"{vocab.status_label(r.status.status)} since {r.status.start}"
        + (" (as reported by a source)" if r.status.basis == "observation" else "")
        + (" (computed from the sentence term)" if r.status.basis == "term" else "")
        if r.status
        else "no status recorded"
    )
    console.print(f"\n[bold]Status on {r.as_of}:[/bold] {status}")
    if r.positions:
        console.print("\n[bold]Positions[/bold]")
        for pos in r.positions:
            when = pos.start or (f"seen {pos.observed}" if pos.observed else "")
            console.print(f"  {pos.title}, {pos.body} {when}{refs(pos.citations)}")
    if r.relations or r.affiliations:
        console.print("\n[bold]Relations and affiliations[/bold]")
        for rel in r.relations:
            who = r.people.get(rel.person_id, rel.person_id)
            console.print(f"  {rel.describe()}: {who}{refs(rel.citations)}")
        for a in r.affiliations:
            console.print(
                f"  {a.role} of {r.organisations.get(a.organisation_id)}{refs(a.citations)}"
            )
    if r.cases:
        console.print("\n[bold]Cases and charges[/bold]")
        for case in r.cases:
            number = f" No. {case.case_number}" if case.case_number else ""
            console.print(f"  {case.title}{number}{refs(case.citations)}")
            for ch in case.charges:
                article = vocab.articles.get(ch.article_id or "")
                text = (
                    f"{article.cite(ch.part)}: {article.title.en}"
                    if article
                    else f'"{ch.wording}" (article not recorded)'
                )
                if article and ch.wording:
                    text += f' ("{ch.wording}")'
                console.print(f"    - {text}")
    console.print("\n[bold]Timeline[/bold]")
    for e in r.events:
        kind = vocab.event_kinds[e.kind].label.en
        if e.status:
            kind += f": {vocab.status_label(e.status)}"
        others = [
            f"{pt.role} {r.name_of(pt.person_id, pt.organisation_id)}"
            + (f" ({pt.position})" if pt.position else "")
            for pt in e.parties
            if pt.person_id != p.id
        ]
        console.print(f"  {str(e.date):<14} {kind}{refs(e.citations)}")
        for s in e.sentence:
            term = f" {s.term.describe()}" if s.term else ""
            console.print(f"  {'':<14}   sentence: {s.kind.replace('_', ' ')}{term}")
        if e.description:
            console.print(f"  {'':<14}   [dim]{e.description}[/dim]")
        if others:
            console.print(f"  {'':<14}   [dim]{'; '.join(others)}[/dim]")
    if r.recognitions:
        console.print("\n[bold]Recognitions[/bold]")
        for rec in r.recognitions:
            by = r.organisations.get(rec.organisation_id, rec.organisation_id)
            console.print(
                f"  {rec.kind.replace('_', ' ')} by {by}, {rec.date}{refs(rec.citations)}"
            )
    if r.sanctions:
        console.print("\n[bold]Recommended for sanctions[/bold]")
        for rec_s in r.sanctions:
            by = r.organisations.get(rec_s.organisation_id, rec_s.organisation_id)
            console.print(f"  by {by}, {rec_s.date}{refs(rec_s.citations)}")
    console.print("\n[bold]Sources[/bold]")
    for sid, footnote in numbers.items():
        src = r.sources.get(sid)
        if src is None:
            console.print(f"  [{footnote}] {sid}")
            continue
        parts = [
            x for x in (src.publisher, src.title, str(src.date) if src.date else None, src.url) if x
        ]
        console.print(f"  [{footnote}] " + ", ".join(parts), soft_wrap=True)


def print_stats(console: Console, s: Stats, explain: bool) -> None:
    console.print(
        f"[bold]Figures as of {s.as_of}[/bold] (flows: {s.since} to {s.as_of}). "
        "Every list is a sample, never a census: read each figure as 'at least'."
    )
    titles = {
        "stock": f"Held or persecuted on {s.as_of}",
        "flow": f"From {s.since} to {s.as_of}",
        "cumulative": f"Up to {s.as_of}",
    }
    for group in ("stock", "flow", "cumulative"):
        table = Table(title=titles[group], title_justify="left")
        table.add_column("Figure")
        table.add_column("Computed", justify="right")
        table.add_column("Counts")
        table.add_column("Stated by sources")
        for f in (f for f in s.figures if f.group == group):
            stated = "\n".join(
                f"{c.figure()} as of {c.as_of} ({', '.join(x.source_id for x in c.citations)})"
                for c in f.claims
            )
            label = f.label
            if explain and f.records:
                label += (
                    "\n[dim]"
                    + ", ".join(f.records[:50])
                    + (f" ... (+{len(f.records) - 50})" if len(f.records) > 50 else "")
                    + "[/dim]"
                )
            table.add_row(label, f"at least {f.value:,}", f.unit, stated or "-")
        console.print(table)
    if s.claims:
        table = Table(title="Figures stated by sources for nearby dates", title_justify="left")
        for column in ("Stated", "As of", "Wording", "Source"):
            table.add_column(column)
        for c in s.claims:
            table.add_row(
                f"{c.figure()} {c.unit}",
                str(c.as_of),
                c.wording,
                ", ".join(
                    x.source_id + (f" {x.locator}" if x.locator else "") for x in c.citations
                ),
            )
        console.print(table)
    for note in s.notes:
        console.print(f"[yellow]Note:[/yellow] {note}")
