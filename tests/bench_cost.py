"""`make bench-cost`: what one request costs the server, counted in machine instructions by valgrind's callgrind.

`make bench`'s rates on a shared two-core box move by a third from one run to the next, more than most changes to a
request's work; an instruction count moves by 2–4 % between runs, so a change that makes a request cheaper
shows as such on any day and any machine. The server's app runs inside the measured process (threading mode,
Flask's test client, a fresh data folder, durable commits; the client's own work is counted too, the same for every
version of the server); for each kind of request, callgrind's counters are zeroed, `--requests` requests are made
and the counters dumped. The disk's time (fsync) and the event loop's HTTP parsing are not in it: `make bench`
measures those. Two halls: the demo centre (counters with one or two fields) and a provincial one (100 counters,
7–100 serving the ten fields, as `make bench --scale province` sets them up). It prints figures and asserts nothing.

Without valgrind (`--child` alone, as its test runs it) each figure is the process's CPU time per request instead.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

CODES = list("ABCDEFGHKT")
HALLS = {
    "demo": "demo centre (counters 1–6, one or two fields each; the clerk at counter 1)",
    "province": "provincial hall (counters 7–100 serving the ten fields; the clerk at counter 7)",
}
KINDS = {
    "issue": "issue a ticket (JSON API, POST /api/tickets)",
    "call-pair": "call-next, then the no-show (two requests a call)",
    "one-press": "call-next with the no-show in the same press (one request)",
    "socket-pair": "call-next, then the no-show, as workstation socket events",
}
OUR_HEADERS = {"X-XepHang": "1"}  # as our own pages send them
MONDAY_9AM = 1795399200.0  # 2026-11-23 09:00 in Hanoi: a run never crosses midnight, whenever it is started


def _ok(response: Any, status: int = 200) -> dict[str, Any]:
    """The JSON body of an answer with the expected status; anything else stops the run with what the server said."""
    if response.status_code != status:
        raise RuntimeError(f"{response.request.path}: {response.status_code} {response.get_json()}")
    body: dict[str, Any] = response.get_json()
    return body


class Hall:
    """A fresh server app on its own data folder, a kiosk, and clerk canbo1 at the measured counter: counter 1 in
    the demo centre; in the provincial hall counters 7–100 are added serving the ten fields (1–6 keep the demo's,
    as `tests.bench.live.add_counters` leaves them) and the clerk takes counter 7. The kiosk issues tickets of the
    measured counter's fields, in turn. The clock starts on a Monday morning and runs on."""

    def __init__(self, hall: str, data_dir: str):
        from server.app import create_app

        started = time.monotonic()
        app = create_app(  # the kiosk flood limit lifted, as `make bench` does: one client issues hundreds a minute
            {"data_dir": data_dir, "demo": True, "async_mode": "threading", "kiosk_tickets_per_minute": 10**6},
            clock=lambda: MONDAY_9AM + time.monotonic() - started,
        )
        self.counter = 7 if hall == "province" else 1
        db = app.extensions["xephang"].connect()
        try:
            if hall == "province":
                every = json.dumps(CODES)
                for number in range(7, 101):
                    name = f"Quầy {number}"
                    db.execute("INSERT INTO counters (number, name, services) VALUES (?, ?, ?)", [number, name, every])
            (services,) = db.execute("SELECT services FROM counters WHERE number = ?", [self.counter]).fetchone()
            self.codes = json.loads(services)
        finally:
            db.close()
        self.kiosk, self.clerk, self.issued = app.test_client(), app.test_client(), 0
        self.post("/api/login", {"username": "canbo1", "password": "demo"})
        self.post(f"/api/counters/{self.counter}/open")
        self.at_counter: int | None = None  # the ticket one press left at the counter
        self.app, self.socket = app, None

    def connect(self) -> None:
        """The workstation's own socket to /counter, as the page holds it (its clerk's cookie, in the counter's room:
        the notices of each press reach it). Only while its kind is measured: the others' figures stay those of
        earlier sessions, with no workstation listening."""
        if self.socket is None:
            self.socket = self.app.extensions["xephang"].socketio.test_client(
                self.app, namespace="/counter", flask_test_client=self.clerk
            )
            self.emit("join_counter", {"counter": self.counter})

    def post(self, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """A request of the clerk's workstation."""
        return _ok(self.clerk.post(path, json=body, headers=OUR_HEADERS))

    def emit(self, event: str, data: dict[str, Any]) -> dict[str, Any]:
        """An event on the workstation's socket; its ack, which must say ok."""
        assert self.socket is not None
        reply = self.socket.emit(event, data, namespace="/counter", callback=True)
        self.socket.get_received("/counter")  # the notices it heard (a page reads them as they come)
        if not isinstance(reply, dict) or not reply.get("ok"):
            raise RuntimeError(f"{event}: {reply}")
        return reply

    def issue(self) -> None:
        """One ticket from the kiosk (JSON API)."""
        _ok(self.kiosk.post("/api/tickets", json={"service": self.codes[self.issued % len(self.codes)]}), 201)
        self.issued += 1

    def call_pair(self) -> None:
        """Call the next ticket, then mark it a no-show: two requests."""
        ticket = self.post(f"/api/counters/{self.counter}/call-next")["ticket"]
        self.post(f"/api/tickets/{ticket['id']}/no-show")

    def socket_pair(self) -> None:
        """Call the next ticket, then mark it a no-show: two events on the workstation's socket, as the page sends
        them (Socket.IO's packets encoded and decoded, the event's request context, the ack)."""
        self.connect()
        ticket = self.emit("call_next", {"counter": self.counter})["ticket"]
        self.emit("ticket_action", {"ticket": ticket["id"], "action": "no-show"})

    def one_press(self) -> None:
        """Mark the ticket at the counter a no-show and call the next, in one request (the first press only calls)."""
        close = {"close": "no-show", "ticket": self.at_counter} if self.at_counter else None
        self.at_counter = self.post(f"/api/counters/{self.counter}/call-next", close)["ticket"]["id"]

    def settle(self) -> None:
        """The ticket one press left at the counter marked a no-show: the counter is free for the next kind; the
        workstation's socket closed."""
        if self.at_counter:
            self.post(f"/api/tickets/{self.at_counter}/no-show")
            self.at_counter = None
        if self.socket is not None:
            self.socket.disconnect(namespace="/counter")
            self.socket = None


def _callgrind(command: str, name: str = "") -> None:
    """Ask the callgrind running this process to zero (`-z`) or dump (`-d name`) its counters. Its answer comes
    while this process sleeps; a refusal or no answer in a minute stops the run (a figure would be wrong)."""
    if not os.environ.get("XEPHANG_CALLGRIND"):
        return
    proc = subprocess.Popen(
        ["callgrind_control", command, *([name] if name else []), str(os.getpid())], stdout=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while proc.poll() is None:
        if time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"callgrind_control {command} {name}: no answer in 60 s")
        time.sleep(0.02)
    if proc.returncode != 0:
        raise RuntimeError(f"callgrind_control {command} {name}: exit {proc.returncode}")


def child(hall: str, requests: int) -> dict[str, float]:
    """Run in the measured process: each kind's `requests` requests between a zero and a dump of the counters.
    Returns each kind's CPU milliseconds per request (the figure when not under valgrind)."""
    with tempfile.TemporaryDirectory() as data_dir:
        h = Hall(hall, data_dir)
        actions: dict[str, Callable[[], None]] = {
            "issue": h.issue,
            "call-pair": h.call_pair,
            "one-press": h.one_press,
            "socket-pair": h.socket_pair,
        }
        for _ in range(3 * requests + 20):  # the line the calls drain, and a first use of every path
            h.issue()
        for action in actions.values():
            action()
            h.settle()
        cpu = {}
        for kind, action in actions.items():
            if kind == "one-press":
                action()  # a ticket at the counter: every measured press closes one and calls the next
            if kind == "socket-pair":
                h.connect()  # the workstation's socket is open before the measure, as a clerk's is all day
            _callgrind("-z")
            started = time.process_time()
            for _ in range(requests):
                action()
            cpu[kind] = (time.process_time() - started) / requests * 1000
            _callgrind("-d", kind)
            h.settle()
        return cpu


def read_dumps(prefix: str) -> dict[str, int]:
    """{kind: instructions} from the dump files callgrind wrote for `prefix` (one per `-d kind`)."""
    found = {}
    for path in glob.glob(prefix + ".*"):
        with open(path) as fh:
            text = fh.read(1 << 16)
        trigger = re.search(r"^desc: Trigger: Client Request: dump (\S+)|^desc: Trigger: dump (\S+)", text, re.M)
        summary = re.search(r"^summary: (\d+)", text, re.M)
        if trigger and summary:
            found[trigger.group(1) or trigger.group(2)] = int(summary.group(1))
    return found


def measure(hall: str, requests: int) -> dict[str, float]:
    """Millions of instructions per request of each kind, one valgrind run for the hall."""
    with tempfile.TemporaryDirectory() as out:
        prefix = os.path.join(out, "callgrind.out")
        cmd = [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={prefix}",
            "--collect-atstart=yes",
            sys.executable,
            "-m",
            "tests.bench_cost",
            "--child",
            hall,
            "--requests",
            str(requests),
        ]
        env = {**os.environ, "XEPHANG_CALLGRIND": "1", "PYTHONHASHSEED": "0"}
        done = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"valgrind run for {hall} failed:\n{done.stderr[-2000:]}")
        counts = read_dumps(prefix)
    missing = set(KINDS) - set(counts)
    if missing:
        raise RuntimeError(f"callgrind wrote no figure for {sorted(missing)}")
    return {kind: counts[kind] / requests / 1e6 for kind in KINDS}


def table(figures: dict[str, dict[str, float]], unit: str) -> str:
    """One line a kind of request, one column a hall."""
    halls = list(figures)
    width = max(len(k) for k in KINDS.values()) + 2
    lines = [f"{'request':<{width}}" + "".join(f"{h:>14}" for h in halls)]
    for kind, label in KINDS.items():
        lines.append(f"{label:<{width}}" + "".join(f"{figures[h][kind]:>11.2f} {unit}" for h in halls))
    lines += ["", *(f"{h}: {HALLS[h]}" for h in halls)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Both halls under valgrind, or (`--child`) one hall measured in this process."""
    parser = argparse.ArgumentParser(prog="python -m tests.bench_cost", description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100, help="requests of each kind (default 100)")
    parser.add_argument("--halls", default="demo,province", help="demo, province or both (default)")
    parser.add_argument("--child", choices=HALLS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        cpu = child(args.child, args.requests)
        print(table({args.child: cpu}, "ms"))
        return 0
    halls = [h.strip() for h in args.halls.split(",") if h.strip()]
    if not halls or set(halls) - set(HALLS):
        parser.error(f"--halls: one or more of {', '.join(HALLS)}")
    if not shutil.which("valgrind") or not shutil.which("callgrind_control"):
        print("bench-cost: valgrind is not installed (Debian: apt-get install valgrind; `make bench-cost` does it)")
        return 1
    print(
        "XếpHàng request cost: millions of machine instructions per request, counted by valgrind's callgrind\n"
        "server app in the measured process (threading mode, Flask test client, durable commits, the kiosk flood "
        f"limit lifted), Python {sys.version.split()[0]}, {args.requests} requests of each kind after a first use "
        "of each path; "
        "2–4 % between runs on a busy or a quiet machine\n"
    )
    figures = {}
    for hall in halls:
        started = time.monotonic()
        print(f"[bench-cost] {hall}: under valgrind …", file=sys.stderr, flush=True)
        figures[hall] = measure(hall, args.requests)
        print(f"[bench-cost] {hall}: {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    print(table(figures, "M"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
