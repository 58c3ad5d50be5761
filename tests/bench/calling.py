"""Call-next throughput: clerks at many counters, spread over client processes, drain a queue of known length;
every answer is checked, double calls and tickets left waiting are read from the database."""

from __future__ import annotations

import os
import random
import threading
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from typing import Any

import requests

from tests.bench.lean import LeanSession, LeanSocket
from tests.bench.live import (
    clerk_password,
    cpu_per_request,
    failure,
    last_id,
    login,
    process_cpu,
    query,
    run_clients,
)
from tests.bench.tally import Tally
from tests.helpers import LiveServer

GIVE_UP_AFTER = 5  # errors in a row before a clerk stops (counted as a failure, never dropped)


class HttpPresses:
    """A clerk's presses as the JSON API takes them (an integration, or the workstation before its socket is up).
    Each answers (the reply's JSON, or None and what failed: `HTTP 409 not_at_counter`)."""

    def __init__(self, url: str, session: LeanSession):
        self.url, self.session = url, session

    def _post(self, what: str, path: str, body: Any) -> tuple[Any, str]:
        try:
            r = self.session.post(self.url + path, json=body, timeout=30)
        except requests.RequestException as exc:
            return None, f"{what} {type(exc).__name__}"
        return (r.json(), "") if r.status_code == 200 else (None, f"{what} {failure(r)}")

    def call_next(self, number: int, close: dict[str, Any] | None) -> tuple[Any, str]:
        return self._post("call-next", f"/api/counters/{number}/call-next", close)

    def no_show(self, ticket_id: int) -> tuple[Any, str]:
        return self._post("no-show", f"/api/tickets/{ticket_id}/no-show", None)

    def at_counter(self, number: int) -> int | None:
        return _at_counter(self.url, number, self.session)

    @property
    def sent(self) -> int:
        return self.session.sent - 2  # less the login and the opening


class SocketPresses:
    """The same presses as the counter screen sends them: events on the workstation's own Socket.IO connection
    to /counter (websocket, the clerk's session cookie), answered through the ack. The connection also hears
    every change notice a workstation hears. With `view`, each answered press is followed by the view the page
    then asks for (its `snapshot` event, answered with the whole workstation view: counter.js asks 50 ms after
    each press), read before the clerk's next press, as the clerk reads the screen."""

    def __init__(self, url: str, session: LeanSession, view: bool = False):
        self.url, self.session, self.view = url, session, view
        self.socket = LeanSocket(url, "/counter", session.cookies)

    @property
    def sent(self) -> int:
        return self.socket.sent + self.session.sent - 2  # and what it read over HTTP (less the login, the opening)

    def _emit(self, what: str, event: str, data: dict[str, Any]) -> tuple[Any, str]:
        try:
            reply = self.socket.call(event, data)
        except Exception as exc:  # noqa: BLE001 - a timeout or a dropped connection is this press's failure
            return None, f"{what} {type(exc).__name__}"
        if not (isinstance(reply, dict) and reply.get("ok")):
            return None, f"{what} {reply.get('error') if isinstance(reply, dict) else reply!r}"
        if self.view:
            try:
                shown = self.socket.call("snapshot", {})
            except Exception as exc:  # noqa: BLE001 - as a press's: this press's failure
                return None, f"{what}'s view {type(exc).__name__}"
            if not (isinstance(shown, dict) and isinstance(shown.get("view"), dict)):
                return None, f"{what}'s view {shown.get('error') if isinstance(shown, dict) else shown!r}"
        return reply, ""

    def call_next(self, number: int, close: dict[str, Any] | None) -> tuple[Any, str]:
        return self._emit("call-next", "call_next", {"counter": number, **(close or {})})

    def no_show(self, ticket_id: int) -> tuple[Any, str]:
        return self._emit("no-show", "ticket_action", {"ticket": ticket_id, "action": "no-show"})

    def at_counter(self, number: int) -> int | None:
        return _at_counter(self.url, number, self.session)

    def close(self) -> None:
        self.socket.close()


def _clerk(
    url: str,
    number: int,
    session: LeanSession | HttpPresses | SocketPresses,
    tally: Tally,
    called: list[int],
    stop: Any = None,
    think: float = 0.0,
    stamps: list[tuple[float, float]] | None = None,
    one_press: bool = False,
) -> None:
    """Call the next ticket and mark it a no-show until nobody waits (with `stop`: until it is set and nobody
    waits, pausing after each ticket or empty call `think` seconds on average, each pause drawn between half and
    one and a half times that, as a clerk's are: pauses all alike kept twenty clerks pressing in the same
    millisecond, every half second, the whole morning). Latency = the call-next answer (with a view
    asked after each press, that too); `stamps`
    gets (start, seconds) of every answer, call-next and no-show alike. `one_press`: the no-show and the next
    call are one request (call-next with {"close": "no-show", "ticket": …}); after a press that failed, the
    clerk reads which ticket is at the counter before the next press, as the workstation redraws after any error
    (else each later press would close a ticket no longer there, and fail too). `session`: the clerk's logged-in
    HTTP session (its presses go to the JSON API), or the presses to send."""
    presses = HttpPresses(url, session) if isinstance(session, LeanSession) else session
    in_a_row = 0
    at_counter = None  # one_press: the ticket the next call-next closes
    pauses = clerk_pauses(number, think)

    def pause() -> None:
        time.sleep(next(pauses))

    while in_a_row < GIVE_UP_AFTER:
        t0, at = time.perf_counter(), time.time()
        close = {"close": "no-show", "ticket": at_counter} if at_counter else None
        reply, failed = presses.call_next(number, close)
        if failed:
            tally.attempts += 1
            tally.fail(failed)
            in_a_row += 1
            at_counter = presses.at_counter(number) if one_press else None
            continue
        if stamps is not None:
            stamps.append((at, time.perf_counter() - t0))
        ticket, at_counter = reply["ticket"], None
        if ticket is None:  # nobody waits: the clerk is done, or waits for the next citizen
            if stop is None or stop.is_set():
                return
            pause()
            continue
        tally.attempts += 1
        tally.latencies.append(time.perf_counter() - t0)
        called.append(ticket["id"])
        if one_press:
            at_counter = ticket["id"]
            tally.ok += 1
            in_a_row = 0
            pause()
            continue
        t0, at = time.perf_counter(), time.time()
        _, failed = presses.no_show(ticket["id"])
        if stamps is not None and not failed:
            stamps.append((at, time.perf_counter() - t0))
        if failed:
            tally.fail(failed)
            in_a_row += 1
            continue
        tally.ok += 1
        in_a_row = 0
        pause()
    tally.fail(f"clerk gave up after {GIVE_UP_AFTER} errors in a row")


def clerk_pauses(number: int, think: float) -> Iterator[float]:
    """Clerk `number`'s pauses between citizens: `think` seconds on average, each between half and one and a half
    times that, drawn from the clerk's own sequence (the same every run)."""
    draw = random.Random(number)
    while True:
        yield draw.uniform(0.5 * think, 1.5 * think)


def _at_counter(url: str, number: int, session: LeanSession) -> int | None:
    """The id of the ticket at counter `number` now, as the hall's state says (None if none, or if unreadable)."""
    try:
        r = session.get(f"{url}/api/state", timeout=30)
        counters = r.json()["counters"] if r.status_code == 200 else []
    except (requests.RequestException, ValueError, KeyError):
        return None
    here = next((c for c in counters if c["number"] == number), None)
    return here["ticket"]["id"] if here and here["ticket"] else None


PRESSES = {  # how a clerk's presses reach the server: the bench's call phases, one each
    "two": "call-next then no-show, two JSON API requests",
    "one": "call-next with the no-show in the same JSON API request",
    "socket": "call-next then no-show, two events on the workstation's Socket.IO connection",
    "page": "call-next then no-show on the workstation's socket, each press then the view the page asks for",
}


def counters_process(
    url: str, numbers: list[int], stop: Any, think: float, press: str, ready: Any, go: Any, out: Any
) -> None:
    """Some counters in one process: each clerk logs in and opens the counter, then works in its own thread
    (`stop` and `think` as `_clerk` takes them; `press`, one of PRESSES, how its presses are sent)."""
    total, called, clerks = Tally(), [], {}
    for n in numbers:
        try:
            session = login(url, f"canbo{n}", clerk_password(n))
            r = session.post(f"{url}/api/counters/{n}/open", timeout=30)
            if r.status_code != 200:
                total.fail("open counter " + failure(r))
            clerks[n] = (
                SocketPresses(url, session, view=press == "page")
                if press in ("socket", "page")
                else HttpPresses(url, session)
            )
        except Exception as exc:  # noqa: BLE001 - a clerk who could not start is a failure, never dropped
            total.fail(f"clerk could not start: {type(exc).__name__}")
    ready.put(numbers)
    go.wait()
    cpu_at_go = process_cpu(os.getpid())
    tallies = {n: Tally() for n in clerks}
    lists: dict[int, list[int]] = {n: [] for n in clerks}
    stamps: list[tuple[float, float]] = []  # list.append is atomic: the clerks' threads share it

    def work(n: int) -> None:
        try:
            _clerk(url, n, clerks[n], tallies[n], lists[n], stop, think, stamps, press == "one")
        except Exception:  # noqa: BLE001 - a crashed clerk is a failure, not a missing thread
            tallies[n].fail("clerk crashed: " + traceback.format_exc().strip().splitlines()[-1])

    threads = [threading.Thread(target=work, args=(n,)) for n in clerks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    client_cpu = process_cpu(os.getpid()) - cpu_at_go
    for n, clerk in clerks.items():
        total.merge(tallies[n])
        called += lists[n]
        if isinstance(clerk, SocketPresses):
            clerk.close()
    total.extra.update(
        called=called, stamps=stamps, requests=sum(c.sent for c in clerks.values()), client_cpu=client_cpu
    )
    out.put((total, time.time()))


def fill_queue(server: LiveServer, tickets: int) -> None:
    """`tickets` waiting across the ten fields (before the phase, not measured)."""
    http = LeanSession(server.url)
    for i in range(tickets):
        http.post(server.url + "/api/tickets", json={"service": "ABCDEFGHKT"[i % 10]}, timeout=30).raise_for_status()


def bench_call_next(server: LiveServer, queue: int, counters: int, procs: int, press: str = "two") -> Tally:
    """`counters` clerks in `procs` processes drain a queue of `queue` tickets (and whatever waited before),
    pressing as `press` says (PRESSES)."""
    fill_queue(server, queue)
    mark = last_id(server, "events")
    waiting = waiting_now(server)
    shares = [[n for n in range(1, counters + 1) if n % procs == p] for p in range(procs)]
    at_go: list[float] = []
    results, elapsed, lost = run_clients(
        counters_process,
        [(server.url, share, None, 0.0, press) for share in shares if share],
        on_go=lambda: at_go.append(process_cpu(server.proc.pid)),
    )
    server_cpu = process_cpu(server.proc.pid) - at_go[0]
    tally = Tally(seconds=elapsed, extra={"queue": waiting})
    called: list[int] = []
    for r in results:
        tally.merge(r)
        called += r.extra["called"]
    tally.extra.update(cpu_per_request(server_cpu, results))
    if lost:
        tally.fail("counter process never reported", lost)
    check_calls(server, tally, called, mark)
    tally.left_waiting = waiting_now(server)
    tally.extra["left_waiting"] = tally.left_waiting
    return tally


def waiting_now(server: LiveServer) -> int:
    return query(server, "SELECT count(*) FROM tickets WHERE status = 'waiting'")[0][0]


def check_calls(server: LiveServer, tally: Tally, called: list[int], mark: int) -> None:
    """From the database's events after `mark`: a ticket called twice is a duplicate, and so is one answered
    twice; a call no clerk was told of is a failure."""
    (doubled,) = query(
        server,
        "SELECT count(*) FROM (SELECT ticket_id FROM events WHERE id > ? AND action = 'call'"
        " GROUP BY ticket_id HAVING count(*) > 1)",
        (mark,),
    )[0]
    tally.duplicates += doubled + sum(n - 1 for n in Counter(called).values() if n > 1)
    (in_db,) = query(server, "SELECT count(*) FROM events WHERE id > ? AND action = 'call'", (mark,))[0]
    if in_db != len(called):
        tally.fail("calls in the database but not answered to the clerk", abs(in_db - len(called)))


def issue_many(server: LiveServer, tickets: int, threads: int = 8) -> None:
    """`tickets` more waiting across the ten fields, every tenth a priority one (before a measure, not timed)."""
    from concurrent.futures import ThreadPoolExecutor

    local = threading.local()

    def issue(i: int) -> None:
        if not hasattr(local, "http"):
            local.http = LeanSession(server.url)
        body = {"service": "ABCDEFGHKT"[i % 10], "priority": "nguoi_cao_tuoi" if i % 10 == 9 else None}
        local.http.post(server.url + "/api/tickets", json=body, timeout=30).raise_for_status()

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(issue, range(tickets)))


def bench_call_cost(server: LiveServer, counter: int, levels: tuple[int, ...], samples: int) -> Tally:
    """Does one call cost more when more wait? For each length of the line in `levels`, the clerk at `counter`
    (all fields) times `samples` single call-next answers; after each, the ticket is marked a no-show and one
    more is issued (neither timed), so the line keeps its length. `extra["by_length"][n]` = the answers' seconds
    with n waiting."""
    clerk = login(server.url, f"canbo{counter}", clerk_password(counter))
    tally = Tally(extra={"by_length": {}})
    r = clerk.post(f"{server.url}/api/counters/{counter}/open", timeout=30)
    if r.status_code != 200:
        tally.fail("open counter " + failure(r))
    mark, called, measured, t_start = last_id(server, "events"), [], [], time.time()
    for length in levels:
        issue_many(server, max(0, length - waiting_now(server)))
        measured.append(waiting_now(server))
        answers = tally.extra["by_length"][length] = []
        for i in range(samples):
            tally.attempts += 1
            t0 = time.perf_counter()
            try:
                r = clerk.post(f"{server.url}/api/counters/{counter}/call-next", timeout=30)
                seconds = time.perf_counter() - t0
                ticket = r.json().get("ticket") if r.status_code == 200 else None
                if ticket is None:
                    tally.fail("call-next " + (failure(r) if r.status_code != 200 else "called nobody"))
                    continue
                answers.append(seconds)
                called.append(ticket["id"])
                r = clerk.post(f"{server.url}/api/tickets/{ticket['id']}/no-show", timeout=30)
                if r.status_code != 200:
                    tally.fail("no-show " + failure(r))
                    continue
                r = clerk.post(server.url + "/api/tickets", json={"service": "ABCDEFGHKT"[i % 10]}, timeout=30)
                if r.status_code != 201:
                    tally.fail("issue " + failure(r))
                    continue
            except requests.RequestException as exc:
                tally.fail(type(exc).__name__)
                continue
            tally.ok += 1
    tally.seconds = time.time() - t_start
    tally.latencies = [s for answers in tally.extra["by_length"].values() for s in answers]
    tally.extra["queue"] = " then ".join(f"{n:,}" for n in measured)
    check_calls(server, tally, called, mark)
    return tally
