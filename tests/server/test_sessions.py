"""Login sessions live on the server: logout, a password reset, deactivation and a role change end them, and a
session ends `session_hours` after login however often it is used (issue 12, finding 6)."""

import time
from types import SimpleNamespace

import itsdangerous.timed
import pytest
from itsdangerous import URLSafeTimedSerializer

import server.web

CANBO1 = 2


def copy_of_cookie(client, make_client):
    """Another browser holding the same session cookie (copied before logout, say)."""
    thief = make_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def test_a_cookie_copied_before_logout_is_refused_after_it(client, auth, make_client):
    auth.login("canbo1")
    copy = copy_of_cookie(client, make_client)
    assert copy.get("/api/me").status_code == 200
    client.post("/api/logout")
    r = copy.get("/api/me")
    assert (r.status_code, r.json["error"]) == (401, "login_required")
    assert copy.post("/api/counters/1/open").status_code == 401


def test_a_password_reset_ends_every_session_of_that_user(client, auth, make_client, manager, db):
    auth.login("canbo1")
    copy = copy_of_cookie(client, make_client)
    assert manager.post(f"/api/admin/users/{CANBO1}/password", json={"password": "mat-khau-moi"}).status_code == 200
    assert client.get("/api/me").status_code == 401
    assert copy.get("/api/me").status_code == 401
    assert db.execute("SELECT count(*) FROM sessions WHERE user_id = ?", [CANBO1]).fetchone() == (0,)
    assert auth.login("canbo1", "mat-khau-moi").status_code == 200


@pytest.mark.parametrize("change", [{"active": False}, {"role": "manager"}])
def test_deactivation_and_a_role_change_end_the_users_sessions(client, auth, manager, change):
    auth.login("canbo1")
    assert manager.put(f"/api/admin/users/{CANBO1}", json=change).status_code == 200
    assert client.get("/api/me").status_code == 401


def test_a_change_of_name_keeps_the_user_logged_in(client, auth, manager):
    auth.login("canbo1")
    assert manager.put(f"/api/admin/users/{CANBO1}", json={"full_name": "Nguyễn Thị Lan"}).status_code == 200
    assert client.get("/api/me").json["name"] == "Nguyễn Thị Lan"


def test_a_session_ends_its_hours_after_login_even_when_used_all_along(client, auth, clock):
    auth.login("canbo1")
    for _ in range(11):  # used every hour, as the review's cookie replayed every 11 h
        clock.advance(3600)
        assert client.get("/api/me").status_code == 200
    clock.advance(3600 - 1)
    assert client.get("/api/me").status_code == 200
    clock.advance(2)  # 12 h (session_hours) after login
    assert client.get("/api/me").status_code == 401


def test_the_server_keeps_only_a_hash_of_the_session_id(client, auth, db):
    auth.login("canbo1")
    [(id_hash, user_id)] = db.execute("SELECT id_hash, user_id FROM sessions").fetchall()
    assert (len(id_hash), user_id) == (64, CANBO1)
    assert id_hash not in client.get_cookie("session").value


def test_the_counter_socket_of_a_logged_out_clerk_is_refused(app, client, auth):
    auth.open(1, "canbo1")
    sock = app.extensions["socketio"].test_client(app, namespace="/counter", flask_test_client=client)
    assert sock.is_connected("/counter")
    client.post("/api/logout")
    reply = sock.emit("join_counter", {"counter": 1}, namespace="/counter", callback=True)
    assert reply["error"] == "login_required"


def test_a_session_cookie_is_checked_once_then_read_from_what_was_kept(client, auth, monkeypatch):
    auth.login("canbo1")
    checked = []
    loads = URLSafeTimedSerializer.loads
    monkeypatch.setattr(URLSafeTimedSerializer, "loads", lambda s, *a, **k: checked.append(1) or loads(s, *a, **k))
    names = [client.get("/api/me").json["username"] for _ in range(3)]
    assert (names, checked) == (["canbo1"] * 3, [1])


def test_a_forged_cookie_is_refused_beside_a_kept_good_one(client, auth, make_client):
    auth.login("canbo1")
    assert client.get("/api/me").status_code == 200  # its signature found good, and kept
    good = client.get_cookie("session").value
    forged = make_client()
    forged.set_cookie("session", good[:-4] + ("BBBB" if good.endswith("AAAA") else "AAAA"))
    r = forged.get("/api/me")
    assert (r.status_code, r.json["error"]) == (401, "login_required")


@pytest.mark.parametrize(
    ("moved", "status"),
    [(-5, 200), (+5, 401), (None, 401)],  # 5 s before its lifetime ends; 5 s after; signed 5 s in the future
)
def test_a_kept_cookies_age_is_checked_as_flask_checks_it(app, client, auth, monkeypatch, moved, status):
    auth.login("canbo1")
    assert client.get("/api/me").status_code == 200  # kept
    lifetime = int(app.permanent_session_lifetime.total_seconds())
    now = time.time()
    later = SimpleNamespace(time=lambda: now - 5 if moved is None else now + lifetime + moved)
    monkeypatch.setattr(server.web, "time", later)  # the kept cookie's clock
    monkeypatch.setattr(itsdangerous.timed, "time", later)  # and Flask's own, for a cookie not kept
    checked = []
    loads = URLSafeTimedSerializer.loads
    monkeypatch.setattr(URLSafeTimedSerializer, "loads", lambda s, *a, **k: checked.append(1) or loads(s, *a, **k))
    assert (client.get("/api/me").status_code, checked) == (status, [])  # decided by what was kept, not checked again


def test_a_kept_cookie_is_refused_once_the_secret_key_changes(app, client, auth):
    auth.login("canbo1")
    assert client.get("/api/me").status_code == 200  # kept
    app.secret_key = "another key"
    r = client.get("/api/me")
    assert (r.status_code, r.json["error"]) == (401, "login_required")
