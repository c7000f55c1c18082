"""Draft a mapping from the column names a spreadsheet has (English and Russian words).

The draft is YAML for a monitor to check, not a guess to import blindly: every column is
listed, unrecognised ones as `ignore` with a comment, and the words found in status,
recognition and sex columns that Docket does not know are listed under `values:` with `?`
for the monitor to fill in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping as MappingABC
from collections.abc import Sequence
from pathlib import Path

import yaml

from docket.domain.vocabulary import Vocabulary
from docket.interchange.mapping import (
    FIELDS,
    WORD_FIELDS,
    Mapping,
    builtin_words,
    normalise_word,
    parse_mapping,
    vocabulary_words,
)
from docket.interchange.spreadsheet import open_table
from docket.interchange.table_file import TableOptions

SAMPLE_ROWS = 5_000  # rows a proposal reads for the words in its columns

# Header words -> field, compared after normalise_word. Longer phrases are tried first, as
# whole headers and then as parts of headers ("Дата рождения (дд.мм.гггг)").
HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "key": ("id", "код", "идентификатор", "identifier", "person id"),
    "name": (
        "фио",
        "ф и о",
        "имя фамилия",
        "фамилия имя отчество",
        "full name",
        "name",
        "person",
        "аты-жөні",
        "аты жөні",
        "полное имя",
    ),
    "other_name": (
        "латиница",
        "name latin",
        "латинское написание",
        "transliteration",
        "other names",
        "другие написания",
        "alias",
        "aliases",
        "also known as",
    ),
    "last_name": ("фамилия", "surname", "last name", "family name"),
    "first_name": ("имя", "first name", "given name", "forename"),
    "patronymic": ("отчество", "patronymic", "middle name"),
    "sex": ("пол", "sex", "gender", "жынысы"),
    "born": (
        "дата рождения",
        "год рождения",
        "родился",
        "родилась",
        "born",
        "birth date",
        "date of birth",
        "dob",
        "year of birth",
        "туған күні",
    ),
    "birth_place": ("место рождения", "place of birth", "birthplace", "birth place"),
    "region": (
        "регион",
        "область",
        "город",
        "region",
        "city",
        "oblast",
        "location",
        "населенный пункт",
    ),
    "occupation": ("род занятий", "профессия", "деятельность", "occupation", "profession", "job"),
    "summary": (
        "описание",
        "комментарий",
        "примечание",
        "суть дела",
        "summary",
        "description",
        "notes",
        "comment",
        "case summary",
    ),
    "affiliation": (
        "организация",
        "движение",
        "партия",
        "affiliation",
        "organisation",
        "organization",
        "movement",
        "party",
    ),
    "charges": (
        "статья",
        "статьи",
        "статья ук",
        "обвинение",
        "article",
        "articles",
        "charge",
        "charges",
    ),
    "case_number": ("номер дела", "№ дела", "дело", "case number", "case no", "case"),
    "status": (
        "статус",
        "мера пресечения",
        "положение",
        "status",
        "situation",
        "measure",
        "current status",
    ),
    "status_date": ("дата статуса", "на дату", "status date", "as of", "date of status"),
    "recognition": (
        "признан",
        "признание",
        "признана",
        "recognition",
        "recognised as",
        "recognized as",
    ),
    "recognition_date": ("дата признания", "recognition date", "date of recognition"),
    "sensitivity": ("публичность", "sensitivity", "доступ", "public"),
    "event:detained": (
        "дата задержания",
        "задержан",
        "date of detention",
        "detained on",
        "detention date",
        "arrest date",
        "date of arrest",
    ),
    "event:pre_trial_detention": ("дата ареста", "арестован", "remanded on", "remand date"),
    "event:charged": ("дата обвинения", "charged on", "date charged"),
    "event:verdict": (
        "дата приговора",
        "приговор",
        "verdict date",
        "sentenced on",
        "date of verdict",
        "sentence date",
    ),
    "event:released": (
        "дата освобождения",
        "освобожден",
        "released on",
        "release date",
        "date of release",
    ),
    "ignore": ("№", "no", "#", "n", "п/п", "№ п/п", "row"),
}


def guess_field(header: str) -> str | None:
    """The field a column of this name most likely holds, or None."""
    key = normalise_word(header)
    if not key and header.strip() in ("№", "#"):
        return "ignore"
    for fld, words in HEADER_WORDS.items():
        if key in (normalise_word(w) for w in words):
            return fld
    best: tuple[int, str] | None = None
    for fld, words in HEADER_WORDS.items():
        for word in words:
            w = normalise_word(word)
            if len(w) >= 4 and f" {w} " in f" {key} " and (best is None or len(w) > best[0]):
                best = (len(w), fld)
    return best[1] if best else None


def propose_mapping(
    headers: Sequence[str],
    samples: MappingABC[str, Sequence[str]],
    vocab: Vocabulary,
    *,
    label: str,
) -> str:
    """A draft mapping as YAML text; `samples`: header -> distinct values seen in the column."""
    columns, unknown = guess_columns(headers)
    known = {f: {**builtin_words().get(f, {}), **w} for f, w in vocabulary_words(vocab).items()}
    values: dict[str, dict[str, str]] = {}
    for header, fld in columns.items():
        if fld not in WORD_FIELDS:
            continue
        for word in samples.get(header, ()):
            if normalise_word(word) not in known.get(fld, {}):
                values.setdefault(fld, {})[word] = "?"
    lines = [
        f"# Draft mapping for {label}, proposed from its column names.",
        "# Check every line, replace each '?', then: docket import FILE --mapping THIS.yaml",
        "# Fields: " + ", ".join(FIELDS) + ", or event:KIND (a column of dates of events).",
    ]
    if unknown:
        lines.append("# Not recognised (set to ignore): " + ", ".join(unknown))
    body: dict[str, object] = {"header_row": 1, "columns": columns}
    if values:
        body["values"] = values
    text = yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=100)
    defaults = []
    if any(f in ("status", "recognition") for f in columns.values()):
        defaults.append("  status_date: '?'  # the day the list describes, e.g. 2021-10-26")
    if "recognition" in columns.values():
        defaults.append("  recognised_by: '?'  # the id of the organisation that recognises")
    if defaults:
        text += "defaults:\n" + "\n".join(defaults) + "\n"
    return "\n".join(lines) + "\n" + text


def guess_columns(headers: Sequence[str]) -> tuple[dict[str, str], list[str]]:
    """Header -> field for every named column, and the headers not recognised (ignored)."""
    columns: dict[str, str] = {}
    unknown: list[str] = []
    taken: set[str] = set()
    for header in headers:
        if not header:
            continue
        fld = guess_field(header)
        repeatable = fld in ("other_name", "affiliation", "ignore")
        if fld is None or (fld in taken and not repeatable):
            unknown.append(header)
            fld = "ignore"
        taken.add(fld)
        columns[header] = fld
    return columns, unknown


def propose_for_file(
    path: Path, vocab: Vocabulary, *, sheet: str | None = None, header_row: int = 1
) -> str:
    """A draft mapping for a spreadsheet, from its column names and the words in its first
    rows' status, recognition and sex columns."""
    with open_table(path, TableOptions(sheet, header_row)) as table:
        columns, _ = guess_columns(table.headers)
        wanted = {i: h for i, h in enumerate(table.headers) if h and columns.get(h) in WORD_FIELDS}
        samples: dict[str, dict[str, None]] = defaultdict(dict)
        for n, row in enumerate(table.rows()):
            if n >= SAMPLE_ROWS or not wanted:
                break
            for i, header in wanted.items():
                value = row.values[i]
                if value is not None and len(samples[header]) < 50:
                    samples[header].setdefault(str(value), None)
        return propose_mapping(
            table.headers, {h: list(v) for h, v in samples.items()}, vocab, label=path.name
        )


def draft_for_file(path: Path, vocab: Vocabulary) -> Mapping:
    """The proposal's columns as a mapping a dry run can use before any mapping exists.

    Recognition columns are left out: they need the id of the organisation that recognises,
    which only a monitor can give.
    """
    with open_table(path) as table:
        columns, _ = guess_columns(table.headers)
    usable = {
        h: ("ignore" if f in ("recognition", "recognition_date") else f) for h, f in columns.items()
    }
    text = yaml.safe_dump({"columns": usable}, allow_unicode=True, sort_keys=False)
    return parse_mapping(text, "the proposed mapping", vocab)
