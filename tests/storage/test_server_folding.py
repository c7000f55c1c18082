"""A PostgreSQL database whose locale folds only ASCII (plain C) would silently miss every
Cyrillic name in searches and filters: Docket refuses to open it, says how to make one that
works, and creates nothing in it."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, make_url, text

from docket.config import Settings
from docket.errors import StoreError
from docket.services.store import open_store
from tests.conftest import PG_ENV


def test_a_database_that_cannot_fold_cyrillic_is_refused(tmp_path: Path) -> None:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"no PostgreSQL server: set {PG_ENV} (scripts/check starts one)")
    name = f"docket_c_{uuid.uuid4().hex[:10]}"
    admin = create_engine(
        url.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'"))
    target = make_url(url).set(database=name).render_as_string(hide_password=False)
    try:
        with pytest.raises(StoreError) as refused:
            open_store(Settings(database_url=target, data_dir=tmp_path))
        assert "Cyrillic" in str(refused.value) and "C.UTF-8" in str(refused.value)
        check = create_engine(target.replace("postgresql://", "postgresql+psycopg://", 1))
        try:
            assert inspect(check).get_table_names() == []  # nothing created
        finally:
            check.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
        admin.dispose()
