"""The wall display: its Socket.IO namespace (/display), one room per display group."""

from __future__ import annotations

from typing import Any

from display.namespace import DisplayNamespace


def register(app: Any, socketio: Any) -> None:
    socketio.on_namespace(DisplayNamespace("/display"))
