"""The clerk's counter workstation (/counter) and the rating tablet paired with each counter (/rating)."""

from __future__ import annotations

from typing import Any

from counter.namespace import CounterNamespace, RatingNamespace


def register(app: Any, socketio: Any) -> None:
    socketio.on_namespace(CounterNamespace("/counter"))
    socketio.on_namespace(RatingNamespace("/rating"))
