"""/display: a display joins its group's room (or every group's), gets the snapshot, and reports back when
it has shown and spoken a call, which the counter that called it is told (once per call and per report)."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from server import rooms
from server.dispatch import dispatch
from server.realtime import SnapshotNamespace
from server.services import queue
from server.services.base import Event
from server.web import get_db, hub

REPORTS = ("shown", "spoken")


class DisplayNamespace(SnapshotNamespace):
    role = "display"
    device_kind = "display"

    def __init__(self, namespace: str):
        super().__init__(namespace)
        # (ticket, calls, report) already passed on: a hall of displays tells the clerk once, not once per TV.
        self.reported: OrderedDict[tuple[int, int, str], None] = OrderedDict()

    def rooms_for(self, auth: dict[str, Any]) -> list[str]:
        group = auth.get("group")
        if isinstance(group, str) and group and group != "*":
            return [rooms.display(group)]
        return [rooms.ALL_DISPLAYS]

    def _report(self, report: str, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict) or not isinstance(data.get("ticket"), int):
            return {"ok": False}
        self.connected()  # a revoked display reports nothing
        ticket = queue.get_ticket(get_db(), data["ticket"])
        if ticket is None or ticket.id is None or ticket.counter is None or data.get("calls") != ticket.calls:
            return {"ok": False}  # unknown, or a report about an earlier call of this ticket
        key = (ticket.id, ticket.calls, report)
        if key not in self.reported:
            self.reported[key] = None
            while len(self.reported) > 5000:
                self.reported.popitem(last=False)
            h = hub()
            dispatch(h, get_db(), [Event("call_reported", {"ticket": ticket, "report": report, "at": h.env.clock()})])
        return {"ok": True}

    def on_call_shown(self, data: Any = None) -> dict[str, Any]:
        return self._report("shown", data)

    def on_call_spoken(self, data: Any = None) -> dict[str, Any]:
        return self._report("spoken", data)
