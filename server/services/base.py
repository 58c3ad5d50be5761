"""Types every use case shares: the environment, the actor, the events they return, and refusals."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from server.core.numbering import service_day

MANAGERS = ("manager", "admin")


@dataclass(frozen=True)
class Env:
    """What a use case needs from outside: the time and the centre's time zone."""

    clock: Callable[[], float]
    tz: str
    new_token: Callable[[], str] = field(default=lambda: secrets.token_urlsafe(16))

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
