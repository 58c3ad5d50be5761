"""kill -9 in the middle of a busy morning: every acknowledged ticket survives, numbering carries on."""

import sqlite3
import threading
import time

import pytest
import requests

from tests.helpers import Listener

pytestmark = pytest.mark.live


def test_kill_9_while_issuing_loses_no_acknowledged_ticket(live):
    server = live("eventlet")
    clerk = server.login("canbo1")
    acknowledged: list[dict] = []
    lock = threading.Lock()
    stop = threading.Event()

    def kiosk(service: str) -> None:
        http = requests.Session()
        while not stop.is_set():
            try:
                r = http.post(server.url + "/api/tickets", json={"service": service}, timeout=5)
            except requests.RequestException:
                return  # the server is gone
            if r.status_code == 201:
                with lock:
                    acknowledged.append(r.json())

    threads = [threading.Thread(target=kiosk, args=(s,)) for s in "AABT"]
    for t in threads:
        t.start()
    while len(acknowledged) < 40:
        time.sleep(0.01)
    assert clerk.post(server.url + "/api/counters/1/open").ok
    called = clerk.post(server.url + "/api/counters/1/call-next").json()["ticket"]
    while len(acknowledged) < 80:
        time.sleep(0.01)
    server.kill9()
    stop.set()
    for t in threads:
        t.join(10)

    server.start(port=server.port)
    for ticket in acknowledged:
        got = requests.get(f"{server.url}/api/tickets/{ticket['id']}", timeout=5).json()
        assert (got["number"], got["service"]) == (ticket["number"], ticket["service"])
    db = sqlite3.connect(f"{server.data_dir}/xephang.db")
    stored = dict(db.execute("SELECT service, max(seq) FROM tickets GROUP BY service").fetchall())
    waiting = dict(db.execute("SELECT service, count(*) FROM tickets WHERE status = 'waiting' GROUP BY service"))
    db.close()
    # Numbering carries on after the highest number stored, acknowledged or not.
    after = requests.post(server.url + "/api/tickets", json={"service": "A"}, timeout=5).json()
    assert after["number"] == f"A{stored['A'] + 1:03d}"
    waiting["A"] += 1
    # A display connecting now draws the true state: waiting per service and the call made before the crash.
    display = Listener(server.url, "/display", ["display_snapshot"]).connect()
    try:
        [snap] = display.wait_for("display_snapshot")
    finally:
        display.close()
    assert {s["code"]: s["waiting"] for s in snap["services"] if s["waiting"]} == waiting
    assert [(c["number"], c["counter"]) for c in snap["recent_calls"]] == [(called["number"], 1)]
    assert [c["ticket"]["number"] for c in snap["counters"] if c["ticket"]] == [called["number"]]


def test_kill_9_in_a_busy_morning_loses_no_acknowledged_action_or_rating(live):
    from tests.helpers import Listener

    server = live("eventlet")
    acked_actions: list[tuple[int, str]] = []  # (ticket id, status the server acknowledged)
    acked_ratings: list[int] = []
    stop = threading.Event()
    tablet = Listener(server.url, "/rating", ["rating_snapshot", "rating_requested"], auth={"counter": 1}).connect()
    tablet.wait_for("rating_snapshot")

    def kiosk():
        http = requests.Session()
        while not stop.is_set():
            try:
                http.post(server.url + "/api/tickets", json={"service": "A"}, timeout=5)
            except requests.RequestException:
                return

    def clerk():
        http = server.login("canbo1")
        http.post(server.url + "/api/counters/1/open", timeout=5)
        while not stop.is_set():
            try:
                ticket = http.post(server.url + "/api/counters/1/call-next", timeout=5).json()["ticket"]
                if ticket is None:
                    continue
                for action, status in (("start", "serving"), ("finish", "done")):
                    r = http.post(f"{server.url}/api/tickets/{ticket['id']}/{action}", timeout=5)
                    if r.status_code == 200:
                        acked_actions.append((ticket["id"], status))
                question = tablet.wait_for("rating_requested", len(acked_ratings) + 1, timeout=5)[-1]
                reply = tablet.call("submit_rating", {"counter": 1, "token": question["token"], "score": 3}, timeout=5)
                if reply.get("ok"):
                    acked_ratings.append(question["ticket_id"])
            except (requests.RequestException, Exception):
                return

    threads = [threading.Thread(target=kiosk), threading.Thread(target=clerk)]
    for t in threads:
        t.start()
    while len(acked_ratings) < 5:
        time.sleep(0.02)
    server.kill9()
    stop.set()
    for t in threads:
        t.join(15)
    tablet.close()
    server.start(port=server.port)
    db = sqlite3.connect(f"{server.data_dir}/xephang.db")
    order = {"waiting": 0, "called": 1, "serving": 2, "done": 3}
    for ticket_id, status in acked_actions:
        (stored,) = db.execute("SELECT status FROM tickets WHERE id = ?", [ticket_id]).fetchone()
        assert order[stored] >= order[status], (ticket_id, status, stored)
    rated = {tid for (tid,) in db.execute("SELECT ticket_id FROM ratings")}
    db.close()
    assert set(acked_ratings) <= rated
    assert len(acked_ratings) >= 5
