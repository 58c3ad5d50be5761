"""`make bench`'s counting and reporting on a tiny load, so the bench cannot rot silently: a refused request is
counted and turns its figure into FAILED, a clean phase prints its figure, every setting it changed is said.
Nothing here is timed and nothing asserts a speed."""

import re

import pytest

from tests.bench import live
from tests.bench.__main__ import PHASES, Profile, rows
from tests.bench.calling import bench_call_next
from tests.bench.issuing import bench_issuing
from tests.bench.tally import Row, Tally, table
from tests.helpers import noon_zone

pytestmark = pytest.mark.live


def figure_cells(results: dict) -> dict[str, str]:
    """The table's metric lines, as {label: the one column's cell}."""
    lines = table(rows(Profile("tiny", kiosks=1, counters=8)), results, PHASES).splitlines()
    return dict(re.split(r"\s{2,}", line) for line in lines[1 : lines.index("")])


def test_refused_tickets_are_counted_and_fail_the_figure(tmp_path):
    server = live.start(str(tmp_path / "var"), "eventlet", env={"XEPHANG_KIOSK_TICKETS_PER_MINUTE": "3", **noon_zone()})
    try:
        tally = bench_issuing(server, "http", kiosks=1, seconds=0.5)
        settings = live.non_default_settings(server)
    finally:
        server.stop()
    assert tally.ok == 3
    assert tally.attempts > 3
    assert dict(tally.failures) == {"HTTP 429 too_many_tickets": tally.attempts - 3}
    assert tally.duplicates == 0
    assert tally.extra["stored"] == 3
    assert figure_cells({"eventlet": {"http_flat": [tally]}}) == {
        "issuing, JSON API, 1 kiosks flat out (tickets/s)": "FAILED",
        "issuing, JSON API, server CPU per request (ms)": "FAILED",
        "issuing, JSON API, load client's CPU per request (ms)": "FAILED",
    }
    assert any(
        line.startswith("kiosk_tickets_per_minute = 3 (XEPHANG_KIOSK_TICKETS_PER_MINUTE; default 30)")
        for line in settings
    )


def test_the_kiosk_path_and_call_next_are_counted_whole(tmp_path):
    server = live.start(str(tmp_path / "var"), "threading", env=noon_zone())
    try:
        settings = live.non_default_settings(server)
        issued = bench_issuing(server, "kiosk", kiosks=6, seconds=0.3)
        again = bench_issuing(server, "kiosk", kiosks=6, seconds=0.3, rate=20)  # 12 pairings would pass 10 a minute
        live.add_counters(server, 8)
        calling = bench_call_next(server, queue=12, counters=8, procs=2)
        one_press = bench_call_next(server, queue=12, counters=8, procs=2, press="one")
        socketed = bench_call_next(server, queue=12, counters=8, procs=2, press="socket")
        paged = bench_call_next(server, queue=12, counters=8, procs=2, press="page")  # a press without its view fails
        closed = live.query(server, "SELECT status, count(*) FROM tickets GROUP BY status")
    finally:
        server.stop()
    assert (issued.failures, issued.duplicates, issued.attempts) == ({}, 0, issued.ok)
    assert issued.extra["printed"] == issued.ok > 0  # one print job each, printed by the preview printer
    assert (again.failures, again.extra["printed"]) == ({}, again.ok)
    assert (calling.failures, calling.duplicates, calling.left_waiting) == ({}, 0, 0)
    assert calling.ok == calling.attempts == 12 + issued.ok + again.ok  # the queue and what the kiosks left
    assert (one_press.failures, one_press.duplicates, one_press.left_waiting, one_press.ok) == ({}, 0, 0, 12)
    assert (socketed.failures, socketed.duplicates, socketed.left_waiting, socketed.ok) == ({}, 0, 0, 12)
    assert (paged.failures, paged.duplicates, paged.left_waiting, paged.ok) == ({}, 0, 0, 12)
    assert closed == [("no_show", 12 + issued.ok + again.ok + 12 + 12 + 12)]  # one press closed each clerk's last
    cells = figure_cells({"threading": {"kiosk_flat": [issued], "call_next": [calling, calling]}})
    assert cells["issuing, kiosk page path, 1 kiosks flat out (tickets/s)"] == f"{issued.rate:,.0f}"
    assert cells["call-next + no-show, 8 counters (calls/s)"] == (
        f"{calling.rate:,.0f} ({calling.rate:,.0f}–{calling.rate:,.0f})"
    )
    server_ms = calling.extra["server_cpu_ms"]
    assert cells["call-next server CPU per request (ms)"] == f"{server_ms:,.2f} ({server_ms:,.2f}–{server_ms:,.2f})"
    assert cells["issuing, kiosk page path, load client's CPU per request (ms)"] == (
        f"{issued.extra['client_cpu_ms']:,.2f}"
    )
    assert [line.split(" = ")[0] for line in settings] == ["async_mode", "timezone", "demo", "kiosk_tickets_per_minute"]


def test_a_figure_prints_median_and_spread_and_fails_on_a_duplicate_or_a_ticket_left():
    row = Row("calls/s", "p", lambda t: t.rate)
    runs = [Tally(ok=10, seconds=1), Tally(ok=30, seconds=1), Tally(ok=20, seconds=1)]

    def printed(tallies: list[Tally]) -> list[str]:
        return table([row], {"m": {"p": tallies}}, {"p": "phase"}).splitlines()

    assert printed(runs)[1] == "calls/s  20 (10–30)"
    assert printed([*runs[:2], Tally(ok=20, seconds=1, duplicates=1)])[1] == "calls/s  FAILED"
    left = printed([*runs[:2], Tally(ok=20, seconds=1, left_waiting=4)])
    assert left[1] == "calls/s  FAILED"
    assert left[-1] == "  phase [m]: 0 attempts, 60 ok, 0 failed, 0 duplicates, 4 left waiting, 3.0 s measured"


def test_clerks_pause_between_citizens_each_their_own_way_around_the_mean():
    """Pauses all alike kept the no-stall phase's twenty clerks pressing in the same millisecond every half second:
    the last of each burst waited for the other nineteen (counters' p99 92–144 ms against 45–57 with the pauses
    drawn, the same code, session 16)."""
    from itertools import islice

    from tests.bench.calling import clerk_pauses

    first, second = (list(islice(clerk_pauses(n, 0.5), 1000)) for n in (1, 2))
    assert first != second
    assert first[:10] == list(islice(clerk_pauses(1, 0.5), 10))  # the same every run
    assert 0.25 <= min(first) and max(first) <= 0.75, (min(first), max(first))
    assert round(sum(first) / len(first), 1) == 0.5
    assert list(islice(clerk_pauses(3, 0.0), 3)) == [0.0, 0.0, 0.0]  # the drain phases do not pause
