"""The servers the bench measures: one fresh server a run, what it runs with, and what it holds afterwards."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from typing import Any

import requests

from tests.bench.lean import LeanSession, Reply
from tests.helpers import LiveServer

# Why the bench runs with each setting it changes from the default (printed above the table).
REASONS = {
    "kiosk_tickets_per_minute": "flood limit lifted: a few kiosk processes flat out would otherwise be refused "
    "after 30 tickets a minute each",
    "demo": "the demo centre (10 fields, counters 1–6 and their clerks); devices on 127.0.0.1 pair by themselves",
    "async_mode": "each mode measured in its own column",
    "behind_proxy": "X-Forwarded-For trusted, so the no-stall phase's 50 wrong logins come from 50 addresses and "
    "each one is hashed (from one address the throttle refuses all after 20, without hashing)",
}
WHERE = ("data_dir", "host", "port")  # a fresh temporary folder, 127.0.0.1, a free port: said once in the setup


def start(data_dir: str, mode: str, env: dict[str, str] | None = None, voice_cache: str | None = None) -> LiveServer:
    """A server on a fresh data folder, measured only once its default voice clips exist (copied from
    `voice_cache` when given, else made by espeak-ng once, then kept there), so that one-off work is not
    counted."""
    server = LiveServer(data_dir, mode=mode, env=env)
    clips = os.path.join(data_dir, "voice-default")
    if voice_cache and os.path.isdir(voice_cache):
        shutil.copytree(voice_cache, clips)
    settled(server.start())
    if voice_cache and not os.path.isdir(voice_cache) and os.path.isdir(clips):
        shutil.copytree(clips, voice_cache)
    return server


def settled(server: LiveServer, timeout: float = 120) -> LiveServer:
    from display.voice import CLIPS

    folder = os.path.join(server.data_dir, "voice-default")
    deadline = time.time() + timeout
    while time.time() < deadline:
        if os.path.isdir(folder) and sum(
            f.endswith(".wav") and not f.startswith(".") for f in os.listdir(folder)
        ) >= len(CLIPS):
            break
        time.sleep(0.2)
    return server


def non_default_settings(server: LiveServer) -> list[str]:
    """Every setting the server runs with that is not its default, as `name = value (default …): why`."""
    from server import settings

    flags = {"demo": server.demo, "async_mode": server.mode}
    values = settings.load(overrides=flags, environ=server.environ())
    lines = []
    for s in settings.SETTINGS:
        if s.name in WHERE or values[s.name] == s.default:
            continue
        lines.append(
            f"{s.name} = {values[s.name]!r} ({s.env}; default {s.default!r}): "
            f"{REASONS.get(s.name, 'set in the environment the bench was started from')}"
        )
    return lines


def login(url: str, username: str, password: str) -> LeanSession:
    session = LeanSession(url)
    session.headers["X-XepHang"] = "1"  # as our own pages do (anti-CSRF)
    session.post(url + "/api/login", json={"username": username, "password": password}, timeout=30).raise_for_status()
    return session


def process_cpu(pid: int) -> float:
    """CPU seconds (user and system) process `pid` has used so far, from /proc (nan where there is none); this
    process's own to the nanosecond (/proc counts in ticks of 10 ms: a load client of a short phase read 0)."""
    if pid == os.getpid():
        return time.process_time()
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rpartition(")")[2].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def clerk_password(number: int) -> str:
    return "demo" if number <= 6 else "demo-bench"


def add_counters(server: LiveServer, counters: int) -> None:
    """The demo centre has counters 1–6 and their clerks; the bench adds the rest through the admin API."""
    admin = server.login("admin", "admin")
    codes = list("ABCDEFGHKT")
    for number in range(7, counters + 1):
        admin.post(server.url + "/api/admin/counters", json={"number": number, "services": codes}).raise_for_status()
        admin.post(
            server.url + "/api/admin/users",
            json={"username": f"canbo{number}", "role": "clerk", "password": clerk_password(number)},
        ).raise_for_status()


def query(server: LiveServer, sql: str, params: tuple = ()) -> list[tuple[Any, ...]]:
    """Read the server's database (WAL: a reader never blocks it)."""
    conn = sqlite3.connect(f"file:{server.data_dir}/xephang.db?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def last_id(server: LiveServer, table: str) -> int:
    return query(server, f"SELECT coalesce(max(id), 0) FROM {table}")[0][0]


def memory_mb(pid: int) -> dict[str, float]:
    """The process's resident set now (VmRSS) and its peak so far (VmHWM), in MB."""
    found = {}
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            key = line.split(":")[0]
            if key in ("VmRSS", "VmHWM"):
                found[key] = int(line.split()[1]) / 1024
    return {"now": found.get("VmRSS", float("nan")), "peak": found.get("VmHWM", float("nan"))}


def pin(pid: int, cores: set[int] | None) -> None:
    """Keep a process on some cores (the server on one, its clients on the other), where the machine allows."""
    if cores and hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) > 1:
        os.sched_setaffinity(pid, cores)


def cpu_per_request(server_cpu: float, results: list[Any]) -> dict[str, float]:
    """CPU milliseconds a request cost the server, and its client, over a phase: `server_cpu`, the server's CPU
    seconds from go until every client had reported (and, on the kiosk page path, every print job was printed),
    and each client process's own from go to its end, over the requests the clients made (HTTP requests, or the
    kiosk page's Socket.IO issues; answered or not). On a box the clients share with the server, what they take
    is what the server could not use."""
    made = sum(r.extra["requests"] for r in results)
    if not made:
        return {"server_cpu_ms": float("nan"), "client_cpu_ms": float("nan")}
    return {
        "server_cpu_ms": 1000 * server_cpu / made,
        "client_cpu_ms": 1000 * sum(r.extra["client_cpu"] for r in results) / made,
    }


def failure(response: requests.Response | Reply) -> str:
    """A refused request as a kind of failure: `HTTP 429 rate_limited`."""
    try:
        code = response.json().get("error", "")
    except ValueError:
        code = ""
    return f"HTTP {response.status_code} {code}".strip()


def run_clients(
    target: Any, jobs: list[tuple], timeout: float = 600, on_go: Any = None
) -> tuple[list[Any], float, int]:
    """One process per job: `target(*job, ready, go, out)` sets itself up, says ready, waits for go, works and
    puts (its result, the time.time() it finished) on `out`; `on_go()`, if given, is called right after go.
    Returns the results, the seconds measured from go to the last client's end, and how many clients never
    reported (each one is a failure, never left out)."""
    import multiprocessing as mp
    import queue

    ready, out, go = mp.Queue(), mp.Queue(), mp.Event()
    procs = [mp.Process(target=target, args=(*job, ready, go, out)) for job in jobs]
    for p in procs:
        p.start()
    for _ in procs:
        try:
            ready.get(timeout=120)
        except queue.Empty:
            break
    t0 = time.time()
    go.set()
    if on_go:
        on_go()
    results, ends = [], []
    deadline = time.time() + timeout
    while len(results) < len(procs) and time.time() < deadline:
        try:
            result, end = out.get(timeout=1)
        except queue.Empty:
            if all(p.exitcode is not None for p in procs) and out.empty():
                break
            continue
        results.append(result)
        ends.append(end)
    for p in procs:
        p.join(5)
        if p.is_alive():
            p.kill()
    return results, (max(ends) - t0) if ends else float("nan"), len(procs) - len(results)
