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


def _lines(waiting: Iterable[Ticket], services: Iterable[str]) -> tuple[list[Ticket], list[Ticket]]:
    """The waiting tickets of `services`: the priority line and the normal line, each oldest first."""
    served = set(services)
    candidates = [t for t in waiting if t.status is Status.WAITING and t.service in served]
    key = lambda t: (t.queued_at, t.issued_at, t.id or 0)  # noqa: E731
    return (
        sorted((t for t in candidates if t.priority), key=key),
        sorted((t for t in candidates if not t.priority), key=key),
    )


def priority_turn(policy: PriorityPolicy, since: int | None) -> bool:
    """With both lines waiting, whether the counter calls the priority line now (`since`: normal calls since its
    last priority call, None if it has called no priority yet)."""
    return policy.mode == STRICT or since is None or since >= policy.every


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
    priority, normal = _lines(waiting, services)
    if not priority or not normal:
        return priority[0] if priority else normal[0] if normal else None
    return priority[0] if priority_turn(policy, normals_since_priority(recent_calls)) else normal[0]


def call_order(
    waiting: Iterable[Ticket],
    services: Iterable[str],
    policy: PriorityPolicy,
    recent_calls: Sequence[bool] = (),
) -> list[Ticket]:
    """Every waiting ticket of `services` in the order one counter following `policy` would call them if nobody
    else came: `choose_next` applied again and again (the same decision, `priority_turn`), in one pass."""
    priority, normal = _lines(waiting, services)
    since = normals_since_priority(recent_calls)
    order: list[Ticket] = []
    p = n = 0
    while p < len(priority) or n < len(normal):
        if n >= len(normal) or (p < len(priority) and priority_turn(policy, since)):
            order.append(priority[p])
            p, since = p + 1, 0
        else:
            order.append(normal[n])
            n, since = n + 1, (None if since is None else since + 1)
    return order


def ahead_in_order(
    policy: PriorityPolicy,
    recent_calls: Sequence[bool],
    *,
    priority: bool,
    before_in_line: int,
    other_line: int,
) -> int:
    """How many tickets `call_order` puts before one ticket, from counts alone: `before_in_line` tickets ahead of
    it in its own line (priority or normal) and `other_line` tickets waiting in the other one. The same answer as
    its position in `call_order`, without reading either line."""
    if policy.mode == STRICT:
        return before_in_line + (0 if priority else other_line)
    since = normals_since_priority(recent_calls)
    first_normals = 0 if since is None or since >= policy.every else policy.every - since  # before the first priority
    if priority:  # normals called before this priority call: the first run, then `every` after each priority
        return before_in_line + min(other_line, first_normals + before_in_line * policy.every)
    turns = 0 if before_in_line < first_normals else 1 + (before_in_line - first_normals) // policy.every
    return before_in_line + min(other_line, turns)
