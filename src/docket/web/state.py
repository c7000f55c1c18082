"""What the application keeps between requests: the store, its options, templates, caches."""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass, field

from jinja2 import Environment

from docket.services.browsing import ResultCache
from docket.services.finding import NameFinder
from docket.services.store import Store
from docket.web.options import WebOptions


class AttemptLimiter:
    """At most `per_minute` login attempts per client address in any minute."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, client: str) -> bool:
        now = time.monotonic()
        with self._lock:
            seen = self._seen.setdefault(client, deque())
            while seen and seen[0] < now - 60:
                seen.popleft()
            if len(seen) >= self.per_minute:
                return False
            seen.append(now)
            if len(self._seen) > 10_000:  # forget idle clients
                self._seen = {k: v for k, v in self._seen.items() if v}
            return True


@dataclass(slots=True)
class WebState:
    store: Store
    options: WebOptions
    templates: Environment
    finder: NameFinder = field(default_factory=NameFinder)
    # person pages, list pages and searches besides the home page's figures
    cache: ResultCache = field(default_factory=lambda: ResultCache(size=1024))
    # the HTML of those pages, per session (or anonymous public reader), language and address
    pages: ResultCache = field(default_factory=lambda: ResultCache(size=2048))
    limiter: AttemptLimiter = field(default_factory=lambda: AttemptLimiter(30))
