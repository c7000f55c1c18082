"""docs/threat-model.md names the tests that prove each promise: each must exist."""

from __future__ import annotations

import re

from tests.conftest import ROOT

DOC = ROOT / "docs" / "threat-model.md"
NAMED = re.compile(r"`(tests/[\w/]+\.py)::(test_\w+)`")


def test_every_test_the_threat_model_names_exists() -> None:
    named = NAMED.findall(DOC.read_text("utf-8"))
    assert len(named) >= 50, "the threat model names fewer tests than expected: was it read?"
    missing = []
    for path, name in set(named):
        source = ROOT / path
        if not source.is_file() or not re.search(
            rf"^(async )?def {name}\(", source.read_text("utf-8"), re.M
        ):
            missing.append(f"{path}::{name}")
    assert not missing, "named in docs/threat-model.md but not found: " + ", ".join(sorted(missing))
