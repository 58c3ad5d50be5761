"""Integration tokens: created in /admin or by `xephang create-token`, shown once, stored hashed, scoped,
audited, refused outside their scopes and after revocation; the pull feeds and the one-stop side's link."""

import hashlib
import json

import pytest

from server.cli import main
from tests.counter.test_dossiers import link, serving
from tests.counter.test_ratings import rate, requested, tablet

ROUTES = {
    "tickets:read": ("GET", "/api/integration/tickets", None),
    "ratings:read": ("GET", "/api/integration/ratings", None),
    "dossiers:write": (
        "POST",
        "/api/integration/dossiers",
        {"ticket": "A001", "day": "2026-11-23", "code": "HS-100001"},
    ),
}


def make_token(client, *scopes, name="Một cửa tỉnh"):
    client.post("/api/login", json={"username": "admin", "password": "admin"})
    r = client.post("/api/admin/tokens", json={"name": name, "scopes": list(scopes)})
    assert r.status_code == 201, r.json
    client.post("/api/logout")
    return r.json


def call(client, token, scope):
    method, path, body = ROUTES[scope]
    headers = {"Authorization": f"Bearer {token}"}
    return client.open(path, method=method, json=body, headers=headers)


def test_a_token_is_shown_once_and_only_its_hash_is_kept(client, db):
    made = make_token(client, "tickets:read")
    assert made["token"].startswith("xh_") and len(made["token"]) > 40
    assert {k: made[k] for k in ("name", "scopes", "active", "revoked_at")} == {
        "name": "Một cửa tỉnh",
        "scopes": ["tickets:read"],
        "active": True,
        "revoked_at": None,
    }
    assert db.execute("SELECT token_hash FROM integration_tokens").fetchall() == [
        (hashlib.sha256(made["token"].encode()).hexdigest(),)
    ]
    client.post("/api/login", json={"username": "admin", "password": "admin"})
    listed = client.get("/api/admin/integration").json["tokens"]
    assert [sorted(t) for t in listed] == [sorted(k for k in made if k != "token")]


@pytest.mark.parametrize("scope", list(ROUTES))
def test_a_token_is_refused_on_every_route_outside_its_scope(client, auth, scope):
    serving(client, auth)  # A001 is being served, so a link is possible
    client.post("/api/logout")
    token = make_token(client, scope)["token"]
    for other in ROUTES:
        r = call(client, token, other)
        if other == scope:
            assert r.status_code == 200, r.json
        else:
            assert (r.status_code, r.json["error"]) == (403, "token_scope")
    for path in (
        "/api/ratings?from=2026-11-23&to=2026-11-23",
        "/api/reports?period=day",
        "/api/admin/config",
        "/api/me",
    ):
        assert client.get(path, headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_no_token_a_wrong_token_and_a_revoked_token_are_refused(client, db):
    made = make_token(client, "tickets:read", "ratings:read")
    assert call(client, made["token"], "tickets:read").status_code == 200
    assert client.get("/api/integration/tickets").status_code == 401
    assert call(client, made["token"] + "x", "tickets:read").json["error"] == "token_refused"
    client.post("/api/login", json={"username": "admin", "password": "admin"})
    revoked = client.post(f"/api/admin/tokens/{made['id']}/revoke").json
    assert (revoked["active"], revoked["revoked_at"]) == (False, "2026-11-23T08:00:00+07:00")
    client.post("/api/logout")
    for scope in ("tickets:read", "ratings:read"):
        r = call(client, made["token"], scope)
        assert (r.status_code, r.json["error"]) == (401, "token_refused")
    assert db.execute(
        "SELECT username, action, target, after FROM audit_log WHERE action LIKE 'token.%' ORDER BY id"
    ).fetchall() == [
        (
            "admin",
            "token.create",
            f"token:{made['id']}",
            '{"name": "Một cửa tỉnh", "scopes": ["tickets:read", "ratings:read"]}',
        ),
        ("admin", "token.revoke", f"token:{made['id']}", '{"name": "Một cửa tỉnh", "revoked": true}'),
    ]


def test_the_command_line_creates_and_revokes_tokens(data_dir, app, client, db, capsys, monkeypatch):
    monkeypatch.setenv("XEPHANG_ASYNC_MODE", "threading")
    assert main(["create-token", "Một cửa", "--scope", "ratings:read", "--data", data_dir]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == "token 1 'Một cửa' (ratings:read); shown only now, keep it safe:"
    token = printed[1]
    assert call(client, token, "ratings:read").json == {"items": [], "next": "0"}
    assert call(client, token, "tickets:read").status_code == 403
    assert main(["revoke-token", "1", "--data", data_dir]) == 0
    assert call(client, token, "ratings:read").status_code == 401
    assert db.execute("SELECT username, action FROM audit_log WHERE action LIKE 'token.%' ORDER BY id").fetchall() == [
        ("cli", "token.create"),
        ("cli", "token.revoke"),
    ]


def test_the_feeds_carry_tickets_and_ratings_with_their_dossiers(hub, app, client, auth, clock):
    pad = tablet(hub.socketio, app, 1)
    ticket = serving(client, auth)
    link(client, ticket["id"], "HS-200001")
    clock.advance(300)
    client.post(f"/api/tickets/{ticket['id']}/finish")
    [question] = requested(pad)
    rate(pad, counter=1, token=question["token"], score=1, reasons=["attitude"], comment="Chờ lâu")
    client.post("/api/logout")
    token = make_token(client, "tickets:read", "ratings:read")["token"]
    tickets = call(client, token, "tickets:read").json
    assert tickets == {
        "next": "1",
        "items": [
            {
                "id": 1,
                "number": "A001",
                "day": "2026-11-23",
                "service": "A",
                "service_name": "Chứng thực",
                "counter": 1,
                "officer": {"id": 2, "username": "canbo1", "name": "Cán bộ quầy 1"},
                "status": "done",
                "priority": None,
                "issued_at": "2026-11-23T08:00:00+07:00",
                "called_at": "2026-11-23T08:00:00+07:00",
                "started_at": "2026-11-23T08:00:00+07:00",
                "ended_at": "2026-11-23T08:05:00+07:00",
                "wait_s": 0,
                "service_s": 300,
                "transferred_from": None,
                "dossiers": ["HS-200001"],
            }
        ],
    }
    ratings = call(client, token, "ratings:read").json
    assert ratings == {
        "next": "1",
        "items": [
            {
                "id": 1,
                "ticket_id": 1,
                "number": "A001",
                "day": "2026-11-23",
                "service": "A",
                "service_name": "Chứng thực",
                "counter": 1,
                "officer": {"id": 2, "username": "canbo1", "name": "Cán bộ quầy 1"},
                "score": 1,
                "scale": 3,
                "level": "dissatisfied",
                "level_name": "Không hài lòng",
                "dissatisfied": True,
                "reasons": ["attitude"],
                "comment": "Chờ lâu",
                "dossiers": ["HS-200001"],
                "at": "2026-11-23T08:05:00+07:00",
            }
        ],
    }
    assert client.get("/api/integration/tickets?since=1", headers={"Authorization": f"Bearer {token}"}).json == {
        "items": [],
        "next": "1",
    }
    for bad in ("since=abc", "limit=0", "limit=501"):
        assert (
            client.get(f"/api/integration/tickets?{bad}", headers={"Authorization": f"Bearer {token}"}).status_code
            == 400
        )


def test_a_dossier_linked_after_the_end_lists_the_ticket_again_with_it(client, auth):
    ticket = serving(client, auth)
    client.post(f"/api/tickets/{ticket['id']}/finish")
    client.post("/api/logout")
    token = make_token(client, "tickets:read", "dossiers:write")["token"]
    first = call(client, token, "tickets:read").json
    assert [(i["number"], i["dossiers"]) for i in first["items"]] == [("A001", [])]
    r = call(client, token, "dossiers:write")
    assert r.json == {"ticket_id": 1, "number": "A001", "day": "2026-11-23", "dossiers": ["HS-100001"], "linked": True}
    assert call(client, token, "dossiers:write").json["linked"] is False  # a retry changes nothing
    later = client.get(
        f"/api/integration/tickets?since={first['next']}", headers={"Authorization": f"Bearer {token}"}
    ).json
    assert [(i["number"], i["dossiers"]) for i in later["items"]] == [("A001", ["HS-100001"])]


def test_the_one_stop_software_links_by_number_and_day_and_is_audited(client, auth, db):
    ticket = serving(client, auth)
    client.post("/api/logout")
    token = make_token(client, "dossiers:write", name="iGate")["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    r = client.post(
        "/api/integration/dossiers", json={"ticket": "a001", "day": "2026-11-23", "code": "x"}, headers=bearer
    )
    assert (r.status_code, r.json["error"]) == (400, "dossier_code_invalid")
    r = client.post(
        "/api/integration/dossiers", json={"ticket": "A009", "day": "2026-11-23", "code": "HS-300001"}, headers=bearer
    )
    assert (r.status_code, r.json["error"]) == (404, "unknown_ticket")
    r = client.post(
        "/api/integration/dossiers", json={"ticket": "A001", "day": "23/11/2026", "code": "HS-300001"}, headers=bearer
    )
    assert r.status_code == 400
    r = client.post(
        "/api/integration/dossiers", json={"ticket": "a001", "day": "2026-11-23", "code": "HS-300001"}, headers=bearer
    )
    assert r.json["dossiers"] == ["HS-300001"]
    assert db.execute(
        "SELECT username, action, target, after FROM audit_log WHERE action = 'dossier.link'"
    ).fetchall() == [
        (
            "token:iGate",
            "dossier.link",
            f"ticket:{ticket['id']}",
            json.dumps({"dossiers": ["HS-300001"], "number": "A001"}),
        )
    ]


@pytest.mark.parametrize(
    ("lang", "fields"),
    [
        (
            "vi",
            {"name": "Phải là chữ, từ 1 đến 60 ký tự", "scopes": "Chọn ít nhất một quyền trong: " + ", ".join(ROUTES)},
        ),
        ("en", {"name": "text of 1 to 60 characters", "scopes": "one or more of " + ", ".join(ROUTES)}),
    ],
)
def test_a_token_refused_says_why_in_the_managers_language(client, db, lang, fields):
    client.post("/api/login", json={"username": "admin", "password": "admin"})
    r = client.post(f"/api/admin/tokens?lang={lang}", json={"name": " ", "scopes": ["tickets:write"]})
    assert (r.status_code, r.json["error"], r.json["fields"]) == (400, "invalid", fields)
    assert db.execute("SELECT count(*) FROM integration_tokens").fetchone()[0] == 0
