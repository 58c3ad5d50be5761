"""Logging clerks and managers in: password hashes, the session, and the role checks on endpoints."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import g, session
from sqlite_utils import Database

from server.services.base import Actor, ServiceError
from server.store import repo

_hasher = PasswordHasher()
ROLES = ("clerk", "manager", "admin")


def hash_password(password: str) -> str:
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
    cursor = db.execute(
        "INSERT INTO users (username, full_name, role, password_hash, active, created_at) VALUES (?, ?, ?, ?, 1, ?)",
        [username, full_name, role, hash_password(password), time.time()],
    )
    return cursor.lastrowid


def authenticate(db: Database, username: str, password: str) -> dict[str, Any] | None:
    user = repo.user_row(db, username=username)
    if user is None or not user["active"]:
        _hasher.hash(password)  # spend the same time whether or not the user exists
        return None
    return user if check_password(user["password_hash"], password) else None


def current_actor(db: Database) -> Actor | None:
    """The logged-in, still active user of this request, if any."""
    if "actor" in g:
        return g.actor
    actor = None
    uid = session.get("uid")
    if uid is not None:
        user = repo.user_row(db, user_id=uid)
        if user and user["active"] and user["role"] == session.get("role"):
            actor = Actor(user["id"], user["role"])
    g.actor = actor
    return actor


def require(*roles: str) -> Callable:
    """Endpoint decorator: 401 without a login, 403 when the user's role is not among `roles`."""

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            from server.web import get_db

            actor = current_actor(get_db())
            if actor is None:
                raise ServiceError("login_required", 401)
            if roles and actor.role not in roles:
                raise ServiceError("forbidden", 403)
            return view(*args, **kwargs)

        wrapper.required_roles = roles or ROLES  # read by the test that walks every route
        return wrapper

    return decorate
