"""PostgreSQL backups with pg_dump / pg_restore (custom format), run without a password in argv.

The connection goes to the tools through libpq's environment (PGHOST, PGPASSWORD, ...), so no
password shows in the process list. A `search_path` option in the store's URL (one schema per
store) limits the dump to that schema.
"""

from __future__ import annotations

import glob
import io
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO
from urllib.parse import unquote

from sqlalchemy import Connection, Engine, create_engine, inspect, text
from sqlalchemy.engine import make_url

from docket.config import Settings
from docket.errors import Conflict, StoreError

# pg_dump's output is cut into members of this size: a tar member needs its size up front.
PART = 64 << 20
_LIBPQ_QUERY = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "application_name": "PGAPPNAME",
}


def tool(name: str) -> str:
    """The path of a PostgreSQL client tool (on PATH, or Debian's /usr/lib/postgresql)."""
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if not versions:
        raise StoreError(f"{name} is not installed: install PostgreSQL's client tools.")
    return versions[-1]


def connection_env(settings: Settings) -> tuple[dict[str, str], str | None]:
    """libpq environment for the store's URL, and the one schema it uses (if it names one)."""
    url = make_url(settings.database_url)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    for name, given in (
        ("PGHOST", url.host),
        ("PGPORT", str(url.port) if url.port else None),
        ("PGUSER", url.username),
        ("PGPASSWORD", url.password),
        ("PGDATABASE", url.database),
    ):
        if given:
            env[name] = str(given)
    schema: str | None = None
    for key, value in url.query.items():
        raw = value if isinstance(value, str) else value[0]
        if key == "options":
            env["PGOPTIONS"] = unquote(raw)
            for part in unquote(raw).split():
                if part.startswith("-csearch_path="):
                    schema = part.removeprefix("-csearch_path=").split(",")[0]
        elif key in _LIBPQ_QUERY:
            env[_LIBPQ_QUERY[key]] = raw
    return env, schema


def _engine(settings: Settings) -> Engine:
    url = settings.database_url.replace("postgresql://", "postgresql+psycopg://", 1)
    return create_engine(url)


def table_rows(conn: Connection) -> dict[str, int]:
    """Rows in every table of the store's schema."""
    rows: dict[str, int] = {}
    for name in sorted(inspect(conn).get_table_names()):
        quoted = '"' + name.replace('"', '""') + '"'
        # The name comes from the catalogue and is quoted: no input reaches this statement.
        count = text(f"SELECT count(*) FROM {quoted}")  # noqa: S608
        rows[name] = int(conn.execute(count).scalar_one())
    return rows


def dump(settings: Settings, add: Callable[[IO[bytes], int], None]) -> dict[str, int]:
    """Stream pg_dump's output to `add` in parts; returns the rows per table it holds.

    The counts and the dump see the same snapshot: a repeatable-read transaction exports it and
    pg_dump uses it while that transaction stays open.
    """
    env, schema = connection_env(settings)
    engine = _engine(settings)
    try:
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
            snapshot = str(conn.execute(text("SELECT pg_export_snapshot()")).scalar_one())
            rows = table_rows(conn)
            args = [tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges"]
            args.append(f"--snapshot={snapshot}")
            if schema:
                args.append(f"--schema={schema}")
            with subprocess.Popen(
                args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            ) as proc:
                assert proc.stdout is not None
                for part in _parts(proc.stdout):
                    add(io.BytesIO(part), len(part))
                stderr = proc.stderr.read() if proc.stderr else b""
                code = proc.wait()
    finally:
        engine.dispose()
    if code != 0:
        raise StoreError(f"pg_dump failed: {_first_line(stderr)}")
    return rows


def _parts(stream: IO[bytes]) -> Iterator[bytes]:
    while True:
        part = stream.read(PART)
        if not part:
            return
        yield part


def _first_line(stderr: bytes) -> str:
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[0] if lines else "no message"


def current_rows(settings: Settings) -> dict[str, int]:
    engine = _engine(settings)
    try:
        with engine.connect() as conn:
            return table_rows(conn)
    finally:
        engine.dispose()


def restore(settings: Settings, parts: Iterator[bytes], *, force: bool) -> dict[str, int]:
    """Restore a custom-format dump; returns the rows per table restored."""
    """Feed a custom-format dump to pg_restore, in one transaction (all of it or nothing)."""
    if not force and current_rows(settings):
        raise Conflict(
            "The PostgreSQL store already holds tables: add --force to replace them "
            "(their current content is lost)."
        )
    env, _schema = connection_env(settings)
    args = [
        tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={env.get('PGDATABASE', '')}",
    ]
    with subprocess.Popen(
        args, env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    ) as proc:
        assert proc.stdin is not None
        try:
            for part in parts:
                proc.stdin.write(part)
            proc.stdin.close()
        except BrokenPipeError:
            pass
        stderr = proc.stderr.read() if proc.stderr else b""
        code = proc.wait()
    if code != 0:
        raise StoreError(f"pg_restore failed: {_first_line(stderr)}")
    return current_rows(settings)
