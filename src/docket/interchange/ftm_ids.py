"""FollowTheMoney entity ids for Docket records, reversibly, and FtM values checked on the way.

FtM ids allow letters, digits, dots and hyphens; Docket ids also allow `_` and `:`, and are
unique only within their kind. So a record's entity id is `<kind prefix>.<id>` when the id fits,
and `<kind prefix>-x.<id as hex>` when it does not: both read back to the same record.
Entities that only link records (citations, parties) get ids hashed from what they link.

`put` adds a value to an entity and fails loudly if FtM's cleaning would drop it: nothing is
ever lost without a note.
"""

from __future__ import annotations

import hashlib
import re
from typing import cast

from followthemoney import EntityProxy
from followthemoney.schema import ValidationData

PREFIXES = {
    "source": "source",
    "organisation": "org",
    "person": "person",
    "position": "position",
    "occupancy": "occupancy",
    "case": "case",
    "event": "event",
    "recognition": "recognition",
    "sanction": "sanction",
}
KINDS = {prefix: kind for kind, prefix in PREFIXES.items()}
_PLAIN = re.compile(r"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$")
MAX_ID = 200


class FtmValueLost(ValueError):
    """FollowTheMoney cannot hold a value as it is; the message says which and why."""


def entity_id(kind: str, record_id: str) -> str:
    prefix = PREFIXES[kind]
    if _PLAIN.match(record_id):
        out = f"{prefix}.{record_id}"
    else:
        out = f"{prefix}-x.{record_id.encode('utf-8').hex()}"
    if len(out) > MAX_ID:
        raise FtmValueLost(f"{kind} id '{record_id}' is too long for a FollowTheMoney id")
    return out


def record_id(eid: str) -> tuple[str, str] | None:
    """(kind, Docket id) of an entity id made by `entity_id`, or None for any other id."""
    head, dot, rest = eid.partition(".")
    if not dot or not rest:
        return None
    if head.endswith("-x") and head[:-2] in KINDS:
        try:
            return KINDS[head[:-2]], bytes.fromhex(rest).decode("utf-8")
        except ValueError:
            return None
    if head in KINDS:
        return KINDS[head], rest
    return None


def link_id(kind: str, *parts: str) -> str:
    """A stable id for an entity that links others (a citation, a party, a membership)."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8"), usedforsecurity=False)
    return f"{kind}.{digest.hexdigest()[:32]}"


def put(proxy: EntityProxy, prop: str, value: str | None, *, what: str) -> None:
    """Add a value, or raise FtmValueLost if FtM would drop or cut it."""
    if value is None or value == "":
        return
    prop_ = proxy.schema.get(prop)
    if prop_ is None:
        raise FtmValueLost(f"{what}: {proxy.schema.name} has no property '{prop}'")
    cleaned = prop_.type.clean(value, proxy=proxy)
    if cleaned is None:
        raise FtmValueLost(f"{what}: '{value}' is not a valid FtM {prop_.type.name} ({prop})")
    if prop_.type.max_length and len(cleaned) > prop_.type.max_length:
        raise FtmValueLost(
            f"{what}: {prop} is {len(cleaned):,} characters; FtM holds "
            f"{prop_.type.max_length:,} at most"
        )
    proxy.add(prop, value)
    if cleaned not in proxy.get(prop):
        raise FtmValueLost(f"{what}: FtM dropped '{value}' from {prop}")


def check_entity(proxy: EntityProxy) -> None:
    """FtM's own validation, plus the required properties it does not check itself."""
    proxy.schema.validate(cast(ValidationData, proxy.to_dict()))
    missing = [p for p in proxy.schema.required if not proxy.get(p)]
    if missing:
        raise FtmValueLost(f"{proxy.schema.name} {proxy.id} lacks {', '.join(missing)}")
