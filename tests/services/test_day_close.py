"""The day close across midnight with the test clock: what was open ends as expired, counters are freed, once."""

import json
import threading

import pytest

from server import payloads
from server.core.tickets import Action
from server.services import queue
from server.services.base import Actor, ServiceError
from server.services.day_close import DayClose, close_days
from tests.helpers import at, evening_at_the_centre

CANBO1 = Actor(2, "clerk")
MIDNIGHT = at(2026, 11, 24, 0, 0)


@pytest.fixture
def evening(hub, db, clock):
    return evening_at_the_centre(db, hub.env, clock)


def statuses(db):
    return [
        (r["service"], r["number"], r["status"], r["counter"], r["ended_at"])
        for r in db.query("SELECT * FROM tickets ORDER BY id")
    ]


def test_at_midnight_every_open_ticket_expires_at_its_days_end_and_counters_are_closed(hub, db, clock, evening):
    clock.now = MIDNIGHT + 1
    closed, events = close_days(db, hub.env)
    assert [(t.service, t.number, t.status.value, t.counter) for t in closed.expired] == [
        ("A", "A002", "expired", 1),
        ("A", "A003", "expired", 2),
        ("A", "A004", "expired", None),
        ("K", "K001", "expired", 3),
        ("C", "B001", "expired", None),
    ]
    assert closed.counters == (1, 2, 3, 4)
    done = at(2026, 11, 23, 15, 20)
    assert statuses(db) == [
        ("A", "A001", "done", 1, done),
        ("A", "A002", "expired", 1, MIDNIGHT),
        ("A", "A003", "expired", 2, MIDNIGHT),
        ("A", "A004", "expired", None, MIDNIGHT),
        ("B", "B001", "transferred", 3, done),
        ("B", "B002", "cancelled", None, done),
        ("C", "C001", "no_show", 4, done),
        ("K", "K001", "expired", 3, MIDNIGHT),
        ("C", "B001", "expired", None, MIDNIGHT),
    ]
    moved = db.execute("SELECT id FROM tickets WHERE transferred_from = ?", [evening["B001"]]).fetchone()[0]
    expire_rows = [
        (
            r["ticket_id"],
            r["from_status"],
            r["to_status"],
            r["at"],
            r["day"],
            r["counter"],
            r["clerk_id"],
            json.loads(r["data"]),
        )
        for r in db.query("SELECT * FROM events WHERE action = 'expire' ORDER BY id")
    ]
    closed_at = {"closed_at": MIDNIGHT + 1}
    assert expire_rows == [
        (evening["A002"], "serving", "expired", MIDNIGHT, "2026-11-23", 1, 2, closed_at),
        (evening["A003"], "called", "expired", MIDNIGHT, "2026-11-23", 2, 3, closed_at),
        (evening["A004"], "waiting", "expired", MIDNIGHT, "2026-11-23", None, None, closed_at),
        (evening["K001"], "parked", "expired", MIDNIGHT, "2026-11-23", 3, 4, closed_at),
        (moved, "waiting", "expired", MIDNIGHT, "2026-11-23", None, None, closed_at),
    ]
    assert [(r["number"], r["state"], r["clerk_id"]) for r in db.query("SELECT * FROM counters ORDER BY number")] == [
        (1, "closed", None),
        (2, "closed", None),
        (3, "closed", None),
        (4, "closed", None),
        (5, "closed", None),
        (6, "closed", None),
    ]
    assert [
        (r["counter"], r["clerk_id"], r["day"], json.loads(r["data"]))
        for r in db.query("SELECT * FROM events WHERE action = 'counter_close' ORDER BY id")
    ] == [
        (1, 2, "2026-11-24", {"reason": "day_close"}),
        (2, 3, "2026-11-24", {"reason": "day_close"}),
        (3, 4, "2026-11-24", {"reason": "day_close"}),
        (4, 5, "2026-11-24", {"reason": "day_close"}),
    ]
    assert [
        (
            e.type,
            e.data.get("ticket").number if "ticket" in e.data else None,
            {k: v for k, v in e.data.items() if k != "ticket"},
        )
        for e in events
    ] == [
        ("ticket_changed", "A002", {"action": "expire"}),
        ("ticket_changed", "A003", {"action": "expire"}),
        ("ticket_changed", "K001", {"action": "expire"}),
        ("queue_changed", None, {"services": ["A", "C", "K"], "waiting": True}),
        ("counter_changed", None, {"counter": 1}),
        ("counter_changed", None, {"counter": 2}),
        ("counter_changed", None, {"counter": 3}),
        ("counter_changed", None, {"counter": 4}),
    ]


def test_the_close_runs_once_however_often_it_is_asked(hub, db, clock, evening):
    clock.now = MIDNIGHT + 1
    close_days(db, hub.env)
    before = db.execute("SELECT count(*) FROM events").fetchone()[0]
    clock.advance(8 * 3600)  # the start-up catch-up of a server restarted in the morning
    assert close_days(db, hub.env) == (DayClose(), [])
    assert db.execute("SELECT count(*) FROM events").fetchone()[0] == before


def test_two_processes_closing_together_end_each_ticket_once(hub, db, clock, evening):
    clock.now = MIDNIGHT + 1
    barrier = threading.Barrier(2)
    results = []

    def run():
        conn = hub.connect()
        try:
            barrier.wait()
            results.append(close_days(conn, hub.env)[0])
        finally:
            conn.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(len(r.expired) for r in results) == [0, 5]
    assert sorted(r.counters for r in results) == [(), (1, 2, 3, 4)]
    assert db.execute("SELECT count(*) FROM events WHERE action = 'expire'").fetchone()[0] == 5


def test_after_the_close_yesterdays_ticket_is_refused_and_the_counter_calls_todays_first(hub, db, clock, evening):
    env = hub.env
    clock.now = MIDNIGHT + 1
    close_days(db, env)
    clock.now = at(2026, 11, 24, 7, 30)
    with pytest.raises(ServiceError) as refused:
        queue.act(db, env, CANBO1, evening["A002"], Action.FINISH)
    assert (refused.value.code, refused.value.http_status) == ("ticket_expired", 409)
    assert payloads.counter_view(db, env, CANBO1.user_id)["counter"] is None  # nothing held overnight
    today = queue.issue_ticket(db, env, "A")[0]
    queue.open_counter(db, env, CANBO1, 1)
    assert payloads.counter_view(db, env, CANBO1.user_id)["counter"]["ticket"] is None
    called, _ = queue.call_next(db, env, CANBO1, 1)
    assert (called.id, called.number, called.day, called.counter) == (today.id, "A001", "2026-11-24", 1)


def test_a_counter_opened_today_is_left_open_by_a_later_catch_up(hub, db, clock, evening):
    env = hub.env
    clock.now = MIDNIGHT + 1
    close_days(db, env)
    clock.now = at(2026, 11, 24, 7, 30)
    queue.open_counter(db, env, CANBO1, 1)
    assert close_days(db, env) == (DayClose(), [])
    assert tuple(db.execute("SELECT state, clerk_id FROM counters WHERE number = 1").fetchone()) == ("open", 2)


def test_a_no_show_stays_a_no_show_and_closed_days_far_back_are_caught_up(hub, db, clock):
    env = hub.env
    clock.now = at(2026, 11, 20, 9, 0)  # a Friday; the server was off from Friday night to Monday
    gone = queue.issue_ticket(db, env, "C")[0]
    queue.issue_ticket(db, env, "C")
    queue.open_counter(db, env, Actor(5, "clerk"), 4)
    queue.call_ticket(db, env, Actor(5, "clerk"), 4, ticket_id=gone.id)
    queue.act(db, env, Actor(5, "clerk"), gone.id, Action.NO_SHOW)
    clock.now = at(2026, 11, 23, 7, 0)
    closed, _ = close_days(db, env)
    assert [(t.number, t.status.value, t.ended_at) for t in closed.expired] == [
        ("C002", "expired", at(2026, 11, 21, 0, 0))
    ]
    assert statuses(db)[0][:3] == ("C", "C001", "no_show")
    assert closed.counters == (4,)
