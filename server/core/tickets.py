"""Ticket states, the actions on them and the one transition table that rules them."""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass
from typing import Any


class Status(enum.StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    PARKED = "parked"
    DONE = "done"
    NO_SHOW = "no_show"
    TRANSFERRED = "transferred"
    CANCELLED = "cancelled"
    EXPIRED = "expired"  # still open when its day closed: "chưa hoàn thành trong ngày"


class Action(enum.StrEnum):
    CALL = "call"
    RECALL = "recall"
    START = "start"
    FINISH = "finish"
    NO_SHOW = "no-show"
    REQUEUE = "requeue"
    RETURN = "return"
    PARK = "park"
    RESUME = "resume"
    CANCEL = "cancel"
    TRANSFER = "transfer"
    EXPIRE = "expire"  # the day close, never a clerk


# (status, action) -> new status. Anything not listed is illegal.
TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (Status.WAITING, Action.CALL): Status.CALLED,
    (Status.WAITING, Action.CANCEL): Status.CANCELLED,
    (Status.CALLED, Action.RECALL): Status.CALLED,
    (Status.CALLED, Action.START): Status.SERVING,
    (Status.CALLED, Action.NO_SHOW): Status.NO_SHOW,
    (Status.CALLED, Action.RETURN): Status.WAITING,
    (Status.CALLED, Action.PARK): Status.PARKED,
    (Status.SERVING, Action.FINISH): Status.DONE,
    (Status.SERVING, Action.TRANSFER): Status.TRANSFERRED,
    (Status.SERVING, Action.PARK): Status.PARKED,
    (Status.PARKED, Action.RESUME): Status.CALLED,
    (Status.PARKED, Action.CANCEL): Status.CANCELLED,
    (Status.NO_SHOW, Action.REQUEUE): Status.WAITING,
    # At day close every ticket still open ends, so each day's outcomes add up to its tickets (a no-show
    # is already an outcome and stays one).
    (Status.WAITING, Action.EXPIRE): Status.EXPIRED,
    (Status.CALLED, Action.EXPIRE): Status.EXPIRED,
    (Status.SERVING, Action.EXPIRE): Status.EXPIRED,
    (Status.PARKED, Action.EXPIRE): Status.EXPIRED,
}

TERMINAL = frozenset({Status.DONE, Status.TRANSFERRED, Status.CANCELLED, Status.EXPIRED})
# What the day close ends: every status with an EXPIRE transition.
OPEN = frozenset(s for (s, a) in TRANSITIONS if a is Action.EXPIRE)
# A counter holds at most one ticket in these states at a time.
ACTIVE = frozenset({Status.CALLED, Status.SERVING})


class IllegalTransition(Exception):
    """An action that the transition table does not allow from the ticket's status."""

    def __init__(self, status: Status, action: Action):
        self.status = status
        self.action = action
        super().__init__(f"cannot {action.value} a ticket that is {status.value}")


@dataclass(frozen=True)
class Ticket:
    service: str
    number: str
    seq: int
    day: str
    status: Status = Status.WAITING
    id: int | None = None
    priority: str | None = None
    token: str = ""
    issued_at: float = 0.0
    queued_at: float = 0.0  # the ordering key: issue time, kept across a transfer
    called_at: float | None = None  # first call: the end of the wait
    last_called_at: float | None = None
    started_at: float | None = None
    ended_at: float | None = None
    counter: int | None = None
    clerk_id: int | None = None
    calls: int = 0
    transferred_from: int | None = None
    arrived_at: float | None = None  # arrival in this field's line (the issue, or the transfer): start of the wait
    dossiers: tuple[str, ...] = ()  # dossier codes (mã hồ sơ) the clerk or the one-stop software linked

    @property
    def terminal(self) -> bool:
        return self.status in TERMINAL


def allowed_actions(status: Status) -> list[Action]:
    return [a for (s, a) in TRANSITIONS if s == status]


def apply(
    ticket: Ticket,
    action: Action,
    *,
    at: float,
    counter: int | None = None,
    clerk_id: int | None = None,
) -> Ticket:
    """Return the ticket after `action` at time `at`, or raise IllegalTransition."""
    new_status = TRANSITIONS.get((ticket.status, action))
    if new_status is None:
        raise IllegalTransition(ticket.status, action)
    changes: dict[str, Any] = {"status": new_status}
    if action in (Action.CALL, Action.RESUME):
        changes.update(
            counter=counter if counter is not None else ticket.counter,
            clerk_id=clerk_id if clerk_id is not None else ticket.clerk_id,
            last_called_at=at,
            calls=ticket.calls + 1,
        )
        if ticket.called_at is None:
            changes["called_at"] = at
    elif action is Action.RECALL:
        changes.update(last_called_at=at, calls=ticket.calls + 1)
    elif action is Action.START:
        changes["started_at"] = at
    elif action is Action.RETURN:
        # Called by mistake: back in line at its old place, as if never called.
        changes.update(counter=None, clerk_id=None, called_at=None, last_called_at=None)
    elif action is Action.REQUEUE:
        # A no-show who came back joins the end of the line.
        changes.update(
            counter=None,
            clerk_id=None,
            queued_at=at,
            called_at=None,
            last_called_at=None,
            started_at=None,
            ended_at=None,
        )
    elif new_status in TERMINAL or new_status is Status.NO_SHOW:
        changes["ended_at"] = at
    return dataclasses.replace(ticket, **changes)


def transferred_copy(ticket: Ticket, service: str, at: float) -> Ticket:
    """The new waiting ticket in `service` for a citizen transferred from `ticket` at time `at`.

    It keeps the citizen's number (printed on their paper), priority and place in line.
    """
    return Ticket(
        service=service,
        number=ticket.number,
        seq=ticket.seq,
        day=ticket.day,
        priority=ticket.priority,
        issued_at=ticket.issued_at,
        queued_at=ticket.queued_at,
        transferred_from=ticket.id,
        arrived_at=at,
    )
