"""/display: a display joins its group's room (or every group's) and gets the snapshot."""

from __future__ import annotations

from typing import Any

from server import rooms
from server.realtime import SnapshotNamespace


class DisplayNamespace(SnapshotNamespace):
    role = "display"
    device_kind = "display"

    def rooms_for(self, auth: dict[str, Any]) -> list[str]:
        group = auth.get("group")
        if isinstance(group, str) and group and group != "*":
            return [rooms.display(group)]
        return [rooms.ALL_DISPLAYS]
