"""What every screen reads on each redraw costs as much in the afternoon as in the morning: a provincial day ends
ten thousand tickets, and neither the hall's snapshot (every screen's (re)connect, the dashboard) nor a clerk's
workstation view (after each press, and once a second while the hall calls) may read them all again."""

import dataclasses
import json
import random

import pytest

from server import payloads
from server.services import print_jobs
from server.store import repo

CODES = list("ABCDEFGHKT")


def _steps(db, read) -> int:
    """SQLite's virtual machine steps while `read()` runs: the rows and index entries its statements go through."""
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    db.conn.set_progress_handler(count, 1)
    try:
        read()
    finally:
        db.conn.set_progress_handler(None, 1)
    return steps[0]


class Day:
    """Today's tickets written straight into the database: waiting ones, and ended ones at counters 1–6 (every
    seventh a no-show, of every field in turn); counter 1 serves the ten fields."""

    def __init__(self, db, env):
        self.db, self.env, self.seq, self.day, self.at = db, env, 0, env.today(), env.clock() - 6 * 3600
        db.execute("UPDATE counters SET services = ? WHERE number = 1", ['["' + '","'.join(CODES) + '"]'])

    def add(self, status: str, n: int, failed_print_every: int = 0) -> None:
        """`n` more tickets; with `failed_print_every`, one in that many printed with a failure, never reprinted."""
        rows, jobs = [], []
        for _ in range(n):
            self.seq += 1
            code, seq, at = CODES[self.seq % 10], self.seq // 10 + 1, self.at + self.seq
            ended = status != "waiting"
            final = "no_show" if ended and self.seq % 7 == 0 else status
            rows.append(
                (self.seq, code, f"{code}{seq:03d}", seq, self.day, final, f"token{self.seq}", at, at)
                + ((at + 60, at + 60, at + 70, at + 300, 1 + self.seq % 6) if ended else (None,) * 5)
            )
            if failed_print_every and self.seq % failed_print_every == 0:
                jobs.append((self.seq, "failed", "paper_out", at, at))
        self.db.conn.executemany(
            "INSERT INTO tickets (id, service, number, seq, day, status, token, issued_at, queued_at, called_at,"
            " last_called_at, started_at, ended_at, counter) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
        self.db.conn.executemany(
            "INSERT INTO print_jobs (ticket_id, status, error, created_at, not_before) VALUES (?,?,?,?,?)", jobs
        )
        self.db.conn.commit()


def test_the_halls_snapshot_and_a_workstations_view_read_as_much_with_4000_tickets_ended_today_as_with_1000(
    auth, db, hub
):
    auth.open(1, "canbo1")
    clerk = repo.user_row(db, username="canbo1")["id"]
    day = Day(db, hub.env)
    day.add("waiting", 1000)
    day.add("done", 1000, failed_print_every=50)

    def both() -> dict[str, int]:
        return {
            "snapshot": _steps(db, lambda: payloads.snapshot(db, hub.env)),
            "view": _steps(db, lambda: payloads.counter_view(db, hub.env, clerk, wire=True)),
        }

    morning = both()
    day.add("done", 3000)
    afternoon = both()
    view = payloads.counter_view(db, hub.env, clerk)
    assert (view["waiting_total"], view["no_show_total"], len(view["unprinted"])) == (1000, 5000 // 7 - 1000 // 7, 20)
    assert [t["number"] for t in view["finished"]][:2] == [
        "C500",
        "G499",
    ]  # counter 1's last: 4992, 4986 (4998 no-show)
    assert {what: afternoon[what] / morning[what] < 1.1 for what in morning} == {"snapshot": True, "view": True}, (
        morning,
        afternoon,
    )


def test_a_workstations_own_lines_read_as_much_with_4000_waiting_as_with_1000(auth, db, hub):
    """The parts every workstation shares (the hall's counters and the fields' figures) are made once per change for
    them all; what one clerk's view reads besides is its own lines' first fifty. Their total waiting is the fields'
    figures summed: counted again for each set of fields, it read every waiting ticket of them once more."""
    auth.open(1, "canbo1")
    clerk = repo.user_row(db, username="canbo1")["id"]
    day = Day(db, hub.env)
    kept: dict = {}

    def own_lines() -> int:
        kept.clear()
        payloads.counter_view(db, hub.env, clerk, lambda key, build: kept.setdefault(key, build()), wire=True)
        hall = {key: value for key, value in kept.items() if not isinstance(key, tuple)}  # made for all, not its lines

        def shared(key, build):
            return hall[key] if key in hall else build()

        return _steps(db, lambda: payloads.counter_view(db, hub.env, clerk, shared, wire=True))

    day.add("waiting", 1000)
    morning = own_lines()
    day.add("waiting", 3000)
    later = own_lines()
    view = payloads.counter_view(db, hub.env, clerk)
    assert (view["waiting_total"], len(view["waiting"])) == (4000, payloads.LISTED)
    assert later / morning < 1.1, (morning, later)


def test_a_views_waiting_total_is_read_with_its_rows_when_a_ticket_is_issued_in_between(auth, client, db, hub):
    """The hall's parts are read first, the view's own lines after: a ticket committed in between (threading mode, a
    second process, a commit finishing in a thread) was in the rows but not in the total, and that pair was kept for
    every workstation until the next change."""
    auth.open(1, "canbo1")
    clerk = repo.user_row(db, username="canbo1")["id"]
    for _ in range(2):
        assert client.post("/api/tickets", json={"service": "A"}).status_code == 201

    def issue_before_the_lines(key, build):
        if isinstance(key, tuple) and key[0] == "waiting":
            assert client.post("/api/tickets", json={"service": "A"}).status_code == 201
        return hub.shared(key, build)

    first = payloads.counter_view(db, hub.env, clerk, issue_before_the_lines, wire=True)
    again = payloads.counter_view(db, hub.env, clerk, hub.shared, wire=True)  # nothing committed since: kept
    assert [(v["waiting_total"], len(json.loads(v["waiting"].text))) for v in (first, again)] == [(3, 3), (3, 3)]


@pytest.mark.parametrize("kept", [False, True], ids=["alone", "shared"])
def test_a_counter_serving_a_field_the_hall_does_not_list_still_counts_its_waiting(auth, client, db, hub, kept):
    auth.open(1, "canbo1")
    clerk = repo.user_row(db, username="canbo1")["id"]
    for code in ("A", "T", "T"):
        assert client.post("/api/tickets", json={"service": code}).status_code == 201
    db.execute("""UPDATE counters SET services = '["A", "T", "ZZ"]' WHERE number = 1""")  # ZZ: no such field
    shared = {"shared": hub.shared} if kept else {}
    assert payloads.counter_view(db, hub.env, clerk, **shared)["waiting_total"] == 3


def _mixed_day(db, day: str) -> None:
    """Six hundred tickets of four fields in every state, a tenth of them priority, their times on a five-second
    grid (many tie: the order's later keys decide), at counters 1–3; and yesterday's, which no list shows."""
    draw = random.Random(15)
    rows = []
    for i in range(1, 601):
        code = "ABCD"[draw.randrange(4)]
        status = draw.choice(["waiting", "waiting", "no_show", "done", "transferred", "called"])
        code, status = ("A", "no_show") if i == 599 else (code, status)
        queued = 1_800_000_000 + 5 * draw.randrange(40)
        ended = queued + 5 * draw.randrange(20) if status in ("no_show", "done", "transferred") else None
        ended = None if i == 599 else ended  # a no-show without its end time (written by another program)
        rows.append(
            (
                i,
                code,
                f"{code}{i:03d}",
                i,
                day if i % 7 else "2026-11-22",
                status,
                f"t{i}",
                draw.random() < 0.1,
                queued + 5 * draw.randrange(3),
                queued,
                ended,
                1 + i % 3,
            )
        )
    db.conn.executemany(
        "INSERT INTO tickets (id, service, number, seq, day, status, token, priority, issued_at, queued_at, ended_at,"
        " counter) VALUES (?,?,?,?,?,?,?,CASE WHEN ? THEN 'nguoi_cao_tuoi' END,?,?,?,?)",
        rows,
    )
    db.conn.commit()


@pytest.mark.parametrize("arms_at_once", [repo.ARMS_AT_ONCE, 2])
def test_the_lists_merged_line_by_line_are_the_lists_the_whole_day_sorted_gives(db, hub, monkeypatch, arms_at_once):
    """With two lines a statement, every list's lines are merged in turns (as for a counter with hundreds of
    fields), then sorted here."""
    monkeypatch.setattr(repo, "ARMS_AT_ONCE", arms_at_once)
    day = hub.env.today()
    _mixed_day(db, day)
    fields = ["A", "C", "D"]

    def whole(where: str, order: str, limit: int) -> list[int]:
        return [
            r[0]
            for r in db.execute(
                f"SELECT id FROM tickets WHERE day = ? AND {where} ORDER BY {order} LIMIT ?", [day, limit]
            )
        ]

    in_fields = "service IN ('A', 'C', 'D')"
    for limit in (5, 50):
        assert [r["id"] for r in repo.first_waiting(db, day, fields, limit, strict=False)] == whole(
            f"status = 'waiting' AND {in_fields}", "queued_at, issued_at, id", limit
        )
        assert [r["id"] for r in repo.first_waiting(db, day, fields, limit, strict=True)] == whole(
            f"status = 'waiting' AND {in_fields}", "priority IS NULL, queued_at, issued_at, id", limit
        )
        assert [r["id"] for r in repo.latest_no_shows(db, day, fields, limit)] == whole(
            f"status = 'no_show' AND {in_fields}", "ended_at DESC, id DESC", limit
        )
    assert [t.id for t in repo.finished_at(db, day, 2, 10)] == whole(
        "counter = 2 AND status IN ('done', 'transferred')", "ended_at DESC, id DESC", 10
    )
    assert len(repo.first_waiting(db, day, fields, 50, strict=False)) == 50  # long enough to cut
    assert repo.first_waiting(db, day, [], 50, strict=True) == repo.latest_no_shows(db, day, [], 50) == []


def test_the_unprinted_are_todays_tickets_whose_last_print_failed(db, hub):
    day, at = hub.env.today(), hub.env.clock()
    tickets = [  # id, number, day
        (1, "A001", "2026-11-22"),  # yesterday's, its print failed: not today's to reprint
        (2, "A001", day),  # failed
        (3, "A002", day),  # failed, then printed
        (4, "A003", day),  # failed twice: listed once, with its last error
        (5, "A004", day),  # printed
    ]
    db.conn.executemany(
        "INSERT INTO tickets (id, service, number, seq, day, status, token, issued_at, queued_at)"
        " VALUES (?, 'A', ?, ?, ?, 'waiting', ?, ?, ?)",
        [(i, number, i, d, f"t{i}", at, at) for i, number, d in tickets],
    )
    db.conn.executemany(
        "INSERT INTO print_jobs (ticket_id, kiosk, status, error, created_at, not_before) VALUES (?,?,?,?,?,?)",
        [
            (1, "main", "failed", "paper_out", at, at),
            (2, "main", "failed", "paper_out", at, at),
            (3, "main", "failed", "paper_out", at, at),
            (3, "main", "printed", None, at, at),
            (4, "main", "failed", "paper_out", at, at),
            (4, "sanh-2", "failed", "offline", at, at),
            (5, "main", "printed", None, at, at),
        ],
    )
    db.conn.commit()
    assert [dict(r) for r in print_jobs.unprinted(db, hub.env)] == [
        {"id": 2, "number": "A001", "service": "A", "kiosk": "main", "error": "paper_out", "status": "failed"},
        {"id": 4, "number": "A003", "service": "A", "kiosk": "sanh-2", "error": "offline", "status": "failed"},
    ]


def test_each_fields_figures_are_its_stats_every_one_a_plain_value(client, db, hub):
    """Sent as they are copied (no deep copy): a field added to ServiceStats that holds a list or a dataclass
    would be shared between payloads, and fails here."""
    from server.services.queue import queue_stats

    client.post("/api/tickets", json={"service": "A"})
    figures = payloads.service_stats(db, hub.env)
    assert figures == [dataclasses.asdict(s) for s in queue_stats(db, hub.env)]
    assert {type(v).__name__ for f in figures for v in f.values()} <= {"str", "int", "bool", "NoneType"}
    assert [(f["code"], f["waiting"], f["issued_today"]) for f in figures][:2] == [("A", 1, 1), ("B", 0, 0)]
