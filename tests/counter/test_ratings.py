"""Ratings: asked only of the finishing counter's tablet, stored once, refused when tampered with."""

import sqlite3

import pytest

from tests.helpers import device_socket, issue


@pytest.fixture
def sio(hub):
    return hub.socketio


def tablet(sio, app, counter):
    client = device_socket(app, "/rating", auth={"counter": counter})
    assert client.is_connected("/rating")
    client.get_received("/rating")
    return client


def serve_one(client, auth, counter=1, username="canbo1", service="A"):
    issue(client, service)
    auth.open(counter, username)
    ticket = client.post(f"/api/counters/{counter}/call-next").json["ticket"]
    client.post(f"/api/tickets/{ticket['id']}/start")
    client.post(f"/api/tickets/{ticket['id']}/finish")
    return ticket


def requested(c):
    return [e["args"][0] for e in c.get_received("/rating") if e["name"] == "rating_requested"]


def rate(c, **payload):
    return c.emit("submit_rating", payload, namespace="/rating", callback=True)


def ratings_rows(db):
    return db.execute(
        "SELECT ticket_id, service, counter, clerk_id, score, scale, dissatisfied, reasons,"
        " dossier_code, comment FROM ratings"
    ).fetchall()


def test_finishing_asks_only_that_counters_tablet_and_never_the_clerks_screen(sio, app, client, auth):
    mine, other = tablet(sio, app, 1), tablet(sio, app, 2)
    auth.login("canbo1")
    workstation = sio.test_client(app, namespace="/counter", flask_test_client=client)
    workstation.get_received("/counter")
    serve_one(client, auth)
    [question] = requested(mine)
    assert (question["counter"], question["number"], question["ticket_id"]) == (1, "A001", 1)
    assert len(question["token"]) >= 20
    assert requested(other) == []
    assert [e["name"] for e in workstation.get_received("/counter") if e["name"].startswith("rating")] == []


def test_a_citizens_rating_is_stored_with_ticket_service_counter_and_clerk(sio, app, client, auth, db, clock):
    t = tablet(sio, app, 1)
    serve_one(client, auth)
    [question] = requested(t)
    reply = rate(t, counter=1, token=question["token"], score=3)
    assert reply == {"ok": True, "rating": {"ticket_id": 1, "score": 3}}
    assert ratings_rows(db) == [(1, "A", 1, 2, 3, 3, 0, "[]", None, None)]
    assert [e["name"] for e in t.get_received("/rating")] == ["rating_submitted"]


def test_dissatisfaction_keeps_reasons_dossier_code_and_comment(sio, app, client, auth, db):
    t = tablet(sio, app, 1)
    serve_one(client, auth)
    [question] = requested(t)
    assert (
        rate(
            t,
            counter=1,
            token=question["token"],
            score=1,
            reasons=["time", "attitude"],
            dossier_code=" 000.00.12.H01-251121-0001 ",
            comment="Chờ lâu",
        )["ok"]
        is True
    )
    assert ratings_rows(db) == [(1, "A", 1, 2, 1, 3, 1, '["time", "attitude"]', "000.00.12.H01-251121-0001", "Chờ lâu")]


def test_reasons_are_dropped_when_the_citizen_is_satisfied(sio, app, client, auth, db):
    t = tablet(sio, app, 1)
    serve_one(client, auth)
    [question] = requested(t)
    rate(t, counter=1, token=question["token"], score=2, reasons=["time"])
    assert ratings_rows(db)[0][7] == "[]"


@pytest.mark.parametrize("score", [0, 4, -1, "3", 2.5, True, None])
def test_a_forged_score_is_refused_and_nothing_stored(sio, app, client, auth, db, score):
    t = tablet(sio, app, 1)
    serve_one(client, auth)
    [question] = requested(t)
    reply = rate(t, counter=1, token=question["token"], score=score)
    assert reply["error"] == "bad_request"
    assert ratings_rows(db) == []


def test_rating_twice_is_refused(sio, app, client, auth, db):
    t = tablet(sio, app, 1)
    serve_one(client, auth)
    [question] = requested(t)
    rate(t, counter=1, token=question["token"], score=3)
    assert rate(t, counter=1, token=question["token"], score=1)["error"] == "already_rated"
    assert [r[4] for r in ratings_rows(db)] == [3]


def test_another_counters_tablet_cannot_rate(sio, app, client, auth, db):
    mine, other = tablet(sio, app, 1), tablet(sio, app, 2)
    serve_one(client, auth)
    [question] = requested(mine)
    assert rate(other, counter=2, token=question["token"], score=1)["error"] == "rating_refused"
    assert rate(other, counter=1, token="x" * 22, score=1)["error"] == "rating_refused"
    assert ratings_rows(db) == []


def test_a_ticket_never_finished_cannot_be_rated(sio, app, client, auth, db):
    t = tablet(sio, app, 1)
    issue(client, "A")
    auth.open(1, "canbo1")
    client.post("/api/counters/1/call-next")
    client.post("/api/tickets/1/start")
    assert requested(t) == []
    assert rate(t, counter=1, token="", score=3)["error"] == "rating_refused"
    assert rate(t, counter=1, score=3)["error"] == "rating_refused"
    assert ratings_rows(db) == []


def test_a_late_rating_is_refused_after_the_timeout(sio, app, client, auth, db, clock):
    t = tablet(sio, app, 1)
    serve_one(client, auth)
    [question] = requested(t)
    clock.advance(31)
    assert rate(t, counter=1, token=question["token"], score=3)["error"] == "rating_expired"
    assert ratings_rows(db) == []


def test_a_question_survives_the_counters_next_finish_and_questions_wait_oldest_first(
    sio, app, client, auth, db, clock
):
    t = tablet(sio, app, 1)
    serve_one(client, auth)  # citizen Z's ticket, A001
    [first] = requested(t)
    clock.advance(2)
    serve_one(client, auth)  # the clerk hurries through another (A002): Z's question must not be cut short
    [second] = requested(t)
    assert (first["number"], second["number"]) == ("A001", "A002")
    assert second["expires_at"] == first["expires_at"] + 30  # its 30 s start when Z's would have run out
    assert t.emit("snapshot", {}, namespace="/rating", callback=True)["pending"]["number"] == "A001"
    assert rate(t, counter=1, token=first["token"], score=1)["ok"] is True
    assert t.emit("snapshot", {}, namespace="/rating", callback=True)["pending"]["number"] == "A002"
    assert rate(t, counter=1, token=second["token"], score=3)["ok"] is True
    assert [(r[0], r[4]) for r in ratings_rows(db)] == [(1, 1), (2, 3)]


def test_ratings_cannot_be_changed_or_deleted_even_in_the_database(sio, app, client, auth, hub):
    t = tablet(sio, app, 1)
    serve_one(client, auth)
    [question] = requested(t)
    rate(t, counter=1, token=question["token"], score=1)
    raw = sqlite3.connect(hub.db_path)
    with pytest.raises(sqlite3.IntegrityError, match="never changed"):
        raw.execute("UPDATE ratings SET score = 3")
    with pytest.raises(sqlite3.IntegrityError, match="never deleted"):
        raw.execute("DELETE FROM ratings")
    raw.close()


def test_a_reconnecting_tablet_is_asked_again_until_the_question_expires(sio, app, client, auth):
    serve_one(client, auth)
    late = device_socket(app, "/rating", auth={"counter": 1})
    [snap] = [e["args"][0] for e in late.get_received("/rating") if e["name"] == "rating_snapshot"]
    assert (snap["pending"]["number"], snap["form"]["scale"]) == ("A001", 3)
    assert [c["label"] for c in snap["form"]["choices"]] == ["very_satisfied", "satisfied", "dissatisfied"]


def test_five_level_scale_counts_the_bottom_two_as_dissatisfied(sio, app, client, auth, db):
    from server.store.repo import set_option

    set_option(db, "rating_scale", 5)
    t = tablet(sio, app, 1)
    serve_one(client, auth)
    [question] = requested(t)
    assert rate(t, counter=1, token=question["token"], score=2, reasons=["costs"])["ok"] is True
    assert ratings_rows(db)[0][4:8] == (2, 5, 1, '["costs"]')


def test_managers_list_ratings_by_period_and_clerks_may_not(sio, app, client, auth, make_client):
    t = tablet(sio, app, 1)
    serve_one(client, auth)
    [question] = requested(t)
    rate(t, counter=1, token=question["token"], score=1, reasons=["trips"], dossier_code="HS-1")
    assert client.get("/api/ratings?from=2026-11-23&to=2026-11-23").status_code == 403
    manager = make_client()
    manager.post("/api/login", json={"username": "admin", "password": "admin"})
    listed = manager.get("/api/ratings?from=2026-11-01&to=2026-11-30").json
    assert listed == [
        {
            "ticket_id": 1,
            "number": "A001",
            "service": "A",
            "counter": 1,
            "clerk": {"id": 2, "username": "canbo1", "name": "Cán bộ quầy 1"},
            "score": 1,
            "scale": 3,
            "dissatisfied": True,
            "reasons": ["trips"],
            "dossier_code": "HS-1",
            "comment": None,
            "dossiers": ["HS-1"],
            "at": "2026-11-23T08:00:00+07:00",
        }
    ]
    assert manager.get("/api/ratings?from=2026-11-24&to=2026-11-30").json == []
    assert manager.get("/api/ratings?from=2026-13-01&to=2026-11-30").json["error"] == "bad_request"
    assert manager.get("/api/ratings?from=2026-11-30&to=2026-11-01").json["error"] == "bad_request"


def test_a_clerks_figures_for_today(sio, app, client, auth, clock):
    t = tablet(sio, app, 1)
    for score, minutes in ((3, 4), (1, 6)):
        issue(client, "A")
        auth.open(1, "canbo1")
        ticket = client.post("/api/counters/1/call-next").json["ticket"]
        client.post(f"/api/tickets/{ticket['id']}/start")
        clock.advance(minutes * 60)
        client.post(f"/api/tickets/{ticket['id']}/finish")
        [question] = requested(t)
        rate(t, counter=1, token=question["token"], score=score)
    assert _view(app, client)["stats"] == {
        "served": 2,
        "avg_service_s": 300,
        "rated": 2,
        "satisfied": 1,
        "satisfaction_rate": 0.5,
    }


def _view(app, client):
    hub = app.extensions["xephang"]
    c = hub.socketio.test_client(app, namespace="/counter", flask_test_client=client)
    [snap] = [e["args"][0] for e in c.get_received("/counter") if e["name"] == "counter_snapshot"]
    return snap["view"]


def test_the_clerks_view_lists_waiting_parked_and_no_shows(client, auth, clock):
    issue(client, "A")
    clock.advance(60)
    client.post("/api/tickets", json={"service": "T", "priority": "nguoi_cao_tuoi"})
    clock.advance(60)
    issue(client, "B")  # not served at counter 1
    issue(client, "A")
    auth.open(1, "canbo1")
    client.post("/api/counters/1/call", json={"number": "A002"})
    client.post("/api/tickets/4/no-show")
    client.post("/api/counters/1/call", json={"number": "A001"})
    client.post("/api/tickets/1/start")
    client.post("/api/tickets/1/park")
    view = _view(client.application, client)
    assert [t["number"] for t in view["waiting"]] == ["T001"]
    assert view["waiting"][0]["priority"] == "nguoi_cao_tuoi"
    assert [t["number"] for t in view["parked"]] == ["A001"]
    assert [t["number"] for t in view["no_show"]] == ["A002"]
    assert view["counter"]["number"] == 1 and view["counter"]["ticket"] is None
    assert view["me"] == {"id": 2, "username": "canbo1", "name": "Cán bộ quầy 1", "role": "clerk"}
