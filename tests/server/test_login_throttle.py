"""Failed logins are throttled per account *and* address with growing waits, never a lockout that a stranger can
trigger; repeated failures show on the managers' live dashboard (issue 12, finding 9)."""

from tests.helpers import device_socket


def from_address(app, address):
    """A browser on another PC of the hall (or outside it)."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def attempt(client, username="canbo1", password="wrong"):
    return client.post("/api/login", json={"username": username, "password": password})


def test_after_three_free_tries_each_further_try_waits_twice_as_long(app, clock):
    stranger = from_address(app, "192.0.2.66")
    assert [attempt(stranger).status_code for _ in range(3)] == [401, 401, 401]
    r = attempt(stranger)
    assert (r.status_code, r.json["error"], r.json["retry_after_s"]) == (429, "too_many_attempts", 2)
    assert r.json["message"] == "Đăng nhập sai nhiều lần. Vui lòng chờ 2 giây rồi thử lại."
    waits = []
    for _ in range(4):
        clock.advance(r.json["retry_after_s"])
        assert attempt(stranger).status_code == 401  # one more try once the wait is over
        r = attempt(stranger)
        waits.append(r.json["retry_after_s"])
    assert waits == [4, 8, 16, 32]


def test_the_wait_stops_growing_at_fifteen_minutes(app, clock):
    stranger = from_address(app, "192.0.2.66")
    for _ in range(20):
        clock.advance(15 * 60)
        attempt(stranger)
    assert attempt(stranger).json["retry_after_s"] == 15 * 60


def test_a_stranger_cannot_lock_the_admin_out(app, clock):
    stranger = from_address(app, "192.0.2.66")
    for _ in range(40):
        attempt(stranger, "admin")
    assert attempt(stranger, "admin", "admin").status_code == 429  # even the right password waits, from there
    admin = from_address(app, "192.0.2.10")
    r = attempt(admin, "admin", "admin")
    assert (r.status_code, r.json["username"]) == (200, "admin")


def test_many_accounts_tried_from_one_address_do_not_block_other_staff_there(app):
    shared = from_address(app, "192.0.2.20")  # a counter PC several clerks use
    for name in ("canbo2", "canbo3", "canbo4", "canbo5", "canbo6", "nobody", "root", "test"):
        for _ in range(3):
            assert attempt(shared, name).status_code == 401
    assert attempt(shared, "canbo1", "demo").status_code == 200


def test_a_successful_login_clears_that_addresses_failures_only(app, db):
    mine, theirs = from_address(app, "192.0.2.10"), from_address(app, "192.0.2.66")
    for client in (mine, theirs):
        attempt(client)
        attempt(client)
    assert attempt(mine, password="demo").status_code == 200
    assert db.execute("SELECT ip FROM login_failures WHERE username = 'canbo1'").fetchall() == [
        ("192.0.2.66",),
        ("192.0.2.66",),
    ]


def test_repeated_failures_show_on_the_live_dashboard(app, manager):
    dashboard = app.extensions["socketio"].test_client(
        app, namespace="/admin", auth={"live": True}, flask_test_client=manager
    )
    dashboard.get_received("/admin")
    for address in ("192.0.2.66", "192.0.2.67"):
        for _ in range(3):
            attempt(from_address(app, address), "admin")
    heard = [e["name"] for e in dashboard.get_received("/admin")]
    assert heard.count("logins_failing") == 1
    view = dashboard.emit("snapshot", {}, namespace="/admin", callback=True)
    assert [a for a in view["alarms"] if a["kind"] == "logins"] == [
        {"kind": "logins", "username": "admin", "failures": 6, "addresses": 2}
    ]


def test_a_kiosk_is_not_told_about_failed_logins(app):
    kiosk = device_socket(app, "/kiosk")
    kiosk.get_received("/kiosk")
    for _ in range(6):
        attempt(from_address(app, "192.0.2.66"), "admin")
    assert kiosk.get_received("/kiosk") == []
