"""The waiting figures sent to wall displays, kiosks and phones, and what a display shows besides the calls (the
counters' numbers, the tickets no longer called), go out at once, then at most once a pace with the latest state:
a provincial hall issues, calls, starts and finishes several tickets a second in front of five hundred displays.
Calls and notices are never paced. (The pace is made long here, and what waits sent with `flush`, so that a slow
machine cannot end a pace in the middle of a burst.)"""

import time

from server.dispatch import PACE_S
from tests.helpers import connect, events, issue


def _waiting(got):
    return [(name, [(s["code"], s["waiting"]) for s in p["services"]]) for name, p in got]


def _hall(got):
    """A display's messages: calls by number; paced updates as figures, counters' numbers and tickets' states."""
    out = []
    for name, p in got:
        if name == "ticket_called":
            out.append((name, p["ticket"]["number"], p["counter"]))
        else:
            assert name == "hall_changed", name
            out.append(
                (
                    name,
                    [(s["code"], s["waiting"]) for s in p["services"]],
                    [(c["number"], c["ticket"] and c["ticket"]["number"]) for c in p["counters"]],
                    [(t["number"], t["status"]) for t in p["tickets"]],
                )
            )
    return out


def test_a_burst_of_tickets_reaches_displays_and_kiosks_at_once_then_once_more_with_the_latest_figures(
    hub, app, client
):
    app.extensions["xephang_issue_limit"].limit = 1000
    hub.pacer.every_s = 60
    display, kiosk = connect(hub.socketio, app, "/display"), connect(hub.socketio, app, "/kiosk")
    display.get_received("/display")
    kiosk.get_received("/kiosk")
    for _ in range(5):
        issue(client, "A")
    assert _hall(events(display, "/display")) == [("hall_changed", [("A", 1)], [], [])]  # the first, at once
    assert _waiting(events(kiosk, "/kiosk")) == [("queue_changed", [("A", 1)])]
    assert (events(display, "/display"), events(kiosk, "/kiosk")) == ([], [])  # the others wait for their turn
    hub.pacer.flush()
    assert _hall(events(display, "/display")) == [("hall_changed", [("A", 5)], [], [])]  # the four others, in one
    assert _waiting(events(kiosk, "/kiosk")) == [("queue_changed", [("A", 5)])]
    hub.pacer.flush()
    assert (events(display, "/display"), events(kiosk, "/kiosk")) == ([], [])  # nothing more to say


def test_the_figures_waiting_for_their_turn_go_out_by_themselves_once_the_pace_is_over(hub, app, client):
    app.extensions["xephang_issue_limit"].limit = 1000
    display = connect(hub.socketio, app, "/display")
    display.get_received("/display")
    issue(client, "A")
    issue(client, "B")
    deadline = time.monotonic() + 10 * PACE_S
    got = _hall(events(display, "/display"))
    while len(got) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
        got += _hall(events(display, "/display"))
    assert got == [("hall_changed", [("A", 1)], [], []), ("hall_changed", [("B", 1)], [], [])]  # at once, then alone


def test_a_call_right_after_a_ticket_reaches_the_displays_at_once(hub, app, client, auth):
    hub.pacer.every_s = 60
    display = connect(hub.socketio, app, "/display")
    issue(client, "A")
    auth.open(1, "canbo1")
    display.get_received("/display")
    client.post("/api/counters/1/call-next")  # the figures wait for their turn; the call does not
    assert _hall(events(display, "/display")) == [("ticket_called", "A001", 1)]
    hub.pacer.flush()
    # the figures, and counter 1 as it is now (its opening waited for its turn too)
    assert _hall(events(display, "/display")) == [("hall_changed", [("A", 0), ("T", 0)], [(1, "A001")], [])]


def test_a_burst_of_call_cycles_reaches_a_display_as_its_calls_and_one_update_with_the_latest_state(
    hub, app, client, auth
):
    """Each call is sent at once; the starts, finishes and figures of the burst reach the display once, as they
    are when sent (the counter showing its latest call, each ticket as it ended), not as a message per change."""
    app.extensions["xephang_issue_limit"].limit = 1000
    hub.pacer.every_s = 60
    display, kiosk = connect(hub.socketio, app, "/display"), connect(hub.socketio, app, "/kiosk")
    auth.open(1, "canbo1")
    hub.pacer.flush()
    display.get_received("/display")
    kiosk.get_received("/kiosk")
    hub.pacer.last = float("-inf")  # the burst starts after a quiet pace
    for n in range(3):
        issue(client, "A")
        ticket = client.post("/api/counters/1/call-next").json["ticket"]
        assert client.post(f"/api/tickets/{ticket['id']}/start").status_code == 200
        if n < 2:
            assert client.post(f"/api/tickets/{ticket['id']}/finish").status_code == 200
    issue(client, "A")
    assert _hall(events(display, "/display")) == [
        ("hall_changed", [("A", 1)], [], []),  # the first ticket, at once
        ("ticket_called", "A001", 1),
        ("ticket_called", "A002", 1),
        ("ticket_called", "A003", 1),
    ]
    assert _waiting(events(kiosk, "/kiosk")) == [("queue_changed", [("A", 1)])]
    hub.pacer.flush()
    assert _hall(events(display, "/display")) == [
        (
            "hall_changed",
            [("A", 1)],  # A004 waits
            [(1, "A003")],  # the counter as it is now: serving A003
            [("A001", "done"), ("A002", "done"), ("A003", "serving")],
        )
    ]
    assert _waiting(events(kiosk, "/kiosk")) == [("queue_changed", [("A", 1)])]


def test_in_a_quiet_hall_a_call_reaches_the_displays_before_the_update_that_follows_it(hub, app, client, auth):
    hub.pacer.every_s = 60
    display = connect(hub.socketio, app, "/display")
    issue(client, "A")
    auth.open(1, "canbo1")
    hub.pacer.flush()
    display.get_received("/display")
    hub.pacer.last = float("-inf")  # a quiet pace: the update goes at once, but after the call
    client.post("/api/counters/1/call-next")
    assert _hall(events(display, "/display")) == [
        ("ticket_called", "A001", 1),
        ("hall_changed", [("A", 0)], [], []),  # the call's field
    ]


def test_a_paced_update_that_fails_is_sent_at_the_next_turn_and_the_ticket_is_still_issued(
    hub, app, client, monkeypatch
):
    import sqlite3

    from server import payloads

    hub.pacer.every_s = 60
    display = connect(hub.socketio, app, "/display")
    display.get_received("/display")
    real = payloads.hall_changed

    def busy(*args):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(payloads, "hall_changed", busy)
    assert issue(client, "A")["number"] == "A001"  # answered 201: the ticket is committed whatever the screens
    assert events(display, "/display") == []
    monkeypatch.setattr(payloads, "hall_changed", real)
    hub.pacer.flush()
    assert _hall(events(display, "/display")) == [("hall_changed", [("A", 1)], [], [])]


def test_a_paced_update_that_can_neither_be_sent_nor_scheduled_waits_for_the_next_change_without_looping(
    hub, app, client, monkeypatch
):
    """No worker can be started and every send fails (a database that stays locked): the request still answers,
    nothing calls itself without end, and the update goes out with the next change once the database is back."""
    import sqlite3

    from server import payloads

    display = connect(hub.socketio, app, "/display")
    display.get_received("/display")
    real = payloads.hall_changed
    tries = []

    def busy(*args):
        tries.append(1)
        raise sqlite3.OperationalError("database is locked")

    def no_worker(*args, **kwargs):
        raise RuntimeError("no worker can be started")

    monkeypatch.setattr(payloads, "hall_changed", busy)
    monkeypatch.setattr(hub.socketio, "start_background_task", no_worker)
    assert issue(client, "A")["number"] == "A001"  # sent at once: fails; its retry cannot be scheduled
    assert issue(client, "A")["number"] == "A002"  # now its turn: sent at once again, fails again
    assert (len(tries), events(display, "/display")) == (2, [])
    monkeypatch.setattr(payloads, "hall_changed", real)
    hub.pacer.last = float("-inf")
    issue(client, "B")
    assert _hall(events(display, "/display")) == [("hall_changed", [("A", 2), ("B", 1)], [], [])]


def test_a_paced_update_reads_its_counters_and_tickets_in_four_queries_whatever_their_number(hub, db, client):
    from server import payloads
    from server.store import repo

    for number in range(7, 101):
        db.execute("INSERT INTO counters (number, name, services) VALUES (?, ?, '[\"A\"]')", [number, f"Quầy {number}"])
    db.execute("UPDATE counters SET clerk_id = (SELECT id FROM users WHERE username = 'canbo1') WHERE number = 7")
    ids = [issue(client, "A")["id"] for _ in range(20)]
    numbers = list(range(100, 0, -3))
    statements = []
    db.conn.set_trace_callback(statements.append)
    try:
        got = payloads.hall_changed(db, hub.env, [], [*numbers, 555], [*reversed(ids), 99999])
    finally:
        db.conn.set_trace_callback(None)
    assert len(statements) == 4
    assert got == {
        "services": [],
        "counters": [payloads.counter(db, hub.env, repo.counter_row(db, n)) for n in numbers],  # as asked
        "tickets": [payloads.ticket(repo.get_ticket(db, i), hub.env.tz) for i in reversed(ids)],
    }


def test_two_paced_updates_sent_from_two_threads_reach_the_displays_in_the_order_they_were_read(
    hub, app, client, monkeypatch
):
    """Threading mode: a worker's update reads the hall, then a request's update reads it later; the later
    reading must not reach the displays first, or they would keep the older state until the next change."""
    import threading

    from server import payloads

    display = connect(hub.socketio, app, "/display")
    display.get_received("/display")
    real, read, go = payloads.hall_changed, threading.Event(), threading.Event()

    def slow_first(*args):
        got = real(*args)
        if not read.is_set():  # the worker's reading, held back before it is sent
            read.set()
            go.wait(5)
        return got

    issue(client, "A")
    assert len(events(display, "/display")) == 1  # at once
    monkeypatch.setattr(payloads, "hall_changed", slow_first)
    with hub.pacer.lock:
        hub.pacer._add(["A"], True, [], [])
        hub.pacer.due = True
    worker = threading.Thread(target=hub.pacer.flush)
    worker.start()
    assert read.wait(5)
    request = threading.Thread(target=lambda: issue(client, "A"))
    hub.pacer.last = float("-inf")
    request.start()
    request.join(0.5)  # without order it would send its own reading now, before the worker's
    go.set()
    worker.join(5)
    request.join(5)
    assert [w for _, w, _, _ in _hall(events(display, "/display"))] == [[("A", 1)], [("A", 2)]]
