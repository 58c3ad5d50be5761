"""`make bench`: live servers measured from client processes, eventlet and threading side by side.

Prints one table. Not a test: nothing here asserts a time. Options: `python -m tests.bench --help`.
"""

from __future__ import annotations

import argparse
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


# ------------------------------------------------------------------ main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--modes", default="eventlet,threading")
    parser.add_argument("--clients", type=int, default=300, help="Socket.IO display clients")
    parser.add_argument("--client-procs", type=int, default=4)
    parser.add_argument("--calls", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--kiosks", type=int, default=8)
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
