"""How the web application runs: the settings it adds to docket.config.Settings."""

from __future__ import annotations

from dataclasses import dataclass, field

from docket.services.accounts import SessionPolicy


@dataclass(frozen=True, slots=True)
class WebOptions:
    public: bool = False  # the read-only public site: public records only, no login
    secure_cookies: bool = False  # always mark cookies Secure (they are whenever served by TLS)
    session: SessionPolicy = field(default_factory=SessionPolicy)
    attention_months: int = 6  # pre-trial detention longer than this needs attention
    login_attempts_per_minute: int = 30  # per client address, besides the per-account lock-out
    warm_names: bool = True  # build the name index at start, in the background
    # gather the query planner's statistics at start, in the background (SQLite keeps none
    # after a load until then, and may then pick slow plans for the filtered lists)
    plan_statistics: bool = True
    # Requests handled at once (the worker threads of the pages, which hold the GIL while they
    # render): more only lengthen the tail on 2 cores; the rest wait their turn in order.
    threads: int = 8
