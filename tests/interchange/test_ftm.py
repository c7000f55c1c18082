"""FollowTheMoney: every entity passes FtM's own validation, nothing is silently dropped, and an
export loads back into a fresh store with everything FtM can hold."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import orjson
import pytest
from followthemoney import model
from sqlalchemy import create_engine, text

from docket.config import Settings
from docket.domain.dataset import Dataset
from docket.domain.dates import PartialDate
from docket.domain.person import Name
from docket.domain.vocabulary import Vocabulary
from docket.errors import ValidationFailed
from docket.interchange.dataset_files import read_dataset
from docket.interchange.ftm_export import to_ftm
from docket.interchange.ftm_ids import entity_id, record_id
from docket.services import exporting
from docket.services.ftm_importing import import_ftm, is_ftm
from docket.services.loading import load_dataset
from docket.services.store import Store, open_store
from docket.storage.report_queries import read_snapshot
from tests.conftest import DEMO, FICTIONAL

LATER = date(2100, 1, 1)
NAME_SLOTS = {"primary": "name", "short_form": "weak", "pseudonym": "weak", "maiden": "previous"}


def held_by_ftm(ds: Dataset) -> dict[str, list[object]]:
    """What FtM can hold of each record: all but sensitivity and field levels; of names, the
    primary one and the others by FtM's kinds (alias, weakAlias, previousName), not their order,
    script or language; "on or before" dates only for events; no claims."""

    def names(values: tuple[Name, ...]) -> tuple[Name, ...]:
        found = [Name(n.value, NAME_SLOTS.get(n.kind, "alias"), "", None) for n in values]
        return tuple(found[:1] + sorted(found[1:], key=repr))

    def day(value: PartialDate | None) -> PartialDate | None:
        return None if value is not None and value.on_or_before else value

    ds.occupancies = [
        replace(o, start=day(o.start), end=day(o.end), observed=day(o.observed))
        for o in ds.occupancies
    ]

    return {
        "sources": sorted((replace(s, sensitivity="", levels=()) for s in ds.sources), key=repr),
        "organisations": sorted(
            (replace(o, names=names(o.names), sensitivity="") for o in ds.organisations), key=repr
        ),
        "people": sorted(
            (
                replace(
                    p,
                    names=names(p.names),
                    sensitivity="",
                    levels=(),
                    relations=tuple(r for r in p.relations if not r.inverse),
                )
                for p in ds.people
            ),
            key=repr,
        ),
        "positions": sorted(ds.positions, key=repr),
        "occupancies": sorted(ds.occupancies, key=repr),
        "cases": sorted((replace(c, sensitivity="") for c in ds.cases), key=repr),
        "events": sorted(
            (
                replace(
                    e,
                    sensitivity="",
                    levels=(),
                    parties=tuple(replace(p, sensitivity=None) for p in e.parties),
                )
                for e in ds.events
            ),
            key=repr,
        ),
        "recognitions": sorted((replace(r, levels=()) for r in ds.recognitions), key=repr),
        "sanctions": sorted(ds.sanctions, key=repr),
    }


def snapshot(store: Store) -> Dataset:
    with store.read() as conn:
        return read_snapshot(conn).records


@pytest.fixture
def fresh(settings: Settings, tmp_path: Path) -> Iterator[Store]:
    """A second, empty store of the same kind as `store`."""
    if settings.is_sqlite:
        opened = open_store(settings.with_db_path(tmp_path / "fresh.sqlite"))
        yield opened
        opened.close()
        return
    url = settings.database_url.replace("search_path%3D", "search_path%3Dfresh_")
    schema = url.rsplit("search_path%3D", 1)[1]
    admin = create_engine(url.split("?")[0].replace("postgresql://", "postgresql+psycopg://"))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    opened = open_store(replace(settings, database_url=url))
    yield opened
    opened.close()
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.mark.parametrize("folder", [FICTIONAL, DEMO], ids=["fictional", "demo"])
def test_every_entity_is_valid_ftm_and_nothing_is_dropped(folder: Path, vocab: Vocabulary) -> None:
    ds = read_dataset(folder)
    export = to_ftm(ds, vocab)
    others = [n for n in export.notes if not n.startswith(f"{len(ds.claims)} claim(s)")]
    # FtM dates cannot say "on or before"; the demo has two posts held until "../2019"
    assert all(n.endswith("'on or before' ../2019 has no FtM form") for n in others), others
    assert len(others) == (2 if folder == DEMO else 0)
    seen = set()
    for data in export.entities:
        proxy = model.get_proxy(data)  # raises on an unknown schema or property
        proxy.schema.validate(data)  # type: ignore[arg-type]
        assert all(proxy.get(p) for p in proxy.schema.required), data
        assert proxy.id not in seen
        seen.add(proxy.id)
    schemata = {e["schema"] for e in export.entities}
    assert {"Person", "Organization", "PublicBody", "Document", "Documentation", "Event",
            "CourtCase", "CourtCaseParty"} <= schemata  # fmt: skip
    if folder == FICTIONAL:
        assert {"Position", "Occupancy", "Risk", "Membership", "Family"} <= schemata


def test_values_ftm_cannot_hold_are_noted_not_dropped(vocab: Vocabulary) -> None:
    ds = read_dataset(FICTIONAL)
    ds.people[0] = replace(ds.people[0], birth_date=ds.people[0].birth_date and
                           type(ds.people[0].birth_date).parse("../1990"))  # fmt: skip
    export = to_ftm(ds, vocab)
    assert "left out: person aigerim-nurlanova: 'on or before' ../1990 has no FtM form" in (
        export.notes
    )


def test_ids_round_trip() -> None:
    for kind, rid in (("person", "aigerim-nurlanova"), ("event", "ev_1:a"), ("case", "X")):
        eid = entity_id(kind, rid)
        assert record_id(eid) == (kind, rid)
    assert entity_id("person", "a_b").startswith("person-x.")


@pytest.mark.parametrize("folder", [FICTIONAL, DEMO], ids=["fictional", "demo"])
def test_an_export_loads_back_with_everything_ftm_holds(
    store: Store, fresh: Store, tmp_path: Path, folder: Path
) -> None:
    load_dataset(store, folder)
    out = io.BytesIO()
    report = exporting.export(store, "ftm", out, public=False, as_of=LATER)
    path = tmp_path / "export.ftm.json"
    path.write_bytes(out.getvalue())
    assert is_ftm(path) and report.entities == len(out.getvalue().splitlines())
    loaded = import_ftm(fresh, path, dry_run=False)
    assert loaded.ok and loaded.skipped == []
    assert held_by_ftm(snapshot(fresh)) == held_by_ftm(snapshot(store))
    again = import_ftm(fresh, path, dry_run=False)  # the same file replaces itself
    assert again.counts == loaded.counts
    assert held_by_ftm(snapshot(fresh)) == held_by_ftm(snapshot(store))


def test_an_export_refuses_to_load_over_its_own_records(store: Store, tmp_path: Path) -> None:
    load_dataset(store, FICTIONAL)
    path = tmp_path / "export.ftm.json"
    with path.open("wb") as handle:
        exporting.export(store, "ftm", handle, public=False, as_of=LATER)
    with pytest.raises(ValidationFailed) as caught:
        import_ftm(store, path, dry_run=False)
    assert "person 'aigerim-nurlanova' is already in the store (dataset 'fictional')" in str(
        caught.value
    )


def test_entities_from_elsewhere(store: Store, tmp_path: Path) -> None:
    lines = [
        {"id": "a1b2c3", "schema": "Person", "properties": {"name": ["Asel Fictionova"],
         "gender": ["female"], "birthDate": ["1991-02"]}},
        {"id": "d4e5f6", "schema": "Vessel", "properties": {"name": ["Steppe Star"]}},
        {"id": "e7", "schema": "Event", "properties": {"name": ["Some meeting"],
                                                       "date": ["2021"]}},
    ]  # fmt: skip
    path = tmp_path / "elsewhere.json"
    path.write_bytes(b"\n".join(orjson.dumps(x) for x in lines) + b"\n")
    assert is_ftm(path)
    report = import_ftm(store, path, dry_run=False)
    assert report.ok and report.counts["people"] == 1
    assert report.skipped == [
        "Event e7: no Docket event kind (docket:event=...)",
        "1 Vessel entities (no Docket record kind)",
    ]
    person = snapshot(store).people[0]
    assert (person.id, person.name, person.sex, str(person.birth_date)) == (
        "a1b2c3", "Asel Fictionova", "female", "1991-02",
    )  # fmt: skip


def test_a_broken_ftm_file_names_its_line(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "broken.ftm.json"
    path.write_text('{"id": "x", "schema": "Person", "properties": {}}\n{"id": \n', "utf-8")
    with pytest.raises(ValidationFailed) as caught:
        import_ftm(store, path, dry_run=False)
    assert "broken.ftm.json:2: is not a FollowTheMoney entity" in str(caught.value)
