"""The waiting figures sent to wall displays, kiosks and phones go out at once, then at most once a pace with the
latest figures: a provincial hall issues and calls several tickets a second to five hundred displays. Calls and
notices are never paced. (The pace is made long here, and the waiting figures sent with `flush`, so that a slow
machine cannot end a pace in the middle of a burst.)"""

import time

from server.dispatch import PACE_S
from tests.helpers import connect, events, issue


def _waiting(got):
    return [(name, [(s["code"], s["waiting"]) for s in p["services"]]) for name, p in got]


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
    assert _waiting(events(display, "/display")) == [("queue_changed", [("A", 1)])]  # the first, at once
    assert _waiting(events(kiosk, "/kiosk")) == [("queue_changed", [("A", 1)])]
    assert (events(display, "/display"), events(kiosk, "/kiosk")) == ([], [])  # the others wait for their turn
    hub.pacer.flush()
    assert _waiting(events(display, "/display")) == [("queue_changed", [("A", 5)])]  # the four others, in one
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
    got = _waiting(events(display, "/display"))
    while len(got) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
        got += _waiting(events(display, "/display"))
    assert got == [("queue_changed", [("A", 1)]), ("queue_changed", [("B", 1)])]  # at once, then by itself


def test_a_call_right_after_a_ticket_reaches_the_displays_at_once(hub, app, client, auth):
    hub.pacer.every_s = 60
    display = connect(hub.socketio, app, "/display")
    issue(client, "A")
    auth.open(1, "canbo1")
    display.get_received("/display")
    client.post("/api/counters/1/call-next")  # the figures wait for their turn; the call does not
    assert [(n, p["ticket"]["number"]) for n, p in events(display, "/display")] == [("ticket_called", "A001")]
    hub.pacer.flush()
    assert _waiting(events(display, "/display")) == [("queue_changed", [("A", 0), ("T", 0)])]
