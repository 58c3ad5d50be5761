"""Dossier codes (mã hồ sơ) linked to tickets: by the clerk at the counter, or by the one-stop software.

A code is checked against the centre's `dossier_pattern` option. Linking the same code twice changes nothing;
every link and unlink is an event row and an audit row, and a link is told to the one-stop software through
the outbox (`dossier.linked`) in the same transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

from sqlite_utils import Database

from server.core.tickets import Status, Ticket
from server.options import load_options
from server.services import outbox
from server.services.base import Actor, Env, Event, ServiceError, conflict, forbidden, not_found, write_audit
from server.store import repo
from server.store.db import immediate

MAX_PER_TICKET = 20
# A dossier is received while the citizen is served; the code may still be linked after finishing, that day.
LINKABLE = (Status.SERVING, Status.PARKED, Status.DONE, Status.TRANSFERRED)


def check_code(db: Database, code: Any) -> str:
    """The code without surrounding spaces, or a refusal naming the expected shape."""
    pattern = str(load_options(db)["dossier_pattern"])
    text = code.strip() if isinstance(code, str) else ""
    try:
        ok = bool(text) and re.fullmatch(pattern, text) is not None
    except re.error:
        raise ServiceError("dossier_pattern_broken", 500, pattern=pattern) from None
    if not ok:
        raise ServiceError("dossier_code_invalid", dossier=text[:60], pattern=pattern)
    return text


def pattern_problem(value: Any) -> str | None:
    """Why `value` cannot be the dossier_pattern option, or None: a regular expression of at most 200 characters."""
    if not isinstance(value, str) or not 1 <= len(value) <= 200:
        return "a regular expression of 1 to 200 characters"
    try:
        re.compile(value)
    except re.error as exc:
        return f"not a valid regular expression: {exc}"
    return None


def _changed(db: Database, ticket: Ticket, codes: tuple[str, ...]) -> Ticket:
    db.execute(
        "UPDATE tickets SET dossiers = ? WHERE id = ?",
        [repo.ticket_to_row(dataclasses.replace(ticket, dossiers=codes))["dossiers"], ticket.id],
    )
    found = repo.get_ticket(db, ticket.id or 0)
    assert found is not None
    return found


def _events(ticket: Ticket, action: str) -> list[Event]:
    return [Event("ticket_changed", {"ticket": ticket, "action": action})]


def _mine(db: Database, actor: Actor, ticket: Ticket) -> None:
    """The clerk holding the ticket's counter, or a manager."""
    if actor.is_manager:
        return
    held = db.execute("SELECT number FROM counters WHERE clerk_id = ?", [actor.user_id]).fetchall()
    if ticket.counter is None or ticket.counter not in [n for (n,) in held]:
        raise forbidden("not_your_ticket")


def _event(db: Database, ticket: Ticket, action: str, at: float, clerk_id: int | None, data: dict[str, Any]) -> None:
    """The event row of a link or unlink: the ticket's status does not change."""
    repo.add_event(
        db,
        ticket_id=ticket.id,
        action=action,
        at=at,
        day=ticket.day,
        from_status=ticket.status,
        to_status=ticket.status,
        counter=ticket.counter,
        clerk_id=clerk_id,
        data=data,
    )


def _link(db: Database, ticket: Ticket, code: str, at: float, clerk_id: int | None, by: str) -> Ticket | None:
    """Inside a transaction: add `code` (None when it was already there)."""
    if code in ticket.dossiers:
        return None
    if len(ticket.dossiers) >= MAX_PER_TICKET:
        raise conflict("too_many_dossiers", n=MAX_PER_TICKET)
    after = _changed(db, ticket, (*ticket.dossiers, code))
    _event(db, ticket, "dossier_link", at, clerk_id, {"code": code, "by": by})
    outbox.record(db, "dossier.linked", ticket.id, at, code=code, by=by)
    return after


def link(db: Database, env: Env, actor: Actor, ticket_id: int, code: Any) -> tuple[Ticket, list[Event]]:
    """The clerk (or a manager) links a dossier code, typed or scanned, to a ticket being served or served today."""
    at = env.clock()
    with immediate(db):
        code = check_code(db, code)
        ticket = _ticket_now(db, env, actor, ticket_id, at)
        after = _link(db, ticket, code, at, actor.user_id, "counter")
        if after is None:
            return ticket, []
        write_audit(
            db,
            actor,
            "dossier.link",
            f"ticket:{ticket.id}",
            {"number": ticket.number, "dossiers": list(ticket.dossiers)},
            {"number": ticket.number, "dossiers": list(after.dossiers)},
            at,
        )
    return after, _events(after, "dossier_link")


def unlink(db: Database, env: Env, actor: Actor, ticket_id: int, code: Any) -> tuple[Ticket, list[Event]]:
    """Remove a code linked by mistake (audited)."""
    at = env.clock()
    with immediate(db):
        ticket = _ticket_now(db, env, actor, ticket_id, at)
        text = code.strip() if isinstance(code, str) else ""
        if text not in ticket.dossiers:
            raise not_found("unknown_dossier", dossier=text[:60])
        after = _changed(db, ticket, tuple(c for c in ticket.dossiers if c != text))
        _event(db, ticket, "dossier_unlink", at, actor.user_id, {"code": text})
        write_audit(
            db,
            actor,
            "dossier.unlink",
            f"ticket:{ticket.id}",
            {"number": ticket.number, "dossiers": list(ticket.dossiers)},
            {"number": ticket.number, "dossiers": list(after.dossiers)},
            at,
        )
    return after, _events(after, "dossier_unlink")


def _ticket_now(db: Database, env: Env, actor: Actor, ticket_id: int, at: float) -> Ticket:
    ticket = repo.get_ticket(db, ticket_id)
    if ticket is None:
        raise not_found("unknown_ticket")
    _mine(db, actor, ticket)
    if ticket.day != env.today(at):
        raise conflict("ticket_expired")
    if ticket.status not in LINKABLE:
        raise conflict("dossier_not_now", status=ticket.status.value)
    return ticket


def link_by_number(
    db: Database, env: Env, token: dict[str, Any], number: Any, day: Any, code: Any
) -> tuple[dict[str, Any], list[Event]]:
    """The one-stop software links a code to the ticket printed `number` on `day` (the one served: a
    transferred citizen's last ticket that reached a counter)."""
    at = env.clock()
    try:
        day = dt.date.fromisoformat(day).isoformat() if isinstance(day, str) and len(day) == 10 else ""
    except ValueError:
        day = ""
    if not isinstance(number, str) or not day:
        raise ServiceError("bad_request", detail="ticket is the printed number (A015), day is YYYY-MM-DD")
    marks = ",".join("?" * len(LINKABLE))
    with immediate(db):
        code = check_code(db, code)
        rows = list(
            db.query(
                f"SELECT * FROM tickets WHERE day = ? AND number = ? AND status IN ({marks}) ORDER BY id DESC LIMIT 1",
                [day, number.strip().upper(), *[s.value for s in LINKABLE]],
            )
        )
        if not rows:
            raise not_found("unknown_ticket")
        ticket = repo.ticket_from_row(rows[0])
        after = _link(db, ticket, code, at, None, f"token:{token['name']}")
        if after is not None:
            write_audit(
                db,
                None,
                "dossier.link",
                f"ticket:{ticket.id}",
                {"dossiers": list(ticket.dossiers)},
                {"number": ticket.number, "dossiers": list(after.dossiers)},
                at,
                username=f"token:{token['name']}",
            )
    result = after or ticket
    return {
        "ticket_id": result.id,
        "number": result.number,
        "day": result.day,
        "dossiers": list(result.dossiers),
        "linked": after is not None,
    }, _events(result, "dossier_link") if after else []
