"""How `xephang serve` holds up against many or silent connections: timeouts, a connection ceiling, open files.

Standard library only at the top: the entry point uses it before eventlet patches anything.
"""

from __future__ import annotations

import json
import logging
import resource
import socket
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

SOCKET_PATH = "/socket.io"  # where Socket.IO answers (Flask-SocketIO's default `socketio_path`)

log = logging.getLogger("xephang")

FILES_PER_CONNECTION_MARGIN = 256  # the database, its WAL, logs, the print worker, the listening socket


def raise_open_files(wanted: int) -> int:
    """Raise this process's open-file limit (1,024 under systemd by default) towards `wanted`, within the hard
    limit; returns the limit now in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def server_options(conf: dict[str, Any]) -> dict[str, Any]:
    """Web server options for `socketio.run`, per mode.

    Eventlet: `max_size` caps the connections served at once (each is a green thread, cheap), `keepalive` is
    how long a connection may wait before sending its request line, new or kept alive, and `socket_timeout`
    bounds every other read or write, open websockets included: Socket.IO's ping every 25 s keeps those alive.
    Threading (Werkzeug): one thread per connection, no ceiling; the same two timeouts.
    """
    if conf["async_mode"] == "eventlet":
        return {
            "max_size": conf["max_connections"],
            "keepalive": conf["request_timeout_s"],
            "socket_timeout": conf["socket_timeout_s"],
        }
    return {
        "allow_unsafe_werkzeug": True,
        "request_handler": werkzeug_handler(conf["request_timeout_s"], conf["socket_timeout_s"]),
    }


def werkzeug_handler(request_timeout: float, socket_timeout: float) -> type:
    from werkzeug.serving import WSGIRequestHandler

    class TimedRequestHandler(WSGIRequestHandler):
        """Closes a connection that sends no request line in `request_timeout` s; anything else may stall
        `socket_timeout` s. Small writes go at once (TCP_NODELAY), as in eventlet mode (server/cli.py
        serve_eventlet): a press's ack over a websocket does not wait for the client's delayed ACK."""

        def setup(self) -> None:
            super().setup()
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def handle_one_request(self) -> None:
            self.connection.settimeout(request_timeout)
            super().handle_one_request()

        def parse_request(self) -> bool:  # the request line has arrived
            self.connection.settimeout(socket_timeout)
            return bool(super().parse_request())

    return TimedRequestHandler


class SocketCeiling:
    """WSGI middleware for threading mode, where every open socket holds a few threads and 700 sockets slowed the
    whole hall down (docs/performance.md): a *new* Socket.IO connection while `limit` are open is answered 503
    `too_many_screens` with Retry-After, so the screens already connected go on, and the counters and kiosks
    through the API. A clerk's or manager's page (it carries the session cookie) and a print agent (its
    `AGENT_HEADER`) may still connect up to `staff_headroom` beyond the ceiling: a clerk reloading the
    workstation, or a kiosk's print agent restarting, is not kept out by the wall displays. Requests of connected
    sockets (their `sid`) and every other request pass untouched. Concurrent handshakes may pass the ceiling by
    the few racing at that moment."""

    RETRY_AFTER_S = 30
    WARN_EVERY_S = 60.0
    AGENT_HEADER = "HTTP_X_XEPHANG_AGENT"  # X-XepHang-Agent, sent by `xephang print-agent`

    def __init__(
        self,
        app: Callable,
        open_sockets: Callable[[], int],
        limit: int,
        path: str = SOCKET_PATH,
        session_cookie: str = "session",
    ):
        self.app, self.open_sockets, self.limit, self.path = app, open_sockets, limit, path
        self.session_cookie = session_cookie + "="
        self.staff_headroom = max(20, limit // 10)
        self._warned = float("-inf")

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO", "").startswith(self.path):
            query = parse_qs(environ.get("QUERY_STRING", ""))
            if "sid" not in query:
                count = self.open_sockets()
                if count >= self.limit + (self.staff_headroom if self._staff(environ) else 0):
                    return self._refuse(query, environ, start_response, count)
        return self.app(environ, start_response)

    def _staff(self, environ: dict[str, Any]) -> bool:
        """A page with a login session or a print agent (not checked here: Socket.IO's own connect does that; a
        client that only pretends still stops at the headroom)."""
        cookies = environ.get("HTTP_COOKIE", "")
        return self.AGENT_HEADER in environ or any(
            part.strip().startswith(self.session_cookie) for part in cookies.split(";")
        )

    def _refuse(self, query: dict, environ: dict[str, Any], start_response: Callable, count: int) -> list[bytes]:
        from server.i18n import pick_language, t

        now = time.monotonic()
        if now - self._warned >= self.WARN_EVERY_S:
            self._warned = now
            log.warning(
                "too many screens: %d connected, the ceiling in threading mode (threading_max_sockets = %d); new "
                "screens are answered 503 and retry (staff pages and print agents get %d more). A hall this size "
                "should run eventlet (async_mode).",
                count,
                self.limit,
                self.staff_headroom,
            )
        lang = pick_language((query.get("lang") or [None])[0], environ.get("HTTP_ACCEPT_LANGUAGE"))
        retry = self.RETRY_AFTER_S
        body = json.dumps(
            {
                "error": "too_many_screens",
                "message": t("error.too_many_screens", lang, limit=self.limit),
                "retry_after_s": retry,
            },
            ensure_ascii=False,
        ).encode()
        start_response(
            "503 SERVICE UNAVAILABLE",
            [
                ("Content-Type", "application/json"),
                ("Content-Length", str(len(body))),
                ("Retry-After", str(retry)),
                ("Cache-Control", "no-store"),
            ],
        )
        return [body]
