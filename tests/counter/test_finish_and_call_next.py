""" "Hoàn thành, gọi số tiếp": the clerk's most frequent pair of presses as one request and one transaction — the
ticket at the counter is finished (or marked a no-show) and the next one called; a refusal changes nothing."""

import pytest

from tests.helpers import issue


def statuses(db):
    return {r["number"]: r["status"] for r in db.query("SELECT number, status FROM tickets ORDER BY id")}


def called_at_counter_1(client, auth, *fields):
    """A ticket of each field issued, clerk 1 at counter 1, the first one called."""
    for field in fields:
        issue(client, field)
    auth.open(1, "canbo1")
    client.post("/api/counters/1/call-next")


def test_finishing_and_calling_the_next_is_one_press_with_every_event_of_both(client, auth, db, clock):
    called_at_counter_1(client, auth, "A", "A")
    client.post("/api/tickets/1/start")
    clock.advance(300)
    r = client.post("/api/counters/1/call-next", json={"close": "finish", "ticket": 1})
    assert r.status_code == 200
    assert (r.json["closed"]["number"], r.json["closed"]["status"]) == ("A001", "done")
    assert (r.json["ticket"]["number"], r.json["ticket"]["status"], r.json["ticket"]["counter"]) == (
        "A002",
        "called",
        1,
    )
    assert statuses(db) == {"A001": "done", "A002": "called"}
    events = [(e["ticket_id"], e["action"]) for e in db.query("SELECT ticket_id, action FROM events ORDER BY id")]
    assert events[-2:] == [(1, "finish"), (2, "call")]
    # Finishing opens the citizen's rating on the counter's tablet, as the Finish button does.
    assert [r["ticket_id"] for r in db.query("SELECT ticket_id FROM rating_requests")] == [1]


def test_a_no_show_and_the_next_call_in_one_press(client, auth, db):
    called_at_counter_1(client, auth, "A", "T")
    r = client.post("/api/counters/1/call-next", json={"close": "no-show", "ticket": 1})
    assert (r.status_code, r.json["closed"]["status"], r.json["ticket"]["number"]) == (200, "no_show", "T001")
    assert statuses(db) == {"A001": "no_show", "T001": "called"}


def test_when_nobody_waits_the_ticket_is_still_finished_and_no_one_is_called(client, auth, db):
    called_at_counter_1(client, auth, "A")
    client.post("/api/tickets/1/start")
    r = client.post("/api/counters/1/call-next", json={"close": "finish", "ticket": 1})
    assert (r.status_code, r.json["ticket"], r.json["closed"]["status"]) == (200, None, "done")
    assert statuses(db) == {"A001": "done"}


def test_a_stale_screen_closing_a_ticket_no_longer_at_the_counter_changes_nothing(client, auth, db):
    """The clerk's screen still shows A001, but A001 was already finished (another tab) and A002 called."""
    called_at_counter_1(client, auth, "A", "A", "A")
    client.post("/api/tickets/1/start")
    client.post("/api/tickets/1/finish")
    client.post("/api/counters/1/call-next")  # A002 at the counter now
    r = client.post("/api/counters/1/call-next", json={"close": "finish", "ticket": 1})
    assert (r.status_code, r.json["error"]) == (409, "not_at_counter")
    assert r.json["message"] == ("Số A001 không còn ở quầy 1: màn hình đã được cập nhật, hãy xem lại.")
    assert statuses(db) == {"A001": "done", "A002": "called", "A003": "waiting"}


def test_finishing_a_ticket_only_called_is_refused_and_nobody_is_called(client, auth, db):
    called_at_counter_1(client, auth, "A", "A")
    r = client.post("/api/counters/1/call-next", json={"close": "finish", "ticket": 1})
    assert (r.status_code, r.json["error"]) == (409, "illegal_transition")
    assert statuses(db) == {"A001": "called", "A002": "waiting"}


def test_another_clerks_counter_is_refused_and_changes_nothing(client, auth, db, make_client):
    called_at_counter_1(client, auth, "A", "A")
    other = make_client()
    other.post("/api/login", json={"username": "canbo2", "password": "demo"})
    r = other.post("/api/counters/1/call-next", json={"close": "no-show", "ticket": 1})
    assert (r.status_code, r.json["error"]) == (403, "not_your_counter")
    assert statuses(db) == {"A001": "called", "A002": "waiting"}


@pytest.mark.parametrize(
    "body",
    [
        {"close": "finish"},
        {"ticket": 1},
        {"close": "cancel", "ticket": 1},
        {"close": "finish", "ticket": "1"},
        {"close": "finish", "ticket": 1, "extra": True},
    ],
)
def test_a_malformed_close_is_400_and_changes_nothing(client, auth, db, body):
    called_at_counter_1(client, auth, "A", "A")
    r = client.post("/api/counters/1/call-next", json=body)
    assert (r.status_code, r.json["error"]) == (400, "bad_request")
    assert statuses(db) == {"A001": "called", "A002": "waiting"}
