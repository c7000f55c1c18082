"""Domain records back into the dataset format (docs/data-format.md): the inverse of the readers
in interchange/records.py. Edit forms start from it, and the audit log stores records in it, so a
monitor reads a change in the same words as a dataset file. The conversion itself is the
exporter's (interchange/record_dicts.py): one definition of the format."""

from __future__ import annotations

from typing import Any

from docket.domain.claim import Claim
from docket.domain.event import Event
from docket.domain.person import Person
from docket.domain.recognition import Recognition
from docket.domain.source import Source
from docket.interchange import record_dicts
from docket.interchange.record_dicts import citations

__all__ = ["citations", "raw_of"]


def raw_of(record: Any) -> dict[str, Any]:
    """Any editable record in the dataset format."""
    if isinstance(record, Person):
        return record_dicts.person_dict(record)
    if isinstance(record, Source):
        return record_dicts.source_dict(record)
    if isinstance(record, Event):
        return record_dicts.event_dict(record)
    if isinstance(record, Recognition):
        return record_dicts.recognition_dict(record)
    if isinstance(record, Claim):
        return record_dicts.claim_dict(record)
    raise TypeError(f"no dataset format for {type(record).__name__}")
