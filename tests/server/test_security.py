"""Defences: CSRF for cookie sessions, login throttling, ticket flooding, headers, every route's role."""

import re

import pytest
from flask.testing import FlaskClient

from server.security import CSP, SECURITY_HEADERS
from tests.helpers import device_socket, issue


def test_a_logged_in_write_without_our_header_is_refused_and_changes_nothing(app, client, auth, db):
    issue(client, "A")
    auth.open(1, "canbo1")
    forged = FlaskClient(app, use_cookies=True)
    forged._cookies = client._cookies  # the victim's cookie, sent by another site's page
    r = forged.post("/api/counters/1/call-next")
    assert (r.status_code, r.json["error"]) == (403, "csrf")
    assert db.execute("SELECT status FROM tickets").fetchone() == ("waiting",)
    assert client.post("/api/counters/1/call-next").status_code == 200


def test_logins_are_throttled_after_three_failures(client, clock):
    """More in tests/server/test_login_throttle.py: per account and address, with growing waits."""
    for _ in range(3):
        assert client.post("/api/login", json={"username": "canbo1", "password": "x"}).status_code == 401
    r = client.post("/api/login", json={"username": "canbo1", "password": "demo"})
    assert (r.status_code, r.json["error"]) == (429, "too_many_attempts")
    assert r.json["message"] == "Đăng nhập sai nhiều lần. Vui lòng chờ 2 giây rồi thử lại."
    clock.advance(2)
    assert client.post("/api/login", json={"username": "canbo1", "password": "demo"}).status_code == 200


def test_a_kiosk_cannot_flood_the_queue(make_app):
    app = make_app(kiosk_tickets_per_minute=3)
    client = app.test_client()
    codes = [client.post("/api/tickets", json={"service": "A"}).status_code for _ in range(5)]
    assert codes == [201, 201, 201, 429, 429]
    other = make_app(kiosk_tickets_per_minute=3)
    kiosk = device_socket(other, "/kiosk")
    replies = [kiosk.emit("issue_ticket", {"service": "B"}, namespace="/kiosk", callback=True) for _ in range(4)]
    assert [r.get("error", "ok") for r in replies] == ["ok", "ok", "ok", "too_many_tickets"]


def test_pages_carry_security_headers_and_no_inline_script(client):
    for path in ("/kiosk", "/display", "/counter", "/counter/1/rating", "/admin", "/admin/live", "/admin/reports"):
        r = client.get(path)
        assert r.status_code == 200, path
        assert r.headers["Content-Security-Policy"].startswith("default-src 'self'; script-src 'self';")
        assert (r.headers["X-Content-Type-Options"], r.headers["X-Frame-Options"]) == ("nosniff", "DENY")
        html = r.data.decode()
        scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
        assert all('type="application/json"' in attrs for attrs in scripts), path  # data, never code


def test_every_response_carries_each_security_header_once_with_its_value(client):
    """Pages, the JSON API, a refusal, a missing route and a static file alike."""
    answers = {
        "page": client.get("/kiosk"),
        "api": client.get("/api/health"),
        "refusal": client.post("/api/tickets", data="{", content_type="application/json"),
        "missing": client.get("/no/such/page"),
        "static": client.get("/kiosk/static/kiosk.css"),
    }

    assert {
        what: (r.status_code, [(name, r.headers.getlist(name)) for name, _ in SECURITY_HEADERS])
        for what, r in answers.items()
    } == {
        what: (status, [(name, [value]) for name, value in SECURITY_HEADERS])
        for what, status in [("page", 200), ("api", 200), ("refusal", 400), ("missing", 404), ("static", 200)]
    }
    assert dict(SECURITY_HEADERS) == {
        "Content-Security-Policy": CSP,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
    }


PUBLIC = {  # (method, path pattern): why it needs no login
    ("GET", "/api/health"),
    ("GET", "/api/openapi.json"),
    ("GET", "/api/services"),
    ("GET", "/api/state"),
    ("POST", "/api/tickets"),
    ("GET", "/api/tickets/<int:ticket_id>"),
    ("POST", "/api/login"),
    ("POST", "/api/logout"),
    ("GET", "/api/procedures"),
    ("GET", "/api/announcements/<int:ticket_id>.wav"),
    ("POST", "/api/devices/pair"),
    ("GET", "/api/devices/me"),  # a device asking to pair; its own status
    ("GET", "/api/public/results"),  # the service-quality results every centre must post publicly
}


def test_every_api_route_is_public_by_design_or_checks_its_role(app, client, auth, make_client):
    """Walk the whole route table: anything not listed as public answers 401 without a login."""
    anonymous = make_client()
    checked = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if (method, rule.rule) in PUBLIC:
                continue
            path = re.sub(r"<int:\w+>", "1", re.sub(r"<(?:string:)?\w+>", "x", rule.rule))
            r = anonymous.open(path, method=method, json={})
            assert r.status_code == 401, (method, rule.rule, r.status_code)
            view = app.view_functions[rule.endpoint]
            # A staff login with its roles, or (the one-stop software's routes) an integration token's scope.
            needs = getattr(view, "required_roles", None) or getattr(view, "token_scope", None)
            checked.append((method, rule.rule, needs))
    assert all(roles for _, _, roles in checked)
    assert sorted(r for _, r, roles in checked if isinstance(roles, str)) == [
        "/api/integration/dossiers",
        "/api/integration/ratings",
        "/api/integration/tickets",
    ]
    manager_only = sorted(r for m, r, roles in checked if roles == ("manager", "admin"))
    assert len(manager_only) == 26 and all(
        r.startswith(("/api/admin", "/api/reports", "/api/ratings")) for r in manager_only
    )


def test_every_socket_event_handler_is_known_and_checks_its_caller(app):
    """Walk the event table: the namespaces and their client events are exactly these."""
    handlers = {}
    for namespace, handler in app.extensions["socketio"].server.namespace_handlers.items():
        handlers[namespace] = sorted(n[3:] for n in dir(handler) if n.startswith("on_") and n != "on_event")
    assert handlers == {
        "/kiosk": ["connect", "disconnect", "issue_ticket", "reprint", "snapshot"],
        "/ticket": ["connect", "disconnect", "snapshot"],
        "/counter": [
            "call_next",
            "call_ticket",
            "change_counter",
            "connect",
            "disconnect",
            "join_counter",
            "open_counter",
            "reprint",
            "snapshot",
            "ticket_action",
        ],
        "/rating": ["connect", "disconnect", "snapshot", "still_here", "submit_rating"],
        "/display": ["call_shown", "call_spoken", "connect", "disconnect", "snapshot"],
        "/printer": ["connect", "disconnect", "printer_status"],
        "/admin": ["connect", "disconnect", "snapshot"],
    }
    # /counter and /admin refuse connections without the right login; /kiosk, /display and /rating a
    # device that is not paired for that job (test_devices); /ticket needs a ticket's token; /printer an
    # agent key; a clerk's presses on /counter check the login again and run the routes' checks
    # (test_presses_over_the_socket); a display's call_shown / call_spoken are checked against a paired display
    # and the ticket's current call (test_display_reports); the kiosk's writes are rate-limited (tests above and
    # in test_realtime / test_ratings / test_print_agent).


@pytest.mark.parametrize("namespace,auth_data", [("/counter", None), ("/admin", None)])
def test_staff_namespaces_refuse_anonymous_sockets(app, namespace, auth_data):
    client = app.extensions["socketio"].test_client(app, namespace=namespace, auth=auth_data)
    assert not client.is_connected(namespace)


def test_a_clerk_cannot_open_the_managers_namespace(app, client, auth):
    auth.login("canbo1")
    sock = app.extensions["socketio"].test_client(app, namespace="/admin", flask_test_client=client)
    assert not sock.is_connected("/admin")
