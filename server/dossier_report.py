"""Satisfaction per dossier (Decision 766/QĐ-TTg), counted beside the per-rating figure; standard library only
(it runs in the reports' child process).

A dossier is a distinct dossier code (mã hồ sơ) linked to a ticket of the period (by the clerk, by the one-stop
software, or typed by the citizen on the tablet). It counts as dissatisfied when any rating of a ticket that
carries it is a "không hài lòng" answer. Rate = (dossiers − dissatisfied dossiers) ÷ dossiers: a dossier never
rated counts as satisfied, as the decision's formula says. It is counted for the field, counter and officer
of each ticket that carries it (a dossier handled at two fields counts once in each, once in the total). Tickets
served without any dossier code are counted beside it, so the figure can be read for what it covers.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from typing import Any

_LINKS = """
WITH links AS (
  SELECT t.id AS ticket_id, t.service, t.counter, t.clerk_id, j.value AS code FROM tickets t, json_each(t.dossiers) j
  WHERE t.day BETWEEN :start AND :end
  UNION
  SELECT t.id, t.service, t.counter, t.clerk_id, trim(r.dossier_code)
  FROM ratings r JOIN tickets t ON t.id = r.ticket_id
  WHERE t.day BETWEEN :start AND :end AND trim(coalesce(r.dossier_code, '')) != ''
)
SELECT l.service, l.counter, l.clerk_id, l.code,
  l.code IN (SELECT k.code FROM links k JOIN ratings r ON r.ticket_id = k.ticket_id WHERE r.dissatisfied = 1) AS bad
FROM links l
"""
_WITHOUT = """
SELECT t.service, t.counter, t.clerk_id, count(*) FROM tickets t LEFT JOIN ratings r ON r.ticket_id = t.id
WHERE t.day BETWEEN :start AND :end AND t.status = 'done' AND t.dossiers = '[]'
  AND trim(coalesce(r.dossier_code, '')) = ''
GROUP BY t.service, t.counter, t.clerk_id
"""


def figures(conn: sqlite3.Connection, day_from: str, day_to: str) -> dict[tuple[str, Any], dict[str, Any]]:
    """{("service", code) | ("counter", n) | ("clerk", id) | ("total", 0): the per-dossier figures of that group}."""
    params = {"start": day_from, "end": day_to}
    codes: dict[tuple[str, Any], set[str]] = defaultdict(set)
    bad: dict[tuple[str, Any], set[str]] = defaultdict(set)
    without: dict[tuple[str, Any], int] = defaultdict(int)
    for service, counter, clerk, code, unhappy in conn.execute(_LINKS, params):
        for key in (("service", service), ("counter", counter), ("clerk", clerk), ("total", 0)):
            codes[key].add(code)
            if unhappy:
                bad[key].add(code)
    for service, counter, clerk, n in conn.execute(_WITHOUT, params):
        for key in (("service", service), ("counter", counter), ("clerk", clerk), ("total", 0)):
            without[key] += n
    return {key: row(len(codes[key]), len(bad[key]), without[key]) for key in set(codes) | set(without)}


def row(dossiers: int, dissatisfied: int, without: int) -> dict[str, Any]:
    return {
        "dossiers": dossiers,
        "dossiers_dissatisfied": dissatisfied,
        "dossier_satisfaction_rate": round((dossiers - dissatisfied) / dossiers, 4) if dossiers else None,
        "served_without_dossier": without,
    }


EMPTY = row(0, 0, 0)
