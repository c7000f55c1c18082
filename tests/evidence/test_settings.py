"""Capture settings come from the environment through the one Settings object."""

from __future__ import annotations

from pathlib import Path

import pytest

from docket.config import CaptureSettings, Settings
from docket.errors import ValidationFailed
from tests.evidence.test_cli import run


def test_capture_settings_from_the_environment(tmp_path: Path) -> None:
    s = Settings.from_env(
        {
            "DOCKET_DATA_DIR": str(tmp_path),
            "DOCKET_CAPTURE_PROXY": "socks5://127.0.0.1:9050",
            "DOCKET_CAPTURE_TIMEOUT": "12.5",
            "DOCKET_CAPTURE_MAX_BYTES": "1000",
            "DOCKET_TSA_URL": "http://127.0.0.1:1/tsa",
            "DOCKET_TSA_ROOTS": str(tmp_path / "roots.pem"),
            "DOCKET_ACTOR": "fictional.monitor",
            "DOCKET_ARCHIVE_URL": "https://archive.fictional.example/ev",
        }
    )
    assert s.capture == CaptureSettings(
        proxy="socks5://127.0.0.1:9050",
        timeout=12.5,
        max_bytes=1000,
        tsa_url="http://127.0.0.1:1/tsa",
        tsa_roots=tmp_path / "roots.pem",
        actor="fictional.monitor",
        archive_url="https://archive.fictional.example/ev",
    )
    assert Settings.from_env({"DOCKET_DATA_DIR": str(tmp_path)}).capture == CaptureSettings()


@pytest.mark.parametrize("value", ["soon", "0", "-3"])
def test_a_wrong_number_is_refused_with_its_name(tmp_path: Path, value: str) -> None:
    with pytest.raises(ValidationFailed, match="DOCKET_CAPTURE_TIMEOUT"):
        Settings.from_env({"DOCKET_DATA_DIR": str(tmp_path), "DOCKET_CAPTURE_TIMEOUT": value})
    code, output = run(
        tmp_path / "x.sqlite", tmp_path, "evidence", "list", DOCKET_CAPTURE_TIMEOUT=value
    )
    assert code == 2 and "must be a positive number" in output
