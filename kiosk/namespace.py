"""/kiosk: the services with live counts on connect, and issuing a ticket through the ack."""

from __future__ import annotations

from typing import Any

from server import payloads, services
from server.realtime import SnapshotNamespace, command
from server.services import ServiceError
from server.web import get_db, hub, run


class KioskNamespace(SnapshotNamespace):
    role = "kiosk"

    def on_issue_ticket(self, data: Any = None) -> dict[str, Any]:
        def issue() -> dict[str, Any]:
            if not isinstance(data, dict) or not isinstance(data.get("service"), str):
                raise ServiceError("bad_request", detail="service is required")
            priority = data.get("priority")
            if priority is not None and not isinstance(priority, str):
                raise ServiceError("bad_request", detail="wrong type for priority")
            ticket = run(services.issue_ticket, data["service"], priority)
            return {"ticket": payloads.issued(get_db(), hub().env, ticket)}

        return command(issue)
