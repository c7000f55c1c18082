"""Sanctions dossiers from the fictional dataset: content, FollowTheMoney export, sensitivity."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import orjson
import pytest
from followthemoney import model

from docket.errors import NotFound
from docket.services.dossier import DossierRequest, write_dossier, write_recommended
from docket.services.store import Store
from tests.reports.conftest import GENERATED, pdf_text

REQUEST = DossierRequest(date(2021, 11, 1), generated_at=GENERATED)


def test_markdown_dossier_of_the_judge(fictional: Store, tmp_path: Path) -> None:
    path = tmp_path / "judge.md"
    write_dossier(fictional, "Sergei Ivanchenko", REQUEST, fmt="md", path=path)
    text = path.read_text("utf-8")
    assert text.startswith("# Sanctions dossier: Sergei Ivanchenko")
    assert "version Docket 0.1.0+" in text
    assert "| Sergei Ivanchenko | primary | latin |" in text
    assert "- Judge, Almaly District Court (in the post on 15 September 2021)" in text
    assert "### 1. 15 September 2021 — verdict: Aigerim Nurlanova" in text
    assert "Case against Aigerim Nurlanova, case No. 2021-0042" in text
    assert "perpetrator (judge), decided" in text
    assert "2 independent source(s)" in text
    assert "recommended for sanctions by Free Voices Monitor, 20 October 2021" in text
    assert "Art. 2(1)(c)(v): arbitrary arrests or detentions" in text
    assert "Art. 3(1)(a): responsible for (deciding)" in text
    assert "1(a)(ii)(A): responsible for" in text
    assert "<https://steppe-news.example/2021/09/15/sentenced>" in text


def test_ftm_entities_are_valid_and_keep_every_value(fictional: Store, tmp_path: Path) -> None:
    path = tmp_path / "judge.json"
    write_dossier(fictional, "judge-ivanchenko", REQUEST, fmt="json", path=path)
    lines = path.read_bytes().splitlines()
    entities = [orjson.loads(line) for line in lines]
    by_schema: dict[str, list[dict[str, object]]] = {}
    for data in entities:
        raw = model.get_proxy(data, cleaned=False)
        assert raw.schema.validate(data) is None, data
        clean = model.get_proxy(data)
        assert clean.to_dict()["properties"] == data["properties"], "FtM dropped a value"
        by_schema.setdefault(data["schema"], []).append(data)
    assert set(by_schema) >= {"Person", "Position", "Occupancy", "Risk", "PublicBody", "Event"}
    person = by_schema["Person"][0]
    props = person["properties"]
    assert isinstance(props, dict) and props["name"] == ["Sergei Ivanchenko"]
    risk = by_schema["Risk"][0]["properties"]
    assert isinstance(risk, dict)
    assert risk["entity"] == [person["id"]]
    assert risk["program"] == ["eu-ghrsr"]
    assert risk["authority"] == ["Free Voices Monitor"] and risk["listingDate"] == ["2021-10-20"]
    occupancy = by_schema["Occupancy"][0]["properties"]
    assert isinstance(occupancy, dict) and occupancy["holder"] == [person["id"]]
    assert occupancy["date"] == ["2021-09-15"]
    # the same dossier gives the same bytes
    again = tmp_path / "again.json"
    write_dossier(fictional, "judge-ivanchenko", REQUEST, fmt="json", path=again)
    assert again.read_bytes() == path.read_bytes()


def test_every_spelling_of_a_name_goes_into_ftm(fictional: Store, tmp_path: Path) -> None:
    path = tmp_path / "an.json"
    write_dossier(fictional, "aigerim-nurlanova", REQUEST, fmt="json", path=path)
    person = next(
        e for e in map(orjson.loads, path.read_bytes().splitlines()) if e["schema"] == "Person"
    )
    assert person["properties"]["name"] == ["Aigerim Nurlanova"]
    assert set(person["properties"]["alias"]) == {"Айгерим Нурланова", "Aygerim Nurlanova"}
    assert person["properties"]["birthDate"] == ["1990-04-12"]


def test_recommended_officials_each_get_a_dossier(fictional: Store, tmp_path: Path) -> None:
    files = write_recommended(fictional, REQUEST, fmt="pdf", folder=tmp_path / "out")
    assert [f.name for f in files] == ["judge-ivanchenko.pdf"]
    text = " ".join(pdf_text(files[0]).split())
    assert "Sanctions dossier: Sergei Ivanchenko" in text
    assert re.search(r"\b2 ?/ ?2\b", text), "no page numbers"
    early = DossierRequest(date(2021, 10, 1), generated_at=GENERATED)
    assert write_recommended(fictional, early, fmt="md", folder=tmp_path / "early") == []


def test_public_dossiers_leave_out_what_is_not_public(fictional: Store, tmp_path: Path) -> None:
    public = DossierRequest(date(2021, 11, 1), public_only=True, generated_at=GENERATED)
    with pytest.raises(NotFound, match="only records marked public"):
        write_dossier(fictional, "zhanna-omarova", public, fmt="md", path=tmp_path / "z.md")
    path = tmp_path / "an.md"
    write_dossier(fictional, "aigerim-nurlanova", REQUEST, fmt="md", path=path)
    assert "Interview with the defence lawyer" not in path.read_text("utf-8")
