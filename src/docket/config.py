"""The one Settings object, and the only place that reads the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import platformdirs

from docket.errors import Problem, ValidationFailed

ENV_DATABASE_URL = "DOCKET_DATABASE_URL"
ENV_DATA_DIR = "DOCKET_DATA_DIR"
ENV_STATUS_CATEGORIES = "DOCKET_STATUS_CATEGORIES"
ENV_PASSPHRASE_FILE = "DOCKET_PASSPHRASE_FILE"
ENV_ENCRYPTED = "DOCKET_ENCRYPTED"


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything Docket needs to know about where it runs; passed down, never global."""

    database_url: str
    data_dir: Path
    status_categories_file: Path | None = None
    # Claims a source states within this many days of the as-of date are shown beside figures.
    claim_window_days: int = 183
    # A file holding the passphrase of an encrypted store (never the command line); when absent
    # the passphrase is asked for in the terminal.
    passphrase_file: Path | None = None
    # The store must be encrypted: refuse to open or create a plaintext one.
    encrypted: bool = False
    # How pages are captured as evidence, and who is named as capturing them.
    capture: CaptureSettings = field(default_factory=lambda: CaptureSettings())

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        data_dir = Path(env.get(ENV_DATA_DIR) or platformdirs.user_data_path("docket"))
        url = env.get(ENV_DATABASE_URL) or sqlite_url(data_dir / "docket.sqlite")
        categories = env.get(ENV_STATUS_CATEGORIES)
        passphrase_file = env.get(ENV_PASSPHRASE_FILE)
        return cls(
            database_url=url,
            data_dir=data_dir,
            capture=CaptureSettings.from_env(env),
            status_categories_file=Path(categories) if categories else None,
            passphrase_file=Path(passphrase_file) if passphrase_file else None,
            encrypted=env.get(ENV_ENCRYPTED, "").strip().lower() in ("1", "true", "yes"),
        )

    def with_db_path(self, path: Path) -> Settings:
        return replace(self, database_url=sqlite_url(path))

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def describe_store(self) -> str:
        """Where the data lives, without any password."""
        if self.is_sqlite:
            return self.database_url.removeprefix("sqlite:///")
        scheme, _, rest = self.database_url.partition("://")
        host = rest.rsplit("@", 1)[-1]
        return f"{scheme}://{host}"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


@dataclass(frozen=True, slots=True)
class CaptureSettings:
    """How `docket capture` and `docket sources check` fetch pages, and where trusted time
    comes from."""

    # A proxy for every fetch, e.g. Tor's "socks5://127.0.0.1:9050" (SOCKS needs httpx[socks]).
    proxy: str | None = None
    timeout: float = 30.0  # seconds without an answer before a fetch gives up
    max_bytes: int = 50 * 1024 * 1024  # a larger response is kept up to this size, marked cut
    # An RFC 3161 timestamp authority, and the PEM file of the certificates trusted to sign
    # its answers; without an address, captures are made and kept without trusted time.
    tsa_url: str | None = None
    tsa_roots: Path | None = None
    actor: str | None = None  # who captures, in custody logs (default: the login name)
    # Where the team publishes archived copies: a briefing links a gone page to ARCHIVE/SHA256.
    archive_url: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> CaptureSettings:
        roots = env.get("DOCKET_TSA_ROOTS")
        return cls(
            proxy=env.get("DOCKET_CAPTURE_PROXY") or None,
            timeout=_positive(env, "DOCKET_CAPTURE_TIMEOUT", 30.0),
            max_bytes=int(_positive(env, "DOCKET_CAPTURE_MAX_BYTES", 50 * 1024 * 1024)),
            tsa_url=env.get("DOCKET_TSA_URL") or None,
            tsa_roots=Path(roots) if roots else None,
            actor=env.get("DOCKET_ACTOR") or None,
            archive_url=env.get("DOCKET_ARCHIVE_URL") or None,
        )


def _positive(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if value <= 0:
        raise ValidationFailed([Problem(f"must be a positive number, not '{raw}'", field=name)])
    return value
