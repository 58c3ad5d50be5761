"""Logging in: password hashes, accounts, server-side sessions, and the throttle on failed logins.

A session is a row (the SHA-256 of a random id that only the browser's signed cookie holds, the user, when it
started, when it ends): logging out, a password reset, a deactivation or a role change delete it, so a copied
cookie stops working at once. It ends `session_hours` after the login however much it is used.

Failed logins are throttled per account *and* address: after a few free tries, each further try from that
address for that account waits twice as long as the last (up to 15 minutes). A stranger elsewhere cannot lock
anybody out, the admin included; repeated failures show on the managers' live dashboard.
"""

from __future__ import annotations

import functools
import hashlib
import math
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlite_utils import Database

from server.services.base import Actor, Env, Event, ServiceError
from server.store import repo
from server.store.db import immediate

_hasher = PasswordHasher()
# One argon2 hash at a time per server: each takes 64 MB and already runs on every core (parallelism 4), so
# twenty clerks logging in at the opening take turns instead of asking for 1.3 GB at once. A green semaphore
# under eventlet (this module is imported after monkey_patch), taken by the caller, never in a pool thread.
_HASHING = threading.BoundedSemaphore(1)
# A login waits this long for its turn, keeping its place, then is told to retry (503): a flood never queues forever,
# and a hundred clerks logging in together at a provincial opening (0.16 s a check: 16 s) all get in.
HASH_WAIT_S = 30.0
ROLES = ("clerk", "manager", "admin")
FREE_FAILURES = 3  # per account and address, before any wait
LONGEST_WAIT_S = 15 * 60
FAILURE_MEMORY_S = 24 * 3600  # failures older than this are forgotten
ALARM_FAILURES = 5  # failures for one account within ALARM_WINDOW_S raise an alarm on the dashboard
ALARM_WINDOW_S = 3600


def hash_password(password: str) -> str:
    """Slow on purpose (argon2): call it before a transaction, never inside one, through `env.crunch`."""
    return _hasher.hash(password)


def hashing(env: Env, fn: Any, *args: Any) -> Any:
    """Run a password hash or check off the event loop at low priority (`env.crunch`), one at a time; a caller
    kept waiting longer than HASH_WAIT_S (a flood of logins ahead of it) is refused with 503 `login_busy`, nothing
    done."""
    if not _HASHING.acquire(timeout=HASH_WAIT_S):
        raise ServiceError("login_busy", 503, retry_after_s=5)
    try:
        return env.crunch(fn, *args)
    finally:
        _HASHING.release()


def check_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def create_user(db: Database, username: str, password: str, role: str, full_name: str = "") -> int:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if not username or not password:
        raise ValueError("username and password are required")
    password_hash = hash_password(password)
    with immediate(db):
        cursor = db.execute(
            "INSERT INTO users (username, full_name, role, password_hash, active, created_at)"
            " VALUES (?, ?, ?, ?, 1, ?)",
            [username, full_name, role, password_hash, time.time()],
        )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


@functools.cache
def _dummy_hash() -> str:
    return _hasher.hash("no such account")


def _matches(user: dict[str, Any] | None, password: str) -> bool:
    """Spends the same time whether or not the account exists and is active."""
    if user is None or not user["active"]:
        check_password(_dummy_hash(), password)
        return False
    return check_password(user["password_hash"], password)


# ---------------------------------------------------------------- throttle


def wait_before_login(db: Database, username: str, address: str, now: float) -> float:
    """Seconds this address must still wait before trying `username` again (0: it may try now)."""
    failures, last = db.execute(
        "SELECT count(*), max(at) FROM login_failures WHERE username = ? AND ip = ? AND at > ?",
        [username, address, now - FAILURE_MEMORY_S],
    ).fetchone()
    if failures < FREE_FAILURES:
        return 0.0
    wait: float = min(2.0 ** (int(failures) - FREE_FAILURES + 1), LONGEST_WAIT_S)
    return max(0.0, float(last) + wait - now)


def repeated_failures(db: Database, now: float) -> list[dict[str, Any]]:
    """Accounts with ALARM_FAILURES or more failed logins in the last hour, for the dashboard."""
    rows = db.execute(
        "SELECT username, count(*), count(DISTINCT ip) FROM login_failures WHERE at > ? GROUP BY username"
        " HAVING count(*) >= ? ORDER BY count(*) DESC, username",
        [now - ALARM_WINDOW_S, ALARM_FAILURES],
    ).fetchall()
    return [{"username": u, "failures": n, "addresses": a} for u, n, a in rows]


# ---------------------------------------------------------------- sessions


def _session_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


@dataclass(frozen=True)
class LoggedIn:
    session_id: str  # goes into the browser's signed cookie, never stored as it is
    user: dict[str, Any]


def log_in(
    db: Database, env: Env, username: str, password: str, address: str, session_hours: float
) -> tuple[LoggedIn | None, list[Event]]:
    """Check the password (off the event loop) and start a session; None when it is wrong (the failure is
    recorded, and counts towards the wait)."""
    now = env.clock()
    wait = wait_before_login(db, username, address, now)
    if wait > 0:
        raise ServiceError("too_many_attempts", 429, seconds=math.ceil(wait), retry_after_s=math.ceil(wait))
    user = repo.user_row(db, username=username)
    ok = hashing(env, _matches, user, password)  # argon2: slow, outside any transaction
    session_id = secrets.token_urlsafe(32)
    with immediate(db):
        if not ok:
            db.execute("INSERT INTO login_failures (username, ip, at) VALUES (?, ?, ?)", [username, address, now])
            db.execute("DELETE FROM login_failures WHERE at < ?", [now - FAILURE_MEMORY_S])
            failures = db.execute(
                "SELECT count(*) FROM login_failures WHERE username = ? AND at > ?", [username, now - ALARM_WINDOW_S]
            ).fetchone()[0]
        else:
            assert user is not None
            db.execute("DELETE FROM login_failures WHERE username = ? AND ip = ?", [username, address])
            db.execute("DELETE FROM sessions WHERE expires_at <= ?", [now])
            db.execute(
                "INSERT INTO sessions (id_hash, user_id, created_at, expires_at, address) VALUES (?,?,?,?,?)",
                [_session_hash(session_id), user["id"], now, now + session_hours * 3600, address],
            )
    if not ok:  # the dashboard hears once, when an account's failures reach the alarm
        return None, [Event("logins_failing", {"username": username})] if failures == ALARM_FAILURES else []
    assert user is not None
    return LoggedIn(session_id, user), []


def session_actor(db: Database, session_id: Any, now: float) -> Actor | None:
    """The still active user of a session that has neither ended nor expired."""
    if not isinstance(session_id, str):
        return None
    row = db.execute(
        "SELECT u.id, u.role FROM sessions s JOIN users u ON u.id = s.user_id"
        " WHERE s.id_hash = ? AND s.expires_at > ? AND u.active = 1",
        [_session_hash(session_id), now],
    ).fetchone()
    return Actor(row[0], row[1]) if row else None


def log_out(db: Database, env: Env, session_id: Any) -> tuple[None, list[Event]]:
    if isinstance(session_id, str):
        with immediate(db):
            db.execute("DELETE FROM sessions WHERE id_hash = ?", [_session_hash(session_id)])
    return None, []


def end_sessions(db: Database, user_id: int) -> None:
    """Every session of this user ends (inside the caller's transaction): password reset, deactivation, role."""
    db.execute("DELETE FROM sessions WHERE user_id = ?", [user_id])
