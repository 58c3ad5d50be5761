"""The wall display: its page, Socket.IO namespace (/display, one room per display group) and voice."""

from __future__ import annotations

from typing import Any

from display.namespace import DisplayNamespace
from display.views import bp
from display.voice import Voice
from server.realtime import register_screen


def register(app: Any, socketio: Any) -> None:
    app.register_blueprint(bp)
    app.extensions["xephang_voice"] = Voice(app.extensions["xephang"].settings["data_dir"])
    socketio.on_namespace(DisplayNamespace("/display"))
    register_screen(app, "screen.display", "/display")
