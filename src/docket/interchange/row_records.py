"""One spreadsheet row, read through a mapping, to the facts it states and Docket's records.

`RowReader.read` turns a row into `RowFacts`: the person's names and details, and the facts
the mapping asks for (a status word with its date, event dates, charges, a recognition), with
every problem located by row and column. `row_records` then writes those facts as domain
records for a person id the caller decided (a new person, or one already in Docket), every
record citing the file's source at "row N".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass, field

from docket.domain.case import Case, Charge, Defendant
from docket.domain.dates import DateError, PartialDate
from docket.domain.event import Event, Party
from docket.domain.person import Affiliation, Name, Person
from docket.domain.recognition import Recognition
from docket.domain.source import Citation, Origin
from docket.domain.vocabulary import Vocabulary
from docket.errors import Problem
from docket.interchange.cell_values import ArticleReading, cell_date, read_articles
from docket.interchange.mapping import EVENT_PREFIX, REPORTED, Mapping
from docket.interchange.records import script_of
from docket.interchange.table_file import Cell, CellProblem, TableRow

CACHE = 100_000  # distinct dates or article texts remembered per import
TEXT_FIELDS = ("birth_place", "region", "occupation", "summary", "case_number", "key")


@dataclass(frozen=True, slots=True)
class EventFact:
    kind: str
    date: PartialDate
    status: str | None = None  # for status_reported


@dataclass(slots=True)
class RowFacts:
    """What one row says, before it is tied to a person id."""

    row: int
    names: list[Name] = field(default_factory=list)
    key: str | None = None
    sex: str = "unknown"
    born: PartialDate | None = None
    text: dict[str, str] = field(default_factory=dict)  # birth_place, region, occupation...
    sensitivity: str = "internal"
    affiliations: list[str] = field(default_factory=list)
    charges: list[Charge] = field(default_factory=list)
    events: list[EventFact] = field(default_factory=list)
    recognition: tuple[str, PartialDate] | None = None
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)  # kept, but worth a look

    @property
    def name(self) -> str:
        return self.names[0].value if self.names else ""


class RowReader:
    """Reads rows of one table through a mapping."""

    def __init__(
        self, label: str, headers: Sequence[str], mapping: Mapping, vocab: Vocabulary
    ) -> None:
        self.label = label
        self.mapping = mapping
        self.vocab = vocab
        self.plan: list[tuple[int, str, str]] = []  # (column index, header, field)
        # Lists repeat the same dates, words and articles on many rows: read each once.
        self._dates: dict[Cell, PartialDate | str] = {}
        self._articles: dict[str, list[ArticleReading]] = {}
        self.unmapped: list[str] = []
        self.problems: list[Problem] = []
        wanted = {_fold(h): (h, f) for h, f in mapping.columns.items()}
        found: set[str] = set()
        for index, header in enumerate(headers):
            hit = wanted.get(_fold(header)) if header else None
            if hit is None:
                if header:
                    self.unmapped.append(header)
                continue
            found.add(_fold(hit[0]))
            if hit[1] != "ignore":
                self.plan.append((index, header, hit[1]))
        for header, _ in wanted.values():
            if _fold(header) not in found:
                self.problems.append(
                    CellProblem(
                        f"the mapping names column '{header}', which the file does not have "
                        f"(its columns: {', '.join(h for h in headers if h)})",
                        file=label,
                    )
                )

    def read(self, row: TableRow) -> RowFacts:
        facts = RowFacts(row.number, sensitivity=self.mapping.sensitivity)
        facts.problems.extend(row.problems)
        parts: dict[str, str] = {}
        status: tuple[str, str] | None = None  # (word, header)
        status_date: PartialDate | None = None
        recognition: tuple[str, str] | None = None
        recognition_date: PartialDate | None = None
        for index, header, fld in self.plan:
            value = row.values[index]
            if value is None:
                continue
            text = _cell_text(value)

            def fail(message: str, header: str = header) -> None:
                self._fail(facts, header, message)

            if fld == "name":
                facts.names.insert(0, Name(text, "primary", script_of(text)))
            elif fld == "other_name":
                facts.names.extend(
                    Name(n.strip(), "variant", script_of(n.strip()))
                    for n in text.replace(";", "\n").splitlines()
                    if n.strip()
                )
            elif fld in ("last_name", "first_name", "patronymic"):
                parts[fld] = text
            elif fld in TEXT_FIELDS:
                facts.text[fld] = text
                if fld == "key":
                    facts.key = text
            elif fld in ("sex", "sensitivity"):
                word = self.mapping.word(fld, text)
                if word is None:
                    fail(_unknown_word(fld, text))
                elif fld == "sex":
                    facts.sex = word
                else:
                    facts.sensitivity = word
            elif fld == "status":
                status = (text, header)
            elif fld == "recognition":
                recognition = (text, header)
            elif fld == "affiliation":
                facts.affiliations.extend(a.strip() for a in text.split(";") if a.strip())
            elif fld == "charges":
                readings = self._articles.get(text)
                if readings is None:
                    readings = read_articles(text, self.mapping.article_code, self.vocab)
                    if len(self._articles) < CACHE:
                        self._articles[text] = readings
                for reading in readings:
                    facts.charges.append(reading.charge)
                    if reading.note:
                        facts.notes.append(
                            CellProblem(
                                reading.note, file=self.label, line=row.number, field=header
                            )
                        )
            else:
                day = self._date(value, fail)
                if day is None:
                    continue
                if fld == "born":
                    facts.born = day
                elif fld == "status_date":
                    status_date = day
                elif fld == "recognition_date":
                    recognition_date = day
                elif fld.startswith(EVENT_PREFIX):
                    facts.events.append(EventFact(fld.removeprefix(EVENT_PREFIX), day))
        if parts and not any(n.kind == "primary" for n in facts.names):
            joined = " ".join(
                parts[p] for p in ("first_name", "patronymic", "last_name") if p in parts
            )
            facts.names.insert(0, Name(joined, "primary", script_of(joined)))
        if not facts.names:
            facts.problems.append(
                CellProblem(
                    "has no name: every row needs the person's name",
                    file=self.label,
                    line=row.number,
                )
            )
        self._status(facts, status, status_date)
        self._recognition(facts, recognition, recognition_date or status_date)
        return facts

    def _date(self, value: Cell, fail: Callable[[str], None]) -> PartialDate | None:
        found = self._dates.get(value)
        if found is None:
            try:
                found = cell_date(value, self.mapping.date_formats)
            except DateError as err:
                found = str(err)
            if len(self._dates) < CACHE:
                self._dates[value] = found
        if isinstance(found, str):
            fail(found)
            return None
        return found

    def _fail(self, facts: RowFacts, header: str, message: str) -> None:
        facts.problems.append(CellProblem(message, file=self.label, line=facts.row, field=header))

    def _status(
        self, facts: RowFacts, status: tuple[str, str] | None, day: PartialDate | None
    ) -> None:
        if status is None:
            return
        word, header = status
        target = self.mapping.word("status", word)
        if target is None:
            self._fail(facts, header, _unknown_word("status", word))
            return
        day = day or self.mapping.status_date
        if day is None:
            self._fail(
                facts,
                header,
                "needs a date: map a column to status_date, or set defaults: status_date: "
                "in the mapping (the day the list describes)",
            )
            return
        if target.startswith(REPORTED):
            facts.events.append(EventFact("status_reported", day, target.removeprefix(REPORTED)))
        else:
            facts.events.append(EventFact(target, day))

    def _recognition(
        self, facts: RowFacts, recognition: tuple[str, str] | None, day: PartialDate | None
    ) -> None:
        if recognition is None:
            return
        word, header = recognition
        kind = self.mapping.word("recognition", word)
        day = day or self.mapping.status_date
        if kind is None:
            self._fail(facts, header, _unknown_word("recognition", word))
        elif day is None:
            self._fail(
                facts,
                header,
                "needs a date: map a recognition_date column or set defaults: status_date:",
            )
        else:
            facts.recognition = (kind, day)


def _fold(header: str) -> str:
    return " ".join(header.split()).casefold()


def _cell_text(value: Cell) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _unknown_word(fld: str, word: str) -> str:
    example = {
        "status": "pre_trial_detention (an event kind) or {reported: imprisoned}",
        "recognition": "political_prisoner",
        "sex": "female",
        "sensitivity": "public",
    }[fld]
    return (
        f"'{word}' is not a word Docket knows for {fld}; add it to the mapping under "
        f"values: {fld}: (for example '{word}': {example})"
    )


@dataclass(slots=True)
class RowRecords:
    person: Person | None  # None when the row's facts attach to a person already known
    events: list[Event]
    case: Case | None
    recognition: Recognition | None


def row_records(
    facts: RowFacts,
    *,
    dataset_id: str,
    file_label: str,
    person_id: str,
    new_person: bool,
    source_id: str,
    organisations: MappingABC[str, str],
    recognised_by: str | None,
    jurisdiction: str | None,
) -> RowRecords:
    """The records a row makes, for `person_id`; `organisations`: affiliation name -> id."""
    base = f"{dataset_id}-r{facts.row}"
    cite = (Citation(source_id, f"row {facts.row}"),)
    origin = Origin(file_label, facts.row)
    sensitivity = facts.sensitivity
    person = None
    if new_person:
        person = Person(
            id=person_id,
            names=tuple(facts.names),
            sex=facts.sex,
            birth_date=facts.born,
            birth_place=facts.text.get("birth_place"),
            occupation=facts.text.get("occupation"),
            region=facts.text.get("region"),
            summary=facts.text.get("summary"),
            affiliations=tuple(
                Affiliation(organisations[a], "member", citations=cite)
                for a in dict.fromkeys(facts.affiliations)
                if a in organisations
            ),
            citations=cite,
            sensitivity=sensitivity,
            origin=origin,
        )
    case = None
    if facts.charges or facts.text.get("case_number"):
        number = facts.text.get("case_number")
        case = Case(
            id=f"{base}-case",
            title=f"Case against {facts.name}" + (f" (No. {number})" if number else ""),
            jurisdiction=jurisdiction,
            case_number=number,
            defendants=(Defendant(person_id, tuple(facts.charges)),),
            citations=cite,
            sensitivity=sensitivity,
            origin=origin,
        )
    events: list[Event] = []
    seen: dict[str, int] = {}
    for fact in facts.events:
        seen[fact.kind] = seen.get(fact.kind, 0) + 1
        suffix = f"-{seen[fact.kind]}" if seen[fact.kind] > 1 else ""
        events.append(
            Event(
                id=f"{base}-{fact.kind.replace('_', '-')}{suffix}",
                kind=fact.kind,
                date=fact.date,
                parties=(Party("victim", person_id=person_id),),
                citations=cite,
                case_id=case.id if case else None,
                status=fact.status,
                sensitivity=sensitivity,
                origin=origin,
            )
        )
    recognition = None
    if facts.recognition is not None and recognised_by:
        kind, day = facts.recognition
        recognition = Recognition(
            id=f"{base}-recognition",
            person_id=person_id,
            kind=kind,
            organisation_id=recognised_by,
            date=day,
            citations=cite,
            origin=origin,
        )
    return RowRecords(person, events, case, recognition)
