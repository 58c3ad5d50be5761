"""Use cases: each is one transaction returning (result, events); the caller dispatches events after commit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlite_utils import Database

from server.core.availability import closed_reason
from server.core.estimates import estimated_wait_s, typical_service_time
from server.core.numbering import format_number, read_number
from server.core.policy import PriorityPolicy, ahead_in_order, choose_next
from server.core.tickets import (
    ACTIVE,
    TRANSITIONS,
    Action,
    IllegalTransition,
    Status,
    Ticket,
    apply,
    transferred_copy,
)
from server.options import load_options
from server.services import outbox, ratings
from server.services.base import Actor, Env, Event, ServiceError, conflict, forbidden, not_found
from server.store import repo
from server.store.db import immediate

_not_found, _conflict, _forbidden = not_found, conflict, forbidden


# ---------------------------------------------------------------- issuing


@dataclass(frozen=True)
class PrintRequest:
    """Where and how to print a ticket being issued; recorded in the ticket's own transaction."""

    kiosk: str = "main"
    lang: str = "vi"
    base_url: str = ""


def issue_ticket(
    db: Database,
    env: Env,
    service: str,
    priority: str | None = None,
    *,
    printing: PrintRequest | None = None,
    request_id: str | None = None,
    issued_by: int | None = None,
) -> tuple[Ticket, list[Event]]:
    """Issue the next number of `service`. The same `request_id` again returns the first ticket, unchanged.
    `issued_by` is the staff member who took the number for someone (None from a kiosk)."""
    at = env.clock()
    day = env.today(at)
    with immediate(db):
        if request_id is not None:
            rows = list(db.query("SELECT * FROM tickets WHERE request_id = ?", [request_id]))
            if rows:
                return repo.ticket_from_row(rows[0]), []
        svc = repo.service_row(db, service)
        if svc is None:
            raise _not_found("unknown_service", service=service)
        if priority is not None and not list(
            db.query("SELECT 1 FROM priority_categories WHERE code = ? AND active = 1", [priority])
        ):
            raise ServiceError("unknown_priority", priority=priority)
        issued = _issued_today(db, day, service)
        reason = _closed_reason(db, env, svc, issued, at)
        if reason:
            raise _conflict(reason, service=service)
        seq = db.execute(
            "INSERT INTO sequences (day, service, last) VALUES (?, ?, 1)"
            " ON CONFLICT(day, service) DO UPDATE SET last = last + 1 RETURNING last",
            [day, service],
        ).fetchone()[0]
        ticket = repo.insert_ticket(
            db,
            Ticket(
                service=service,
                number=format_number(service, seq),
                seq=seq,
                day=day,
                priority=priority,
                token=env.new_token(),
                issued_at=at,
                queued_at=at,
                arrived_at=at,
            ),
        )
        if request_id is not None:
            db.execute("UPDATE tickets SET request_id = ? WHERE id = ?", [request_id, ticket.id])
        if issued_by is not None:
            db.execute("UPDATE tickets SET issued_by = ? WHERE id = ?", [issued_by, ticket.id])
        repo.add_event(
            db,
            ticket_id=ticket.id,
            action="issue",
            at=at,
            day=day,
            to_status=Status.WAITING,
            data={"priority": priority} if priority else None,
        )
        assert ticket.id is not None
        if printing is not None:
            add_print_job(db, ticket.id, printing, at)
    events = [Event("ticket_issued", {"ticket": ticket}), Event("queue_changed", {"services": [service]})]
    if printing is not None:
        events.append(Event("print_requested", {"kiosk": printing.kiosk}))
    return ticket, events


def add_print_job(db: Database, ticket_id: int, printing: PrintRequest, at: float) -> None:
    db.execute(
        "INSERT INTO print_jobs (ticket_id, kiosk, lang, base_url, created_at, not_before) VALUES (?, ?, ?, ?, ?, ?)",
        [ticket_id, printing.kiosk, printing.lang, printing.base_url, at, at],
    )


def reprint(db: Database, env: Env, ticket_id: int, printing: PrintRequest) -> tuple[Ticket, list[Event]]:
    """Print a ticket again (after a printer failure), for the citizen holding it today."""
    at = env.clock()
    with immediate(db):
        ticket = repo.get_ticket(db, ticket_id)
        if ticket is None:
            raise _not_found("unknown_ticket")
        if ticket.day != env.today(at):
            raise _conflict("ticket_expired")
        assert ticket.id is not None
        add_print_job(db, ticket.id, printing, at)
        repo.add_event(
            db,
            ticket_id=ticket.id,
            action="reprint",
            at=at,
            day=ticket.day,
            from_status=ticket.status,
            to_status=ticket.status,
            data={"kiosk": printing.kiosk},
        )
    return ticket, [Event("print_requested", {"kiosk": printing.kiosk})]


def _issued_today(db: Database, day: str, service: str) -> int:
    rows = list(db.query("SELECT last FROM sequences WHERE day = ? AND service = ?", [day, service]))
    return rows[0]["last"] if rows else 0


def _closed_reason(
    db: Database, env: Env, svc: dict[str, Any], issued: int, at: float, opts: dict[str, Any] | None = None
) -> str | None:
    opts = opts or load_options(db)
    return closed_reason(
        active=bool(svc["active"]),
        sessions=svc["sessions"],
        daily_cap=svc["daily_cap"],
        issued_today=issued,
        at=at,
        tz=env.tz,
        enforce_hours=bool(opts["enforce_hours"]),
        working_days=opts["working_days"],
        holidays=opts["holidays"],
        closed_early_on=opts["closed_early_on"],
    )


def ahead_of(db: Database, ticket: Ticket) -> int:
    """Waiting tickets of the same field that will be called before this one, in the order the centre's priority
    policy calls them (`policy.call_order`, the rule of call-next), from the history of the counter that called
    this field last."""
    if ticket.status is not Status.WAITING:
        return 0
    last = db.execute(
        "SELECT e.counter FROM events e JOIN tickets t ON t.id = e.ticket_id WHERE e.day = ?"
        " AND e.action = 'call' AND t.service = ? ORDER BY e.id DESC LIMIT 1",
        [ticket.day, ticket.service],
    ).fetchone()
    policy = _policy(db)
    history = repo.recent_call_priorities(db, last[0], ticket.day, last=policy.every) if last else []
    before, other = repo.line_place(db, ticket)
    return ahead_in_order(
        policy, history, priority=ticket.priority is not None, before_in_line=before, other_line=other
    )


# ---------------------------------------------------------------- counters


def _counter(db: Database, number: int) -> dict[str, Any]:
    counter = repo.counter_row(db, number)
    if counter is None:
        raise _not_found("unknown_counter", counter=number)
    return counter


def _held_counter(db: Database, actor: Actor, number: int, *, must_be_open: bool = True) -> dict[str, Any]:
    counter = _counter(db, number)
    if counter["clerk_id"] != actor.user_id:
        raise _forbidden("not_your_counter", counter=number)
    if must_be_open and counter["state"] == "paused":
        raise _conflict("counter_paused", counter=number)
    return counter


def _counter_event(db: Database, number: int) -> Event:
    return Event("counter_changed", {"counter": number})


def open_counter(db: Database, env: Env, actor: Actor, number: int) -> tuple[dict[str, Any], list[Event]]:
    at = env.clock()
    events: list[Event] = []
    with immediate(db):
        counter = _counter(db, number)
        if counter["clerk_id"] not in (None, actor.user_id):
            raise _conflict("counter_taken", counter=number)
        # A clerk sits at one counter: taking this one releases any other they held, if idle.
        others = db.query("SELECT number FROM counters WHERE clerk_id = ? AND number != ?", [actor.user_id, number])
        for other in list(others):
            busy = repo.active_ticket_at(db, other["number"], env.today(at))
            if busy:
                raise _conflict("counter_busy", counter=other["number"], number=busy.number)
            db.execute("UPDATE counters SET state = 'closed', clerk_id = NULL WHERE number = ?", [other["number"]])
            repo.add_event(
                db,
                ticket_id=None,
                action="counter_close",
                at=at,
                day=env.today(at),
                counter=other["number"],
                clerk_id=actor.user_id,
            )
            events.append(_counter_event(db, other["number"]))
        if counter["state"] != "open" or counter["clerk_id"] != actor.user_id:
            db.execute("UPDATE counters SET state = 'open', clerk_id = ? WHERE number = ?", [actor.user_id, number])
            repo.add_event(
                db,
                ticket_id=None,
                action="counter_open",
                at=at,
                day=env.today(at),
                counter=number,
                clerk_id=actor.user_id,
            )
        counter = _counter(db, number)
    return counter, [
        *events,
        _counter_event(db, number),
        Event("queue_changed", {"services": counter["services"], "waiting": False}),
    ]


def set_counter_state(
    db: Database, env: Env, actor: Actor, number: int, state: str
) -> tuple[dict[str, Any], list[Event]]:
    """Close, pause or resume (state `open`) a counter the actor holds; a manager may close any."""
    at = env.clock()
    with immediate(db):
        counter = _counter(db, number)
        if counter["clerk_id"] != actor.user_id and not (actor.is_manager and state == "closed"):
            raise _forbidden("not_your_counter", counter=number)
        if counter["state"] == "closed" and state != "closed":
            raise _conflict("counter_closed", counter=number)
        busy = repo.active_ticket_at(db, number, env.today(at))
        if busy and state != "open":
            raise _conflict("counter_busy", counter=number, number=busy.number)
        clerk = None if state == "closed" else counter["clerk_id"]
        db.execute("UPDATE counters SET state = ?, clerk_id = ? WHERE number = ?", [state, clerk, number])
        action = {"closed": "counter_close", "paused": "counter_pause", "open": "counter_resume"}[state]
        repo.add_event(
            db, ticket_id=None, action=action, at=at, day=env.today(at), counter=number, clerk_id=actor.user_id
        )
        counter = _counter(db, number)
    return counter, [
        _counter_event(db, number),
        Event("queue_changed", {"services": counter["services"], "waiting": False}),
    ]


def counters_held_by(db: Database, user_id: int) -> list[int]:
    return [r["number"] for r in db.query("SELECT number FROM counters WHERE clerk_id = ? ORDER BY number", [user_id])]


def get_ticket(db: Database, ticket_id: int) -> Ticket | None:
    return repo.get_ticket(db, ticket_id)


def service_list(db: Database) -> list[dict[str, Any]]:
    """Every service (field) row, in kiosk order."""
    return repo.service_rows(db)


def ticket_by_token(db: Database, token: str) -> Ticket | None:
    """The ticket behind a status-page token (the token, not the id, is what the citizen holds)."""
    return repo.get_ticket_by_token(db, token) if 8 <= len(token) <= 64 else None


def follow_transfers(db: Database, ticket: Ticket) -> Ticket:
    """Where the citizen holding `ticket` is now: a transfer hands them on to a new ticket."""
    seen = 0
    while ticket.status is Status.TRANSFERRED and seen < 20:
        rows = list(db.query("SELECT * FROM tickets WHERE transferred_from = ?", [ticket.id]))
        if not rows:
            break
        ticket, seen = repo.ticket_from_row(rows[0]), seen + 1
    return ticket


def counter_exists(db: Database, number: Any) -> bool:
    return isinstance(number, int) and not isinstance(number, bool) and repo.counter_row(db, number) is not None


# ---------------------------------------------------------------- calling


def _policy(db: Database) -> PriorityPolicy:
    opts = load_options(db)
    return PriorityPolicy(opts["priority_policy"], int(opts["priority_every"]))


def _call(db: Database, env: Env, actor: Actor, counter: dict[str, Any], ticket: Ticket, at: float) -> Ticket:
    called = apply(ticket, Action.CALL, at=at, counter=counter["number"], clerk_id=actor.user_id)
    repo.update_ticket(db, ticket, called)
    repo.add_event(
        db,
        ticket_id=ticket.id,
        action="call",
        at=at,
        day=called.day,
        from_status=ticket.status,
        to_status=called.status,
        counter=counter["number"],
        clerk_id=actor.user_id,
    )
    return called


def _ensure_idle(db: Database, counter: dict[str, Any], day: str) -> None:
    if counter["state"] != "open":
        code = "counter_closed" if counter["state"] == "closed" else "counter_paused"
        raise _conflict(code, counter=counter["number"])
    busy = repo.active_ticket_at(db, counter["number"], day)
    if busy:
        raise _conflict("counter_busy", counter=counter["number"], number=busy.number)


def _called_events(ticket: Ticket, *, recall: bool = False) -> list[Event]:
    return [
        Event("ticket_called", {"ticket": ticket, "recall": recall}),
        Event("queue_changed", {"services": [ticket.service]}),
        Event("counter_changed", {"counter": ticket.counter}),
    ]


def call_next(db: Database, env: Env, actor: Actor, number: int) -> tuple[Ticket | None, list[Event]]:
    at = env.clock()
    day = env.today(at)
    with immediate(db):
        called = _call_next(db, env, actor, number, at, day)
    return called, _called_events(called) if called else []


def _call_next(
    db: Database, env: Env, actor: Actor, number: int, at: float, day: str, counter: dict[str, Any] | None = None
) -> Ticket | None:
    """`counter`: its row as read in this transaction already (by `_held_counter`)."""
    if counter is None:
        counter = _held_counter(db, actor, number)
    _ensure_idle(db, counter, day)
    # The same pure rule as ever, fed only what it can choose from: the head of each line, and the counter's
    # last `every` calls (all an interleave decision looks at); the cost does not grow with the queue.
    policy = _policy(db)
    heads = repo.line_heads(db, day, counter["services"])
    chosen = choose_next(
        heads, counter["services"], policy, repo.recent_call_priorities(db, number, day, last=policy.every)
    )
    return None if chosen is None else _call(db, env, actor, counter, chosen, at)


CLOSING = (Action.FINISH, Action.NO_SHOW)  # what may end the ticket at a counter in the same press as the next call


def close_and_call_next(
    db: Database, env: Env, actor: Actor, number: int, ticket_id: int, action: Action
) -> tuple[tuple[Ticket, Ticket | None], list[Event]]:
    """ "Hoàn thành, gọi số tiếp": the ticket at the counter is finished (or marked a no-show) and the next one
    called, in one transaction — a clerk's most frequent pair of presses as one. `ticket_id` is the ticket the
    clerk sees at the counter: if another is there now (a second screen, a manager), nothing changes (409).
    If nobody waits, the ticket is still closed and the answer's next ticket is None."""
    if action not in CLOSING:
        raise ValueError("only finish or no-show closes a ticket before the next call")
    at = env.clock()
    day = env.today(at)
    with immediate(db):
        counter = _held_counter(db, actor, number)
        current = repo.active_ticket_at(db, number, day)
        if current is None or current.id != ticket_id:
            pressed = repo.get_ticket(db, ticket_id)
            raise _conflict("not_at_counter", counter=number, number=pressed.number if pressed else f"#{ticket_id}")
        ticket, closed, extra = _act(db, env, actor, ticket_id, action, at, day, None, known=current, mine=counter)
        # Finishing or a no-show leaves the counter's row as it was; refused (a closed counter): the close is undone
        called = _call_next(db, env, actor, number, at, day, counter)
    events = _acted_events(ticket, closed, action) + extra + (_called_events(called) if called else [])
    return (closed, called), events


def call_ticket(
    db: Database, env: Env, actor: Actor, number: int, *, ticket_id: int | None = None, ticket_number: str | None = None
) -> tuple[Ticket, list[Event]]:
    """Call one waiting ticket out of order (by id, or by its printed number)."""
    at = env.clock()
    day = env.today(at)
    with immediate(db):
        counter = _held_counter(db, actor, number)
        _ensure_idle(db, counter, day)
        if ticket_id is not None:
            ticket = repo.get_ticket(db, ticket_id)
        else:  # as typed: "d3" is D003; a number not waiting says what it is now
            printed = read_number(ticket_number or "") or (ticket_number or "")
            ticket = repo.find_ticket_by_number(db, day, printed, [Status.WAITING])
            if ticket is None:
                ticket = repo.find_ticket_by_number(db, day, printed, list(Status))
                if ticket is None:
                    raise _not_found("unknown_number", number=printed)
                raise _conflict("ticket_not_waiting", number=printed, status=ticket.status.value)
        if ticket is None:
            raise _not_found("unknown_ticket")
        if ticket.day != day:
            raise _conflict("ticket_expired")
        if ticket.service not in counter["services"] and not actor.is_manager:
            raise _forbidden("not_your_ticket")
        called = _call(db, env, actor, counter, ticket, at)
    return called, _called_events(called)


# ---------------------------------------------------------------- actions on a ticket


def act(
    db: Database, env: Env, actor: Actor, ticket_id: int, action: Action, *, service: str | None = None
) -> tuple[Ticket, list[Event]]:
    """Recall, start, finish, no-show, requeue, return, park, resume, cancel or transfer one ticket."""
    if action is Action.CALL:
        raise ValueError("use call_next or call_ticket")
    if action is Action.EXPIRE:
        raise ValueError("only the day close expires tickets (server.services.day_close)")
    at = env.clock()
    day = env.today(at)
    with immediate(db):
        ticket, after, extra = _act(db, env, actor, ticket_id, action, at, day, service)
    return after, _acted_events(ticket, after, action) + extra


def _act(
    db: Database,
    env: Env,
    actor: Actor,
    ticket_id: int,
    action: Action,
    at: float,
    day: str,
    service: str | None,
    known: Ticket | None = None,
    mine: dict[str, Any] | None = None,
) -> tuple[Ticket, Ticket, list[Event]]:
    """`act` inside its transaction: the ticket before and after, and the events only this action has. `known`:
    the ticket as read in this transaction already; `mine`: the counter the actor holds and presses at, as read
    in this transaction already (else the first counter they hold is read)."""
    extra: list[Event] = []
    ticket = known if known is not None and known.id == ticket_id else repo.get_ticket(db, ticket_id)
    if ticket is None:
        raise _not_found("unknown_ticket")
    if ticket.day != day:
        raise _conflict("ticket_expired")
    if mine is not None:
        my_counter: dict[str, Any] | None = mine
    else:
        held = counters_held_by(db, actor.user_id)
        my_counter = repo.counter_row(db, held[0]) if held else None
    _check_authority(actor, ticket, action, my_counter)
    if (ticket.status, action) not in TRANSITIONS:
        raise IllegalTransition(ticket.status, action)
    if action is Action.RESUME:
        if my_counter is None:
            raise _forbidden("not_your_ticket")
        _ensure_idle(db, my_counter, day)
        after = apply(ticket, action, at=at, counter=my_counter["number"], clerk_id=actor.user_id)
    else:
        after = apply(ticket, action, at=at)
    if action is Action.TRANSFER:
        target = repo.service_row(db, service or "")
        if target is None:
            raise _not_found("unknown_service", service=service)
        if target["code"] == ticket.service:
            raise ServiceError("same_service", service=service)
        if not target["active"]:
            raise _conflict("service_closed", service=service)
    repo.update_ticket(db, ticket, after)
    repo.add_event(
        db,
        ticket_id=ticket.id,
        action=action.value,
        at=at,
        day=day,
        from_status=ticket.status,
        to_status=after.status,
        counter=after.counter or ticket.counter,
        clerk_id=actor.user_id,
        data={"service": service} if action is Action.TRANSFER else None,
    )
    if action is Action.FINISH:
        extra = [ratings.open_request(db, after, at)]
        outbox.record(db, "ticket.finished", after.id, at)
    if action is Action.TRANSFER:
        assert target is not None
        copy = repo.insert_ticket(db, replace(transferred_copy(ticket, target["code"], at), token=env.new_token()))
        repo.add_event(
            db,
            ticket_id=copy.id,
            action="transfer_in",
            at=at,
            day=day,
            to_status=copy.status,
            counter=ticket.counter,
            clerk_id=actor.user_id,
            data={"from": ticket.id},
        )
        extra = [Event("ticket_issued", {"ticket": copy}), Event("queue_changed", {"services": [copy.service]})]
    return ticket, after, extra


def _acted_events(ticket: Ticket, after: Ticket, action: Action) -> list[Event]:
    events = [Event("ticket_changed", {"ticket": after, "action": action.value})]
    if action in (Action.RECALL, Action.RESUME):
        return _called_events(after, recall=action is Action.RECALL)
    # Wall displays show waiting counts and the number at each counter: they are told only when those change.
    waiting = Status.WAITING in (ticket.status, after.status)
    events += [Event("queue_changed", {"services": [after.service], "waiting": waiting})]
    if after.counter or ticket.counter:
        events.append(
            Event("counter_changed", {"counter": after.counter or ticket.counter, "wall": action is not Action.START})
        )
    return events


def _check_authority(actor: Actor, ticket: Ticket, action: Action, my_counter: dict[str, Any] | None) -> None:
    """Who may touch a ticket: the clerk holding its counter; for a waiting or returning citizen, a clerk
    whose counter serves its service; a manager always."""
    if actor.is_manager:
        return
    if my_counter is None:
        raise _forbidden("not_your_ticket")
    at_my_counter = ticket.counter == my_counter["number"]
    serves_it = ticket.service in my_counter["services"]
    if ticket.status in ACTIVE or ticket.status is Status.PARKED:
        ok = at_my_counter
    elif ticket.status in (Status.WAITING, Status.NO_SHOW):
        ok = at_my_counter or serves_it
    else:
        ok = at_my_counter
    if not ok:
        raise _forbidden("not_your_ticket")


# ---------------------------------------------------------------- reading the live state


def _open_counters(db: Database) -> Mapping[str, int]:
    """How many open counters serve each field (read once per counters' stamp: shared, never changed)."""

    def read() -> dict[str, int]:
        counts: dict[str, int] = {}
        for counter in repo.counter_rows(db):
            if counter["state"] == "open":
                for code in counter["services"]:
                    counts[code] = counts.get(code, 0) + 1
        return counts

    return repo.read_once_per_counters_stamp(db, "open", read)


def _service_time(db: Database, day: str, code: str, default_s: float) -> float:
    """The typical service time of a field: from today's last 20 services, else the default."""
    durations = [
        r["d"]
        for r in db.query(
            "SELECT ended_at - started_at AS d FROM tickets WHERE day = ? AND service = ? AND status = 'done'"
            " AND started_at IS NOT NULL ORDER BY ended_at DESC LIMIT 20",
            [day, code],
        )
    ]
    return typical_service_time(durations, default_s)


@dataclass(frozen=True)
class ServiceStats:
    """One field's queue now: waiting, longest current wait, open counters, typical service time, estimate,
    whether it issues numbers (and why not)."""

    code: str
    name: str
    name_en: str
    icon: str
    waiting: int
    longest_wait_s: int
    open_counters: int
    service_time_s: int
    estimated_wait_s: int
    open: bool
    closed_reason: str | None
    issued_today: int
    daily_cap: int | None


def queue_stats(db: Database, env: Env, codes: list[str] | None = None) -> list[ServiceStats]:
    """Per service: its ServiceStats (payloads.service_stats sends them)."""
    at = env.clock()
    day = env.today(at)
    opts = load_options(db)
    services = [s for s in repo.service_rows(db) if codes is None or s["code"] in codes]
    only = "" if codes is None else " AND service IN ({})".format(",".join("?" * len(codes)))
    waiting = {
        r["service"]: r
        for r in db.query(
            "SELECT service, count(*) AS n, min(queued_at) AS oldest FROM tickets"
            f" WHERE day = ? AND status = 'waiting'{only} GROUP BY service",
            [day, *(codes or [])],
        )
    }
    issued = {
        r["service"]: r["last"]
        for r in db.query(f"SELECT service, last FROM sequences WHERE day = ?{only}", [day, *(codes or [])])
    }
    open_counts = _open_counters(db)
    stats = []
    for svc in services:
        code = svc["code"]
        service_time = _service_time(db, day, code, opts["default_service_time_s"])
        n = waiting.get(code, {}).get("n", 0)
        oldest = waiting.get(code, {}).get("oldest")
        reason = _closed_reason(db, env, svc, issued.get(code, 0), at, opts)
        stats.append(
            ServiceStats(
                code=code,
                name=svc["name_vi"],
                name_en=svc["name_en"],
                icon=svc["icon"],
                waiting=n,
                longest_wait_s=int(at - oldest) if oldest else 0,
                open_counters=open_counts.get(code, 0),
                service_time_s=int(service_time),
                estimated_wait_s=estimated_wait_s(n, service_time, open_counts.get(code, 0)),
                open=reason is None,
                closed_reason=reason,
                issued_today=issued.get(code, 0),
                daily_cap=svc["daily_cap"],
            )
        )
    return stats


def estimate_for(
    db: Database, env: Env, ticket: Ticket, ahead: int, serving: Sequence[dict[str, Any]] | None = None
) -> int:
    """The wait of someone with `ahead` people before them: the two inputs of queue_stats' estimate, alone
    (`serving`: the counters serving the ticket's field, `repo.counters_serving`, when the caller has them)."""
    service_time = int(_service_time(db, env.today(), ticket.service, load_options(db)["default_service_time_s"]))
    serving = repo.counters_serving(db, ticket.service) if serving is None else serving
    return estimated_wait_s(ahead, service_time, sum(c["state"] == "open" for c in serving))
