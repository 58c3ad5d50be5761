"""Every report's outcomes add up to its tickets, before the day close (still open) and after it (unfinished)."""

import csv
import io

import pytest

from admin.export import headings
from server import reports
from server.services.day_close import close_days
from tests.helpers import at, evening_at_the_centre

OUTCOMES = ("issued", "transferred_in", "served", "no_show", "transferred", "cancelled", "expired", "still_open")
DAY = "2026-11-23"


@pytest.fixture
def day(hub, db, clock):
    evening_at_the_centre(db, hub.env, clock)
    return hub


def outcomes(row):
    return {k: row[k] for k in OUTCOMES}


def adds_up(row):
    return row["issued"] + row["transferred_in"] == sum(row[k] for k in OUTCOMES[2:])


def every_row(report):
    return [report["total"], *report["services"], *report["counters"], *report["clerks"]]


def test_before_the_close_todays_open_tickets_are_counted_as_still_open(day):
    report = reports.compute(day.db_path, DAY, DAY, day.env.tz, DAY)
    assert outcomes(report["total"]) == {
        "issued": 8,
        "transferred_in": 1,
        "served": 1,
        "no_show": 1,
        "transferred": 1,
        "cancelled": 1,
        "expired": 0,
        "still_open": 5,
    }
    assert [row for row in every_row(report) if not adds_up(row)] == []


def test_after_the_close_a_days_outcomes_add_up_to_its_tickets_in_every_row(day, db, clock):
    clock.now = at(2026, 11, 24, 0, 0, 1)
    close_days(db, day.env)
    report = reports.compute(day.db_path, DAY, DAY, day.env.tz, "2026-11-24")
    assert outcomes(report["total"]) == {
        "issued": 8,
        "transferred_in": 1,
        "served": 1,
        "no_show": 1,
        "transferred": 1,
        "cancelled": 1,
        "expired": 5,
        "still_open": 0,
    }
    assert [(r["service"], outcomes(r)) for r in report["services"]] == [
        (
            "A",
            {
                "issued": 4,
                "transferred_in": 0,
                "served": 1,
                "no_show": 0,
                "transferred": 0,
                "cancelled": 0,
                "expired": 3,
                "still_open": 0,
            },
        ),
        (
            "B",
            {
                "issued": 2,
                "transferred_in": 0,
                "served": 0,
                "no_show": 0,
                "transferred": 1,
                "cancelled": 1,
                "expired": 0,
                "still_open": 0,
            },
        ),
        (
            "C",
            {
                "issued": 1,
                "transferred_in": 1,
                "served": 0,
                "no_show": 1,
                "transferred": 0,
                "cancelled": 0,
                "expired": 1,
                "still_open": 0,
            },
        ),
        (
            "K",
            {
                "issued": 1,
                "transferred_in": 0,
                "served": 0,
                "no_show": 0,
                "transferred": 0,
                "cancelled": 0,
                "expired": 1,
                "still_open": 0,
            },
        ),
    ]
    assert [
        (r["counter"], r["issued"], r["served"], r["transferred"], r["no_show"], r["expired"])
        for r in report["counters"]
    ] == [(1, 2, 1, 0, 0, 1), (2, 1, 0, 0, 0, 1), (3, 2, 0, 1, 0, 1), (4, 1, 0, 0, 1, 0)]
    assert [row for row in every_row(report) if not adds_up(row)] == []
    assert db.execute("SELECT state FROM summary_days WHERE day = ?", [DAY]).fetchone() == ("done",)
    again = reports.compute(day.db_path, DAY, DAY, day.env.tz, "2026-11-24")  # now read from the day summary
    assert again["total"] == report["total"] and again["services"] == report["services"]


def test_a_day_summarised_before_its_close_is_counted_again_after_it(day, db, clock):
    clock.now = at(2026, 11, 24, 0, 0, 1)
    early = reports.compute(day.db_path, DAY, DAY, day.env.tz, "2026-11-24")  # a report just before the close
    assert (early["total"]["expired"], early["total"]["still_open"]) == (0, 5)
    close_days(db, day.env)
    later = reports.compute(day.db_path, DAY, DAY, day.env.tz, "2026-11-24")
    assert (later["total"]["expired"], later["total"]["still_open"]) == (5, 0)


def test_the_export_and_its_headings_carry_the_unfinished_figure(day, db, clock, make_client):
    clock.now = at(2026, 11, 24, 0, 0, 1)
    close_days(db, day.env)
    manager = make_client()
    manager.post("/api/login", json={"username": "admin", "password": "admin"})
    text = manager.get(f"/api/reports/export.csv?from={DAY}&to={DAY}&table=services").data.decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text)))
    columns = (
        "Mã",
        "Số phiếu cấp",
        "Chuyển đến",
        "Đã phục vụ",
        "Vắng mặt",
        "Chuyển lĩnh vực",
        "Đã hủy",
        "Chưa hoàn thành trong ngày",
        "Còn đang chờ, đang phục vụ",
    )
    assert [tuple(r[c] for c in columns) for r in table] == [
        ("A", "4", "0", "1", "0", "0", "0", "3", "0"),
        ("B", "2", "0", "0", "0", "1", "1", "0", "0"),
        ("C", "1", "1", "0", "1", "0", "0", "1", "0"),
        ("K", "1", "0", "0", "0", "0", "0", "1", "0"),
        ("", "8", "1", "1", "1", "1", "1", "5", "0"),
    ]
    assert headings("services", "en")[2:10] == [
        "Issued",
        "Transferred in",
        "Served",
        "No-shows",
        "Transferred",
        "Cancelled",
        "Unfinished at day close",
        "Still waiting or being served",
    ]
