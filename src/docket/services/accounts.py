"""Accounts, roles and sessions of the team application.

Roles, from least to most: the public (public records only, no account), viewer (reads internal
records), editor (reads everything and writes), admin (also manages users and reads the whole
audit log). Passwords are hashed with Argon2id; a session token is shown to the browser once and
stored only as its SHA-256.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import IntEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from docket.errors import NotFound, PermissionDenied, Problem, ValidationFailed
from docket.services.store import Store
from docket.storage import account_queries as q

MIN_PASSWORD = 10
MAX_FAILURES = 5  # consecutive failed logins before an account is locked
LOCK_MINUTES = 15
_hasher = PasswordHasher()  # Argon2id with the library's recommended parameters
_DUMMY = _hasher.hash("docket: no such account")


class Role(IntEnum):
    public = 0
    viewer = 1
    editor = 2
    admin = 3

    @classmethod
    def parse(cls, value: str) -> Role:
        try:
            role = cls[value]
        except KeyError:
            role = cls.public
        if role is cls.public:
            raise ValidationFailed(
                [Problem(f"'{value}' is not a role: admin, editor or viewer", field="role")]
            )
        return role


def visible_to(role: Role) -> frozenset[str]:
    """The sensitivities a role may read: viewers never see restricted records."""
    if role >= Role.editor:
        return frozenset({"public", "internal", "restricted"})
    if role >= Role.viewer:
        return frozenset({"public", "internal"})
    return frozenset({"public"})


@dataclass(frozen=True, slots=True)
class User:
    id: int
    name: str
    role: Role
    disabled: bool = False
    last_login: str | None = None

    @property
    def visible(self) -> frozenset[str]:
        return visible_to(self.role)


@dataclass(frozen=True, slots=True)
class SessionInfo:
    user: User
    token_hash: str
    csrf: str


@dataclass(frozen=True, slots=True)
class SessionPolicy:
    idle_minutes: int = 120  # a session ends after this long without a request
    max_hours: int = 12  # and in any case this long after login


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _stamp(when: datetime) -> str:
    return when.isoformat()


def _user(a: q.AccountData) -> User:
    return User(a.id, a.name, Role[a.role], a.disabled, a.last_login)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationFailed(
            [Problem(f"a password needs at least {MIN_PASSWORD} characters", field="password")]
        )


def add_user(store: Store, name: str, *, role: str, password: str) -> User:
    """Create an account; the password is hashed here and never stored or logged as given."""
    name = name.strip()
    if not name or len(name) > 64 or not name.isprintable():
        raise ValidationFailed([Problem("a user name needs 1 to 64 printable characters")])
    parsed = Role.parse(role)
    _check_password(password)
    with store.write() as conn:
        account_id = q.insert_account(
            conn,
            name=name,
            role=parsed.name,
            password_hash=_hasher.hash(password),
            at=_stamp(_now()),
        )
    return User(account_id, name, parsed)


def list_users(store: Store) -> list[User]:
    with store.read() as conn:
        return [_user(a) for a in q.list_accounts(conn)]


def disable_user(store: Store, name: str) -> User:
    """Disable an account and end its sessions; the last active admin cannot be disabled."""
    with store.write() as conn:
        account = q.find_account(conn, name)
        if account is None:
            raise NotFound(f"No user is named '{name}'.")
        if account.role == "admin" and not account.disabled and q.count_admins(conn) <= 1:
            raise PermissionDenied("This is the last active admin; add another admin first.")
        q.update_account(conn, account.id, disabled=True)
        q.revoke_sessions(conn, account_id=account.id)
    return User(account.id, account.name, Role[account.role], True)


def authenticate(store: Store, name: str, password: str) -> User:
    """The user with this name and password, or PermissionDenied with one message for every
    failure (unknown name, wrong password, disabled, locked), so a guess learns nothing."""
    refused = PermissionDenied("Wrong user name or password, or the account is locked.")
    now = _now()
    with store.write() as conn:  # a failure is counted in the store, so raise after commit
        account = q.find_account(conn, name)
        if account is None:
            _verify(_DUMMY, password)  # the same work as for a real account
            raise refused
        locked = account.locked_until is not None and account.locked_until > _stamp(now)
        accepted = not locked and not account.disabled and _verify(account.password_hash, password)
        if accepted:
            values: dict[str, object] = {"failed_logins": 0, "locked_until": None}
            values["last_login"] = _stamp(now)
            if _hasher.check_needs_rehash(account.password_hash):
                values["password_hash"] = _hasher.hash(password)
            q.update_account(conn, account.id, **values)
        elif not locked:
            failures = account.failed_logins + 1
            until = now + timedelta(minutes=LOCK_MINUTES) if failures >= MAX_FAILURES else None
            q.update_account(
                conn,
                account.id,
                failed_logins=0 if until else failures,
                locked_until=_stamp(until) if until else None,
            )
    if not accepted:
        raise refused
    return _user(account)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def open_session(store: Store, user: User, *, policy: SessionPolicy) -> tuple[str, SessionInfo]:
    """A new session: the token for the cookie, and what the server keeps (its hash)."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    now = _now()
    with store.write() as conn:
        q.insert_session(
            conn,
            token_hash=hash_token(token),
            account_id=user.id,
            csrf=csrf,
            at=_stamp(now),
            expires_at=_stamp(now + timedelta(minutes=policy.idle_minutes)),
        )
    return token, SessionInfo(user, hash_token(token), csrf)


def find_session(store: Store, token: str, *, policy: SessionPolicy) -> SessionInfo | None:
    """The live session for a cookie token, or None when unknown, ended, idle or too old.

    Its expiry slides with use; to spare the store a write per request, at most once a minute."""
    token_hash = hash_token(token)
    now = _now()
    with store.read() as conn:
        found = q.find_session(conn, token_hash)
    if found is None or found.revoked or found.account.disabled:
        return None
    cap = datetime.fromisoformat(found.created_at) + timedelta(hours=policy.max_hours)
    if found.expires_at <= _stamp(now) or now >= cap:
        return None
    if datetime.fromisoformat(found.last_seen) + timedelta(minutes=1) <= now:
        expires = min(now + timedelta(minutes=policy.idle_minutes), cap)
        with store.write() as conn:
            q.touch_session(conn, token_hash, at=_stamp(now), expires_at=_stamp(expires))
    return SessionInfo(_user(found.account), token_hash, found.csrf)


def end_session(store: Store, token_hash: str) -> None:
    with store.write() as conn:
        q.revoke_sessions(conn, token_hash=token_hash)
