"""No stall: kiosks and counters keep being answered while a centre's slow jobs run at once — wrong logins
(each one a password hash), a procedures upload (a file parsed), the yearly report and an online backup.

Kiosk processes issue through the JSON API with citizens arriving at random; clerks in other processes call and
mark no-show, pausing between citizens; the slow jobs start a second after them. Every request of theirs is
timed; the figure is over those in flight while the jobs ran. Every answer is checked, the jobs' too, and the
database is read afterwards for duplicates, double calls and tickets left waiting."""

from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing as mp
import random
import subprocess
import sys
import threading
import time
import traceback
from typing import Any

import requests

from tests.bench.calling import check_calls, counters_process, waiting_now
from tests.bench.issuing import SERVICES, check_issued
from tests.bench.lean import LeanSession
from tests.bench.live import failure, last_id, run_clients
from tests.bench.tally import Tally
from tests.bench.yearly import fill_year
from tests.helpers import ROOT, LiveServer

JOBS = ("wrong logins", "procedures upload", "yearly report", "backup")


def _kiosk(url: str, name: str, rate: float, seed: int, stop: Any, ready: Any, go: Any, out: Any) -> None:
    """One kiosk: citizens arriving at random at `rate` a second until `stop`."""
    tally, issued, stamps = Tally(), [], []
    http = LeanSession(url)
    ready.put(name)
    go.wait()
    arrivals = random.Random(seed)
    due = time.perf_counter()
    try:
        for i in itertools.count():
            due += arrivals.expovariate(rate)
            if stop.wait(max(0.0, due - time.perf_counter())):
                break
            tally.attempts += 1
            at, t0 = time.time(), time.perf_counter()
            try:
                r = http.post(url + "/api/tickets", json={"service": SERVICES[i % len(SERVICES)]}, timeout=30)
            except requests.RequestException as exc:
                tally.fail(f"issue {type(exc).__name__}")
                continue
            if r.status_code != 201:
                tally.fail("issue " + failure(r))
                continue
            stamps.append((at, time.perf_counter() - t0))
            tally.ok += 1
            issued.append((r.json()["id"], r.json()["number"]))
    except Exception:  # noqa: BLE001 - reported as a failure of this phase
        tally.fail("kiosk crashed: " + traceback.format_exc().strip().splitlines()[-1])
    tally.extra.update(issued=issued, stamps=stamps)
    out.put((tally, time.time()))


def _client(role: str, url: str, who: Any, stop: Any, param: Any, ready: Any, go: Any, out: Any) -> None:
    if role == "kiosk":
        _kiosk(url, who, *param, stop, ready, go, out)
    else:
        counters_process(url, who, stop, param, "two", ready, go, out)


def procedures_csv(rows: int) -> bytes:
    """A procedures list of `rows` procedures as full as the shipped sample's (its rows over and over, each with
    its own code and name): about 100 KB for 250."""
    import csv
    import io

    from server.procedures import SAMPLE

    with open(SAMPLE, encoding="utf-8-sig", newline="") as fh:
        header, *sample = list(csv.reader(fh))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for i in range(rows):
        row = dict(zip(header, sample[i % len(sample)], strict=True))
        row.update(ma=f"TT{i + 1:04d}", ten=f"{row['ten']} ({i + 1})")
        writer.writerow(row.values())
    return out.getvalue().encode()


def _wrong_logins(server: LiveServer, count: int) -> list[str]:
    """`count` wrong passwords at once from 10 threads, each from its own address (X-Forwarded-For, trusted with
    behind_proxy) and for an account that does not exist (a real clerk's would be locked): each one hashed."""
    kinds: list[str] = []  # list.append is atomic: the threads share it

    def some(first: int) -> None:
        for i in range(first, count, 10):
            r = requests.post(
                server.url + "/api/login",
                json={"username": f"khong-co-{i}", "password": "sai"},
                headers={"X-XepHang": "1", "X-Forwarded-For": f"10.15.{i // 200}.{i % 200 + 1}"},
                timeout=120,
            )
            if r.status_code != 401:
                kinds.append("wrong login answered " + failure(r))

    threads = [threading.Thread(target=some, args=(k,)) for k in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return kinds


def _upload(server: LiveServer, admin: requests.Session, rows: int) -> list[str]:
    r = admin.post(
        server.url + "/api/admin/procedures",
        timeout=300,
        files={"file": ("thu-tuc.csv", procedures_csv(rows), "text/csv")},
    )
    if r.status_code != 200:
        return ["procedures upload " + failure(r)]
    return [] if r.json().get("imported") == rows else [f"procedures upload imported {r.json().get('imported')}"]


def _report(server: LiveServer, admin: requests.Session, year: int) -> list[str]:
    r = admin.get(f"{server.url}/api/reports?period=year&date={year}-07-01", timeout=900)
    return [] if r.status_code == 200 else ["yearly report " + failure(r)]


def _backup(server: LiveServer) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-m", "server.cli", "backup", "--data", server.data_dir],
        cwd=ROOT,
        env=server.environ(),
        capture_output=True,
        text=True,
        timeout=900,
    )
    if done.returncode != 0:
        return [f"backup exited {done.returncode}: {(done.stderr or done.stdout).strip()[-80:]}"]
    return []


def slow_jobs(server: LiveServer, admin: requests.Session, year: int, logins: int, procedures: int, bg: Tally) -> None:
    """The four jobs at once, each in its own thread: `bg` counts their failures; `bg.extra` gets each one's
    seconds, and the start and end of the window."""
    work = {
        JOBS[0]: lambda: _wrong_logins(server, logins),
        JOBS[1]: lambda: _upload(server, admin, procedures),
        JOBS[2]: lambda: _report(server, admin, year),
        JOBS[3]: lambda: _backup(server),
    }
    lock = threading.Lock()

    def timed(name: str) -> None:
        t0 = time.time()
        try:
            kinds = work[name]()
        except Exception as exc:  # noqa: BLE001 - counted, never lost
            kinds = [f"{name} {type(exc).__name__}"]
        with lock:
            bg.attempts += 1
            bg.ok += not kinds
            for kind in kinds:
                bg.fail(kind)
            bg.extra[name] = time.time() - t0

    threads = [threading.Thread(target=timed, args=(name,)) for name in JOBS]
    bg.extra["start"] = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    bg.extra["end"] = time.time()


def bench_no_stall(
    server: LiveServer,
    kiosks: int,
    rate: float,
    counters: int,
    procs: int,
    year_tickets: int,
    logins: int = 50,
    procedures: int = 250,
    think: float = 0.5,
) -> Tally:
    """`kiosks` processes issue at `rate` tickets a second in total; clerks 1…`counters` in `procs` processes call
    and mark no-show, `think` seconds between citizens on average; meanwhile the slow jobs run over a year of
    `year_tickets` generated tickets (written before, not timed). Latencies: the requests in flight while the
    jobs ran; `extra` has the kiosks' and the counters' apart, and each job's seconds."""
    year = dt.date.today().year - 1
    if year_tickets:
        fill_year(f"{server.data_dir}/xephang.db", year_tickets, year=year, after_id=last_id(server, "tickets"))
    admin = server.login("admin", "admin")
    ticket_mark, event_mark = last_id(server, "tickets"), last_id(server, "events")
    stop, bg = mp.Event(), Tally()

    def background() -> None:
        try:
            time.sleep(1)  # the kiosks and counters first, then the jobs on top of them
            slow_jobs(server, admin, year, logins, procedures, bg)
            time.sleep(0.5)
        finally:
            stop.set()

    runner = threading.Thread(target=background)
    shares = [[n for n in range(1, counters + 1) if n % procs == p] for p in range(procs)]
    jobs = [("kiosk", server.url, f"bench-k{k + 1}", stop, (rate / kiosks, k)) for k in range(kiosks)]
    jobs += [("counter", server.url, share, stop, think) for share in shares if share]
    results, elapsed, lost = run_clients(_client, jobs, timeout=1800, on_go=runner.start)
    runner.join()
    tally = Tally(seconds=elapsed)
    issued, called, stamps = [], [], {"kiosk": [], "counter": []}
    for r in results:
        tally.merge(r)
        issued += r.extra.get("issued", [])
        called += r.extra.get("called", [])
        stamps["counter" if "called" in r.extra else "kiosk"] += r.extra["stamps"]
    if lost:
        tally.fail("kiosk or counter process never reported", lost)
    tally.failures.update(bg.failures)
    check_issued(server, tally, issued, ticket_mark)
    check_calls(server, tally, called, event_mark)
    tally.left_waiting = waiting_now(server)
    tally.extra["left_waiting"] = tally.left_waiting
    start, end = bg.extra.get("start", 0.0), bg.extra.get("end", 0.0)
    during = {role: [s for at, s in got if at < end and at + s > start] for role, got in stamps.items()}
    tally.latencies = during["kiosk"] + during["counter"]
    tally.extra.update(
        {f"{role}_latencies": got for role, got in during.items()},
        jobs={name: bg.extra.get(name, float("nan")) for name in JOBS},
        window=end - start,
        jobs_done=f"{bg.ok}/{bg.attempts}",
        year=year_tickets,
    )
    return tally
