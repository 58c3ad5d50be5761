"""The yearly report on a busy centre's year: its time, and the worst wait of a live client meanwhile."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
import time

import requests

from tests.bench.live import failure
from tests.bench.tally import Tally
from tests.helpers import LiveServer


def fill_year(db_path: str, tickets: int, year: int = 2025, after_id: int = 0) -> None:
    """A busy centre's year: `tickets` tickets over the working days, most served and many rated; ticket ids
    follow `after_id` (a database already in use), written a day at a time."""
    import random
    import sqlite3

    rnd = random.Random(7)
    conn = sqlite3.connect(db_path, timeout=60)
    days = [d for d in range(365) if (dt.date(year, 1, 1) + dt.timedelta(days=d)).weekday() < 5]
    per_day = tickets // len(days)
    tid = after_id
    for d in days:
        rows, ratings = [], []
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
            rows.append(
                (
                    tid,
                    code,
                    f"{code}{seq:03d}",
                    seq,
                    day.isoformat(),
                    status,
                    "nguoi_cao_tuoi" if rnd.random() < 0.08 else None,
                    f"t{tid}",
                    issued,
                    issued,
                    issued,
                    called,
                    called,
                    started if status == "done" else None,
                    ended,
                    1 + rnd.randrange(10),
                    2 + rnd.randrange(6),
                    1,
                )
            )
            if status == "done" and rnd.random() < 0.5:
                score = rnd.choice((3, 3, 3, 2, 2, 1))
                ratings.append((tid, day.isoformat(), code, 1, 2, score, 3, int(score == 1), "[]", ended + 20))
        with conn:
            conn.executemany(
                "INSERT INTO tickets (id, service, number, seq, day, status, priority, token, issued_at,"
                " queued_at, arrived_at, called_at, last_called_at, started_at, ended_at, counter,"
                " clerk_id, calls) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                rows,
            )
            conn.executemany(
                "INSERT INTO ratings (ticket_id, day, service, counter, clerk_id, score, scale,"
                " dissatisfied, reasons, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                ratings,
            )
    conn.close()


def bench_report(server: LiveServer, tickets: int) -> Tally:
    """On a fresh server: `tickets` generated tickets, then the report for the year twice — the first run writes
    the day summaries (the server does it each midnight in production), the second reads them."""
    fill_year(f"{server.data_dir}/xephang.db", tickets)
    admin = server.login("admin", "admin")
    stalls: list[float] = []
    done = threading.Event()
    tally = Tally()

    def ping() -> None:
        http = requests.Session()
        while not done.is_set():
            t0 = time.perf_counter()
            try:
                ok = http.get(server.url + "/api/state", timeout=30).status_code == 200
            except requests.RequestException:
                ok = False
            if not ok:
                tally.fail("/api/state failed during the report")
            stalls.append(time.perf_counter() - t0)
            time.sleep(0.02)

    pinger = threading.Thread(target=ping)
    pinger.start()
    url = server.url + "/api/reports/summary?from=2025-01-01&to=2025-12-31"
    times, issued = [], 0
    for _ in range(2):
        tally.attempts += 1
        t0 = time.perf_counter()
        r = admin.get(url, timeout=300)
        times.append(time.perf_counter() - t0)
        if r.status_code != 200:
            tally.fail("report " + failure(r))
            continue
        tally.ok += 1
        issued = sum(row["issued"] for row in r.json())
    done.set()
    pinger.join()
    direct = subprocess.run(
        [sys.executable, "-m", "server.reports", f"{server.data_dir}/xephang.db", "2025-01-01", "2025-12-31"],
        capture_output=True,
        text=True,
    )
    if direct.returncode != 0:
        tally.fail("report from the command line failed")
    tally.seconds = sum(times)
    tally.extra.update(first=times[0], summarised=times[1], worst_stall_ms=max(stalls) * 1000, issued=issued)
    return tally
