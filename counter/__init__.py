"""The clerk's counter workstation (/counter) and the rating tablet paired with each counter (/rating)."""

from __future__ import annotations

from typing import Any

from counter.namespace import CounterNamespace, RatingNamespace
from counter.views import bp
from server.realtime import register_screen


def register(app: Any, socketio: Any) -> None:
    app.register_blueprint(bp)
    socketio.on_namespace(CounterNamespace("/counter"))
    socketio.on_namespace(RatingNamespace("/rating"))
    register_screen(app, "screen.counter", "/counter")
    register_screen(app, "screen.rating", "/counter/<n>/rating")
