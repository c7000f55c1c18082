"""The application gathers the query planner's statistics at start (SQLite keeps none after a
load until ANALYZE runs), without writing anything to the record or its audit trail."""

from __future__ import annotations

import threading

from fastapi.testclient import TestClient
from sqlalchemy import text

from docket.services import loading, planner
from docket.services.store import Store
from docket.storage import planner as storage_planner
from tests.conftest import DEMO
from tests.web.conftest import make_app


def _stat_tables(store: Store) -> set[str]:
    with store.read() as conn:
        if conn.dialect.name != "sqlite":
            return set()
        known = conn.scalar(text("SELECT count(*) FROM sqlite_master WHERE name='sqlite_stat1'"))
        if not known:
            return set()
        return set(conn.scalars(text("SELECT DISTINCT tbl FROM sqlite_stat1")))


def _audit_stamp(store: Store) -> object:
    with store.read() as conn:
        return conn.scalar(text("SELECT max(seq) FROM audit_entry"))


def _never_analysed(store: Store) -> set[str]:
    with store.read() as conn:
        return set(storage_planner.never_analysed(conn))


def _forget_statistics(store: Store) -> None:
    """Drop what the planner knows, as on a store loaded by an older version."""
    if store.settings.is_sqlite:
        with store.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM sqlite_stat1")


def test_statistics_are_gathered_and_nothing_is_recorded(store: Store) -> None:
    loading.load_dataset(store, DEMO)
    if store.settings.is_sqlite:  # the load gathered them already
        assert {"person", "status_span", "event"} <= _stat_tables(store)
    else:
        assert not _never_analysed(store)
    _forget_statistics(store)
    before = _audit_stamp(store)
    assert "person" not in _stat_tables(store)
    planner.refresh_statistics(store)
    if store.settings.is_sqlite:
        assert {"person", "status_span", "event"} <= _stat_tables(store)
    else:  # every table never analysed before is analysed now
        assert not _never_analysed(store)
    assert _audit_stamp(store) == before  # no audit entry: the record did not change


def test_the_team_application_gathers_them_at_start(store: Store) -> None:
    loading.load_dataset(store, DEMO)
    _forget_statistics(store)
    app = make_app(store, plan_statistics=True)
    with TestClient(app) as client:
        assert client.get("/login").status_code == 200
    for thread in threading.enumerate():
        if thread.name == "docket-planner-statistics":
            thread.join(timeout=30)
    if store.settings.is_sqlite:
        assert "person" in _stat_tables(store)
