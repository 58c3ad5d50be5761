"""The Flask side of logging in: the session's actor and the role checks on endpoints."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import g, session
from sqlite_utils import Database

from server.services.base import Actor, ServiceError
from server.services.logins import ROLES, session_actor
from server.web import get_db, hub


def current_actor(db: Database) -> Actor | None:
    """The logged-in, still active user of this request, if any."""
    if "actor" in g:
        return g.actor
    actor = None
    if session.get("sid") is not None:  # a server-side session: ended by logout, password reset, deactivation
        actor = session_actor(db, session["sid"], hub().env.clock())
    g.actor = actor
    return actor


def require(*roles: str) -> Callable:
    """Endpoint decorator: 401 without a login, 403 when the user's role is not among `roles`."""

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            actor = current_actor(get_db())
            if actor is None:
                raise ServiceError("login_required", 401)
            if roles and actor.role not in roles:
                raise ServiceError("forbidden", 403)
            return view(*args, **kwargs)

        wrapper.required_roles = roles or ROLES  # type: ignore[attr-defined]  # read by the route-walking test
        return wrapper

    return decorate
