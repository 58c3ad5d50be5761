"""Displays report when they have shown and spoken a call; the counter that called it is told, once each."""

import pytest

from tests.helpers import connect, events, issue


@pytest.fixture
def sio(hub):
    return hub.socketio


def test_the_counter_hears_once_that_its_call_was_shown_and_spoken(sio, app, client, auth, make_client):
    issue(client, "A")
    auth.open(1, "canbo1")
    workstation = connect(sio, app, "/counter", client=client)
    other_clerk = make_client()
    other_clerk.post("/api/login", json={"username": "canbo2", "password": "demo"})
    other_clerk.post("/api/counters/2/open")
    elsewhere = connect(sio, app, "/counter", client=other_clerk)
    ticket = client.post("/api/counters/1/call-next").json["ticket"]
    hall, upstairs = connect(sio, app, "/display"), connect(sio, app, "/display", auth={"group": "main"})
    for c, ns in [(workstation, "/counter"), (elsewhere, "/counter"), (hall, "/display"), (upstairs, "/display")]:
        c.get_received(ns)
    for display in (hall, upstairs):  # two displays: the clerk is told once
        assert display.emit(
            "call_shown", {"ticket": ticket["id"], "calls": 1}, namespace="/display", callback=True
        ) == {"ok": True}
    hall.emit("call_spoken", {"ticket": ticket["id"], "calls": 1}, namespace="/display", callback=True)
    got = events(workstation, "/counter")
    assert [(n, {k: v for k, v in p.items() if k != "at"}) for n, p in got] == [
        ("call_reported", {"ticket_id": ticket["id"], "number": "A001", "calls": 1, "report": "shown"}),
        ("call_reported", {"ticket_id": ticket["id"], "number": "A001", "calls": 1, "report": "spoken"}),
    ]
    assert all(p["at"].startswith(ticket["called_at"][:10]) for _, p in got)
    assert events(elsewhere, "/counter") == []  # another counter's clerk is not told


def test_a_report_about_an_earlier_call_or_an_unknown_ticket_is_ignored(sio, app, client, auth):
    issue(client, "A")
    auth.open(1, "canbo1")
    ticket = client.post("/api/counters/1/call-next").json["ticket"]
    client.post(f"/api/tickets/{ticket['id']}/recall")
    workstation = connect(sio, app, "/counter", client=client)
    display = connect(sio, app, "/display")
    workstation.get_received("/counter")
    stale = display.emit("call_shown", {"ticket": ticket["id"], "calls": 1}, namespace="/display", callback=True)
    unknown = display.emit("call_spoken", {"ticket": 999, "calls": 1}, namespace="/display", callback=True)
    garbage = display.emit("call_spoken", "A001", namespace="/display", callback=True)
    assert (stale, unknown, garbage) == ({"ok": False}, {"ok": False}, {"ok": False})
    assert events(workstation, "/counter") == []
