"""Hostile clients on the test client: a forged logout, Socket.IO's reserved event names sent by a client."""

import pytest
from flask.testing import FlaskClient

from tests.helpers import device_socket


def test_a_cross_site_logout_is_refused_and_the_clerks_counter_stays_open(app, client, auth, db):
    auth.open(1, "canbo1")
    forged = FlaskClient(app, use_cookies=True)
    forged._cookies = client._cookies  # the clerk's cookie, sent along by another site's form post
    r = forged.post("/api/logout")
    assert (r.status_code, r.json["error"]) == (403, "csrf")
    assert db.execute("SELECT state FROM counters WHERE number = 1").fetchone() == ("open",)
    assert client.get("/api/me").status_code == 200  # still logged in
    assert client.post("/api/logout").json == {"ok": True}  # our own page's logout works
    assert db.execute("SELECT state FROM counters WHERE number = 1").fetchone() == ("closed",)


@pytest.mark.parametrize("reserved", ["disconnect", "connect"])
def test_a_kiosk_sending_a_reserved_event_stays_known_and_prints_on_its_own_printer(make_app, reserved):
    app = make_app(demo=False)
    kiosk = device_socket(app, "/kiosk", {"kiosk": "k2"})
    kiosk.emit(reserved, {"device": "x" * 43}, namespace="/kiosk")
    assert kiosk.is_connected("/kiosk")
    reply = kiosk.emit("issue_ticket", {"service": "A", "kiosk": "k1"}, namespace="/kiosk", callback=True)
    assert reply["ok"] is True
    hub = app.extensions["xephang"]
    db = hub.connect()
    try:
        assert db.execute("SELECT ticket_id, kiosk FROM print_jobs").fetchall() == [(reply["ticket"]["id"], "k2")]
    finally:
        db.close()


def test_a_print_agent_sending_disconnect_still_reports_its_printer(make_app):
    app = make_app(agent_key="k" * 32)
    agent = app.extensions["socketio"].test_client(app, namespace="/printer", auth={"key": "k" * 32, "kiosk": "k1"})
    agent.emit("disconnect", namespace="/printer")
    reply = agent.emit("printer_status", {"state": "paper_low"}, namespace="/printer", callback=True)
    assert reply == {"ok": True}


@pytest.mark.parametrize("event", ["still_here", "no_such_command", "_press"])  # a tablet's; none; a method's name
def test_an_event_its_namespace_does_not_have_is_answered_with_an_error_and_the_socket_stays(app, client, auth, event):
    """A clerk's socket sending what /counter does not take was answered with an empty ack: a client waiting for
    {ok} or {error} got neither."""
    auth.open(1, "canbo1")
    sock = app.extensions["socketio"].test_client(app, namespace="/counter", flask_test_client=client)
    sock.get_received("/counter")
    reply = sock.emit(event, {"counter": 1}, namespace="/counter", callback=True)
    assert reply == {"error": "unknown_event", "message": "Máy chủ không hỗ trợ thao tác này. Hãy tải lại trang (F5)."}
    assert sock.is_connected("/counter")
    assert sock.emit("join_counter", {"counter": 1}, namespace="/counter", callback=True) == {"ok": True}
