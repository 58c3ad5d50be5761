"""Each period beside the one before and the same period a year earlier (top-level `previous` and
`year_before` of the report), on the hand-worked days of tests/admin/test_reports.py and a day of 2025."""

import pytest

from server import reports
from tests.admin import test_reports
from tests.admin.test_report_bases import f

dataset, manager = test_reports.dataset, test_reports.manager  # 30/09, 01/10 and 15/10/2026


def test_reasons_for_dissatisfaction_are_counted_per_field_and_per_officer(dataset, manager):
    report = manager.get("/api/reports?from=2026-09-30&to=2026-10-01").json
    assert [(s["service"], s["reasons"]) for s in report["services"]] == [
        ("A", {"attitude": 1, "time": 1}),
        ("B", {}),
        ("C", {}),
    ]
    assert [(c["username"], c["reasons"]) for c in report["clerks"]] == [
        ("canbo1", {"attitude": 1, "time": 1}),
        ("canbo2", {}),
        ("canbo4", {}),
    ]


# A year earlier, 20/10/2025 (written straight into the tables): B001 issued 9:00, called 9:12 (wait 720 s),
# served 9:13–9:20 (420 s) at counter 2 by canbo2, rated 1/3 "không hài lòng" for costs and time;
# A001 issued 9:05, called 9:35 (wait 1800 s), no-show.
YEAR_BEFORE = [
    (9001, "B", "B001", 1, "done", "09:00", "09:12", "09:13", "09:20"),
    (9002, "A", "A001", 1, "no_show", "09:05", "09:35", None, "09:36"),
]


@pytest.fixture
def with_year_before(dataset, db):
    from tests.helpers import at

    def ts(hhmm):
        return None if hhmm is None else at(2025, 10, 20, int(hhmm[:2]), int(hhmm[3:]))

    with db.conn:
        for tid, service, number, seq, status, issued, called, started, ended in YEAR_BEFORE:
            db.execute(
                "INSERT INTO tickets (id, service, number, seq, day, status, token, issued_at, queued_at,"
                " arrived_at, called_at, last_called_at, started_at, ended_at, counter, clerk_id, calls)"
                " VALUES (?, ?, ?, ?, '2025-10-20', ?, ?, ?, ?, ?, ?, ?, ?, ?, 2, 3, 1)",
                [
                    tid,
                    service,
                    number,
                    seq,
                    status,
                    f"t{tid}",
                    *map(ts, (issued, issued, issued, called, called)),
                    ts(started),
                    ts(ended),
                ],
            )
        db.execute(
            "INSERT INTO ratings (ticket_id, day, service, counter, clerk_id, score, scale, dissatisfied, reasons,"
            " created_at) VALUES (9001, '2025-10-20', 'B', 2, 3, 1, 3, 1, '[\"costs\", \"time\"]', 0)"
        )
    return dataset


COMPARED = ("issued", "served", "no_show", "avg_wait_s", "avg_service_s", "rated", "dissatisfied")


def _brief(row):
    return {
        **{k: row[k] for k in COMPARED},
        "satisfaction_rate": row["satisfaction_rate"],
        "formula": row["formula"],
        "levels": row["levels"],
        "reasons": row["reasons"],
    }


def test_each_period_comes_with_the_one_before_and_the_same_a_year_earlier(with_year_before, manager):
    report = manager.get("/api/reports?from=2026-10-01&to=2026-10-31").json
    previous, year_before = report["previous"], report["year_before"]
    assert (previous["from"], previous["to"], year_before["from"], year_before["to"]) == (
        "2026-09-01",
        "2026-09-30",
        "2025-10-01",
        "2025-10-31",
    )
    # September 2026 is 30/09: A 8:00 (wait 600, served 600, rated 3), A 8:05 (wait 960, served 1200, rated 1
    # for time and attitude), C 8:06 (wait 1440, no-show).
    assert _brief(previous["total"]) == {
        "issued": 3,
        "served": 2,
        "no_show": 1,
        "avg_wait_s": 1000.0,
        "avg_service_s": 900.0,
        "rated": 2,
        "dissatisfied": 1,
        "satisfaction_rate": 0.5,
        "formula": f("rated", 1, 2, 1),
        "levels": {"1/3": 1, "3/3": 1},
        "reasons": {"attitude": 1, "time": 1},
    }
    assert [(s["service"], s["name"], s["issued"], s["served"], s["target"]) for s in previous["services"]] == [
        ("A", "Chứng thực", 2, 2, 0.9),
        ("C", "Đất đai", 1, 0, 0.85),
    ]
    assert _brief(year_before["total"]) == {
        "issued": 2,
        "served": 1,
        "no_show": 1,
        "avg_wait_s": 1260.0,
        "avg_service_s": 420.0,
        "rated": 1,
        "dissatisfied": 1,
        "satisfaction_rate": 0.0,
        "formula": f("rated", 0, 1, 1),
        "levels": {"1/3": 1},
        "reasons": {"costs": 1, "time": 1},
    }
    assert [_brief(s) for s in year_before["services"]] == [
        {
            "issued": 1,
            "served": 0,
            "no_show": 1,
            "avg_wait_s": 1800.0,
            "avg_service_s": None,
            "rated": 0,
            "dissatisfied": 0,
            "satisfaction_rate": None,
            "formula": f("rated", 0, 0, 0),
            "levels": {},
            "reasons": {},
        },
        {
            "issued": 1,
            "served": 1,
            "no_show": 0,
            "avg_wait_s": 720.0,
            "avg_service_s": 420.0,
            "rated": 1,
            "dissatisfied": 1,
            "satisfaction_rate": 0.0,
            "formula": f("rated", 0, 1, 1),
            "levels": {"1/3": 1},
            "reasons": {"costs": 1, "time": 1},
        },
    ]
    # Rows of the periods compared have the shape of the period's rows (per-dossier figures aside).
    dossier_keys = {"dossiers", "dossiers_dissatisfied", "dossier_satisfaction_rate", "served_without_dossier"}
    assert set(year_before["total"]) == set(report["total"]) - dossier_keys
    assert set(year_before["services"][0]) == set(report["services"][0]) - dossier_keys


def test_a_years_previous_period_is_the_year_before(with_year_before, manager):
    report = manager.get("/api/reports?period=year&date=2026-05-01").json
    assert (report["previous"]["from"], report["previous"]["to"]) == ("2025-01-01", "2025-12-31")
    assert report["previous"] == report["year_before"]
    assert report["year_before"]["total"]["issued"] == 2


def test_the_periods_compared_read_closed_days_from_their_summaries(with_year_before, db, hub):
    live = reports.compute(hub.db_path, "2026-10-01", "2026-10-31", hub.env.tz, "2026-10-15")
    reports.summarise_closed_days(hub.db_path, hub.env.tz, "2026-10-15")
    assert [d for (d,) in db.execute("SELECT day FROM summary_days ORDER BY day")] == [
        "2025-10-20",  # the day close summarised the days of the periods compared
        "2026-09-30",
        *[f"2026-10-{d:02d}" for d in range(1, 15)],  # the report itself, its closed days
    ]
    assert reports.compute(hub.db_path, "2026-10-01", "2026-10-31", hub.env.tz, "2026-10-15") == live


def test_a_year_earlier_than_the_29th_of_february_is_the_28th():
    import datetime as dt

    from server.core.periods import previous_range, year_earlier

    d = dt.date
    assert year_earlier(d(2024, 2, 1), d(2024, 2, 29)) == (d(2023, 2, 1), d(2023, 2, 28))
    assert year_earlier(d(2025, 2, 1), d(2025, 2, 28)) == (d(2024, 2, 1), d(2024, 2, 29))
    assert year_earlier(d(2024, 2, 29), d(2024, 3, 10)) == (d(2023, 2, 28), d(2023, 3, 10))
    assert previous_range(d(2026, 1, 1), d(2026, 3, 31)) == (d(2025, 10, 1), d(2025, 12, 31))
    assert previous_range(d(2026, 1, 1), d(2026, 9, 30)) == (d(2025, 1, 1), d(2025, 9, 30))
    assert previous_range(d(2026, 10, 5), d(2026, 10, 11)) == (d(2026, 9, 28), d(2026, 10, 4))


def test_the_first_and_the_last_days_there_are_still_have_periods_to_compare_with():
    import datetime as dt

    from server.core.periods import previous_range, year_earlier

    d = dt.date
    assert previous_range(d(9999, 12, 31), d(9999, 12, 31)) == (d(9999, 12, 30), d(9999, 12, 30))
    assert previous_range(d(9999, 12, 1), d(9999, 12, 31)) == (d(9999, 11, 1), d(9999, 11, 30))
    assert year_earlier(d(9999, 12, 1), d(9999, 12, 31)) == (d(9998, 12, 1), d(9998, 12, 31))
    assert previous_range(d(1, 1, 1), d(1, 1, 2)) == (d(1, 1, 1), d(1, 1, 1))
    assert year_earlier(d(1, 1, 1), d(1, 12, 31)) == (d(1, 1, 1), d(1, 1, 1))
