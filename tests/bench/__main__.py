"""`make bench`: live servers measured from client processes, eventlet and threading side by side.

Prints the setup and every non-default setting, then one table: each figure is the median (min–max) of
`--runs` runs on a fresh server, or FAILED when its phase counted an error, a duplicate or a ticket left
waiting; then every phase's counts. Not a test: nothing here asserts a time. How to read it:
docs/performance.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace

from tests.bench import live
from tests.bench.calling import bench_call_cost, bench_call_next
from tests.bench.issuing import PATHS, bench_issuing
from tests.bench.screens import bench_call_latency
from tests.bench.stall import JOBS, bench_no_stall
from tests.bench.tally import Row, Tally, pct, table
from tests.bench.yearly import bench_report

COMMUNE = ("call_next", "screens", "http_flat", "http_paced", "kiosk_flat", "kiosk_paced", "report")
PROVINCE = (
    "call_next",
    "call_one",
    "call_socket",
    "screens",
    "call_page",  # after the screens: their memory figures stay those of the phases before, as until session 24
    "no_stall",
    "call_cost",
    "http_flat",
    "kiosk_flat",
)


@dataclass(frozen=True)
class Profile:
    """A load to measure: `--scale` picks one; every number can be changed from the command line."""

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
    call_rate: float = 0.0  # calls a second during call -> screens; 0: each cycle 0.1 s after the previous one
    report_tickets: int = 400_000  # the yearly report's generated year (province: under the no-stall phase)
    stall_rate: float = 20.0  # tickets a second from the kiosks during the no-stall phase
    short_queue: int = 10
    long_queue: int = 5_000
    samples: int = 300  # single call-next answers timed at each length of the line
    phases: tuple[str, ...] = COMMUNE  # in the order they run
    targets: bool = False  # print issue 15's targets beside the figures


PROFILES = {
    "commune": Profile("a commune centre's day many times over (design load 250 tickets a day, 10 counters)"),
    "province": Profile(
        "a provincial centre (10,000 tickets a day, 100 counters, 500 screens), against the targets of issue 15",
        counter_procs=5,
        queue=1_000,
        clients=700,
        side=100,
        client_procs=7,
        calls=100,
        call_rate=5.0,
        report_tickets=1_000_000,
        phases=PROVINCE,
        targets=True,
    ),
}
NOT_OPTIONS = ("about", "phases", "targets")
CALL_PRESSES = {"call_next": "two", "call_one": "one", "call_socket": "socket", "call_page": "page"}  # how each presses

PHASES = {  # key: what the counts section calls it
    "call_next": "call-next + no-show",
    "call_one": "call-next with the no-show in the same press",
    "call_socket": "call-next + no-show over the workstation's socket",
    "call_page": "call-next + no-show as the counter page, its view after each press",
    "call_cost": "call-next by one clerk, short then long line",
    "screens": "call -> screens (issue, call, start, finish)",
    "no_stall": "no stall: kiosks and counters during the slow jobs",
    "http_flat": "issuing flat out, JSON API",
    "http_paced": "issuing paced, JSON API",
    "kiosk_flat": "issuing flat out, kiosk page path",
    "kiosk_paced": "issuing paced, kiosk page path",
    "report": "yearly report",
}


def ms(values: list[float], percentile: float) -> float:
    return pct(values, percentile) * 1000


def cpu_rows(phase: str, what: str) -> list[Row]:
    """What one request of a throughput phase cost in CPU: the server's, and its load client's (which shares the
    box's cores with it)."""
    return [
        Row(f"{what} server CPU per request (ms)", phase, lambda t: t.extra["server_cpu_ms"], 2),
        Row(f"{what} load client's CPU per request (ms)", phase, lambda t: t.extra["client_cpu_ms"], 2),
    ]


def rows(p: Profile) -> list[Row]:
    """The table's lines for the phases `p` runs, with issue 15's targets when `p.targets`."""

    def aim(text: str) -> str:
        return text if p.targets else ""

    rate = f"{p.paced_rate:.0f} tickets/s"
    screens = f"{p.clients} screens" + (f", {p.call_rate:g} calls/s" if p.call_rate else "")
    short, long = p.short_queue, p.long_queue
    by_phase: dict[str, list[Row]] = {
        **{
            phase: [
                Row(f"{what}, {p.counters} counters (calls/s)", phase, lambda t: t.rate, target=aim(goal)),
                Row(f"{short_name} answer p50 (ms)", phase, lambda t: t.p(50), 1),
                Row(f"{short_name} answer p99 (ms)", phase, lambda t: t.p(99), 1),
                Row(f"{short_name} slowest answer (ms)", phase, lambda t: t.p(100), 1, aim(slowest)),
                *cpu_rows(phase, short_name),
            ]
            for phase, what, short_name, goal, slowest in (
                ("call_next", "call-next + no-show", "call-next", "≥ 500", "≤ 250 (threading)"),
                (
                    "call_one",
                    "call-next with the no-show in the same press",
                    "call-next with the no-show,",
                    "≥ 500",
                    "≤ 250 (threading)",
                ),
                (
                    "call_socket",
                    "call-next + no-show over the workstation's socket",
                    "call-next over the socket,",
                    "≥ 500",
                    "≤ 250 (threading)",
                ),
                # The page's whole load, not a call-next rate: the issue sets it no target.
                ("call_page", "call-next + no-show as the counter page, its view after each", "as the page,", "", ""),
            )
        },
        "call_cost": [
            Row(
                f"call-next, one clerk, {short:,} waiting, median (ms)",
                "call_cost",
                lambda t: ms(t.extra["by_length"][short], 50),
                1,
            ),
            Row(
                f"call-next, one clerk, {short:,} waiting, p99 (ms)",
                "call_cost",
                lambda t: ms(t.extra["by_length"][short], 99),
                1,
            ),
            Row(
                f"call-next, one clerk, {long:,} waiting, median (ms)",
                "call_cost",
                lambda t: ms(t.extra["by_length"][long], 50),
                1,
            ),
            Row(
                f"call-next, one clerk, {long:,} waiting, p99 (ms)",
                "call_cost",
                lambda t: ms(t.extra["by_length"][long], 99),
                1,
            ),
            Row(
                f"median with {long:,} waiting / with {short:,} (%)",
                "call_cost",
                lambda t: 100 * ms(t.extra["by_length"][long], 50) / ms(t.extra["by_length"][short], 50),
                target=aim("≤ 120"),
            ),
        ],
        "screens": [
            *(
                [
                    Row(
                        "calls made during call -> screens (calls/s)",
                        "screens",
                        lambda t: t.extra["call_rate"],
                        1,
                        aim(f"{p.call_rate:g}"),
                    )
                ]
                if p.call_rate
                else []
            ),
            Row(f"call -> screens p50, {screens} (ms)", "screens", lambda t: t.p(50), 1),
            Row(f"call -> screens p99, {screens} (ms)", "screens", lambda t: t.p(99), 1, aim("≤ 100")),
            Row(
                "call -> wall displays only, p99 (ms)",
                "screens",
                lambda t: ms(t.extra["display_latencies"], 99),
                1,
                aim("≤ 100"),
            ),
            Row(
                "workstations' snapshot, ask to answer, p99 (ms)",
                "screens",
                lambda t: ms(t.extra["snapshot_waits"], 99),
                1,
            ),
            Row(
                f"server memory, {p.clients} screens connected (MB)",
                "screens",
                lambda t: t.extra["rss_connected"],
                target=aim("≤ 250"),
            ),
            Row(
                "server memory at the end of the calls (MB)",
                "screens",
                lambda t: t.extra["rss_end"],
                target=aim("≤ 250"),
            ),
            Row(
                "server memory, peak of the run so far (MB)",
                "screens",
                lambda t: t.extra["rss_peak"],
                target=aim("≤ 250"),
            ),
        ],
        "no_stall": [
            Row("no stall: kiosks' and counters' requests p99 (ms)", "no_stall", lambda t: t.p(99), 1, aim("≤ 100")),
            Row(
                "no stall: kiosks' tickets p99 (ms)",
                "no_stall",
                lambda t: ms(t.extra["kiosk_latencies"], 99),
                1,
                aim("≤ 100"),
            ),
            Row(
                "no stall: counters' call-next and no-show p99 (ms)",
                "no_stall",
                lambda t: ms(t.extra["counter_latencies"], 99),
                1,
                aim("≤ 100"),
            ),
            Row("no stall: requests timed while the jobs ran", "no_stall", lambda t: len(t.latencies)),
            *(
                Row(f"no stall: the job '{job}' took (s)", "no_stall", lambda t, job=job: t.extra["jobs"][job], 1)
                for job in JOBS
            ),
        ],
        "report": [
            Row(
                f"yearly report, {p.report_tickets:,} tickets, days summarised (s)",
                "report",
                lambda t: t.extra["summarised"],
                2,
            ),
            Row("yearly report, first run writing the day summaries (s)", "report", lambda t: t.extra["first"], 2),
            Row("worst /api/state wait during the report (ms)", "report", lambda t: t.extra["worst_stall_ms"]),
        ],
    }
    for path, name in (("http", "JSON API"), ("kiosk", "kiosk page path")):
        by_phase[f"{path}_flat"] = [
            Row(
                f"issuing, {name}, {p.kiosks} kiosks flat out (tickets/s)",
                f"{path}_flat",
                lambda t: t.rate,
                target=aim("≥ 500") if path == "http" else "",
            ),
            *cpu_rows(f"{path}_flat", f"issuing, {name},"),
        ]
        by_phase[f"{path}_paced"] = [
            Row(f"issuing, {name}, p{q} at {rate} (ms)", f"{path}_paced", lambda t, q=q: t.p(q), 1) for q in (50, 99)
        ]
    order = (
        "http_flat",
        "http_paced",
        "kiosk_flat",
        "kiosk_paced",
        "call_next",
        "call_one",
        "call_socket",
        "call_page",
        "call_cost",
        "screens",
        "no_stall",
        "report",
    )
    return [row for phase in order if phase in p.phases for row in by_phase[phase]]


def added(counters: int) -> str:
    if counters <= 6:
        return f"counters 1–{counters} of the demo centre (each serves its own fields); the bench "
    return f"the bench adds counters 7–{counters} (all fields) and their clerks (admin API) and "


def describe(p: Profile, phase: str) -> str:
    """What one phase does, for the setup printed above the table."""
    if phase == "call_next":
        return (
            f"call-next: {added(max(p.counters, p.side))}queues {p.queue:,} tickets over the 10 fields; "
            f"{p.counters} clerks, {p.counter_procs} client processes, a thread and a session each, call and "
            "mark no-show until nobody waits (every answer checked; double calls and tickets left waiting read "
            "from the database)"
        )
    if phase == "call_one":
        return (
            f"call-next, one press: the same clerks drain another {p.queue:,} tickets, each press one request that "
            'marks the ticket at the counter a no-show and calls the next (call-next {"close": "no-show", '
            '"ticket": …}, what the workstation\'s "Finish and call next" sends with "finish"); checked alike'
        )
    if phase == "call_socket":
        return (
            f"call-next over the socket: the same clerks drain another {p.queue:,} tickets as the counter screen "
            "sends its presses, call_next then ticket_action no-show, two events on each clerk's own Socket.IO "
            "connection to /counter (websocket, its session cookie) answered through the ack; each connection "
            "also hears the change notices a workstation hears; checked alike"
        )
    if phase == "call_page":
        return (
            f"call-next as the counter page: the same clerks drain another {p.queue:,} tickets over the socket as in "
            "the socket phase, each answered press then followed by the workstation's view (its snapshot event, "
            "what counter.js asks 50 ms after each press), read before the next press: the page's own load, not a "
            "call-next rate (no target in the issue; its answer times include the view, and half its requests, "
            "over which the CPU per request is counted, are views); checked alike"
        )
    if phase == "call_cost":
        return (
            f"call-next cost: one clerk at counter {p.counters} (all fields) times {p.samples} single call-next "
            f"answers with {p.short_queue:,} waiting, then {p.samples} with {p.long_queue:,} waiting (every "
            "tenth a priority ticket); after each call a no-show and one more ticket issued (not timed), so the "
            "line keeps its length"
        )
    if phase == "screens":
        pace = f"at {p.call_rate:g} calls a second" if p.call_rate else "0.1 s apart"
        return (
            f"call -> screens: {p.clients} Socket.IO screens in {p.client_procs} processes "
            f"({p.clients - 2 * p.side} wall displays, {p.side} counter workstations, {p.side} rating tablets; each "
            "workstation's clerk has opened their counter, and it asks for its snapshot after the changes it hears "
            "as the page does: at once for its own counter, at most once a second for the others); "
            f"a clerk at counter 1 issues, calls, starts and finishes {p.calls} tickets, {pace}; latency = "
            "arrival at each screen told of each call (every wall display, counter 1's workstation and tablet; the "
            "other workstations hear of the calls once a pace) - the moment call-next was sent; memory with every "
            "screen connected"
        )
    if phase == "no_stall":
        return (
            f"no stall: {p.kiosks} kiosk processes issue (JSON API) at {p.stall_rate:g} tickets/s in all, "
            f"clerks 1–{p.counters} in {p.counter_procs} processes call and mark no-show (a pause between "
            "citizens of 0.25–0.75 s, drawn for each, 0.5 on average); after 1 s, at once: 50 wrong logins from "
            "50 addresses (10 at a time), an upload of 250 "
            "procedures (CSV, admin), the yearly report (GET /api/reports?period=year, over "
            f"{p.report_tickets:,} generated tickets of last year, its first run) and a backup "
            "(`xephang backup`); p99 over the kiosks' and counters' requests in flight while the jobs ran"
        )
    if phase == "report":
        return (
            f"yearly report (eventlet, fresh server a run): {p.report_tickets:,} generated tickets; the first run "
            "writes the day summaries, the second reads them"
            if p.report_tickets
            else "yearly report: skipped"
        )
    path, how = phase.split("_")
    paced = f"citizens arriving at random at {p.paced_rate:g} a second in total" if how == "paced" else "flat out"
    return (
        f"issuing, {PATHS[path]}: {p.kiosks} kiosk processes for {p.seconds:g} s, {paced}; rate = tickets "
        "acknowledged / measured seconds; duplicates and losses checked in the database"
        + ("; print jobs drained (preview printer) before the next phase" if path == "kiosk" else "")
    )


def load_average() -> float:
    """The last minute's load average (what the box was busy with), or nan where the system has none."""
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def reference_ms(repeat: int = 5) -> float:
    """This box's speed today: the milliseconds a fixed piece of pure-Python work (a ticket's JSON written and read
    2,000 times, 200,000 multiplications) takes on one core, the best of `repeat`. The same box can be twice as
    slow one day as another (a shared machine): a rate is only comparable with another read beside this."""
    row = {
        "id": 1234,
        "number": "A015",
        "service": "A",
        "status": "waiting",
        "priority": None,
        "counter": 7,
        "issued_at": "2026-12-02T08:00:00+07:00",
        "counters": [{"number": n, "open": True} for n in range(10)],
    }
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for _ in range(2_000):
            json.loads(json.dumps(row))
        sum(i * i for i in range(200_000))
        best = min(best, time.perf_counter() - started)
    return 1000 * best


def memory_ms(repeat: int = 3) -> float:
    """The same box's speed over a working set far larger than a core's caches: the milliseconds 400,000 reads
    scattered over a list of 4,000,000 numbers (about 140 MB with their objects) take, the best of `repeat`.
    `reference_ms` fits in a core's own cache; a server's work does not, and a host's other guests share the
    last-level cache and the memory bus."""
    numbers = list(range(4_000_000))
    size = len(numbers)
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        total = 0
        for i in range(400_000):
            total += numbers[(i * 2_654_435_761) % size]
        best = min(best, time.perf_counter() - started)
    return 1000 * best


def fsync_ms(folder: str | None = None, writes: int = 200) -> tuple[float, float]:
    """This box's disk today: the median and p90 milliseconds a 4 KiB write takes to be made durable (fsync) in
    `folder` (the temporary folder, where the bench's servers keep their data). Every commit of a call waits for
    it; sessions 25–26 read a call at twice the CPU and half the rate of session 27 on the same reference work,
    and the disk is one thing a shared host changes that pure Python does not see."""
    fd, path = tempfile.mkstemp(prefix="xephang-bench-disk-", dir=folder)
    took = []
    try:
        for i in range(writes):
            os.pwrite(fd, b"\0" * 4096, (i % 16) * 4096)
            started = time.perf_counter()
            os.fsync(fd)
            took.append(1000 * (time.perf_counter() - started))
    finally:
        os.close(fd)
        os.unlink(path)
    took.sort()
    return statistics.median(took), took[int(0.9 * (len(took) - 1))]


def cpu_times() -> tuple[float, float]:
    """(all, stolen) CPU time so far, from /proc/stat's first line: stolen is what the host gave other guests while
    this one wanted to run. (nan, nan) where there is no /proc/stat."""
    try:
        with open("/proc/stat", encoding="ascii") as fh:
            fields = [float(v) for v in fh.readline().split()[1:]]
    except (OSError, ValueError):
        return float("nan"), float("nan")
    return sum(fields[:8]), fields[7] if len(fields) > 7 else 0.0


@dataclass(frozen=True)
class Machine:
    """What the box was like around the runs: read before the first and after the last."""

    load_before: float
    reference_ms: float
    load_after: float = float("nan")
    memory_ms: float = float("nan")
    fsync_ms: tuple[float, float] = (float("nan"), float("nan"))  # median, p90
    cpu_before: tuple[float, float] = (float("nan"), float("nan"))  # all, stolen (/proc/stat)
    cpu_after: tuple[float, float] = (float("nan"), float("nan"))

    @property
    def stolen_pct(self) -> float:
        spent = self.cpu_after[0] - self.cpu_before[0]
        return 100 * (self.cpu_after[1] - self.cpu_before[1]) / spent if spent > 0 else float("nan")


def setup_lines(p: Profile, args: argparse.Namespace, settings: list[str], machine: Machine) -> list[str]:
    return [
        f"machine: {os.cpu_count()} cores; load average {machine.load_before:.1f} before the first run, "
        f"{machine.load_after:.1f} after the last (the bench's own load; other programs may share the box)",
        f"machine speed: reference work {machine.reference_ms:.0f} ms before the first run (pure Python on one "
        "core, best of 5: the more, the slower the box; compare the rates of two days with it in view); "
        f"memory work {machine.memory_ms:.0f} ms (scattered reads over 140 MB, best of 3: the caches a host's "
        "other guests share)",
        f"machine disk: a 4 KiB write made durable (fsync) took {machine.fsync_ms[0]:.2f} ms, p90 "
        f"{machine.fsync_ms[1]:.2f} ms, before the first run (every call's commit waits for one; the more, the "
        "slower the calls)",
        f"machine host: {machine.stolen_pct:.1f} % of the CPU time during the runs went to the host's other guests "
        "(steal, /proc/stat: the more, the slower every figure)",
        f"server: `xephang serve` per mode ({args.modes}), a fresh one a run on a fresh temporary data folder, "
        "127.0.0.1 on a free port, durable commits (synchronous=FULL, WAL)",
        f"runs: {args.runs} per mode; every figure is the median (min–max) over the runs",
        "clients: separate processes; the clerks and the JSON API's kiosks each keep one HTTP/1.1 connection "
        "open (http.client: a request costs its client about a quarter of what it cost through requests; the CPU "
        "rows say what each side spent)"
        + ("; during call -> screens the server is pinned to core 0, the screens to core 1" if args.pin else ""),
        "settings changed from their defaults:",
        *(f"  - {line}" for line in settings),
        "phases, in this order each run:",
        *(f"  - {describe(p, phase)}" for phase in p.phases),
    ]


@contextlib.contextmanager
def progress(phase: str) -> Iterator[None]:
    t0 = time.time()
    yield
    print(f"[bench]   {PHASES[phase]}: {time.time() - t0:.0f} s", file=sys.stderr, flush=True)


def measure(phase: str, server: live.LiveServer, p: Profile, args: argparse.Namespace) -> Tally:
    if phase in CALL_PRESSES:
        return bench_call_next(server, p.queue, p.counters, p.counter_procs, CALL_PRESSES[phase])
    if phase == "call_cost":
        return bench_call_cost(server, p.counters, (p.short_queue, p.long_queue), p.samples)
    if phase == "screens":
        return bench_call_latency(server, p.clients, p.client_procs, p.calls, p.side, args.pin, p.call_rate or None)
    if phase == "no_stall":
        return bench_no_stall(server, p.kiosks, p.stall_rate, p.counters, p.counter_procs, p.report_tickets)
    path, how = phase.split("_")
    return bench_issuing(server, path, p.kiosks, p.seconds, rate=p.paced_rate if how == "paced" else None)


def run_mode(mode: str, p: Profile, args: argparse.Namespace, voice: str, settings: list[str]) -> dict[str, Tally]:
    tmp = tempfile.mkdtemp(prefix=f"xephang-bench-{mode}-")
    env = {"XEPHANG_BEHIND_PROXY": "1"} if "no_stall" in p.phases else None  # 50 addresses for the wrong logins
    server = live.start(os.path.join(tmp, "var"), mode, env=env, voice_cache=voice)
    try:
        settings += [s for s in live.non_default_settings(server) if s not in settings]
        live.add_counters(server, max(p.counters, p.side))
        got = {}
        for phase in p.phases:
            if phase != "report":
                with progress(phase):
                    got[phase] = measure(phase, server, p, args)
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
    parser.add_argument(
        "--pin", action="store_true", help="call -> screens with the server on core 0 and the screens on core 1"
    )
    for f in fields(Profile):
        if f.name not in NOT_OPTIONS:
            parser.add_argument(
                "--" + f.name.replace("_", "-"),
                type=type(f.default),
                default=None,
                help="("
                + ", ".join(f"{scale}: {getattr(profile, f.name)}" for scale, profile in PROFILES.items())
                + ")",
            )
    args = parser.parse_args(argv)
    profile = PROFILES[args.scale]
    changes = {
        f.name: getattr(args, f.name)
        for f in fields(Profile)
        if f.name not in NOT_OPTIONS and getattr(args, f.name) is not None
    }
    return args, replace(profile, **changes)


def main(argv: list[str] | None = None) -> None:
    args, p = parse(argv)
    voice = os.path.join(tempfile.mkdtemp(prefix="xephang-bench-voice-"), "clips")
    results: dict[str, dict[str, list[Tally]]] = {}
    settings: list[str] = []
    machine = Machine(
        load_before=load_average(),
        reference_ms=reference_ms(),
        memory_ms=memory_ms(),
        fsync_ms=fsync_ms(),
        cpu_before=cpu_times(),
    )
    try:
        for mode in args.modes.split(","):
            results[mode] = {}
            for run in range(args.runs):
                print(f"[bench] {mode}, run {run + 1} of {args.runs}", file=sys.stderr, flush=True)
                for phase, tally in run_mode(mode, p, args, voice, settings).items():
                    results[mode].setdefault(phase, []).append(tally)
        if "report" in p.phases and p.report_tickets and "eventlet" in results:
            for run in range(args.runs):
                print(f"[bench] yearly report, run {run + 1} of {args.runs}", file=sys.stderr, flush=True)
                results["eventlet"].setdefault("report", []).append(run_report(p, voice))
    finally:
        shutil.rmtree(os.path.dirname(voice), ignore_errors=True)
    print(f"\nXếpHàng benchmark — {args.scale} profile: {p.about}")
    machine = replace(machine, load_after=load_average(), cpu_after=cpu_times())
    print("\n".join(setup_lines(p, args, settings, machine)))
    print()
    print(table(rows(p), results, PHASES))


if __name__ == "__main__":
    main()
