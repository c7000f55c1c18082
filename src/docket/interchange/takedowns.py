"""Reading government takedown statistics and notices in the formats platforms publish.

Google's Transparency Report publishes government removal requests as a zip of CSV files
(storage.googleapis.com/transparencyreport/google-government-removals.zip):

- `google-government-removal-requests.csv`, a summary per country and half-year: numbers of
  requests, the share Google complied with (fully or partially) and items named, for all
  requests, court orders and other (executive, police...) requests;
- `google-government-detailed-removal-requests.csv`: a total per country, half-year, product
  and reason.

Google changes the headers between releases. A file is read only when its header is exactly
one of the `LAYOUTS` below; otherwise it is refused with the columns that differ, so a figure
never comes from a column read as another. A new release is one more entry in `LAYOUTS`.
Where the headers come from: the detailed one as Google's release has it (Docket's issue 9);
the summary one as public code that reads the same zip checks it.

Lumen (lumendatabase.org) publishes notices as JSON: `/notices/ID.json` gives one notice under
a key naming its type (`{"court_order": {...}}`), a search gives `{"notices": [...]}`. Docket
reads either, a list, or JSON lines, with the fields of Lumen's notice serializer (id, type,
title, date_sent, date_received, sender_name, principal_name, recipient_name, works,
jurisdictions, topics, action_taken).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson

from docket.domain.digital import GoogleRemovalDetail, GoogleRemovals, LumenNotice
from docket.errors import Problem, ValidationFailed

_ALL, _COURT, _OTHER = (
    "All Requests",
    "Court Orders",
    "Other Requests (Executive, Police, etc.)",
)


@dataclass(frozen=True, slots=True)
class Layout:
    """The header of one release of one of Google's files, and which column holds what."""

    name: str
    kind: str  # google-summary or google-detailed
    header: tuple[str, ...]
    fields: dict[str, str]  # Docket's field -> Google's column


def _summary_columns(branch: str) -> tuple[str, str, str]:
    return (
        f"{branch}: Number of Requests",
        f"{branch}: % Fully Or Partially Complied With",
        f"{branch}: Items Requested To Be Removed",
    )


LAYOUTS = (
    Layout(
        "google-detailed-2019",
        "google-detailed",
        ("Period Ending", "Country/Region", "CLDR Territory Code", "Product", "Reason", "Total"),
        {"period_end": "Period Ending", "country_name": "Country/Region",
         "country": "CLDR Territory Code", "product": "Product", "reason": "Reason",
         "total": "Total"},
    ),
    Layout(
        "google-summary-2019",
        "google-summary",
        ("Period Ending", "Country", "CLDR Territory Code", *_summary_columns(_ALL),
         *_summary_columns(_COURT), *_summary_columns(_OTHER)),
        {"period_end": "Period Ending", "country_name": "Country",
         "country": "CLDR Territory Code", "requests": _summary_columns(_ALL)[0],
         "complied_pct": _summary_columns(_ALL)[1], "items": _summary_columns(_ALL)[2]},
    ),
)  # fmt: skip

# What Google writes where it gives no number: "<10" (fewer than ten), "?", nothing.
_NO_NUMBER = re.compile(r"^(|\?|-|n/?a|<\s*\d+)$", re.IGNORECASE)


def _layout(header: list[str], file: str) -> Layout:
    cleaned = tuple(h.strip().lstrip("\ufeff") for h in header)
    for layout in LAYOUTS:
        if cleaned == layout.header:
            return layout
    closest = max(LAYOUTS, key=lambda lay: len(set(lay.header) & set(cleaned)))
    missing = [h for h in closest.header if h not in cleaned]
    extra = [h for h in cleaned if h not in closest.header]
    detail = "; ".join(
        x
        for x in (
            f"missing {', '.join(repr(h) for h in missing)}" if missing else "",
            f"not expected {', '.join(repr(h) for h in extra)}" if extra else "",
            "the same columns in another order" if not missing and not extra else "",
        )
        if x
    )
    message = (
        "the header is not one of the Google releases Docket reads (they change between "
        f"releases): compared with '{closest.name}', {detail}. If Google has published a new "
        "release, its layout goes in docket.interchange.takedowns.LAYOUTS"
    )
    raise ValidationFailed([Problem(message, file=file, line=1)])


def _period_end(text: str) -> date:
    text = text.strip()
    m = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})", text) or re.match(
        r"^(\d{1,2})/(\d{1,2})/(\d{4})$", text
    )
    if m is None:
        raise ValueError(f"'{text}' is not a date (YYYY-MM-DD or M/D/YYYY)")
    a, b, c = (int(x) for x in m.groups())
    return date(a, b, c) if a > 31 else date(c, a, b)


def half_year_start(end: date) -> date:
    """The first day of the six months that end on END."""
    after = end + timedelta(days=1)
    month = after.month - 6
    year = after.year + (month - 1) // 12
    return date(year, (month - 1) % 12 + 1, 1) if after.day == 1 else end - timedelta(days=182)


def _number(text: str, *, percent: bool = False) -> float | None:
    t = text.strip().replace(",", "").replace("\u00a0", "")
    if percent:
        t = t.removesuffix("%").strip()
    if _NO_NUMBER.match(t):
        return None
    value = float(t)  # ValueError: reported with its place
    if percent and not 0 <= value <= 100:
        raise ValueError(f"'{text}' is not a percentage")
    if not percent and (value < 0 or not value.is_integer()):
        raise ValueError(f"'{text}' is not a count")
    return value


def read_google(path: Path) -> tuple[Layout, list[GoogleRemovals] | list[GoogleRemovalDetail]]:
    """The lines of one of Google's CSV files; on any problem, ValidationFailed for all."""
    file = str(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise ValidationFailed([Problem(f"cannot be read as CSV: {err}", file=file)]) from err
    if not rows:
        raise ValidationFailed([Problem("the file is empty", file=file)])
    layout = _layout(rows[0], file)
    problems: list[Problem] = []
    summary: list[GoogleRemovals] = []
    detailed: list[GoogleRemovalDetail] = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(layout.header):
            problems.append(Problem(
                f"has {len(cells)} cells where the header has {len(layout.header)}",
                file=file, line=number))  # fmt: skip
            continue
        cell = dict(zip(layout.header, cells, strict=True))
        field = "period_end"
        try:
            end = _period_end(cell[layout.fields["period_end"]])
            code = cell[layout.fields["country"]].strip().upper()
            name = cell[layout.fields["country_name"]].strip()
            if not code and not name:
                raise ValueError("neither a country code nor a country name")
            common = (number, half_year_start(end), end, code, name)
            if layout.kind == "google-detailed":
                field = "total"
                total = _number(cell[layout.fields["total"]])
                detailed.append(GoogleRemovalDetail(
                    *common, product=cell[layout.fields["product"]].strip(),
                    reason=cell[layout.fields["reason"]].strip(),
                    total=None if total is None else int(total),
                    total_as_written=cell[layout.fields["total"]]))  # fmt: skip
            else:
                values = {}
                for field in ("requests", "complied_pct", "items"):
                    values[field] = _number(
                        cell[layout.fields[field]], percent=field == "complied_pct"
                    )
                summary.append(GoogleRemovals(
                    *common,
                    requests=None if values["requests"] is None else int(values["requests"]),
                    complied_pct=values["complied_pct"],
                    items=None if values["items"] is None else int(values["items"]),
                    as_written=cell))  # fmt: skip
        except (ValueError, KeyError) as err:
            column = layout.fields.get(field, field)
            problems.append(Problem(str(err), file=file, line=number, field=column))
    if problems:
        raise ValidationFailed(problems)
    return layout, (detailed if layout.kind == "google-detailed" else summary)


# --- Lumen ---------------------------------------------------------------------------------

# Where each kind of notice lists the URLs it asks to remove (Lumen renames them per type).
_TARGET_URLS = ("infringing_urls", "targetted_urls", "urls_in_request", "problematic_urls")


def _documents(path: Path) -> Iterator[tuple[int, Any]]:
    data = path.read_bytes()
    try:
        yield 1, orjson.loads(data)
        return
    except orjson.JSONDecodeError:
        pass
    for number, line in enumerate(data.splitlines(), start=1):
        if line.strip():
            try:
                yield number, orjson.loads(line)
            except orjson.JSONDecodeError as err:
                yield number, Problem(f"not valid JSON ({err})", line=number)


def _notices(doc: Any) -> Iterator[tuple[Any, str | None]]:
    """Each notice in a document, with the type its wrapping key names, if any."""
    if isinstance(doc, list):
        for item in doc:
            yield from _notices(item)
    elif isinstance(doc, dict) and isinstance(doc.get("notices"), list):
        yield from _notices(doc["notices"])
    elif isinstance(doc, dict) and "id" not in doc and len(doc) == 1:
        key, value = next(iter(doc.items()))
        yield value, key
    else:
        yield doc, None


def _day(value: Any) -> date | None:
    if value in (None, ""):
        return None
    return date.fromisoformat(str(value)[:10])


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    return tuple(str(v).strip() for v in value or () if str(v).strip())


def _count_urls(works: Any) -> int:
    total = 0
    for work in works if isinstance(works, list) else ():
        for key in _TARGET_URLS:
            for entry in (work or {}).get(key) or ():
                if isinstance(entry, dict) and "count" in entry:
                    total += int(entry["count"] or 0)
                elif isinstance(entry, dict) and entry.get("url") not in (None, "No URL submitted"):
                    total += 1
    return total


def _notice(raw: Any, wrapper: str | None, file: str, line: int) -> LumenNotice | Problem:
    if not isinstance(raw, dict):
        return Problem("not a notice (a JSON object is expected)", file=file, line=line)
    if isinstance(raw.get("attributes"), dict):  # JSON:API style
        raw = {"id": raw.get("id"), "type": raw.get("type"), **raw["attributes"]}
    if raw.get("id") in (None, ""):
        return Problem("missing: every Lumen notice has one", file=file, line=line, field="id")
    where = f"notice {raw['id']}"
    try:
        sent, received = _day(raw.get("date_sent")), _day(raw.get("date_received"))
    except ValueError as err:
        return Problem(f"{where}: a date is not YYYY-MM-DD ({err})", file=file, line=line)
    text = {k: raw.get(k) if isinstance(raw.get(k), str) else None for k in (
        "title", "sender_name", "principal_name", "recipient_name", "action_taken")}  # fmt: skip
    return LumenNotice(
        id=str(raw["id"]),
        type=str(raw.get("type") or wrapper or "unknown"),
        title=text["title"],
        date_sent=sent,
        date_received=received,
        sender=text["sender_name"],
        principal=text["principal_name"],
        recipient=text["recipient_name"],
        jurisdictions=tuple(j.upper() for j in _strings(raw.get("jurisdictions"))),
        topics=_strings(raw.get("topics") or raw.get("categories")),
        action_taken=text["action_taken"],
        urls=_count_urls(raw.get("works")),
        body=raw,
    )


def read_lumen(path: Path) -> list[LumenNotice]:
    """The notices in a Lumen JSON file; on any problem, ValidationFailed for all."""
    file = str(path)
    notices: list[LumenNotice] = []
    problems: list[Problem] = []
    try:
        documents = list(_documents(path))
    except OSError as err:
        raise ValidationFailed([Problem(f"cannot be read: {err}", file=file)]) from err
    for line, doc in documents:
        if isinstance(doc, Problem):
            problems.append(Problem(doc.message, file=file, line=line))
            continue
        for raw, wrapper in _notices(doc):
            item = _notice(raw, wrapper, file, line)
            (problems if isinstance(item, Problem) else notices).append(item)  # type: ignore[arg-type]
    if problems:
        raise ValidationFailed(problems)
    if not notices:
        raise ValidationFailed([Problem("no Lumen notice in the file", file=file)])
    return notices
