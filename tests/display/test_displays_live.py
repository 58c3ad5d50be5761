"""Several real display clients in groups against a live server: the right calls, fast, in order."""

import sqlite3
import threading
import time

import pytest
import requests

from tests.helpers import Listener

pytestmark = pytest.mark.live

BUDGET_S = 0.5


def test_a_call_reaches_every_display_of_its_group_in_time_and_no_other(live):
    server = live("eventlet")
    db = sqlite3.connect(f"{server.data_dir}/xephang.db")
    with db:
        db.execute("UPDATE counters SET display_group = 'tang1' WHERE number IN (4, 5)")
    db.close()
    ground = [Listener(server.url, "/display", ["ticket_called"], auth={"group": "main"}).connect() for _ in range(3)]
    upstairs = [
        Listener(server.url, "/display", ["ticket_called"], auth={"group": "tang1"}).connect() for _ in range(2)
    ]
    hall = Listener(server.url, "/display", ["ticket_called"]).connect()
    try:
        requests.post(server.url + "/api/tickets", json={"service": "C"}, timeout=5)
        clerk = server.login("canbo4")
        clerk.post(server.url + "/api/counters/4/open")
        sent = time.monotonic()
        assert clerk.post(server.url + "/api/counters/4/call-next").json()["ticket"]["number"] == "C001"
        for display in [*upstairs, hall]:
            [called] = display.wait_for("ticket_called", timeout=BUDGET_S + 2)
            assert (called["ticket"]["number"], called["counter"]) == ("C001", 4)
        assert time.monotonic() - sent < BUDGET_S + 0.5
        # A later call at counter 1 (group main) reaches the ground floor; events reach a socket in order, so
        # had C001 been sent there it would have come first.
        requests.post(server.url + "/api/tickets", json={"service": "A"}, timeout=5)
        first = server.login("canbo1")
        first.post(server.url + "/api/counters/1/open")
        assert first.post(server.url + "/api/counters/1/call-next").json()["ticket"]["number"] == "A001"
        for display in ground:
            [called] = display.wait_for("ticket_called", timeout=BUDGET_S + 2)
            assert (called["ticket"]["number"], called["counter"]) == ("A001", 1)
    finally:
        for display in [*ground, *upstairs, hall]:
            display.close()


def test_two_calls_within_100_ms_are_both_delivered_in_order(live):
    server = live("eventlet")
    displays = [Listener(server.url, "/display", ["ticket_called"]).connect() for _ in range(4)]
    try:
        for service in ("A", "B"):
            requests.post(server.url + "/api/tickets", json={"service": service}, timeout=5)
        clerks = [server.login("canbo1"), server.login("canbo3")]
        clerks[0].post(server.url + "/api/counters/1/open")
        clerks[1].post(server.url + "/api/counters/3/open")
        barrier = threading.Barrier(2)

        def call(session, counter):
            barrier.wait()
            session.post(f"{server.url}/api/counters/{counter}/call-next")

        threads = [
            threading.Thread(target=call, args=(clerk, counter)) for clerk, counter in zip(clerks, (1, 3), strict=True)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        db = sqlite3.connect(f"{server.data_dir}/xephang.db")
        committed = [
            n
            for (n,) in db.execute(
                "SELECT t.number FROM events e JOIN tickets t ON t.id = e.ticket_id"
                " WHERE e.action = 'call' ORDER BY e.id"
            )
        ]
        db.close()
        assert sorted(committed) == ["A001", "B001"]
        for display in displays:
            calls = display.wait_for("ticket_called", 2)
            assert [c["ticket"]["number"] for c in calls] == committed  # both, in the order they happened
    finally:
        for display in displays:
            display.close()
