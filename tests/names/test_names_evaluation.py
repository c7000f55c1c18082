"""The labelled pairs in pairs.csv: well-formed, and matched well enough.

A wrong merge is worse than a missed one: precision must stay at 0.98 or more, F1 at 0.97 or
more, computed here at docket.names.THRESHOLD. bench/names_quality.py prints the same figures
next to nomenklatura's and rapidfuzz's.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from docket.names import THRESHOLD, compare_names

PAIRS = Path(__file__).with_name("pairs.csv")


def read_pairs() -> list[dict[str, str]]:
    with PAIRS.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_pairs_file_is_well_formed() -> None:
    rows = read_pairs()
    assert len(rows) >= 300
    assert set(rows[0]) == {"name_a", "name_b", "same", "note"}
    assert all(r["same"] in {"0", "1"} and r["name_a"] and r["name_b"] for r in rows)
    assert all(r["note"] for r in rows)
    pairs = [frozenset((r["name_a"], r["name_b"])) for r in rows]
    assert len(pairs) == len(set(pairs)), "a pair is listed twice"


def test_pairs_cover_scripts_and_hard_negatives() -> None:
    rows = read_pairs()
    negatives = [r for r in rows if r["same"] == "0"]
    assert len(negatives) >= 120
    notes = " ".join(r["note"] for r in negatives)
    for kind in ("relatives", "brothers", "-ov/-ova", "-uly/-kyzy", "same given name", "similar"):
        assert kind in notes, kind
    cyrillic = [r for r in rows if any("а" <= c <= "я" or c in "әғқңөұүһі" for c in r["name_a"])]
    assert len(cyrillic) >= 50
    assert sum(1 for r in rows if r["note"].startswith("seed")) >= 100


@pytest.fixture(scope="module")
def figures() -> dict[str, float]:
    tp = fp = fn = 0
    for row in read_pairs():
        match = compare_names([row["name_a"]], [row["name_b"]]).match
        same = row["same"] == "1"
        tp += match and same
        fp += match and not same
        fn += same and not match
    precision = tp / (tp + fp)
    recall = tp / (tp + fn)
    return {
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall),
    }


def test_precision_on_the_labelled_pairs(figures: dict[str, float]) -> None:
    assert figures["precision"] >= 0.98, figures


def test_f1_on_the_labelled_pairs(figures: dict[str, float]) -> None:
    assert figures["f1"] >= 0.97, figures


def test_threshold_is_the_published_one() -> None:
    assert THRESHOLD == 0.8
