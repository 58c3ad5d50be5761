"""/printer: print agents on kiosk PCs connect here, get their kiosk's jobs and report their printer's state."""

from __future__ import annotations

import hmac
from typing import Any

from flask import current_app, request
from flask_socketio import ConnectionRefusedError, join_room

from printer.layout import profile_from_name
from server import rooms
from server.dispatch import dispatch
from server.print_worker import PrintWorker
from server.realtime import Namespace, socket_id
from server.services import devices
from server.services.base import Event, ServiceError
from server.services.print_jobs import set_printer_state
from server.web import get_db


def _worker() -> PrintWorker:
    worker = current_app.extensions["xephang"].printing
    assert isinstance(worker, PrintWorker)
    return worker


class PrinterAgentNamespace(Namespace):
    """/printer: print agents on kiosk PCs connect here, get their kiosk's jobs and report printer state."""

    def on_connect(self, auth: Any = None) -> None:
        hub = current_app.extensions["xephang"]
        auth = auth if isinstance(auth, dict) else {}
        key = hub.settings["agent_key"]
        if auth.get("device"):  # a paired kiosk's token: it prints for that kiosk only
            try:
                device = devices.authorize(get_db(), "kiosk", auth["device"], None, demo=False)
            except ServiceError:
                raise ConnectionRefusedError("agent_refused") from None
            auth = {**auth, "kiosk": device.config["kiosk"]}
            if device.id is not None:
                join_room(rooms.device(device.id))
        elif key:
            if not hmac.compare_digest(str(auth.get("key", "")), key):
                raise ConnectionRefusedError("agent_refused")
        elif hub.settings["behind_proxy"]:  # every client may come through the proxy on this machine
            raise ConnectionRefusedError("agent_key_required")
        elif request.remote_addr not in ("127.0.0.1", "::1"):
            raise ConnectionRefusedError("agent_refused")
        kiosk = auth.get("kiosk")
        if not isinstance(kiosk, str) or not kiosk or len(kiosk) > 40:
            raise ConnectionRefusedError("agent_refused")
        try:
            profile = profile_from_name(str(auth.get("profile", "80mm")))
        except ValueError as exc:
            raise ConnectionRefusedError("agent_refused") from exc
        join_room(rooms.printer(kiosk))
        _worker().agent_connected(kiosk, socket_id(), profile)

    def on_disconnect(self, reason: Any = None) -> None:
        _worker().agent_gone(socket_id())

    def on_printer_status(self, data: Any = None) -> dict[str, Any]:
        """The agent reports its printer's state (polled on the kiosk PC)."""
        hub = current_app.extensions["xephang"]
        kiosk = next((k for k, (sid, _) in _worker().agents.items() if sid == socket_id()), None)
        state = data.get("state") if isinstance(data, dict) else None
        if kiosk is None or state not in ("ready", "paper_low", "paper_out", "cover_open", "offline", "unknown"):
            return {"error": "bad_request"}
        db = hub.connect()
        try:
            if set_printer_state(db, kiosk, state, str(data.get("detail", ""))[:200], hub.env.clock()):
                dispatch(hub, db, [Event("printer_status", {"kiosk": kiosk, "state": state})])
        finally:
            db.close()
        return {"ok": True}
