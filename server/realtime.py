"""Shared shape of the role namespaces: a full snapshot on every (re)connect, then pushed deltas."""

from __future__ import annotations

from typing import Any

from flask_socketio import Namespace, emit, join_room

from server import payloads
from server.web import get_db, hub


class SnapshotNamespace(Namespace):
    """Subclasses name their role; on connect they join rooms, then get `<role>_snapshot`."""

    role = ""

    def rooms_for(self, auth: dict[str, Any]) -> list[str]:
        return []

    def snapshot(self, auth: dict[str, Any]) -> dict[str, Any]:
        return payloads.snapshot(get_db(), hub().env)

    def on_connect(self, auth: dict[str, Any] | None = None) -> None:
        auth = auth if isinstance(auth, dict) else {}
        for room in self.rooms_for(auth):  # may raise ConnectionRefusedError
            join_room(room)
        emit(f"{self.role}_snapshot", self.snapshot(auth))  # to this client only

    def on_snapshot(self, data: Any = None) -> dict[str, Any]:
        """A client may ask again at any time (after waking from sleep, say): the ack carries it."""
        return self.snapshot({})


def command(fn: Any) -> Any:
    """Run a client → server command; its ack is the result, or {error, message} when refused."""
    from server.core.tickets import IllegalTransition
    from server.services import ServiceError
    from server.web import error_body

    try:
        return {"ok": True, **fn()}
    except ServiceError as exc:
        return error_body(exc.code, **exc.params)
    except IllegalTransition as exc:
        return error_body("illegal_transition", action=exc.action.value, status=exc.status.value)


def register_screen(app: Any, name: str, path: str) -> None:
    """Add a page to the list printed at start and shown on the home page."""
    app.config.setdefault("SCREENS", []).append((name, path))
