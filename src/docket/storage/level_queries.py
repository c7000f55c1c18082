"""The queries of the redaction layer (services.redacting, services.page_redaction): what it
reads from the store to decide what an audience may see, beyond the records themselves."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Connection, select

from docket.storage.tables import (
    CaseRow,
    ChargeRow,
    ClaimRow,
    OrganisationRow,
    PersonRow,
    PositionRow,
    RecognitionRow,
    SanctionRow,
)

# The records a decision, a claim or a sanction recommendation names, by the kind named:
# (kind of the reference, its table, [(kind named, column)]).
_NAMED: dict[str, tuple[Any, tuple[tuple[str, Any], ...]]] = {
    "claim": (ClaimRow, (("organisation", ClaimRow.stated_by),)),
    "recognition": (RecognitionRow, (("organisation", RecognitionRow.organisation_id),)),
    "sanction recommendation": (
        SanctionRow,
        (("person", SanctionRow.person_id), ("organisation", SanctionRow.organisation_id)),
    ),
}
NAMING_KINDS = tuple(_NAMED)


def position_bodies(conn: Connection, position_ids: Sequence[str]) -> dict[str, str]:
    """The organisation each of these positions belongs to, by position id."""
    posts = select(PositionRow.id, PositionRow.organisation_id).where(
        PositionRow.id.in_(position_ids)
    )
    return {pid: org for pid, org in conn.execute(posts)}


def organisation_names(conn: Connection, visible: Collection[str]) -> list[str]:
    """The names of the organisations at these levels."""
    orgs = select(OrganisationRow.name).where(OrganisationRow.sensitivity.in_(visible))
    return list(conn.scalars(orgs))


def charge_wordings(conn: Connection, visible: Collection[str]) -> list[tuple[str, str]]:
    """(case id, wording) of every worded charge whose case and defendant are at these levels."""
    charges = (
        select(ChargeRow.case_id, ChargeRow.wording)
        .join(CaseRow, CaseRow.id == ChargeRow.case_id)
        .join(PersonRow, PersonRow.id == ChargeRow.person_id)
        .where(
            ChargeRow.wording.is_not(None),
            CaseRow.sensitivity.in_(visible),
            PersonRow.sensitivity.in_(visible),
        )
    )
    return [(row.case_id, str(row.wording)) for row in conn.execute(charges)]


def person_regions(conn: Connection, visible: Collection[str]) -> list[tuple[str, str | None]]:
    """(person id, region) of the people at these levels who have a region."""
    q = select(PersonRow.id, PersonRow.region).where(
        PersonRow.region.is_not(None), PersonRow.sensitivity.in_(visible)
    )
    return [(pid, region) for pid, region in conn.execute(q)]


def named_records(
    conn: Connection, kind: str, ids: Sequence[str]
) -> list[tuple[str, dict[str, str | None]]]:
    """For references of a kind that names other records (a claim its organisation, a sanction
    recommendation its person and organisation): per kind named, the record each of these ids
    names (None when it names none)."""
    table, named = _NAMED[kind]
    out = []
    for other, column in named:
        found = conn.execute(select(table.id, column).where(table.id.in_(ids)))
        out.append((other, {rid: value for rid, value in found}))
    return out
