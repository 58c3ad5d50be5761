"""Paired devices: a kiosk, display or tablet works only once a manager confirms its code, only for its job."""

import json

import pytest

from tests.helpers import pair_device

HEADER = "X-Device-Token"


@pytest.fixture
def app(make_app):
    return make_app(demo=False)  # a real centre: nothing is paired by being local


@pytest.fixture
def manager(make_client):
    client = make_client()
    client.post("/api/login", json={"username": "admin", "password": "admin"})
    return client


@pytest.fixture
def device(make_client):
    """A browser on a kiosk PC elsewhere in the hall."""
    client = make_client()
    client.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    return client


def sock(app, namespace, **auth):
    return app.extensions["socketio"].test_client(app, namespace=namespace, auth=auth)


def count(db, table):
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_an_unpaired_kiosk_display_or_tablet_is_refused_and_changes_nothing(app, device, db):
    for namespace, auth in (
        ("/kiosk", {}),
        ("/display", {}),
        ("/rating", {"counter": 1}),
        ("/kiosk", {"device": "x" * 43}),
        ("/display", {"device": 42}),
    ):
        assert not sock(app, namespace, **auth).is_connected(namespace), (namespace, auth)
    r = device.post("/api/tickets", json={"service": "A"})
    assert (r.status_code, r.json) == (
        401,
        {"error": "device_not_paired", "message": "Thiết bị này chưa được ghép nối, hoặc đã bị thu hồi."},
    )
    r = device.post("/api/tickets", json={"service": "A"}, headers={HEADER: "made-up-token-made-up-token"})
    assert r.status_code == 401
    assert count(db, "tickets") == 0


def test_a_kiosk_pairs_with_the_code_a_manager_types_and_then_prints_on_its_own_printer(app, device, manager, db):
    r = device.post("/api/devices/pair", json={"kind": "kiosk", "config": {"kiosk": "sanh-a"}})
    assert r.status_code == 201
    asked = r.json
    token, code = asked.pop("token"), asked.pop("code")
    assert (len(token) >= 40, len(code), code.isdigit()) == (True, 6, True)
    assert asked == {"id": 1, "status": "pending", "kind": "kiosk", "config": {"kiosk": "sanh-a"}}
    assert device.get("/api/devices/me", headers={HEADER: token}).json == {
        "id": 1,
        "kind": "kiosk",
        "name": "kiosk 192.0.2.7",
        "status": "pending",
        "code": code,
        "config": {"kiosk": "sanh-a"},
    }
    assert not sock(app, "/kiosk", device=token).is_connected("/kiosk")  # not before the manager says so

    [listed] = manager.get("/api/admin/devices").json
    assert {k: listed[k] for k in ("id", "kind", "status", "code", "address")} == {
        "id": 1,
        "kind": "kiosk",
        "status": "pending",
        "code": code,
        "address": "192.0.2.7",
    }
    assert "token_hash" not in listed
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    r = manager.post("/api/admin/devices/confirm", json={"code": wrong, "name": "Kiosk sảnh A"})
    assert (r.status_code, r.json["fields"]) == (
        400,
        {"code": "Không có thiết bị nào đang hiện mã này (mã chỉ có hiệu lực 30 phút)"},
    )
    r = manager.post("/api/admin/devices/confirm", json={"code": f"{code[:3]} {code[3:]}", "name": "Kiosk sảnh A"})
    assert r.status_code == 200
    assert {k: r.json[k] for k in ("id", "name", "status", "code", "paired_by", "config")} == {
        "id": 1,
        "name": "Kiosk sảnh A",
        "status": "active",
        "code": None,
        "paired_by": 1,
        "config": {"kiosk": "sanh-a"},
    }
    assert db.execute("SELECT username, action, target FROM audit_log").fetchall() == [("admin", "device.pair", "1")]
    assert device.get("/api/devices/me", headers={HEADER: token}).json["status"] == "active"

    kiosk = sock(app, "/kiosk", device=token, kiosk="main")
    assert kiosk.is_connected("/kiosk")
    reply = kiosk.emit("issue_ticket", {"service": "A", "kiosk": "main"}, namespace="/kiosk", callback=True)
    assert reply["ticket"]["number"] == "A001"
    r = device.post("/api/tickets", json={"service": "B", "kiosk": "main"}, headers={HEADER: token})
    assert r.status_code == 201
    # The printer is the one the pairing names, whatever the page asks for.
    assert db.execute("SELECT kiosk FROM print_jobs ORDER BY id").fetchall() == [("sanh-a",), ("sanh-a",)]
    assert db.execute("SELECT last_seen_at IS NOT NULL FROM devices").fetchone() == (1,)


def test_each_device_does_only_its_own_job(app, device, db):
    kiosk, display = pair_device(app, "kiosk", {"kiosk": "main"}), pair_device(app, "display", {"group": "main"})
    tablet = pair_device(app, "rating", {"counter": 1})
    assert not sock(app, "/display", device=kiosk).is_connected("/display")
    assert not sock(app, "/rating", device=kiosk, counter=1).is_connected("/rating")
    assert not sock(app, "/kiosk", device=display).is_connected("/kiosk")
    assert device.post("/api/tickets", json={"service": "A"}, headers={HEADER: display}).status_code == 401
    assert device.post("/api/tickets", json={"service": "A"}, headers={HEADER: tablet}).status_code == 401
    # The tablet of counter 1 asking for counter 2 is still the tablet of counter 1.
    other = sock(app, "/rating", device=tablet, counter=2)
    [(name, snap)] = [(e["name"], e["args"][0]) for e in other.get_received("/rating")]
    assert (name, snap["counter"]["number"]) == ("rating_snapshot", 1)
    reply = other.emit(
        "submit_rating", {"counter": 2, "token": "t" * 22, "score": 3}, namespace="/rating", callback=True
    )
    assert (reply["error"], count(db, "ratings")) == ("rating_refused", 0)
    # A display of group "tang1" joins that group's room only.
    upstairs = pair_device(app, "display", {"group": "tang1"})
    client = sock(app, "/display", device=upstairs, group="main")
    manager = app.extensions["socketio"].server.manager
    rooms = manager.get_rooms(manager.sid_from_eio_sid(client.eio_sid, "/display"), "/display")
    assert sorted(r for r in rooms if r.startswith("display:")) == ["display:tang1"]


def test_a_revoked_device_is_cut_off_at_once(app, device, manager, db):
    token = pair_device(app, "kiosk", {"kiosk": "main"})
    kiosk = sock(app, "/kiosk", device=token)
    kiosk.get_received("/kiosk")
    [listed] = manager.get("/api/admin/devices").json
    r = manager.post(f"/api/admin/devices/{listed['id']}/revoke")
    assert (r.status_code, r.json["status"]) == (200, "revoked")
    assert not kiosk.is_connected("/kiosk")  # the server closed its socket
    assert not sock(app, "/kiosk", device=token).is_connected("/kiosk")
    assert device.post("/api/tickets", json={"service": "A"}, headers={HEADER: token}).status_code == 401
    assert device.get("/api/devices/me", headers={HEADER: token}).json["status"] == "revoked"
    [(who, action, before, after)] = db.execute("SELECT username, action, before, after FROM audit_log").fetchall()
    assert (who, action, json.loads(before)["status"], json.loads(after)["status"]) == (
        "admin",
        "device.revoke",
        "active",
        "revoked",
    )
    assert manager.post("/api/admin/devices/99/revoke").status_code == 404
    assert count(db, "tickets") == 0


def test_a_device_revoked_while_connected_cannot_issue(app, db):
    """Another server process revoked it: this one still holds the socket, but every command checks."""
    token = pair_device(app, "kiosk", {"kiosk": "main"})
    kiosk = sock(app, "/kiosk", device=token)
    with db.conn:
        db.execute("UPDATE devices SET status = 'revoked'")
    reply = kiosk.emit("issue_ticket", {"service": "A"}, namespace="/kiosk", callback=True)
    assert (reply["error"], count(db, "tickets")) == ("device_not_paired", 0)


@pytest.mark.parametrize(
    "body,fields",
    [
        ({"kind": "printer"}, {"kind": "one of kiosk, display, rating"}),
        ({"kind": "rating", "config": {"counter": 99}}, {"counter": "an existing counter number"}),
        ({"kind": "rating", "config": {"counter": "1"}}, {"counter": "an existing counter number"}),
        ({"kind": "kiosk", "config": {"kiosk": "<b>"}}, {"kiosk": "letters, digits, - or _ (at most 40)"}),
        ({"kind": "display", "config": {"group": "a b"}}, {"group": "a display group (letters, digits, - or _) or *"}),
    ],
)
def test_a_bad_pairing_request_is_refused_with_reasons_and_changes_nothing(device, db, body, fields):
    r = device.post("/api/devices/pair", json=body, headers={"Accept-Language": "en"})  # the device's language
    assert (r.status_code, r.json["error"], r.json["fields"]) == (400, "invalid", fields)
    assert count(db, "devices") == 0


def test_pairing_requests_are_rate_limited_per_address(device, db):
    codes = [device.post("/api/devices/pair", json={"kind": "display"}).status_code for _ in range(11)]
    assert codes == [201] * 10 + [429]
    assert count(db, "devices") == 10


def test_a_code_expires_after_half_an_hour(device, manager, clock, db):
    code = device.post("/api/devices/pair", json={"kind": "display"}).json["code"]
    clock.advance(30 * 60 + 1)
    assert manager.get("/api/admin/devices").json == []
    r = manager.post("/api/admin/devices/confirm", json={"code": code})
    assert r.status_code == 400


def test_demo_mode_pairs_a_device_on_the_servers_own_machine_at_once(make_app, make_client):
    app = make_app(demo=True)
    local = app.test_client()
    r = local.post("/api/devices/pair", json={"kind": "kiosk"})
    assert (r.status_code, r.json["status"], r.json["code"]) == (201, "active", None)
    remote = app.test_client()
    remote.environ_base["REMOTE_ADDR"] = "192.0.2.8"
    assert remote.post("/api/devices/pair", json={"kind": "kiosk"}).json["status"] == "pending"
    assert remote.post("/api/tickets", json={"service": "A"}).status_code == 401
    assert local.post("/api/tickets", json={"service": "A"}).status_code == 201
