"""Fuzzing the API described by its OpenAPI document: no 500, and a refused request changes nothing."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.openapi import spec
from tests.helpers import device_socket

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12)


def body_for(schema):
    """Bodies near the schema (its field names with any values) and far from it (anything at all)."""
    props = (schema or {}).get("properties", {})
    near = st.fixed_dictionaries({}, optional={name: JSON for name in props}) if props else st.just({})
    return st.one_of(near, JSON)


WRITES = sorted((path, method) for path, ops in spec()["paths"].items() for method in ops
                if method in ("post", "put") and "procedures" not in path)
PATH_VALUES = st.sampled_from(["1", "2", "99", "0", "-1", "A", "x", "%3Cscript%3E", "1.5", "Z"])


def concrete(path, draw_value):
    return re.sub(r"\{[^}]+\}", lambda _: draw_value, path)


def snapshot(db):
    tables = ["tickets", "events", "services", "counters", "users", "priority_categories", "options", "ratings",
              "print_jobs", "audit_log"]
    return {t: db.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in tables}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data())
def test_random_requests_never_crash_and_refusals_change_nothing(make_app, data):
    app = make_app(kiosk_tickets_per_minute=10**6)
    db = app.extensions["xephang"].connect()
    try:
        client = app.test_client()
        role = data.draw(st.sampled_from([None, ("canbo1", "demo"), ("admin", "admin")]))
        if role:
            client.post("/api/login", json={"username": role[0], "password": role[1]})
        path, method = data.draw(st.sampled_from(WRITES))
        url = concrete(path, data.draw(PATH_VALUES))
        schema = (spec()["paths"][path][method].get("requestBody", {}).get("content", {})
                  .get("application/json", {}).get("schema"))
        payload = data.draw(body_for(schema))
        before = snapshot(db)
        response = client.open(url, method=method.upper(), json=payload)
        assert response.status_code < 500, (method, url, payload, response.status_code, response.data[:300])
        if response.status_code >= 400:
            assert set(response.json) >= {"error", "message"}, response.json
            after = snapshot(db)
            # A refused request leaves no trace, but for the record of a failed login.
            assert after == before, (method, url, payload, response.json)
    finally:
        db.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(event=st.sampled_from([("/kiosk", "issue_ticket"), ("/kiosk", "reprint"), ("/rating", "submit_rating"),
                              ("/display", "snapshot"), ("/ticket", "snapshot")]), payload=JSON)
def test_random_socket_events_never_crash_the_server(make_app, event, payload):
    app = make_app(kiosk_tickets_per_minute=10**6)
    sio = app.extensions["xephang"].socketio
    namespace, name = event
    auth = {"counter": 1} if namespace == "/rating" else None
    if namespace == "/ticket":
        token = app.test_client().post("/api/tickets", json={"service": "A"}).json["token"]
        auth = {"token": token}
    client = (sio.test_client(app, namespace=namespace, auth=auth) if namespace == "/ticket"
              else device_socket(app, namespace, auth))
    assert client.is_connected(namespace)
    reply = client.emit(name, payload, namespace=namespace, callback=True)
    assert isinstance(reply, dict)
    assert client.is_connected(namespace)
