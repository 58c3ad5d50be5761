"""Socket.IO: snapshots on connect, and each change pushed to exactly the screens that need it."""

import gc
from collections import Counter

import pytest

from tests.helpers import connect, device_socket, events, issue


@pytest.fixture
def sio(hub):
    return hub.socketio


SNAPSHOT_KEYS = [  # what every screen draws from
    "centre",
    "counters",
    "day",
    "printers",
    "priority_categories",
    "recent_calls",
    "server_time",
    "services",
    "unprinted",
]


def names(c, namespace):
    return [n for n, _ in events(c, namespace)]


def test_every_role_gets_a_full_snapshot_on_connect(sio, app, client, auth):
    issue(client, "A")
    kiosk = connect(sio, app, "/kiosk")
    [(name, snap)] = events(kiosk, "/kiosk")
    assert name == "kiosk_snapshot"
    assert sorted(snap) == SNAPSHOT_KEYS
    assert (snap["day"], snap["services"][0]["code"], snap["services"][0]["waiting"]) == ("2026-11-23", "A", 1)
    assert snap["centre"] == {
        "name": "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
        "authority": "UBND XÃ AN BÌNH",
        "hotline": "1900 0000",
        "address": "",
        "notice": "Vui lòng giữ trật tự và chú ý màn hình, loa gọi số.",
    }
    assert [c["number"] for c in snap["counters"]] == [1, 2, 3, 4, 5, 6]
    assert names(connect(sio, app, "/display"), "/display") == ["display_snapshot"]
    assert names(connect(sio, app, "/rating", auth={"counter": 1}), "/rating") == ["rating_snapshot"]
    auth.login("canbo1")
    assert names(connect(sio, app, "/counter", client=client), "/counter") == ["counter_snapshot"]


def test_counter_namespace_refuses_a_screen_without_login(sio, app):
    c = sio.test_client(app, namespace="/counter")
    assert not c.is_connected("/counter")


def test_rating_namespace_refuses_a_tablet_that_is_not_paired(sio, app):
    assert not sio.test_client(app, namespace="/rating", auth={"counter": 99}).is_connected("/rating")
    assert not sio.test_client(app, namespace="/rating", auth={"counter": "1"}).is_connected("/rating")


def test_a_call_reaches_displays_counters_and_only_that_counters_tablet(sio, app, client, auth):
    pacer = app.extensions["xephang"].pacer
    pacer.every_s = 60  # the waiting figures go out when the test says (flush), whatever the machine's speed
    issue(client, "A")
    display = connect(sio, app, "/display")
    tablet1 = connect(sio, app, "/rating", auth={"counter": 1})
    tablet2 = connect(sio, app, "/rating", auth={"counter": 2})
    auth.open(1, "canbo1")
    workstation = connect(sio, app, "/counter", client=client)
    for c, ns in [(display, "/display"), (tablet1, "/rating"), (tablet2, "/rating"), (workstation, "/counter")]:
        c.get_received(ns)
    client.post("/api/counters/1/call-next")
    got = events(display, "/display")
    # The call at once (it says who is at counter 1); the waiting figures paced: the issue just sent them.
    assert [n for n, _ in got] == ["ticket_called"]
    called = got[0][1]
    assert (called["ticket"]["number"], called["counter"], called["recall"]) == ("A001", 1, False)
    pacer.flush()
    got = events(display, "/display")
    assert [
        (
            n,
            [(s["code"], s["waiting"]) for s in p["services"]],
            [(c["number"], c["ticket"]["number"]) for c in p["counters"]],
        )
        for n, p in got
    ] == [
        # the fields of counter 1, opened just before, and the call's; counter 1 as it is now (its opening paced)
        ("hall_changed", [("A", 0), ("T", 0)], [(1, "A001")])
    ]
    assert names(tablet1, "/rating") == ["ticket_called", "counter_changed"]
    assert names(tablet2, "/rating") == []
    # One notice for the whole call (it is also a counter and a queue change): one redraw asked, not three.
    assert events(workstation, "/counter") == [
        (
            "ticket_called",
            {
                "changed": "ticket_called",
                "counter": 1,
                "counters": [1],
                "ticket": {"id": 1, "number": "A001", "status": "called"},
            },
        )
    ]


def test_displays_hear_only_what_they_show_start_and_finish_change_no_waiting_count(sio, app, client, auth):
    pacer = app.extensions["xephang"].pacer
    pacer.every_s = 60  # the waiting figures go out when the test says (flush), whatever the machine's speed
    ticket = issue(client, "A")
    auth.open(1, "canbo1")
    client.post("/api/counters/1/call-next")
    pacer.flush()  # the call's figures are out before the display and the kiosk listen
    display, kiosk = connect(sio, app, "/display"), connect(sio, app, "/kiosk")
    workstation = connect(sio, app, "/counter", client=client)
    for c, ns in [(display, "/display"), (kiosk, "/kiosk"), (workstation, "/counter")]:
        c.get_received(ns)
    client.post(f"/api/tickets/{ticket['id']}/start")
    assert names(workstation, "/counter") == ["ticket_changed"]  # one notice for the whole start
    client.post(f"/api/tickets/{ticket['id']}/finish")
    # Start and finish came within the pace of the call: the display and the kiosk hear of them once, paced.
    assert (names(display, "/display"), names(kiosk, "/kiosk")) == ([], [])
    pacer.flush()
    # No waiting count changed (no figures for the wall); counter 1 shows no number now; A001 is no longer to be
    # announced. Estimates move with service times: the kiosk gets the figures.
    assert [
        (
            n,
            p["services"],
            [(c["number"], c["ticket"]) for c in p["counters"]],
            [(t["number"], t["status"]) for t in p["tickets"]],
        )
        for n, p in events(display, "/display")
    ] == [("hall_changed", [], [(1, None)], [("A001", "done")])]
    assert names(kiosk, "/kiosk") == ["queue_changed"]


def test_issuing_updates_kiosks_counters_and_displays(sio, app, client):
    kiosk = connect(sio, app, "/kiosk")
    display = connect(sio, app, "/display")
    kiosk.get_received("/kiosk")
    display.get_received("/display")
    issue(client, "B")
    [(name, payload)] = events(kiosk, "/kiosk")
    assert name == "queue_changed"
    assert [(s["code"], s["waiting"]) for s in payload["services"]] == [("B", 1)]
    assert names(display, "/display") == ["hall_changed"]


def test_kiosk_issues_a_ticket_through_the_ack(sio, app):
    kiosk = connect(sio, app, "/kiosk")
    reply = kiosk.emit("issue_ticket", {"service": "C"}, namespace="/kiosk", callback=True)
    assert (reply["ok"], reply["ticket"]["number"], reply["ticket"]["ahead"]) == (True, "C001", 0)
    refused = kiosk.emit("issue_ticket", {"service": "Z"}, namespace="/kiosk", callback=True)
    assert refused == {"error": "unknown_service", "message": "Không có lĩnh vực Z."}
    refused = kiosk.emit("issue_ticket", "C", namespace="/kiosk", callback=True)
    assert refused["error"] == "bad_request"


def test_displays_of_a_group_see_only_their_groups_calls(sio, app, client, auth, db):
    db.execute("UPDATE counters SET display_group = 'tang1' WHERE number = 4")
    issue(client, "A")
    issue(client, "C")
    ground = connect(sio, app, "/display", auth={"group": "main"})
    upstairs = connect(sio, app, "/display", auth={"group": "tang1"})
    hall = connect(sio, app, "/display")
    auth.open(1, "canbo1")
    client.post("/api/counters/1/call-next")
    auth.open(4, "canbo4")
    client.post("/api/counters/4/call-next")

    def calls(c):
        return [p["ticket"]["number"] for n, p in events(c, "/display") if n == "ticket_called"]

    assert (calls(ground), calls(upstairs), calls(hall)) == (["A001"], ["C001"], ["A001", "C001"])


def test_a_client_can_ask_for_the_snapshot_again(sio, app, client):
    display = connect(sio, app, "/display")
    issue(client, "A")
    snap = display.emit("snapshot", namespace="/display", callback=True)
    assert snap["services"][0]["waiting"] == 1


def _kind(o) -> str:
    """An object's type, and for a frame the file and function it ran."""
    kind = f"{type(o).__module__}.{type(o).__qualname__}"
    return f"{kind} {o.f_code.co_filename}:{o.f_code.co_name}" if kind == "builtins.frame" else kind


def _garbage_of(run) -> Counter:
    """What `run()` left in reference cycles: only the garbage collector frees those, and until it comes (a full
    pass held a provincial hall's event loop 65–83 ms) they keep everything they refer to."""
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        run()
        gc.collect()
        return Counter(map(_kind, gc.garbage))
    finally:
        gc.set_debug(0)
        gc.garbage.clear()


# A websocket's first request, as a browser sends it (a socket that starts by long-polling has neither header).
WEBSOCKET = {"Connection": "Upgrade", "Upgrade": "websocket"}


@pytest.mark.parametrize("headers", [{}, WEBSOCKET], ids=["long-polling", "websocket"])
def test_a_screens_snapshot_ask_leaves_its_request_and_answer_to_be_freed_at_once(sio, app, client, auth, headers):
    """Flask-SocketIO runs each Socket.IO event in a request context made from the socket's first request
    (/socket.io/). With no rule for that path, werkzeug raised NotFound (WebsocketMismatch on a websocket) for
    every event and kept it on the request, and its traceback held the handler's frames, and the answer built in
    them, in a cycle: 60 objects an ask, 6,400 a second in a provincial hall, a full garbage pass every 5 s."""
    auth.open(1, "canbo1")
    counter = sio.test_client(app, namespace="/counter", flask_test_client=client, headers=headers)
    display = device_socket(app, "/display", headers=headers)

    def ask() -> None:
        for _ in range(10):
            assert "view" in counter.emit("snapshot", namespace="/counter", callback=True)
            assert "services" in display.emit("snapshot", namespace="/display", callback=True)

    left = _garbage_of(ask)  # only the request path's kinds: a thread another test left may end meanwhile
    request = ("flask", "werkzeug", "socketio", "engineio")
    kinds = ("flask.", "werkzeug.", "server.payloads.")
    assert {k: n for k, n in left.items() if k.startswith(kinds) or any(r in k for r in request)} == {}


@pytest.mark.parametrize("headers", [{}, WEBSOCKET], ids=["long-polling", "websocket"])
def test_a_socket_events_request_context_finds_its_rule(sio, app, headers):
    """What the cycle above came from, seen inside an event: the request Flask-SocketIO makes for it matched no rule."""
    import flask

    seen = []

    def probe(data=None):
        seen.append((flask.request.routing_exception, flask.request.url_rule.rule, flask.request.blueprint))
        return {"ok": True}

    sio.on_event("probe", probe, namespace="/display")
    display = device_socket(app, "/display", headers=headers)
    assert display.emit("probe", {}, namespace="/display", callback=True) == {"ok": True}
    assert seen == [(None, "/socket.io/", None)]


def test_events_are_dispatched_only_after_commit(db, hub):
    from server.dispatch import dispatch
    from server.services.base import Event

    db.conn.execute("BEGIN")
    with pytest.raises(RuntimeError):
        dispatch(hub, db, [Event("queue_changed", {"services": ["A"]})])
    db.conn.execute("ROLLBACK")


def test_at_midnight_every_screen_is_told_to_start_the_new_day(sio, app, client, hub, clock):
    from server.cli import announce_new_day
    from server.core.numbering import seconds_to_midnight
    from tests.helpers import at

    assert seconds_to_midnight(at(2026, 11, 23, 23, 59, 30), "Asia/Ho_Chi_Minh") == 30
    assert seconds_to_midnight(at(2026, 11, 23, 8, 0), "Asia/Ho_Chi_Minh") == 16 * 3600
    issue(client, "A")
    kiosk, display = connect(sio, app, "/kiosk"), connect(sio, app, "/display")
    kiosk.get_received("/kiosk")
    display.get_received("/display")
    clock.now = at(2026, 11, 24, 0, 0, 1)
    with app.app_context():
        announce_new_day(hub)
    assert [e["name"] for e in kiosk.get_received("/kiosk")] == ["config_changed"]
    assert [e["name"] for e in display.get_received("/display")] == ["config_changed"]
    snap = display.emit("snapshot", namespace="/display", callback=True)
    assert (snap["day"], snap["services"][0]["waiting"], snap["recent_calls"]) == ("2026-11-24", 0, [])


def test_a_dispatch_reads_each_counters_row_once_and_the_next_dispatch_reads_it_again(sio, app, hub, client, auth):
    from server.dispatch import dispatch
    from server.services.base import Event
    from server.store import repo

    hub.pacer.every_s = 60  # the paced figures go out when the test says, whatever the machine's speed
    issue(client, "A")
    auth.open(1, "canbo1")
    called = client.post("/api/counters/1/call-next").get_json()["ticket"]
    upstairs = connect(sio, app, "/display", auth={"group": "tang-2"})
    upstairs.get_received("/display")  # its snapshot
    factory, db = hub.borrow()
    try:
        ticket = repo.get_ticket(db, called["id"])
        a_call = [  # a one-press's events: the no-show leaves "called", the call, the counter
            Event("ticket_changed", {"ticket": ticket, "action": "no_show"}),
            Event("ticket_called", {"ticket": ticket, "recall": False}),
            Event("counter_changed", {"counter": 1}),
        ]
        statements: list[str] = []
        db.conn.set_trace_callback(statements.append)
        try:
            dispatch(hub, db, a_call)
        finally:
            db.conn.set_trace_callback(None)
        assert sum("FROM counters WHERE number = " in s for s in statements) == 1  # the call's rooms, the payload
        assert names(upstairs, "/display") == []  # counter 1 is not upstairs yet
        db.execute("UPDATE counters SET display_group = 'tang-2' WHERE number = 1")
        dispatch(hub, db, a_call)
        assert names(upstairs, "/display") == ["ticket_called"]  # read again: it moved (the no-show goes paced)
    finally:
        hub.give_back(factory, db)


def test_only_a_live_dashboard_hears_every_ticket_and_gets_the_days_figures(sio, app, client, auth, manager):
    settings_page = sio.test_client(app, namespace="/admin", auth={}, flask_test_client=manager)
    dashboard = sio.test_client(app, namespace="/admin", auth={"live": True}, flask_test_client=manager)
    assert names(settings_page, "/admin") == []  # no snapshot: its figures of the day are counted for the dashboard
    [(name, view)] = events(dashboard, "/admin")
    dashboard_keys = sorted([*SNAPSHOT_KEYS, "alarms", "today", "wait_target_s"])  # and the day's figures
    assert (name, sorted(view)) == ("admin_snapshot", dashboard_keys)
    issue(client, "A")
    auth.open(1, "canbo1")
    client.post("/api/counters/1/call-next")
    assert names(settings_page, "/admin") == []
    assert names(dashboard, "/admin") == ["ticket_issued", "counter_changed", "ticket_called"]
    paired = manager.post(  # a kiosk in the hall asks to be paired
        "/api/devices/pair",
        json={"kind": "kiosk", "config": {"kiosk": "sanh-a"}},
        environ_base={"REMOTE_ADDR": "192.0.2.10"},
    )
    assert paired.status_code == 201
    assert names(settings_page, "/admin") == ["devices_changed"]  # what the devices tab redraws on
    assert names(dashboard, "/admin") == ["devices_changed"]
    assert sorted(settings_page.emit("snapshot", {}, namespace="/admin", callback=True)) == dashboard_keys  # if asked


def test_a_call_is_sent_only_to_rooms_a_screen_is_in_and_its_payload_built_only_when_one_hears_it(
    sio, app, hub, client, auth, monkeypatch
):
    from server import dispatch

    hub.pacer.every_s = 60  # the paced figures go out when the test says
    issue(client, "A")
    issue(client, "A")
    auth.open(1, "canbo1")
    workstation = connect(sio, app, "/counter", client=client)
    workstation.get_received("/counter")
    sent: list[tuple[str, str, str | None]] = []
    real_emit = sio.server.manager.emit
    built: list[str] = []
    real_build = dispatch.build_payload

    def emit(event, data, namespace, room=None, to=None, **kwargs):
        sent.append((event, namespace, to or room))
        return real_emit(event, data, namespace, room=room, to=to, **kwargs)

    def build(event, db, env):
        built.append(event.type)
        return real_build(event, db, env)

    monkeypatch.setattr(sio.server.manager, "emit", emit)
    monkeypatch.setattr(dispatch, "build_payload", build)
    # Only counter 1's workstation is connected: no display, tablet, phone or dashboard hears the call.
    client.post("/api/counters/1/call-next")
    assert (sent, built) == ([("ticket_called", "/counter", "counter:1")], [])
    assert names(workstation, "/counter") == ["ticket_called"]
    # A wall display and counter 1's tablet connect: each payload is built once, sent to the rooms they are in.
    display = connect(sio, app, "/display")
    tablet = connect(sio, app, "/rating", auth={"counter": 1})
    display.get_received("/display")
    tablet.get_received("/rating")
    sent.clear()
    pressed = client.post("/api/counters/1/call-next", json={"close": "no-show", "ticket": 1})
    assert (pressed.status_code, pressed.get_json()["ticket"]["number"]) == (200, "A002")
    assert sent == [  # the display joined every group's room only: nothing is sent to the main group's room
        ("ticket_changed", "/counter", "counter:1"),
        ("ticket_changed", "/rating", "counter:1"),
        ("counter_changed", "/rating", "counter:1"),
        ("ticket_called", "/display", "display:*"),
        ("ticket_called", "/rating", "counter:1"),
    ]
    assert built == ["ticket_changed", "counter_changed", "ticket_called"]
    assert names(display, "/display") == ["ticket_called"]
    assert names(tablet, "/rating") == ["ticket_changed", "counter_changed", "ticket_called"]
