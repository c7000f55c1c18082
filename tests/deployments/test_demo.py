"""The demo's deployments, disruptions and laws: what the two seed documents state, with their
sources, and the demo briefing's sections with those facts and their footnotes. Quoted words
are checked against ../shared/seeds, not typed here."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from docket.domain.law import Law, LawStage, LawUse
from docket.domain.redaction import unclassified
from docket.domain.sensitivity import Audience
from docket.domain.surveillance import Actor, Agreement, Deployment, Disruption, Scale
from docket.interchange.dataset_files import read_dataset
from docket.services import loading
from docket.services.briefing import BriefingRequest, write_briefing
from docket.services.store import Store
from docket.services.surveillance import DigitalRecord, read_digital
from tests.conftest import DEMO, need_seeds
from tests.reports.conftest import GENERATED, pdf_text

_FOOTNOTE_MARKS = str.maketrans("", "", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _flat(text: str) -> str:
    """Spaces and apostrophes as one writes them; the documents' footnote marks and Markdown
    escapes ("\\$500") left out."""
    text = text.replace("’", "'").replace("\\$", "$").translate(_FOOTNOTE_MARKS)
    return " ".join(text.split())


def test_every_type_and_part_is_classified_for_redaction() -> None:
    for kind in (Deployment, Actor, Scale, Agreement, Disruption, Law, LawStage, LawUse):
        assert unclassified(kind) == [], kind.__name__


def test_the_demos_quotes_are_the_documents_words() -> None:
    seeds = need_seeds()
    documents = _flat(
        " ".join(p.read_text("utf-8") for p in seeds.glob("*.txt"))
    )  # fmt: skip
    ds = read_dataset(DEMO)
    quotes = [s.wording for d in ds.deployments for s in d.scale]
    quotes += [s.note.strip('"') for law in ds.laws for s in law.stages if s.note]
    texts = [d.summary for d in ds.deployments] + [x.description for x in ds.disruptions]
    texts += [law.summary for law in ds.laws] + [a.description for d in ds.deployments
                                                 for a in d.agreements]  # fmt: skip
    for text in texts:
        quotes += re.findall(r'"([^"]{30,})"', text or "")
    assert len(quotes) >= 10
    for quote in quotes:
        assert _flat(quote) in documents, quote


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Store:
    from docket.config import Settings
    from docket.services.store import open_store

    folder = tmp_path_factory.mktemp("demo")
    store = open_store(Settings(database_url=f"sqlite:///{folder / 'd.sqlite'}", data_dir=folder))
    loading.load_dataset(store, DEMO)
    return store


@pytest.fixture(scope="module")
def record(demo: Store) -> DigitalRecord:
    return read_digital(demo, Audience.public)


def test_the_demo_holds_the_documents_deployments(record: DigitalRecord) -> None:
    by_id = {d.id: d for d in record.deployments}
    sorm = by_id["sorm-telecom-operators"]
    assert {a.organisation_id for a in sorm.operators} >= {"astel", "nursat", "kazakhtelecom"}
    assert "interception" in sorm.capabilities
    assert by_id["xfiles-ministry-of-justice"].vendors[0].organisation_id == "i-teco"
    assert by_id["xfiles-ministry-of-justice"].operators[0].organisation_id == "moj-kz"
    assert by_id["semantic-archive"].operators[0].organisation_id == "kazakhtelecom"
    buses = by_id["hikvision-cameras-nur-sultan-buses"]
    assert (str(buses.since), buses.place, buses.vendors[0].country) == (
        "2019-10",
        "Nur Sultan",
        "CN",
    )
    assert buses.scale[0].value == 2000 and buses.scale[0].unit
    govtech = by_id["govtech-platform-sber"]
    assert [v.organisation_id for v in govtech.vendors][:2] == ["sber", "huawei"]
    agreements = {a.kind: a for a in govtech.agreements}
    assert str(agreements["memorandum"].date) == "2021-09-03"
    assert agreements["loan"].amount == "up to $500 mln"
    assert {c.source_id for c in agreements["memorandum"].citations} >= {
        "briefing-2021-11-01", "fn-3-primeminister-govtech"
    }  # fmt: skip
    for d in record.deployments:
        assert d.citations and all(c.source_id in record.sources for c in d.citations)


def test_the_demo_holds_the_bill_and_the_2019_shutdown(record: DigitalRecord) -> None:
    bill = next(x for x in record.laws if x.id == "kz-social-media-registration-bill-2021")
    first = bill.ordered_stages()[0]
    assert (first.stage, str(first.date), first.body) == ("first_reading", "2021-09-15", "majlis")
    assert "fn-20-forbes-majlis-bill" in {c.source_id for c in first.citations}
    shutdown = next(d for d in record.disruptions if d.id == "shutdown-2019")
    assert (shutdown.kind, str(shutdown.date), shutdown.scope) == ("shutdown", "2019", "nationwide")


def _markdown(demo: Store, folder: Path, as_of: date) -> str:
    request = BriefingRequest(as_of, generated_at=GENERATED, public_only=True)
    path = folder / f"brief-{as_of}.md"
    write_briefing(demo, request, fmt="md", path=path)
    return path.read_text()


def test_the_demo_briefing_has_the_sections_with_their_footnotes(
    demo: Store, tmp_path: Path
) -> None:
    text = _markdown(demo, tmp_path, date(2022, 2, 2))
    notes = dict(re.findall(r"^\[\^(\d+)\]: (.*)$", text, re.M))
    sections = text.split("## Internet freedom")[1].split("## Methodology")[0]
    assert "## Surveillance and data sovereignty" in sections and "## Laws" in sections

    def cited(fragment: str) -> list[str]:
        line = next(x for x in sections.splitlines() if fragment in x)
        return [notes[n] for n in re.findall(r"\[\^(\d+)\]", line)]

    assert any("Majlis approves on first reading" in n for n in cited("15 September 2021 —"))
    assert any("Kazakhstan: the rise of" in n for n in cited("nationwide"))
    assert any(
        "Kazakhstan to switch to GovTech" in n for n in cited("3 September 2021 — memorandum")
    )
    assert "up to $500 mln" in sections and "about 2,000 cameras" in sections
    assert "SORM / SORM-2" in sections and "XFiles" in sections and "I-Teco (RU" in sections
    assert "on or before 31 December 2021" in sections  # the planned exclusive partnership
    html = tmp_path / "brief.html"
    request = BriefingRequest(date(2022, 2, 2), generated_at=GENERATED, public_only=True)
    write_briefing(demo, request, fmt="html", path=html)
    assert 'id="surveillance"' in html.read_text() and "Semantic Archive" in html.read_text()


def test_an_earlier_briefing_holds_only_what_had_certainly_happened(
    demo: Store, tmp_path: Path
) -> None:
    sections = _markdown(demo, tmp_path, date(2021, 10, 26)).split("## Internet freedom")[1]
    assert "3 September 2021 — memorandum" in sections and "15 September 2021 —" in sections
    # the article's facts are "on or before 2 February 2022"; the consortium's deadline and the
    # condition removed "by 1 November 2021" may fall after 26 October
    assert "SORM" not in sections and "on or before 31 October 2021" not in sections
    assert "This condition was later removed" not in sections


def test_the_demo_briefing_pdf_has_the_sections(demo: Store, tmp_path: Path) -> None:
    path = tmp_path / "brief.pdf"
    write_briefing(demo, BriefingRequest(date(2021, 11, 1), generated_at=GENERATED), fmt="pdf",
                   path=path)  # fmt: skip
    text = " ".join(pdf_text(path).split())
    for words in ("Internet freedom", "Surveillance and data sovereignty", "Hikvision",
                  "approved on first reading"):  # fmt: skip
        assert words in text
