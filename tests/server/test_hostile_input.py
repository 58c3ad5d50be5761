"""Hostile or broken input gets a clear 4xx JSON error, never a 500, and changes nothing (issue 12, finding 13)."""

import pytest

from tests.server.test_fuzz import snapshot

DEEP = "[" * 30_000


@pytest.mark.parametrize(
    "path",
    [
        "/api/login",
        "/api/tickets",
        "/api/devices/pair",
        "/api/admin/options",
        "/api/admin/services",
        "/api/counters/1/call-next",
    ],
)
def test_thirty_thousand_nested_brackets_are_refused_as_bad_json(manager, db, path):
    before = snapshot(db)
    method = "PUT" if path.endswith("options") else "POST"
    r = manager.open(path, method=method, data=DEEP, content_type="application/json")
    assert (r.status_code, r.json["error"]) == (400, "bad_request"), r.data[:200]
    assert r.json["message"] == "Yêu cầu không hợp lệ: body is not valid JSON"
    assert snapshot(db) == before


def test_a_login_with_nested_brackets_is_refused_in_english_too(client):
    r = client.post("/api/login?lang=en", data=DEEP, content_type="application/json")
    assert (r.status_code, r.json) == (400, {"error": "bad_request", "message": "Bad request: body is not valid JSON"})


@pytest.mark.parametrize(
    "path",
    [
        "/api/tickets/99999999999999999999",
        "/api/tickets/9223372036854775808",
        "/api/announcements/99999999999999999999.wav",
    ],
)
def test_ids_beyond_64_bits_are_not_found(client, path):
    r = client.get(path)
    assert (r.status_code, r.json["error"]) == (404, "not_found")


def test_a_huge_id_in_a_write_path_is_not_found_and_changes_nothing(manager, db):
    before = snapshot(db)
    for path in (
        "/api/tickets/99999999999999999999/start",
        "/api/counters/99999999999999999999/call-next",
        "/api/admin/users/99999999999999999999/password",
    ):
        r = manager.post(path, json={"password": "long enough"} if "password" in path else {})
        assert (r.status_code, r.json["error"]) == (404, "not_found"), path
    assert snapshot(db) == before


@pytest.mark.parametrize("volume", ["abc", "nan", "inf", "-1", "2", "1e400"])
def test_a_display_with_a_bad_volume_is_told_so(client, volume):
    r = client.get(f"/display?volume={volume}")
    assert (r.status_code, r.json["error"]) == (400, "bad_request")
    assert r.json["message"] == "Yêu cầu không hợp lệ: volume must be a number from 0 to 1"


def test_a_display_with_a_good_volume_still_opens(client):
    assert client.get("/display?volume=0.4").status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "period=week&date=9999-12-31",
        "period=year&date=9999-12-31",
        "period=month&date=9999-12-31",
        "period=day&date=0001-01-01",
        "period=week&date=0001-01-01",
    ],
)
def test_reports_at_the_edge_of_the_calendar_are_refused(manager, query):
    r = manager.get(f"/api/reports?{query}")
    assert r.status_code in (200, 400), r.data[:300]
    if r.status_code == 400:
        assert r.json["error"] == "bad_request"


def test_a_week_past_the_last_date_is_refused(manager):
    r = manager.get("/api/reports?period=week&date=9999-12-31")
    assert (r.status_code, r.json["error"]) == (400, "bad_request")


@pytest.mark.parametrize(
    "method,path,payload,field",
    [
        ("POST", "/api/admin/priorities", {"code": []}, "code"),
        ("POST", "/api/admin/priorities", {"code": {"a": 1}, "name_vi": "X", "name_en": "X"}, "code"),
        (
            "POST",
            "/api/admin/priorities",
            {"code": "veteran", "name_vi": "X", "name_en": "X", "position": 2**63},
            "position",
        ),
        ("PUT", "/api/admin/priorities/nguoi_cao_tuoi", {"position": "first"}, "position"),
        ("PUT", "/api/admin/services/A", {"position": 2**63}, "position"),
        ("PUT", "/api/admin/services/A", {"position": -(2**63) - 1}, "position"),
        ("PUT", "/api/admin/services/A", {"daily_cap": 2**64}, "daily_cap"),
        ("POST", "/api/admin/counters", {"number": 2**63, "services": ["A"]}, "number"),
    ],
)
def test_wrong_types_and_huge_integers_get_a_field_error_and_change_nothing(manager, db, method, path, payload, field):
    before = snapshot(db)
    r = manager.open(path, method=method, json=payload)
    assert (r.status_code, r.json["error"]) == (400, "invalid"), r.data[:300]
    assert field in r.json["fields"]
    assert snapshot(db) == before


def test_a_huge_ticket_id_in_a_counter_call_is_refused(manager, db):
    manager.post("/api/counters/1/open")
    before = snapshot(db)
    r = manager.post("/api/counters/1/call", json={"ticket": 2**63})
    assert r.status_code in (400, 404), r.data[:300]
    assert snapshot(db) == before
