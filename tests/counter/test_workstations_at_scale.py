"""A provincial hall: a hundred workstations hear every call. Each is sent the first tickets of its lines with
how many there are, the parts every workstation shows alike are read once while nothing commits, and one
transaction is one notice."""

import json
import re
import sqlite3
import threading
import time

from server import payloads
from server.payloads import LISTED
from tests.helpers import connect, events, issue


def _view(hub, app, client):
    c = connect(hub.socketio, app, "/counter", client=client)
    [snap] = [e["args"][0] for e in c.get_received("/counter") if e["name"] == "counter_snapshot"]
    return c, snap


def test_the_workstation_lists_the_first_tickets_of_a_long_line_and_says_how_many_wait(hub, app, client, auth, clock):
    app.extensions["xephang_issue_limit"].limit = 1000  # one kiosk issues the whole line in a moment
    for _ in range(LISTED + 12):
        issue(client, "A")
        clock.advance(3)
    auth.open(1, "canbo1")
    for _ in range(3):  # three no-shows: a short line is listed whole
        ticket = client.post("/api/counters/1/call-next").json["ticket"]
        client.post(f"/api/tickets/{ticket['id']}/no-show")
        clock.advance(1)
    _, snap = _view(hub, app, client)
    view = snap["view"]
    assert list(snap) == ["view"]  # the page draws from the view alone
    assert (len(view["waiting"]), view["waiting_total"]) == (LISTED, LISTED + 9)
    assert [t["number"] for t in view["waiting"]] == [f"A{n:03d}" for n in range(4, 4 + LISTED)]  # call order
    assert view["waiting"][0] == {
        "id": 4,
        "number": "A004",
        "service": "A",
        "status": "waiting",
        "priority": None,
        "issued_at": view["waiting"][0]["issued_at"],
        "waited_s": 3 * (LISTED + 12) + 3 - 3 * 3,
    }
    assert ([t["number"] for t in view["no_show"]], view["no_show_total"]) == (["A003", "A002", "A001"], 3)
    assert view["now"] == "2026-11-23T08:03:09+07:00"  # the server's clock: the page times waits by it


def test_what_every_workstation_shows_alike_is_read_once_until_something_commits(hub, db, clock):
    builds = []

    def build():
        builds.append(1)
        return {"n": len(builds)}

    first = hub.shared("part", build)
    assert hub.shared("part", build) is first  # nothing committed, same second: the same value
    other = sqlite3.connect(hub.db_path)  # another process's connection commits a write
    with other:
        other.execute("UPDATE counters SET name = name || ' (mới)' WHERE number = 1")
    other.close()
    assert hub.shared("part", build) == {"n": 2}
    clock.advance(1)  # the waits it shows have grown by a second
    assert hub.shared("part", build) == {"n": 3}
    assert hub.shared("part", build) == {"n": 3}


def test_workstations_asking_at_the_same_moment_from_many_threads_wait_for_one_read_of_what_they_share(hub, db):
    builds = []

    def build():
        builds.append(threading.get_ident())
        time.sleep(0.2)  # a read long enough that every asker arrives while it runs
        return {"n": len(builds)}

    start = threading.Barrier(20)
    got = []

    def ask():
        start.wait()
        got.append(hub.shared("part", build))

    threads = [threading.Thread(target=ask) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (len(builds), got) == (1, [{"n": 1}] * 20)


def test_a_workstation_sees_a_call_at_another_counter_in_its_next_view(hub, app, client, auth, make_client):
    issue(client, "A")
    issue(client, "A")
    auth.open(1, "canbo1")
    workstation, before = _view(hub, app, client)
    assert before["view"]["waiting_total"] == 2
    other = make_client()
    other.post("/api/login", json={"username": "canbo2", "password": "demo"})
    assert other.post("/api/counters/2/open").status_code == 200
    other.post("/api/counters/2/call-next")
    view = workstation.emit("snapshot", {}, namespace="/counter", callback=True)["view"]
    assert (view["waiting_total"], [t["number"] for t in view["waiting"]]) == (1, ["A002"])
    assert [c["taken"] for c in view["counters"] if c["number"] == 2] == [True]


def test_one_transaction_that_touches_two_counters_is_one_notice_naming_both(hub, app, client, auth, db, clock):
    from server.dispatch import dispatch
    from server.services.base import Event
    from server.store import repo

    ticket = issue(client, "A")
    auth.open(1, "canbo1")
    workstation, _ = _view(hub, app, client)
    t = repo.get_ticket(db, ticket["id"])
    dispatch(
        hub,
        db,
        [
            Event("ticket_changed", {"ticket": t, "action": "expire"}),
            Event("counter_changed", {"counter": 1}),
            Event("counter_changed", {"counter": 2}),
            Event("queue_changed", {"services": ["A"]}),
        ],
    )
    assert events(workstation, "/counter") == [
        (
            "ticket_changed",
            {
                "changed": "ticket_changed",
                "counter": None,
                "counters": [1, 2],
                "ticket": {"id": t.id, "number": "A001", "status": "waiting"},
            },
        )
    ]


def test_the_counters_of_a_snapshot_are_read_in_a_few_queries_whatever_their_number_their_rows_once_a_change(
    hub, db, clock
):
    from server.store import repo

    for number in range(7, 101):
        db.execute("INSERT INTO counters (number, name, services) VALUES (?, ?, '[\"A\"]')", [number, f"Quầy {number}"])
    db.execute("UPDATE counters SET clerk_id = (SELECT id FROM users WHERE username = 'canbo1') WHERE number = 7")

    def read() -> tuple[list, list[str]]:
        statements: list[str] = []
        db.conn.set_trace_callback(statements.append)
        try:
            return payloads.counters(db, hub.env), statements
        finally:
            db.conn.set_trace_callback(None)

    stamp = "SELECT stamp FROM versions WHERE name = 'counters'"
    got, first = read()
    assert len(got) == 100 and first[:3] == [stamp, "SELECT * FROM counters ORDER BY number", stamp]
    assert len(first) == 5  # and today's live tickets, their clerks
    again, then = read()
    assert again == got == [payloads.counter(db, hub.env, row) for row in repo.counter_rows(db)]
    assert then == [stamp, *first[3:]]
    db.execute("UPDATE counters SET name = 'Quầy hộ tịch' WHERE number = 7")
    renamed, after = read()
    assert after == first and [c["name"] for c in renamed][6] == "Quầy hộ tịch"


def test_workstations_asking_in_the_same_second_get_their_own_views_and_the_halls_counters_are_made_json_once(
    hub, app, client, make_client, db, monkeypatch
):
    """Each workstation's answer is its own view, whole; the hall's counters, fields and lines in it are turned
    into JSON once for all of them — a counter's row twice (taken, free) when it has changed, not at all when it
    has not — never once per socket."""
    monkeypatch.setattr(payloads, "_LISTED_ROWS", {})  # rows other tests listed are not reused here
    issue(client, "A")
    issue(client, "B")
    browsers, stations = [], []
    for n in range(1, 7):
        browser = make_client()
        assert browser.post("/api/login", json={"username": f"canbo{n}", "password": "demo"}).status_code == 200
        assert browser.post(f"/api/counters/{n}/open").status_code == 200
        browsers.append(browser)
        stations.append(_view(hub, app, browser)[0])
    issue(client, "A")  # changes: the parts all of them show are made again, once
    assert browsers[2].post("/api/counters/3/pause").status_code == 200
    made: list[str] = []
    encode = json.JSONEncoder.encode

    def encode_and_keep(self, o):
        text = encode(self, o)
        made.append(text)
        return text

    with monkeypatch.context() as spying:
        spying.setattr(json.JSONEncoder, "encode", encode_and_keep)
        views = [ws.emit("snapshot", {}, namespace="/counter", callback=True)["view"] for ws in stations]
    clerks = [db.execute("SELECT id FROM users WHERE username = ?", [f"canbo{n}"]).fetchone()[0] for n in range(1, 7)]
    assert views == [payloads.counter_view(db, hub.env, user_id) for user_id in clerks]

    def rows_of(number: int) -> int:
        row = re.compile(rf'\{{"number":{number},"name":"[^"]*","state":"[^"]*","services":\[[^\]]*\],"taken":')
        return sum(len(row.findall(text)) for text in made)

    fields = re.compile(r'\[\{"code":"A","name":"[^"]*","name_en":"[^"]*","waiting":2,')
    assert (rows_of(3), rows_of(5), sum(bool(fields.search(text)) for text in made)) == (2, 0, 1)


def test_a_press_tells_its_own_counters_workstation_at_once_and_the_others_once_a_pace(
    hub, app, client, auth, make_client
):
    """A hundred workstations told of every press cost the server a hundred websocket frames a press: the others
    hear of a burst elsewhere once a pace (they redraw a change elsewhere at most once a second anyway)."""
    hub.pacer.every_s = 60  # what waits goes out when the test says (flush)
    app.extensions["xephang_issue_limit"].limit = 1000
    for _ in range(3):
        issue(client, "A")
    auth.open(1, "canbo1")
    mine, _ = _view(hub, app, client)
    other = make_client()
    other.post("/api/login", json={"username": "canbo2", "password": "demo"})
    assert other.post("/api/counters/2/open").status_code == 200
    elsewhere, _ = _view(hub, app, other)
    hub.pacer.flush()
    for ws in (mine, elsewhere):
        ws.get_received("/counter")
    called = client.post("/api/counters/1/call-next").json["ticket"]
    client.post(f"/api/tickets/{called['id']}/no-show")
    client.post("/api/counters/1/call-next")
    assert [(n, b["counters"]) for n, b in events(mine, "/counter")] == [
        ("ticket_called", [1]),
        ("ticket_changed", [1]),
        ("ticket_called", [1]),
    ]
    assert events(elsewhere, "/counter") == []  # the pace began before the first press: all three wait
    hub.pacer.flush()
    assert events(elsewhere, "/counter") == [
        ("ticket_called", {"changed": "ticket_called", "counter": None, "counters": []})
    ]
    assert events(mine, "/counter") == []  # told of all three at once: not told again
    hub.pacer.flush()
    assert (events(mine, "/counter"), events(elsewhere, "/counter")) == ([], [])


def test_a_press_after_a_quiet_pace_reaches_every_workstation_at_once_with_the_same_notice(
    hub, app, client, auth, make_client
):
    hub.pacer.every_s = 60
    issue(client, "A")
    auth.open(1, "canbo1")
    mine, _ = _view(hub, app, client)
    other = make_client()
    other.post("/api/login", json={"username": "canbo2", "password": "demo"})
    elsewhere, _ = _view(hub, app, other)  # logged in, no counter open yet
    hub.pacer.flush()
    hub.pacer.last = float("-inf")  # a quiet pace: the next notice goes at once
    for ws in (mine, elsewhere):
        ws.get_received("/counter")
    client.post("/api/counters/1/call-next")
    notice = {
        "changed": "ticket_called",
        "counter": 1,
        "counters": [1],
        "ticket": {"id": 1, "number": "A001", "status": "called"},
    }
    assert events(mine, "/counter") == [("ticket_called", notice)]  # once: its room's, not the pacer's as well
    assert events(elsewhere, "/counter") == [("ticket_called", notice)]


def test_a_workstation_told_of_its_own_change_still_hears_of_a_change_elsewhere_in_the_same_pace(
    hub, app, client, auth, make_client
):
    hub.pacer.every_s = 60
    app.extensions["xephang_issue_limit"].limit = 1000
    issue(client, "A")
    auth.open(1, "canbo1")
    mine, _ = _view(hub, app, client)
    hub.pacer.flush()
    for _ in range(2):  # the pace is under way: what follows waits for its turn
        mine.get_received("/counter")
    client.post("/api/counters/1/call-next")  # touches counter 1: told at once
    issue(make_client(), "A")  # touches no counter: counter 1's workstation must still hear of it
    assert [n for n, _ in events(mine, "/counter")] == ["ticket_called"]
    hub.pacer.flush()
    assert events(mine, "/counter") == [
        ("ticket_called", {"changed": "ticket_called", "counter": None, "counters": []})
    ]
