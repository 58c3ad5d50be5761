"""The figures a centre reports to the district and province, computed from tickets, events and ratings.

Run in its own process (`python -m server.reports DB FROM TO TZ TODAY`) by the server, so that a year of a
busy centre never holds up the live screens; standard library only.

Definitions. A ticket is *issued* when a citizen takes a number (a transferred citizen's new ticket is
counted under `transferred_in`, not issued again). Every ticket has one outcome, so in every row
issued + transferred_in = served + no_show + transferred + cancelled + expired + still_open: `expired` are
the tickets the day close ended unfinished (server.services.day_close), `still_open` those waiting, called,
serving or on hold now (today's only, once the earlier days are closed). Its *wait* runs from arrival in
the field's line (the issue, or the transfer) to its first call; its *service time* from start to finish.
Averages and maxima are exact; medians, percentiles and the share within the waiting-time target count
each wait in whole seconds, rounded up (so "within 15 minutes" means at most 900.0 s). Satisfaction rate =
(N − "không hài lòng") ÷ N, N chosen by the option `satisfaction_denominator`: the ratings (default, Decision
766/QĐ-TTg per rating), the tickets served, or the dossiers received (then the dossiers rated "không hài lòng",
server/dossier_report.py); each row's `formula` gives N and the numerator, and `reasons` why citizens were
unhappy. The share rated = rated ÷ served. Beside the period, `previous` and `year_before` give the fields' and
the total's rows of the period before and of the same period a year earlier (server.core.periods).

Speed. A closed day never changes, so the first report that covers it writes its *day summary*: one row
per (field, counter, officer) with the counts, sums and the list of waits and service times in whole
seconds, plus the ratings and the load by hour. A year then reads ~250 days of summaries instead of
~400,000 tickets; the periods compared read the same summaries, grouped per field only. Triggers drop a
day's summary whenever one of its tickets or ratings is written, so a summary is never stale; today, and any
day without a summary, is counted from the tickets themselves.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import sqlite3
import sys
import threading
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from itertools import accumulate
from typing import Any
from zoneinfo import ZoneInfo

from server import dossier_report
from server.background import lower_this_thread
from server.core import periods

_WAIT = "(t.called_at - t.arrived_at)"  # arrival: the issue, or the transfer into this line
_SERVICE = "(CASE WHEN t.status = 'done' AND t.started_at IS NOT NULL THEN t.ended_at - t.started_at END)"


def _up(value: str) -> str:
    """SQL for a non-negative number of seconds rounded up to a whole second."""
    return f"(CAST({value} AS INTEGER) + ({value} > CAST({value} AS INTEGER)))"


# One row per day and (field, counter, officer): the shape of both a day summary and a live count.
_DAY_GROUPS = f"""
SELECT t.day, t.service, t.counter, t.clerk_id,
  sum(t.transferred_from IS NULL) AS issued, sum(t.transferred_from IS NOT NULL) AS transferred_in,
  count(t.called_at) AS called, sum(t.status = 'done') AS served, sum(t.status = 'no_show') AS no_show,
  sum(t.status = 'transferred') AS transferred, sum(t.status = 'cancelled') AS cancelled,
  sum(t.status = 'waiting') AS waiting_left, sum({_WAIT}) AS wait_sum, max({_WAIT}) AS max_wait_s,
  sum({_SERVICE}) AS service_sum, count({_SERVICE}) AS service_n,
  sum(t.transferred_from IS NULL AND t.priority IS NOT NULL) AS priority_issued,
  group_concat({_up(_WAIT)}) AS waits, group_concat({_up(_SERVICE)}) AS service_times,
  sum(t.status = 'expired') AS expired, sum(t.status IN ('waiting', 'called', 'serving', 'parked')) AS still_open
FROM tickets t WHERE t.day IN (SELECT value FROM json_each(:days))
GROUP BY t.day, t.service, t.counter, t.clerk_id
"""
_DAY_RATINGS = """
SELECT day, service, counter, clerk_id, score, scale, dissatisfied, count(*) AS n,
  group_concat(CASE WHEN reasons != '[]' THEN reasons END, '|') AS reasons
FROM ratings WHERE day IN (SELECT value FROM json_each(:days))
GROUP BY day, service, counter, clerk_id, score, scale, dissatisfied
"""
_DAY_LOAD = """
SELECT day, CAST((issued_at + :offset) / 3600 AS INTEGER) % 24 AS hour, count(*) AS issued
FROM tickets WHERE day IN (SELECT value FROM json_each(:days)) AND transferred_from IS NULL
GROUP BY day, hour
"""
_SUMS = (
    "issued",
    "transferred_in",
    "called",
    "served",
    "no_show",
    "transferred",
    "cancelled",
    "waiting_left",
    "wait_sum",
    "service_sum",
    "service_n",
    "priority_issued",
    "expired",
    "still_open",
)
# Summed over the summarised days and the live ones alike.
_ROLLUP_OF = """
SELECT {groups}, {sums}, max(max_wait_s) AS max_wait_s,
  group_concat(waits) AS waits, group_concat(service_times) AS service_times
FROM (SELECT * FROM summary_tickets WHERE day IN (SELECT value FROM json_each(:summarised))
      UNION ALL SELECT * FROM ({live}))
GROUP BY {group_by}
"""
_SUMMED = ", ".join(f"sum({k}) AS {k}" for k in _SUMS)
_ROLLUP = _ROLLUP_OF.format(
    groups="service, counter, clerk_id", sums=_SUMMED, live=_DAY_GROUPS, group_by="service, counter, clerk_id"
)
# The periods compared need the fields and the total only: one row per field, its waits counted as text.
_ROLLUP_BY_SERVICE = _ROLLUP_OF.format(
    groups="service, NULL AS counter, NULL AS clerk_id", sums=_SUMMED, live=_DAY_GROUPS, group_by="service"
)
_RATINGS_ROLLUP = f"""
SELECT service, counter, clerk_id, score, scale, dissatisfied, sum(n), group_concat(reasons, '|')
FROM (SELECT * FROM summary_ratings WHERE day IN (SELECT value FROM json_each(:summarised))
      UNION ALL SELECT * FROM ({_DAY_RATINGS}))
GROUP BY service, counter, clerk_id, score, scale, dissatisfied
"""
_LOAD_ROLLUP = f"""
SELECT day, hour, sum(issued) FROM (SELECT * FROM summary_load WHERE day IN (SELECT value FROM json_each(:summarised))
                                   UNION ALL SELECT * FROM ({_DAY_LOAD}))
GROUP BY day, hour
"""


class Spread:
    """Whole seconds counted per value: medians and percentiles of a year without sorting 400,000 numbers."""

    def __init__(self) -> None:
        self.counts: Counter[int] = Counter()

    def add(self, values: list[int] | Counter[int]) -> None:
        self.counts.update(values)

    def merge(self, other: Spread) -> None:
        self.counts.update(other.counts)

    def done(self) -> Spread:
        self.values = sorted(self.counts)
        self.ranks = list(accumulate(self.counts[v] for v in self.values))
        self.n = self.ranks[-1] if self.ranks else 0
        return self

    def nth(self, rank: int) -> int:
        """The rank-th smallest (from 1)."""
        return self.values[bisect_left(self.ranks, rank)]

    def percentile(self, p: float) -> int | None:
        """Nearest rank: the value at or below which p % lie."""
        return self.nth(max(1, math.ceil(p / 100 * self.n))) if self.n else None

    def median(self) -> float | None:
        if not self.n:
            return None
        half = self.n // 2
        return self.nth(half + 1) if self.n % 2 else (self.nth(half) + self.nth(half + 1)) / 2

    def at_most(self, limit: float) -> int:
        index = bisect_right(self.values, limit)
        return self.ranks[index - 1] if index else 0


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def _figures(agg: dict[str, Any], waits: Spread, services: Spread, wait_target: float) -> dict[str, Any]:
    """Figures of one group from its summed counts and the spread of its waits and service times."""
    issued, called = agg["issued"] or 0, agg["called"] or 0
    return {
        "issued": issued,
        "transferred_in": agg["transferred_in"] or 0,
        "called": called,
        "served": agg["served"] or 0,
        "no_show": agg["no_show"] or 0,
        "transferred": agg["transferred"] or 0,
        "cancelled": agg["cancelled"] or 0,
        "expired": agg["expired"] or 0,
        "still_open": agg["still_open"] or 0,
        "waiting_left": agg["waiting_left"] or 0,
        "avg_wait_s": _round(agg["wait_sum"] / called if called else None),
        "median_wait_s": _round(waits.median()),
        "p90_wait_s": _round(waits.percentile(90)),
        "max_wait_s": _round(agg["max_wait_s"]),
        "within_target": round(waits.at_most(wait_target) / called, 4) if called else None,
        "avg_service_s": _round(agg["service_sum"] / agg["service_n"] if agg["service_n"] else None),
        "p90_service_s": _round(services.percentile(90)),
        "priority_share": round((agg["priority_issued"] or 0) / issued, 4) if issued else None,
    }


BASES = ("rated", "dossiers", "served")  # the option satisfaction_denominator


def _satisfaction(
    levels: dict[str, int],
    rated: int,
    unhappy: int,
    served: int,
    target: float | None,
    basis: str = "rated",
    dossiers: tuple[int, int] = (0, 0),
) -> dict[str, Any]:
    """Satisfaction = (N − "không hài lòng") ÷ N as the centre's option says: N the ratings and the ratings
    "không hài lòng" (QĐ 766 per rating, the default), N the tickets served and the same ratings, or N the
    dossiers received and the dossiers rated "không hài lòng" (QĐ 766 per dossier). `formula` has the numbers."""
    denominator, bad = {"rated": (rated, unhappy), "served": (served, unhappy), "dossiers": dossiers}[basis]
    numerator = max(denominator - bad, 0)
    rate = None if denominator == 0 else round(numerator / denominator, 4)
    return {
        "rated": rated,
        "satisfied": rated - unhappy,
        "dissatisfied": unhappy,
        "satisfaction_rate": rate,
        "formula": {"basis": basis, "numerator": numerator, "denominator": denominator, "dissatisfied": bad},
        "rated_share": round(rated / served, 4) if served else None,
        "levels": dict(sorted(levels.items())),
        "target": target,
        "meets_target": None if rate is None or target is None else rate >= target,
    }


_EMPTY = {**{k: 0 for k in _SUMS}, "max_wait_s": None}


def _days(day_from: str, day_to: str) -> list[str]:
    start, end = dt.date.fromisoformat(day_from), dt.date.fromisoformat(day_to)
    return [(start + dt.timedelta(days=i)).isoformat() for i in range((end - start).days + 1)]


def _utc_offset(tz: str) -> float:
    offset = dt.datetime.now(ZoneInfo(tz)).utcoffset()
    return offset.total_seconds() if offset else 0.0  # the centre's zone (no DST in VN)


_SUMMARIES = (("summary_tickets", _DAY_GROUPS), ("summary_ratings", _DAY_RATINGS), ("summary_load", _DAY_LOAD))


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection, kind: str = "IMMEDIATE") -> Iterator[None]:
    """IMMEDIATE: a short write; DEFERRED: one consistent snapshot for several reads."""
    conn.execute(f"BEGIN {kind}")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _inline(fn: Callable[..., Any], *args: Any) -> Any:
    return fn(*args)


def summarise(
    conn: sqlite3.Connection, days: list[str], tz: str, chunk: int = 31, reading: Callable[..., Any] = _inline
) -> list[str]:
    """Write the summaries of the closed days given; return the days summarised (none on a read-only database).

    The counting reads a snapshot outside any write lock, so the live server is never kept waiting: each day
    is first marked `counting`; a ticket or rating written meanwhile deletes the mark (trigger), and only the
    days still marked get their rows and become `done`.
    """
    done: list[str] = []
    for start in range(0, len(days), chunk):
        batch = json.dumps(days[start : start + chunk])
        try:
            with _transaction(conn):
                conn.execute(
                    "INSERT OR REPLACE INTO summary_days (day, state, at)"
                    " SELECT value, 'counting', julianday('now') FROM json_each(?)",
                    [batch],
                )
            counted = reading(_count_days, conn, batch, tz)
            with _transaction(conn):
                still = {
                    d
                    for (d,) in conn.execute(
                        "SELECT day FROM summary_days WHERE state = 'counting'"
                        " AND day IN (SELECT value FROM json_each(?))",
                        [batch],
                    )
                }
                for table, rows in counted.items():
                    conn.execute(
                        f"DELETE FROM {table} WHERE day IN (SELECT value FROM json_each(?))",
                        [json.dumps(sorted(still))],
                    )
                    keep = [r for r in rows if r[0] in still]
                    if keep:
                        conn.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(keep[0]))})", keep)
                conn.execute(
                    "UPDATE summary_days SET state = 'done' WHERE state = 'counting'"
                    " AND day IN (SELECT value FROM json_each(?))",
                    [batch],
                )
        except sqlite3.OperationalError:  # read-only or full disk: those days are counted from the tickets
            break
        done += sorted(still)
    return done


def _count_days(conn: sqlite3.Connection, batch: str, tz: str) -> dict[str, list[Any]]:
    """The summaries' rows of some days (a JSON list), read in one snapshot."""
    with _transaction(conn, "DEFERRED"):
        return {
            table: conn.execute(select, {"days": batch, "offset": _utc_offset(tz)}).fetchall()
            for table, select in _SUMMARIES
        }


def at_lowest_priority(fn: Callable[..., Any], *args: Any) -> Any:
    """`fn(*args)` on a thread at the lowest CPU priority, waited for (the report's child process only: Linux gives
    each thread its own priority), as the password hashes are: a yearly report's million tickets are read on what
    the hall's requests leave (docs/performance.md, session 11). Only reads go there: a write transaction starved
    of CPU while it holds the write lock would make every kiosk wait."""
    box: list[tuple[bool, Any]] = []

    def run() -> None:
        lower_this_thread()
        try:
            box.append((True, fn(*args)))
        except BaseException as exc:  # noqa: BLE001 - raised in the caller
            box.append((False, exc))

    thread = threading.Thread(target=run, name="xephang-report-read")
    thread.start()
    thread.join()
    ok, value = box[0]
    if ok:
        return value
    raise value


def summarise_closed_days(db_path: str, tz: str, today: str, reading: Callable[..., Any] = _inline) -> list[str]:
    """Summarise every closed day that has tickets or ratings and no summary yet (at start-up and midnight)."""
    conn = sqlite3.connect(db_path, timeout=10, isolation_level=None, check_same_thread=False)
    try:
        pending = [
            d
            for (d,) in conn.execute(
                "SELECT day FROM (SELECT DISTINCT day FROM tickets UNION SELECT DISTINCT day FROM ratings)"
                " WHERE day < ? AND day NOT IN (SELECT day FROM summary_days WHERE state = 'done') ORDER BY day",
                [today],
            )
        ]
        return summarise(conn, pending, tz, reading=reading)
    finally:
        conn.close()


def summarise_range(db_path: str, day_from: str, day_to: str, tz: str, today: str, reading: Callable[..., Any]) -> None:
    """Summarise the closed days of a period that have no summary yet (what `compute` would do first): the
    report's child does it before reading, so that its writes run at the process's own priority."""
    conn = sqlite3.connect(db_path, timeout=10, isolation_level=None, check_same_thread=False)
    try:
        summarise(conn, _unsummarised(conn, day_from, day_to, today), tz, reading=reading)
    finally:
        conn.close()


def _unsummarised(conn: sqlite3.Connection, day_from: str, day_to: str, today: str) -> list[str]:
    have = {
        d
        for (d,) in conn.execute(
            "SELECT day FROM summary_days WHERE state = 'done' AND day BETWEEN ? AND ?", [day_from, day_to]
        )
    }
    return [d for d in _days(day_from, day_to) if d < today and d not in have]


class _Tally:
    """One period's counts, summed per field, counter, officer and in total (key 0), ready to become rows."""

    def __init__(self) -> None:
        self.by: dict[str, dict[Any, dict[str, Any]]] = {"service": {}, "counter": {}, "clerk": {}, "total": {}}
        self.waits: dict[tuple[str, Any], Spread] = defaultdict(Spread)
        self.service_times: dict[tuple[str, Any], Spread] = defaultdict(Spread)
        self.rated: dict[tuple[str, Any], list[int]] = defaultdict(lambda: [0, 0])
        self.levels: dict[tuple[str, Any], dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.reasons: dict[tuple[str, Any], dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.load: dict[tuple[int, int], int] = defaultdict(int)


def _counted(text: str | None) -> Counter[int]:
    counted = Counter(text.split(",")) if text else Counter()
    return Counter({int(value): n for value, n in counted.items()})


def _tally(conn: sqlite3.Connection, params: dict[str, Any], kinds: tuple[str, ...]) -> _Tally:
    """Sum the day summaries and the live days of `params` for the groups `kinds` (service is always one:
    the total's spreads are the fields' merged, which costs far less than counting every wait again)."""
    out = _Tally()
    by_service = "counter" not in kinds and "clerk" not in kinds
    for group in conn.execute(_ROLLUP_BY_SERVICE if by_service else _ROLLUP, params):
        if by_service:  # a field's year of waits: count the texts, then read each distinct one as a number
            group_waits: Any = _counted(group["waits"])
            group_services: Any = _counted(group["service_times"])
        else:
            group_waits = list(map(int, group["waits"].split(","))) if group["waits"] else []
            group_services = list(map(int, group["service_times"].split(","))) if group["service_times"] else []
        for kind, key in (
            ("service", group["service"]),
            ("counter", group["counter"]),
            ("clerk", group["clerk_id"]),
            ("total", 0),
        ):
            if key is None or kind not in kinds:
                continue
            into = out.by[kind].setdefault(key, dict(_EMPTY))
            for name in _SUMS:
                into[name] += group[name] or 0
            if group["max_wait_s"] is not None:
                into["max_wait_s"] = max(into["max_wait_s"] or 0, group["max_wait_s"])
            if kind != "total":
                out.waits[(kind, key)].add(group_waits)
                out.service_times[(kind, key)].add(group_services)
    for key in out.by["service"]:
        out.waits[("total", 0)].merge(out.waits[("service", key)])
        out.service_times[("total", 0)].merge(out.service_times[("service", key)])
    for service, counter, clerk, score, scale, unhappy, n, why in conn.execute(_RATINGS_ROLLUP, params):
        keys = [
            k for k in (("service", service), ("counter", counter), ("clerk", clerk), ("total", 0)) if k[0] in kinds
        ]
        for key in keys:
            out.rated[key][0] += n
            out.rated[key][1] += n * unhappy
            out.levels[key][f"{score}/{scale}"] += n
        for chunk in (why or "").split("|"):
            for reason in json.loads(chunk) if chunk else []:
                for key in keys:
                    out.reasons[key][reason] += 1
    return out


def _by_count(counts: dict[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _period_params(conn: sqlite3.Connection, day_from: str, day_to: str, offset: float) -> dict[str, Any]:
    """Which days of the range are read from their summary and which from their tickets (in the snapshot)."""
    summarised = {
        d
        for (d,) in conn.execute(
            "SELECT day FROM summary_days WHERE state = 'done' AND day BETWEEN ? AND ?", [day_from, day_to]
        )
    }
    return {
        "summarised": json.dumps(sorted(summarised)),
        "days": json.dumps([d for d in _days(day_from, day_to) if d not in summarised]),
        "offset": offset,
    }


def compute(
    db_path: str,
    day_from: str,
    day_to: str,
    tz: str = "Asia/Ho_Chi_Minh",
    today: str | None = None,
    summarise_first: bool = True,
) -> dict[str, Any]:
    """Every figure of the period, with the fields' and the total's figures of the period before and of the
    same period a year earlier. Days before `today` (the centre's date) are summarised on first use (unless
    `summarise_first` is False: the child process has done it; a day not summarised is counted from its tickets)."""
    today = today or dt.datetime.now(ZoneInfo(tz)).date().isoformat()
    start, end = dt.date.fromisoformat(day_from), dt.date.fromisoformat(day_to)
    compared = {
        "previous": tuple(d.isoformat() for d in periods.previous_range(start, end)),
        "year_before": tuple(d.isoformat() for d in periods.year_earlier(start, end)),
    }
    conn = sqlite3.connect(db_path, timeout=10, isolation_level=None)
    conn.row_factory = sqlite3.Row
    try:
        # The periods compared with read the summaries the day close wrote and count any other day live.
        if summarise_first:
            summarise(conn, _unsummarised(conn, day_from, day_to, today), tz)
        offset = _utc_offset(tz)
        with _transaction(conn, "DEFERRED"):  # one snapshot: a day is read from its summary or its tickets
            params = _period_params(conn, day_from, day_to, offset)
            options = {k: json.loads(v) for k, v in conn.execute("SELECT key, value FROM options")}
            basis = options.get("satisfaction_denominator", "rated")
            basis = basis if basis in BASES else "rated"
            tally = _tally(conn, params, ("service", "counter", "clerk", "total"))
            for day, hour, n in conn.execute(_LOAD_ROLLUP, params):
                tally.load[(dt.date.fromisoformat(day).weekday(), hour)] += n
            earlier: dict[tuple[str, str], tuple[_Tally, dict[tuple[str, Any], dict[str, Any]] | None]] = {}
            for a, b in compared.values():
                if (a, b) not in earlier:  # a year's previous period is the year before: counted once
                    earlier[(a, b)] = (
                        _tally(conn, _period_params(conn, a, b, offset), ("service", "total")),
                        dossier_report.figures(conn, a, b) if basis == "dossiers" else None,
                    )
            short_s = float(options.get("short_service_s", 20))
            flags = _flags(conn, day_from, day_to, short_s)
            comments = _comments(conn, day_from, day_to, tz)
            services = {r["code"]: dict(r) for r in conn.execute("SELECT code, name_vi, name_en FROM services")}
            users = {r["id"]: dict(r) for r in conn.execute("SELECT id, username, full_name FROM users")}
            counters = {r["number"]: dict(r) for r in conn.execute("SELECT number, name FROM counters")}
            per_dossier = dossier_report.figures(conn, day_from, day_to)
    finally:
        conn.close()
    wait_target = float(options.get("wait_target_s", 900))
    overall_target = float(options.get("satisfaction_target", 0.9))
    field_targets = options.get("satisfaction_targets", {"C": 0.85, "E": 0.85})

    def rows_of(tally: _Tally, dossiers: dict[tuple[str, Any], dict[str, Any]] | None):
        """The row builder of one period; without `dossiers`, rows leave out the per-dossier figures."""

        def row(kind: str, key: Any, target: float | None) -> dict[str, Any]:
            figures = _figures(
                tally.by[kind].get(key, _EMPTY),
                tally.waits[(kind, key)].done(),
                tally.service_times[(kind, key)].done(),
                wait_target,
            )
            count, unhappy = tally.rated[(kind, key)]
            per = (dossiers or {}).get((kind, key), dossier_report.EMPTY)
            return {
                **figures,
                **_satisfaction(
                    tally.levels[(kind, key)],
                    count,
                    unhappy,
                    figures["served"],
                    target,
                    basis,
                    (per["dossiers"], per["dossiers_dissatisfied"]),
                ),
                "reasons": _by_count(tally.reasons[(kind, key)]),
                **(per if dossiers is not None else {}),
            }

        def service_rows() -> list[dict[str, Any]]:
            return [
                {
                    "service": code,
                    "name": services.get(code, {}).get("name_vi", code),
                    "name_en": services.get(code, {}).get("name_en", code),
                    **row("service", code, float(field_targets.get(code, overall_target))),
                }
                for code in sorted(set(tally.by["service"]) | {k for (kind, k) in tally.rated if kind == "service"})
            ]

        return row, service_rows

    row, service_rows = rows_of(tally, per_dossier)
    counter_rows = [
        {"counter": n, "name": counters.get(n, {}).get("name", ""), **row("counter", n, overall_target)}
        for n in sorted(tally.by["counter"])
    ]
    flagged_by_clerk: dict[Any, int] = defaultdict(int)
    for item in flags["flagged_ratings"]:
        flagged_by_clerk[item["clerk_id"]] += 1
    clerk_rows = [
        {
            "clerk_id": uid,
            "username": users.get(uid, {}).get("username"),
            "name": users.get(uid, {}).get("full_name"),
            **row("clerk", uid, overall_target),
            "flagged_rated": flagged_by_clerk[uid],
        }
        for uid in sorted(set(tally.by["clerk"]) | {k for (kind, k) in tally.rated if kind == "clerk" and k})
    ]
    for item in flags["flagged_ratings"]:
        item["clerk"] = users.get(item["clerk_id"], {}).get("full_name") or users.get(item["clerk_id"], {}).get(
            "username"
        )
    for item in comments["listed"]:
        who = users.get(item["clerk_id"], {})
        item["clerk"] = who.get("full_name") or who.get("username")
        item["service_name"] = services.get(item["service"], {}).get("name_vi", item["service"])
        item["counter_name"] = counters.get(item["counter"], {}).get("name", "")
    comparison = {}
    for name, (a, b) in compared.items():
        then_row, then_services = rows_of(*earlier[(a, b)])
        comparison[name] = {
            "from": a,
            "to": b,
            "total": then_row("total", 0, overall_target),
            "services": then_services(),
        }
    return {
        "from": day_from,
        "to": day_to,
        "wait_target_s": wait_target,
        "satisfaction_basis": basis,
        "rating_scale": options.get("rating_scale", 3),
        "comments": comments,
        "total": row("total", 0, overall_target),
        "services": service_rows(),
        "counters": counter_rows,
        "clerks": clerk_rows,
        "reasons": _by_count(tally.reasons[("total", 0)]),
        "load": [{"weekday": d, "hour": h, "issued": n} for (d, h), n in sorted(tally.load.items())],
        "flags": flags,
        **comparison,
    }


FLAGGED_LISTED = 500  # the list of flagged ratings stops here; the counts never do


def _flags(conn: sqlite3.Connection, day_from: str, day_to: str, short_s: float) -> dict[str, Any]:
    """What deserves a manager's look beside the satisfaction figures: tickets staff issued themselves
    (not at a kiosk), services shorter than `short_s`, and the ratings given to such tickets."""
    staff_issued = conn.execute(
        "SELECT count(*) FROM tickets WHERE day BETWEEN ? AND ? AND issued_by IS NOT NULL AND transferred_from IS NULL",
        [day_from, day_to],
    ).fetchone()[0]
    short = conn.execute(
        "SELECT count(*) FROM tickets WHERE day BETWEEN ? AND ? AND status = 'done'"
        " AND started_at IS NOT NULL AND ended_at - started_at < ?",
        [day_from, day_to, short_s],
    ).fetchone()[0]
    rows = conn.execute(
        "SELECT r.day, t.number, r.service, r.counter, r.clerk_id, r.score, r.scale, r.dissatisfied,"
        " t.issued_by IS NOT NULL AS staff, t.ended_at - t.started_at AS service_s"
        " FROM ratings r JOIN tickets t ON t.id = r.ticket_id WHERE r.day BETWEEN ? AND ?"
        " AND (t.issued_by IS NOT NULL OR (t.started_at IS NOT NULL AND t.ended_at - t.started_at < ?))"
        " ORDER BY r.day, t.id",
        [day_from, day_to, short_s],
    ).fetchall()
    flagged = [
        {
            "day": r["day"],
            "number": r["number"],
            "service": r["service"],
            "counter": r["counter"],
            "clerk_id": r["clerk_id"],
            "score": r["score"],
            "scale": r["scale"],
            "dissatisfied": bool(r["dissatisfied"]),
            "staff_issued": bool(r["staff"]),
            "service_s": None if r["service_s"] is None else round(r["service_s"], 1),
            "short": r["service_s"] is not None and r["service_s"] < short_s,
        }
        for r in rows
    ]
    return {
        "short_service_s": short_s,
        "staff_issued": staff_issued,
        "short_services": short,
        "flagged_rated": len(flagged),
        "flagged_ratings": flagged[:FLAGGED_LISTED],
    }


COMMENTS_LISTED = 500  # the newest are listed; the count never stops


def _comments(conn: sqlite3.Connection, day_from: str, day_to: str, tz: str) -> dict[str, Any]:
    """What citizens wrote on the rating tablet (a comment, a dossier code), newest first, with where and when."""
    where = (
        "FROM ratings r JOIN tickets t ON t.id = r.ticket_id WHERE r.day BETWEEN ? AND ?"
        " AND (r.comment IS NOT NULL OR r.dossier_code IS NOT NULL)"
    )
    total = conn.execute(f"SELECT count(*) {where}", [day_from, day_to]).fetchone()[0]
    rows = conn.execute(
        f"SELECT r.day, r.created_at, t.number, r.service, r.counter, r.clerk_id, r.score, r.scale, r.dissatisfied,"
        f" r.reasons, r.dossier_code, r.comment {where} ORDER BY r.created_at DESC, r.id DESC LIMIT ?",
        [day_from, day_to, COMMENTS_LISTED],
    ).fetchall()
    zone = ZoneInfo(tz)
    return {
        "total": total,
        "listed": [
            {
                "day": r["day"],
                "at": dt.datetime.fromtimestamp(r["created_at"], zone).isoformat(timespec="seconds"),
                "number": r["number"],
                "service": r["service"],
                "counter": r["counter"],
                "clerk_id": r["clerk_id"],
                "score": r["score"],
                "scale": r["scale"],
                "dissatisfied": bool(r["dissatisfied"]),
                "reasons": json.loads(r["reasons"]),
                "dossier_code": r["dossier_code"],
                "comment": r["comment"],
            }
            for r in rows
        ],
    }


SUMMARY_KEYS = (
    "service",
    "issued",
    "served",
    "no_show",
    "avg_wait_s",
    "p90_wait_s",
    "avg_service_s",
    "rated",
    "satisfied",
    "satisfaction_rate",
)


def summary(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The per-service figures of the public summary endpoint."""
    return [{k: row[k] for k in SUMMARY_KEYS} for row in report["services"]]


def main(argv: list[str]) -> str:
    """The child process: `--summarise DB TZ TODAY`, or `DB FROM TO [TZ [TODAY]]` (the report as JSON). The
    reading runs at the lowest CPU priority (`at_lowest_priority`), the short write transactions at the
    process's own."""
    if argv[0] == "--summarise":
        db_path, tz, today = argv[1:4]
        return f"{len(summarise_closed_days(db_path, tz, today, reading=at_lowest_priority))} days summarised"
    db_path, day_from, day_to = argv[0:3]
    tz = argv[3] if len(argv) > 3 else "Asia/Ho_Chi_Minh"
    today = argv[4] if len(argv) > 4 else dt.datetime.now(ZoneInfo(tz)).date().isoformat()
    summarise_range(db_path, day_from, day_to, tz, today, at_lowest_priority)
    return json.dumps(at_lowest_priority(compute, db_path, day_from, day_to, tz, today, False))


if __name__ == "__main__":
    print(main(sys.argv[1:]))
