"""Issuing from kiosk processes: through the JSON API (`POST /api/tickets`, no print job) or the way the kiosk
page does it (a paired kiosk's Socket.IO `issue_ticket` on /kiosk, with its print job); flat out, or citizens
arriving at random (Poisson) at a given rate. Every request is counted; the database is checked afterwards."""

from __future__ import annotations

import os
import random
import time
import traceback
from collections import Counter
from typing import Any

from tests.bench.lean import LeanSession
from tests.bench.live import cpu_per_request, failure, last_id, process_cpu, query, run_clients
from tests.bench.tally import Tally
from tests.helpers import LiveServer

SERVICES = "ABCDEFGHKT"
PATHS = {"http": "JSON API, POST /api/tickets", "kiosk": "kiosk page path, Socket.IO issue_ticket + print job"}


class _Http:
    def __init__(self, url: str, name: str, token: str | None):
        self.url, self.session = url, LeanSession(url)

    def issue(self, service: str, tally: Tally) -> dict[str, Any] | None:
        r = self.session.post(self.url + "/api/tickets", json={"service": service}, timeout=30)
        if r.status_code == 201:
            return r.json()
        tally.fail(failure(r))
        return None

    def close(self) -> None:
        self.session.close()


class _Kiosk:
    """The kiosk page once paired: connects to /kiosk with its device token and issues with a request id, its
    kiosk name and language."""

    def __init__(self, url: str, name: str, token: str | None):
        import socketio

        if not token:
            raise RuntimeError("pairing refused")
        self.name, self.client = name, socketio.Client(reconnection=False)
        self.client.connect(
            url, namespaces=["/kiosk"], auth={"kiosk": name, "device": token}, transports=["websocket"], wait_timeout=30
        )

    def issue(self, service: str, tally: Tally) -> dict[str, Any] | None:
        import socketio

        request = {
            "service": service,
            "priority": None,
            "kiosk": self.name,
            "lang": "vi",
            "request_id": os.urandom(12).hex(),
        }
        try:
            reply = self.client.call("issue_ticket", request, namespace="/kiosk", timeout=30)
        except socketio.exceptions.TimeoutError:
            tally.fail("no answer in 30 s")
            return None
        if isinstance(reply, dict) and reply.get("ok"):
            return reply["ticket"]
        tally.fail(f"refused {reply.get('error') if isinstance(reply, dict) else reply!r}")
        return None

    def close(self) -> None:
        self.client.disconnect()


def _client(
    url: str,
    path: str,
    name: str,
    token: str | None,
    seconds: float,
    rate: float | None,
    seed: int,
    ready: Any,
    go: Any,
    out: Any,
) -> None:
    """One kiosk: flat out, or citizens arriving at random at `rate` a second. Never vanishes: whatever
    happens, its tally is reported."""
    tally, issued = Tally(), []
    try:
        kiosk = (_Kiosk if path == "kiosk" else _Http)(url, name, token)
    except Exception as exc:  # noqa: BLE001 - reported as a failure of this phase
        tally.fail(f"kiosk could not connect: {type(exc).__name__} {exc}"[:80])
        kiosk = None
    ready.put(name)
    go.wait()
    cpu_at_go = process_cpu(os.getpid())
    arrivals = random.Random(seed)
    start = due = time.perf_counter()
    i = 0
    try:
        while kiosk and (now := time.perf_counter()) - start < seconds:
            if rate:
                due += arrivals.expovariate(rate)
                if due > now:
                    time.sleep(due - now)
            t0 = time.perf_counter()
            tally.attempts += 1
            try:
                ticket = kiosk.issue(SERVICES[i % len(SERVICES)], tally)
            except Exception as exc:  # noqa: BLE001
                tally.fail(type(exc).__name__)
                ticket = None
            if ticket is not None:
                tally.ok += 1
                tally.latencies.append(time.perf_counter() - t0)
                issued.append((ticket["id"], ticket["number"]))
            i += 1
        if kiosk:
            kiosk.close()
    except Exception:  # noqa: BLE001
        tally.fail("kiosk crashed: " + traceback.format_exc().strip().splitlines()[-1])
    tally.extra.update(issued=issued, requests=tally.attempts, client_cpu=process_cpu(os.getpid()) - cpu_at_go)
    out.put((tally, time.time()))


def bench_issuing(
    server: LiveServer, path: str, kiosks: int, seconds: float, rate: float | None = None, print_wait: float = 120
) -> Tally:
    """`kiosks` processes issue for `seconds`; the rate is over the measured time (go → last answer)."""
    mark, job_mark = last_id(server, "tickets"), last_id(server, "print_jobs")
    per = rate / kiosks if rate else None
    names = [f"bench-k{k + 1}" for k in range(kiosks)]
    tokens = paired(server, names) if path == "kiosk" else dict.fromkeys(names)
    jobs = [(server.url, path, name, tokens[name], seconds, per, k) for k, name in enumerate(names)]
    at_go: list[float] = []
    results, elapsed, lost = run_clients(_client, jobs, on_go=lambda: at_go.append(process_cpu(server.proc.pid)))
    tally = Tally(seconds=elapsed)
    issued = []
    for r in results:
        tally.merge(r)
        issued += r.extra["issued"]
    if lost:
        tally.fail("kiosk process never reported", lost)
    check_issued(server, tally, issued, mark)
    if path == "kiosk":  # the server's CPU until its print worker has printed them all: a ticket's print is its cost
        check_printed(server, tally, mark, job_mark, print_wait)
    tally.extra.update(cpu_per_request(process_cpu(server.proc.pid) - at_go[0], results))
    return tally


_TOKENS: dict[tuple[str, str], str] = {}  # (data folder, kiosk) -> device token, kept as a kiosk page keeps it


def paired(server: LiveServer, names: list[str]) -> dict[str, str]:
    """Each kiosk pairs once per server (`POST /api/devices/pair`, active at once in demo mode on 127.0.0.1; the
    server allows 10 pairing requests a minute from one address), then reuses its token like the kiosk page."""
    import requests

    for name in names:
        if (server.data_dir, name) not in _TOKENS:
            r = requests.post(
                server.url + "/api/devices/pair", json={"kind": "kiosk", "config": {"kiosk": name}}, timeout=30
            )
            if r.status_code == 201:
                _TOKENS[server.data_dir, name] = r.json()["token"]
    return {name: _TOKENS.get((server.data_dir, name)) for name in names}  # None: refused (counted by the kiosk)


def check_issued(server: LiveServer, tally: Tally, issued: list[tuple[int, str]], mark: int) -> None:
    """Duplicates and losses, from the database: a number given twice today, a ticket acknowledged twice, an
    acknowledged ticket the database does not hold."""
    (doubled,) = query(
        server,
        "SELECT count(*) - count(DISTINCT day || service || seq) FROM tickets"
        " WHERE id > ? AND transferred_from IS NULL",
        (mark,),
    )[0]
    acked_twice = sum(n - 1 for n in Counter(issued).values() if n > 1)
    tally.duplicates += doubled + acked_twice
    stored = {row[0] for row in query(server, "SELECT id FROM tickets WHERE id > ?", (mark,))}
    missing = len({tid for tid, _ in issued} - stored)
    if missing:
        tally.fail("acknowledged but not in the database", missing)
    tally.extra["stored"] = len(stored)


def check_printed(server: LiveServer, tally: Tally, mark: int, job_mark: int, wait: float) -> None:
    """Every kiosk ticket has its print job; wait (outside the measured time) for the print worker to finish
    them, so it does not eat into the next phase, and count what it could not print."""
    (without,) = query(
        server,
        "SELECT count(*) FROM tickets t WHERE t.id > ? AND NOT EXISTS"
        " (SELECT 1 FROM print_jobs j WHERE j.ticket_id = t.id)",
        (mark,),
    )[0]
    if without:
        tally.fail("kiosk ticket without a print job", without)
    t0 = time.time()
    while True:
        states = dict(
            query(server, "SELECT status, count(*) FROM print_jobs WHERE id > ? GROUP BY status", (job_mark,))
        )
        if not states.get("pending") and not states.get("printing") or time.time() - t0 > wait:
            break
        time.sleep(0.5)
    tally.extra["printed"] = states.get("printed", 0)
    tally.extra["print_drain_s"] = time.time() - t0
    if states.get("failed"):
        tally.fail("print job failed", states["failed"])
    unfinished = states.get("pending", 0) + states.get("printing", 0)
    if unfinished:
        tally.fail(f"print job not printed {wait:.0f} s after the phase", unfinished)
