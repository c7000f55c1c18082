"""An official's posts on their record: shown to every reader who may see the body they
belong to and a source for them; left out, with every trace of a source the reader may not
see, otherwise. (Until 22 November 2026 no post was ever shown: the redaction looked the
bodies up by the wrong id.)"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import orjson
import yaml

from docket.cli.views import person_record_view
from docket.config import Settings
from docket.domain.sensitivity import Audience
from docket.services import redacting
from docket.services.loading import load_dataset
from docket.services.people import get_person_record
from docket.services.store import Store, open_store

JUDGE = "judge-ivanchenko"
AS_OF = date(2021, 12, 31)


def _posts(store: Store, audience: Audience) -> tuple[list[dict[str, object]], bytes]:
    record = get_person_record(store, JUDGE, as_of=AS_OF)
    shown = person_record_view(redacting.person_record_for(store, record, audience))
    return shown["positions"], orjson.dumps(shown)


def _edit(folder: Path, name: str, record_id: str, **changes: object) -> None:
    path = folder / name
    records = yaml.safe_load(path.read_text("utf-8"))
    for record in records:
        if record["id"] == record_id:
            record.update(changes)
    path.write_text(yaml.safe_dump(records, allow_unicode=True), "utf-8")


def _loaded(settings: Settings, folder: Path) -> Store:
    store = open_store(settings)
    load_dataset(store, folder)
    return store


def test_a_judges_post_is_on_their_record(store: Store, fictional_copy: Path) -> None:
    load_dataset(store, fictional_copy)
    for audience in Audience:
        posts, _ = _posts(store, audience)
        assert [(p["title"], p["body"]) for p in posts] == [("Judge", "Almaly District Court")]
        assert [s["source"] for s in posts[0]["sources"]] == ["src-news"]  # type: ignore[attr-defined]


def test_a_post_resting_on_a_restricted_source_is_shown_only_to_editors(
    settings: Settings, fictional_copy: Path
) -> None:
    _edit(fictional_copy, "occupancies.yaml", "ivanchenko-judge", sources=["src-lawyer"])
    store = _loaded(settings, fictional_copy)
    try:
        for audience in (Audience.public, Audience.viewer):
            posts, shown = _posts(store, audience)
            assert posts == []
            assert b"src-lawyer" not in shown
        posts, _ = _posts(store, Audience.editor)
        assert [s["source"] for s in posts[0]["sources"]] == ["src-lawyer"]  # type: ignore[attr-defined]
    finally:
        store.close()


def test_a_post_in_a_withheld_body_is_left_out(settings: Settings, fictional_copy: Path) -> None:
    _edit(fictional_copy, "organisations.yaml", "almaly-court", sensitivity="internal")
    store = _loaded(settings, fictional_copy)
    try:
        posts, shown = _posts(store, Audience.public)
        assert posts == [] and b"Almaly District Court" not in shown
        posts, _ = _posts(store, Audience.viewer)
        assert [p["body"] for p in posts] == ["Almaly District Court"]
    finally:
        store.close()
