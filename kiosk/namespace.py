"""/kiosk: the services with live counts on connect, issuing a ticket (and its print job) through the ack."""

from __future__ import annotations

from typing import Any

from flask_socketio import ConnectionRefusedError, join_room

from server import payloads, rooms
from server.realtime import SnapshotNamespace, command
from server.services import queue
from server.services.base import ServiceError
from server.services.queue import ticket_by_token
from server.web import count_issue, get_db, hub, print_request, request_key, run


class KioskNamespace(SnapshotNamespace):
    role = "kiosk"
    device_kind = "kiosk"

    def _print_request(self, data: dict[str, Any], device: Any) -> Any:
        """Print on this kiosk's own printer: the one its pairing names (a demo local kiosk says which)."""
        asked = data.get("kiosk", "main")
        return print_request(device.printer(asked) if device else asked, data.get("lang", "vi"))

    def on_issue_ticket(self, data: Any = None) -> dict[str, Any]:
        def issue() -> dict[str, Any]:
            if not isinstance(data, dict) or not isinstance(data.get("service"), str):
                raise ServiceError("bad_request", detail="service is required")
            priority = data.get("priority")
            if priority is not None and not isinstance(priority, str):
                raise ServiceError("bad_request", detail="wrong type for priority")
            device, _ = self.connected()  # checked once: still paired
            printing = self._print_request(data, device)
            count_issue(device)
            ticket = run(
                queue.issue_ticket,
                data["service"],
                priority,
                printing=printing,
                request_id=request_key(data.get("request_id"), device),
            )
            return {"ticket": payloads.issued(get_db(), hub().env, ticket)}

        return command(issue)

    def on_reprint(self, data: Any = None) -> dict[str, Any]:
        """Print again the ticket this kiosk just issued (the token proves it holds it)."""

        def again() -> dict[str, Any]:
            token = data.get("token") if isinstance(data, dict) else None
            ticket = ticket_by_token(get_db(), token) if isinstance(token, str) else None
            if ticket is None:
                raise ServiceError("unknown_ticket", 404)
            run(queue.reprint, ticket.id, self._print_request(data, self.connected()[0]))
            return {}

        return command(again)


class TicketNamespace(SnapshotNamespace):
    """/ticket: the citizen's phone, following one ticket by its token (and the ticket a transfer led to)."""

    role = "ticket"

    def _follow(self, auth: dict[str, Any]) -> dict[str, Any] | None:
        from kiosk.views import ticket_status

        token = auth.get("token")
        status = ticket_status(token) if isinstance(token, str) else None
        if status is not None:
            join_room(rooms.ticket(status["token"]))
        return status

    def rooms_for(self, auth: dict[str, Any]) -> list[str]:
        token = auth.get("token")
        if not isinstance(token, str) or queue.ticket_by_token(get_db(), token) is None:
            raise ConnectionRefusedError("unknown_ticket")
        return [rooms.ticket(token)]

    def snapshot(self, auth: dict[str, Any]) -> dict[str, Any]:
        return self._follow(auth) or {}

    def on_snapshot(self, data: Any = None) -> dict[str, Any]:
        return self._follow(data if isinstance(data, dict) else {}) or {}
