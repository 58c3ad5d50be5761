"""Which waiting ticket a counter calls next: its services only, priority policy, then oldest first."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .tickets import Status, Ticket

STRICT = "strict"
INTERLEAVE = "interleave"


@dataclass(frozen=True)
class PriorityPolicy:
    mode: str = STRICT  # "strict": priority first always; "interleave": 1 priority after every N normal
    every: int = 3

    def __post_init__(self) -> None:
        if self.mode not in (STRICT, INTERLEAVE):
            raise ValueError(f"unknown priority policy {self.mode!r}")
        if self.every < 1:
            raise ValueError("interleave needs every >= 1")


def normals_since_priority(recent_calls: Sequence[bool]) -> int | None:
    """Normal calls since the last priority call (oldest first, True = priority); None if none had priority."""
    count = 0
    for was_priority in reversed(recent_calls):
        if was_priority:
            return count
        count += 1
    return None


def choose_next(
    waiting: Iterable[Ticket],
    services: Iterable[str],
    policy: PriorityPolicy,
    recent_calls: Sequence[bool] = (),
) -> Ticket | None:
    """The ticket to call next for a counter serving `services`, or None when nobody waits.

    `recent_calls` is this counter's calls today, oldest first, True where the ticket had priority.
    Interleave never starves either line: with both waiting, the counter alternates one priority
    ticket and then `policy.every` normal ones (a counter that has called no priority yet starts with one).
    """
    served = set(services)
    candidates = [t for t in waiting if t.status is Status.WAITING and t.service in served]
    if not candidates:
        return None
    key = lambda t: (t.queued_at, t.issued_at, t.id or 0)  # noqa: E731
    priority = sorted((t for t in candidates if t.priority), key=key)
    normal = sorted((t for t in candidates if not t.priority), key=key)
    if not priority or not normal:
        return (priority or normal)[0]
    if policy.mode == STRICT:
        return priority[0]
    since = normals_since_priority(recent_calls)
    if since is None or since >= policy.every:
        return priority[0]
    return normal[0]
