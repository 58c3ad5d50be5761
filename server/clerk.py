"""A clerk's actions at a counter, from a request's fields to its reply. The JSON API's routes (server/api.py) and
the counter workstation's Socket.IO events (counter/namespace.py) run these same functions: the same checks, the
same use cases, the same replies, whichever way the press arrives."""

from __future__ import annotations

from typing import Any

from server import payloads
from server.core.tickets import Action
from server.services import queue
from server.services.base import Actor, ServiceError
from server.web import check, get_db, hub, language, print_request, run

TICKET_ACTIONS = {a.value: a for a in Action if a not in (Action.CALL, Action.EXPIRE)}  # expire: the day close only
COUNTER_CHANGES = {"close": "closed", "pause": "paused", "resume": "open"}


def _counter(row: dict[str, Any]) -> dict[str, Any]:
    return payloads.counter(get_db(), hub().env, row)


def open_counter(actor: Actor, number: int, data: Any) -> dict[str, Any]:
    check(data, {})
    return _counter(run(queue.open_counter, actor, number))


def change_counter(actor: Actor, number: int, change: str, data: Any) -> dict[str, Any]:
    """Close, pause or resume (back to work) the counter."""
    if change not in COUNTER_CHANGES:
        raise ServiceError("not_found", 404)
    check(data, {})
    return _counter(run(queue.set_counter_state, actor, number, COUNTER_CHANGES[change]))


def call_next(actor: Actor, number: int, data: Any) -> dict[str, Any]:
    """The next ticket for this counter. With {"close": "finish" | "no-show", "ticket": id}: the ticket at the
    counter is first finished (or marked a no-show), in the same transaction ("Hoàn thành, gọi số tiếp")."""
    data = check(data, {"close": (str, False), "ticket": (int, False)})
    if ("close" in data) != ("ticket" in data):
        raise ServiceError("bad_request", detail="give close and ticket together, or neither")
    tz = hub().env.tz
    if "close" not in data:
        ticket = run(queue.call_next, actor, number)
        return {"ticket": payloads.ticket(ticket, tz) if ticket else None}
    closing = {a.value: a for a in queue.CLOSING}
    if data["close"] not in closing:
        raise ServiceError("bad_request", detail="close must be finish or no-show")
    closed, ticket = run(queue.close_and_call_next, actor, number, data["ticket"], closing[data["close"]])
    return {"ticket": payloads.ticket(ticket, tz) if ticket else None, "closed": payloads.ticket(closed, tz)}


def call_specific(actor: Actor, number: int, data: Any) -> dict[str, Any]:
    """Call one ticket out of turn, by its id or the number the citizen shows."""
    data = check(data, {"ticket": (int, False), "number": (str, False)})
    if ("ticket" in data) == ("number" in data):
        raise ServiceError("bad_request", detail="give exactly one of ticket, number")
    if "number" in data and not data["number"].strip():
        raise ServiceError("bad_request", detail="number is empty")
    ticket = run(
        queue.call_ticket,
        actor,
        number,
        ticket_id=data.get("ticket"),
        ticket_number=data.get("number", "").strip().upper() or None,
    )
    return {"ticket": payloads.ticket(ticket, hub().env.tz)}


def ticket_action(actor: Actor, ticket_id: int, action: str, data: Any) -> dict[str, Any]:
    """Finish, no-show, recall, park, resume, requeue or transfer (with {"service": code}) one ticket."""
    if action not in TICKET_ACTIONS:
        raise ServiceError("not_found", 404)
    data = check(data, {"service": (str, True)} if action == "transfer" else {})
    ticket = run(queue.act, actor, ticket_id, TICKET_ACTIONS[action], service=data.get("service"))
    return payloads.ticket(ticket, hub().env.tz)


def reprint(ticket_id: int, data: Any) -> dict[str, Any]:
    """Print the ticket again on a kiosk's printer (`main` unless named)."""
    data = check(data, {"kiosk": (str, False)})
    ticket = run(queue.reprint, ticket_id, print_request(data.get("kiosk", "main"), language()))
    return payloads.ticket(ticket, hub().env.tz)


def workstation(user_id: int, wire: bool = False) -> dict[str, Any]:
    """What the clerk's workstation shows, `{"view"}`: its socket's snapshot, and `GET /api/me/workstation` while the
    socket is down (`wire`: the view's JSON made once while it shows the same, for the socket's packet)."""
    h = hub()
    return {"view": payloads.counter_view(get_db(), h.env, user_id, h.shared, wire=wire)}
