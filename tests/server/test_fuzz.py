"""Fuzzing the API described by its OpenAPI document: no 500, and a refused request changes nothing.

Values include nested JSON, integers beyond 64 bits, floats beyond a double (`1e400` is infinity), bodies nested
deeper than the parser can go, ids no database can hold, and every centre option.
"""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.openapi import spec
from server.options import DEFAULTS
from tests.helpers import device_socket

HUGE = st.sampled_from([2**63, 2**63 - 1, -(2**63) - 1, 2**64, 10**30, -(10**30)])
NUMBERS = st.integers(-(10**6), 10**6) | st.integers() | HUGE | st.floats(allow_nan=False)
JSON = st.recursive(
    st.none() | st.booleans() | NUMBERS | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
RAW = st.sampled_from(
    [
        "[" * 30_000,
        '{"a":' * 30_000,
        "[" * 1_000 + "]" * 1_000,
        "1e400",
        "-1e400",
        "9" * 5_000,
        '{"service": 1e400}',
        '{"position": 1e400}',
        '{"number": 99999999999999999999}',
        "NaN",
        '{"a": NaN}',
        '"\\ud800"',
        "[1,]",
        "",
    ]
)


def body_for(schema):
    """Bodies near the schema (its field names with any values) and far from it (anything at all)."""
    props = (schema or {}).get("properties", {})
    near = st.fixed_dictionaries({}, optional={name: JSON for name in props}) if props else st.just({})
    return st.one_of(near, JSON)


WRITES = sorted(
    (path, method)
    for path, ops in spec()["paths"].items()
    for method in ops
    if method in ("post", "put") and "procedures" not in path
)
PATH_VALUES = st.sampled_from(
    [
        "1",
        "2",
        "99",
        "0",
        "-1",
        "A",
        "x",
        "%3Cscript%3E",
        "1.5",
        "Z",
        "99999999999999999999",
        "9223372036854775808",
        "9223372036854775807",
    ]
)


class Raw:
    """A body sent as it is, not as JSON made from a Python value."""

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return f"Raw({self.text[:40]!r}…)"


def concrete(path, draw_value):
    return re.sub(r"\{[^}]+\}", lambda _: draw_value, path)


def snapshot(db):
    tables = [
        "tickets",
        "events",
        "services",
        "counters",
        "users",
        "priority_categories",
        "options",
        "ratings",
        "print_jobs",
        "audit_log",
    ]
    return {t: db.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in tables}


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(data=st.data())
def test_random_requests_never_crash_and_refusals_change_nothing(make_app, data):
    app = make_app(kiosk_tickets_per_minute=10**6)
    db = app.extensions["xephang"].connect()
    try:
        client = app.test_client()  # a new app and client per example: a login from one must not leak
        role = data.draw(st.sampled_from([None, ("canbo1", "demo"), ("admin", "admin")]))
        if role:
            client.post("/api/login", json={"username": role[0], "password": role[1]})
        path, method = data.draw(st.sampled_from(WRITES))
        url = concrete(path, data.draw(PATH_VALUES))
        schema = (
            spec()["paths"][path][method]
            .get("requestBody", {})
            .get("content", {})
            .get("application/json", {})
            .get("schema")
        )
        payload = data.draw(body_for(schema) | RAW.map(Raw))
        before = snapshot(db)
        if isinstance(payload, Raw):
            response = client.open(url, method=method.upper(), data=payload.text, content_type="application/json")
        else:
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
@given(
    event=st.sampled_from(
        [
            ("/kiosk", "issue_ticket"),
            ("/kiosk", "reprint"),
            ("/rating", "submit_rating"),
            ("/display", "snapshot"),
            ("/ticket", "snapshot"),
        ]
    ),
    payload=JSON,
)
def test_random_socket_events_never_crash_the_server(make_app, event, payload):
    app = make_app(kiosk_tickets_per_minute=10**6)
    sio = app.extensions["xephang"].socketio
    namespace, name = event
    auth = {"counter": 1} if namespace == "/rating" else None
    if namespace == "/ticket":
        token = app.test_client().post("/api/tickets", json={"service": "A"}).json["token"]
        auth = {"token": token}
    client = (
        sio.test_client(app, namespace=namespace, auth=auth)
        if namespace == "/ticket"
        else device_socket(app, namespace, auth)
    )
    assert client.is_connected(namespace)
    reply = client.emit(name, payload, namespace=namespace, callback=True)
    assert isinstance(reply, dict)
    assert client.is_connected(namespace)


HOSTILE_VALUES = [
    float("inf"),
    float("-inf"),
    1e308,
    2**63,
    10**30,
    300,
    86_401,
    0,
    -1,
    0.5,
    "",
    "x" * 400,
    [],
    {},
    [[]],
    [7],
    ["9999-12-31"] * 400,
    {"A": 2},
    {"a": 0.5},
    True,
    None,
]
HOSTILE = st.sampled_from(HOSTILE_VALUES)


@pytest.fixture
def admin(app):
    client = app.test_client()
    client.post("/api/login", json={"username": "admin", "password": "admin"})
    return client


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(values=st.dictionaries(st.sampled_from(sorted(DEFAULTS)), HOSTILE | JSON, min_size=1, max_size=3))
def test_random_option_values_never_break_the_centre(hub, admin, values):
    """Every option, any value: refused with the option named, or stored; either way the screens still load."""
    db = hub.connect()
    try:
        before = snapshot(db)
        response = admin.put("/api/admin/options", json=values)
        assert response.status_code in (200, 400), (values, response.status_code, response.data[:300])
        if response.status_code == 400:
            assert set(response.json["fields"]) <= set(values), response.json
            assert snapshot(db) == before
        for path in ("/api/state", "/api/services", "/kiosk", "/display", "/api/admin/config"):
            assert admin.get(path).status_code == 200, (path, values)
    finally:
        db.close()


def screens_load(client):
    return {path: client.get(path).status_code for path in ("/api/state", "/api/services", "/display", "/kiosk")}


def test_every_option_with_every_hostile_value_is_refused_or_harmless(hub, admin):
    db = hub.connect()
    try:
        for name in sorted(DEFAULTS):
            for value in HOSTILE_VALUES:
                before = snapshot(db)
                response = admin.put("/api/admin/options", json={name: value})
                assert response.status_code in (200, 400), (name, value, response.status_code)
                if response.status_code == 400:
                    assert list(response.json["fields"]) == [name]
                    assert snapshot(db) == before
                assert set(screens_load(admin).values()) == {200}, (name, value)
    finally:
        db.close()


QUERY = st.sampled_from(
    [
        "",
        "abc",
        "1",
        "0",
        "-1",
        "0.5",
        "nan",
        "inf",
        "1e400",
        "99999999999999999999",
        "2026-11-23",
        "9999-12-31",
        "0001-01-01",
        "week",
        "year",
        "day",
        "%00",
        "A" * 300,
    ]
)
GETS = [
    "/display?volume={}",
    "/api/reports?period={}&date={}",
    "/api/reports?from={}&to={}",
    "/api/reports/export.csv?period=month&table={}",
    "/api/ratings?from={}&to={}",
    "/api/admin/audit?limit={}",
    "/api/procedures?q={}&service={}&limit={}&offset={}",
    "/api/tickets/{}",
    "/t/{}",
    "/counter/{}/rating",
    "/api/announcements/{}.wav",
]


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(template=st.sampled_from(GETS), values=st.lists(QUERY, min_size=4, max_size=4))
def test_random_query_strings_never_crash_a_page_or_a_report(admin, template, values):
    url = template.format(*values)
    response = admin.get(url)
    assert response.status_code < 500, (url, response.status_code, response.data[:300])
