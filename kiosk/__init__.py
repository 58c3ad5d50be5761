"""The touch kiosk where citizens take a number: its Socket.IO namespace (/kiosk)."""

from __future__ import annotations

from typing import Any

from kiosk.namespace import KioskNamespace


def register(app: Any, socketio: Any) -> None:
    socketio.on_namespace(KioskNamespace("/kiosk"))
