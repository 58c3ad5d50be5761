"""Test helpers: an advanceable clock, a live server process on a free port, Socket.IO listeners."""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import os
import signal
import socket
import sqlite3
import struct
import subprocess
import sys
import threading
import time
import wave
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import requests

from display.voice import RATE

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
    from server.services import devices

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
    config = {
        "kiosk": {"kiosk": auth.get("kiosk", "main")},
        "display": {"group": auth.get("group") or "*"},
        "rating": {"counter": auth.get("counter")},
    }[kind]
    token = pair_device(app, kind, config)
    return app.extensions["socketio"].test_client(app, namespace=namespace, auth={**auth, "device": token}, **kwargs)


def wait_until(condition: Any, timeout: float = 15.0, what: str = "condition") -> None:
    """Poll `condition` until it is true; fail after `timeout` seconds naming `what`."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"{what} not met in {timeout} s"
        time.sleep(0.05)


MIDNIGHT_MARGIN_S = 60  # longer than the longest test (27 s in session 25's CI)


def before_midnight_s(now: dt.datetime, margin_s: float = MIDNIGHT_MARGIN_S) -> float:
    """How long a test starting at `now` (aware, in the centre's zone) waits so as not to straddle the centre's
    midnight: none unless the midnight is less than `margin_s` away, else until a second past it. A test that fills
    a queue at 23:59:50 and calls it at 00:00:05 finds the numbers restarted and its tickets expired, which is right
    for the centre and wrong for the test (midnight is tested on purpose, under libfaketime: test_midnight_live)."""
    midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), tzinfo=now.tzinfo)
    left = (midnight - now).total_seconds()
    return left + 1.0 if left < margin_s else 0.0


def noon_zone() -> dict[str, str]:
    """A server's time zone one whose clock reads about noon now, for a live server that a module or a long test
    keeps for a minute or more (the midnight guard in tests/conftest.py covers one test's start, not that): one that
    crossed the centre's midnight found the queue it had filled the day before (a CI run at 17:00 UTC, midnight in
    Hanoi, called nobody from 12 waiting tickets)."""
    offset = (12 - dt.datetime.now(dt.UTC).hour + 12) % 24 - 12  # hours from UTC, -12..11
    return {"XEPHANG_TIMEZONE": f"Etc/GMT{-offset:+d}"}  # the Etc/GMT names count westward


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
        cmd = [
            sys.executable,
            "-m",
            "server.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--data",
            self.data_dir,
            "--async-mode",
            self.mode,
        ]
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
        return {**os.environ, "PYTHONUNBUFFERED": "1", "XEPHANG_KIOSK_TICKETS_PER_MINUTE": "1000000", **self.extra_env}

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

    def __init__(
        self, url: str, namespace: str, events: list[str], auth: dict | None = None, cookie: str | None = None
    ):
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
        self.client.connect(
            self.url,
            namespaces=[self.namespace],
            auth=self.auth,
            headers=self.headers,
            transports=["websocket"],
            wait_timeout=10,
        )
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


def sql(server: LiveServer, statement: str, *params) -> list[tuple]:
    db = sqlite3.connect(f"{server.data_dir}/xephang.db")
    try:
        with db:
            return db.execute(statement, params).fetchall()
    finally:
        db.close()


# ---------------------------------------------------------------- acting as a user


def issue(client, service="A", priority=None):
    body = {"service": service} if priority is None else {"service": service, "priority": priority}
    r = client.post("/api/tickets", json=body)
    assert r.status_code == 201, r.json
    return r.json


def log_in(page, server, path="/admin"):
    page.goto(server.url + path)
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "admin")
    page.click("#login-form button[type=submit]")
    from playwright.sync_api import expect

    expect(page.locator("#main")).to_be_visible()


def tone(freq: float, seconds: float, rate: int = RATE, channels: int = 1) -> bytes:
    frames = bytearray()
    for i in range(int(rate * seconds)):
        sample = struct.pack("<h", int(12000 * math.sin(2 * math.pi * freq * i / rate)))
        frames += sample * channels
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(frames))
    return out.getvalue()


# ---------------------------------------------------------------- reading Vietnamese number words back

UNITS = {
    "không": 0,
    "một": 1,
    "mốt": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "lăm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
}


def parse(words):
    """An independent reader: Vietnamese number words back to the number."""
    total = 0
    thousand = next((w for w in ("nghìn", "ngàn") if w in words), None)
    if thousand:
        k = words.index(thousand)
        total += UNITS[words[k - 1]] * 1000
        words = words[k + 1 :]
    if "trăm" in words:
        k = words.index("trăm")
        total += UNITS[words[k - 1]] * 100
        words = words[k + 1 :]
    if words and words[0] in ("linh", "lẻ"):
        return total + UNITS[words[1]]
    if words and words[0] == "mười":
        return total + 10 + (UNITS[words[1]] if len(words) > 1 else 0)
    if len(words) >= 2 and words[1] == "mươi":
        return total + UNITS[words[0]] * 10 + (UNITS[words[2]] if len(words) > 2 else 0)
    return total + (UNITS[words[0]] if words else 0)


def evening_at_the_centre(db, env, clock) -> dict[str, int]:
    """Monday 23/11/2026 from 15:00, left as the issue found it at midnight: A001 served at counter 1, A002 being
    served there, A003 called at counter 2, A004 waiting; B001 transferred to C (waiting there), B002 cancelled;
    K001 on hold at counter 3; C001 a no-show at counter 4. Returns the issued tickets' ids by number."""
    from server.core.tickets import Action
    from server.services import queue
    from server.services.base import Actor

    c1, c2, c3, c4 = (Actor(n + 1, "clerk") for n in (1, 2, 3, 4))  # canbo1..canbo4 (user 1 is the admin)
    clock.now = at(2026, 11, 23, 15, 0)
    ids = {t.number: t.id for t in (queue.issue_ticket(db, env, s)[0] for s in "AAAABBCK")}
    for number, clerk in enumerate((c1, c2, c3, c4), start=1):
        queue.open_counter(db, env, clerk, number)
    clock.advance(600)
    queue.call_next(db, env, c1, 1)
    queue.act(db, env, c1, ids["A001"], Action.START)
    clock.advance(600)
    queue.act(db, env, c1, ids["A001"], Action.FINISH)
    queue.call_next(db, env, c1, 1)
    queue.act(db, env, c1, ids["A002"], Action.START)
    queue.call_next(db, env, c2, 2)
    queue.call_ticket(db, env, c3, 3, ticket_id=ids["B001"])
    queue.act(db, env, c3, ids["B001"], Action.START)
    queue.act(db, env, c3, ids["B001"], Action.TRANSFER, service="C")
    queue.act(db, env, c3, ids["B002"], Action.CANCEL)
    queue.call_ticket(db, env, c3, 3, ticket_id=ids["K001"])
    queue.act(db, env, c3, ids["K001"], Action.START)
    queue.act(db, env, c3, ids["K001"], Action.PARK)
    queue.call_ticket(db, env, c4, 4, ticket_id=ids["C001"])
    queue.act(db, env, c4, ids["C001"], Action.NO_SHOW)
    return ids


# ---------------------------------------------------------------- screens and sockets


# Each element's text with the contrast it is read at (WCAG's formula): its colour over its backgrounds, the whole
# faded by the opacity of it and its ancestors over what lies under the outermost faded one. `group`: the ancestor
# whose class names each row is returned with.
CONTRASTS = """([selector, group]) => {
  const rgba = (s) => {
    const m = s.match(/[\\d.]+/g).map(Number);
    return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1];
  };
  const over = (top, under) => top.slice(0, 3).map((v, i) => v * top[3] + under[i] * (1 - top[3]));
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const background = (el) => {
    const chain = [];
    for (let a = el; a; a = a.parentElement) chain.unshift(a);
    return chain.reduce((c, a) => over(rgba(getComputedStyle(a).backgroundColor), c), [255, 255, 255]);
  };
  return [...document.querySelectorAll(selector)].map((el) => {
    let opacity = 1, faded = null;
    for (let a = el; a; a = a.parentElement) {
      const o = Number(getComputedStyle(a).opacity);
      if (o < 1) { opacity *= o; faded = a; }
    }
    const under = faded ? background(faded.parentElement) : [255, 255, 255], own = background(el);
    const text = over([...over(rgba(getComputedStyle(el).color), own), opacity], under);
    const [hi, lo] = [lum(text), lum(over([...own, opacity], under))].sort((a, b) => b - a);
    return [el.closest(group).className, el.textContent.trim(), Math.round((hi + 0.05) / (lo + 0.05) * 100) / 100];
  });
}"""


def log_in_at_counter(page, server, username="canbo1", counter=1):
    """Log a clerk in on the counter workstation page and wait for the work screen."""
    from playwright.sync_api import expect

    page.goto(f"{server.url}/counter?counter={counter}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "demo")
    page.click("#login-form button[type=submit]")
    expect(page.locator("#work")).to_be_visible()
    expect(page.locator("#counter-name")).to_have_text(f"Quầy {counter}")


def act_at_counter(page, action):
    """Press a counter action button and wait for its answer."""
    from playwright.sync_api import expect

    page.click(f'.actions [data-action="{action}"]')
    expect(page.locator("#feedback")).not_to_have_text("Đang thực hiện…")


def connect(sio, app, namespace, auth=None, client=None):
    if namespace in ("/kiosk", "/display", "/rating"):  # paired devices
        c = device_socket(app, namespace, auth, flask_test_client=client)
    else:
        c = sio.test_client(app, namespace=namespace, auth=auth, flask_test_client=client)
    assert c.is_connected(namespace)
    return c


def events(c, namespace):
    return [(e["name"], e["args"][0] if e["args"] else None) for e in c.get_received(namespace)]


# ---------------------------------------------------------------- the voice backlog

BACKLOG_CASES = json.loads((Path(ROOT) / "tests" / "core" / "backlog_cases.json").read_text(encoding="utf-8"))["cases"]


def play_backlog(case: dict) -> list:
    """Run a shared case's ops; the steps said, as [ticket, form, chime, again] or None."""
    from server.core.backlog import Backlog, Call, called, moved_on, next_step

    voice, out = Backlog(), []
    for op in case["ops"]:
        if op[0] == "call":
            voice = called(voice, Call(op[1], op[2], op[3]))
        elif op[0] == "moved_on":
            voice = moved_on(voice, op[1])
        else:
            voice, step = next_step(voice, case["repeat"])
            out.append(None if step is None else [step.call.ticket_id, step.form, step.chime, step.again])
    return out


def close_all(listeners: list[Listener]) -> None:
    """Disconnect several listeners at once. Each disconnect waits up to 3 s for the server's websocket close frame,
    which a threading-mode server often leaves unsent: one after the other, nine listeners took 20 s."""
    threads = [threading.Thread(target=listener.close) for listener in listeners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
