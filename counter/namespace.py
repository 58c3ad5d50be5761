"""/counter for logged-in clerks (their counter's room) and /rating for the tablet of one counter."""

from __future__ import annotations

from typing import Any

from flask_socketio import ConnectionRefusedError, join_room

from server import auth, payloads, rooms
from server.realtime import SnapshotNamespace, command
from server.services import queue, ratings
from server.services.base import ServiceError
from server.web import error_body, get_db, hub, run


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
        h = hub()  # the page draws from the view alone: it is all a workstation is sent
        return {"view": payloads.counter_view(get_db(), h.env, actor.user_id, h.shared, wire=True)}

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
