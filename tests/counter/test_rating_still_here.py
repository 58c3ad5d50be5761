"""Issue 14: a rating is never refused while the citizen is still touching or typing on the tablet."""

import pytest
from playwright.sync_api import expect

from server.services.ratings import ANSWER_LIMIT_S, STILL_HERE_GRACE_S
from tests.counter.test_ratings import rate, requested, serve_one, tablet
from tests.helpers import sql


def still_here(c, token):
    return c.emit("still_here", {"token": token}, namespace="/rating", callback=True)


def test_each_touch_restarts_the_questions_time_on_the_server(hub, app, client, auth, clock):
    t = tablet(hub.socketio, app, 1)
    serve_one(client, auth)
    [question] = requested(t)
    assert question["expires_at"] == clock.now + 30
    for _ in range(4):  # two minutes of reading reasons and typing, a touch every 25 s
        clock.advance(25)
        reply = still_here(t, question["token"])
        assert reply == {"ok": True, "expires_at": clock.now + 30 + STILL_HERE_GRACE_S, "now": clock.now}
    clock.advance(35)  # the last touch was 35 s ago: within the tablet's 30 s and the server's grace
    assert rate(t, counter=1, token=question["token"], score=1, reasons=["time"], comment="Chờ lâu quá")["ok"]


def test_touches_keep_a_question_open_at_most_the_answer_limit(hub, app, client, auth, clock):
    t = tablet(hub.socketio, app, 1)
    serve_one(client, auth)
    [question] = requested(t)
    asked = clock.now
    while clock.now - asked < ANSWER_LIMIT_S - 60:
        clock.advance(20)
        assert still_here(t, question["token"])["ok"]
    clock.advance(30)
    assert still_here(t, question["token"])["expires_at"] == asked + ANSWER_LIMIT_S
    clock.advance(asked + ANSWER_LIMIT_S - clock.now)
    assert rate(t, counter=1, token=question["token"], score=3)["error"] == "rating_expired"


def test_a_question_queued_behind_moves_back_with_the_one_being_answered(hub, app, client, auth, clock):
    t = tablet(hub.socketio, app, 1)
    serve_one(client, auth)
    serve_one(client, auth)
    first, second = requested(t)
    assert second["expires_at"] == first["expires_at"] + 30
    clock.advance(20)
    extended = still_here(t, first["token"])["expires_at"]
    moved = extended - first["expires_at"]
    assert sql_expiry(hub, second["token"]) == second["expires_at"] + moved


def test_another_counters_tablet_cannot_keep_a_question_open(hub, app, client, auth):
    mine, other = tablet(hub.socketio, app, 1), tablet(hub.socketio, app, 2)
    serve_one(client, auth)
    [question] = requested(mine)
    assert still_here(other, question["token"])["error"] == "rating_refused"


def sql_expiry(hub, token):
    db = hub.connect()
    try:
        return db.execute("SELECT expires_at FROM rating_requests WHERE token = ?", [token]).fetchone()[0]
    finally:
        db.close()


def asking_tablet(tablet_page, server):
    """Counter 1's tablet asking about the ticket canbo1 has just finished there; the tablet's own time is the
    test's to move (the server's runs for real)."""
    import requests

    clerk = server.login("canbo1")
    tablet_page.clock.install()
    tablet_page.goto(f"{server.url}/counter/1/rating")
    expect(tablet_page.locator("#counter")).to_have_text("Quầy số 1")
    clerk.post(server.url + "/api/counters/1/open")
    requests.post(server.url + "/api/tickets", json={"service": "A"}, timeout=5)
    ticket = clerk.post(server.url + "/api/counters/1/call-next").json()["ticket"]
    for action in ("start", "finish"):
        clerk.post(f"{server.url}/api/tickets/{ticket['id']}/{action}")
    expect(tablet_page.locator("#ask")).to_be_visible()
    return tablet_page


@pytest.mark.browser
@pytest.mark.live
def test_the_tablets_countdown_restarts_on_every_touch_and_keystroke(make_page, live):
    server = live()
    tablet_page = asking_tablet(make_page(800, 1280), server)
    tablet_page.clock.run_for(4000)
    tablet_page.tap('[data-score="1"]')  # "Không hài lòng"
    expect(tablet_page.locator("#why")).to_be_visible()
    tablet_page.clock.run_for(25_000)  # reading the reasons
    tablet_page.tap('[data-reason="time"]')
    tablet_page.clock.run_for(25_000)
    tablet_page.click("#comment")
    for word in ("Chờ ", "lâu ", "quá"):
        tablet_page.keyboard.type(word)
        tablet_page.clock.run_for(20_000)  # slow typing: 20 s between words, 60 s in all
    expect(tablet_page.locator("#left-why")).to_have_text("Còn 10 giây")
    tablet_page.tap("#send")
    expect(tablet_page.locator("#thanks")).to_be_visible()
    assert sql(server, "SELECT score, reasons, comment FROM ratings") == [(1, '["time"]', "Chờ lâu quá")]


@pytest.mark.browser
@pytest.mark.live
def test_a_dissatisfied_face_left_on_the_reasons_screen_counts_when_the_time_runs_out(make_page, live):
    """Reproduced: a citizen tapped "Không hài lòng", the optional reasons came up, and they walked away; the face was
    thrown away, the question asked again and let expire: no rating, a satisfaction rate higher than the hall's."""
    server = live()
    tablet_page = asking_tablet(make_page(1280, 800), server)
    tablet_page.tap('[data-score="1"]')  # "Không hài lòng"
    tablet_page.tap('[data-reason="time"]')
    tablet_page.clock.run_for(31_000)  # nobody touches the tablet any more

    expect(tablet_page.locator("#thanks")).to_be_visible()
    assert sql(server, "SELECT score, reasons, comment, dossier_code FROM ratings") == [(1, '["time"]', None, None)]
    assert sql(server, "SELECT status FROM rating_requests") == [("rated",)]
