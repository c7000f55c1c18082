"""What sealing restricted fields costs on PostgreSQL: sealing and opening values, and a load.

    DOCKET_TEST_POSTGRES_URL=postgresql://... python -m bench.field_sealing [--people 5000]
        [--events 50000] [--restricted 0.1] [--out bench/out/field_sealing]

Generates a fictional dataset (bench/generate.py); marks a share of its people restricted as a
whole (with their events: the values then sealed are names, occupations, regions, summaries,
places and descriptions); times sealing every such value and opening them all again (what an
editor's export does), then loads the dataset into a PostgreSQL store that seals nothing and
into one made with `init --encrypted`, and prints the seconds and ratios. Other work on the
machine changes the figures: say the load average with them.
"""

from __future__ import annotations

import argparse
import os
import random
import time
import uuid
from pathlib import Path

import orjson
from sqlalchemy import create_engine, text

from bench.generate import generate
from docket.config import Settings
from docket.domain.redaction import settle_levels
from docket.interchange.dataset_files import read_dataset
from docket.services import field_sealing, loading
from docket.services.store import open_store
from docket.storage.field_cipher import FieldCipher
from docket.storage.keys import Argon2Params, new_data_key
from docket.storage.sealed_records import open_tree, seal_dataset, sealed_fields

PASSPHRASE = "bench-passphrase-not-secret"


def _schema(url: str) -> tuple[Settings, str]:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    sep = "&" if "?" in url else "?"
    return Settings(
        database_url=f"{url}{sep}options=-csearch_path%3D{schema}", data_dir=Path(".")
    ), schema


def _drop(url: str, schema: str) -> None:
    admin = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def _load(url: str, dataset: Path, *, sealed: bool) -> float:
    settings, schema = _schema(url)
    try:
        store = open_store(settings)
        if sealed:  # cheap Argon2id: the load is measured, not the key derivation
            field_sealing.create_field_key(
                store, PASSPHRASE, recovery=False, params=Argon2Params(1, 8 * 1024, 1)
            )
        started = time.perf_counter()
        loading.load_dataset(store, dataset)
        seconds = time.perf_counter() - started
        store.close()
        return seconds
    finally:
        _drop(url, schema)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _restrict(folder: Path, share: float) -> set[str]:
    """Mark a share of the people restricted, and every event naming one of them."""
    rng = random.Random(6)
    hidden: set[str] = set()
    for name in ("people.jsonl", "events.jsonl"):
        path = folder / name
        lines = []
        for line in path.read_text("utf-8").splitlines():
            record = orjson.loads(line)
            if name == "people.jsonl" and rng.random() < share:
                hidden.add(record["id"])
            if record["id"] in hidden or (
                name == "events.jsonl" and hidden & set(_strings(record))
            ):
                record["sensitivity"] = "restricted"
            lines.append(orjson.dumps(record).decode())
        path.write_text("\n".join(lines) + "\n", "utf-8")
    return hidden


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--events", type=int, default=50000)
    parser.add_argument("--restricted", type=float, default=0.1)
    parser.add_argument("--out", type=Path, default=Path("bench/out/field_sealing"))
    args = parser.parse_args()
    url = os.environ.get("DOCKET_TEST_POSTGRES_URL")
    folder = args.out / "dataset"
    counts = generate(folder, people=args.people, events=args.events)
    print(f"dataset: {counts}")

    hidden = _restrict(folder, args.restricted)
    ds = settle_levels(read_dataset(folder))
    records = [r for attr in ("people", "events", "sources") for r in getattr(ds, attr)]
    fields = sum(len(sealed_fields(r)) for r in records)
    cipher = FieldCipher(new_data_key())
    started = time.perf_counter()
    sealed = seal_dataset(ds, cipher)
    sealing = time.perf_counter() - started
    started = time.perf_counter()
    open_tree(sealed, cipher)
    opening = time.perf_counter() - started
    print(f"restricted people: {len(hidden)}; sealed fields: {fields:,}")
    print(f"seal all: {sealing:.2f} s; open all (an editor's export): {opening:.2f} s")
    if not url:
        print("DOCKET_TEST_POSTGRES_URL is not set: no load measured")
        return
    plain = _load(url, folder, sealed=False)
    with_key = _load(url, folder, sealed=True)
    print(
        f"load into PostgreSQL: plain {plain:.1f} s, sealing store {with_key:.1f} s, "
        f"ratio {with_key / plain:.2f}"
    )
    print(f"load average: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
