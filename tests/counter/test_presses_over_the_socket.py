"""The workstation's presses as events on its /counter socket, answered through the ack: the same use cases, checks
and replies as the /api routes (server/clerk.py runs both), and a refusal changes nothing."""

import pytest

from tests.helpers import issue


@pytest.fixture
def sio(hub):
    return hub.socketio


def statuses(db):
    return {r["number"]: r["status"] for r in db.query("SELECT number, status FROM tickets ORDER BY id")}


def history(db):
    return [(e["ticket_id"], e["action"]) for e in db.query("SELECT ticket_id, action FROM events ORDER BY id")]


def workstation(sio, app, client):
    ws = sio.test_client(app, namespace="/counter", flask_test_client=client)
    assert ws.is_connected("/counter")
    return ws


def press(ws, event, data):
    return ws.emit(event, data, namespace="/counter", callback=True)


def as_route_says(client, ticket_id):
    """The ticket as GET /api/tickets/<id> shows it, less the count of those ahead (not part of an action's reply)."""
    shown = client.get(f"/api/tickets/{ticket_id}").json
    del shown["ahead"]
    return shown


def test_a_clerk_opens_calls_serves_and_finishes_over_the_socket(sio, app, client, auth, db, clock):
    issue(client, "A")
    issue(client, "A")
    auth.login("canbo1")
    ws = workstation(sio, app, client)
    opened = press(ws, "open_counter", {"counter": 1})
    assert (opened["ok"], opened["number"], opened["state"]) == (True, 1, "open")
    called = press(ws, "call_next", {"counter": 1})
    assert called == {"ok": True, "ticket": as_route_says(client, 1)}
    assert called["ticket"]["status"] == "called"
    started = press(ws, "ticket_action", {"ticket": 1, "action": "start"})
    assert started == {"ok": True, "ticket": as_route_says(client, 1)}
    clock.advance(300)
    both = press(ws, "call_next", {"counter": 1, "close": "finish", "ticket": 1})
    assert both == {"ok": True, "ticket": as_route_says(client, 2), "closed": as_route_says(client, 1)}
    assert statuses(db) == {"A001": "done", "A002": "called"}
    assert history(db)[-4:] == [(1, "call"), (1, "start"), (1, "finish"), (2, "call")]


def test_the_other_presses_do_over_the_socket_what_their_routes_do(sio, app, client, auth, db):
    for field in "AAA":
        issue(client, field)
    auth.open(1, "canbo1")
    ws = workstation(sio, app, client)
    assert press(ws, "call_ticket", {"counter": 1, "number": " a002 "})["ticket"]["number"] == "A002"
    assert press(ws, "ticket_action", {"ticket": 2, "action": "recall"})["ticket"]["calls"] == 2
    assert press(ws, "ticket_action", {"ticket": 2, "action": "park"})["ticket"]["status"] == "parked"
    assert press(ws, "ticket_action", {"ticket": 2, "action": "resume"})["ticket"]["status"] == "called"
    assert press(ws, "ticket_action", {"ticket": 2, "action": "start"})["ticket"]["status"] == "serving"
    moved = press(ws, "ticket_action", {"ticket": 2, "action": "transfer", "service": "B"})
    assert (moved["ticket"]["number"], moved["ticket"]["status"]) == ("A002", "transferred")
    assert press(ws, "reprint", {"ticket": 1})["ticket"]["number"] == "A001"
    assert press(ws, "change_counter", {"counter": 1, "change": "pause"})["state"] == "paused"
    assert press(ws, "change_counter", {"counter": 1, "change": "resume"})["state"] == "open"
    assert press(ws, "change_counter", {"counter": 1, "change": "close"})["state"] == "closed"
    assert db.execute("SELECT id, number, service, status FROM tickets ORDER BY id").fetchall() == [
        (1, "A001", "A", "waiting"),
        (2, "A002", "A", "transferred"),
        (3, "A003", "A", "waiting"),
        (4, "A002", "B", "waiting"),  # the citizen keeps the number, now in field B's line
    ]


# Each refusal as the route answers the same press: the route's body is the event's data less what the route's
# address says (the counter or ticket, the action or change).
SAME_AS_ROUTE = [
    ("call_next", {"counter": 1, "close": "finish"}, "/api/counters/1/call-next"),
    ("call_next", {"counter": 1, "close": "sleep", "ticket": 1}, "/api/counters/1/call-next"),
    ("call_next", {"counter": 1, "close": "no-show", "ticket": 2}, "/api/counters/1/call-next"),
    ("call_next", {"counter": 1, "boss": True}, "/api/counters/1/call-next"),
    ("call_next", {"counter": 2}, "/api/counters/2/call-next"),
    ("call_next", {"counter": 99}, "/api/counters/99/call-next"),
    ("call_ticket", {"counter": 1, "ticket": 1, "number": "A001"}, "/api/counters/1/call"),
    ("call_ticket", {"counter": 1, "number": "x" * 201}, "/api/counters/1/call"),
    ("ticket_action", {"ticket": 1, "action": "explode"}, "/api/tickets/1/explode"),
    ("ticket_action", {"ticket": 1, "action": "transfer"}, "/api/tickets/1/transfer"),
    ("ticket_action", {"ticket": 1, "action": "finish", "service": "B"}, "/api/tickets/1/finish"),
    ("ticket_action", {"ticket": 2, "action": "finish"}, "/api/tickets/2/finish"),
    ("ticket_action", {"ticket": 404, "action": "finish"}, "/api/tickets/404/finish"),
    ("change_counter", {"counter": 1, "change": "explode"}, "/api/counters/1/explode"),
    ("change_counter", {"counter": 1, "change": "close"}, "/api/counters/1/close"),
    ("open_counter", {"counter": 2}, "/api/counters/2/open"),
    ("reprint", {"ticket": 1, "kiosk": ""}, "/api/tickets/1/reprint"),
]
IN_THE_ADDRESS = {
    "open_counter": ("counter",),
    "change_counter": ("counter", "change"),
    "call_next": ("counter",),
    "call_ticket": ("counter",),
    "ticket_action": ("ticket", "action"),
    "reprint": ("ticket",),
}


@pytest.mark.parametrize(("event", "data", "url"), SAME_AS_ROUTE)
def test_a_refused_press_over_the_socket_answers_as_its_route_and_changes_nothing(
    sio, app, client, auth, make_client, db, event, data, url
):
    issue(client, "A")
    issue(client, "A")
    other = make_client()
    other.post("/api/login", json={"username": "canbo2", "password": "demo"})
    assert other.post("/api/counters/2/open").status_code == 200
    auth.open(1, "canbo1")
    client.post("/api/counters/1/call-next")  # A001 is at counter 1
    before = (statuses(db), history(db), [dict(r) for r in db.query("SELECT * FROM counters ORDER BY number")])
    ws = workstation(sio, app, client)
    reply = press(ws, event, data)
    body = {k: v for k, v in data.items() if k not in IN_THE_ADDRESS[event]}
    route = client.post(url, json=body)
    assert route.status_code >= 400
    assert reply == route.json
    assert (statuses(db), history(db), [dict(r) for r in db.query("SELECT * FROM counters ORDER BY number")]) == before


@pytest.mark.parametrize(
    ("event", "data", "detail"),
    [
        ("call_next", None, "body must be a JSON object"),
        ("call_next", ["counter", 1], "body must be a JSON object"),
        ("call_next", {}, "missing field: counter"),
        ("call_next", {"counter": "1"}, "wrong type for counter"),
        ("call_next", {"counter": True}, "wrong type for counter"),
        ("call_next", {"counter": 2**70}, "counter is out of range"),
        ("ticket_action", {"action": "finish"}, "missing field: ticket"),
        ("ticket_action", {"ticket": [1], "action": "finish"}, "wrong type for ticket"),
        ("call_next", {"counter": 1, "close": {"close": {"close": {}}}, "ticket": 1}, "wrong type for close"),
    ],
)
def test_a_press_that_names_no_counter_or_ticket_is_a_bad_request_and_changes_nothing(
    sio, app, client, auth, db, event, data, detail
):
    issue(client, "A")
    auth.open(1, "canbo1")
    before = history(db)
    ws = workstation(sio, app, client)
    reply = press(ws, event, data)
    assert reply == {"error": "bad_request", "message": f"Yêu cầu không hợp lệ: {detail}"}
    assert (statuses(db), history(db)) == ({"A001": "waiting"}, before)


def test_after_logging_out_a_press_on_the_old_socket_is_refused(sio, app, client, auth, db):
    issue(client, "A")
    auth.open(1, "canbo1")
    ws = workstation(sio, app, client)
    stolen = app.test_client()  # the same cookie, replayed from another browser after the clerk logged out
    stolen.set_cookie("session", client.get_cookie("session").value)
    client.post("/api/logout")
    reply = press(ws, "call_next", {"counter": 1})
    assert reply["error"] == "login_required"
    assert set(reply) == {"error", "message"}
    replayed = sio.test_client(app, namespace="/counter", flask_test_client=stolen)
    assert not replayed.is_connected("/counter")  # refused at connect: login_required
    assert statuses(db) == {"A001": "waiting"}


def test_a_workstation_socket_reads_its_session_cookie_at_connect_not_on_every_press(
    sio, app, client, auth, db, monkeypatch
):
    for field in "AAA":
        issue(client, field)
    auth.open(1, "canbo1")
    reads = []
    from_cookie = app.session_interface.from_cookie
    monkeypatch.setattr(app.session_interface, "from_cookie", lambda *a: reads.append(1) or from_cookie(*a))
    ws = workstation(sio, app, client)
    assert reads == [1]  # at connect: read, and kept for the socket from here on
    called = [press(ws, "call_next", {"counter": 1})["ticket"]["number"]]
    called += [
        press(ws, "call_next", {"counter": 1, "close": "no-show", "ticket": n})["ticket"]["number"] for n in (1, 2)
    ]
    assert (called, reads) == (["A001", "A002", "A003"], [1])
    assert client.get("/api/state").status_code == 200 and reads == [1, 1]  # an HTTP request reads its own cookie
    client.post("/api/logout")  # and the login behind the kept session is still checked on every press
    assert press(ws, "call_next", {"counter": 1, "close": "no-show", "ticket": 3})["error"] == "login_required"
    assert statuses(db) == {"A001": "no_show", "A002": "no_show", "A003": "called"}


def test_the_workstations_view_over_http_is_its_sockets_snapshot(sio, app, client, auth, make_client):
    for field in "AAAT":
        issue(client, field)
    other = make_client()  # another clerk at counter 2: the view shows that counter taken
    assert other.post("/api/login", json={"username": "canbo2", "password": "demo"}).status_code == 200
    assert other.post("/api/counters/2/open", headers={"X-XepHang": "1"}).status_code == 200
    auth.open(1, "canbo1")
    ws = workstation(sio, app, client)
    press(ws, "call_next", {"counter": 1})
    press(ws, "call_next", {"counter": 1, "close": "no-show", "ticket": 1})  # A001 into the no-show line
    over_socket = ws.emit("snapshot", {}, namespace="/counter", callback=True)
    over_http = client.get("/api/me/workstation")
    assert (over_http.status_code, over_http.json) == (200, over_socket)
    view = over_http.json["view"]
    assert (view["counter"]["ticket"]["number"], [t["number"] for t in view["no_show"]]) == ("A002", ["A001"])
    assert [t["number"] for t in view["waiting"]] == ["A003", "T001"]
