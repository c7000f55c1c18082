"""Keeping the query planner's statistics fresh, so that the pages' queries use the indexes
that fit the data (docket.storage.planner)."""

from __future__ import annotations

import contextlib
import threading

from docket.errors import StoreError
from docket.services.store import Store
from docket.storage import planner


def refresh_statistics(store: Store) -> None:
    """Gather the query planner's statistics (docket.storage.planner.refresh_statistics)."""
    with store.write() as conn:
        planner.refresh_statistics(conn)


def refresh_in_background(store: Store) -> threading.Thread:
    """`refresh_statistics` in a daemon thread (at the application's start). A store that is
    busy or read-only keeps the statistics it has: they only make queries faster."""

    def run() -> None:
        with contextlib.suppress(StoreError):
            refresh_statistics(store)

    thread = threading.Thread(target=run, daemon=True, name="docket-planner-statistics")
    thread.start()
    return thread
