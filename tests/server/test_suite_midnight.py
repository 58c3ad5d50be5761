"""The suite's guard against the centre's midnight (tests/conftest.py): tests on the real clock never straddle it."""

from __future__ import annotations

import datetime as dt

from tests.helpers import VN, before_midnight_s


def hanoi(day: int, hour: int, minute: int, second: float) -> dt.datetime:
    whole = int(second)
    return dt.datetime(2026, 12, day, hour, minute, whole, round((second - whole) * 1e6), tzinfo=VN)


def test_a_test_starting_within_a_minute_of_the_centres_midnight_waits_until_a_second_past_it():
    waits = {
        when: before_midnight_s(hanoi(3, *when))
        for when in [(23, 59, 30.0), (23, 59, 0.5), (23, 59, 59.75), (23, 59, 0.0), (23, 58, 59.0), (0, 0, 0.0)]
    }

    assert waits == {
        (23, 59, 30.0): 31.0,
        (23, 59, 0.5): 60.5,
        (23, 59, 59.75): 1.25,
        (23, 59, 0.0): 0.0,  # a minute away: the longest test (27 s) ends well before it
        (23, 58, 59.0): 0.0,
        (0, 0, 0.0): 0.0,
    }


def test_the_wait_counts_to_the_midnight_of_the_zone_it_is_given():
    seventeen_utc = dt.datetime(2026, 12, 3, 16, 59, 40, tzinfo=dt.UTC)  # 23:59:40 in Hanoi, 17:59:40 in Berlin

    assert (before_midnight_s(seventeen_utc.astimezone(VN)), before_midnight_s(seventeen_utc)) == (21.0, 0.0)
