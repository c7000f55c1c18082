"""The effective configuration as the admin's settings page shows it, read-only.

Nothing here can be changed while the application runs: the settings come from the environment
(docket.config.Settings) and the command line (WebOptions) when it starts, so the page says
where each comes from. No secret is shown: the store is described without its password, a
passphrase file and a capture proxy only as set or not.
"""

from __future__ import annotations

from dataclasses import dataclass

from docket.services.store import Store
from docket.web.options import WebOptions


@dataclass(frozen=True, slots=True)
class SettingRow:
    group: str
    name: str
    value: str
    source: str  # where it is set


def _listed(values: frozenset[str]) -> str:
    return ", ".join(sorted(values)) or "—"


def effective(store: Store, options: WebOptions) -> list[SettingRow]:
    s = store.settings
    cats = store.vocab.categories
    mapping = "DOCKET_STATUS_CATEGORIES" if s.status_categories_file else "built-in default"
    if s.status_categories_file:
        mapping += f" ({s.status_categories_file.name})"
    env = "environment"
    start = "docket serve options"
    return [
        SettingRow("store", "store", "SQLite" if s.is_sqlite else "PostgreSQL", env),
        SettingRow("store", "where", s.describe_store(), "DOCKET_DATABASE_URL / --db"),
        SettingRow("store", "encrypted", "yes" if store.file_key else "no", "DOCKET_ENCRYPTED"),
        SettingRow(
            "store",
            "passphrase file",
            "set" if s.passphrase_file else "not set",
            "DOCKET_PASSPHRASE_FILE",
        ),
        SettingRow("figures", "deprived of liberty", _listed(cats.deprived_of_liberty), mapping),
        SettingRow("figures", "persecuted", _listed(cats.persecuted), mapping),
        SettingRow(
            "figures",
            "political prisoners: recognitions",
            _listed(cats.political_prisoner_recognitions),
            mapping,
        ),
        SettingRow("figures", "claims shown within (days)", str(s.claim_window_days), "default"),
        SettingRow(
            "application",
            "site",
            "public, read-only" if options.public else "team",
            start,
        ),
        SettingRow(
            "application",
            "session ends after idle (minutes)",
            str(options.session.idle_minutes),
            start,
        ),
        SettingRow(
            "application", "session ends after (hours)", str(options.session.max_hours), start
        ),
        SettingRow(
            "application",
            "cookies always Secure",
            "yes" if options.secure_cookies else "over TLS only",
            start,
        ),
        SettingRow(
            "application",
            "login attempts a minute per address",
            str(options.login_attempts_per_minute),
            start,
        ),
        SettingRow(
            "application",
            "pre-trial detention needing attention after (months)",
            str(options.attention_months),
            start,
        ),
        SettingRow(
            "evidence capture",
            "proxy",
            "set" if s.capture.proxy else "not set",
            "DOCKET_CAPTURE_PROXY",
        ),
        SettingRow(
            "evidence capture",
            "trusted timestamps",
            "configured" if s.capture.tsa_url else "not configured",
            "DOCKET_TSA_URL",
        ),
    ]
