"""Case folding in every script inside queries.

SQLite's lower() folds only ASCII letters, so "Бекова" would never match "бекова"; PostgreSQL's
lower() folds by the database's locale (C.UTF-8 here: every script). `folded(x)` compiles to
lower() on PostgreSQL and to `docket_fold()`, a function each SQLite connection registers, on
SQLite. A PostgreSQL database made with the plain C locale folds only ASCII: Docket refuses to
open it (`check_server_folds`) rather than silently miss every Cyrillic name.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from docket.errors import StoreError

SQLITE_NAME = "docket_fold"


class folded(FunctionElement[str]):  # noqa: N801 - reads as a SQL function
    """The text in lower case, in every script."""

    type = String()
    inherit_cache = True


@compiles(folded)
def _default(element: folded, compiler: Any, **kw: Any) -> str:
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(folded, "sqlite")
def _sqlite(element: folded, compiler: Any, **kw: Any) -> str:
    return f"{SQLITE_NAME}({compiler.process(element.clauses, **kw)})"


def _fold(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def register_fold(dbapi_connection: Any) -> None:
    """Give a SQLite driver connection the folding function."""
    dbapi_connection.create_function(SQLITE_NAME, 1, _fold, deterministic=True)


def check_server_folds(conn: Connection) -> None:
    """On PostgreSQL, refuse a database whose locale does not fold Cyrillic (plain C or POSIX):
    name search and filters there would silently miss every name not written in Latin."""
    if conn.dialect.name != "postgresql":
        return
    if conn.exec_driver_sql("SELECT lower('ЖӘ') = 'жә'").scalar():
        return
    ctype = conn.exec_driver_sql("SELECT current_setting('lc_ctype')").scalar()
    raise StoreError(
        f"This PostgreSQL database uses the locale '{ctype}', which cannot tell upper from lower "
        "case outside Latin letters, so names in Cyrillic would never be found. Create the "
        "database with a UTF-8 locale, for example: createdb -E UTF8 --locale=C.UTF-8 "
        "--template=template0 NAME"
    )
