"""`make bench --scale province`'s own phases on a tiny load, so they cannot rot: call -> screens paced, no stall
while the slow jobs run, call-next with a short and a long line. Every request is counted and every job checked;
the table prints each figure beside its target. Nothing here is timed and nothing asserts a speed."""

import os
import re
from dataclasses import replace

import pytest

from tests.bench import live
from tests.bench.__main__ import PHASES, PROFILES, describe, rows
from tests.bench.calling import bench_call_cost, waiting_now
from tests.bench.screens import bench_call_latency
from tests.bench.stall import JOBS, bench_no_stall
from tests.bench.tally import table

pytestmark = pytest.mark.live

TINY = replace(
    PROFILES["province"],
    kiosks=1,
    counters=8,
    counter_procs=2,
    clients=6,
    side=2,
    client_procs=2,
    calls=3,
    short_queue=2,
    long_queue=12,
    samples=3,
    report_tickets=500,
    stall_rate=5,
)


def cells(results: dict) -> dict[str, list[str]]:
    """The table's metric lines, as {label: [target, cell]} (target "" when the figure has none)."""
    lines = table(rows(TINY), results, PHASES).splitlines()
    assert re.split(r"\s{2,}", lines[0]) == ["metric", "target", "eventlet"]
    found = {}
    for line in lines[1 : lines.index("")]:
        label, *rest = re.split(r"\s{2,}", line)
        found[label] = rest if len(rest) == 2 else ["", *rest]
    return found


def test_the_province_phases_count_every_request_and_print_each_figure_beside_its_target(tmp_path):
    server = live.start(str(tmp_path / "var"), "eventlet", env={"XEPHANG_BEHIND_PROXY": "1"})
    try:
        settings = live.non_default_settings(server)
        live.add_counters(server, TINY.counters)
        screens = bench_call_latency(server, TINY.clients, TINY.client_procs, TINY.calls, TINY.side, rate=5)
        stall = bench_no_stall(
            server,
            TINY.kiosks,
            TINY.stall_rate,
            TINY.counters,
            TINY.counter_procs,
            TINY.report_tickets,
            logins=6,
            procedures=12,
        )
        cost = bench_call_cost(server, TINY.counters, (TINY.short_queue, TINY.long_queue), TINY.samples)
        wrong_logins = live.query(server, "SELECT count(DISTINCT ip), count(*) FROM login_failures")[0]
        left = waiting_now(server)
    finally:
        server.stop()
    # each call: the 2 wall displays, counter 1's workstation and tablet (the other workstation: once a pace)
    assert (screens.failures, screens.ok, screens.extra["delivered"]) == ({}, 3, "12/12")
    asked, answered = screens.extra["snapshots"]
    assert (asked > 0, len(screens.extra["snapshot_waits"])) == (True, answered)  # each answer timed from its ask

    assert (stall.failures, stall.duplicates, stall.left_waiting) == ({}, 0, 0)
    assert stall.ok == stall.attempts > 0  # every ticket issued, every call and no-show answered
    assert (stall.extra["jobs_done"], sorted(stall.extra["jobs"])) == ("4/4", sorted(JOBS))
    assert wrong_logins == (6, 6)  # each from its own address, so each one was hashed and recorded
    assert len(os.listdir(tmp_path / "var" / "backups")) == 1
    with open(tmp_path / "var" / "procedures.csv", encoding="utf-8") as fh:
        assert len(fh.read().splitlines()) == 1 + 12

    assert (cost.failures, cost.duplicates, cost.ok, cost.attempts) == ({}, 0, 6, 6)
    assert cost.extra["queue"] == "2 then 12"
    assert {n: len(answers) for n, answers in cost.extra["by_length"].items()} == {2: 3, 12: 3}
    assert left == 12  # the line kept its length while it was measured

    got = cells({"eventlet": {"screens": [screens], "no_stall": [stall], "call_cost": [cost]}})
    assert "FAILED" not in [cell for _, cell in got.values()]
    assert {label: target for label, (target, _) in got.items() if target} == {
        "calls made during call -> screens (calls/s)": "5",
        "call -> screens p99, 6 screens, 5 calls/s (ms)": "≤ 100",
        "call -> wall displays only, p99 (ms)": "≤ 100",
        "server memory, 6 screens connected (MB)": "≤ 250",
        "server memory at the end of the calls (MB)": "≤ 250",
        "server memory, peak of the run so far (MB)": "≤ 250",
        "no stall: kiosks' and counters' requests p99 (ms)": "≤ 100",
        "no stall: kiosks' tickets p99 (ms)": "≤ 100",
        "no stall: counters' call-next and no-show p99 (ms)": "≤ 100",
        "median with 12 waiting / with 2 (%)": "≤ 120",
    }
    assert got["no stall: requests timed while the jobs ran"][1] == f"{len(stall.latencies):,}" != "0"
    assert any(line.startswith("behind_proxy = True (XEPHANG_BEHIND_PROXY; default False)") for line in settings)
    assert all(describe(TINY, phase) for phase in TINY.phases)

    stall.failures["backup exited 1: disk full"] += 1  # a failed job fails the figure
    assert cells({"eventlet": {"no_stall": [stall]}})["no stall: kiosks' tickets p99 (ms)"] == ["≤ 100", "FAILED"]
