"""The pure parts of evidence: what a live check concludes, custody chains, trusted time
checked offline against the right and the wrong certificates."""

from __future__ import annotations

import dataclasses
import hashlib

import httpx
import pytest

from docket.config import CaptureSettings
from docket.domain.evidence import (
    ALIVE,
    CHANGED,
    GONE,
    REDIRECTS,
    CustodyEntry,
    broken_links,
    chain_hash,
    content_path,
    judge_check,
)
from docket.services.evidence_timestamp import check_timestamp, request_timestamp
from tests.evidence.tsa import Authority, make_authority

U = "https://fictional.example/a"


@pytest.mark.parametrize(
    ("status", "final", "text", "captured", "error", "state"),
    [
        (None, None, None, None, "could not connect", GONE),
        (404, U, "", "old", None, GONE),
        (410, U, "", None, None, GONE),
        (500, U, "", None, None, GONE),
        (200, "https://fictional.example/b", "x", "x", None, REDIRECTS),
        (200, U + "/", "same  text", "same text", None, ALIVE),  # layout does not count
        (200, U, "new text", "old text", None, CHANGED),
        (200, U, "text", None, None, ALIVE),
    ],
)
def test_judge_check(
    status: int | None,
    final: str | None,
    text: str | None,
    captured: str | None,
    error: str | None,
    state: str,
) -> None:
    got, why = judge_check(
        url=U, status=status, final_url=final, text=text, captured_text=captured, error=error
    )
    assert got == state and why


def _chain(n: int) -> list[CustodyEntry]:
    out: list[CustodyEntry] = []
    for i in range(1, n + 1):
        e = CustodyEntry(
            "ev-1", i, f"2026-01-0{i}", "viewed", "a", {"k": i}, out[-1].entry_hash if out else ""
        )
        out.append(dataclasses.replace(e, entry_hash=chain_hash(e)))
    return out


def test_custody_chain() -> None:
    log = _chain(3)
    assert broken_links(log) == []
    assert broken_links([log[0], log[2]]) == [
        "custody entry 2 is numbered 3",
        "custody entry 3 does not follow entry 2",
    ]
    altered = [log[0], dataclasses.replace(log[1], actor="b"), log[2]]
    assert broken_links(altered) == ["custody entry 2 (viewed) was altered"]
    assert content_path("ab" * 32).startswith("ab/ab/abab")


def test_a_timestamp_checks_only_against_its_own_authority(
    authority: Authority, tsa_url: str, roots_file: object
) -> None:
    settings = CaptureSettings(tsa_url=tsa_url, tsa_roots=roots_file)  # type: ignore[arg-type]
    with httpx.Client() as client:
        stamped = request_timestamp(client, settings, b"fictional evidence")
    stamp = stamped.timestamp
    assert stamp is not None and stamped.why_not is None
    digest = hashlib.sha256(b"fictional evidence").hexdigest()
    assert stamp.digest_sha256 == digest and check_timestamp(stamp, digest) is None
    assert check_timestamp(stamp, "0" * 64) == "the timestamp is of another hash than the file's"
    stranger = dataclasses.replace(stamp, roots_pem=make_authority().roots_pem)
    assert (check_timestamp(stranger, digest) or "").startswith("the timestamp does not verify")
    # a token for another digest, relabelled as this one's, does not pass
    with httpx.Client() as client:
        other = request_timestamp(client, settings, b"something else").timestamp
    assert other is not None
    forged = dataclasses.replace(other, digest_sha256=digest)
    assert (check_timestamp(forged, digest) or "").startswith("the timestamp does not verify")
