"""What an admin does to accounts from the application: add one, change its role, disable or
enable it, reset its password. Each change is one transaction with its audit entry (who did it,
the account before and after: name, role, disabled; never a password or its hash).

The last active admin can be neither demoted nor disabled. A disabled account, and an account
whose password is reset, loses its sessions at once.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from docket.errors import NotFound, PermissionDenied, Problem, ValidationFailed
from docket.services import accounts
from docket.services.accounts import Role, User
from docket.services.store import Store
from docket.storage import account_queries as q


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _shown(account: q.AccountData) -> dict[str, Any]:
    # what the audit log keeps of an account; restricted: shown to editors and admins only
    return {
        "name": account.name,
        "role": account.role,
        "disabled": bool(account.disabled),
        "sensitivity": "restricted",
    }


def _log(conn: Connection, actor: str, action: str, before: Any, after: Any, name: str) -> None:
    q.append_audit(
        conn,
        {
            "at": _now(),
            "actor": actor,
            "action": action,
            "record_type": "account",
            "record_id": name,
            "before": before,
            "after": after,
        },
    )


def _get(conn: Connection, name: str) -> q.AccountData:
    account = q.find_account(conn, name)
    if account is None:
        raise NotFound(f"No user is named '{name}'.")
    return account


def _last_admin(conn: Connection, account: q.AccountData) -> bool:
    return account.role == "admin" and not account.disabled and q.count_admins(conn) <= 1


def add_user(store: Store, name: str, *, role: str, password: str, actor: str) -> User:
    """A new account, written with its audit entry (checked as `accounts.add_user` checks)."""
    name = name.strip()
    if not name or len(name) > 64 or not name.isprintable():
        raise ValidationFailed([Problem("a user name needs 1 to 64 printable characters")])
    parsed = Role.parse(role)
    accounts._check_password(password)
    hashed = accounts._hasher.hash(password)
    with store.write() as conn:
        account_id = q.insert_account(
            conn,
            name=name,
            role=parsed.name,
            password_hash=hashed,
            at=accounts._stamp(datetime.now(UTC)),
        )
        _log(conn, actor, "add", None, _shown(_get(conn, name)), name)
    return User(account_id, name, parsed)


def change_role(store: Store, name: str, role: str, *, actor: str) -> None:
    parsed = Role.parse(role)
    with store.write() as conn:
        account = _get(conn, name)
        if account.role == parsed.name:
            return
        if _last_admin(conn, account):
            raise PermissionDenied("This is the last active admin; add another admin first.")
        q.update_account(conn, account.id, role=parsed.name)
        q.revoke_sessions(conn, account_id=account.id)  # the new role starts with a new login
        after = _get(conn, name)
        _log(conn, actor, "change role", _shown(account), _shown(after), name)


def set_disabled(store: Store, name: str, disabled: bool, *, actor: str) -> None:
    with store.write() as conn:
        account = _get(conn, name)
        if bool(account.disabled) == disabled:
            return
        if disabled and _last_admin(conn, account):
            raise PermissionDenied("This is the last active admin; add another admin first.")
        q.update_account(conn, account.id, disabled=disabled)
        if disabled:
            q.revoke_sessions(conn, account_id=account.id)
        after = _get(conn, name)
        _log(conn, actor, "disable" if disabled else "enable", _shown(account), _shown(after), name)


def reset_password(store: Store, name: str, password: str, *, actor: str) -> None:
    """A new password (hashed here, never kept or logged as given); the account's sessions end
    and its failed-login count is cleared."""
    accounts._check_password(password)
    hashed = accounts._hasher.hash(password)
    with store.write() as conn:
        account = _get(conn, name)
        q.update_account(conn, account.id, password_hash=hashed, failed_logins=0, locked_until=None)
        q.revoke_sessions(conn, account_id=account.id)
        shown = _shown(account)
        _log(conn, actor, "reset password", shown, {**shown, "password": "reset"}, name)
