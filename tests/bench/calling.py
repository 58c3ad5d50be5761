"""Call-next throughput: clerks at many counters, spread over client processes, drain a queue of known length;
every answer is checked, double calls and tickets left waiting are read from the database."""

from __future__ import annotations

import threading
import time
import traceback
from collections import Counter
from typing import Any

import requests

from tests.bench.live import clerk_password, failure, last_id, login, query, run_clients
from tests.bench.tally import Tally
from tests.helpers import LiveServer

GIVE_UP_AFTER = 5  # errors in a row before a clerk stops (counted as a failure, never dropped)


def _clerk(url: str, number: int, session: requests.Session, tally: Tally, called: list[int]) -> None:
    """Call the next ticket and mark it a no-show until nobody waits. Latency = the call-next answer."""
    in_a_row = 0
    while in_a_row < GIVE_UP_AFTER:
        t0 = time.perf_counter()
        try:
            r = session.post(f"{url}/api/counters/{number}/call-next", timeout=30)
        except requests.RequestException as exc:
            tally.attempts += 1
            tally.fail(f"call-next {type(exc).__name__}")
            in_a_row += 1
            continue
        if r.status_code != 200:
            tally.attempts += 1
            tally.fail("call-next " + failure(r))
            in_a_row += 1
            continue
        ticket = r.json()["ticket"]
        if ticket is None:  # nobody waits: the clerk is done
            return
        tally.attempts += 1
        tally.latencies.append(time.perf_counter() - t0)
        called.append(ticket["id"])
        try:
            r = session.post(f"{url}/api/tickets/{ticket['id']}/no-show", timeout=30)
            kind = None if r.status_code == 200 else "no-show " + failure(r)
        except requests.RequestException as exc:
            kind = f"no-show {type(exc).__name__}"
        if kind:
            tally.fail(kind)
            in_a_row += 1
            continue
        tally.ok += 1
        in_a_row = 0
    tally.fail(f"clerk gave up after {GIVE_UP_AFTER} errors in a row")


def _counters(url: str, numbers: list[int], ready: Any, go: Any, out: Any) -> None:
    """Some counters in one process: each clerk logs in and opens the counter, then works in its own thread."""
    total, called, sessions = Tally(), [], {}
    for n in numbers:
        try:
            sessions[n] = login(url, f"canbo{n}", clerk_password(n))
            r = sessions[n].post(f"{url}/api/counters/{n}/open", timeout=30)
            if r.status_code != 200:
                total.fail("open counter " + failure(r))
        except requests.RequestException as exc:
            total.fail(f"clerk could not start: {type(exc).__name__}")
    ready.put(numbers)
    go.wait()
    tallies = {n: Tally() for n in sessions}
    lists: dict[int, list[int]] = {n: [] for n in sessions}

    def work(n: int) -> None:
        try:
            _clerk(url, n, sessions[n], tallies[n], lists[n])
        except Exception:  # noqa: BLE001 - a crashed clerk is a failure, not a missing thread
            tallies[n].fail("clerk crashed: " + traceback.format_exc().strip().splitlines()[-1])

    threads = [threading.Thread(target=work, args=(n,)) for n in sessions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for n in sessions:
        total.merge(tallies[n])
        called += lists[n]
    total.extra["called"] = called
    out.put((total, time.time()))


def fill_queue(server: LiveServer, tickets: int) -> None:
    """`tickets` waiting across the ten fields (before the phase, not measured)."""
    http = requests.Session()
    for i in range(tickets):
        http.post(server.url + "/api/tickets", json={"service": "ABCDEFGHKT"[i % 10]}, timeout=30).raise_for_status()


def bench_call_next(server: LiveServer, queue: int, counters: int, procs: int) -> Tally:
    """`counters` clerks in `procs` processes drain a queue of `queue` tickets (and whatever waited before)."""
    fill_queue(server, queue)
    mark = last_id(server, "events")
    (waiting,) = query(server, "SELECT count(*) FROM tickets WHERE status = 'waiting'")[0]
    shares = [[n for n in range(1, counters + 1) if n % procs == p] for p in range(procs)]
    results, elapsed, lost = run_clients(_counters, [(server.url, share) for share in shares if share])
    tally = Tally(seconds=elapsed, extra={"queue": waiting})
    called: list[int] = []
    for r in results:
        tally.merge(r)
        called += r.extra["called"]
    if lost:
        tally.fail("counter process never reported", lost)
    (doubled,) = query(server, "SELECT count(*) FROM (SELECT ticket_id FROM events WHERE id > ? AND action = 'call'"
                               " GROUP BY ticket_id HAVING count(*) > 1)", (mark,))[0]
    tally.duplicates = doubled + sum(n - 1 for n in Counter(called).values() if n > 1)
    (in_db,) = query(server, "SELECT count(*) FROM events WHERE id > ? AND action = 'call'", (mark,))[0]
    if in_db != len(called):
        tally.fail("calls in the database but not answered to the clerk", abs(in_db - len(called)))
    (tally.left_waiting,) = query(server, "SELECT count(*) FROM tickets WHERE status = 'waiting'")[0]
    tally.extra["left_waiting"] = tally.left_waiting
    return tally
