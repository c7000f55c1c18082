"""Briefings from the fictional dataset, on SQLite and PostgreSQL: figures, lists, sensitivity,
footnotes, determinism, languages and templates."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from docket.reports.text import ReportError
from docket.services.briefing import BriefingRequest, prepare_briefing, write_briefing
from docket.services.stats import compute_stats
from docket.services.store import Store
from tests.conftest import FICTIONAL
from tests.reports.conftest import GENERATED, pdf_page_png, pdf_text

AS_OF = date(2021, 10, 20)


def request(**kw: object) -> BriefingRequest:
    return replace(BriefingRequest(AS_OF, generated_at=GENERATED), **kw)  # type: ignore[arg-type]


def test_figures_and_list_as_of_the_day(fictional: Store) -> None:
    b = prepare_briefing(fictional, request())
    figures = {f.key: f for f in b.figures}
    assert [p.name for p in b.prisoners] == ["Aigerim Nurlanova", "Dana Sarsenova"]
    assert figures["political_prisoners"].value == 2
    stats = compute_stats(fictional, as_of=AS_OF)
    for key, stat in (
        ("political_prisoners", "stock.political_prisoners"),
        ("deprived_of_liberty", "stock.deprived_of_liberty"),
        ("people_prosecuted", "cumulative.people_prosecuted"),
        ("people_convicted", "cumulative.people_convicted"),
        ("people_killed", "cumulative.people_killed"),
    ):
        computed = stats.figure(stat)
        assert computed is not None and figures[key].value == computed.value, key
    # the stated figure sits beside the computed one, with its source
    assert [s.figure for s in figures["political_prisoners"].stated] == ["at least 12"]
    assert figures["political_prisoners"].stated[0].citations[0].source_id == "src-report"
    nurlanova = b.prisoners[0]
    assert nurlanova.status == "imprisoned since 15 September 2021"
    assert any("CC art. 405 part 2" in line.text for line in nurlanova.charges)
    assert any("imprisonment 3 years" in line.text for line in nurlanova.sentences)
    assert any("Free Voices Monitor" in line.text for line in nurlanova.recognitions)
    assert b.prisoners[1].reported  # Sarsenova is held only as a source reports


def test_a_person_released_before_the_day_is_not_listed_later(fictional: Store) -> None:
    earlier = prepare_briefing(fictional, request(as_of=date(2021, 8, 20)))
    assert {p.name for p in earlier.prisoners} == {"Aigerim Nurlanova", "Bolat Sarsenov"}


def test_restricted_records_are_left_out_and_public_leaves_out_internal(
    fictional: Store, tmp_path: Path
) -> None:
    default = tmp_path / "default.md"
    public = tmp_path / "public.md"
    write_briefing(fictional, request(since=date(2020, 10, 20)), fmt="md", path=default)
    write_briefing(fictional, request(public_only=True), fmt="md", path=public)
    text, open_text = default.read_text("utf-8"), public.read_text("utf-8")
    # the restricted torture allegation and its restricted source appear in neither
    for t in (text, open_text):
        assert "Beaten during questioning" not in t
        assert "Interview with the defence lawyer" not in t
    # Zhanna Omarova's record is internal: in the default briefing, not in the public one
    assert "Zhanna Omarova" in text
    assert "Zhanna Omarova" not in open_text
    assert re.search(r"Left out .*events: 1, sources: 1", text)
    assert "only records marked public" in open_text


def test_footnotes_number_each_source_once_in_order_of_first_citation(
    fictional: Store, tmp_path: Path
) -> None:
    path = tmp_path / "b.md"
    write_briefing(fictional, request(), fmt="md", path=path)
    body, _, notes = path.read_text("utf-8").partition("\n## Sources\n")
    first_seen = list(dict.fromkeys(int(n) for n in re.findall(r"\[\^(\d+)\](?!:)", body)))
    assert first_seen == list(range(1, len(first_seen) + 1))
    defined = [int(n) for n in re.findall(r"^\[\^(\d+)\]:", notes, re.M)]
    assert defined == first_seen
    assert "Free Voices Monitor, *Annual report on political persecution (fictional)*" in notes
    assert "<https://free-voices.example/report-2021>" in notes


def test_same_data_and_date_give_the_same_files(fictional: Store, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for fmt in ("md", "html", "pdf"):
        a, b = tmp_path / "a" / f"brief.{fmt}", tmp_path / "b" / f"brief.{fmt}"
        files_a = write_briefing(fictional, request(), fmt=fmt, path=a)
        files_b = write_briefing(fictional, request(), fmt=fmt, path=b)
        assert len(files_a) == len(files_b)
        for x, y in zip(files_a, files_b, strict=True):
            assert x.read_bytes() == y.read_bytes(), (fmt, x.name)
    later = tmp_path / "later.md"
    ten = GENERATED.replace(hour=10)
    write_briefing(fictional, request(generated_at=ten), fmt="md", path=later)
    first = (tmp_path / "a" / "brief.md").read_text("utf-8").splitlines()
    second = later.read_text("utf-8").replace("later-", "brief-").splitlines()
    assert [(x, y) for x, y in zip(first, second, strict=True) if x != y] == [
        (
            "*Generated by Docket on 1 November 2021, 09:00 UTC from the record.*",
            "*Generated by Docket on 1 November 2021, 10:00 UTC from the record.*",
        )
    ]


def test_charts_are_files_beside_the_markdown_and_inside_html(
    fictional: Store, tmp_path: Path
) -> None:
    files = write_briefing(fictional, request(), fmt="md", path=tmp_path / "b.md")
    names = sorted(p.name for p in files[1:])
    assert names == ["b-prosecutions.svg", "b-statuses.svg", "b-verdicts.svg"]
    text = (tmp_path / "b.md").read_text("utf-8")
    assert "](b-statuses.svg)" in text
    write_briefing(fictional, request(), fmt="html", path=tmp_path / "b.html")
    html = (tmp_path / "b.html").read_text("utf-8")
    assert html.count("<svg") == 3 and "<?xml" not in html


def test_pdf_in_russian_renders_cyrillic_and_kazakh_letters(store: Store, tmp_path: Path) -> None:
    from docket.services.loading import load_dataset

    data = tmp_path / "fictional"
    shutil.copytree(FICTIONAL, data)
    people = data / "people.yaml"
    people.write_text(
        people.read_text("utf-8").replace(
            "    - Aygerim Nurlanova\n",
            "    - Aygerim Nurlanova\n"
            "    - {value: Айгерім Нұрланқызы, kind: variant, script: cyrillic, lang: kk}\n",
        ),
        "utf-8",
    )
    load_dataset(store, data)
    path = tmp_path / "ru.pdf"
    write_briefing(store, request(lang="ru"), fmt="pdf", path=path)
    text = pdf_text(path)
    assert "Политзаключённые" in text
    assert "Айгерім Нұрланқызы" in " ".join(text.split())
    assert "не менее 2" in text
    png = pdf_page_png(path, "briefing-fictional-ru-page1")
    assert png.stat().st_size > 10_000


def test_a_team_template_and_wording_replace_the_shipped_ones(
    fictional: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "briefing.md.j2").write_text(
        "# {{ c.title }}\n{% for p in c.prisoners %}* {{ p.name }}{{ refs(p.citations) }}\n"
        "{% endfor %}",
        "utf-8",
    )
    path = tmp_path / "custom.md"
    write_briefing(fictional, request(templates=folder), fmt="md", path=path)
    assert path.read_text("utf-8").splitlines() == [
        "# Briefing on political persecution in Kazakhstan",
        "* Aigerim Nurlanova[^1][^2]",
        "* Dana Sarsenova[^1]",
    ]
    (folder / "briefing.md.j2").write_text("{% for x in %}", "utf-8")
    with pytest.raises(ReportError, match=r"briefing\.md\.j2, line 1"):
        write_briefing(fictional, request(templates=folder), fmt="md", path=path)


def test_country_filter_and_unknown_language(fictional: Store) -> None:
    elsewhere = prepare_briefing(fictional, request(country="UZ"))
    assert elsewhere.prisoners == () and elsewhere.country == "Uzbekistan"
    with pytest.raises(ReportError, match="No report wording in 'de'"):
        prepare_briefing(fictional, request(lang="de"))
