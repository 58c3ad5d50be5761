"""Shared shape of the role namespaces: a full snapshot on every (re)connect, then pushed deltas."""

from __future__ import annotations

import json
import logging
import re
import secrets
import sqlite3
from typing import Any

import flask_socketio
import socketio
from engineio import json as engineio_json
from flask import request
from flask_socketio import ConnectionRefusedError, emit, join_room

from server import payloads, rooms
from server.services import devices
from server.services.base import ServiceError
from server.web import error_body, get_db, hub, storage_refusal

log = logging.getLogger("xephang")


def socket_id() -> str:
    """The Socket.IO session id of the event being handled (Flask-SocketIO sets it on the request)."""
    return str(request.sid)  # type: ignore[attr-defined]


class WireJSON:
    """The JSON of the packets the hub sends: engineio's, with each `payloads.Encoded` part put in as the text
    it was made into once (a hundred workstations' answers share the hall's parts). A part first goes in as a
    mark — a string that starts with a NUL and a secret of this process — then the mark, quoted, is replaced by
    the text. A mark is never inside a string (a quote there follows a backslash); and if the marks found are not
    exactly those put in (a client wrote one, somehow knowing the secret), the packet is written again with the
    parts' values instead, without splicing."""

    MARK = "\x00" + secrets.token_hex(8) + ":"
    _QUOTED = re.compile(r"(?<!\\)" + re.escape(json.dumps(MARK)[:-1]) + r'([0-9]+)"')

    @classmethod
    def dumps(cls, obj: Any, **kwargs: Any) -> str:
        parts: list[str] = []

        def default(o: Any) -> Any:
            if isinstance(o, payloads.Encoded):
                parts.append(o.text)
                return f"{cls.MARK}{len(parts) - 1}"
            return cls._plain(o)  # raises: nothing else is written by this hook

        text = json.dumps(obj, default=default, **kwargs)
        if not parts:
            return text
        if cls._QUOTED.findall(text) != [str(n) for n in range(len(parts))]:
            return json.dumps(obj, default=cls._plain, **kwargs)
        return cls._QUOTED.sub(lambda m: parts[int(m.group(1))], text)

    @staticmethod
    def _plain(o: Any) -> Any:
        if isinstance(o, payloads.Encoded):
            return json.loads(o.text)
        raise TypeError(f"Object of type {type(o).__name__} is not JSON serializable")

    loads = staticmethod(engineio_json.loads)


class TextPacket(socketio.packet.Packet):
    """Socket.IO packets as the hub sends them: JSON text only (the print agent's job bytes travel as base64).
    python-socketio walks every value of every packet it sends looking for bytes — a third of the work of
    answering a counter workstation's snapshot; here that walk is skipped. What a client sends is decoded as
    before, binary packets included."""

    uses_binary_events = False
    json = WireJSON


RESERVED = ("connect", "disconnect", "connect_error")  # Socket.IO's own event names


class Namespace(flask_socketio.Namespace):
    """Every namespace of the hub: a client cannot send Socket.IO's own `connect` or `disconnect` as an event, and
    an event the namespace does not take is answered {error: unknown_event}.

    Socket.IO runs the real ones while the socket is not (or no longer) counted as connected; a handler of a
    reserved name called for a socket still connected is a client-sent event, and is ignored.
    """

    def trigger_event(self, event: str, *args: Any) -> Any:
        if event in RESERVED:
            if self.socketio.server.manager.is_connected(args[0], self.namespace):
                return None
        elif not isinstance(event, str) or not hasattr(self, "on_" + event):
            # An event this namespace does not take is answered, as any refusal is: an empty ack told the client
            # nothing. Nothing runs, the socket stays.
            return self.socketio._handle_event(self._unknown_event, event, self.namespace, *args)
        return super().trigger_event(event, *args)

    def _unknown_event(self, *_: Any) -> dict[str, Any]:
        return error_body("unknown_event")


class SnapshotNamespace(Namespace):
    """Subclasses name their role; on connect they join rooms, then get `<role>_snapshot`.

    A namespace with a `device_kind` accepts only a paired device of that kind (server/devices.py); the
    job the server recorded for the device (its printer, display group or counter) overrides whatever the
    client asks for, and every command checks again that the device has not been revoked.
    """

    role = ""
    device_kind: str | None = None

    def __init__(self, namespace: str):
        super().__init__(namespace)
        self.clients: dict[str, tuple[devices.Device | None, dict[str, Any]]] = {}  # sid -> device, its auth

    def rooms_for(self, auth: dict[str, Any]) -> list[str]:
        return []

    def snapshot(self, auth: dict[str, Any]) -> dict[str, Any]:
        h = hub()
        return payloads.snapshot(get_db(), h.env, h.shared)

    def snapshot_on_connect(self, auth: dict[str, Any]) -> bool:
        """Whether a socket gets its snapshot as it connects (every screen draws from it)."""
        return True

    def on_connect(self, auth: dict[str, Any] | None = None) -> None:
        auth = auth if isinstance(auth, dict) else {}
        device = None
        if self.device_kind:
            h = hub()
            try:
                device = devices.authorize(
                    get_db(), self.device_kind, auth.get("device"), request.remote_addr, h.settings["demo"]
                )
            except ServiceError as exc:
                raise ConnectionRefusedError(exc.code) from None
            auth = {**auth, **device.config}
            if device.id is not None:
                join_room(rooms.device(device.id))
                self._seen(device)
        for room in self.rooms_for(auth):  # may raise ConnectionRefusedError
            join_room(room)
        self.clients[socket_id()] = (device, auth)
        if self.snapshot_on_connect(auth):
            emit(f"{self.role}_snapshot", self.snapshot(auth))  # to this client only

    def _seen(self, device: devices.Device) -> None:
        """Note when the device was last here; a full disk or a busy database skips the note, never the screen."""
        try:
            devices.seen(get_db(), device, hub().env.clock())
        except sqlite3.OperationalError as exc:
            if storage_refusal(exc) is None:
                raise
        else:
            hub().alarms.pop("storage", None)  # writes work again

    def on_disconnect(self, reason: Any = None) -> None:
        self.clients.pop(socket_id(), None)

    def connected(self) -> tuple[devices.Device | None, dict[str, Any]]:
        """This socket's device (checked again: not revoked since) and the auth it connected with."""
        device, auth = self.clients.get(socket_id(), (None, {}))
        if device is not None:
            devices.still_active(get_db(), device)
        return device, auth

    def on_snapshot(self, data: Any = None) -> dict[str, Any]:
        """A client may ask again at any time (after waking from sleep, say): the ack carries it."""
        return self.snapshot(self.clients.get(socket_id(), (None, {}))[1])


def command(fn: Any) -> Any:
    """Run a client → server command; its ack is the result, or {error, message} when refused."""
    from server.core.tickets import IllegalTransition
    from server.services.base import ServiceError
    from server.web import error_body

    try:
        return {"ok": True, **fn()}
    except ServiceError as exc:
        return error_body(exc.code, **exc.params)
    except IllegalTransition as exc:
        return error_body("illegal_transition", action=exc.action.value, status=exc.status.value)
    except sqlite3.OperationalError as exc:
        refusal = storage_refusal(exc)
        if refusal is None:
            log.exception("unhandled error in a socket command")
            return error_body("internal")
        return error_body(refusal.code, **refusal.params)
    except Exception:  # noqa: BLE001 - a bug: the client is answered at once (as an HTTP 500), never left waiting
        log.exception("unhandled error in a socket command")
        return error_body("internal")


def register_screen(app: Any, name: str, path: str) -> None:
    """Add a page to the list printed at start and shown on the home page."""
    app.config.setdefault("SCREENS", []).append((name, path))
