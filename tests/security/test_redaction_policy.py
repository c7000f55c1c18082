"""The redaction layer's allow-list: every field classified, new fields withheld, marks read and
written in the dataset format with clear errors, kept in the store, and the fictional fixture's
restricted fields withheld from the viewer and the public."""

from __future__ import annotations

import dataclasses
import io
import shutil
from datetime import date
from pathlib import Path

import orjson
import pytest

from docket.domain.case import Case
from docket.domain.claim import Claim
from docket.domain.event import Event, Party
from docket.domain.organisation import Occupancy, Organisation, Position
from docket.domain.person import Person
from docket.domain.recognition import Recognition, SanctionRecommendation
from docket.domain.redaction import POLICY, redact, unclassified
from docket.domain.sensitivity import Audience, stricter
from docket.domain.source import Source
from docket.errors import ValidationFailed
from docket.interchange.dataset_files import read_dataset
from docket.services import editing, exporting, people, redacting, stats
from docket.services.loading import load_dataset
from docket.services.store import Store
from tests.conftest import DEMO, FICTIONAL

RECORD_TYPES = (
    Source, Organisation, Person, Position, Occupancy, Case, Event, Recognition,
    SanctionRecommendation, Claim,
)  # fmt: skip


def _dataclasses_reachable() -> set[type]:
    """Every dataclass a record holds, however deep: each needs a table of its own."""
    seen: set[type] = set()
    todo = list(RECORD_TYPES)
    while todo:
        kind = todo.pop()
        if kind in seen:
            continue
        seen.add(kind)
        for f in dataclasses.fields(kind):
            hint = str(f.type)
            for other in POLICY:
                if other.__name__ in hint.replace("|", " ").replace("[", " ").split():
                    todo.append(other)
    return seen


def test_every_field_of_every_record_type_is_classified() -> None:
    # Fails when someone adds a field without deciding who may read it.
    missing = {k.__name__: unclassified(k) for k in _dataclasses_reachable() if unclassified(k)}
    assert missing == {}
    assert set(RECORD_TYPES) <= set(POLICY)


def test_a_field_added_to_a_record_type_is_withheld_until_classified() -> None:
    person_type = dataclasses.make_dataclass(
        "PersonWithPhone",
        [("phone", str, dataclasses.field(default=""))],
        bases=(Person,),
        frozen=True,
        slots=True,
    )
    person = person_type(  # type: ignore[call-arg]
        id="p1", names=(), sensitivity="public", phone="+7 700 SENTINEL"
    )
    assert unclassified(person_type) == ["phone"]
    for audience in Audience:
        shown = redact(person, audience)
        assert shown is not None and shown.phone == ""  # type: ignore[attr-defined]
        assert "SENTINEL" not in repr(shown)


def test_levels_combine_record_mark_and_floor() -> None:
    source = Source(
        "s1", "report", "Title", notes="NOTE", sensitivity="public", levels=(("url", "restricted"),)
    )
    source = dataclasses.replace(source, url="https://example.org/secret")
    public, viewer, editor = (redact(source, a) for a in Audience)
    assert public and viewer and editor
    assert public.notes is None and public.url is None  # notes are never public
    assert viewer.notes == "NOTE" and viewer.url is None
    assert editor.url == "https://example.org/secret" and editor.levels == source.levels
    assert public.levels == () and viewer.levels == ()  # marks of withheld fields do not leave
    # a mark never makes a field more public than its record
    internal = dataclasses.replace(source, sensitivity="internal", levels=(("title", "public"),))
    assert redact(internal, Audience.public) is None
    assert stricter("public", "bogus") == "restricted"


def test_a_restricted_party_leaves_its_event_and_a_withheld_name_its_person() -> None:
    event = Event(
        "e1",
        "verdict",
        read_dataset(FICTIONAL).events[0].date,
        (Party("victim", "p1"), Party("witness", "p2", sensitivity="restricted")),
        (),
        sensitivity="public",
    )
    assert [p.role for p in redact(event, Audience.viewer).parties] == ["victim"]  # type: ignore[union-attr]
    assert len(redact(event, Audience.editor).parties) == 2  # type: ignore[union-attr]
    person = Person("p1", (), sensitivity="public", levels=(("names", "restricted"),))
    assert redact(person, Audience.viewer) is None
    assert redact(person, Audience.editor) is not None


def test_marks_read_and_written_in_the_dataset_format() -> None:
    ds = read_dataset(FICTIONAL)
    people = {p.id: p for p in ds.people}
    assert people["bolat-sarsenov"].levels == (("relations", "restricted"),)
    assert people["aigerim-nurlanova"].levels == (("birth_place", "internal"),)
    verdict = next(e for e in ds.events if e.id == "ev-an-verdict")
    assert [p.sensitivity for p in verdict.parties if p.role == "witness"] == ["restricted"]
    from docket.interchange.record_dicts import event_dict, person_dict

    assert person_dict(people["bolat-sarsenov"])["levels"] == {"relations": "restricted"}
    written = event_dict(verdict)["parties"]
    assert {"person": "zhanna-omarova", "role": "witness", "sensitivity": "restricted"} in written
    # the demo is all published: no mark stricter than public anywhere but its own records
    demo = read_dataset(DEMO)
    assert {p.sensitivity for p in demo.people} == {"public"}
    assert all(not p.levels for p in demo.people)


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        (
            "  levels: {relations: restricted}",
            "  levels: {relations: secret}",
            "levels.relations",
            "'secret' is not a level",
        ),
        (
            "  levels: {relations: restricted}",
            "  levels: {shoe_size: restricted}",
            "levels.shoe_size",
            "cannot carry a level",
        ),
        (
            "  levels: {relations: restricted}",
            "  levels: [relations]",
            "levels",
            "must be a mapping",
        ),
    ],
)
def test_a_bad_level_names_file_line_record_and_field(
    tmp_path: Path, old: str, new: str, field: str, message: str
) -> None:
    folder = tmp_path / "bad"
    shutil.copytree(FICTIONAL, folder)
    path = folder / "people.yaml"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")
    with pytest.raises(ValidationFailed) as caught:
        read_dataset(folder)
    problems = [p for p in caught.value.problems if p.field == field]
    assert problems, caught.value.problems
    problem = problems[0]
    assert problem.file and problem.file.endswith("people.yaml")
    assert problem.line is not None and problem.record == "bolat-sarsenov"
    assert message in problem.message


def test_a_bad_party_level_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    shutil.copytree(FICTIONAL, folder)
    path = folder / "events.yaml"
    text = path.read_text("utf-8")
    path.write_text(
        text.replace("role: witness, sensitivity: restricted", "role: witness, sensitivity: hush"),
        "utf-8",
    )
    with pytest.raises(ValidationFailed) as caught:
        read_dataset(folder)
    found = [p for p in caught.value.problems if p.field == "parties.sensitivity"]
    assert (
        found and found[0].record == "ev-an-verdict" and "'hush' is not a level" in found[0].message
    )


def _export(store: Store, audience: Audience, fmt: str = "json") -> bytes:
    out = io.BytesIO()
    exporting.export(
        store,
        fmt,
        out,
        public=audience is Audience.public,
        as_of=date(2030, 1, 1),
        audience=audience,
    )
    return out.getvalue()


def test_the_fixture_restricted_fields_stay_in_the_store_and_reach_only_editors(
    store: Store,
) -> None:
    load_dataset(store, FICTIONAL)
    editor = orjson.loads(_export(store, Audience.editor))
    events = {e["id"]: e for e in editor["events"]}
    people = {p["id"]: p for p in editor["people"]}
    sources = {s["id"]: s for s in editor["sources"]}
    # the store keeps every mark: the editor's export reads back what the files say
    assert people["bolat-sarsenov"]["levels"] == {"relations": "restricted"}
    assert [r["person"] for r in people["bolat-sarsenov"]["relations"]] == ["dana-sarsenova"]
    assert events["ev-an-remand"]["levels"] == {"description": "restricted"}
    assert {"person": "zhanna-omarova", "role": "witness", "sensitivity": "restricted"} in events[
        "ev-an-verdict"
    ]["parties"]
    assert "Reporter reachable" in sources["src-news"]["notes"]
    for audience in (Audience.viewer, Audience.public):
        data = _export(store, audience)
        for secret in (b"asthma", b"Reporter reachable"):
            assert secret not in data, (audience, secret)
        shown = orjson.loads(data)
        bolat = next(p for p in shown["people"] if p["id"] == "bolat-sarsenov")
        assert "relations" not in bolat and "levels" not in bolat
        assert not any(
            p.get("role") == "witness" for e in shown["events"] for p in e.get("parties", [])
        )
    viewer = orjson.loads(_export(store, Audience.viewer))
    nurlanova = next(p for p in viewer["people"] if p["id"] == "aigerim-nurlanova")
    assert nurlanova["birth_place"] == "Almaty"  # internal: a viewer reads it
    public = orjson.loads(_export(store, Audience.public))
    nurlanova = next(p for p in public["people"] if p["id"] == "aigerim-nurlanova")
    assert "birth_place" not in nurlanova and nurlanova["born"] == "1990-04-12"


def test_the_history_of_a_record_hides_marked_values_from_a_viewer(store: Store) -> None:
    from docket.services import browsing, editing

    load_dataset(store, FICTIONAL)
    editing.save(
        store, "person", {"summary": "Sentenced twice (fictional)."}, actor="editor",
        record_id="bolat-sarsenov",
    )  # fmt: skip

    def history(audience: Audience) -> list[object]:
        page = browsing.person_page(
            store,
            "bolat-sarsenov",
            as_of=date(2030, 1, 1),
            visible=audience.sensitivities,
            with_history=True,
        )
        assert page.history
        return [side for h in page.history for side in (h.before, h.after) if side]

    assert any("relations" in side for side in history(Audience.editor))  # type: ignore[operator]
    viewer = history(Audience.viewer)
    assert viewer and not any("relations" in side for side in viewer)  # type: ignore[operator]
    assert "dana-sarsenova" not in repr(viewer)


def test_the_cli_reads_as_a_viewer_unless_told_otherwise(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from docket.cli.app import app

    db = tmp_path / "cli.sqlite"

    def run(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(app, ["--db", str(db), *args])
        return result.exit_code, result.output

    assert run("load", str(FICTIONAL))[0] == 0
    code, output = run("show", "bolat-sarsenov", "--json")
    assert code == 0 and orjson.loads(output)["relations"] == []  # restricted: a viewer's view
    code, output = run("show", "bolat-sarsenov", "--json", "--audience", "editor")
    assert code == 0 and "dana-sarsenova" in output
    code, output = run("show", "aigerim-nurlanova", "--json")
    assert code == 0 and "asthma" not in output and "zhanna-omarova" not in output
    code, output = run("show", "aigerim-nurlanova", "--json", "--audience", "admin")
    assert code == 0 and "asthma" in output and "zhanna-omarova" in output
    assert run("show", "Zhanna Omarova", "--audience", "public")[0] == 3  # internal: not found
    assert run("show", "Zhanna Omarova", "--audience", "viewer")[0] == 0
    code, output = run("people", "list", "--json", "--audience", "bogus")
    assert code == 2 and "not an audience" in output
    code, output = run("export", "json", "--as-of", "2030-01-01")
    assert code == 0 and "Reporter reachable" not in output and "asthma" not in output
    assert "Almaty" in output  # internal: a viewer's export holds it
    code, output = run("export", "json", "--as-of", "2030-01-01", "--public")
    assert code == 0 and "Almaty" not in output and "Aigerim Nurlanova" in output
    code, output = run("export", "json", "--as-of", "2030-01-01", "--audience", "editor")
    assert code == 0 and "Reporter reachable" in output and "asthma" in output


def test_figures_count_only_what_the_reader_may_see(store: Store) -> None:
    load_dataset(store, FICTIONAL)
    editing.save(
        store, "person", {"sensitivity": "restricted"}, actor="t", record_id="marat-kairatov"
    )
    day = date(2021, 12, 31)
    result = stats.compute_stats(store, as_of=day)

    def figures(audience: Audience) -> dict[str, tuple[int, list[str]]]:
        shown = redacting.stats_for(store, result, audience)
        return {f.key: (f.value, f.records) for f in shown.figures}

    editor, viewer = figures(Audience.editor), figures(Audience.viewer)
    for key in ("stock.deprived_of_liberty", "cumulative.prosecutions"):
        value, records = editor[key]
        assert value == len(records) and any("marat-kairatov" in r for r in records)
        seen, left = viewer[key]
        assert seen == len(left) == value - 1, key
        assert not any("marat-kairatov" in r for r in left)
    # prosecutions of people the reader may see stay counted
    assert "aigerim-nurlanova/case-nurlanova" in viewer["cumulative.prosecutions"][1]


def test_a_marked_case_number_leaves_no_persons_page(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "fictional"
    shutil.copytree(FICTIONAL, folder)
    cases = folder / "cases.yaml"
    text = cases.read_text("utf-8")
    text = text.replace(
        '  number: "2021-0042"\n', '  number: "2021-0042"\n  levels: {number: restricted}\n'
    )
    cases.write_text(text, "utf-8")
    load_dataset(store, folder)
    record = people.get_person_record(store, "aigerim-nurlanova", as_of=date(2022, 1, 1))
    assert [c.case_number for c in record.cases] == ["2021-0042"]
    editor = redacting.person_record_for(store, record, Audience.editor)
    viewer = redacting.person_record_for(store, record, Audience.viewer)
    assert [c.case_number for c in editor.cases] == ["2021-0042"]
    assert [(c.case_id, c.case_number) for c in viewer.cases] == [("case-nurlanova", None)]
