import pytest

from server.core.availability import closed_reason
from server.core.estimates import estimated_wait_s, typical_service_time
from server.core.numbering import format_number, in_sessions, parse_hhmm, read_number, service_day
from tests.helpers import at

TZ = "Asia/Ho_Chi_Minh"


def test_numbers_are_prefix_and_three_digits_and_grow_past_999():
    assert [format_number("A", n) for n in (1, 15, 999, 1000)] == ["A001", "A015", "A999", "A1000"]


def test_a_number_reads_as_a_clerk_types_it_and_nothing_else_does():
    typed = ["d3", "D 3", "D03", "D003", " d0003 ", "A1000", "a999999", "3D", "DD3", "D", "D-3", "Đ3", "", "D1234567"]
    assert [read_number(text) for text in typed] == [
        "D003",
        "D003",
        "D003",
        "D003",
        "D003",
        "A1000",
        "A999999",
        None,
        None,
        None,
        None,
        None,
        None,
        None,
    ]


def test_service_day_turns_at_local_midnight_not_utc():
    assert service_day(at(2026, 11, 23, 23, 59, 59), TZ) == "2026-11-23"
    assert service_day(at(2026, 11, 24, 0, 0, 0), TZ) == "2026-11-24"
    # 06:30 local is 23:30 UTC the day before: still the local day.
    assert service_day(at(2026, 11, 24, 6, 30), TZ) == "2026-11-24"


def test_sessions_are_half_open_ranges_of_local_time():
    sessions = [["07:30", "11:30"], ["13:30", "17:00"]]
    assert [
        in_sessions(at(2026, 11, 23, h, m), TZ, sessions)
        for h, m in [(7, 29), (7, 30), (11, 29), (11, 30), (13, 30), (16, 59), (17, 0)]
    ] == [False, True, True, False, True, True, False]


@pytest.mark.parametrize("bad", ["7:30", "0730", "", "ab:cd"])
def test_bad_session_times_are_refused(bad):
    with pytest.raises(ValueError):
        parse_hhmm(bad)


BASE = dict(
    active=True,
    sessions=[["07:30", "17:00"]],
    daily_cap=None,
    issued_today=0,
    tz=TZ,
    enforce_hours=True,
    working_days=[0, 1, 2, 3, 4],
    holidays=[],
)


@pytest.mark.parametrize(
    "change,when,expected",
    [
        ({}, at(2026, 11, 23, 9), None),
        ({"active": False}, at(2026, 11, 23, 9), "service_closed"),
        ({}, at(2026, 11, 23, 18), "outside_hours"),
        ({}, at(2026, 11, 22, 9), "outside_hours"),  # a Sunday
        ({"holidays": ["2026-11-23"]}, at(2026, 11, 23, 9), "outside_hours"),
        ({"enforce_hours": False}, at(2026, 11, 22, 23), None),
        ({"daily_cap": 50, "issued_today": 50}, at(2026, 11, 23, 9), "sold_out"),
        ({"daily_cap": 50, "issued_today": 49}, at(2026, 11, 23, 9), None),
    ],
)
def test_a_service_issues_only_when_active_open_and_under_its_cap(change, when, expected):
    assert closed_reason(**{**BASE, **change, "at": when}) == expected


def test_estimate_spreads_the_line_over_open_counters_and_uses_the_median_service_time():
    assert typical_service_time([], 300) == 300.0
    assert typical_service_time([100, 200, 9000], 300) == 200.0
    assert estimated_wait_s(0, 200, 2) == 0
    assert estimated_wait_s(4, 200, 2) == 400
    assert estimated_wait_s(3, 200, 0) == 600  # no counter open yet: estimate as if one were
