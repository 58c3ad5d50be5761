"""How `xephang serve` holds up against many or silent connections: timeouts, a connection ceiling, open files.

Standard library only at the top: the entry point uses it before eventlet patches anything.
"""

from __future__ import annotations

import resource
from typing import Any

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
        `socket_timeout` s."""

        def handle_one_request(self) -> None:
            self.connection.settimeout(request_timeout)
            super().handle_one_request()

        def parse_request(self) -> bool:  # the request line has arrived
            self.connection.settimeout(socket_timeout)
            return bool(super().parse_request())

    return TimedRequestHandler
