"""What encryption at rest and backups cost: load, backup and restore, plaintext vs SQLCipher.

    python -m bench.encryption [--people 5000] [--events 50000] [--out bench/out/encryption]

Generates a fictional dataset (bench/generate.py), loads it into a plaintext and an encrypted
store, backs each up and restores it, and prints the seconds each step took and the ratios.
Other work on the machine changes the figures: say the load average with them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import time
from pathlib import Path

from bench.generate import generate
from docket.config import Settings
from docket.services import loading, store_keys
from docket.services.backup import create_backup, restore_backup
from docket.services.store import open_store

PASSPHRASE = "bench-passphrase-not-secret"


def _run(folder: Path, dataset: Path, *, encrypted: bool) -> dict[str, float]:
    db = folder / "docket.sqlite"
    settings = Settings(database_url=f"sqlite:///{db}", data_dir=folder)
    data_key = None
    started = time.perf_counter()
    if encrypted:
        data_key = store_keys.create_key(settings, PASSPHRASE, recovery=False).data_key
    store = open_store(settings, data_key=data_key)
    opened = time.perf_counter() - started
    started = time.perf_counter()
    loading.load_dataset(store, dataset)
    loaded = time.perf_counter() - started
    store.close()
    backup = folder / "store.docket-backup"
    started = time.perf_counter()
    create_backup(settings, backup, PASSPHRASE, data_key=data_key)
    backed_up = time.perf_counter() - started
    target = Settings(
        database_url=f"sqlite:///{folder / 'restored' / 'docket.sqlite'}", data_dir=folder
    )
    started = time.perf_counter()
    restore_backup(target, backup, PASSPHRASE)
    restored = time.perf_counter() - started
    return {
        "create (incl. Argon2id)" if encrypted else "create": opened,
        "load": loaded,
        "backup": backed_up,
        "restore (incl. verify)": restored,
        "MB": db.stat().st_size / 1e6,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--events", type=int, default=50000)
    parser.add_argument("--out", type=Path, default=Path("bench/out/encryption"))
    args = parser.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    dataset = args.out / "dataset"
    generate(dataset, people=args.people, events=args.events, seed=2021)
    print(f"load average {os.getloadavg()[0]:.2f}; {args.people} people, {args.events} events")
    plain = _run(args.out / "plain", dataset, encrypted=False)
    sealed = _run(args.out / "encrypted", dataset, encrypted=True)
    for (name, p), s in zip(plain.items(), sealed.values(), strict=True):
        unit = "" if name == "MB" else " s"
        ratio = s / p if p else float("nan")
        print(f"{name:<24} plaintext {p:8.2f}{unit}  encrypted {s:8.2f}{unit}  x{ratio:.2f}")
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
