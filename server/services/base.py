"""Types every use case shares: the environment, the actor, the events they return, and refusals."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from server.core.numbering import service_day
from server.store import repo

MANAGERS = ("manager", "admin")


def call_here(fn: Callable[..., Any], *args: Any) -> Any:
    """Run `fn` at once on this thread: threading mode, commands and tests."""
    return fn(*args)


@dataclass(frozen=True)
class Env:
    """What a use case needs from outside: the time, the centre's time zone, and where slow work runs."""

    clock: Callable[[], float]
    tz: str
    new_token: Callable[[], str] = field(default=lambda: secrets.token_urlsafe(16))
    # Runs blocking work (a commit's fsync on a slow disk, parsing an uploaded list, printing) where it cannot
    # stall other requests: eventlet's thread pool when serving with eventlet (set by server/cli.py), else here.
    offload: Callable[..., Any] = call_here
    # Runs CPU-heavy work that releases the interpreter lock and may wait (a password hash) at the lowest CPU
    # priority, so that it only uses what the hall's requests leave (server/background.py, set by server/cli.py
    # when serving); else right here. Not for pure-Python work: a low-priority thread holding the interpreter
    # lock would hold the event loop with it.
    crunch: Callable[..., Any] = call_here

    def today(self, at: float | None = None) -> str:
        return service_day(self.clock() if at is None else at, self.tz)


@dataclass(frozen=True)
class Actor:
    user_id: int
    role: str

    @property
    def is_manager(self) -> bool:
        return self.role in MANAGERS


@dataclass(frozen=True)
class Event:
    type: str
    data: dict[str, Any]


class ServiceError(Exception):
    """A refused request: `code` is machine-readable, `params` fill its translated message."""

    http_status = 400

    def __init__(self, code: str, http_status: int | None = None, **params: Any):
        super().__init__(code)
        self.code = code
        self.params = params
        if http_status is not None:
            self.http_status = http_status


def not_found(code: str, **params: Any) -> ServiceError:
    return ServiceError(code, 404, **params)


def conflict(code: str, **params: Any) -> ServiceError:
    return ServiceError(code, 409, **params)


def forbidden(code: str, **params: Any) -> ServiceError:
    return ServiceError(code, 403, **params)


class Invalid(ServiceError):
    """Bad input: a message per field, nothing changed."""

    def __init__(self, fields: dict[str, str]):
        super().__init__("invalid", 400, fields=fields)  # server.web says each in the request's language


def write_audit(
    db: Database,
    actor: Actor | None,
    action: str,
    target: str,
    before: Any,
    after: Any,
    at: float,
    *,
    username: str | None = None,
) -> None:
    """One audit row (who, what, when, before, after), written inside the change's own transaction. Without a
    user (an integration token, the command line) `username` says who it was."""
    user = (repo.user_row(db, user_id=actor.user_id) or {}) if actor else {}
    db.execute(
        "INSERT INTO audit_log (at, user_id, username, action, target, before, after) VALUES (?,?,?,?,?,?,?)",
        [
            at,
            actor.user_id if actor else None,
            username or user.get("username"),
            action,
            target,
            None if before is None else json.dumps(before, ensure_ascii=False, sort_keys=True),
            None if after is None else json.dumps(after, ensure_ascii=False, sort_keys=True),
        ],
    )
