"""PostgreSQL with sealed restricted fields: deployments, internet disruptions and laws too.

The fictional dataset of tests/security/test_field_sealing.py gets a restricted surveillance
deployment, a restricted disruption, a restricted law and an internal deployment with its
summary marked restricted, all with values found nowhere else. Loaded into a store made with
`docket init --encrypted`, none of them is in `pg_dump`'s output; loaded without, all of them
are. The values searched for are read from the dataset files by the fields docs/security.md
promises, not from Docket's own table of sealed fields.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import orjson
import pytest
import yaml
from fastapi.testclient import TestClient

from docket.config import Settings
from docket.domain.dataset import Dataset, DatasetInfo
from docket.domain.source import Origin
from docket.errors import StoreError
from docket.interchange.surveillance_records import SURVEILLANCE_READERS
from docket.storage.field_cipher import PREFIX, FieldCipher, Label
from docket.storage.keys import new_data_key
from docket.storage.sealed_records import open_record, open_tree, seal_dataset
from tests.security.test_field_sealing import (
    PASSPHRASE,
    cli,
    dataset,
    found_in,
    pg_dump_text,
    secret_file,
)

DIGITAL = {
    "deployments.yaml": """
- id: dep-r4
  system: Falcon Eye street network (fictional)
  status: in_use
  capabilities: [video_surveillance, facial_recognition]
  vendors: [{name: Steppe Optics Trading House, country: CN, role: vendor}]
  operators: [{name: Kordai police unit 12 night shift, role: operator}]
  place: Kordai bus station square
  jurisdiction: KZ
  since: 2021-03
  scale:
    - {wording: nine hidden cameras facing the bus station, value: 9, unit: hidden cameras}
  agreements:
    - kind: contract
      title: Contract 44-K for the bus station cameras
      date: 2021-02-11
      amount: 412,000 tenge a month
      description: Signed at night by the deputy akim in his car.
      parties: [{name: Office of the Kordai deputy akim, role: buyer}]
      sources: [src-report]
  summary: Watches the entrance of the flat where the witness lives.
  sources: [src-report]
  sensitivity: restricted
- id: dep-i2
  system: Public Wi-Fi logging at the akimat (fictional)
  status: in_use
  capabilities: [data_aggregation]
  jurisdiction: KZ
  summary: Keeps the logs of the hotline volunteer's phone for a year.
  sources: [src-report]
  sensitivity: internal
  levels: {summary: restricted}
""",
    "disruptions.yaml": """
- id: dis-r3
  kind: throttling
  date: 2021-05-03
  scope: the Kordai village exchange only
  targets: [Kordai Mothers chat group, hotline-volunteers.example]
  place: Kordai telephone exchange, back room
  jurisdiction: KZ
  description: Slowed for the nine hours the witness was questioned.
  sources: [src-report]
  sensitivity: restricted
""",
    "laws.yaml": """
- id: law-r5
  title: Unpublished instruction on listening to hotlines
  title_ru: Неопубликованная инструкция о прослушивании горячих линий
  kind: decree
  jurisdiction: KZ
  amends: the rules of the district hotline registry
  stages:
    - stage: draft
      date: 2021-04
      note: Circulated only to the Zhambyl district prosecutors
      sources: [src-report]
  rights: [privacy]
  uses:
    - case: case-x9
      note: Cited against the hidden witness at her questioning
      sources: [src-report]
  summary: Lets officers read hotline call logs without a warrant.
  sources: [src-report]
  sensitivity: restricted
""",
}
# The fields docs/security.md says are sealed, by file (dataset-format keys), and the text keys
# inside their parts (an actor's name, a scale's words, an agreement's title...).
PROMISED = {
    "deployments.yaml": ("system", "vendors", "operators", "place", "scale", "agreements",
                         "summary"),
    "disruptions.yaml": ("scope", "targets", "place", "description"),
    "laws.yaml": ("title", "title_ru", "amends", "stages", "uses", "summary"),
}  # fmt: skip
TEXT_IN_PARTS = ("name", "wording", "unit", "title", "amount", "description", "note", "parties")
PUBLIC_TITLE = "Public Wi-Fi logging at the akimat (fictional)"  # internal: stays clear


def digital_dataset(tmp_path: Path) -> Path:
    folder = dataset(tmp_path)
    for name, text in DIGITAL.items():
        (folder / name).write_text(text, "utf-8")
    return folder


def _texts(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {t for v in value for t in _texts(v)}
    if isinstance(value, dict):
        return {t for k in TEXT_IN_PARTS for t in _texts(value.get(k))}
    return set()


def restricted_values(folder: Path) -> set[str]:
    found: set[str] = set()
    for name, promised in PROMISED.items():
        for record in yaml.safe_load((folder / name).read_text("utf-8")):
            whole = record.get("sensitivity") == "restricted"
            marks = record.get("levels") or {}
            for key in promised:
                if whole or marks.get(key) == "restricted":
                    found |= _texts(record.get(key))
    return found


def test_sealing_and_opening_a_deployment_a_disruption_and_a_law(tmp_path: Path) -> None:
    """Without a database: every promised value of the records becomes a token, opening gives
    the records back equal, and a token moved to another record does not open."""
    folder = digital_dataset(tmp_path)
    secrets = restricted_values(folder)
    assert len(secrets) == 23, secrets
    ds = Dataset(DatasetInfo(id="t", title="t"))
    for name in DIGITAL:
        stem = name.removesuffix(".yaml")
        attribute, read = SURVEILLANCE_READERS[stem]
        problems: list[Any] = []
        origin = Origin(name)
        records = [read(raw, origin, problems) for raw in yaml.safe_load(DIGITAL[name])]
        assert problems == []
        setattr(ds, attribute, records)
    cipher = FieldCipher(new_data_key())
    sealed = seal_dataset(ds, cipher)
    flat = orjson.dumps(
        [sealed.deployments, sealed.disruptions, sealed.laws], default=repr
    ).decode()
    assert {s for s in secrets if s in flat} == set()
    assert PUBLIC_TITLE in flat and flat.count(PREFIX) == len(secrets)
    opened = open_tree([sealed.deployments, sealed.disruptions, sealed.laws], cipher)
    assert opened == [ds.deployments, ds.disruptions, ds.laws]
    law = sealed.laws[0]
    moved = replace(law, title=sealed.deployments[0].system)
    with pytest.raises(StoreError, match="another record"):
        open_record(moved, cipher)
    # within a record, a field's token does not open as another field's either
    with pytest.raises(StoreError, match="another record"):
        cipher.open_value(Label("law", law.id, "summary"), law.title)


@pytest.mark.postgres
def test_a_pg_dump_holds_no_restricted_deployment_disruption_or_law(
    pg_settings: Settings, tmp_path: Path
) -> None:
    from docket.services import accounts
    from docket.services.store import open_store
    from tests.web.conftest import PASSWORD, log_in, make_app

    folder = digital_dataset(tmp_path)
    secrets = restricted_values(folder)
    secret = secret_file(tmp_path, "passphrase", PASSPHRASE)
    code, output = cli(pg_settings, secret, "init", "--encrypted")
    assert code == 0, output
    code, output = cli(pg_settings, secret, "load", str(folder))
    assert code == 0, output

    dump = pg_dump_text(pg_settings)
    assert found_in(dump, secrets) == set()
    assert PUBLIC_TITLE.encode() in dump  # the search works

    # an editor reads them back, the names of the sealed case they cite opened too
    code, output = cli(pg_settings, secret, "deployments", "show", "dep-r4", "--json",
                       "--audience", "editor")  # fmt: skip
    assert code == 0, output
    shown = orjson.loads(output)
    assert shown["system"] == "Falcon Eye street network (fictional)"
    assert [a["name"] for a in shown["vendors"]] == ["Steppe Optics Trading House"]
    assert [a["name"] for a in shown["operators"]] == ["Kordai police unit 12 night shift"]
    assert shown["scale"][0]["figure"] == "9 hidden cameras"
    assert shown["agreements"][0]["amount"] == "412,000 tenge a month"
    assert shown["agreements"][0]["parties"][0]["name"] == "Office of the Kordai deputy akim"
    code, output = cli(pg_settings, secret, "laws", "show", "law-r5", "--json",
                       "--audience", "editor")  # fmt: skip
    assert code == 0, output
    shown = orjson.loads(output)
    assert shown["title_ru"] == "Неопубликованная инструкция о прослушивании горячих линий"
    assert shown["stages"][0]["note"] == "Circulated only to the Zhambyl district prosecutors"
    assert shown["uses"][0]["case_title"] == "Closed case against a hidden witness"
    code, output = cli(pg_settings, secret, "export", "json", "--audience", "editor")
    assert code == 0, output
    assert found_in(output.encode(), secrets) == secrets and PREFIX not in output
    # viewers and the public need no key and are shown none of them
    for args in (
        ("export", "json"),
        ("export", "json", "--public"),
        ("deployments", "list", "--json"),
        ("laws", "list", "--json"),
    ):
        code, output = cli(pg_settings, None, *args)
        assert code == 0, (args, output)
        assert found_in(output.encode(), secrets) == set() and PREFIX not in output, args
    brief = tmp_path / "brief.md"
    code, output = cli(pg_settings, None, "brief", "--as-of", "2021-12-31", "-o", str(brief))
    assert code == 0, output
    text = brief.read_text("utf-8")
    assert found_in(text.encode(), secrets) == set() and PREFIX not in text

    # the web: an editor's pages opened, a viewer's without them
    settings = replace(pg_settings, passphrase_file=secret)
    store = open_store(settings)
    try:
        for role in ("viewer", "editor"):
            accounts.add_user(store, role, role=role, password=PASSWORD)
        editor = log_in(TestClient(make_app(store)), "editor")
        viewer = log_in(TestClient(make_app(store)), "viewer")
        pages = ("/deployments/dep-r4", "/laws/law-r5", "/internet", "/deployments")
        seen = "".join(editor.get(path).text for path in pages)
        assert PREFIX not in seen
        opened = found_in(seen.encode(), secrets)
        assert "Kordai bus station square" in opened  # a deployment
        assert "Slowed for the nine hours the witness was questioned." in opened  # a disruption
        assert "Lets officers read hotline call logs without a warrant." in opened  # a law
        assert viewer.get("/deployments/dep-r4").status_code == 404
        for path in ("/deployments", "/laws", "/internet"):
            body = viewer.get(path).text
            assert found_in(body.encode(), secrets) == set() and PREFIX not in body, path
    finally:
        store.close()

    code, output = cli(pg_settings, None, "verify")
    assert code == 0, output


@pytest.mark.postgres
def test_the_same_digital_records_without_encryption_show_in_the_dump(
    pg_settings: Settings, tmp_path: Path
) -> None:
    """The control: loaded without `--encrypted`, every value searched for is in the dump."""
    folder = digital_dataset(tmp_path)
    secrets = restricted_values(folder)
    code, output = cli(pg_settings, None, "load", str(folder))
    assert code == 0, output
    assert found_in(pg_dump_text(pg_settings), secrets) == secrets
