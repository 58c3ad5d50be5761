"""Dossier codes at the counter: linked while serving or after finishing that day, checked, audited; the rating
of the ticket carries them."""

import json

from tests.counter.test_ratings import rate, requested, tablet
from tests.helpers import issue


def serving(client, auth, counter=1, username="canbo1", service="A"):
    issue(client, service)
    auth.open(counter, username)
    ticket = client.post(f"/api/counters/{counter}/call-next").json["ticket"]
    assert client.post(f"/api/tickets/{ticket['id']}/start").status_code == 200
    return ticket


def link(client, ticket_id, code):
    return client.post(f"/api/tickets/{ticket_id}/dossiers", json={"code": code})


def test_a_clerk_links_dossier_codes_and_the_ticket_carries_them(client, auth, db):
    ticket = serving(client, auth)
    r = link(client, ticket["id"], " 000.00.12.H12-251123-0001 ")
    assert r.status_code == 200, r.json
    assert r.json["dossiers"] == ["000.00.12.H12-251123-0001"]
    assert link(client, ticket["id"], "000.00.12.H12-251123-0001").json["dossiers"] == ["000.00.12.H12-251123-0001"]
    assert link(client, ticket["id"], "HS/2025/77").json["dossiers"] == ["000.00.12.H12-251123-0001", "HS/2025/77"]
    assert client.get(f"/api/tickets/{ticket['id']}").json["dossiers"] == ["000.00.12.H12-251123-0001", "HS/2025/77"]
    assert db.execute("SELECT action, data FROM events WHERE action LIKE 'dossier%' ORDER BY id").fetchall() == [
        ("dossier_link", json.dumps({"code": "000.00.12.H12-251123-0001", "by": "counter"})),
        ("dossier_link", json.dumps({"code": "HS/2025/77", "by": "counter"})),
    ]
    rows = db.execute("SELECT event, ticket_id, data FROM outbox WHERE event = 'dossier.linked' ORDER BY id")
    assert rows.fetchall() == [
        ("dossier.linked", ticket["id"], json.dumps({"code": c, "by": "counter"}))
        for c in ("000.00.12.H12-251123-0001", "HS/2025/77")
    ]


def test_a_code_of_the_wrong_shape_is_refused_with_a_clear_message(client, auth):
    ticket = serving(client, auth)
    r = link(client, ticket["id"], "AB 12")
    assert (r.status_code, r.json["error"]) == (400, "dossier_code_invalid")
    assert r.json["message"] == "Mã hồ sơ “AB 12” không đúng dạng quy định (mẫu: [A-Za-z0-9./-]{6,40})."
    assert client.get(f"/api/tickets/{ticket['id']}").json["dossiers"] == []


def test_the_shape_follows_the_centres_pattern_option(client, auth):
    auth.login("admin", "admin")
    assert client.put("/api/admin/options", json={"dossier_pattern": r"H\d{2}\.\d{6}"}).status_code == 200
    auth.login("canbo1")
    ticket = serving(client, auth)
    assert link(client, ticket["id"], "H12.251123").status_code == 200
    assert link(client, ticket["id"], "000.00.12.H12-251123-0001").json["error"] == "dossier_code_invalid"


def test_a_broken_pattern_is_refused_when_a_manager_sets_it(client, auth):
    auth.login("admin", "admin")
    r = client.put("/api/admin/options", json={"dossier_pattern": "[A-Z"})
    assert (r.status_code, r.json["fields"]) == (
        400,
        {"dossier_pattern": "Biểu thức chính quy không hợp lệ: unterminated character set at position 0"},
    )


def test_only_the_clerk_of_the_tickets_counter_or_a_manager_links(client, auth, make_client):
    ticket = serving(client, auth)
    other = make_client()
    other.post("/api/login", json={"username": "canbo2", "password": "demo"})
    r = other.post(f"/api/tickets/{ticket['id']}/dossiers", json={"code": "HS-000001"})
    assert (r.status_code, r.json["error"]) == (403, "not_your_ticket")
    manager = make_client()
    manager.post("/api/login", json={"username": "admin", "password": "admin"})
    assert manager.post(f"/api/tickets/{ticket['id']}/dossiers", json={"code": "HS-000001"}).json["dossiers"] == [
        "HS-000001"
    ]


def test_a_code_is_linked_after_finishing_until_the_day_ends_but_not_before_serving(client, auth, clock):
    ticket = serving(client, auth)
    client.post(f"/api/tickets/{ticket['id']}/finish")
    assert link(client, ticket["id"], "HS-000002").json["dossiers"] == ["HS-000002"]
    issue(client, "A")
    called = client.post("/api/counters/1/call-next").json["ticket"]
    r = link(client, called["id"], "HS-000003")
    assert (r.status_code, r.json["error"]) == (409, "dossier_not_now")
    clock.advance(24 * 3600)
    auth.login()  # a session lasts session_hours from login: the clerk logs in again the next day
    r = link(client, ticket["id"], "HS-000004")
    assert (r.status_code, r.json["error"]) == (409, "ticket_expired")


def test_removing_a_mistaken_code_is_audited(client, auth, db):
    ticket = serving(client, auth)
    link(client, ticket["id"], "HS-000005")
    link(client, ticket["id"], "HS-000006")
    r = client.delete(f"/api/tickets/{ticket['id']}/dossiers", json={"code": "HS-000005"})
    assert r.json["dossiers"] == ["HS-000006"]
    r = client.delete(f"/api/tickets/{ticket['id']}/dossiers?code=HS-000404")
    assert (r.status_code, r.json["error"]) == (404, "unknown_dossier")
    assert db.execute(
        "SELECT username, action, target, before, after FROM audit_log WHERE action LIKE 'dossier%' ORDER BY id"
    ).fetchall() == [
        (
            "canbo1",
            "dossier.link",
            f"ticket:{ticket['id']}",
            '{"dossiers": [], "number": "A001"}',
            '{"dossiers": ["HS-000005"], "number": "A001"}',
        ),
        (
            "canbo1",
            "dossier.link",
            f"ticket:{ticket['id']}",
            '{"dossiers": ["HS-000005"], "number": "A001"}',
            '{"dossiers": ["HS-000005", "HS-000006"], "number": "A001"}',
        ),
        (
            "canbo1",
            "dossier.unlink",
            f"ticket:{ticket['id']}",
            '{"dossiers": ["HS-000005", "HS-000006"], "number": "A001"}',
            '{"dossiers": ["HS-000006"], "number": "A001"}',
        ),
    ]


def finished_and_rated(hub, app, client, auth, code, **rating):
    """A ticket served at counter 1 with `code` linked, finished, and rated on the counter's tablet."""
    pad = tablet(hub.socketio, app, 1)
    ticket = serving(client, auth)
    link(client, ticket["id"], code)
    client.post(f"/api/tickets/{ticket['id']}/finish")
    [question] = requested(pad)
    assert rate(pad, counter=1, token=question["token"], **rating)["rating"] == {
        "ticket_id": ticket["id"],
        "score": rating["score"],
    }
    return ticket


def listed_rating(client, auth):
    auth.login("admin", "admin")
    [rating] = client.get("/api/ratings?from=2026-11-23&to=2026-11-23").json
    return rating


def test_the_rating_carries_the_tickets_dossiers_without_the_citizen_typing(hub, app, client, auth):
    ticket = finished_and_rated(hub, app, client, auth, "HS-000007", score=1, reasons=["time"])
    link(client, ticket["id"], "HS-000008")  # linked after the rating: the rating carries it too
    rating = listed_rating(client, auth)
    assert (rating["number"], rating["dissatisfied"], rating["dossier_code"], rating["dossiers"]) == (
        "A001",
        True,
        None,
        ["HS-000007", "HS-000008"],
    )


def test_a_code_the_citizen_types_on_the_tablet_joins_the_clerks(hub, app, client, auth):
    finished_and_rated(hub, app, client, auth, "HS-000009", score=3, dossier_code="HS-000010")
    assert listed_rating(client, auth)["dossiers"] == ["HS-000009", "HS-000010"]
