"""/counter for logged-in clerks (their counter's room) and /rating for the tablet of one counter."""

from __future__ import annotations

from typing import Any

from flask_socketio import ConnectionRefusedError, join_room

from server import auth, rooms, services
from server.realtime import SnapshotNamespace
from server.web import error_body, get_db


class CounterNamespace(SnapshotNamespace):
    role = "counter"

    def rooms_for(self, auth_data: dict[str, Any]) -> list[str]:
        actor = auth.current_actor(get_db())
        if actor is None:
            raise ConnectionRefusedError("login_required")
        return [rooms.counter(n) for n in services.counters_held_by(get_db(), actor.user_id)]

    def on_join_counter(self, data: Any = None) -> dict[str, Any]:
        """After opening a counter, the workstation joins that counter's room."""
        actor = auth.current_actor(get_db())
        if actor is None:
            return error_body("login_required")
        number = data.get("counter") if isinstance(data, dict) else None
        if number not in services.counters_held_by(get_db(), actor.user_id):
            return error_body("not_your_counter", counter=number)
        join_room(rooms.counter(number))
        return {"ok": True}


class RatingNamespace(SnapshotNamespace):
    role = "rating"

    def rooms_for(self, auth_data: dict[str, Any]) -> list[str]:
        number = auth_data.get("counter")
        if not services.counter_exists(get_db(), number):
            raise ConnectionRefusedError("unknown_counter")
        return [rooms.counter(number)]
