"""The one Settings object, and the only place that reads the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import platformdirs

ENV_DATABASE_URL = "DOCKET_DATABASE_URL"
ENV_DATA_DIR = "DOCKET_DATA_DIR"
ENV_STATUS_CATEGORIES = "DOCKET_STATUS_CATEGORIES"


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything Docket needs to know about where it runs; passed down, never global."""

    database_url: str
    data_dir: Path
    status_categories_file: Path | None = None
    # Claims a source states within this many days of the as-of date are shown beside figures.
    claim_window_days: int = 183

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        data_dir = Path(env.get(ENV_DATA_DIR) or platformdirs.user_data_path("docket"))
        url = env.get(ENV_DATABASE_URL) or sqlite_url(data_dir / "docket.sqlite")
        categories = env.get(ENV_STATUS_CATEGORIES)
        return cls(
            database_url=url,
            data_dir=data_dir,
            status_categories_file=Path(categories) if categories else None,
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
