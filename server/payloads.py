"""The JSON shapes sent to screens and API clients: the contract with the JavaScript, built in one place."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from server import printing
from server.core.numbering import local_time
from server.core.tickets import Ticket
from server.options import load_options
from server.services import Env, ahead_of, estimate_for, queue_stats
from server.store import repo


def iso(at: float | None, tz: str) -> str | None:
    return None if at is None else local_time(at, tz).isoformat(timespec="seconds")


def ticket(t: Ticket, tz: str) -> dict[str, Any]:
    return {
        "id": t.id,
        "number": t.number,
        "service": t.service,
        "status": t.status.value,
        "priority": t.priority,
        "counter": t.counter,
        "calls": t.calls,
        "issued_at": iso(t.issued_at, tz),
        "called_at": iso(t.called_at, tz),
        "last_called_at": iso(t.last_called_at, tz),
        "started_at": iso(t.started_at, tz),
        "ended_at": iso(t.ended_at, tz),
        "wait_s": None if t.called_at is None else int(t.called_at - t.queued_at),
        "transferred_from": t.transferred_from,
    }


def issued(db: Database, env: Env, t: Ticket) -> dict[str, Any]:
    """The reply to whoever issued a ticket: it alone carries the token of the citizen's status page."""
    ahead = ahead_of(db, t)
    return {**ticket(t, env.tz), "ahead": ahead, "estimated_wait_s": estimate_for(db, env, t, ahead),
            "token": t.token, "status_url": f"/t/{t.token}"}


def counter(db: Database, env: Env, row: dict[str, Any]) -> dict[str, Any]:
    current = repo.active_ticket_at(db, row["number"], env.today())
    clerk = repo.user_row(db, user_id=row["clerk_id"]) if row["clerk_id"] else None
    return {
        "number": row["number"],
        "name": row["name"],
        "services": row["services"],
        "state": row["state"],
        "display_group": row["display_group"],
        "clerk": {"id": clerk["id"], "name": clerk["full_name"] or clerk["username"]} if clerk else None,
        "ticket": ticket(current, env.tz) if current else None,
    }


def recent_calls(db: Database, env: Env, limit: int) -> list[dict[str, Any]]:
    rows = db.query(
        "SELECT e.at, e.counter, e.action, t.number, t.service, t.id, t.status"
        " FROM events e JOIN tickets t ON t.id = e.ticket_id"
        " WHERE e.day = ? AND e.action IN ('call', 'recall', 'resume') ORDER BY e.id DESC LIMIT ?",
        [env.today(), limit],
    )
    from server.dispatch import announcement

    opts = load_options(db)
    return [{"ticket_id": r["id"], "number": r["number"], "service": r["service"], "counter": r["counter"],
             "recall": r["action"] == "recall", "at": iso(r["at"], env.tz),
             "status": r["status"],
             "text": announcement(db, r["number"], r["counter"], opts)} for r in rows]


def snapshot(db: Database, env: Env) -> dict[str, Any]:
    """Everything a screen needs to draw itself from nothing: sent on every (re)connect."""
    opts = load_options(db)
    return {
        "day": env.today(),
        "server_time": iso(env.clock(), env.tz),
        "centre": {"name": opts["centre_name"], "authority": opts["authority_name"], "hotline": opts["hotline"],
                   "address": opts["address"], "notice": opts["display_notice"]},
        "services": queue_stats(db, env),
        "counters": [counter(db, env, row) for row in repo.counter_rows(db)],
        "recent_calls": recent_calls(db, env, int(opts["recent_calls_shown"])),
        "printers": printing.printer_states(db),
        "unprinted": printing.unprinted(db, env),
        "priority_categories": [
            {"code": r["code"], "name": r["name_vi"], "name_en": r["name_en"]}
            for r in db.query("SELECT * FROM priority_categories WHERE active = 1 ORDER BY position, code")
        ],
    }


def counter_view(db: Database, env: Env, user_id: int) -> dict[str, Any]:
    """Everything a clerk's workstation shows: their counter, its lines, their figures today."""
    from server import ratings
    from server.core.tickets import Status
    from server.services import counters_held_by

    user = repo.user_row(db, user_id=user_id) or {}
    held = counters_held_by(db, user_id)
    row = repo.counter_row(db, held[0]) if held else None
    day = env.today()
    mine = row["services"] if row else []
    marks = ",".join("?" * len(mine)) or "''"

    def listed(sql: str, params: list[Any]) -> list[dict[str, Any]]:
        now = env.clock()
        out = []
        for r in db.query(sql, params):
            t = repo.ticket_from_row(r)
            out.append({**ticket(t, env.tz), "waited_s": int(now - t.queued_at)})
        return out

    opts = load_options(db)
    # Strict priority: priority tickets head the list; otherwise the longest wait comes first.
    order = "priority IS NULL, queued_at, id" if opts["priority_policy"] == "strict" else "queued_at, id"
    waiting = listed(f"SELECT * FROM tickets WHERE day = ? AND status = 'waiting' AND service IN ({marks})"
                     f" ORDER BY {order}", [day, *mine])
    parked = listed("SELECT * FROM tickets WHERE day = ? AND status = ? AND counter = ? ORDER BY last_called_at",
                    [day, Status.PARKED.value, row["number"] if row else -1])
    no_show = listed(f"SELECT * FROM tickets WHERE day = ? AND status = ? AND service IN ({marks})"
                     " ORDER BY ended_at DESC", [day, Status.NO_SHOW.value, *mine])
    return {
        "day": day,
        "me": {"id": user.get("id"), "username": user.get("username"), "name": user.get("full_name"),
               "role": user.get("role")},
        "counter": counter(db, env, row) if row else None,
        "counters": [{"number": c["number"], "name": c["name"], "state": c["state"], "services": c["services"],
                      "taken": c["clerk_id"] not in (None, user_id)} for c in repo.counter_rows(db)],
        "services": [{"code": s["code"], "name": s["name"], "name_en": s["name_en"], "waiting": s["waiting"],
                      "open": s["open"]} for s in queue_stats(db, env)],
        "waiting": waiting,
        "parked": parked,
        "no_show": no_show,
        "unprinted": printing.unprinted(db, env),
        "printers": printing.printer_states(db),
        "stats": ratings.clerk_today(db, env, user_id),
        "priority_policy": opts["priority_policy"],
    }


def live_view(db: Database, env: Env) -> dict[str, Any]:
    """The managers' dashboard: the snapshot, today's figures and what needs attention now."""
    from server.reports import compute
    from server.web import hub

    snap = snapshot(db, env)
    opts = load_options(db)
    day = env.today()
    today = compute(hub().db_path, day, day, env.tz, day)["total"]  # one day: small enough to count in-process
    alarms = []
    target = int(opts["wait_target_s"])
    for s in snap["services"]:
        if s["waiting"] and s["longest_wait_s"] > target:
            alarms.append({"kind": "wait", "service": s["code"], "name": s["name"],
                           "minutes": s["longest_wait_s"] // 60, "target": target // 60})
    for kiosk, p in snap["printers"].items():
        if p["state"] in ("paper_out", "cover_open", "offline", "paper_low"):
            alarms.append({"kind": "printer", "kiosk": kiosk, "state": p["state"]})
    if snap["unprinted"]:
        alarms.append({"kind": "unprinted", "n": len(snap["unprinted"])})

    for kind, detail in sorted(hub().alarms.items()):
        alarms.append({"kind": "system", "system": kind, "detail": detail})
    return {**snap, "today": today, "alarms": alarms, "wait_target_s": target}
