"""The touch kiosk where citizens take a number, and the citizen's own status page behind the QR."""

from __future__ import annotations

from typing import Any

from kiosk.namespace import KioskNamespace, TicketNamespace
from kiosk.views import bp
from server.realtime import register_screen


def register(app: Any, socketio: Any) -> None:
    app.register_blueprint(bp)
    socketio.on_namespace(KioskNamespace("/kiosk"))
    socketio.on_namespace(TicketNamespace("/ticket"))
    register_screen(app, "screen.kiosk", "/kiosk")
    register_screen(app, "screen.status", "/t/<token>")
