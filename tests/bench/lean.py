"""The load clients' HTTP: one kept-alive HTTP/1.1 connection (http.client), JSON bodies and the session cookie.

On a two-core box the load clients share the cores with the server they measure. Through `requests` a client
spent about 1.2 ms of CPU on each request, more than half of what the server spends answering it (about 2 ms):
at 500 requests a second the clients alone took more than half a core from the server. Through `LeanSession`
a request costs its client about 0.3 ms alone, 0.4–0.6 ms in the bench's client processes (the bench prints it).
It speaks just what the bench sends (the subset of `requests.Session` the phases call: `post`, `get`, `headers`,
`cookies`), and every answer is still read whole and checked by the phase. A connection that fails is dropped and
the request counted as failed (`requests.ConnectionError` or `ReadTimeout`, as `requests` would raise them: never
sent again, a POST may have been done); the next request opens a new one. A kept-alive connection the server
closed while it was idle (`request_timeout_s`: a connection that sends nothing for that long is dropped) is
noticed before it is used, and a new one is opened, as `requests` does: nothing was sent on it.
"""

from __future__ import annotations

import http.client
import json as jsonlib
import select
from email.message import Message
from typing import Any
from urllib.parse import urlsplit

import requests


def _closed_by_server(conn: http.client.HTTPConnection) -> bool:
    """Whether an idle kept-alive connection can no longer be used: the server closed it (it reads as ready, at
    its end) or anything else is waiting on it unasked."""
    sock = conn.sock
    if sock is None:
        return False
    poller = select.poll()
    poller.register(sock, select.POLLIN)
    return bool(poller.poll(0))


class Reply:
    """An answer read whole: `status_code`, `headers` (any case), `content`, `text`, `json()`, `ok`."""

    def __init__(self, status: int, headers: Message, content: bytes):
        self.status_code, self.headers, self.content = status, headers, content

    @property
    def ok(self) -> bool:
        return self.status_code < 400

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body as JSON; ValueError when it is not JSON (as requests raises it)."""
        return jsonlib.loads(self.content)

    def raise_for_status(self) -> None:
        if not self.ok:
            raise requests.HTTPError(f"HTTP {self.status_code}: {self.text[:200]}")


class LeanSession:
    """A client of one server (`base`: http://host:port) over one kept-alive connection, with the cookies it was
    given (`Set-Cookie`: name and value, sent back on every request) and `headers` added to every request.
    `sent`: requests made. Not for threads to share: one session a clerk, a kiosk or a thread."""

    def __init__(self, base: str, timeout: float = 30):
        parts = urlsplit(base)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"an http://host:port address, not {base!r}")
        self.host, self.port, self.timeout = parts.hostname, parts.port or 80, timeout
        self.headers: dict[str, str] = {}
        self.cookies: dict[str, str] = {}
        self.sent = 0
        self._conn: http.client.HTTPConnection | None = None

    def post(self, url: str, json: Any = None, headers: dict[str, str] | None = None, timeout: float = 0) -> Reply:
        return self.request("POST", url, json, headers, timeout)

    def get(self, url: str, headers: dict[str, str] | None = None, timeout: float = 0) -> Reply:
        return self.request("GET", url, None, headers, timeout)

    def request(
        self, method: str, url: str, json: Any = None, headers: dict[str, str] | None = None, timeout: float = 0
    ) -> Reply:
        parts = urlsplit(url)
        if parts.hostname and (parts.hostname, parts.port or 80) != (self.host, self.port):
            raise ValueError(f"this session talks to {self.host}:{self.port} only, not {url!r}")
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        sending = {**self.headers, **(headers or {})}
        body = None
        if json is not None:
            body = jsonlib.dumps(json).encode()
            sending["Content-Type"] = "application/json"
        elif method == "POST":
            body = b""
        if self.cookies:
            sending["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.sent += 1
        wait = timeout or self.timeout
        try:
            if self._conn is not None and _closed_by_server(self._conn):
                self.close()
            if self._conn is None:
                self._conn = http.client.HTTPConnection(self.host, self.port, timeout=wait)
            elif self._conn.sock is not None:
                self._conn.sock.settimeout(wait)
            self._conn.request(method, target, body, sending)
            answer = self._conn.getresponse()
            content = answer.read()
            if answer.will_close:
                self.close()
        except TimeoutError as exc:
            self.close()
            raise requests.ReadTimeout(f"{method} {target}: no answer in {wait:g} s") from exc
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            raise requests.ConnectionError(f"{method} {target}: {type(exc).__name__}: {exc}") from exc
        for value in answer.headers.get_all("Set-Cookie") or []:
            cookie, _, attributes = value.partition(";")
            key, _, val = (part.strip() for part in cookie.partition("="))
            gone = "max-age=0" in attributes.lower().replace(" ", "") or not val
            if gone:
                self.cookies.pop(key, None)  # the server deleted it (a logout)
            else:
                self.cookies[key] = val
        return Reply(answer.status, answer.headers, content)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class LeanSocket:
    """A load client's Socket.IO connection to one namespace, as lean as `LeanSession`: Engine.IO 4 over a
    websocket (websocket-client), no threads. `call(event, data)` sends the event and reads frames until its ack,
    answering the server's pings on the way and dropping what else arrives (the change notices a workstation
    hears). python-socketio's own client started a thread for every event it received: with twenty clerks'
    connections hearing every notice it spent about 4.5 ms of CPU a press, twice what the server spent."""

    def __init__(self, base: str, namespace: str, cookies: dict[str, str], timeout: float = 30):
        import websocket

        parts = urlsplit(base)
        url = f"ws://{parts.hostname}:{parts.port or 80}/socket.io/?EIO=4&transport=websocket"
        cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
        self.namespace, self.sent, self._next = namespace, 0, 0
        # No UTF-8 check in pure Python (11 ms for a workstation's 38 KB view, more than the server took to make it,
        # on the cores it shares with the server): the text is decoded by Python's own decoder, which refuses bad UTF-8.
        self.ws = websocket.create_connection(
            url, header=[f"Cookie: {cookie}"], timeout=timeout, skip_utf8_validation=True
        )
        opened = self.ws.recv()
        if not opened.startswith("0"):
            raise ConnectionError(f"no Engine.IO open packet: {opened[:80]!r}")
        self.ws.send(f"40{namespace},{{}}")
        while True:
            frame = self._frame()
            if frame.startswith(f"44{namespace},"):
                raise ConnectionError(f"refused: {frame[len(namespace) + 3 :][:200]}")
            if frame.startswith(f"40{namespace},"):
                return

    def _frame(self) -> str:
        """The next frame that is not a ping (pings are answered)."""
        while True:
            frame = self.ws.recv()
            if frame == "2":
                self.ws.send("3")
                continue
            return frame

    def call(self, event: str, data: Any) -> Any:
        """Send `event` with `data` and return its ack's first value (TimeoutError, or a websocket error, when the
        answer does not come)."""
        self._next += 1
        self.sent += 1
        ack = self._next
        self.ws.send(f"42{self.namespace},{ack}" + jsonlib.dumps([event, data]))
        head = f"43{self.namespace},{ack}["
        while True:
            frame = self._frame()
            if frame.startswith(head):
                return jsonlib.loads(frame[len(head) - 1 :])[0]

    def close(self) -> None:
        self.ws.close()
