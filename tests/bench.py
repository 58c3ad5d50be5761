"""`make bench`: live servers measured from client processes, eventlet and threading side by side.

Prints one table. Not a test: nothing here asserts a time. Options: `python -m tests.bench --help`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing as mp
import os
import shutil
import tempfile
import threading
import time
from collections import Counter

import requests

from tests.helpers import LiveServer


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


# ------------------------------------------------------------------ issuing


def _kiosk(url: str, seconds: float, rate: float | None, out: mp.Queue, seed: int = 0) -> None:
    """One kiosk: flat out, or citizens arriving at random (Poisson) at `rate` a second."""
    import random

    arrivals = random.Random(seed)
    http = requests.Session()
    services = "ABCDEFGHKT"
    latencies, i = [], 0
    start = due = time.perf_counter()
    while (now := time.perf_counter()) - start < seconds:
        if rate:
            due += arrivals.expovariate(rate)
            if due > now:
                time.sleep(due - now)
        t0 = time.perf_counter()
        r = http.post(url + "/api/tickets", json={"service": services[i % len(services)]}, timeout=30)
        if r.status_code == 201:
            latencies.append(time.perf_counter() - t0)
        i += 1
    out.put(latencies)


def bench_issuing(url: str, kiosks: int, seconds: float, rate_total: float | None = None) -> dict:
    out: mp.Queue = mp.Queue()
    per = rate_total / kiosks if rate_total else None
    procs = [mp.Process(target=_kiosk, args=(url, seconds, per, out, k)) for k in range(kiosks)]
    for p in procs:
        p.start()
    lat = [x for _ in procs for x in out.get()]
    for p in procs:
        p.join()
    return {"rate": len(lat) / seconds, "p50_ms": pct(lat, 50) * 1000, "p99_ms": pct(lat, 99) * 1000}


# ------------------------------------------------------------------ call -> display latency


def pin(pid: int, cores: set[int] | None) -> None:
    """Keep a process on some cores (the server on one, its clients on the other), where the machine allows."""
    if cores and hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) > 1:
        os.sched_setaffinity(pid, cores)


async def _screen(host: str, port: int, namespace: str, auth: str, cookie: str, arrivals: list,
                  connected: list) -> None:
    """One screen as a bare Engine.IO/Socket.IO websocket client (wsproto on asyncio): it joins `namespace`
    with `auth` (JSON) and the session `cookie`, answers pings and stamps each `ticket_called` frame as it
    arrives, so hundreds fit in one process with time to spare."""
    import asyncio
    import json

    from wsproto import ConnectionType, WSConnection
    from wsproto.events import AcceptConnection, Ping, Request, TextMessage

    ws = WSConnection(ConnectionType.CLIENT)
    reader, writer = await asyncio.open_connection(host, port)
    headers = [(b"cookie", cookie.encode())] if cookie else []
    writer.write(ws.send(Request(host=f"{host}:{port}", target="/socket.io/?EIO=4&transport=websocket",
                                 extra_headers=headers)))
    called, text = f'42{namespace},["ticket_called"', ""
    while True:
        data = await reader.read(65536)
        if not data:
            return
        ws.receive_data(data)
        for event in ws.events():
            if isinstance(event, Ping):
                writer.write(ws.send(event.response()))
            elif isinstance(event, AcceptConnection):
                pass
            elif isinstance(event, TextMessage):
                text += event.data
                if not event.message_finished:
                    continue
                message, text = text, ""
                if message.startswith("0{"):  # Engine.IO open: join the namespace
                    writer.write(ws.send(TextMessage(data=f"40{namespace},{auth}")))
                elif message == "2":  # Engine.IO ping
                    writer.write(ws.send(TextMessage(data="3")))
                elif message.startswith(f"40{namespace},"):
                    connected.append(1)
                elif message.startswith(called):
                    number = json.loads(message[len(namespace) + 3:])[1]["ticket"]["number"]
                    arrivals.append((namespace, number, time.time()))


def _screens(url: str, specs: list[tuple[str, str, str]], expected: int, ready: mp.Event, out: mp.Queue,
             cores: set[int] | None) -> None:
    import asyncio
    from urllib.parse import urlsplit

    pin(0, cores)
    where = urlsplit(url)
    arrivals: list[tuple[str, str, float]] = []

    async def main() -> None:
        connected: list[int] = []
        tasks = [asyncio.create_task(_screen(where.hostname, where.port, *spec, arrivals, connected))
                 for spec in specs]
        while len(connected) < len(specs):
            await asyncio.sleep(0.05)
        ready.set()
        deadline = time.time() + 60 + expected / 100
        while time.time() < deadline and len(arrivals) < expected:
            await asyncio.sleep(0.05)
        for task in tasks:
            task.cancel()

    asyncio.run(main())
    out.put(arrivals)


def bench_call_latency(server: LiveServer, clients: int, procs: int, calls: int, pinned: bool = False) -> dict:
    """`clients` screens — 20 counter workstations (clerks canbo1–20 logged in), 20 rating tablets (one per
    counter) and wall displays for the rest — spread over `procs` processes. A clerk at counter 1 calls
    `calls` tickets; every display and workstation and counter 1's tablet must hear each call.

    With `pinned`, the server runs on core 0 and every client on core 1."""
    from tests.helpers import session_cookie

    n_side = min(20, clients // 10)
    specs = [("/counter", "{}", session_cookie(server.login(f"canbo{k}", "demo" if k <= 6 else "demo-bench")))
             for k in range(1, n_side + 1)]
    specs += [("/rating", f'{{"counter": {k}}}', "") for k in range(1, n_side + 1)]
    specs += [("/display", "{}", "")] * (clients - len(specs))
    hearing = sum(1 for ns, auth, _ in specs if ns != "/rating" or auth == '{"counter": 1}')
    out: mp.Queue = mp.Queue()
    readies = [mp.Event() for _ in range(procs)]
    clients_on = {1} if pinned else None
    pin(server.proc.pid, {0} if pinned else None)
    pin(0, clients_on)
    shares = [specs[i::procs] for i in range(procs)]
    workers = [mp.Process(target=_screens, args=(server.url, share, calls * hearing, readies[i], out, clients_on))
               for i, share in enumerate(shares)]
    for w in workers:
        w.start()
    for r in readies:
        r.wait(120)
    rss = rss_mb(server.proc.pid)
    clerk = server.login("canbo1")
    clerk.post(server.url + "/api/counters/1/open")
    sent: dict[str, float] = {}
    for _ in range(calls):
        clerk.post(server.url + "/api/tickets", json={"service": "A"})
        t0 = time.time()
        ticket = clerk.post(server.url + "/api/counters/1/call-next").json()["ticket"]
        sent[ticket["number"]] = t0
        clerk.post(f"{server.url}/api/tickets/{ticket['id']}/start")
        clerk.post(f"{server.url}/api/tickets/{ticket['id']}/finish")
        time.sleep(0.1)
    arrivals = [a for _ in workers for a in out.get()]
    for w in workers:
        w.join()
    pin(0, set(range(os.cpu_count() or 1)) if pinned else None)
    pin(server.proc.pid, set(range(os.cpu_count() or 1)) if pinned else None)
    lat = [(t - sent[num]) * 1000 for _, num, t in arrivals if num in sent]
    displays = [(t - sent[num]) * 1000 for ns, num, t in arrivals if num in sent and ns == "/display"]
    return {"p50_ms": pct(lat, 50), "p99_ms": pct(lat, 99), "display_p99_ms": pct(displays, 99),
            "delivered": f"{len(lat)}/{calls * hearing}", "rss_mb": rss,
            "mix": f"{clients - 2 * n_side} displays, {n_side} counters, {n_side} tablets"}


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


# ------------------------------------------------------------------ call-next throughput


def bench_call_next(server: LiveServer, tickets: int, counters: int = 20) -> dict:
    """`counters` clerks (threads, each its own session) call and mark no-show until nobody waits."""
    admin = server.login("admin", "admin")
    codes = list("ABCDEFGHKT")
    for number in range(7, counters + 1):  # the demo centre has 6 counters and clerks
        admin.post(server.url + "/api/admin/counters", json={"number": number, "services": codes}).raise_for_status()
        admin.post(server.url + "/api/admin/users", json={"username": f"canbo{number}", "role": "clerk",
                                                           "password": "demo-bench"}).raise_for_status()
    http = requests.Session()
    for i in range(tickets):
        http.post(server.url + "/api/tickets", json={"service": codes[i % 10]})
    called: list[int] = []
    lock = threading.Lock()

    def counter(number: int) -> None:
        clerk = server.login(f"canbo{number}", "demo" if number <= 6 else "demo-bench")
        clerk.post(f"{server.url}/api/counters/{number}/open")
        while True:
            ticket = clerk.post(f"{server.url}/api/counters/{number}/call-next").json()["ticket"]
            if ticket is None:
                return
            with lock:
                called.append(ticket["id"])
            clerk.post(f"{server.url}/api/tickets/{ticket['id']}/no-show")

    threads = [threading.Thread(target=counter, args=(n,)) for n in range(1, counters + 1)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    doubles = sum(1 for c in Counter(called).values() if c > 1)
    return {"rate": len(called) / elapsed, "calls": len(called), "doubles": doubles}


# ------------------------------------------------------------------ the yearly report


def fill_year(db_path: str, tickets: int, year: int = 2025) -> None:
    """A busy centre's year: `tickets` tickets over the working days, most served and many rated."""
    import random
    import sqlite3

    rnd = random.Random(7)
    conn = sqlite3.connect(db_path)
    days = [d for d in range(365) if (dt.date(year, 1, 1) + dt.timedelta(days=d)).weekday() < 5]
    per_day = tickets // len(days)
    rows, ratings, tid = [], [], 0
    for d in days:
        day = dt.date(year, 1, 1) + dt.timedelta(days=d)
        base = dt.datetime(year, day.month, day.day, 7, 30, tzinfo=dt.timezone(dt.timedelta(hours=7))).timestamp()
        for seq in range(1, per_day + 1):
            tid += 1
            code = "ABCDEFGHKT"[rnd.randrange(10)]
            issued = base + rnd.uniform(0, 9 * 3600)
            called = issued + rnd.expovariate(1 / 600)
            started = called + 30
            ended = started + rnd.expovariate(1 / 420)
            status = "done" if rnd.random() < 0.93 else "no_show"
            rows.append((tid, code, f"{code}{seq:03d}", seq, day.isoformat(), status,
                         "nguoi_cao_tuoi" if rnd.random() < 0.08 else None, f"t{tid}", issued, issued, issued, called,
                         called, started if status == "done" else None, ended, 1 + rnd.randrange(10),
                         2 + rnd.randrange(6), 1))
            if status == "done" and rnd.random() < 0.5:
                score = rnd.choice((3, 3, 3, 2, 2, 1))
                ratings.append((tid, day.isoformat(), code, 1, 2, score, 3, int(score == 1), "[]", ended + 20))
    conn.executemany("INSERT INTO tickets (id, service, number, seq, day, status, priority, token, issued_at,"
                     " queued_at, arrived_at,"
                     " called_at, last_called_at, started_at, ended_at, counter, clerk_id, calls)"
                     " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    conn.executemany("INSERT INTO ratings (ticket_id, day, service, counter, clerk_id, score, scale, dissatisfied,"
                     " reasons, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)", ratings)
    conn.commit()
    conn.close()


def bench_report(tickets: int) -> dict:
    """Time the yearly report on `tickets` tickets, and the worst wait a live client sees meanwhile."""
    import subprocess
    import sys

    tmp = tempfile.mkdtemp(prefix="xephang-bench-report-")
    server = settled(LiveServer(os.path.join(tmp, "var"), mode="eventlet").start())
    try:
        fill_year(f"{server.data_dir}/xephang.db", tickets)
        admin = server.login("admin", "admin")
        stalls: list[float] = []
        done = threading.Event()

        def ping() -> None:
            http = requests.Session()
            while not done.is_set():
                t0 = time.perf_counter()
                http.get(server.url + "/api/state", timeout=30)
                stalls.append(time.perf_counter() - t0)
                time.sleep(0.02)

        pinger = threading.Thread(target=ping)
        pinger.start()
        url = server.url + "/api/reports/summary?from=2025-01-01&to=2025-12-31"
        times = []
        for _ in range(3):  # the first one writes the day summaries (at midnight, in production)
            t0 = time.perf_counter()
            r = admin.get(url, timeout=300)
            times.append(time.perf_counter() - t0)
            assert r.status_code == 200, r.text
        done.set()
        pinger.join()
        direct = subprocess.run([sys.executable, "-m", "server.reports", f"{server.data_dir}/xephang.db",
                                 "2025-01-01", "2025-12-31"], capture_output=True, text=True)
        assert direct.returncode == 0
        return {"first": times[0], "seconds": min(times[1:]), "worst_stall_ms": max(stalls) * 1000,
                "p50_state_ms": pct(stalls, 50) * 1000, "issued": sum(row["issued"] for row in r.json())}
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


# ------------------------------------------------------------------ main


def settled(server: LiveServer, timeout: float = 120) -> LiveServer:
    """Wait until the server has made its default voice clips (espeak-ng, once, just after its first start),
    so that work does not land in the figures."""
    from display.voice import CLIPS

    folder = os.path.join(server.data_dir, "voice-default")
    deadline = time.time() + timeout
    while time.time() < deadline:
        if os.path.isdir(folder) and sum(f.endswith(".wav") and not f.startswith(".") for f in os.listdir(folder)
                                         ) >= len(CLIPS):
            break
        time.sleep(0.2)
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--modes", default="eventlet,threading")
    parser.add_argument("--clients", type=int, default=300,
                        help="Socket.IO clients: 20 counters, 20 tablets, the rest wall displays")
    parser.add_argument("--client-procs", type=int, default=4)
    parser.add_argument("--calls", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--kiosks", type=int, default=8)
    parser.add_argument("--pin", action="store_true", help="server on core 0, display clients on core 1")
    parser.add_argument("--report-tickets", type=int, default=400_000, help="tickets in the yearly report (0 = skip)")
    args = parser.parse_args()

    rows: dict[str, dict[str, str]] = {}
    for mode in args.modes.split(","):
        tmp = tempfile.mkdtemp(prefix=f"xephang-bench-{mode}-")
        server = settled(LiveServer(os.path.join(tmp, "var"), mode=mode).start())
        try:
            issuing = bench_issuing(server.url, args.kiosks, args.seconds)
            paced = bench_issuing(server.url, args.kiosks, args.seconds, rate_total=50)
            calling = bench_call_next(server, 600)
            latency = bench_call_latency(server, args.clients, args.client_procs, args.calls, args.pin)
        finally:
            server.stop()
            shutil.rmtree(tmp, ignore_errors=True)
        rows[mode] = {
            f"issuing, {args.kiosks} kiosks flat out (tickets/s)": f"{issuing['rate']:.0f}",
            "issuing p99 latency at 50 tickets/s (ms)": f"{paced['p99_ms']:.1f}",
            "issuing p50 latency at 50 tickets/s (ms)": f"{paced['p50_ms']:.1f}",
            "call-next + no-show, 20 counters (calls/s)": f"{calling['rate']:.0f}",
            "call-next double calls": f"{calling['doubles']} of {calling['calls']}",
            f"call -> screens p50, {args.clients} clients (ms)": f"{latency['p50_ms']:.1f}",
            f"call -> screens p99, {args.clients} clients (ms)": f"{latency['p99_ms']:.1f}",
            "call -> wall displays only, p99 (ms)": f"{latency['display_p99_ms']:.1f}",
            "calls delivered (to every screen that shows them)": latency["delivered"],
            f"server memory with {args.clients} clients (MB)": f"{latency['rss_mb']:.0f}",
        }
    if args.report_tickets:
        report = bench_report(args.report_tickets)
        for mode in rows:  # measured once, on the eventlet server
            own = mode == "eventlet"
            rows[mode][f"yearly report, {report['issued']} tickets, days summarised (s)"] = (
                f"{report['seconds']:.2f}" if own else "—")
            rows[mode]["yearly report, first run writing the day summaries (s)"] = (
                f"{report['first']:.2f}" if own else "—")
            rows[mode]["worst /api/state wait during the report (ms)"] = (
                f"{report['worst_stall_ms']:.0f}" if own else "—")
    modes = list(rows)
    metrics = list(rows[modes[0]])
    width = max(len(m) for m in metrics)
    print(f"\nXếpHàng benchmark — {os.cpu_count()} cores, durable commits (synchronous=FULL)")
    print(f"{'metric':<{width}}  " + "  ".join(f"{m:>12}" for m in modes))
    for metric in metrics:
        print(f"{metric:<{width}}  " + "  ".join(f"{rows[m][metric]:>12}" for m in modes))
    print("One run per mode; rerun to see the spread. How to read it: docs/performance.md")


if __name__ == "__main__":
    main()
