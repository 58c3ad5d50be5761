"""The day close: every ticket of an earlier day still open ends as `expired`, and counters left open are closed.

Run by the server at local midnight and at start-up (for the days it was off). Numbers are valid for their
day only, so a citizen still waiting, called, served or on hold when the day ended will not be served on that
ticket: it ends as "chưa hoàn thành trong ngày", timestamped at the midnight that closed its day, with an
event row, and each day's outcomes add up to its tickets. Waiting tickets expire too (a closed day has no
line left). A no-show is already an outcome and stays one.

Idempotent and safe with several server processes: it is one `BEGIN IMMEDIATE` transaction that picks only
tickets still open and counters nobody used today, so a second run (or a second process) finds nothing left.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from server.core.numbering import day_end
from server.core.tickets import OPEN, Action, Ticket, apply
from server.services.base import Env, Event
from server.store import repo
from server.store.db import immediate


@dataclass(frozen=True)
class DayClose:
    """What one close did: the tickets it ended (as they are now) and the counters it closed."""

    expired: tuple[Ticket, ...] = ()
    counters: tuple[int, ...] = ()


def close_days(db: Database, env: Env) -> tuple[DayClose, list[Event]]:
    """End every ticket of a day before today that is still open, and close counters left open overnight."""
    at = env.clock()
    today = env.today(at)
    marks = ",".join("?" * len(OPEN))
    expired: list[Ticket] = []
    with immediate(db):
        rows = list(
            db.query(f"SELECT * FROM tickets WHERE day < ? AND status IN ({marks}) ORDER BY id", [today, *sorted(OPEN)])
        )
        for row in rows:
            ticket = repo.ticket_from_row(row)
            after = apply(ticket, Action.EXPIRE, at=min(at, day_end(ticket.day, env.tz)))
            repo.update_ticket(db, ticket, after)
            repo.add_event(
                db,
                ticket_id=ticket.id,
                action=Action.EXPIRE.value,
                at=after.ended_at or at,
                day=ticket.day,
                from_status=ticket.status,
                to_status=after.status,
                counter=ticket.counter,
                clerk_id=ticket.clerk_id,
                data={"closed_at": at},
            )
            expired.append(after)
        # A counter still open or paused that nobody has used today was left so overnight: close and release it.
        left = list(
            db.query(
                "SELECT number, clerk_id FROM counters c WHERE state != 'closed'"
                " AND NOT EXISTS (SELECT 1 FROM events e WHERE e.counter = c.number AND e.day = ?) ORDER BY number",
                [today],
            )
        )
        for counter in left:
            db.execute("UPDATE counters SET state = 'closed', clerk_id = NULL WHERE number = ?", [counter["number"]])
            repo.add_event(
                db,
                ticket_id=None,
                action="counter_close",
                at=at,
                day=today,
                counter=counter["number"],
                clerk_id=counter["clerk_id"],
                data={"reason": "day_close"},
            )
    closed = tuple(c["number"] for c in left)
    return DayClose(tuple(expired), closed), _events(expired, closed)


def _events(expired: list[Ticket], closed: tuple[int, ...]) -> list[Event]:
    """A ticket held at a counter is told by name (its counter, its tablet, its citizen's phone); waiting tickets
    only change the queue counts. The server then tells every screen to re-read its snapshot."""
    events = [
        Event("ticket_changed", {"ticket": t, "action": Action.EXPIRE.value}) for t in expired if t.counter is not None
    ]
    services = sorted({t.service for t in expired})
    counters = sorted({t.counter for t in expired if t.counter is not None} | set(closed))
    if services:
        waiting = any(t.counter is None for t in expired)
        events.append(Event("queue_changed", {"services": services, "waiting": waiting}))
    events += [Event("counter_changed", {"counter": number}) for number in counters]
    return events
