"""Fictional deployments, disruptions and laws beside the fictional dataset (a private copy a
test may break), and stores holding them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from docket.services import loading
from docket.services.store import Store

SECRET = "SENTINEL-RESTRICTED-SYSTEM"  # never in an output for a viewer or the public
INTERNAL = "Internal interception (fictional)"

DEPLOYMENTS = [
    {
        "id": "dep-cameras",
        "system": "Steppe City cameras (fictional)",
        "status": "in_use",
        "capabilities": ["facial_recognition", "video_surveillance"],
        "vendors": [{"name": "Fictional Vision Ltd", "country": "cn", "role": "vendor"}],
        "operators": [
            {"organisation": "free-voices", "role": "buyer"},
            {"name": "Almaly city administration (fictional)", "country": "KZ"},
        ],
        "place": "Almaly",
        "jurisdiction": "KZ",
        "since": "2020-05",
        "scale": {"wording": "some 300 cameras (fictional)", "value": 300, "unit": "cameras",
                  "qualifier": "about"},
        "agreements": [
            {"kind": "contract", "title": "Camera contract (fictional)", "date": "2020-03-01",
             "amount": "up to $1 mln", "parties": [{"organisation": "free-voices"}],
             "sources": [{"source": "src-report", "at": "p. 3"}]},
            {"kind": "loan", "title": "Loan behind a restricted source (fictional)",
             "sources": ["src-lawyer"]},
        ],
        "sources": [{"source": "src-report", "at": "p. 2"}],
        "sensitivity": "public",
        "levels": {"place": "restricted"},  # a mark: the place is for editors only
    },
    {
        "id": "dep-internal",
        "system": INTERNAL,
        "capabilities": ["interception"],
        "vendors": [{"name": "Fictional Telecom Systems", "country": "RU"}],
        "since": "../2021-06-01",
        "sources": ["src-news"],
        "sensitivity": "internal",
    },
    {
        "id": "dep-secret",
        "system": SECRET,
        "capabilities": ["data_aggregation"],
        "sources": ["src-report"],
        "sensitivity": "restricted",
    },
]  # fmt: skip

LAWS = """\
- id: law-media
  title: Fictional media law
  title_ru: Вымышленный закон о СМИ
  kind: bill
  jurisdiction: KZ
  amends: the fictional law on information
  stages:
    - {stage: first_reading, date: 2021-09-15, body: almaly-court, sources: [src-report]}
    - {stage: draft, date: 2021-01-10, sources: [{source: src-news, at: para. 1}]}
    - {stage: signature, date: 2022-03-01, sources: [src-lawyer]}
  rights: [freedom_of_expression, access_to_information]
  uses:
    - {case: case-nurlanova, note: applied in the verdict, sources: [src-news]}
  sources: [src-report]
  sensitivity: public
"""

DISRUPTIONS = """\
- id: shutdown-fictional
  kind: shutdown
  date: 2021-01
  scope: nationwide
  jurisdiction: KZ
  description: A fictional nationwide shutdown.
  sources: [src-report]
  sensitivity: public
"""


def write_files(directory: Path) -> None:
    lines = b"".join(orjson.dumps(d) + b"\n" for d in DEPLOYMENTS)
    (directory / "deployments.jsonl").write_bytes(lines)
    (directory / "laws.yaml").write_text(LAWS, "utf-8")
    (directory / "disruptions.yaml").write_text(DISRUPTIONS, "utf-8")


@pytest.fixture
def dataset(fictional_copy: Path) -> Path:
    write_files(fictional_copy)
    return fictional_copy


@pytest.fixture
def loaded(store: Store, dataset: Path) -> Iterator[Store]:
    loading.load_dataset(store, dataset)
    yield store
