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


def _kiosk(url: str, seconds: float, rate: float | None, out: mp.Queue) -> None:
    http = requests.Session()
    services = "ABCDEFGHKT"
    latencies, i = [], 0
    start = time.perf_counter()
    while (now := time.perf_counter()) - start < seconds:
        if rate:
            due = start + i / rate
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
    procs = [mp.Process(target=_kiosk, args=(url, seconds, per, out)) for _ in range(kiosks)]
    for p in procs:
        p.start()
    lat = [x for _ in procs for x in out.get()]
    for p in procs:
        p.join()
    return {"rate": len(lat) / seconds, "p50_ms": pct(lat, 50) * 1000, "p99_ms": pct(lat, 99) * 1000}


# ------------------------------------------------------------------ call -> display latency


def _displays(url: str, n: int, calls: int, ready: mp.Event, out: mp.Queue) -> None:
    import socketio

    arrivals: list[tuple[str, float]] = []
    lock = threading.Lock()
    clients = []
    for _ in range(n):
        c = socketio.Client(reconnection=False)

        def on_called(data, _c=c):
            with lock:
                arrivals.append((data["ticket"]["number"], time.time()))

        c.on("ticket_called", on_called, namespace="/display")
        c.connect(url, namespaces=["/display"], transports=["websocket"], wait_timeout=30)
        clients.append(c)
    ready.set()
    deadline = time.time() + 30 + calls
    while time.time() < deadline:
        with lock:
            if len(arrivals) >= n * calls:
                break
        time.sleep(0.05)
    for c in clients:
        c.disconnect()
    out.put(arrivals)


def bench_call_latency(server: LiveServer, clients: int, procs: int, calls: int) -> dict:
    out: mp.Queue = mp.Queue()
    readies = [mp.Event() for _ in range(procs)]
    workers = [mp.Process(target=_displays, args=(server.url, clients // procs, calls, readies[i], out))
               for i in range(procs)]
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
    lat = [(t - sent[num]) * 1000 for num, t in arrivals if num in sent]
    expected = calls * (clients // procs) * procs
    return {"p50_ms": pct(lat, 50), "p99_ms": pct(lat, 99), "delivered": f"{len(lat)}/{expected}", "rss_mb": rss}


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


# ------------------------------------------------------------------ call-next throughput


def bench_call_next(server: LiveServer, tickets: int) -> dict:
    from server.seed import DEMO_COUNTERS

    http = requests.Session()
    for i in range(tickets):
        http.post(server.url + "/api/tickets", json={"service": "ABCDEFGHKT"[i % 10]})
    called: list[int] = []
    lock = threading.Lock()

    def counter(number: int) -> None:
        clerk = server.login(f"canbo{number}")
        clerk.post(f"{server.url}/api/counters/{number}/open")
        while True:
            ticket = clerk.post(f"{server.url}/api/counters/{number}/call-next").json()["ticket"]
            if ticket is None:
                return
            with lock:
                called.append(ticket["id"])
            clerk.post(f"{server.url}/api/tickets/{ticket['id']}/no-show")

    threads = [threading.Thread(target=counter, args=(n,)) for n, _ in DEMO_COUNTERS]
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
    server = LiveServer(os.path.join(tmp, "var"), mode="eventlet").start()
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--modes", default="eventlet,threading")
    parser.add_argument("--clients", type=int, default=300, help="Socket.IO display clients")
    parser.add_argument("--client-procs", type=int, default=4)
    parser.add_argument("--calls", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--kiosks", type=int, default=8)
    parser.add_argument("--report-tickets", type=int, default=400_000, help="tickets in the yearly report (0 = skip)")
    args = parser.parse_args()

    rows: dict[str, dict[str, str]] = {}
    for mode in args.modes.split(","):
        tmp = tempfile.mkdtemp(prefix=f"xephang-bench-{mode}-")
        server = LiveServer(os.path.join(tmp, "var"), mode=mode).start()
        try:
            issuing = bench_issuing(server.url, args.kiosks, args.seconds)
            paced = bench_issuing(server.url, args.kiosks, args.seconds, rate_total=50)
            calling = bench_call_next(server, 600)
            latency = bench_call_latency(server, args.clients, args.client_procs, args.calls)
        finally:
            server.stop()
            shutil.rmtree(tmp, ignore_errors=True)
        rows[mode] = {
            f"issuing, {args.kiosks} kiosks flat out (tickets/s)": f"{issuing['rate']:.0f}",
            "issuing p99 latency at 50 tickets/s (ms)": f"{paced['p99_ms']:.1f}",
            "issuing p50 latency at 50 tickets/s (ms)": f"{paced['p50_ms']:.1f}",
            "call-next + no-show, 6 counters (calls/s)": f"{calling['rate']:.0f}",
            "call-next double calls": f"{calling['doubles']} of {calling['calls']}",
            f"call -> display p50, {args.clients} clients (ms)": f"{latency['p50_ms']:.1f}",
            f"call -> display p99, {args.clients} clients (ms)": f"{latency['p99_ms']:.1f}",
            "call -> display events delivered": latency["delivered"],
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
