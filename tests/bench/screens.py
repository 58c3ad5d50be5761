"""Call → screens: hundreds of Socket.IO screens connected while a clerk calls; how long each call takes to reach
each screen, every answer checked, every delivery counted, and the server's memory at the end and at its peak."""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import time
from typing import Any

from server.dispatch import NOTICES
from tests.bench.live import failure, memory_mb, pin
from tests.bench.tally import Tally
from tests.helpers import LiveServer, session_cookie

# What the counter workstation's page redraws on (server/static/common.js XH.CHANGES), and its pace: at once
# (50 ms) for a change at its own counter, at most once a second for a change elsewhere (counter.js `refresh`).
CHANGES = NOTICES | {"config_changed"}
SOON_S, ELSEWHERE_S = 0.05, 1.0


async def _screen(
    host: str,
    port: int,
    namespace: str,
    auth: str,
    cookie: str,
    own: int | None,
    arrivals: list,
    status: dict[str, int],
    waits: list[float],
) -> None:
    """One screen as a bare Engine.IO/Socket.IO websocket client (wsproto on an asyncio protocol): it joins
    `namespace` with `auth` (JSON) and the session `cookie`, answers pings and stamps each `ticket_called` frame
    when its process reads it (below), so hundreds fit in one process with time to spare. A counter
    workstation (`own`: its counter) asks for its snapshot after every change it hears, at the page's pace, as
    the real page does; `waits` gets the seconds from each ask to its answer.

    The stamp is taken when the process's loop reads the socket, before anything is parsed, and the parsing waits
    for the loop's next turn: a hundred screens share a process and the bench's clients share one core, where a
    hall's screens are each a device of its own. Parsed at once, every screen's frames waited for the parsing of
    those read before it (up to 20 ms at p99 against the server's own send stamps, docs/performance.md, session
    17). What is still counted: waiting for the process to be scheduled, and the parsing of the batch the loop read
    before (sockets ready in the same read are all stamped before any of them is parsed)."""
    import asyncio
    import json

    from wsproto import ConnectionType, WSConnection
    from wsproto.events import Ping, RejectConnection, Request, TextMessage

    loop = asyncio.get_running_loop()
    ws = WSConnection(ConnectionType.CLIENT)
    ended = loop.create_future()
    asking: dict[str, Any] = {"timer": None, "last": 0.0, "id": 0}
    asked_at: dict[int, float] = {}
    partial = ""  # a message's text so far, when it comes in several frames

    def send(text: str) -> None:
        transport.write(ws.send(TextMessage(data=text)))

    def end(counted: str | None = None) -> None:
        if not ended.done():
            if counted:
                status[counted] += 1
            ended.set_result(None)
        if asking["timer"] is not None:  # a closed screen asks nothing more
            asking["timer"].cancel()
            asking["timer"] = None

    def ask() -> None:
        asking.update(timer=None, last=loop.time(), id=asking["id"] + 1)
        asked_at[asking["id"]] = loop.time()
        send(f'42{namespace},{asking["id"]}["snapshot",{{}}]')
        status["asked"] += 1

    def heard(counters: list[int]) -> None:
        here = own in counters
        if asking["timer"] is not None and not here:
            return  # the snapshot already asked for will include this change
        if asking["timer"] is not None:
            asking["timer"].cancel()
        wait = SOON_S if here else max(SOON_S, asking["last"] + ELSEWHERE_S - loop.time())
        asking["timer"] = loop.call_later(wait, ask)

    def message(text: str, at: float) -> None:
        if text.startswith("0{"):  # Engine.IO open: join the namespace
            send(f"40{namespace},{auth}")
        elif text == "2":  # Engine.IO ping
            send("3")
        elif text.startswith(f"40{namespace},"):
            status["connected"] += 1
        elif text.startswith(f"44{namespace},"):  # connection refused
            end("refused")
        elif text.startswith(f"43{namespace},"):
            status["answered"] += 1
            answered = text[len(namespace) + 3 :].partition("[")[0]
            if answered.isdigit() and int(answered) in asked_at:
                waits.append(loop.time() - asked_at.pop(int(answered)))
        elif text.startswith(f"42{namespace},["):
            name, *body = json.loads(text[len(namespace) + 3 :])
            if name == "ticket_called" and (namespace != "/counter" or own == CALLING) and "ticket" in body[0]:
                arrivals.append((namespace, body[0]["ticket"]["number"], at))
            if own is not None and name in CHANGES:
                heard((body[0] if body and isinstance(body[0], dict) else {}).get("counters") or [])

    def parse(data: bytes, at: float) -> None:
        nonlocal partial
        if ended.done():
            return
        ws.receive_data(data)
        for event in ws.events():
            if ended.done():  # refused by an earlier frame of this read
                return
            if isinstance(event, Ping):
                transport.write(ws.send(event.response()))
            elif isinstance(event, RejectConnection):  # refused before the upgrade (threading mode's ceiling)
                end("refused")
            elif isinstance(event, TextMessage):
                partial += event.data
                if event.message_finished:
                    text, partial = partial, ""
                    message(text, at)

    class Screen(asyncio.Protocol):
        def data_received(self, data: bytes) -> None:
            loop.call_soon(parse, data, time.time())  # stamped now; parsed once every screen has read

        def connection_lost(self, exc: Exception | None) -> None:
            end("closed")

    transport, _ = await loop.create_connection(Screen, host, port)
    headers = [(b"cookie", cookie.encode())] if cookie else []
    transport.write(
        ws.send(Request(host=f"{host}:{port}", target="/socket.io/?EIO=4&transport=websocket", extra_headers=headers))
    )
    try:
        await asyncio.shield(ended)
    finally:
        end()  # ended by the bench (cancelled) or by the server: either way, no longer counted as dropped
        transport.close()


Spec = tuple[str, str, str, int | None]  # namespace, auth (JSON), session cookie, the workstation's counter


def _screens(url: str, specs: list[Spec], expected: int, ready: Any, out: Any, cores: set[int] | None) -> None:
    import asyncio
    from urllib.parse import urlsplit

    pin(0, cores)
    where = urlsplit(url)
    arrivals: list[tuple[str, str, float]] = []
    status = {"connected": 0, "refused": 0, "closed": 0, "asked": 0, "answered": 0}
    waits: list[float] = []

    async def main() -> None:
        tasks = [
            asyncio.create_task(_screen(where.hostname, where.port, *spec, arrivals, status, waits)) for spec in specs
        ]
        deadline = time.time() + 120
        while status["connected"] + status["refused"] < len(specs) and time.time() < deadline:
            await asyncio.sleep(0.05)
        ready.set()
        deadline = time.time() + 60 + expected / 100
        while time.time() < deadline and len(arrivals) < expected:
            await asyncio.sleep(0.05)
        for task in tasks:
            task.cancel()

    asyncio.run(main())
    out.put((arrivals, status, waits))


def screen_specs(server: LiveServer, clients: int, side: int) -> list[Spec]:
    """`side` counter workstations (clerk k logged in at counter k, which is open), `side` rating tablets, wall
    displays for the rest."""
    from tests.bench.live import clerk_password, login

    specs: list[Spec] = []
    for k in range(1, side + 1):
        clerk = login(server.url, f"canbo{k}", clerk_password(k))
        clerk.post(f"{server.url}/api/counters/{k}/open", timeout=30).raise_for_status()
        specs.append(("/counter", "{}", session_cookie(clerk), k))
    specs += [("/rating", f'{{"counter": {k}}}', "", None) for k in range(1, side + 1)]
    return specs + [("/display", "{}", "", None)] * (clients - len(specs))


CALLING = 1  # the counter whose clerk calls


def hears(specs: list[Spec]) -> int:
    """How many of these screens are told of each call at counter 1 as it is made: every wall display, and that
    counter's workstation and tablet. The other counters' workstations hear of the calls once a pace (server/
    dispatch.py WORKSTATIONS), in a notice that may stand for several; they still redraw on it (their snapshot
    asks are counted), but no call is timed to them."""
    return sum(1 for ns, auth, _, own in specs if ns == "/display" or own == CALLING or auth == '{"counter": 1}')


def _cycle(server: LiveServer, clerk: Any, tally: Tally) -> tuple[str, float] | None:
    """Issue a ticket, call it (timed from here), start and finish it; every answer checked."""
    url = server.url
    r = clerk.post(url + "/api/tickets", json={"service": "A"}, timeout=30)
    if r.status_code != 201:
        tally.fail("issue " + failure(r))
        return None
    t0 = time.time()
    r = clerk.post(url + "/api/counters/1/call-next", timeout=30)
    ticket = r.json().get("ticket") if r.status_code == 200 else None
    if ticket is None:
        tally.fail("call-next " + (failure(r) if r.status_code != 200 else "called nobody"))
        return None
    for step in ("start", "finish"):
        r = clerk.post(f"{url}/api/tickets/{ticket['id']}/{step}", timeout=30)
        if r.status_code != 200:
            tally.fail(f"{step} " + failure(r))
            return None
    return ticket["number"], t0


def bench_call_latency(
    server: LiveServer, clients: int, procs: int, calls: int, side: int, pinned: bool = False, rate: float | None = None
) -> Tally:
    """`clients` screens in `procs` processes; a clerk at counter 1 calls `calls` tickets, 0.1 s apart (with
    `rate`: a call starting every 1/rate s, or at once when the previous cycle took longer); every display, counter
    1's workstation and its tablet must hear each call (`hears`). With `pinned`, the server runs on core 0 and every
    client on core 1."""
    import requests

    specs = screen_specs(server, clients, side)
    hearing = hears(specs)
    out: mp.Queue = mp.Queue()
    readies = [mp.Event() for _ in range(procs)]
    all_cores = set(range(os.cpu_count() or 1))
    clients_on = {1} if pinned else None
    pin(server.proc.pid, {0} if pinned else None)
    pin(0, clients_on)
    shares = [specs[i::procs] for i in range(procs)]
    workers = [
        mp.Process(target=_screens, args=(server.url, share, calls * hears(share), readies[i], out, clients_on))
        for i, share in enumerate(shares)
    ]
    for w in workers:
        w.start()
    for r in readies:
        r.wait(150)
    tally = Tally(extra={"rss_connected": memory_mb(server.proc.pid)["now"]})
    from tests.bench.live import clerk_password, login

    clerk = login(server.url, "canbo1", clerk_password(1))
    r = clerk.post(server.url + "/api/counters/1/open", timeout=30)
    if r.status_code != 200:
        tally.fail("open counter " + failure(r))
    sent: dict[str, float] = {}
    t_start, last = time.time(), 0.0
    for i in range(calls):
        if rate:
            time.sleep(max(0.0, t_start + i / rate - time.time()))
        last = time.time() - t_start
        tally.attempts += 1
        try:
            done = _cycle(server, clerk, tally)
        except requests.RequestException as exc:
            tally.fail(type(exc).__name__)
            done = None
        if done:
            tally.ok += 1
            sent[done[0]] = done[1]
        if not rate:
            time.sleep(0.1)
    tally.seconds = time.time() - t_start
    tally.extra["call_rate"] = (calls - 1) / last if last > 0 else float("nan")  # calls started a second
    memory = memory_mb(server.proc.pid)  # at the end of the busiest phase, every screen still connected
    tally.extra.update(rss_end=memory["now"], rss_peak=memory["peak"])
    arrivals, status = [], {"connected": 0, "refused": 0, "closed": 0, "asked": 0, "answered": 0}
    waits: list[float] = []
    for _ in workers:
        try:
            got, seen, waited = out.get(timeout=180 + calls * hearing / 100)
        except queue.Empty:
            tally.fail("screen process never reported")
            continue
        arrivals += got
        waits += waited
        for k in status:
            status[k] += seen[k]
    for w in workers:
        w.join(5)
    pin(0, all_cores if pinned else None)
    pin(server.proc.pid, all_cores if pinned else None)
    if status["connected"] < len(specs):
        tally.fail("screen not connected (refused or timed out)", len(specs) - status["connected"])
    if status["closed"]:
        tally.fail("screen dropped by the server", status["closed"])
    heard = [(ns, num, t) for ns, num, t in arrivals if num in sent]
    if len(heard) < len(sent) * hearing:
        tally.fail("call not delivered to a screen", len(sent) * hearing - len(heard))
    tally.latencies = [t - sent[num] for _, num, t in heard]
    tally.extra["display_latencies"] = [t - sent[num] for ns, num, t in heard if ns == "/display"]
    tally.extra["delivered"] = f"{len(heard)}/{calls * hearing}"
    tally.extra["snapshots"] = (status["asked"], status["answered"])
    tally.extra["snapshot_waits"] = waits
    tally.extra["mix"] = f"{clients - 2 * side} wall displays, {side} counter workstations, {side} rating tablets"
    return tally
