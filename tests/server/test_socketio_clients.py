"""Several real python-socketio clients against a live server, in eventlet and in threading mode."""

import time

import pytest

from tests.helpers import Listener, close_all, session_cookie

pytestmark = pytest.mark.live

CALL_EVENTS = ["ticket_called", "counter_changed", "queue_changed", "ticket_changed", "ticket_issued"]


def _hall(display):
    """What a display's paced updates say so far: the latest waiting figure of each field and the latest number
    shown at each counter."""
    waiting, shown = {}, {}
    for update in display.of("hall_changed"):
        waiting.update({s["code"]: s["waiting"] for s in update["services"]})
        shown.update({c["number"]: c["ticket"] and c["ticket"]["number"] for c in update["counters"]})
    return waiting, shown


@pytest.mark.parametrize("mode", ["eventlet", "threading"])
def test_a_call_reaches_displays_and_the_counters_room_only(live, mode):
    server = live(mode)
    clerk = server.login("canbo1")
    assert clerk.post(server.url + "/api/counters/1/open").ok
    displays = [
        Listener(server.url, "/display", ["display_snapshot", "hall_changed", *CALL_EVENTS]).connect() for _ in range(3)
    ]
    tablet1 = Listener(server.url, "/rating", ["rating_snapshot", *CALL_EVENTS], auth={"counter": 1}).connect()
    tablet2 = Listener(server.url, "/rating", ["rating_snapshot", *CALL_EVENTS], auth={"counter": 2}).connect()
    workstation = Listener(
        server.url, "/counter", ["counter_snapshot", *CALL_EVENTS], cookie=session_cookie(clerk)
    ).connect()
    kiosk = Listener(server.url, "/kiosk", ["kiosk_snapshot", "queue_changed"]).connect()
    everyone = [*displays, tablet1, tablet2, workstation, kiosk]
    try:
        for listener in everyone:
            listener.wait_for(f"{listener.namespace[1:]}_snapshot")
        issued = kiosk.call("issue_ticket", {"service": "A"})
        assert (issued["ok"], issued["ticket"]["number"]) == (True, "A001")
        called = clerk.post(server.url + "/api/counters/1/call-next").json()["ticket"]
        assert called["number"] == "A001"
        for display in displays:
            [event] = display.wait_for("ticket_called")
            assert (event["ticket"]["number"], event["counter"], event["recall"]) == ("A001", 1, False)
        # What a display reads besides the call is paced, whichever thread sends it: an update after the call
        # says nobody waits any more (the counter's new number came with the call itself).
        for display in displays:
            deadline = time.monotonic() + 10
            while _hall(display) != ({"A": 0}, {}) or display.names()[-1] != "hall_changed":
                assert time.monotonic() < deadline, (display.names(), _hall(display))
                time.sleep(0.05)
            assert [n for n in display.names() if n != "hall_changed"] == ["display_snapshot", "ticket_called"]
        assert tablet1.wait_for("ticket_called")[0]["ticket"]["number"] == "A001"
        assert workstation.wait_for("ticket_called")[0]["ticket"]["number"] == "A001"
        # The waiting figures are paced (at most twice a second): the latest ones say nobody waits any more.
        deadline = time.monotonic() + 10
        while [[s["waiting"] for s in q["services"]] for q in kiosk.of("queue_changed")[-1:]] != [[0]]:
            assert time.monotonic() < deadline, kiosk.of("queue_changed")
            time.sleep(0.05)
        # One notice for the whole call, at once, none for its queue part; the issue's, which touched no counter,
        # comes at once or at the pacer's next turn (then after the call's). The other tablet saw nothing.
        deadline = time.monotonic() + 10
        while "ticket_issued" not in workstation.names():
            assert time.monotonic() < deadline, workstation.names()
            time.sleep(0.05)
        assert sorted(workstation.names()) == ["counter_snapshot", "ticket_called", "ticket_issued"]
        assert tablet2.names() == ["rating_snapshot"]
    finally:
        close_all(everyone)


@pytest.mark.parametrize("mode", ["eventlet", "threading"])
def test_a_display_that_reconnects_after_a_restart_gets_a_fresh_snapshot(live, mode):
    server = live(mode)
    display = Listener(server.url, "/display", ["display_snapshot", "ticket_called"]).connect()
    try:
        [first] = display.wait_for("display_snapshot")
        assert first["recent_calls"] == []
        server.stop()
        server.start(port=server.port)
        clerk = server.login("canbo2")
        clerk.post(server.url + "/api/tickets", json={"service": "B"})
        clerk.post(server.url + "/api/counters/2/open")
        clerk.post(server.url + "/api/counters/2/call-next")
        # Either the live event arrives after the reconnect, or the new snapshot already carries the call.
        second = display.wait_for("display_snapshot", 2, timeout=20)[1]
        if not second["recent_calls"]:
            display.wait_for("ticket_called", timeout=20)
        latest = display.call("snapshot")
        assert [(c["number"], c["counter"]) for c in latest["recent_calls"]] == [("B001", 2)]
    finally:
        display.close()
