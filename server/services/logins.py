"""Logging in: password hashes, accounts, and the throttle on failed logins (one transaction each)."""

from __future__ import annotations

import time
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlite_utils import Database

from server.services.base import ServiceError
from server.store import repo
from server.store.db import immediate

_hasher = PasswordHasher()
ROLES = ("clerk", "manager", "admin")
FAILURES_ALLOWED = 5
LOCK_SECONDS = 15 * 60


def hash_password(password: str) -> str:
    """Slow on purpose (argon2): call it before a transaction, never inside one."""
    return _hasher.hash(password)


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
            " VALUES (?, ?, ?, ?, 1, ?)", [username, full_name, role, password_hash, time.time()])
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def authenticate(db: Database, username: str, password: str) -> dict[str, Any] | None:
    user = repo.user_row(db, username=username)
    if user is None or not user["active"]:
        _hasher.hash(password)  # spend the same time whether or not the user exists
        return None
    return user if check_password(user["password_hash"], password) else None


def check_login_allowed(db: Database, username: str, ip: str, now: float) -> None:
    """After 5 failures in 15 minutes for this account, or 20 from this address, refuse for a while."""
    since = now - LOCK_SECONDS
    by_user = db.execute("SELECT count(*) FROM login_failures WHERE username = ? AND at > ?",
                         [username, since]).fetchone()[0]
    by_ip = db.execute("SELECT count(*) FROM login_failures WHERE ip = ? AND at > ?", [ip, since]).fetchone()[0]
    if by_user >= FAILURES_ALLOWED or by_ip >= 4 * FAILURES_ALLOWED:
        raise ServiceError("too_many_attempts", 429, minutes=LOCK_SECONDS // 60)


def record_login(db: Database, username: str, ip: str, ok: bool, now: float) -> None:
    with immediate(db):
        if ok:
            db.execute("DELETE FROM login_failures WHERE username = ?", [username])
        else:
            db.execute("INSERT INTO login_failures (username, ip, at) VALUES (?, ?, ?)", [username, ip, now])
            db.execute("DELETE FROM login_failures WHERE at < ?", [now - 24 * 3600])
