"""The public contract: services, issuing, reading tickets, and bad input changing nothing."""

import pytest

from tests.helpers import at, issue


def ticket_count(db) -> int:
    return db.execute("SELECT count(*) FROM tickets").fetchone()[0]


def test_services_list_every_field_with_waiting_count_and_open_flag(client):
    issue(client, "B")
    services = client.get("/api/services").json
    assert [s["code"] for s in services] == ["A", "B", "C", "D", "E", "F", "G", "H", "K", "T"]
    hotich = services[1]
    assert {k: hotich[k] for k in ("code", "name", "name_en", "waiting", "open", "closed_reason")} == {
        "code": "B",
        "name": "Hộ tịch",
        "name_en": "Civil status",
        "waiting": 1,
        "open": True,
        "closed_reason": None,
    }


def test_issuing_returns_the_number_people_ahead_and_estimate(client, clock):
    first = issue(client, "A")
    second = issue(client, "A")
    assert {
        k: first[k] for k in ("id", "number", "service", "status", "ahead", "estimated_wait_s", "issued_at", "priority")
    } == {
        "id": 1,
        "number": "A001",
        "service": "A",
        "status": "waiting",
        "ahead": 0,
        "estimated_wait_s": 0,
        "issued_at": "2026-11-23T08:00:00+07:00",
        "priority": None,
    }
    assert (second["number"], second["ahead"], second["estimated_wait_s"]) == ("A002", 1, 300)
    assert first["status_url"] == f"/t/{first['token']}" and len(first["token"]) >= 20


def test_numbers_count_per_service_and_restart_the_next_day(client, clock):
    assert [issue(client, s)["number"] for s in "AABA"] == ["A001", "A002", "B001", "A003"]
    clock.now = at(2026, 11, 24, 7, 45)
    assert [issue(client, s)["number"] for s in "BA"] == ["B001", "A001"]


def test_yesterdays_tickets_stay_as_history_and_leave_todays_queue(client, clock, db):
    issue(client, "A")
    clock.now = at(2026, 11, 24, 7, 45)
    assert client.get("/api/services").json[0]["waiting"] == 0
    assert client.get("/api/tickets/1").json["status"] == "waiting"
    assert db.execute("SELECT day, number FROM tickets").fetchall() == [("2026-11-23", "A001")]


def test_getting_a_ticket_shows_status_and_timestamps_without_its_token(client, auth):
    issue(client, "A")
    auth.open(1, "canbo1")
    client.post("/api/counters/1/call-next")
    got = client.get("/api/tickets/1").json
    assert got == {
        "id": 1,
        "number": "A001",
        "service": "A",
        "status": "called",
        "priority": None,
        "counter": 1,
        "calls": 1,
        "issued_at": "2026-11-23T08:00:00+07:00",
        "called_at": "2026-11-23T08:00:00+07:00",
        "last_called_at": "2026-11-23T08:00:00+07:00",
        "started_at": None,
        "ended_at": None,
        "wait_s": 0,
        "transferred_from": None,
        "dossiers": [],
        "ahead": 0,
    }


def test_priority_ticket_counts_ahead_as_the_priority_policy_calls(client, db):
    from server.store import repo

    issue(client, "A")
    issue(client, "A", "nguoi_cao_tuoi")
    second = issue(client, "A", "phu_nu_mang_thai")
    # Interleave (the default, 1 priority after every 3 normal): A002, then A001, then A003.
    assert (second["priority"], second["ahead"]) == ("phu_nu_mang_thai", 2)
    repo.set_option(db, "priority_policy", "strict")
    db.conn.commit()
    assert client.get(f"/api/tickets/{second['id']}").json["ahead"] == 1  # strict: only A002 before it


@pytest.mark.parametrize(
    "body,status,code",
    [
        ({"service": "Z"}, 404, "unknown_service"),
        ({"service": "A", "priority": "vip"}, 400, "unknown_priority"),
        ({"service": 1}, 400, "bad_request"),
        ({"service": True}, 400, "bad_request"),
        ({"service": ["A"]}, 400, "bad_request"),
        ({}, 400, "bad_request"),
        ({"service": "A", "priority": 3}, 400, "bad_request"),
        ({"service": "A", "servce": "B"}, 400, "bad_request"),
        ({"service": "A" * 1000}, 400, "bad_request"),
        (["A"], 400, "bad_request"),
        ("A", 400, "bad_request"),
    ],
)
def test_bad_ticket_requests_get_a_clear_error_and_change_nothing(client, db, body, status, code):
    r = client.post("/api/tickets", json=body)
    assert (r.status_code, r.json["error"]) == (status, code)
    assert isinstance(r.json["message"], str) and r.json["message"]
    assert ticket_count(db) == 0


def test_malformed_and_huge_bodies_are_refused(client, db):
    r = client.post("/api/tickets", data="{not json", content_type="application/json")
    assert (r.status_code, r.json["error"]) == (400, "bad_request")
    r = client.post("/api/tickets", data="x" * 200_000, content_type="application/json")
    assert (r.status_code, r.json["error"]) == (413, "body_too_large")
    assert ticket_count(db) == 0


def test_error_messages_follow_the_requested_language(client):
    assert client.post("/api/tickets?lang=en", json={"service": "Z"}).json["message"] == "There is no service Z."
    r = client.post("/api/tickets", json={"service": "Z"}, headers={"Accept-Language": "en-US,en;q=0.9"})
    assert r.json["message"] == "There is no service Z."
    assert client.post("/api/tickets", json={"service": "Z"}).json["message"] == "Không có lĩnh vực Z."


def test_closed_service_is_refused(client, db):
    db.execute("UPDATE services SET active = 0 WHERE code = 'C'")
    r = client.post("/api/tickets", json={"service": "C"})
    assert (r.status_code, r.json["error"]) == (409, "service_closed")
    assert [s["open"] for s in client.get("/api/services").json if s["code"] == "C"] == [False]


def test_daily_cap_sells_out_then_refuses(client, db):
    db.execute("UPDATE services SET daily_cap = 2 WHERE code = 'C'")
    issue(client, "C")
    issue(client, "C")
    r = client.post("/api/tickets", json={"service": "C"})
    assert (r.status_code, r.json["error"], r.json["message"]) == (409, "sold_out", "Lĩnh vực C đã hết số hôm nay.")
    assert ticket_count(db) == 2
    services = {s["code"]: s for s in client.get("/api/services").json}
    assert (services["C"]["open"], services["C"]["closed_reason"]) == (False, "sold_out")


def test_outside_opening_hours_is_refused_when_hours_are_enforced(client, db, clock):
    from server.store.repo import set_option

    set_option(db, "enforce_hours", True)
    clock.now = at(2026, 11, 23, 12, 0)  # lunch break between the sessions
    r = client.post("/api/tickets", json={"service": "A"})
    assert (r.status_code, r.json["error"]) == (409, "outside_hours")
    clock.now = at(2026, 11, 23, 13, 30)
    assert issue(client, "A")["number"] == "A001"


def test_unknown_ticket_and_unknown_route_are_json_404(client):
    assert client.get("/api/tickets/999").json == {"error": "unknown_ticket", "message": "Không có số thứ tự này."}
    r = client.get("/api/nothing-here")
    assert (r.status_code, r.json["error"]) == (404, "not_found")
    r = client.get("/api/tickets")
    assert (r.status_code, r.json["error"]) == (405, "method_not_allowed")
