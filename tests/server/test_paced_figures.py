"""The waiting figures sent to wall displays, kiosks and phones go out at once, then at most twice a second with
the latest figures: a provincial hall issues and calls several tickets a second to five hundred displays. Calls
and notices are never paced."""

import time

from server.dispatch import PACE_S
from tests.helpers import connect, events, issue


def _waiting(got):
    return [(name, [(s["code"], s["waiting"]) for s in p["services"]]) for name, p in got]


def test_a_burst_of_tickets_reaches_displays_and_kiosks_at_once_then_once_more_with_the_latest_figures(
    hub, app, client
):
    app.extensions["xephang_issue_limit"].limit = 1000
    display, kiosk = connect(hub.socketio, app, "/display"), connect(hub.socketio, app, "/kiosk")
    display.get_received("/display")
    kiosk.get_received("/kiosk")
    time.sleep(PACE_S + 0.1)  # nothing sent for a while
    for _ in range(5):
        issue(client, "A")
    assert _waiting(events(display, "/display")) == [("queue_changed", [("A", 1)])]  # the first, at once
    assert _waiting(events(kiosk, "/kiosk")) == [("queue_changed", [("A", 1)])]
    time.sleep(PACE_S + 0.2)
    assert _waiting(events(display, "/display")) == [("queue_changed", [("A", 5)])]  # the four others, in one
    assert _waiting(events(kiosk, "/kiosk")) == [("queue_changed", [("A", 5)])]
    time.sleep(PACE_S + 0.2)
    assert (events(display, "/display"), events(kiosk, "/kiosk")) == ([], [])  # nothing more to say


def test_a_call_right_after_a_ticket_reaches_the_displays_at_once(hub, app, client, auth):
    display = connect(hub.socketio, app, "/display")
    issue(client, "A")
    auth.open(1, "canbo1")
    display.get_received("/display")
    client.post("/api/counters/1/call-next")  # within half a second of the last figures: they wait, the call not
    assert [(n, p["ticket"]["number"]) for n, p in events(display, "/display")] == [("ticket_called", "A001")]
    time.sleep(PACE_S + 0.2)
    assert _waiting(events(display, "/display")) == [("queue_changed", [("A", 0), ("T", 0)])]
