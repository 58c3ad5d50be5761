"""Clerks: login, taking counters, calling, and every action on a ticket, with who may do what."""

import pytest

from tests.helpers import issue


def status_of(client, ticket_id):
    return client.get(f"/api/tickets/{ticket_id}").json["status"]


def test_login_sets_a_session_and_logout_ends_it(client):
    assert client.get("/api/me").status_code == 401
    r = client.post("/api/login", json={"username": "canbo2", "password": "demo"})
    assert r.json == {"id": 3, "username": "canbo2", "name": "Cán bộ quầy 2", "role": "clerk", "counter": None}
    assert client.get("/api/me").json["username"] == "canbo2"
    client.post("/api/logout")
    assert client.get("/api/me").status_code == 401


@pytest.mark.parametrize(
    "body", [{"username": "canbo1", "password": "wrong"}, {"username": "nobody", "password": "demo"}]
)
def test_wrong_credentials_are_refused_alike(client, body):
    r = client.post("/api/login", json=body)
    assert (r.status_code, r.json["error"]) == (401, "bad_credentials")


def test_deactivated_clerk_loses_access_at_once(client, auth, db):
    auth.login("canbo1")
    db.execute("UPDATE users SET active = 0 WHERE username = 'canbo1'")
    assert client.post("/api/counters/1/open").status_code == 401


def test_call_next_needs_a_login_and_the_counter(client, auth, make_client):
    issue(client, "A")
    r = client.post("/api/counters/1/call-next")
    assert (r.status_code, r.json["error"]) == (401, "login_required")
    auth.open(1, "canbo1")
    other = make_client()
    other.post("/api/login", json={"username": "canbo2", "password": "demo"})
    r = other.post("/api/counters/1/call-next")
    assert (r.status_code, r.json["error"]) == (403, "not_your_counter")
    r = other.post("/api/counters/1/open")
    assert (r.status_code, r.json["error"]) == (409, "counter_taken")
    assert status_of(client, 1) == "waiting"


def test_call_next_takes_the_oldest_of_the_counters_services_and_none_when_empty(client, auth):
    issue(client, "B")
    issue(client, "A")
    issue(client, "T")
    auth.open(1, "canbo1")  # counter 1 serves A and T
    assert client.post("/api/counters/1/call-next").json["ticket"]["number"] == "A001"
    client.post("/api/tickets/2/start")
    client.post("/api/tickets/2/finish")
    assert client.post("/api/counters/1/call-next").json["ticket"]["number"] == "T001"
    client.post("/api/tickets/3/no-show")
    assert client.post("/api/counters/1/call-next").json == {"ticket": None}


def test_a_counter_holds_one_ticket_at_a_time(client, auth):
    issue(client, "A")
    issue(client, "A")
    auth.open(1, "canbo1")
    client.post("/api/counters/1/call-next")
    r = client.post("/api/counters/1/call-next")
    assert (r.status_code, r.json["error"]) == (409, "counter_busy")
    # A001 is only called, not served: the message names what the clerk can do with it.
    assert r.json["message"] == "Số A001 vẫn đang ở quầy 1: hãy kết thúc số đó trước."
    assert status_of(client, 2) == "waiting"


def test_full_service_records_every_transition_as_an_event(client, auth, db, clock):
    issue(client, "A")
    auth.open(1, "canbo1")
    clock.advance(600)
    client.post("/api/counters/1/call-next")
    clock.advance(30)
    assert client.post("/api/tickets/1/recall").json["calls"] == 2
    clock.advance(30)
    client.post("/api/tickets/1/start")
    clock.advance(300)
    done = client.post("/api/tickets/1/finish").json
    assert (done["status"], done["wait_s"]) == ("done", 600)
    rows = db.execute(
        "SELECT action, from_status, to_status, at - (SELECT min(at) FROM events), counter, clerk_id"
        " FROM events WHERE ticket_id = 1 ORDER BY id"
    ).fetchall()
    assert rows == [
        ("issue", None, "waiting", 0.0, None, None),
        ("call", "waiting", "called", 600.0, 1, 2),
        ("recall", "called", "called", 630.0, 1, 2),
        ("start", "called", "serving", 660.0, 1, 2),
        ("finish", "serving", "done", 960.0, 1, 2),
    ]


def test_illegal_action_is_409_and_changes_nothing(client, auth):
    issue(client, "A")
    auth.open(1, "canbo1")
    client.post("/api/counters/1/call-next")
    r = client.post("/api/tickets/1/finish")
    assert r.json == {
        "error": "illegal_transition",
        "message": "Không thể hoàn thành số thứ tự đang ở trạng thái đã gọi.",
    }
    assert r.status_code == 409
    assert status_of(client, 1) == "called"


def test_unknown_action_is_404(client, auth):
    issue(client, "A")
    auth.login("canbo1")
    assert client.post("/api/tickets/1/explode").status_code == 404


def test_no_show_can_be_requeued_at_the_end_of_the_line(client, auth, clock):
    issue(client, "A")
    clock.advance(10)
    issue(client, "A")
    auth.open(1, "canbo1")
    client.post("/api/counters/1/call-next")
    client.post("/api/tickets/1/no-show")
    clock.advance(60)
    back = client.post("/api/tickets/1/requeue").json
    assert (back["status"], back["counter"]) == ("waiting", None)
    assert client.post("/api/counters/1/call-next").json["ticket"]["number"] == "A002"


def test_called_by_mistake_returns_to_its_place(client, auth, clock):
    issue(client, "A")
    clock.advance(10)
    issue(client, "A")
    auth.open(1, "canbo1")
    client.post("/api/counters/1/call-next")
    assert client.post("/api/tickets/1/return").json["status"] == "waiting"
    assert client.post("/api/counters/1/call-next").json["ticket"]["number"] == "A001"


def test_parked_citizen_is_resumed_by_a_call_at_the_clerks_counter(client, auth):
    issue(client, "A")
    issue(client, "A")
    auth.open(1, "canbo1")
    client.post("/api/counters/1/call-next")
    client.post("/api/tickets/1/start")
    assert client.post("/api/tickets/1/park").json["status"] == "parked"
    # While they fill in the form, the counter serves the next citizen.
    assert client.post("/api/counters/1/call-next").json["ticket"]["number"] == "A002"
    r = client.post("/api/tickets/1/resume")
    assert (r.status_code, r.json["error"]) == (409, "counter_busy")
    client.post("/api/tickets/2/start")
    client.post("/api/tickets/2/finish")
    resumed = client.post("/api/tickets/1/resume").json
    assert (resumed["status"], resumed["counter"], resumed["calls"]) == ("called", 1, 2)


def test_transfer_creates_a_linked_waiting_ticket_keeping_number_and_place(client, auth, clock, make_client):
    issue(client, "A")  # 08:00
    clock.advance(300)
    issue(client, "B")  # 08:05 — waited at B before the transfer
    auth.open(1, "canbo1")
    client.post("/api/counters/1/call-next")
    client.post("/api/tickets/1/start")
    moved = client.post("/api/tickets/1/transfer", json={"service": "B"}).json
    assert moved["status"] == "transferred"
    new = client.get("/api/tickets/3").json
    assert {k: new[k] for k in ("number", "service", "status", "transferred_from", "issued_at")} == {
        "number": "A001",
        "service": "B",
        "status": "waiting",
        "transferred_from": 1,
        "issued_at": "2026-11-23T08:00:00+07:00",
    }
    clerk2 = make_client()
    clerk2.post("/api/login", json={"username": "canbo2", "password": "demo"})
    clerk2.post("/api/counters/2/open")
    client.post("/api/counters/1/close")
    assert clerk2.post("/api/counters/2/call-next").json["ticket"]["number"] == "A001"  # ahead of B001


def test_a_number_is_called_as_a_clerk_types_it_and_a_refusal_says_why(client, auth):
    """Reproduced: "D3" was refused where "d003" was called, and a number already served got "Không có số thứ tự
    này." as if it had never been issued."""
    for _ in range(3):
        issue(client, "A")
    auth.open(1, "canbo1")
    typed = []
    for text in ("a 2", "A3"):
        typed.append(client.post("/api/counters/1/call", json={"number": text}))
        for action in ("start", "finish"):
            client.post(f"/api/tickets/{typed[-1].json['ticket']['id']}/{action}")
    again = client.post("/api/counters/1/call", json={"number": "a02"})
    never = client.post("/api/counters/1/call", json={"number": "A9"})

    assert [r.json["ticket"]["number"] for r in typed] == ["A002", "A003"]
    assert [(r.status_code, r.json["error"], r.json["message"]) for r in (again, never)] == [
        (409, "ticket_not_waiting", "Số A002 đang ở trạng thái hoàn thành: chỉ gọi được số đang chờ."),
        (404, "unknown_number", "Hôm nay không có số A009."),
    ]


@pytest.mark.parametrize(
    "body,status,code",
    [
        ({}, 400, "bad_request"),
        ({"service": "Z"}, 404, "unknown_service"),
        ({"service": "A"}, 400, "same_service"),
    ],
)
def test_bad_transfer_is_refused_and_changes_nothing(client, auth, db, body, status, code):
    issue(client, "A")
    auth.open(1, "canbo1")
    client.post("/api/counters/1/call-next")
    client.post("/api/tickets/1/start")
    r = client.post("/api/tickets/1/transfer", json=body)
    assert (r.status_code, r.json["error"]) == (status, code)
    assert (status_of(client, 1), db.execute("SELECT count(*) FROM tickets").fetchone()[0]) == ("serving", 1)


def test_actions_on_another_counters_ticket_are_forbidden(client, auth, make_client):
    issue(client, "A")
    auth.open(1, "canbo1")
    client.post("/api/counters/1/call-next")
    other = make_client()
    other.post("/api/login", json={"username": "canbo2", "password": "demo"})
    other.post("/api/counters/2/open")
    for action in ("recall", "start", "no-show", "return", "park"):
        r = other.post(f"/api/tickets/1/{action}")
        assert (action, r.status_code, r.json["error"]) == (action, 403, "not_your_ticket")
    assert status_of(client, 1) == "called"


def test_clerk_may_cancel_only_waiting_tickets_of_services_their_counter_serves(client, auth, make_client):
    issue(client, "C")
    issue(client, "A")
    auth.open(1, "canbo1")
    assert client.post("/api/tickets/1/cancel").status_code == 403
    assert client.post("/api/tickets/2/cancel").json["status"] == "cancelled"
    manager = make_client()
    manager.post("/api/login", json={"username": "admin", "password": "admin"})
    assert manager.post("/api/tickets/1/cancel").json["status"] == "cancelled"


def test_calling_a_specific_number_out_of_order(client, auth):
    for _ in range(3):
        issue(client, "A")
    auth.open(1, "canbo1")
    assert client.post("/api/counters/1/call", json={"number": "a003"}).json["ticket"]["number"] == "A003"
    client.post("/api/tickets/3/no-show")
    assert client.post("/api/counters/1/call", json={"ticket": 2}).json["ticket"]["number"] == "A002"


@pytest.mark.parametrize(
    "body,status,code",
    [
        ({}, 400, "bad_request"),
        ({"ticket": 1, "number": "A001"}, 400, "bad_request"),
        ({"number": "A999"}, 404, "unknown_number"),
        ({"number": " "}, 400, "bad_request"),
        ({"number": "C001"}, 403, "not_your_ticket"),
        ({"ticket": "1"}, 400, "bad_request"),
    ],
)
def test_bad_specific_calls_are_refused(client, auth, body, status, code):
    issue(client, "A")
    issue(client, "C")
    auth.open(1, "canbo1")
    r = client.post("/api/counters/1/call", json=body)
    assert (r.status_code, r.json["error"]) == (status, code)
    assert [status_of(client, i) for i in (1, 2)] == ["waiting", "waiting"]


def test_paused_counter_calls_nobody_until_resumed(client, auth):
    issue(client, "A")
    auth.open(1, "canbo1")
    assert client.post("/api/counters/1/pause").json["state"] == "paused"
    r = client.post("/api/counters/1/call-next")
    assert (r.status_code, r.json["error"]) == (409, "counter_paused")
    assert client.post("/api/counters/1/resume").json["state"] == "open"
    assert client.post("/api/counters/1/call-next").json["ticket"]["number"] == "A001"


def test_closing_a_counter_with_a_citizen_at_it_is_refused(client, auth):
    issue(client, "A")
    auth.open(1, "canbo1")
    client.post("/api/counters/1/call-next")
    r = client.post("/api/counters/1/close")
    assert (r.status_code, r.json["error"]) == (409, "counter_busy")
    en = client.post("/api/counters/1/close", headers={"Accept-Language": "en"})
    assert en.json["message"] == "A001 is still at counter 1: end it first."
    client.post("/api/tickets/1/no-show")
    closed = client.post("/api/counters/1/close").json
    assert (closed["state"], closed["clerk"]) == ("closed", None)
    assert client.post("/api/counters/1/call-next").json["error"] == "not_your_counter"


def test_taking_a_second_counter_releases_the_first(client, auth):
    auth.open(1, "canbo1")
    auth.open(2)
    state = {c["number"]: (c["state"], c["clerk"]) for c in client.get("/api/state").json["counters"]}
    assert state[1] == ("closed", None)
    assert state[2] == ("open", {"id": 2, "name": "Cán bộ quầy 1"})
    assert client.get("/api/me").json["counter"] == 2


def test_unknown_counter_is_404(client, auth):
    auth.login("canbo1")
    assert client.post("/api/counters/99/open").json["error"] == "unknown_counter"


def test_actions_on_yesterdays_tickets_are_refused(client, auth, clock):
    from tests.helpers import at

    issue(client, "A")
    clock.now = at(2026, 11, 24, 8)
    auth.login("admin", "admin")
    r = client.post("/api/tickets/1/cancel")
    assert (r.status_code, r.json["error"]) == (409, "ticket_expired")
