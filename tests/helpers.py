"""Test helpers: an advanceable clock, a live server process on a free port, Socket.IO listeners."""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from typing import Any
from zoneinfo import ZoneInfo

import requests

VN = ZoneInfo("Asia/Ho_Chi_Minh")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def at(year: int, month: int, day: int, hour: int = 8, minute: int = 0, second: int = 0) -> float:
    """Epoch seconds of a local (Vietnam) time."""
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=VN).timestamp()


class Clock:
    """A fixed clock the test moves by hand: never sleep() to make time pass."""

    def __init__(self, start: float):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def pair_device(app: Any, kind: str, config: dict[str, Any], address: str = "192.0.2.10") -> str:
    """A device of `kind` paired (as a manager would) for a test: its token."""
    from server import devices

    hub = app.extensions["xephang"]
    db = hub.connect()
    try:
        return devices.request_pairing(db, hub.env, kind, config, address, auto=True)[0]["token"]
    finally:
        db.close()


def device_socket(app: Any, namespace: str, auth: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    """A Socket.IO test client for a paired kiosk, display or tablet (paired first, for its auth's job)."""
    auth = dict(auth or {})
    kind = namespace.strip("/")
    config = {"kiosk": {"kiosk": auth.get("kiosk", "main")}, "display": {"group": auth.get("group") or "*"},
              "rating": {"counter": auth.get("counter")}}[kind]
    token = pair_device(app, kind, config)
    return app.extensions["socketio"].test_client(app, namespace=namespace, auth={**auth, "device": token}, **kwargs)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """`xephang serve` in its own process on 127.0.0.1 and a free port, through the real entry point."""

    def __init__(self, data_dir: str, mode: str = "eventlet", demo: bool = True, env: dict[str, str] | None = None):
        self.data_dir = data_dir
        self.mode = mode
        self.demo = demo
        self.extra_env = env or {}
        self.port = 0
        self.proc: subprocess.Popen | None = None
        self.log_path = os.path.join(data_dir, f"server-{id(self)}.log")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30, port: int | None = None) -> LiveServer:
        """Start (or restart, on the same `port`) and wait until it answers."""
        os.makedirs(self.data_dir, exist_ok=True)
        self.port = port or free_port()
        cmd = [sys.executable, "-m", "server.cli", "serve", "--host", "127.0.0.1", "--port", str(self.port),
               "--data", self.data_dir, "--async-mode", self.mode]
        if self.demo:
            cmd.append("--demo")
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=self.environ(), stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}:\n{self.log()}")
            try:
                if requests.get(self.url + "/api/health", timeout=1).ok:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"server did not come up in {timeout}s:\n{self.log()}")

    def environ(self) -> dict[str, str]:
        """The server's environment. Load tests issue hundreds of tickets from one address: the flood limit is
        lifted here (and tested on its own); `make bench` prints it with every other non-default setting."""
        return {**os.environ, "PYTHONUNBUFFERED": "1", "XEPHANG_KIOSK_TICKETS_PER_MINUTE": "1000000",
                **self.extra_env}

    def log(self) -> str:
        with open(self.log_path, encoding="utf-8", errors="replace") as fh:
            return fh.read()

    def kill9(self) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)
        self._log.close()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        if getattr(self, "_log", None) and not self._log.closed:
            self._log.close()

    def login(self, username: str, password: str = "demo") -> requests.Session:
        session = requests.Session()
        session.headers["X-XepHang"] = "1"  # as our own pages do (anti-CSRF)
        r = session.post(self.url + "/api/login", json={"username": username, "password": password}, timeout=10)
        r.raise_for_status()
        return session


class Listener:
    """A real python-socketio client on one namespace that records every event it receives."""

    def __init__(self, url: str, namespace: str, events: list[str], auth: dict | None = None,
                 cookie: str | None = None):
        import socketio

        self.namespace = namespace
        self.received: list[tuple[str, Any]] = []
        self.cond = threading.Condition()
        self.client = socketio.Client(reconnection=True, reconnection_delay=0.1, reconnection_delay_max=0.5)
        for name in events:
            self.client.on(name, self._recorder(name), namespace=namespace)
        self.url = url
        self.auth = auth
        self.headers = {"Cookie": cookie} if cookie else {}

    def _recorder(self, name: str):
        def record(data: Any = None) -> None:
            with self.cond:
                self.received.append((name, data))
                self.cond.notify_all()

        return record

    def connect(self) -> Listener:
        self.client.connect(self.url, namespaces=[self.namespace], auth=self.auth, headers=self.headers,
                            transports=["websocket"], wait_timeout=10)
        return self

    def wait_for(self, name: str, count: int = 1, timeout: float = 10) -> list[Any]:
        """The payloads of the first `count` events called `name`, waiting up to `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                got = [d for n, d in self.received if n == name]
                if len(got) >= count:
                    return got[:count]
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{self.namespace}: {count} x {name} not received; got {self.names()}")
                self.cond.wait(left)

    def call(self, event: str, data: Any = None, timeout: float = 10) -> Any:
        """Emit with an ack once the namespace is (re)connected."""
        deadline = time.monotonic() + timeout
        while self.namespace not in self.client.namespaces:
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.namespace} did not (re)connect")
            time.sleep(0.02)
        return self.client.call(event, data, namespace=self.namespace, timeout=timeout)

    def names(self) -> list[str]:
        return [n for n, _ in self.received]

    def of(self, name: str) -> list[Any]:
        with self.cond:
            return [d for n, d in self.received if n == name]

    def clear(self) -> None:
        with self.cond:
            self.received.clear()

    def close(self) -> None:
        self.client.disconnect()


def session_cookie(session: requests.Session) -> str:
    return "; ".join(f"{k}={v}" for k, v in session.cookies.items())
