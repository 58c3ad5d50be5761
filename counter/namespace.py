"""/counter for logged-in clerks (their counter's room) and /rating for the tablet of one counter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_socketio import ConnectionRefusedError, join_room

from server import auth, clerk, payloads, rooms
from server.realtime import SnapshotNamespace, command
from server.services import queue, ratings
from server.services.base import ServiceError
from server.web import check, error_body, get_db, hub, run


class CounterNamespace(SnapshotNamespace):
    role = "counter"

    def rooms_for(self, auth_data: dict[str, Any]) -> list[str]:
        actor = auth.current_actor(get_db())
        if actor is None:
            raise ConnectionRefusedError("login_required")
        return [rooms.counter(n) for n in queue.counters_held_by(get_db(), actor.user_id)]

    def snapshot(self, auth_data: dict[str, Any]) -> dict[str, Any]:
        actor = auth.current_actor(get_db())
        if actor is None:
            return error_body("login_required")
        return clerk.workstation(actor.user_id, wire=True)  # the page draws from the view alone

    def on_join_counter(self, data: Any = None) -> dict[str, Any]:
        """After opening a counter, the workstation joins that counter's room."""
        actor = auth.current_actor(get_db())
        if actor is None:
            return error_body("login_required")
        number = data.get("counter") if isinstance(data, dict) else None
        if number not in queue.counters_held_by(get_db(), actor.user_id):
            return error_body("not_your_counter", counter=number)
        join_room(rooms.counter(number))
        return {"ok": True}

    # The workstation's presses, over the socket it already holds (no HTTP request, no cookie to decode on each):
    # each runs the same function as its /api route (server/clerk.py) and answers through the ack, {"ok": true,
    # ...the route's reply} or {"error", "message"}. The login is checked again on every press, as the route does.

    def _press(self, data: Any, key: str, do: Callable[..., dict[str, Any]]) -> dict[str, Any]:
        """Run `do(actor, <data[key]>, <data less key>)` for the clerk logged in on this socket."""

        def press() -> dict[str, Any]:
            actor = auth.current_actor(get_db())
            if actor is None:
                raise ServiceError("login_required", 401)
            if not isinstance(data, dict):
                raise ServiceError("bad_request", detail="body must be a JSON object")
            target = check({key: data[key]} if key in data else {}, {key: (int, True)})[key]
            rest = {name: value for name, value in data.items() if name != key}
            return do(actor, target, rest)

        return command(press)

    def on_open_counter(self, data: Any = None) -> dict[str, Any]:
        """{counter}: this clerk opens the counter (then joins its room with join_counter, as after the route)."""
        return self._press(data, "counter", clerk.open_counter)

    def on_change_counter(self, data: Any = None) -> dict[str, Any]:
        """{counter, change: close | pause | resume}."""

        def change(actor: Any, number: int, rest: dict[str, Any]) -> dict[str, Any]:
            what = rest.pop("change", None)
            return clerk.change_counter(actor, number, what if isinstance(what, str) else "", rest)

        return self._press(data, "counter", change)

    def on_call_next(self, data: Any = None) -> dict[str, Any]:
        """{counter[, close: finish | no-show, ticket]}."""
        return self._press(data, "counter", clerk.call_next)

    def on_call_ticket(self, data: Any = None) -> dict[str, Any]:
        """{counter, ticket | number}: one ticket out of turn."""
        return self._press(data, "counter", clerk.call_specific)

    def on_ticket_action(self, data: Any = None) -> dict[str, Any]:
        """{ticket, action[, service]}: finish, no-show, recall, park, resume, requeue, transfer."""

        def act(actor: Any, ticket_id: int, rest: dict[str, Any]) -> dict[str, Any]:
            action = rest.pop("action", None)
            return {"ticket": clerk.ticket_action(actor, ticket_id, action if isinstance(action, str) else "", rest)}

        return self._press(data, "ticket", act)

    def on_reprint(self, data: Any = None) -> dict[str, Any]:
        """{ticket[, kiosk]}: print the ticket again."""
        return self._press(data, "ticket", lambda actor, ticket_id, rest: {"ticket": clerk.reprint(ticket_id, rest)})


class RatingNamespace(SnapshotNamespace):
    """The tablet of counter n: idle view, then the question when a ticket there is finished."""

    role = "rating"
    device_kind = "rating"

    def _counter(self, auth_data: dict[str, Any]) -> int:
        number = auth_data.get("counter")
        if not isinstance(number, int) or not queue.counter_exists(get_db(), number):
            raise ConnectionRefusedError("unknown_counter")
        return number

    def rooms_for(self, auth_data: dict[str, Any]) -> list[str]:
        return [rooms.counter(self._counter(auth_data))]

    def snapshot(self, auth_data: dict[str, Any]) -> dict[str, Any]:
        number = auth_data.get("counter")
        if not isinstance(number, int) or not queue.counter_exists(get_db(), number):
            return error_body("unknown_counter", counter=number)
        db, h = get_db(), hub()
        row = next(c for c in payloads.snapshot(db, h.env, h.shared)["counters"] if c["number"] == number)
        return {"counter": row, "form": ratings.form(db), "pending": ratings.pending_request(db, h.env, number)}

    def on_still_here(self, data: Any = None) -> dict[str, Any]:
        """A touch or a keystroke on the tablet: the citizen is still answering, the question stays open."""

        def extend() -> dict[str, Any]:
            _, auth_data = self.connected()
            token = data.get("token") if isinstance(data, dict) else None
            result: dict[str, Any] = run(ratings.still_here, auth_data.get("counter"), token)
            return result

        return command(extend)

    def on_submit_rating(self, data: Any = None) -> dict[str, Any]:
        def submit() -> dict[str, Any]:
            if not isinstance(data, dict):
                raise ServiceError("bad_request", detail="a rating is an object")
            _, auth_data = self.connected()
            if data.get("counter") != auth_data.get("counter"):  # a tablet rates service at its own counter only
                raise ServiceError("rating_refused", 403)
            result = run(
                ratings.submit,
                data.get("counter"),
                data.get("token"),
                data.get("score"),
                data.get("reasons"),
                data.get("dossier_code"),
                data.get("comment"),
            )
            return {"rating": result}

        return command(submit)
