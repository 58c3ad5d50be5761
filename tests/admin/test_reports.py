"""Reports on a dataset whose every figure was worked out by hand (times set through the clock)."""

import csv
import datetime as dt
import io
import json
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server import reports
from server.core.tickets import Action
from server.services import queue, ratings
from server.services.base import Actor
from tests.helpers import at

ADMIN, CANBO1, CANBO2, CANBO4 = Actor(1, "admin"), Actor(2, "clerk"), Actor(3, "clerk"), Actor(5, "clerk")


@pytest.fixture
def dataset(hub, db, clock):
    env = hub.env

    def when(day, hh, mm):
        clock.now = at(*day, hh, mm)

    def issue(service, priority=None):
        return queue.issue_ticket(db, env, service, priority)[0].id

    def rate(ticket_id, score, reasons=()):
        token, counter = db.execute(
            "SELECT token, counter FROM rating_requests WHERE ticket_id = ?", [ticket_id]
        ).fetchone()
        ratings.submit(db, env, counter, token, score, list(reasons))

    d1, d2, d3 = (2026, 9, 30), (2026, 10, 1), (2026, 10, 15)
    when(d1, 8, 0)
    a1 = issue("A")
    when(d1, 8, 5)
    a2 = issue("A", "nguoi_cao_tuoi")
    when(d1, 8, 6)
    c1 = issue("C")
    queue.open_counter(db, env, CANBO1, 1)
    queue.open_counter(db, env, CANBO4, 4)
    when(d1, 8, 10)
    queue.call_ticket(db, env, CANBO1, 1, ticket_id=a1)
    when(d1, 8, 11)
    queue.act(db, env, CANBO1, a1, Action.START)
    when(d1, 8, 21)
    queue.act(db, env, CANBO1, a1, Action.FINISH)
    rate(a1, 3)
    queue.call_ticket(db, env, CANBO1, 1, ticket_id=a2)
    when(d1, 8, 22)
    queue.act(db, env, CANBO1, a2, Action.START)
    when(d1, 8, 30)
    queue.call_ticket(db, env, CANBO4, 4, ticket_id=c1)
    when(d1, 8, 31)
    queue.act(db, env, CANBO4, c1, Action.NO_SHOW)
    when(d1, 8, 42)
    queue.act(db, env, CANBO1, a2, Action.FINISH)
    rate(a2, 1, ["time", "attitude"])

    when(d2, 9, 0)
    b1 = issue("B")
    when(d2, 9, 2)
    b2 = issue("B")
    queue.open_counter(db, env, CANBO2, 2)
    when(d2, 9, 20)
    queue.call_ticket(db, env, CANBO2, 2, ticket_id=b1)
    when(d2, 9, 21)
    queue.act(db, env, CANBO2, b1, Action.START)
    when(d2, 9, 26)
    queue.act(db, env, CANBO2, b1, Action.FINISH)
    rate(b1, 2)
    queue.call_ticket(db, env, CANBO2, 2, ticket_id=b2)
    when(d2, 9, 27)
    queue.act(db, env, CANBO2, b2, Action.START)
    when(d2, 9, 30)
    queue.act(db, env, CANBO2, b2, Action.TRANSFER, service="C")
    moved = db.execute("SELECT id FROM tickets WHERE transferred_from = ?", [b2]).fetchone()[0]
    queue.open_counter(db, env, CANBO4, 4)
    when(d2, 9, 40)
    queue.call_ticket(db, env, CANBO4, 4, ticket_id=moved)
    when(d2, 9, 41)
    queue.act(db, env, CANBO4, moved, Action.START)
    when(d2, 9, 45)
    a7 = issue("A")
    when(d2, 9, 50)
    queue.act(db, env, ADMIN, a7, Action.CANCEL)
    when(d2, 9, 51)
    queue.act(db, env, CANBO4, moved, Action.FINISH)

    when(d3, 10, 0)
    issue("A")
    return hub


@pytest.fixture
def manager(make_client):
    client = make_client()
    client.post("/api/login", json={"username": "admin", "password": "admin"})
    return client


def test_summary_for_a_custom_range_across_a_month_boundary(dataset, manager):
    got = manager.get("/api/reports/summary?from=2026-09-30&to=2026-10-01")
    assert got.status_code == 200
    assert got.json == [
        {
            "service": "A",
            "issued": 3,
            "served": 2,
            "no_show": 0,
            "avg_wait_s": 780.0,
            "p90_wait_s": 960.0,
            "avg_service_s": 900.0,
            "rated": 2,
            "satisfied": 1,
            "satisfaction_rate": 0.5,
        },
        {
            "service": "B",
            "issued": 2,
            "served": 1,
            "no_show": 0,
            "avg_wait_s": 1320.0,
            "p90_wait_s": 1440.0,
            "avg_service_s": 300.0,
            "rated": 1,
            "satisfied": 1,
            "satisfaction_rate": 1.0,
        },
        {
            "service": "C",
            "issued": 1,
            "served": 1,
            "no_show": 1,
            "avg_wait_s": 1020.0,
            "p90_wait_s": 1440.0,
            "avg_service_s": 600.0,
            "rated": 0,
            "satisfied": 0,
            "satisfaction_rate": None,
        },
    ]


FIELD_A = {
    "service": "A",
    "name": "Chứng thực",
    "name_en": "Certification",
    "issued": 3,
    "transferred_in": 0,
    "called": 2,
    "served": 2,
    "no_show": 0,
    "transferred": 0,
    "cancelled": 1,
    "expired": 0,
    "still_open": 0,
    "waiting_left": 0,
    "avg_wait_s": 780.0,
    "median_wait_s": 780.0,
    "p90_wait_s": 960.0,
    "max_wait_s": 960.0,
    "within_target": 0.5,
    "avg_service_s": 900.0,
    "p90_service_s": 1200.0,
    "priority_share": 0.3333,
    "rated": 2,
    "satisfied": 1,
    "dissatisfied": 1,
    "satisfaction_rate": 0.5,
    "formula": {"basis": "rated", "numerator": 1, "denominator": 2, "dissatisfied": 1},
    "rated_share": 1.0,
    "levels": {"1/3": 1, "3/3": 1},
    "target": 0.9,
    "meets_target": False,
    "reasons": {"attitude": 1, "time": 1},
    "dossiers": 0,
    "dossiers_dissatisfied": 0,
    "dossier_satisfaction_rate": None,
    "served_without_dossier": 2,
}


def test_every_figure_of_the_full_report(dataset, manager):
    report = manager.get("/api/reports?from=2026-09-30&to=2026-10-01").json
    assert report["services"][0] == FIELD_A
    land = report["services"][2]
    assert {
        k: land[k]
        for k in (
            "issued",
            "transferred_in",
            "called",
            "served",
            "no_show",
            "median_wait_s",
            "max_wait_s",
            "within_target",
            "rated",
            "rated_share",
            "target",
            "meets_target",
        )
    } == {
        "issued": 1,
        "transferred_in": 1,
        "called": 2,
        "served": 1,
        "no_show": 1,
        "median_wait_s": 1020.0,
        "max_wait_s": 1440.0,
        "within_target": 0.5,
        "rated": 0,
        "rated_share": 0.0,
        "target": 0.85,
        "meets_target": None,
    }
    assert report["total"] == {
        "issued": 6,
        "transferred_in": 1,
        "called": 6,
        "served": 4,
        "no_show": 1,
        "transferred": 1,
        "cancelled": 1,
        "expired": 0,
        "still_open": 0,
        "waiting_left": 0,
        "avg_wait_s": 1040.0,
        "median_wait_s": 1080.0,
        "p90_wait_s": 1440.0,
        "max_wait_s": 1440.0,
        "within_target": 0.3333,
        "avg_service_s": 675.0,
        "p90_service_s": 1200.0,
        "priority_share": 0.1667,
        "rated": 3,
        "satisfied": 2,
        "dissatisfied": 1,
        "satisfaction_rate": 0.6667,
        "formula": {"basis": "rated", "numerator": 2, "denominator": 3, "dissatisfied": 1},
        "rated_share": 0.75,
        "levels": {"1/3": 1, "2/3": 1, "3/3": 1},
        "target": 0.9,
        "meets_target": False,
        "reasons": {"attitude": 1, "time": 1},
        "dossiers": 0,
        "dossiers_dissatisfied": 0,
        "dossier_satisfaction_rate": None,
        "served_without_dossier": 4,
    }
    assert [
        (c["counter"], c["called"], c["served"], c["avg_wait_s"], c["rated"], c["satisfaction_rate"])
        for c in report["counters"]
    ] == [(1, 2, 2, 780.0, 2, 0.5), (2, 2, 1, 1320.0, 1, 1.0), (4, 2, 1, 1020.0, 0, None)]
    assert [(c["username"], c["served"], c["avg_service_s"], c["satisfaction_rate"]) for c in report["clerks"]] == [
        ("canbo1", 2, 900.0, 0.5),
        ("canbo2", 1, 300.0, 1.0),
        ("canbo4", 1, 600.0, None),
    ]
    assert report["reasons"] == {"attitude": 1, "time": 1}
    assert report["load"] == [{"weekday": 2, "hour": 8, "issued": 3}, {"weekday": 3, "hour": 9, "issued": 3}]


def test_a_single_day(dataset, manager):
    assert manager.get("/api/reports/summary?period=day&date=2026-09-30").json == [
        {
            "service": "A",
            "issued": 2,
            "served": 2,
            "no_show": 0,
            "avg_wait_s": 780.0,
            "p90_wait_s": 960.0,
            "avg_service_s": 900.0,
            "rated": 2,
            "satisfied": 1,
            "satisfaction_rate": 0.5,
        },
        {
            "service": "C",
            "issued": 1,
            "served": 0,
            "no_show": 1,
            "avg_wait_s": 1440.0,
            "p90_wait_s": 1440.0,
            "avg_service_s": None,
            "rated": 0,
            "satisfied": 0,
            "satisfaction_rate": None,
        },
    ]


def test_a_quarter(dataset, manager):
    report = manager.get("/api/reports?period=quarter&date=2026-11-23").json
    assert (report["from"], report["to"]) == ("2026-10-01", "2026-12-31")
    field_a = report["services"][0]
    assert {k: field_a[k] for k in ("issued", "called", "cancelled", "waiting_left", "avg_wait_s")} == {
        "issued": 2,
        "called": 0,
        "cancelled": 1,
        "waiting_left": 1,
        "avg_wait_s": None,
    }
    assert report["total"]["issued"] == 4 and report["total"]["served"] == 2  # B001, B002, A on 1/10, A on 15/10


def test_the_workbook_holds_the_same_numbers(dataset, manager):
    from openpyxl import load_workbook

    response = manager.get("/api/reports/export.xlsx?from=2026-09-30&to=2026-10-01")
    assert response.headers["Content-Disposition"] == 'attachment; filename="bao-cao-2026-09-30-2026-10-01.xlsx"'
    wb = load_workbook(io.BytesIO(response.data))
    assert wb.sheetnames == [
        "Lĩnh vực",
        "Quầy",
        "Cán bộ",
        "Theo hồ sơ - lĩnh vực",
        "Theo hồ sơ - cán bộ",
        "Lý do chưa hài lòng",
        "Lý do theo lĩnh vực, cán bộ",
        "Theo giờ",
        "Đánh giá cần xem lại",
        "Góp ý của công dân",
        "So sánh các kỳ",
    ]
    sheet = wb["Lĩnh vực"]
    headings = [c.value for c in sheet[3]]
    assert headings[:11] == [
        "Mã",
        "Lĩnh vực",
        "Số phiếu cấp",
        "Chuyển đến",
        "Đã phục vụ",
        "Vắng mặt",
        "Chuyển lĩnh vực",
        "Đã hủy",
        "Chưa hoàn thành trong ngày",
        "Còn đang chờ, đang phục vụ",
        "Chờ TB (phút)",
    ]
    row_a = dict(zip(headings, [c.value for c in sheet[4]], strict=True))
    assert (
        row_a["Mã"],
        row_a["Số phiếu cấp"],
        row_a["Chờ TB (phút)"],
        row_a["Chờ P90 (phút)"],
        row_a["Tỷ lệ hài lòng"],
        row_a["Chỉ tiêu"],
    ) == ("A", 3, 13.0, 16.0, 0.5, 0.9)
    total = dict(zip(headings, [c.value for c in sheet[7]], strict=True))
    assert (total["Lĩnh vực"], total["Số phiếu cấp"], total["Đã phục vụ"], total["Tỷ lệ hài lòng"]) == (
        "Tổng cộng",
        6,
        4,
        0.6667,
    )
    assert [[c.value for c in r] for r in wb["Lý do chưa hài lòng"].iter_rows(min_row=4, max_col=2)] == [
        ["Thái độ cán bộ chưa tốt", 1],
        ["Thời gian chờ, giải quyết lâu", 1],
    ]
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$3:$3"


def test_the_csv_holds_the_same_numbers(dataset, manager):
    text = manager.get("/api/reports/export.csv?from=2026-09-30&to=2026-10-01&table=services").data.decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text)))
    assert [(r["Mã"], r["Số phiếu cấp"], r["Chờ TB (phút)"], r["Tỷ lệ hài lòng"]) for r in table] == [
        ("A", "3", "13,0", "50,0 %"),  # Vietnamese numbers in a Vietnamese export
        ("B", "2", "22,0", "100,0 %"),
        ("C", "1", "17,0", ""),
        ("", "6", "17,3", "66,7 %"),
    ]
    load = manager.get("/api/reports/export.csv?from=2026-09-30&to=2026-10-01&table=load").data.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(load))) == [
        ["Thứ", "Giờ", "Số phiếu cấp"],
        ["Thứ Tư", "8", "3"],
        ["Thứ Năm", "9", "3"],
    ]


@pytest.mark.parametrize(
    "query",
    [
        "from=2026-10-02&to=2026-10-01",
        "from=2026-10-01",
        "period=fortnight",
        "from=2020-01-01&to=2026-01-01",
        "from=01/10/2026&to=2026-10-01",
    ],
)
def test_bad_periods_are_refused(manager, query):
    r = manager.get(f"/api/reports/summary?{query}")
    assert (r.status_code, r.json["error"]) == (400, "bad_request")


@pytest.mark.parametrize(
    "path",
    [
        "/api/reports?period=day",
        "/api/reports/summary?period=day",
        "/api/reports/export.xlsx?period=day",
        "/api/reports/export.csv?period=day",
        "/api/ratings?from=2026-11-23&to=2026-11-23",
    ],
)
def test_clerks_get_403_on_every_report(client, auth, path):
    assert client.get(path).status_code == 401
    auth.login("canbo1")
    assert client.get(path).status_code == 403


def _summarised_days(db):
    return [d for (d,) in db.execute("SELECT day FROM summary_days ORDER BY day").fetchall()]


def test_closed_days_are_summarised_once_and_read_back_to_the_same_figures(dataset, db):
    path, tz = dataset.db_path, dataset.env.tz
    counted_live = reports.compute(path, "2026-09-30", "2026-10-15", tz, today="2026-09-30")
    assert _summarised_days(db) == []
    from_summaries = reports.compute(path, "2026-09-30", "2026-10-15", tz, today="2026-10-15")
    assert _summarised_days(db) == ["2026-09-30", *[f"2026-10-{d:02d}" for d in range(1, 15)]]
    assert from_summaries == counted_live
    assert reports.compute(path, "2026-09-30", "2026-10-15", tz, today="2026-10-15") == counted_live
    assert db.execute(
        "SELECT day, service, counter, issued, called, waits FROM summary_tickets"
        " WHERE day = '2026-09-30' ORDER BY service, counter"
    ).fetchall() == [("2026-09-30", "A", 1, 2, 2, "600,960"), ("2026-09-30", "C", 4, 1, 1, "1440")]


def test_a_change_to_a_closed_day_drops_its_summary_and_reaches_the_next_report(dataset, db):
    path, tz = dataset.db_path, dataset.env.tz
    before = reports.compute(path, "2026-09-30", "2026-09-30", tz, today="2026-10-15")
    assert (before["total"]["no_show"], before["total"]["cancelled"], before["total"]["rated"]) == (1, 0, 2)
    assert _summarised_days(db) == ["2026-09-30"]
    with db.conn:
        db.execute("UPDATE tickets SET status = 'cancelled' WHERE day = '2026-09-30' AND status = 'no_show'")
    assert _summarised_days(db) == []
    reports.compute(path, "2026-09-30", "2026-09-30", tz, today="2026-10-15")
    with db.conn:
        db.execute(
            "INSERT INTO ratings (ticket_id, day, service, counter, clerk_id, score, scale, dissatisfied,"
            " reasons, created_at) VALUES (3, '2026-09-30', 'C', 4, 5, 1, 3, 1, '[\"time\"]', 0)"
        )
    assert _summarised_days(db) == []
    after = reports.compute(path, "2026-09-30", "2026-09-30", tz, today="2026-10-15")
    assert (
        after["total"]["no_show"],
        after["total"]["cancelled"],
        after["total"]["rated"],
        after["total"]["dissatisfied"],
        after["reasons"],
    ) == (0, 1, 3, 2, {"time": 2, "attitude": 1})


def test_closed_days_with_tickets_are_summarised_at_start_up(dataset, db):
    assert reports.summarise_closed_days(dataset.db_path, dataset.env.tz, "2026-10-15") == ["2026-09-30", "2026-10-01"]
    assert reports.summarise_closed_days(dataset.db_path, dataset.env.tz, "2026-10-15") == []
    assert _summarised_days(db) == ["2026-09-30", "2026-10-01"]


@given(st.lists(st.integers(min_value=0, max_value=4000), max_size=60), st.integers(min_value=0, max_value=4000))
def test_whole_second_spread_gives_the_figures_of_the_sorted_list(values, limit):
    spread = reports.Spread()
    spread.add(values[: len(values) // 2])
    spread.add(values[len(values) // 2 :])
    spread.done()
    ordered = sorted(values)
    nearest_rank = (lambda p: ordered[max(1, -(-p * len(ordered) // 100)) - 1]) if values else (lambda p: None)
    assert (spread.n, spread.median(), spread.percentile(90), spread.percentile(50), spread.at_most(limit)) == (
        len(values),
        statistics.median(values) if values else None,
        nearest_rank(90),
        nearest_rank(50),
        sum(v <= limit for v in values),
    )


def test_a_read_only_database_writes_no_summary_and_is_counted_from_the_tickets(dataset, db):
    import sqlite3

    conn = sqlite3.connect(dataset.db_path, isolation_level=None)
    conn.execute("PRAGMA query_only = ON")  # what a remounted read-only disk looks like to SQLite
    try:
        assert reports.summarise(conn, ["2026-09-30", "2026-10-01"], dataset.env.tz) == []
    finally:
        conn.close()
    assert _summarised_days(db) == []
    assert db.execute("SELECT count(*) FROM summary_tickets").fetchone()[0] == 0


def test_ratings_of_staff_issued_tickets_and_short_services_are_flagged(hub, db, clock, manager):
    env = hub.env
    clock.now = at(2026, 10, 20, 8, 0)
    kiosk_ticket = queue.issue_ticket(db, env, "A")[0].id  # a citizen's number from the kiosk
    queue.open_counter(db, env, CANBO1, 1)
    for ticket_id, issued_by, served_s in ((kiosk_ticket, None, 300), (None, CANBO1.user_id, 5)):
        if ticket_id is None:  # the clerk takes a number himself and hurries through it
            ticket_id = queue.issue_ticket(db, env, "A", issued_by=issued_by)[0].id
        queue.call_ticket(db, env, CANBO1, 1, ticket_id=ticket_id)
        queue.act(db, env, CANBO1, ticket_id, Action.START)
        clock.advance(served_s)
        queue.act(db, env, CANBO1, ticket_id, Action.FINISH)
        token = db.execute("SELECT token FROM rating_requests WHERE ticket_id = ?", [ticket_id]).fetchone()[0]
        ratings.submit(db, env, 1, token, 3)
    report = manager.get("/api/reports?from=2026-10-20&to=2026-10-20").json
    assert report["flags"] == {
        "short_service_s": 20.0,
        "staff_issued": 1,
        "short_services": 1,
        "flagged_rated": 1,
        "flagged_ratings": [
            {
                "day": "2026-10-20",
                "number": "A002",
                "service": "A",
                "counter": 1,
                "clerk_id": 2,
                "clerk": "Cán bộ quầy 1",
                "score": 3,
                "scale": 3,
                "dissatisfied": False,
                "staff_issued": True,
                "service_s": 5.0,
                "short": True,
            }
        ],
    }
    assert [(c["username"], c["rated"], c["flagged_rated"]) for c in report["clerks"]] == [("canbo1", 2, 1)]
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(manager.get("/api/reports/export.xlsx?from=2026-10-20&to=2026-10-20").data))
    assert [[c.value for c in r] for r in book["Đánh giá cần xem lại"].iter_rows(min_row=3)] == [
        ["Ngày", "Số thứ tự", "Mã", "Quầy", "Họ tên", "Thời gian phục vụ (giây)", "Cán bộ lấy số", "Mức đánh giá"],
        [dt.datetime(2026, 10, 20), "A002", "A", 1, "Cán bộ quầy 1", 5, "Có", "Rất hài lòng (3/3)"],  # a date cell
    ]
    assert book["Đánh giá cần xem lại"]["A4"].number_format == "dd/mm/yyyy"
    clerks = list(
        csv.reader(
            io.StringIO(
                manager.get("/api/reports/export.csv?from=2026-10-20&to=2026-10-20&table=clerks").data.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    flagged_at = clerks[0].index("Đánh giá cần xem lại")
    assert (clerks[0][flagged_at], clerks[1][flagged_at]) == ("Đánh giá cần xem lại", "1")


def test_the_report_child_reads_at_the_lowest_cpu_priority_and_writes_at_its_own(dataset, db, monkeypatch):
    """A yearly report read a million tickets at the hall's priority. Its reads now run on a thread at nice 19;
    its short writes (the days' summaries) keep the process's priority, so that it never holds the write lock
    while starved of CPU."""
    import os
    import threading

    def priority():
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    own = priority()
    seen = set()
    real_count, real_compute, real_transaction = reports._count_days, reports.compute, reports._transaction

    def count(*args):
        seen.add(("count the days", priority()))
        return real_count(*args)

    def compute(*args):
        seen.add(("read the report", priority()))
        return real_compute(*args)

    def transaction(conn, kind="IMMEDIATE"):
        if kind == "IMMEDIATE":
            seen.add(("write", priority()))
        return real_transaction(conn, kind)

    monkeypatch.setattr(reports, "_count_days", count)
    monkeypatch.setattr(reports, "compute", compute)
    monkeypatch.setattr(reports, "_transaction", transaction)
    out = reports.main([dataset.db_path, "2026-09-30", "2026-10-15", dataset.env.tz, "2026-10-15"])
    assert sorted(seen) == sorted({("count the days", 19), ("read the report", 19), ("write", own)})
    assert json.loads(out)["from"] == "2026-09-30"
    assert _summarised_days(db) == ["2026-09-30", *[f"2026-10-{d:02d}" for d in range(1, 15)]]
    assert priority() == own
