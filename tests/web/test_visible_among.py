"""A person's page asks which of the records it mentions the reader may see in one query
(browse_queries.visible_among): the same answer as asking kind by kind."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from docket.services import editing
from docket.services.accounts import Role, visible_to
from docket.services.store import Store
from docket.storage import browse_queries as bq
from docket.storage.tables import CaseRow, EventRow, OrganisationRow, PersonRow, SourceRow

TABLES: dict[str, Any] = {"person": PersonRow, "event": EventRow, "case": CaseRow}
TABLES |= {"source": SourceRow, "organisation": OrganisationRow}


def test_one_query_for_several_kinds_equals_one_per_kind(web_store: Store) -> None:
    hidden = [
        editing.save(
            web_store,
            "person",
            {"name": f"Fictional Aigul {level}", "sensitivity": level},
            actor="t",
        ).id
        for level in ("internal", "restricted")
    ]
    with web_store.read() as conn:
        wanted = {
            kind: [*conn.scalars(select(row.id).order_by(row.id).limit(60)), "x-none"]
            for kind, row in TABLES.items()
        }
        wanted["person"] += hidden
        for role in (Role.public, Role.viewer, Role.editor):
            visible = visible_to(role)
            together = bq.visible_among(conn, wanted, visible)
            apart = {kind: bq.visible_ids(conn, kind, ids, visible) for kind, ids in wanted.items()}
            assert together == apart
            assert all("x-none" not in ids for ids in together.values())
            assert (hidden[1] in together["person"]) == (role == Role.editor)
        nothing = bq.visible_among(conn, {"event": [], "case": []}, visible)
        assert nothing == {"event": set(), "case": set()}
