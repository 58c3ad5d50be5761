"""Kiosks and counters hammering live servers at once: no duplicate number, no double call, nothing lost."""

import random
import sqlite3
import threading
from collections import Counter

import pytest
import requests

from server.services.seed import DEMO_COUNTERS

pytestmark = pytest.mark.live

KIOSKS = 8
PER_KIOSK = 25


def run_morning(urls: list[str], one_press: bool = False) -> tuple[list[dict], dict[int, list[int]]]:
    """8 kiosk threads issue tickets while 6 counter threads call, start and finish them (`one_press`: each
    finish and the next call are one request, "Hoàn thành, gọi số tiếp")."""
    issued: list[dict] = []
    calls: dict[int, list[int]] = {n: [] for n, _ in DEMO_COUNTERS}
    lock = threading.Lock()
    kiosks_done = threading.Event()
    errors: list[str] = []
    codes = sorted({c for _, services in DEMO_COUNTERS for c in services})

    def kiosk(k: int) -> None:
        rnd = random.Random(k)
        http = requests.Session()
        for _ in range(PER_KIOSK):
            r = http.post(urls[k % len(urls)] + "/api/tickets", json={"service": rnd.choice(codes)}, timeout=30)
            if r.status_code != 201:
                errors.append(f"kiosk {k}: {r.status_code} {r.text}")
                continue
            with lock:
                issued.append(r.json())

    def counter(number: int) -> None:
        url = urls[number % len(urls)]
        http = requests.Session()
        http.headers["X-XepHang"] = "1"  # as the counter page sends
        http.post(url + "/api/login", json={"username": f"canbo{number}", "password": "demo"}, timeout=30)
        assert http.post(f"{url}/api/counters/{number}/open", timeout=30).ok
        idle_rounds = 0
        serving = None  # one_press: the ticket being served, finished by the next call-next
        while idle_rounds < 3:
            close = {"close": "finish", "ticket": serving} if serving else None
            r = http.post(f"{url}/api/counters/{number}/call-next", json=close, timeout=30)
            if r.status_code != 200:
                errors.append(f"counter {number}: {r.status_code} {r.text}")
                return
            ticket, serving = r.json()["ticket"], None
            if ticket is None:
                if kiosks_done.is_set():
                    idle_rounds += 1
                threading.Event().wait(0.02)
                continue
            idle_rounds = 0
            calls[number].append(ticket["id"])
            for action in ("start",) if one_press else ("start", "finish"):
                r = http.post(f"{url}/api/tickets/{ticket['id']}/{action}", timeout=30)
                if r.status_code != 200:
                    errors.append(f"counter {number} {action}: {r.status_code} {r.text}")
            serving = ticket["id"] if one_press else None

    kiosk_threads = [threading.Thread(target=kiosk, args=(k,)) for k in range(KIOSKS)]
    counter_threads = [threading.Thread(target=counter, args=(n,)) for n, _ in DEMO_COUNTERS]
    for t in kiosk_threads + counter_threads:
        t.start()
    for t in kiosk_threads:
        t.join()
    kiosks_done.set()
    for t in counter_threads:
        t.join(120)
    assert errors == []
    return issued, calls


def check(data_dir: str, issued: list[dict], calls: dict[int, list[int]]) -> None:
    assert len(issued) == KIOSKS * PER_KIOSK
    numbers = [t["number"] for t in issued]
    assert [n for n, c in Counter(numbers).items() if c > 1] == []  # no duplicate number
    for service in {t["service"] for t in issued}:  # numbering has no gaps
        seqs = sorted(int(t["number"][1:]) for t in issued if t["service"] == service)
        assert seqs == list(range(1, len(seqs) + 1))
    called = [tid for ids in calls.values() for tid in ids]
    assert [tid for tid, c in Counter(called).items() if c > 1] == []  # never called twice
    assert sorted(called) == sorted(t["id"] for t in issued)  # none lost
    db = sqlite3.connect(f"{data_dir}/xephang.db")
    try:
        assert db.execute("SELECT status, count(*) FROM tickets GROUP BY status").fetchall() == [("done", len(issued))]
        calls_logged = db.execute("SELECT count(*), count(DISTINCT ticket_id) FROM events WHERE action = 'call'")
        assert calls_logged.fetchone() == (len(issued), len(issued))
    finally:
        db.close()


@pytest.mark.parametrize("mode", ["eventlet", "threading"])
def test_eight_kiosks_and_six_counters_at_once_on_one_server(live, mode):
    server = live(mode)
    issued, calls = run_morning([server.url])
    check(server.data_dir, issued, calls)


def test_two_server_processes_on_one_database_file(live):
    first = live("eventlet")
    second = live("eventlet", data_dir=first.data_dir)
    issued, calls = run_morning([first.url, second.url])
    check(first.data_dir, issued, calls)


@pytest.mark.parametrize("mode", ["eventlet", "threading"])
def test_six_counters_finishing_and_calling_in_one_press_while_eight_kiosks_issue(live, mode):
    server = live(mode)
    issued, calls = run_morning([server.url], one_press=True)
    check(server.data_dir, issued, calls)


def test_finish_and_call_next_in_one_press_on_two_server_processes(live):
    first = live("eventlet")
    second = live("eventlet", data_dir=first.data_dir)
    issued, calls = run_morning([first.url, second.url], one_press=True)
    check(first.data_dir, issued, calls)


def test_two_server_processes_sharing_their_commits_lose_no_ticket_and_call_none_twice(live):
    """group_commit = always: every write of a server joins the batch of the moment (what a slow disk makes them do),
    with two servers on one file, eight kiosks and six counters finishing and calling in one press."""
    first = live("eventlet", group_commit="always")
    second = live("eventlet", data_dir=first.data_dir, group_commit="always")
    issued, calls = run_morning([first.url, second.url], one_press=True)
    check(first.data_dir, issued, calls)
    shared = [requests.get(s.url + "/api/health", timeout=5).json()["group_commit"] for s in (first, second)]
    assert [s["batches"] > 0 and s["largest"] > 1 for s in shared] == [True, True], shared  # writes did share
