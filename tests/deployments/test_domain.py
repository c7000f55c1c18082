"""Deployments and laws in the domain, without a store: status from stages, scale figures,
and the checks a dataset gets before anything is written."""

from __future__ import annotations

from docket.domain.dataset import Dataset, DatasetInfo, check_dataset
from docket.domain.dates import PartialDate
from docket.domain.law import Law, LawStage
from docket.domain.source import Citation, Source
from docket.domain.surveillance import Actor, Agreement, Deployment, Scale
from docket.domain.vocabulary import Vocabulary

SRC = Citation("s1")


def _stage(stage: str, when: str) -> LawStage:
    return LawStage(stage, PartialDate.parse(when), (SRC,))


def test_a_laws_status_is_its_latest_stage_whatever_the_order_written() -> None:
    law = Law("l", "A bill", "bill", (SRC,), stages=(
        _stage("adoption", "2021-12-20"), _stage("first_reading", "2021-09-15"),
        _stage("draft", "2021"),
    ))  # fmt: skip
    assert [s.stage for s in law.ordered_stages()] == ["first_reading", "adoption", "draft"]
    # "2021" may mean any day of the year: it is ordered by its last day
    assert law.status is not None and law.status.stage == "draft"
    assert Law("m", "No stages", "law", (SRC,)).status is None


def test_scale_reads_as_the_source_qualifies_it() -> None:
    assert Scale("some 2,000 cameras", 2000, "cameras", "about").figure() == "about 2,000 cameras"
    assert Scale("a few", None).figure() is None


def _dataset(*deployments: Deployment, laws: tuple[Law, ...] = ()) -> Dataset:
    ds = Dataset(DatasetInfo("t", "t"))
    ds.sources = [Source("s1", "report", "A report")]
    ds.deployments = list(deployments)
    ds.laws = list(laws)
    return ds


def test_checks_name_the_field_of_every_problem(vocab: Vocabulary) -> None:
    bad = Deployment(
        "d1",
        "System",
        (SRC,),
        capabilities=("mind_reading",),
        vendors=(Actor("vendor", organisation_id="nowhere", country="China"),),
        operators=(Actor("owner"),),
        since=PartialDate.parse("2021-06"),
        until=PartialDate.parse("2020"),
        agreements=(Agreement("loan", "A loan", ()),),
    )
    law = Law(
        "l1", "Law", "bill", (), stages=(LawStage("passed", PartialDate(2021), ()),),
        rights=("right_to_roam",), articles=("kz-cc-9999",),
    )  # fmt: skip
    problems = check_dataset(_dataset(bad, laws=(law,)), vocab)
    fields = sorted((p.record, p.field) for p in problems)
    assert fields == [
        ("d1", "agreements.sources"),
        ("d1", "capabilities"),
        ("d1", "operators"),
        ("d1", "operators.role"),
        ("d1", "until"),
        ("d1", "vendors.country"),
        ("d1", "vendors.organisation"),
        ("l1", "articles"),
        ("l1", "rights"),
        ("l1", "sources"),
        ("l1", "stages.sources"),
        ("l1", "stages.stage"),
    ]
    unknown = next(p for p in problems if p.field == "capabilities")
    assert "'mind_reading' is not a known value" in unknown.message
    assert "facial_recognition" in unknown.message


def test_a_good_deployment_has_no_problem(vocab: Vocabulary) -> None:
    good = Deployment(
        "d1", "SORM", (SRC,), capabilities=("interception",),
        vendors=(Actor("developer", name="A vendor", country="RU"),),
        agreements=(Agreement("memorandum", "M", (SRC,), PartialDate.parse("2021-09-03")),),
    )  # fmt: skip
    assert check_dataset(_dataset(good), vocab) == []
