"""The redaction layer's tables (see docket.domain.redaction) for deployments, disruptions and
laws: every field leaves at its record's own level; marks (`levels`) make one stricter."""

from __future__ import annotations

from docket.domain.law import Law, LawStage, LawUse
from docket.domain.surveillance import Actor, Agreement, Deployment, Disruption, Scale

RECORD = "record"  # the same word as docket.domain.redaction.RECORD
_CITED = {"citations": RECORD}
_PROVENANCE = {"origin": "internal", "levels": "internal"}

SURVEILLANCE_POLICY: dict[type, dict[str, str]] = {
    Deployment: {
        "id": RECORD,
        "system": RECORD,
        "capabilities": RECORD,
        "vendors": RECORD,
        "operators": RECORD,
        "status": RECORD,
        "place": RECORD,
        "jurisdiction": RECORD,
        "since": RECORD,
        "until": RECORD,
        "scale": RECORD,
        "agreements": RECORD,
        "summary": RECORD,
        "sensitivity": RECORD,
        **_CITED,
        **_PROVENANCE,
    },
    Disruption: {
        "id": RECORD,
        "kind": RECORD,
        "date": RECORD,
        "end_date": RECORD,
        "scope": RECORD,
        "targets": RECORD,
        "ordered_by": RECORD,
        "place": RECORD,
        "jurisdiction": RECORD,
        "description": RECORD,
        "sensitivity": RECORD,
        **_CITED,
        **_PROVENANCE,
    },
    Law: {
        "id": RECORD,
        "title": RECORD,
        "kind": RECORD,
        "title_ru": RECORD,
        "jurisdiction": RECORD,
        "articles": RECORD,
        "amends": RECORD,
        "stages": RECORD,
        "rights": RECORD,
        "uses": RECORD,
        "summary": RECORD,
        "sensitivity": RECORD,
        **_CITED,
        **_PROVENANCE,
    },
    Actor: {"role": RECORD, "name": RECORD, "organisation_id": RECORD, "country": RECORD},
    Scale: {"wording": RECORD, "value": RECORD, "unit": RECORD, "qualifier": RECORD},
    Agreement: {
        "kind": RECORD,
        "title": RECORD,
        "date": RECORD,
        "parties": RECORD,
        "amount": RECORD,
        "description": RECORD,
        **_CITED,
    },
    LawStage: {"stage": RECORD, "date": RECORD, "body": RECORD, "note": RECORD, **_CITED},
    LawUse: {"case_id": RECORD, "event_id": RECORD, "note": RECORD, **_CITED},
}
