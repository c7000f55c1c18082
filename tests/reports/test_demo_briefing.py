"""Acceptance on the demo dataset: the briefing of 26 October 2021 against the 1 November 2021
briefing itself. Expected names and figures are read from ../shared/seeds, not typed here."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from docket.services.briefing import BriefingRequest, write_briefing
from docket.services.dossier import DossierRequest, write_dossier
from docket.services.people import get_person_record
from docket.services.store import Store
from tests.acceptance.test_demo import briefing, split_names
from tests.reports.conftest import GENERATED, pdf_page_png, pdf_pages, pdf_text

AS_OF = date(2021, 10, 26)


def stated_list() -> tuple[int, list[str]]:
    match = re.search(
        r"As of 26 October 2021, there are (\d+) political prisoners in Kazakhstan - (.+?)\. "
        r"Politically",
        briefing(),
    )
    assert match, "the briefing's sentence was not found"
    return int(match.group(1)), split_names(match.group(2))


def spellings(store: Store, name: str) -> set[str]:
    record = get_person_record(store, name, as_of=AS_OF)
    return {n.value for n in record.person.names}


@pytest.fixture
def markdown(demo: Store, tmp_path: Path) -> str:
    path = tmp_path / "brief.md"
    write_briefing(demo, BriefingRequest(AS_OF, generated_at=GENERATED), fmt="md", path=path)
    return path.read_text("utf-8")


def test_the_list_is_the_briefings_list(demo: Store, markdown: str) -> None:
    count, names = stated_list()
    section = markdown.split("## Political prisoners", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^### \d+\. (.+?)(?:\[\^|$)", section, re.M)
    assert len(listed) == count
    for name in names:
        assert any(s in listed for s in spellings(demo, name)), f"{name} is not listed"
    assert f"{count} people deprived of liberty on 26 October 2021" in section


def test_the_figures_the_data_supports_and_the_stated_ones_with_sources(markdown: str) -> None:
    text = briefing()
    count, _ = stated_list()
    prosecuted = re.search(r"opened against at least (\d+) individuals", text)
    extremism = re.search(r"Of the \d+ prosecuted, (\d+) are", text)
    sentenced = re.search(r"Over (\d+) people were sentenced", text)
    killed = re.search(r"(\w+) opposition activists – .+? – were killed in Kazakhstan", text)
    assert prosecuted and extremism and sentenced and killed
    row = re.compile(r"^\| (?:↳ )?(.+?) \| \*\*(.+?)\*\* \| .+? \| (.+?) \|$", re.M)
    rows = {m.group(1): (m.group(2), m.group(3)) for m in row.finditer(markdown)}
    assert rows["Political prisoners"][0] == f"at least {count} people"
    assert f"{count} people as of 26 October 2021" in rows["Political prisoners"][1]
    assert f"at least {prosecuted.group(1)} people" in rows["People prosecuted"][1]
    assert f"{extremism.group(1)} people" in rows["Of them, on “extremism” charges"][1]
    assert f"over {sentenced.group(1)} people" in rows["People sentenced"][1]
    five = {"five": 5}[killed.group(1)]
    assert rows["Of them, killed"][0] == f"at least {five} people"
    assert f"{five} people as of 2020" in rows["Of them, killed"][1]
    for label in ("Political prisoners", "People prosecuted", "People sentenced"):
        assert re.search(r"\[\^\d+\]", rows[label][1]), f"{label}: the stated figure has no source"


def test_footnotes_cite_the_briefing_and_its_footnoted_sources(markdown: str) -> None:
    notes = dict(re.findall(r"^\[\^(\d+)\]: (.+)$", markdown, re.M))
    assert notes, "no footnotes"
    text = briefing()
    attachment = re.search(r"⁴³ (https://en\.odfoundation\.eu/content/uploads/\S+\.pdf)", text)
    assert attachment
    joined = "\n".join(notes.values())
    assert "*Briefing on the human rights situation in Kazakhstan, 1 November 2021" in joined
    assert f"<{attachment.group(1)}>" in joined
    assert "fn. 43" in joined
    numbers = [int(n) for n in notes]
    assert numbers == list(range(1, len(numbers) + 1))


def test_pdf_is_a_readable_a4_briefing(demo: Store, tmp_path: Path) -> None:
    path = tmp_path / "brief.pdf"
    write_briefing(demo, BriefingRequest(AS_OF, generated_at=GENERATED), fmt="pdf", path=path)
    text = " ".join(pdf_text(path).split())
    count, names = stated_list()
    assert "Briefing on political persecution in Kazakhstan" in text
    assert f"at least {count} people" in text
    for name in names:
        assert any(s in text for s in spellings(demo, name)), name
    assert re.search(r"\b1 ?/ ?\d+\b", text), "no page numbers"
    assert pdf_pages(path) >= 3
    png = pdf_page_png(path, "briefing-demo-page1")
    assert png.stat().st_size > 20_000


def test_dossier_of_the_judge_lists_the_two_bans_with_sources(demo: Store, tmp_path: Path) -> None:
    ruling = re.search(r"These decisions were passed by (Ruslan Mazhitov), Chairman", briefing())
    assert ruling
    path = tmp_path / "mazhitov.md"
    request = DossierRequest(date(2021, 11, 1), generated_at=GENERATED)
    write_dossier(demo, ruling.group(1), request, fmt="md", path=path)
    text = path.read_text("utf-8")
    acts = re.findall(r"^### \d+\. (.+?) — organisation banned: (.+?)((?:\[\^\d+\])+)$", text, re.M)
    assert sorted(a[1] for a in acts) == ["Democratic Choice of Kazakhstan", "Koshe Partiyasy"]
    notes = dict(re.findall(r"^\[\^(\d+)\]: (.+)$", text, re.M))
    for _, _, refs in acts:
        cited = [notes[n] for n in re.findall(r"\d+", refs)]
        assert any("europarl.europa.eu" in c for c in cited)
        assert any("Briefing on the human rights situation in Kazakhstan" in c for c in cited)
    assert "perpetrator (Chairman of the Yesil district court), decided" in text
    assert "recommended for sanctions by #ActivistsNotExtremists" in text.replace("\\#", "#")
    assert "Art. 2(1)(d)(iii)" in text
