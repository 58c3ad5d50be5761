"""`make bench`: live servers measured from client processes, eventlet and threading side by side.

Prints the setup and every non-default setting, then one table: each figure is the median (min–max) of
`--runs` runs on a fresh server, or FAILED when its phase counted an error, a duplicate or a ticket left
waiting; then every phase's counts. Not a test: nothing here asserts a time. How to read it:
docs/performance.md.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace

from tests.bench import live
from tests.bench.calling import bench_call_next
from tests.bench.issuing import PATHS, bench_issuing
from tests.bench.screens import bench_call_latency
from tests.bench.tally import Row, Tally, pct, table
from tests.bench.yearly import bench_report


@dataclass(frozen=True)
class Profile:
    """A load to measure: `--scale` picks one; every field can be changed from the command line."""

    about: str
    kiosks: int = 8
    seconds: float = 5.0
    paced_rate: float = 50.0
    counters: int = 20
    counter_procs: int = 4
    queue: int = 600
    clients: int = 300
    side: int = 20  # counter workstations and rating tablets among the screens
    client_procs: int = 4
    calls: int = 30
    report_tickets: int = 400_000


PROFILES = {
    "commune": Profile("a commune centre's day many times over (design load 250 tickets a day, 10 counters)"),
}

PHASES = {  # key: what the counts section calls it
    "call_next": "call-next + no-show",
    "screens": "call -> screens (issue, call, start, finish)",
    "http_flat": "issuing flat out, JSON API",
    "http_paced": "issuing paced, JSON API",
    "kiosk_flat": "issuing flat out, kiosk page path",
    "kiosk_paced": "issuing paced, kiosk page path",
    "report": "yearly report",
}


def rows(p: Profile) -> list[Row]:
    rate = f"{p.paced_rate:.0f} tickets/s"
    issuing = []
    for path, name in (("http", "JSON API"), ("kiosk", "kiosk page path")):
        issuing += [
            Row(f"issuing, {name}, {p.kiosks} kiosks flat out (tickets/s)", f"{path}_flat", lambda t: t.rate),
            Row(f"issuing, {name}, p50 at {rate} (ms)", f"{path}_paced", lambda t: t.p(50), 1),
            Row(f"issuing, {name}, p99 at {rate} (ms)", f"{path}_paced", lambda t: t.p(99), 1),
        ]
    return issuing + [
        Row(f"call-next + no-show, {p.counters} counters (calls/s)", "call_next", lambda t: t.rate),
        Row("call-next answer p50 (ms)", "call_next", lambda t: t.p(50), 1),
        Row("call-next answer p99 (ms)", "call_next", lambda t: t.p(99), 1),
        Row(f"call -> screens p50, {p.clients} screens (ms)", "screens", lambda t: t.p(50), 1),
        Row(f"call -> screens p99, {p.clients} screens (ms)", "screens", lambda t: t.p(99), 1),
        Row("call -> wall displays only, p99 (ms)", "screens",
            lambda t: pct(t.extra["display_latencies"], 99) * 1000, 1),
        Row(f"server memory, {p.clients} screens connected (MB)", "screens", lambda t: t.extra["rss_connected"]),
        Row("server memory at the end of the calls (MB)", "screens", lambda t: t.extra["rss_end"]),
        Row("server memory, peak of the run so far (MB)", "screens", lambda t: t.extra["rss_peak"]),
        Row(f"yearly report, {p.report_tickets:,} tickets, days summarised (s)", "report",
            lambda t: t.extra["summarised"], 2),
        Row("yearly report, first run writing the day summaries (s)", "report", lambda t: t.extra["first"], 2),
        Row("worst /api/state wait during the report (ms)", "report", lambda t: t.extra["worst_stall_ms"]),
    ]


def added(counters: int) -> str:
    if counters <= 6:
        return f"counters 1–{counters} of the demo centre (each serves its own fields); the bench "
    return f"the bench adds counters 7–{counters} (all fields) and their clerks (admin API) and "


def setup_lines(p: Profile, args: argparse.Namespace, settings: list[str]) -> list[str]:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return [
        f"machine: {os.cpu_count()} cores, load average {load:.1f} at the start (other programs may share them)",
        f"server: `xephang serve` per mode ({args.modes}), a fresh one a run on a fresh temporary data folder, "
        "127.0.0.1 on a free port, durable commits (synchronous=FULL, WAL)",
        f"runs: {args.runs} per mode; every figure is the median (min–max) over the runs",
        "clients: separate processes"
        + ("; during call -> screens the server is pinned to core 0, the screens to core 1" if args.pin else ""),
        "settings changed from their defaults:",
        *(f"  - {line}" for line in settings),
        "phases, in this order each run:",
        f"  - call-next: {added(p.counters)}queues {p.queue} tickets over the 10 fields; {p.counters} clerks, "
        f"{p.counter_procs} client processes, a thread and a "
        "session each, call and mark no-show until nobody waits (every answer checked; double calls and tickets "
        "left waiting read from the database)",
        f"  - call -> screens: {p.clients} Socket.IO screens in {p.client_procs} processes "
        f"({p.clients - 2 * p.side} wall displays, {p.side} counter workstations, {p.side} rating tablets); "
        f"a clerk at counter 1 issues, calls, starts and finishes {p.calls} tickets, 0.1 s apart; latency = "
        "arrival at each screen - the moment call-next was sent",
        *(f"  - issuing, {PATHS[path]}: {p.kiosks} kiosk processes for {p.seconds:g} s, flat out, then citizens "
          f"arriving at random at {p.paced_rate:g} a second in total; rate = tickets acknowledged / measured "
          "seconds; duplicates and losses checked in the database"
          + ("; print jobs drained (preview printer) before the next phase" if path == "kiosk" else "")
          for path in PATHS),
        f"  - yearly report (eventlet, fresh server a run): {p.report_tickets:,} generated tickets; the first run "
        "writes the day summaries, the second reads them" if p.report_tickets else "  - yearly report: skipped",
    ]


@contextlib.contextmanager
def progress(phase: str) -> Iterator[None]:
    t0 = time.time()
    yield
    print(f"[bench]   {PHASES[phase]}: {time.time() - t0:.0f} s", file=sys.stderr, flush=True)


def run_mode(mode: str, p: Profile, args: argparse.Namespace, voice: str, settings: list[str]
             ) -> dict[str, Tally]:
    tmp = tempfile.mkdtemp(prefix=f"xephang-bench-{mode}-")
    server = live.start(os.path.join(tmp, "var"), mode, voice_cache=voice)
    try:
        settings += [s for s in live.non_default_settings(server) if s not in settings]
        live.add_counters(server, p.counters)
        got = {}
        with progress("call_next"):
            got["call_next"] = bench_call_next(server, p.queue, p.counters, p.counter_procs)
        with progress("screens"):
            got["screens"] = bench_call_latency(server, p.clients, p.client_procs, p.calls, p.side, args.pin)
        for path in PATHS:
            with progress(f"{path}_flat"):
                got[f"{path}_flat"] = bench_issuing(server, path, p.kiosks, p.seconds)
            with progress(f"{path}_paced"):
                got[f"{path}_paced"] = bench_issuing(server, path, p.kiosks, p.seconds, rate=p.paced_rate)
        if not all(t.clean for t in got.values()):  # keep the server's log to see why
            kept = shutil.copy(server.log_path, tempfile.mkstemp(prefix=f"xephang-bench-{mode}-", suffix=".log")[1])
            print(f"[bench]   something failed: the server's log is kept in {kept}", file=sys.stderr, flush=True)
        return got
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def run_report(p: Profile, voice: str) -> Tally:
    tmp = tempfile.mkdtemp(prefix="xephang-bench-report-")
    server = live.start(os.path.join(tmp, "var"), "eventlet", voice_cache=voice)
    try:
        return bench_report(server, p.report_tickets)
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def parse(argv: list[str] | None = None) -> tuple[argparse.Namespace, Profile]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=list(PROFILES), default="commune", help="the load profile")
    parser.add_argument("--modes", default="eventlet,threading")
    parser.add_argument("--runs", type=int, default=3, help="runs of every phase (median and min–max printed)")
    parser.add_argument("--pin", action="store_true",
                        help="call -> screens with the server on core 0 and the screens on core 1")
    for f in fields(Profile):
        if f.name != "about":
            parser.add_argument("--" + f.name.replace("_", "-"), type=type(f.default), default=None,
                                help=f"(commune: {getattr(PROFILES['commune'], f.name)})")
    args = parser.parse_args(argv)
    profile = PROFILES[args.scale]
    changes = {f.name: getattr(args, f.name) for f in fields(Profile) if getattr(args, f.name, None) is not None}
    return args, replace(profile, **changes)


def main(argv: list[str] | None = None) -> None:
    args, p = parse(argv)
    voice = os.path.join(tempfile.mkdtemp(prefix="xephang-bench-voice-"), "clips")
    results: dict[str, dict[str, list[Tally]]] = {}
    settings: list[str] = []
    try:
        for mode in args.modes.split(","):
            results[mode] = {}
            for run in range(args.runs):
                print(f"[bench] {mode}, run {run + 1} of {args.runs}", file=sys.stderr, flush=True)
                for phase, tally in run_mode(mode, p, args, voice, settings).items():
                    results[mode].setdefault(phase, []).append(tally)
        if p.report_tickets and "eventlet" in results:
            for run in range(args.runs):
                print(f"[bench] yearly report, run {run + 1} of {args.runs}", file=sys.stderr, flush=True)
                results["eventlet"].setdefault("report", []).append(run_report(p, voice))
    finally:
        shutil.rmtree(os.path.dirname(voice), ignore_errors=True)
    print(f"\nXếpHàng benchmark — {args.scale} profile: {p.about}")
    print("\n".join(setup_lines(p, args, settings)))
    print()
    print(table(rows(p), results, PHASES))


if __name__ == "__main__":
    main()
