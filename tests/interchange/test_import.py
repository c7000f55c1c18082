"""Importing spreadsheets into a real store (SQLite and PostgreSQL): links, review, provenance,
all or nothing, and nothing new the second time."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from docket.errors import ValidationFailed
from docket.interchange.mapping import parse_mapping
from docket.services import importing
from docket.services.import_report import ImportReport
from docket.services.loading import load_dataset
from docket.services.people import get_person_record, list_people
from docket.services.store import Store
from docket.storage.dataset_store import count_rows
from docket.storage.review_tables import DuplicateCandidateRow
from docket.storage.tables import CitationRow, EventRow, PersonRow, SourceRow
from tests.conftest import FICTIONAL
from tests.interchange.conftest import CORPUS, MAPPING


def run(store: Store, path: Path, mapping_text: str, *, dry_run: bool = False) -> ImportReport:
    mapping = parse_mapping(mapping_text, "mapping.yaml", store.vocab)
    return importing.import_table(
        store, path, mapping, mapping_label="mapping.yaml", dry_run=dry_run
    )


def state(store: Store) -> dict[str, object]:
    with store.read() as conn:
        found: dict[str, object] = dict(count_rows(conn))
        found["citations"] = sorted(
            (r.record_type, r.record_id, r.source_id, r.locator or "")
            for r in conn.execute(select(CitationRow))
        )
        found["pairs"] = sorted(
            (r.person_a, r.person_b) for r in conn.execute(select(DuplicateCandidateRow))
        )
    return found


@pytest.fixture
def fictional(store: Store) -> Store:
    load_dataset(store, FICTIONAL)
    return store


MATCHING_CSV = """name,born,status,status date,key
Aigerim Nurlanova,1995,detained,2021-02-01,
Sergei Ivanchenko,,,,
Dana Sarsenova,,pre-trial,2021-09-01,
Дана Сарсенова,,released,2021-11-02,
Bolat Sarsenova,,,,
Новый Человеков,,detained,2021-05-05,
Novyi Chelovekov,,released,2021-05-20,
Ivan Kluchev,,,,k1
Иван Ключев (again),,detained,2021-07-07,k1
Zhanna Omarovna,,,,
"""
MATCHING_MAP = """
columns: {name: name, born: born, status: status, status date: status_date, key: key}
"""


def test_a_list_in_russian_links_to_known_people_and_records_where_each_fact_came_from(
    fictional: Store,
) -> None:
    mapping = MAPPING.read_text("utf-8")
    report = run(fictional, CORPUS / "people_utf8.csv", mapping)
    assert report.ok, report.problems
    assert report.rows == 3 and report.linked == 1
    assert report.links[0].person_id == "aigerim-nurlanova" and report.links[0].row == 2
    assert dict(report.created) == {
        "sources": 1, "people": 2, "cases": 2, "events": 3,
    }  # fmt: skip
    sid = report.dataset_id
    assert sid == f"import-{report.sha256[:12]}"
    with fictional.read() as conn:
        source = conn.execute(select(SourceRow).where(SourceRow.id == sid)).one()
        assert source.kind == "dataset" and source.title == "Fictional list of political prisoners"
        assert report.sha256 in source.notes and "people_utf8.csv" in source.notes
        remand = conn.execute(
            select(EventRow).where(EventRow.id == f"{sid}-r2-pre-trial-detention")
        ).one()
        assert remand.date == "2021-03-04" and remand.dataset == sid
        cited = conn.execute(
            select(CitationRow.locator).where(CitationRow.record_id == remand.id)
        ).scalar_one()
        assert cited == "row 2"
        query = select(PersonRow.id, PersonRow.name).where(PersonRow.dataset == sid)
        names = {pid: name for pid, name in conn.execute(query)}
    assert names == {f"{sid}-p3": "Нурлан Сапаров", f"{sid}-p4": "Гульмира Ахметова"}
    # the row's remand attaches to the existing person; her record shows it with its source
    record = get_person_record(fictional, "aigerim-nurlanova", as_of=date(2021, 3, 5))
    assert record.status is not None and record.status.status == "pre_trial_detention"
    saparov = get_person_record(fictional, f"{sid}-p3", as_of=date(2021, 10, 27))
    assert saparov.status is not None and saparov.status.basis == "observation"
    assert [c.charges for c in saparov.cases][0][0].article_id == "kz-cc-174"
    held = list_people(fictional, as_of=date(2021, 10, 27), status="imprisoned")
    assert f"{sid}-p3" in {p.person_id for p in held}


def test_importing_the_same_file_twice_creates_nothing_new(fictional: Store) -> None:
    mapping = MAPPING.read_text("utf-8")
    run(fictional, CORPUS / "people_bom_semicolon.csv", mapping)
    before = state(fictional)
    again = run(fictional, CORPUS / "people_bom_semicolon.csv", mapping)
    assert again.unchanged and state(fictional) == before
    # with another mapping the file's import is replaced, never doubled, and its own people
    # are not mistaken for people already in Docket
    changed = run(fictional, CORPUS / "people_bom_semicolon.csv", mapping + "\n# edited\n")
    assert changed.replaces is not None and changed.linked == 1
    assert state(fictional) == before


def test_confident_matches_link_and_uncertain_ones_go_to_review(
    fictional: Store, tmp_path: Path
) -> None:
    path = tmp_path / "matching.csv"
    path.write_text(MATCHING_CSV, "utf-8")
    report = run(fictional, path, MATCHING_MAP)
    assert report.ok, report.problems
    sid = report.dataset_id
    links = {link.row: (link.person_id, link.how) for link in report.links}
    assert links == {
        3: ("judge-ivanchenko", "name"),
        4: ("dana-sarsenova", "name"),
        5: ("dana-sarsenova", "name"),  # the Cyrillic spelling matches too
    }
    review = {(p.row, p.existing): p.reason for p in report.review}
    assert review == {(2, "aigerim-nurlanova"): "the names match but the birth dates differ"}
    with fictional.read() as conn:
        people = set(conn.scalars(select(PersonRow.id).where(PersonRow.dataset == sid)))
        pairs = [
            (r.person_a, r.person_b, r.source, r.status, r.evidence["row"])
            for r in conn.execute(select(DuplicateCandidateRow))
        ]
    # Sarsenova is not Sarsenov (a gendered ending differs), Omarovna is not Omarova
    assert people == {f"{sid}-p{n}" for n in (2, 6, 7, 9, 11)}
    assert pairs == [("aigerim-nurlanova", f"{sid}-p2", sid, "open", 2)]
    # rows 7 and 8 spell one new person in two scripts; rows 9 and 10 share a key
    chelovekov = get_person_record(fictional, f"{sid}-p7", as_of=date(2021, 6, 1))
    assert [e.kind for e in chelovekov.events] == ["detained", "released"]
    kluchev = get_person_record(fictional, f"{sid}-p9", as_of=date(2021, 8, 1))
    assert [e.kind for e in kluchev.events] == ["detained"]
    dana = get_person_record(fictional, "dana-sarsenova", as_of=date(2021, 11, 3))
    assert dana.status is not None and dana.status.status == "at_liberty"


def test_a_dry_run_reports_everything_and_writes_nothing(fictional: Store, tmp_path: Path) -> None:
    path = tmp_path / "matching.csv"
    path.write_text(MATCHING_CSV, "utf-8")
    before = state(fictional)
    dry = run(fictional, path, MATCHING_MAP, dry_run=True)
    assert state(fictional) == before
    real = run(fictional, path, MATCHING_MAP)
    assert (dry.created, dry.linked, dry.to_review) == (real.created, real.linked, real.to_review)
    assert any("Dana Sarsenova (dana-sarsenova) gains" in line for line in dry.changed)


def test_one_bad_row_and_nothing_is_written(fictional: Store, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    rows = ["name,born,status,status date"]
    rows += [f"Person Number{n}ov,1980,detained,2021-01-01" for n in range(2500)]
    rows.insert(2400, "Broken Rowov,31.02.1990,на Луне,2021-01-01")
    path.write_text("\n".join(rows) + "\n", "utf-8")
    mapping = "columns: {name: name, born: born, status: status, status date: status_date}"
    before = state(fictional)
    with pytest.raises(ValidationFailed) as caught:
        run(fictional, path, mapping)
    assert state(fictional) == before
    message = str(caught.value)
    assert "bad.csv, row 2401, column 'born': '31.02.1990': February 1990 has 28 days" in message
    assert "bad.csv, row 2401, column 'status': 'на Луне' is not a word Docket knows" in message
    dry = run(fictional, path, mapping, dry_run=True)
    assert dry.problem_count == 2 and dry.rows == 2501


@pytest.mark.parametrize(("name", "header_row"), [("people.xlsx", 2), ("people.ods", 1)])
def test_xlsx_and_ods_import_like_csv(fictional: Store, name: str, header_row: int) -> None:
    mapping = MAPPING.read_text("utf-8") + f"\nheader_row: {header_row}\n"
    report = run(fictional, CORPUS / name, mapping)
    assert report.ok, report.problems
    assert report.linked == 1 and report.created["people"] == 1
    sid = report.dataset_id
    record = get_person_record(fictional, f"{sid}-p{header_row + 2}", as_of=date(2021, 10, 27))
    assert record.person.birth_date is not None and str(record.person.birth_date) == "1985"
    assert record.status is not None and record.status.status == "imprisoned"
