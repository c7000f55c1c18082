"""Queries behind search: people's names for the name index, and words in names and titles
(FTS5 on SQLite, where lower() folds only ASCII; ILIKE on PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Connection, func, or_, select
from sqlalchemy import text as sql_text

from docket.storage.browse_queries import visible_ids
from docket.storage.tables import (
    CaseRow,
    OrganisationRow,
    PersonNameRow,
    PersonRow,
    SourceRow,
)


def all_person_names(conn: Connection) -> Iterator[tuple[str, str]]:
    """(person id, name) for every name of every person: to build the name index."""
    q = select(PersonNameRow.person_id, PersonNameRow.value).order_by(PersonNameRow.person_id)
    found = conn.execute(q.execution_options(yield_per=20_000))
    yield from ((str(r[0]), str(r[1])) for r in found)


def _words(text: str) -> list[str]:
    return [w for w in "".join(c if c.isalnum() else " " for c in text).split() if w][:6]


def _fts(conn: Connection, kind: str, words: list[str], limit: int) -> list[str]:
    match = " ".join('"' + w.replace('"', "") + '"*' for w in words)
    stmt = sql_text(
        "SELECT t.record_id FROM search_fts f JOIN search_text t ON t.id = f.rowid "
        "WHERE search_fts MATCH :m AND t.record_type = :k ORDER BY rank LIMIT :n"
    )
    return list(conn.scalars(stmt, {"m": match, "k": kind, "n": limit}))


def person_text_search(
    conn: Connection, text: str, visible: frozenset[str], *, limit: int
) -> list[str]:
    """Ids of visible people with a name containing every word of the text."""
    words = _words(text)
    if not words:
        return []
    if conn.dialect.name == "sqlite":  # FTS5 folds case in every script; SQLite's lower() does not
        ids = _fts(conn, "person", words, limit * 3)
        return sorted(visible_ids(conn, "person", ids, visible))[:limit]
    cond = [func.lower(PersonNameRow.value).contains(w.lower(), autoescape=True) for w in words]
    q = (
        select(PersonNameRow.person_id)
        .join(PersonRow, PersonRow.id == PersonNameRow.person_id)
        .where(*cond, PersonRow.sensitivity.in_(visible))
        .distinct()
        .limit(limit)
    )
    return list(conn.scalars(q))


_TITLED = {
    "case": (CaseRow, ("title", "case_number")),
    "source": (SourceRow, ("title", "publisher", "url")),
    "organisation": (OrganisationRow, ("name",)),
}


def title_search(
    conn: Connection, kind: str, text: str, visible: frozenset[str], *, limit: int
) -> dict[str, str]:
    """id -> title of visible records of a kind whose title (or number) has every word."""
    words = _words(text)
    if not words:
        return {}
    model, columns = _TITLED[kind]
    table = model.__table__
    label = table.c["name" if kind == "organisation" else "title"]
    if conn.dialect.name == "sqlite":
        ids = _fts(conn, kind, words, limit * 3)
        q = select(table.c.id, label).where(table.c.id.in_(ids))
    else:
        cond = [
            or_(*[func.lower(table.c[c]).contains(w.lower(), autoescape=True) for c in columns])
            for w in words
        ]
        q = select(table.c.id, label).where(*cond)
    q = q.where(table.c.sensitivity.in_(visible)).limit(limit)
    return {i: str(t) for i, t in conn.execute(q)}


def titles_matching_sqlite(
    conn: Connection, text: str, visible: frozenset[str], *, limit: int, captures: str
) -> dict[str, dict[str, str]]:
    """`title_search` of cases, sources and organisations, and the ids of captured pages
    (kind `captures`) holding every word, from one full-text query (SQLite only): kind -> id ->
    title (the captures' ids map to themselves). The query matches the words once for every
    kind, where one query per kind matched them again each time, people's names among them."""
    words = _words(text)
    kinds = (*_TITLED, captures)
    if not words:
        return {kind: {} for kind in kinds}
    match = " ".join('"' + w.replace('"', "") + '"*' for w in words)
    stmt = sql_text(
        "SELECT t.record_type, t.record_id FROM search_fts f JOIN search_text t ON t.id = f.rowid "
        "WHERE search_fts MATCH :m AND t.record_type IN ('case', 'source', 'organisation', :c) "
        "ORDER BY rank"
    )
    ranked: dict[str, list[str]] = {kind: [] for kind in kinds}
    for kind, rid in conn.execute(stmt, {"m": match, "c": captures}):
        if len(ranked[kind]) < limit * 3:
            ranked[kind].append(rid)
    out: dict[str, dict[str, str]] = {captures: {i: i for i in ranked[captures]}}
    for kind, (model, _) in _TITLED.items():
        ids = ranked[kind]
        if not ids:
            out[kind] = {}
            continue
        table = model.__table__
        label = table.c["name" if kind == "organisation" else "title"]
        q = select(table.c.id, label).where(table.c.id.in_(ids), table.c.sensitivity.in_(visible))
        out[kind] = {i: str(t) for i, t in conn.execute(q.limit(limit))}
    return out
