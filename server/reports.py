"""The figures a centre reports to the district and province, computed from tickets, events and ratings.

Run in its own process (`python -m server.reports DB FROM TO`) by the server, so that a year of a busy
centre never holds up the live screens; standard library only, read-only on the database.

Definitions. A ticket is *issued* when a citizen takes a number (a transferred citizen's new ticket is
counted under `transferred_in`, not issued again). Its *wait* runs from arrival in the field's line (the
issue, or the transfer) to its first call; its *service time* from start to finish. Satisfaction rate =
(rated − dissatisfied) ÷ rated (Decision 766/QĐ-TTg); the share rated = rated ÷ served.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sqlite3
import statistics
import sys
from collections import defaultdict
from typing import Any
from zoneinfo import ZoneInfo

# Every figure is aggregated by SQLite (fast, in C); Python only sorts the waits for medians and percentiles.
_BASE = """
FROM tickets t
WHERE t.day BETWEEN :from AND :to
"""
# A transferred citizen arrived in the new line when the old ticket ended.
_WAIT = ("(t.called_at - CASE WHEN t.transferred_from IS NULL THEN t.issued_at"
         " ELSE (SELECT o.ended_at FROM tickets o WHERE o.id = t.transferred_from) END)")
_SERVICE = "(CASE WHEN t.status = 'done' AND t.started_at IS NOT NULL THEN t.ended_at - t.started_at END)"
# One pass groups by (field, counter, officer): a few hundred groups, rolled up in Python afterwards.
_GROUPS = f"""
SELECT t.service, t.counter, t.clerk_id,
  sum(t.transferred_from IS NULL) AS issued, sum(t.transferred_from IS NOT NULL) AS transferred_in,
  count(t.called_at) AS called, sum(t.status = 'done') AS served, sum(t.status = 'no_show') AS no_show,
  sum(t.status = 'transferred') AS transferred, sum(t.status = 'cancelled') AS cancelled,
  sum(t.status = 'waiting') AS waiting_left, sum({_WAIT}) AS wait_sum, max({_WAIT}) AS max_wait_s,
  sum({_WAIT} <= :target) AS within, sum({_SERVICE}) AS service_sum, count({_SERVICE}) AS service_n,
  sum(t.transferred_from IS NULL AND t.priority IS NOT NULL) AS priority_issued
{_BASE} GROUP BY t.service, t.counter, t.clerk_id
"""
_SUMS = ("issued", "transferred_in", "called", "served", "no_show", "transferred", "cancelled", "waiting_left",
         "wait_sum", "within", "service_sum", "service_n", "priority_issued")


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile (p in 0–100) of sorted values: the value at or below which p % lie."""
    if not values:
        return None
    return values[max(1, math.ceil(p / 100 * len(values))) - 1]


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def _figures(agg: dict[str, Any], waits: list[float], services: list[float]) -> dict[str, Any]:
    """Figures of one group from its summed counts and its waits and service times (both already sorted)."""
    issued, called = agg["issued"] or 0, agg["called"] or 0
    agg = {**agg, "avg_wait_s": agg["wait_sum"] / called if called else None,
           "avg_service_s": agg["service_sum"] / agg["service_n"] if agg["service_n"] else None}
    return {
        "issued": issued, "transferred_in": agg["transferred_in"] or 0, "called": called,
        "served": agg["served"] or 0, "no_show": agg["no_show"] or 0, "transferred": agg["transferred"] or 0,
        "cancelled": agg["cancelled"] or 0, "waiting_left": agg["waiting_left"] or 0,
        "avg_wait_s": _round(agg["avg_wait_s"]),
        "median_wait_s": _round(statistics.median(waits)) if waits else None,
        "p90_wait_s": _round(percentile(waits, 90)), "max_wait_s": _round(agg["max_wait_s"]),
        "within_target": round((agg["within"] or 0) / called, 4) if called else None,
        "avg_service_s": _round(agg["avg_service_s"]), "p90_service_s": _round(percentile(services, 90)),
        "priority_share": round((agg["priority_issued"] or 0) / issued, 4) if issued else None,
    }


def _satisfaction(levels: dict[str, int], rated: int, unhappy: int, served: int, target: float | None
                  ) -> dict[str, Any]:
    rate = None if rated == 0 else round((rated - unhappy) / rated, 4)
    return {"rated": rated, "satisfied": rated - unhappy, "dissatisfied": unhappy, "satisfaction_rate": rate,
            "rated_share": round(rated / served, 4) if served else None, "levels": dict(sorted(levels.items())),
            "target": target, "meets_target": None if rate is None or target is None else rate >= target}


_EMPTY = {**{k: 0 for k in _SUMS}, "max_wait_s": None}


def compute(db_path: str, day_from: str, day_to: str, tz: str = "Asia/Ho_Chi_Minh") -> dict[str, Any]:
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=10)
    conn.row_factory = sqlite3.Row
    try:
        options = {k: json.loads(v) for k, v in conn.execute("SELECT key, value FROM options")}
        wait_target = float(options.get("wait_target_s", 900))
        overall_target = float(options.get("satisfaction_target", 0.9))
        field_targets = options.get("satisfaction_targets", {"C": 0.85, "E": 0.85})
        params = {"from": day_from, "to": day_to, "target": wait_target}

        by: dict[str, dict[Any, dict[str, Any]]] = {"service": {}, "counter": {}, "clerk": {}, "total": {}}
        for group in conn.execute(_GROUPS, params):
            for kind, key in (("service", group["service"]), ("counter", group["counter"]),
                              ("clerk", group["clerk_id"]), ("total", 0)):
                if key is None:
                    continue
                into = by[kind].setdefault(key, dict(_EMPTY))
                for name in _SUMS:
                    into[name] += group[name] or 0
                if group["max_wait_s"] is not None:
                    into["max_wait_s"] = max(into["max_wait_s"] or 0, group["max_wait_s"])
        # Waits and service times come sorted from SQLite: appending keeps every group's list sorted.
        waits: dict[tuple[str, Any], list[float]] = defaultdict(list)
        service_times: dict[tuple[str, Any], list[float]] = defaultdict(list)
        conn.row_factory = None
        for target, column, condition in ((waits, _WAIT, "t.called_at IS NOT NULL"),
                                          (service_times, _SERVICE, "t.status = 'done' AND t.started_at IS NOT NULL")):
            by_service, by_counter, by_clerk, total = {}, {}, {}, target[("total", 0)]
            for service, counter, clerk, value in conn.execute(
                    f"SELECT t.service, t.counter, t.clerk_id, {column} AS v {_BASE} AND {condition} ORDER BY v",
                    params):
                total.append(value)
                (by_service.get(service) or by_service.setdefault(service, target[("service", service)])).append(value)
                if counter is not None:
                    (by_counter.get(counter) or by_counter.setdefault(counter, target[("counter", counter)])
                     ).append(value)
                if clerk is not None:
                    (by_clerk.get(clerk) or by_clerk.setdefault(clerk, target[("clerk", clerk)])).append(value)
        conn.row_factory = sqlite3.Row
        rated: dict[tuple[str, Any], list[int]] = defaultdict(lambda: [0, 0])
        levels: dict[tuple[str, Any], dict[str, int]] = defaultdict(lambda: defaultdict(int))
        reasons: dict[str, int] = defaultdict(int)
        for service, counter, clerk, score, scale, unhappy, n, why in conn.execute(
                "SELECT service, counter, clerk_id, score, scale, dissatisfied, count(*),"
                " group_concat(CASE WHEN reasons != '[]' THEN reasons END, '|')"
                " FROM ratings WHERE day BETWEEN :from AND :to"
                " GROUP BY service, counter, clerk_id, score, scale, dissatisfied", params):
            for key in (("service", service), ("counter", counter), ("clerk", clerk), ("total", 0)):
                rated[key][0] += n
                rated[key][1] += n * unhappy
                levels[key][f"{score}/{scale}"] += n
            for chunk in (why or "").split("|"):
                for reason in json.loads(chunk) if chunk else []:
                    reasons[reason] += 1
        offset = dt.datetime.now(ZoneInfo(tz)).utcoffset().total_seconds()  # the centre's zone (no DST in VN)
        load = [{"weekday": int(d), "hour": int(h), "issued": n} for d, h, n in conn.execute(
            "SELECT (CAST((issued_at + :off) / 86400 AS INTEGER) + 3) % 7 AS d,"
            " CAST((issued_at + :off) / 3600 AS INTEGER) % 24 AS h, count(*) FROM tickets"
            " WHERE day BETWEEN :from AND :to AND transferred_from IS NULL GROUP BY d, h ORDER BY d, h",
            {**params, "off": offset})]
        services = {r["code"]: dict(r) for r in conn.execute("SELECT code, name_vi, name_en FROM services")}
        users = {r["id"]: dict(r) for r in conn.execute("SELECT id, username, full_name FROM users")}
        counters = {r["number"]: dict(r) for r in conn.execute("SELECT number, name FROM counters")}
    finally:
        conn.close()

    def row(kind: str, key: Any, target: float | None) -> dict[str, Any]:
        figures = _figures(by[kind].get(key, _EMPTY), waits[(kind, key)], service_times[(kind, key)])
        count, unhappy = rated[(kind, key)]
        return {**figures, **_satisfaction(levels[(kind, key)], count, unhappy, figures["served"], target)}

    service_rows = [{"service": code, "name": services.get(code, {}).get("name_vi", code),
                     "name_en": services.get(code, {}).get("name_en", code),
                     **row("service", code, float(field_targets.get(code, overall_target)))}
                    for code in sorted(set(by["service"]) | {k for (kind, k) in rated if kind == "service"})]
    counter_rows = [{"counter": n, "name": counters.get(n, {}).get("name", ""), **row("counter", n, overall_target)}
                    for n in sorted(by["counter"])]
    clerk_rows = [{"clerk_id": uid, "username": users.get(uid, {}).get("username"),
                   "name": users.get(uid, {}).get("full_name"), **row("clerk", uid, overall_target)}
                  for uid in sorted(set(by["clerk"]) | {k for (kind, k) in rated if kind == "clerk" and k})]
    return {
        "from": day_from, "to": day_to, "wait_target_s": wait_target,
        "total": row("total", 0, overall_target), "services": service_rows, "counters": counter_rows,
        "clerks": clerk_rows, "reasons": dict(sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))),
        "load": load,
    }


SUMMARY_KEYS = ("service", "issued", "served", "no_show", "avg_wait_s", "p90_wait_s", "avg_service_s", "rated",
                "satisfied", "satisfaction_rate")


def summary(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The per-service figures of the public summary endpoint."""
    return [{k: row[k] for k in SUMMARY_KEYS} for row in report["services"]]


if __name__ == "__main__":
    # python -m server.reports DB FROM TO [TZ]
    print(json.dumps(compute(*sys.argv[1:5])))
