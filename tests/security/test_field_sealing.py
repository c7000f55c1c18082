"""PostgreSQL with sealed restricted fields: a database dump alone does not reveal them.

A fictional dataset with restricted people, sources, organisations, cases, events and marked
fields is loaded into a PostgreSQL store made with `docket init --encrypted`; `pg_dump` (the
client Docket's backups use) writes the whole schema as SQL, and every restricted value is
searched for in it, byte for byte. The values are the ones docs/security.md promises to seal,
read from the dataset files here, not from Docket's own table of sealed fields.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest
import yaml
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from docket.cli.app import app
from docket.config import Settings
from docket.errors import Conflict, StoreError
from docket.services.pg_backup import connection_env, tool
from tests.conftest import FICTIONAL

pytestmark = pytest.mark.postgres
runner = CliRunner()
PASSPHRASE = "violet-ledger-kestrel-1987"
NEW_PASSPHRASE = "amber-compass-heron-2044"

# Restricted records and marks added to the fictional dataset (all fictional). The witness's id
# says nothing about her: ids stay clear (docs/security.md).
EXTRA = {
    "people.yaml": """
- id: w-7f3a
  name: Saule Zhexenbayeva
  names: [{value: Сауле Жексенбаева, kind: transliteration, lang: ru}]
  sex: female
  birth_place: Kordai settlement
  occupation: schoolteacher at the evening school
  region: Zhambyl Region
  summary: Saw the arrest from her window and spoke to the monitors.
  sources: [src-report]
  sensitivity: restricted
""",
    "organisations.yaml": """
- id: org-r1
  name: Taraz Mothers Support Circle
  kind: human_rights_group
  summary: Meets on Thursdays in a private flat
  sensitivity: restricted
""",
    "cases.yaml": """
- id: case-x9
  title: Closed case against a hidden witness
  jurisdiction: KZ
  number: "2021-7731-SEALED"
  summary: Opened under seal after the witness testified.
  defendants: [{person: w-7f3a}]
  sources: [src-report]
  sensitivity: restricted
""",
    "events.yaml": """
- id: ev-w-detained
  kind: detained
  date: 2021-05-03
  victims: [w-7f3a]
  case: case-x9
  place: Basement of the Kordai police station
  description: Questioned for nine hours without her lawyer.
  sources: [src-report]
  sensitivity: restricted
""",
    "claims.yaml": """
- id: cl-hotline
  metric: political_prisoners
  value: 3
  qualifier: at_least
  unit: people
  as_of: 2021-10-20
  wording: three detainees named by the hotline volunteers
  stated_by: free-voices
  sources: [src-report]
  levels: {wording: restricted}
""",
    "recognitions.yaml": """
- id: rec-bs-letter
  person: bolat-sarsenov
  kind: political_prisoner
  by: free-voices
  date: 2021-07-01
  rationale: Letter smuggled out of the colony by his cellmate
  sources: [src-report]
  levels: {rationale: restricted}
""",
}
# The fields docs/security.md says are sealed, by file: dataset-format key -> sealed when the
# record is restricted, or when the field (under this mark name) is marked restricted.
PROMISED = {
    "people.yaml": {"name": "name", "names": "names", "birth_place": "birth_place",
                    "occupation": "occupation", "region": "region", "summary": "summary"},
    "organisations.yaml": {"name": "name", "names": "names", "summary": "summary"},
    "sources.yaml": {"title": "title", "publisher": "publisher", "author": "author",
                     "url": "url", "notes": "notes"},
    "cases.yaml": {"title": "title", "number": "number", "summary": "summary"},
    "events.yaml": {"place": "place", "description": "description"},
    "recognitions.yaml": {"rationale": "rationale"},
    "claims.yaml": {"wording": "wording"},
}  # fmt: skip


def dataset(tmp_path: Path) -> Path:
    target = tmp_path / "fictional"
    shutil.copytree(FICTIONAL, target)
    for name, extra in EXTRA.items():
        with (target / name).open("a", encoding="utf-8") as f:
            f.write(extra)
    return target


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [value["value"]] if "value" in value else []
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


def restricted_values(folder: Path) -> set[str]:
    """Every value the promise covers: promised fields of restricted records, and promised
    fields marked restricted."""
    found: set[str] = set()
    for name, promised in PROMISED.items():
        for record in yaml.safe_load((folder / name).read_text("utf-8")) or ():
            whole = record.get("sensitivity") == "restricted"
            marks = record.get("levels") or {}
            for key, mark in promised.items():
                if whole or marks.get(mark) == "restricted":
                    found |= set(_texts(record.get(key)))
    return found


def cli(settings: Settings, secret: Path | None, *args: str) -> tuple[int, str]:
    env = {"COLUMNS": "200", "DOCKET_DATABASE_URL": settings.database_url}
    env["DOCKET_DATA_DIR"] = str(settings.data_dir)
    env["DOCKET_PASSPHRASE_FILE"] = str(secret) if secret else ""
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.output


def pg_dump_text(settings: Settings) -> bytes:
    """The store's schema dumped as plain SQL by pg_dump."""
    env, schema = connection_env(settings)
    args = [tool("pg_dump"), "--format=plain", "--no-owner", f"--schema={schema}"]
    done = subprocess.run(args, env=env, capture_output=True, check=True)
    return done.stdout


def found_in(data: bytes, values: set[str]) -> set[str]:
    return {v for v in values if v.encode("utf-8") in data}


def secret_file(tmp_path: Path, name: str, value: str) -> Path:
    path = tmp_path / "secret" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(value + "\n", "utf-8")
    return path


def test_a_pg_dump_of_an_encrypted_postgresql_store_holds_no_restricted_value(
    pg_settings: Settings, tmp_path: Path
) -> None:
    folder = dataset(tmp_path)
    secrets = restricted_values(folder)
    assert len(secrets) >= 19, secrets  # the promise covers every kind of record
    secret = secret_file(tmp_path, "passphrase", PASSPHRASE)
    code, output = cli(pg_settings, secret, "init", "--encrypted")
    assert code == 0, output
    code, output = cli(pg_settings, secret, "load", str(folder))
    assert code == 0, output

    dump = pg_dump_text(pg_settings)
    assert found_in(dump, secrets) == set()
    assert b"Annual report on political persecution (fictional)" in dump  # the search works
    assert PASSPHRASE.encode() not in dump

    # an editor reads every value with the passphrase; a viewer and the public need no key
    # and read none of them
    code, output = cli(pg_settings, secret, "export", "json", "--audience", "editor")
    assert code == 0, output
    assert found_in(output.encode("utf-8"), secrets) == secrets
    for audience in ("viewer", "public"):
        code, output = cli(pg_settings, None, "export", "json", "--audience", audience)
        assert code == 0, output
        assert found_in(output.encode("utf-8"), secrets) == set(), audience
    code, output = cli(pg_settings, secret, "show", "w-7f3a", "--audience", "editor", "--json")
    assert code == 0, output
    shown = orjson.loads(output)
    assert shown["name"] == "Saule Zhexenbayeva"
    assert shown["occupation"] == "schoolteacher at the evening school"
    code, output = cli(pg_settings, None, "show", "w-7f3a")
    assert code != 0 and "Saule" not in output

    # a wrong passphrase is the clear error of an encrypted store, and opens nothing
    wrong = secret_file(tmp_path, "wrong", "not-the-passphrase-at-all")
    code, output = cli(pg_settings, wrong, "export", "json", "--audience", "editor")
    assert code == 7 and "Wrong passphrase" in output
    assert found_in(output.encode("utf-8"), secrets) == set()

    # the history still verifies: it hashes the rows as stored, ciphertext included
    code, output = cli(pg_settings, None, "verify")
    assert code == 0, output


def test_the_same_load_without_encryption_shows_in_the_dump(
    pg_settings: Settings, tmp_path: Path
) -> None:
    """The control: without `--encrypted` the dump holds the values (so the search above would
    find them), and nothing asks for a passphrase."""
    folder = dataset(tmp_path)
    secrets = restricted_values(folder)
    code, output = cli(pg_settings, None, "load", str(folder))
    assert code == 0, output
    assert found_in(pg_dump_text(pg_settings), secrets) == secrets


def test_rekey_rewraps_the_postgresql_key_and_the_old_passphrase_stops_working(
    pg_settings: Settings, tmp_path: Path
) -> None:
    folder = dataset(tmp_path)
    secret = secret_file(tmp_path, "passphrase", PASSPHRASE)
    assert cli(pg_settings, secret, "init", "--encrypted", "--recovery-key")[0] == 0
    assert cli(pg_settings, secret, "load", str(folder))[0] == 0
    before = pg_dump_text(pg_settings)
    new = secret_file(tmp_path, "new", NEW_PASSPHRASE)
    code, output = cli(pg_settings, secret, "rekey", "--new-passphrase-file", str(new))
    assert code == 0, output
    code, output = cli(pg_settings, secret, "export", "json", "--audience", "editor")
    assert code == 7, output
    code, output = cli(pg_settings, new, "export", "json", "--audience", "editor")
    assert code == 0 and "Saule Zhexenbayeva" in output
    # no sealed value was rewritten: the sealed person row is the same before and after
    row = [line for line in before.splitlines() if line.startswith(b"w-7f3a\t")]
    assert row and row[0] in pg_dump_text(pg_settings)
    assert cli(pg_settings, None, "verify")[0] == 0
    # a backup (pg_dump inside) restores a store that still seals, under the new passphrase
    backup = tmp_path / "store.docket-backup"
    assert cli(pg_settings, new, "backup", "-o", str(backup))[0] == 0
    code, output = cli(pg_settings, new, "restore", str(backup), "--force")
    assert code == 0, output
    assert row[0] in pg_dump_text(pg_settings)
    code, output = cli(pg_settings, new, "export", "json", "--audience", "editor")
    assert code == 0 and "Saule Zhexenbayeva" in output


def test_a_sealed_value_moved_to_another_record_does_not_open(
    pg_settings: Settings, tmp_path: Path
) -> None:
    """The record id and field are the associated data: a ciphertext copied into another row
    behind Docket's back is refused, not shown as that row's value (and verify names it)."""
    from docket.domain.sensitivity import Audience
    from docket.services import redacting
    from docket.services.people import get_person_record
    from docket.services.store import open_store

    folder = dataset(tmp_path)
    secret = secret_file(tmp_path, "passphrase", PASSPHRASE)
    assert cli(pg_settings, secret, "init", "--encrypted")[0] == 0
    assert cli(pg_settings, secret, "load", str(folder))[0] == 0
    url = pg_settings.database_url.replace("postgresql://", "postgresql+psycopg://")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE person SET summary = (SELECT description FROM event "
                "WHERE id = 'ev-w-detained') WHERE id = 'w-7f3a'"
            )
        )
    engine.dispose()
    store = open_store(replace(pg_settings, passphrase_file=secret))
    try:
        record = get_person_record(store, "w-7f3a", as_of=date(2030, 1, 1))
        with pytest.raises(StoreError, match="another record"):
            redacting.person_record_for(store, record, Audience.editor)
    finally:
        store.close()
    code, output = cli(pg_settings, None, "verify")
    assert code != 0 and "person" in output


def test_web_pages_open_sealed_values_for_editors_only(
    pg_settings: Settings, tmp_path: Path
) -> None:
    from fastapi.testclient import TestClient

    from docket.services import accounts, field_sealing, loading
    from docket.services.store import open_store
    from tests.web.conftest import PASSWORD, log_in, make_app

    secret = secret_file(tmp_path, "passphrase", PASSPHRASE)
    settings = replace(pg_settings, passphrase_file=secret)
    store = open_store(settings)
    try:
        field_sealing.create_field_key(store, PASSPHRASE, recovery=False)
        loading.load_dataset(store, dataset(tmp_path))
        for role in ("viewer", "editor"):
            accounts.add_user(store, role, role=role, password=PASSWORD)
        # the web server opens the store afresh: the key is unwrapped when an editor reads
        served = open_store(settings)
        editor = log_in(TestClient(make_app(served)), "editor")
        viewer = log_in(TestClient(make_app(served)), "viewer")
        page = editor.get("/people/w-7f3a")
        assert page.status_code == 200 and "Saule Zhexenbayeva" in page.text
        assert "docket-sealed" not in page.text
        listing = editor.get("/sources").text
        assert "Interview with the defence lawyer (fictional)" in listing
        assert viewer.get("/people/w-7f3a").status_code == 404
        for client in (viewer, TestClient(make_app(served, public=True))):
            for path in ("/people", "/sources", "/events/ev-w-detained"):
                body = client.get(path).text
                assert "Saule" not in body and "defence lawyer" not in body, path
        served.close()
    finally:
        store.close()


IMPORTED_CSV = """name,status,status date
Gulnar Baizhanova-Witness,detained,2021-05-05
"""
IMPORT_MAP = """
columns: {name: name, status: status, status date: status_date}
defaults: {sensitivity: restricted}
"""


def test_imports_and_web_edits_seal_too_and_a_record_made_less_strict_is_opened(
    pg_settings: Settings, tmp_path: Path
) -> None:
    """Every way a record is written seals what is restricted: a spreadsheet import of
    restricted people, and an edit adding a restricted person (its history entry included);
    an edit that lowers a record's level leaves its values readable to its new audience; a
    merge that would move sealed names is refused."""
    from docket.domain.sensitivity import Audience
    from docket.interchange.mapping import parse_mapping
    from docket.services import editing, exporting, field_sealing, importing, loading
    from docket.services.store import open_store

    secret = secret_file(tmp_path, "passphrase", PASSPHRASE)
    store = open_store(replace(pg_settings, passphrase_file=secret))
    try:
        field_sealing.create_field_key(store, PASSPHRASE, recovery=False)
        loading.load_dataset(store, dataset(tmp_path))
        table = tmp_path / "list.csv"
        table.write_text(IMPORTED_CSV, "utf-8")
        mapping = parse_mapping(IMPORT_MAP, "mapping.yaml", store.vocab)
        report = importing.import_table(
            store, table, mapping, mapping_label="mapping.yaml", dry_run=False
        )
        assert report.ok, report.problems
        added = {"id": "w-2c9d", "name": "Marzhan Tulegenova-Hidden", "sex": "female"}
        added |= {"summary": "Hid the lawyer's files at her flat.", "sensitivity": "restricted"}
        editing.save(store, "person", added, actor="editor")
        new_secrets = {
            "Gulnar Baizhanova-Witness",
            "Marzhan Tulegenova-Hidden",
            "Hid the lawyer's files at her flat.",
        }
        assert found_in(pg_dump_text(pg_settings), new_secrets) == set()

        editing.save(store, "person", {"sensitivity": "internal"}, actor="e", record_id="w-7f3a")
        viewer = exporting.export_records(
            store, public=False, as_of=date(2030, 1, 1), audience=Audience.viewer
        )
        witness = next(p for p in viewer.people if p.id == "w-7f3a")
        assert witness.name == "Saule Zhexenbayeva"
        assert witness.summary == "Saw the arrest from her window and spoke to the monitors."
        dump = pg_dump_text(pg_settings)
        assert b"Saule Zhexenbayeva" in dump and found_in(dump, new_secrets) == set()
        # a sealed name is bound to its person: merging it into another is refused
        with pytest.raises(Conflict, match="cannot merge sealed records"):
            editing.merge_people(store, keep="dana-sarsenova", merge="w-2c9d", actor="e")
    finally:
        store.close()
    assert cli(pg_settings, None, "verify")[0] == 0


def test_no_silent_plaintext_on_postgresql(pg_settings: Settings, tmp_path: Path) -> None:
    """`init --encrypted` does not pretend to seal records already written in plain, and a
    store that must be encrypted (DOCKET_ENCRYPTED=1) is not opened when it seals nothing."""
    secret = secret_file(tmp_path, "passphrase", PASSPHRASE)
    assert cli(pg_settings, None, "load", str(dataset(tmp_path)))[0] == 0
    code, output = cli(pg_settings, secret, "init", "--encrypted")
    assert code != 0 and "does not seal them in place" in output
    runner_env = {"DOCKET_ENCRYPTED": "1", "DOCKET_DATABASE_URL": pg_settings.database_url}
    result = runner.invoke(app, ["export", "json"], env={**runner_env, "COLUMNS": "200"})
    assert result.exit_code != 0 and "does not seal restricted fields" in result.output
    assert "Saule" not in result.output
