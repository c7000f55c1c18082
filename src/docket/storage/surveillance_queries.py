"""Write, replace and read deployments, disruptions and laws. A load replaces every one its
dataset loaded before, in the caller's transaction (see services.loading)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from docket.domain.dataset import Dataset
from docket.domain.law import Law
from docket.domain.surveillance import Deployment, Disruption
from docket.storage import surveillance_rows as r
from docket.storage.surveillance_tables import (
    DeploymentActorRow,
    DeploymentAgreementRow,
    DeploymentRow,
    DisruptionRow,
    LawRow,
    LawStageRow,
    LawUseRow,
)
from docket.storage.tables import CaseRow, EventRow, OrganisationRow, SourceRow


def _insert(conn: Connection, table: Any, rows: Iterable[dict[str, Any]]) -> int:
    batch = list(rows)
    if batch:
        conn.execute(insert(table), batch)
    return len(batch)


def delete_surveillance(conn: Connection, dataset_id: str) -> None:
    """Remove every deployment, disruption and law the dataset loaded, with their parts."""
    deployments = select(DeploymentRow.id).where(DeploymentRow.dataset == dataset_id)
    laws = select(LawRow.id).where(LawRow.dataset == dataset_id)
    conn.execute(
        delete(DeploymentActorRow).where(DeploymentActorRow.deployment_id.in_(deployments))
    )
    conn.execute(
        delete(DeploymentAgreementRow).where(DeploymentAgreementRow.deployment_id.in_(deployments))
    )
    conn.execute(delete(DeploymentRow).where(DeploymentRow.dataset == dataset_id))
    conn.execute(delete(DisruptionRow).where(DisruptionRow.dataset == dataset_id))
    conn.execute(delete(LawStageRow).where(LawStageRow.law_id.in_(laws)))
    conn.execute(delete(LawUseRow).where(LawUseRow.law_id.in_(laws)))
    conn.execute(delete(LawRow).where(LawRow.dataset == dataset_id))


def write_surveillance(conn: Connection, ds: Dataset) -> dict[str, int]:
    """Replace the dataset's deployments, disruptions and laws with these; returns the counts."""
    d = ds.info.id
    delete_surveillance(conn, d)
    counts = {
        "deployments": _insert(
            conn, DeploymentRow, (r.deployment_rows(x, d) for x in ds.deployments)
        ),
        "disruptions": _insert(
            conn, DisruptionRow, (r.disruption_row(x, d) for x in ds.disruptions)
        ),
        "laws": _insert(conn, LawRow, (r.law_row(x, d) for x in ds.laws)),
    }
    _insert(conn, DeploymentActorRow, (row for x in ds.deployments for row in r.actor_rows(x)))
    _insert(
        conn, DeploymentAgreementRow, (row for x in ds.deployments for row in r.agreement_rows(x))
    )
    _insert(conn, LawStageRow, (row for x in ds.laws for row in r.stage_rows(x)))
    _insert(conn, LawUseRow, (row for x in ds.laws for row in r.use_rows(x)))
    return counts


def _grouped(conn: Connection, column: Any, ids: list[str]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = defaultdict(list)
    table = column.class_
    for start in range(0, len(ids), 500):
        for row in conn.execute(select(table).where(column.in_(ids[start : start + 500]))):
            out[getattr(row, column.key)].append(row)
    return out


def list_deployments(
    conn: Connection, *, levels: Collection[str], ids: Collection[str] | None = None
) -> list[Deployment]:
    """Deployments at these levels (all of them, or those with these ids), oldest first."""
    q = select(DeploymentRow).where(DeploymentRow.sensitivity.in_(list(levels)))
    if ids is not None:
        q = q.where(DeploymentRow.id.in_(list(ids)))
    rows = list(conn.execute(q))
    # undated last, on SQLite and PostgreSQL alike (their NULLs sort at opposite ends)
    rows.sort(key=lambda row: (row.since_lo is None, row.since_lo or "", row.id))
    keys = [row.id for row in rows]
    actors = _grouped(conn, DeploymentActorRow.deployment_id, keys)
    agreements = _grouped(conn, DeploymentAgreementRow.deployment_id, keys)
    return [r.deployment_from_rows(row, actors[row.id], agreements[row.id]) for row in rows]


def list_disruptions(
    conn: Connection, *, levels: Collection[str], ids: Collection[str] | None = None
) -> list[Disruption]:
    q = select(DisruptionRow).where(DisruptionRow.sensitivity.in_(list(levels)))
    if ids is not None:
        q = q.where(DisruptionRow.id.in_(list(ids)))
    return [
        r.disruption_from_row(row)
        for row in conn.execute(q.order_by(DisruptionRow.date_lo, DisruptionRow.id))
    ]


def list_laws(
    conn: Connection, *, levels: Collection[str], ids: Collection[str] | None = None
) -> list[Law]:
    q = select(LawRow).where(LawRow.sensitivity.in_(list(levels)))
    if ids is not None:
        q = q.where(LawRow.id.in_(list(ids)))
    rows = list(conn.execute(q.order_by(LawRow.id)))
    keys = [row.id for row in rows]
    stages = _grouped(conn, LawStageRow.law_id, keys)
    uses = _grouped(conn, LawUseRow.law_id, keys)
    return [r.law_from_rows(row, stages[row.id], uses[row.id]) for row in rows]


def labels(
    conn: Connection, kind: str, ids: Collection[str], levels: Collection[str]
) -> dict[str, dict[str, Any]]:
    """What a page needs to name records of another kind (organisations, cases, events,
    sources) that these records refer to: only those at the levels given, and only fields a
    record cannot be shown without (a mark on them raised the record's own level on load)."""
    table = {
        "organisation": OrganisationRow,
        "case": CaseRow,
        "event": EventRow,
        "source": SourceRow,
    }[kind]
    columns = {
        "organisation": ("id", "name"),
        "case": ("id", "title"),
        "event": ("id", "kind", "date"),
        "source": ("id", "title"),
    }[kind]
    wanted = sorted(set(ids))
    out: dict[str, dict[str, Any]] = {}
    t = table.__table__
    for start in range(0, len(wanted), 500):
        q = select(*(t.c[c] for c in columns)).where(
            t.c.id.in_(wanted[start : start + 500]), t.c.sensitivity.in_(list(levels))
        )
        for row in conn.execute(q):
            out[row.id] = dict(row._mapping)
    return out
