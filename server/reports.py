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

# One row per ticket that ever entered a line in the period, with what every table needs.
_TICKETS = """
SELECT t.id, t.service, t.status, t.priority, t.counter, t.clerk_id, t.transferred_from,
       t.issued_at, t.called_at, t.started_at, t.ended_at,
       COALESCE(o.ended_at, t.issued_at) AS arrived_at
FROM tickets t LEFT JOIN tickets o ON o.id = t.transferred_from
WHERE t.day BETWEEN ? AND ?
"""


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile (p in 0–100): the value at or below which p % of the values lie."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def _figures(rows: list[dict[str, Any]], wait_target_s: float) -> dict[str, Any]:
    waits = [r["called_at"] - r["arrived_at"] for r in rows if r["called_at"] is not None]
    services = [r["ended_at"] - r["started_at"] for r in rows if r["status"] == "done" and r["started_at"]]
    issued = [r for r in rows if r["transferred_from"] is None]

    def count(status: str) -> int:
        return sum(1 for r in rows if r["status"] == status)

    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 1)

    return {
        "issued": len(issued),
        "transferred_in": len(rows) - len(issued),
        "called": len(waits),
        "served": count("done"),
        "no_show": count("no_show"),
        "transferred": count("transferred"),
        "cancelled": count("cancelled"),
        "waiting_left": count("waiting"),
        "avg_wait_s": rounded(statistics.fmean(waits)) if waits else None,
        "median_wait_s": rounded(statistics.median(waits)) if waits else None,
        "p90_wait_s": rounded(percentile(waits, 90)),
        "max_wait_s": rounded(max(waits)) if waits else None,
        "within_target": (round(sum(1 for w in waits if w <= wait_target_s) / len(waits), 4) if waits else None),
        "avg_service_s": rounded(statistics.fmean(services)) if services else None,
        "p90_service_s": rounded(percentile(services, 90)),
        "priority_share": (round(sum(1 for r in issued if r["priority"]) / len(issued), 4) if issued else None),
    }


def _satisfaction(ratings: list[dict[str, Any]], served: int, target: float | None) -> dict[str, Any]:
    rated = len(ratings)
    unhappy = sum(r["dissatisfied"] for r in ratings)
    levels: dict[str, int] = defaultdict(int)
    for r in ratings:
        levels[f"{r['score']}/{r['scale']}"] += 1
    rate = None if rated == 0 else round((rated - unhappy) / rated, 4)
    return {"rated": rated, "satisfied": rated - unhappy, "dissatisfied": unhappy, "satisfaction_rate": rate,
            "rated_share": round(rated / served, 4) if served else None, "levels": dict(sorted(levels.items())),
            "target": target, "meets_target": None if rate is None or target is None else rate >= target}


def compute(db_path: str, day_from: str, day_to: str, tz: str = "Asia/Ho_Chi_Minh") -> dict[str, Any]:
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=10)
    conn.row_factory = sqlite3.Row
    try:
        options = {k: json.loads(v) for k, v in conn.execute("SELECT key, value FROM options")}
        wait_target = float(options.get("wait_target_s", 900))
        overall_target = float(options.get("satisfaction_target", 0.9))
        field_targets = options.get("satisfaction_targets", {"C": 0.85, "E": 0.85})
        rows = [dict(r) for r in conn.execute(_TICKETS, [day_from, day_to])]
        ratings = [dict(r) for r in conn.execute(
            "SELECT ticket_id, service, counter, clerk_id, score, scale, dissatisfied, reasons FROM ratings"
            " WHERE day BETWEEN ? AND ?", [day_from, day_to])]
        services = {r["code"]: dict(r) for r in conn.execute("SELECT code, name_vi, name_en FROM services")}
        users = {r["id"]: dict(r) for r in conn.execute("SELECT id, username, full_name FROM users")}
        counters = {r["number"]: dict(r) for r in conn.execute("SELECT number, name FROM counters")}
    finally:
        conn.close()

    def grouped(key: str) -> dict[Any, list[dict[str, Any]]]:
        groups: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        for r in rows:
            if r[key] is not None:
                groups[r[key]].append(r)
        return groups

    def rated_by(key: str) -> dict[Any, list[dict[str, Any]]]:
        groups: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        for r in ratings:
            groups[r[key]].append(r)
        return groups

    by_service, ratings_by_service = grouped("service"), rated_by("service")
    service_rows = []
    for code in sorted(set(by_service) | set(ratings_by_service)):
        figures = _figures(by_service.get(code, []), wait_target)
        target = float(field_targets.get(code, overall_target))
        name = services.get(code, {})
        service_rows.append({"service": code, "name": name.get("name_vi", code), "name_en": name.get("name_en", code),
                             **figures, **_satisfaction(ratings_by_service.get(code, []), figures["served"], target)})

    by_counter = grouped("counter")
    counter_rows = [{"counter": n, "name": counters.get(n, {}).get("name", ""), **_figures(by_counter[n], wait_target),
                     **_satisfaction(rated_by("counter").get(n, []), sum(1 for r in by_counter[n]
                                                                            if r["status"] == "done"), overall_target)}
                    for n in sorted(by_counter)]
    by_clerk, ratings_by_clerk = grouped("clerk_id"), rated_by("clerk_id")
    clerk_rows = []
    for uid in sorted(set(by_clerk) | {k for k in ratings_by_clerk if k is not None}):
        figures = _figures(by_clerk.get(uid, []), wait_target)
        user = users.get(uid, {})
        clerk_rows.append({"clerk_id": uid, "username": user.get("username"), "name": user.get("full_name"),
                           **figures, **_satisfaction(ratings_by_clerk.get(uid, []), figures["served"],
                                                      overall_target)})
    total = {**_figures(rows, wait_target),
             **_satisfaction(ratings, sum(1 for r in rows if r["status"] == "done"), overall_target)}

    reasons: dict[str, int] = defaultdict(int)
    for r in ratings:
        for reason in json.loads(r["reasons"]):
            reasons[reason] += 1

    zone = ZoneInfo(tz)
    heat: dict[tuple[int, int], int] = defaultdict(int)
    for r in rows:
        if r["transferred_from"] is None:
            local = dt.datetime.fromtimestamp(r["issued_at"], zone)
            heat[(local.weekday(), local.hour)] += 1
    return {
        "from": day_from, "to": day_to, "wait_target_s": wait_target,
        "total": total, "services": service_rows, "counters": counter_rows, "clerks": clerk_rows,
        "reasons": dict(sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))),
        "load": [{"weekday": d, "hour": h, "issued": n} for (d, h), n in sorted(heat.items())],
    }


SUMMARY_KEYS = ("service", "issued", "served", "no_show", "avg_wait_s", "p90_wait_s", "avg_service_s", "rated",
                "satisfied", "satisfaction_rate")


def summary(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The per-service figures of the public summary endpoint."""
    return [{k: row[k] for k in SUMMARY_KEYS} for row in report["services"]]


if __name__ == "__main__":
    # python -m server.reports DB FROM TO [TZ]
    print(json.dumps(compute(*sys.argv[1:5])))
