"""The JSON shapes sent to screens and API clients: the contract with the JavaScript, built in one place."""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Iterable
from typing import Any, cast

from sqlite_utils import Database

from server import lan
from server.core.numbering import iso
from server.core.rating import SCALES as RATING_SCALES
from server.core.rating import labels as rating_labels
from server.core.speech import announcement_text
from server.core.tickets import Status, Ticket
from server.i18n import said_in
from server.i18n import t as t_vi
from server.options import load_options
from server.services import logins, print_jobs, ratings
from server.services.base import Env
from server.services.queue import (
    ahead_of,
    counters_held_by,
    estimate_for,
    follow_transfers,
    queue_stats,
    service_list,
)
from server.store import repo


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
        "dossiers": list(t.dossiers),
    }


def issued(db: Database, env: Env, t: Ticket) -> dict[str, Any]:
    """The reply to whoever issued a ticket: it alone carries the token of the citizen's status page."""
    ahead, serving = ahead_of(db, t), repo.counters_serving(db, t.service)
    return {
        **ticket(t, env.tz),
        "ahead": ahead,
        "estimated_wait_s": estimate_for(db, env, t, ahead, serving),
        "token": t.token,
        "status_url": f"/t/{t.token}",
        "counters": [{"number": c["number"], "name": c["name"], "open": c["state"] == "open"} for c in serving],
    }


def counter(db: Database, env: Env, row: dict[str, Any]) -> dict[str, Any]:
    current = repo.active_ticket_at(db, row["number"], env.today())
    clerk = repo.user_row(db, user_id=row["clerk_id"]) if row["clerk_id"] else None
    return _counter(row, current, clerk, env.tz)


def counters(db: Database, env: Env, numbers: list[int] | None = None) -> list[dict[str, Any]]:
    """Every counter (or those numbered, in that order) as `counter` gives it, read in three queries whatever the
    number of counters (a provincial hall has a hundred)."""
    if numbers is not None and not numbers:
        return []
    # Every counter: read once until one changes (a hundred rows and their fields' JSON, in every screen's snapshot).
    rows = repo.counter_rows(db, numbers) if numbers is not None else repo.every_counter_row(db)
    live = repo.active_tickets(db, env.today(), None if numbers is None else [r["number"] for r in rows])
    clerks = repo.users_by_id(db, {r["clerk_id"] for r in rows if r["clerk_id"]})
    made = {r["number"]: _counter(r, live.get(r["number"]), clerks.get(r["clerk_id"]), env.tz) for r in rows}
    return list(made.values()) if numbers is None else [made[n] for n in numbers if n in made]


def _counter(row: dict[str, Any], current: Ticket | None, clerk: dict[str, Any] | None, tz: str) -> dict[str, Any]:
    return {
        "number": row["number"],
        "name": row["name"],
        "services": list(row["services"]),  # its own: the row may be the one kept for every screen (every_counter_row)
        "state": row["state"],
        "display_group": row["display_group"],
        "clerk": {"id": clerk["id"], "name": clerk["full_name"] or clerk["username"]} if clerk else None,
        "ticket": ticket(current, tz) if current else None,
    }


def recent_calls(db: Database, env: Env, limit: int) -> list[dict[str, Any]]:
    rows = db.query(
        "SELECT e.at, e.counter, e.action, t.number, t.service, t.id, t.status"
        " FROM events e JOIN tickets t ON t.id = e.ticket_id"
        " WHERE e.day = ? AND e.action IN ('call', 'recall', 'resume') ORDER BY e.id DESC LIMIT ?",
        [env.today(), limit],
    )
    opts = load_options(db)
    return [
        {
            "ticket_id": r["id"],
            "number": r["number"],
            "service": r["service"],
            "counter": r["counter"],
            "recall": r["action"] == "recall",
            "at": iso(r["at"], env.tz),
            "status": r["status"],
            "text": announcement(db, r["number"], r["counter"], opts),
        }
        for r in rows
    ]


def service_stats(db: Database, env: Env, codes: list[str] | None = None) -> list[dict[str, Any]]:
    """Each field's queue now, as kiosks, displays, counters and GET /api/services see it."""
    # Its fields are plain values: a copy of each one's own, not `asdict`'s deep copy (a third of the hall's
    # snapshot, which every screen and a workstation's view read).
    return [dict(vars(s)) for s in queue_stats(db, env, codes)]


def hall_changed(
    db: Database, env: Env, figures: list[dict[str, Any]], changed: list[int], tickets: list[int]
) -> dict[str, Any]:
    """A wall display's paced update: the fields' waiting figures, the counters as they are now and the tickets
    (no longer called) as they are now, in four queries whatever their number (a provincial hall calls, starts
    and finishes at a hundred counters)."""
    found = repo.tickets_by_id(db, tickets)
    return {
        "services": figures,
        "counters": counters(db, env, changed),
        "tickets": [ticket(t, env.tz) for i in tickets if (t := found.get(i))],
    }


def notice(
    event_type: str, t: Ticket | None, counter: int | None = None, counters: list[int] | None = None
) -> dict[str, Any]:
    """What a screen that redraws from its own snapshot is told: what changed first, at which counter, every
    counter the change touched, and which ticket if one did (a workstation redraws at once for its own
    counter, at its own pace for the others)."""
    out: dict[str, Any] = {
        "changed": event_type,
        "counter": counter,
        "counters": counters if counters is not None else [] if counter is None else [counter],
    }
    if t is not None:
        out["ticket"] = {"id": t.id, "number": t.number, "status": t.status.value}
    return out


def printers(db: Database) -> dict[str, dict[str, Any]]:
    """Each kiosk printer's state, by kiosk."""
    return {r["kiosk"]: {"state": r["state"], "detail": r["detail"]} for r in print_jobs.printer_states(db)}


def unprinted(db: Database, env: Env) -> list[dict[str, Any]]:
    """Today's tickets whose printing failed, with the kiosk and the error, for a reprint."""
    return [
        {"ticket_id": r["id"], "number": r["number"], "service": r["service"], "kiosk": r["kiosk"], "error": r["error"]}
        for r in print_jobs.unprinted(db, env)
    ]


def ticket_status(db: Database, env: Env, original: Ticket) -> dict[str, Any]:
    """The citizen's status page (behind the QR): where they are now, how many before them, the estimate."""
    current = follow_transfers(db, original)
    ahead, serving = ahead_of(db, current), repo.counters_serving(db, current.service)
    return {
        "ticket": ticket(current, env.tz),
        "ahead": ahead,
        "estimated_wait_s": estimate_for(db, env, current, ahead, serving),
        "open_counters": sum(c["state"] == "open" for c in serving),  # none: "you will be called when one opens"
        "service_name": {s["code"]: {"vi": s["name_vi"], "en": s["name_en"]} for s in service_list(db)}.get(
            current.service
        ),
        "original": original.number if current.id != original.id else None,
        "token": current.token,
        "valid_today": current.day == env.today(),
        "day": current.day,
    }


def call_report(t: Ticket, report: str, at: float, tz: str) -> dict[str, Any]:
    """A wall display showed (or said) a counter's call: told to that counter's workstation."""
    return {"ticket_id": t.id, "number": t.number, "calls": t.calls, "report": report, "at": iso(at, tz)}


def announcement(db: Database, number: str, counter: int, opts: dict[str, Any] | None = None) -> str:
    """The call as displayed (and spoken): Xin mời công dân có số thứ tự … đến quầy số …"""
    opts = opts or load_options(db)
    return announcement_text(number, counter, opts["voice_reading"], opts["voice_zero_tens"], opts["voice_thousand"])


def rating_list(rows: list[dict[str, Any]], tz: str) -> list[dict[str, Any]]:
    """Ratings as GET /api/ratings answers them."""
    return [
        {
            "ticket_id": r["ticket_id"],
            "number": r["number"],
            "service": r["service"],
            "counter": r["counter"],
            "clerk": {"id": r["clerk_id"], "username": r["username"], "name": r["full_name"]},
            "score": r["score"],
            "scale": r["scale"],
            "dissatisfied": bool(r["dissatisfied"]),
            "reasons": json.loads(r["reasons"]),
            "dossier_code": r["dossier_code"],
            "comment": r["comment"],
            "dossiers": rating_dossiers(r),
            "at": iso(r["created_at"], tz),
        }
        for r in rows
    ]


def rating_dossiers(r: dict[str, Any]) -> list[str]:
    """A rating carries its ticket's dossiers, and the code the citizen typed on the tablet if any."""
    codes = json.loads(r["dossiers"] or "[]")
    return codes + [r["dossier_code"]] if r["dossier_code"] and r["dossier_code"] not in codes else codes


def integration_ticket(r: dict[str, Any], names: dict[str, str], tz: str) -> dict[str, Any]:
    """A ticket as the one-stop software pulls it (GET /api/integration/tickets) or is sent it (webhooks)."""
    return {
        "id": r["id"],
        "number": r["number"],
        "day": r["day"],
        "service": r["service"],
        "service_name": names.get(r["service"], r["service"]),
        "counter": r["counter"],
        "officer": _officer(r),
        "status": r["status"],
        "priority": r["priority"],
        "issued_at": iso(r["issued_at"], tz),
        "called_at": iso(r["called_at"], tz),
        "started_at": iso(r["started_at"], tz),
        "ended_at": iso(r["ended_at"], tz),
        "wait_s": None if r["called_at"] is None else round(r["called_at"] - (r["arrived_at"] or r["issued_at"])),
        "service_s": None
        if r["started_at"] is None or r["ended_at"] is None
        else round(r["ended_at"] - r["started_at"]),
        "transferred_from": r["transferred_from"],
        "dossiers": json.loads(r["dossiers"] or "[]"),
    }


def integration_rating(r: dict[str, Any], names: dict[str, str], tz: str) -> dict[str, Any]:
    """A rating as the one-stop software pulls it or is sent it: level, reasons, comment and the dossiers."""
    label = dict(rating_labels(r["scale"])).get(r["score"]) if r["scale"] in RATING_SCALES else None
    return {
        "id": r["id"],
        "ticket_id": r["ticket_id"],
        "number": r["number"],
        "day": r["day"],
        "service": r["service"],
        "service_name": names.get(r["service"], r["service"]),
        "counter": r["counter"],
        "officer": _officer(r),
        "score": r["score"],
        "scale": r["scale"],
        "level": label,
        "level_name": t_vi(f"rating.{label}") if label else None,
        "dissatisfied": bool(r["dissatisfied"]),
        "reasons": json.loads(r["reasons"]),
        "comment": r["comment"],
        "dossiers": rating_dossiers(r),
        "at": iso(r["created_at"], tz),
    }


def _officer(r: dict[str, Any]) -> dict[str, Any] | None:
    return None if r["clerk_id"] is None else {"id": r["clerk_id"], "username": r["username"], "name": r["full_name"]}


def webhook_body(event: dict[str, Any], data: dict[str, Any], tz: str) -> dict[str, Any]:
    """What a webhook receiver gets: the event, its idempotency key, when it happened, and its item."""
    return {"id": event["key"], "event": event["event"], "at": iso(event["created_at"], tz), "data": data}


def device(row: dict[str, Any] | None) -> dict[str, Any] | None:
    """A device as managers see it (never the token hash)."""
    if row is None:
        return None
    return {k: (json.loads(v) if k == "config" else v) for k, v in row.items() if k != "token_hash"}


def user(row: dict[str, Any] | None) -> dict[str, Any] | None:
    """A staff account as managers see it (never the password hash)."""
    return None if row is None else {k: row[k] for k in ("id", "username", "full_name", "role", "active")}


# `shared(key, build)`: build() or the value it gave for `key` while nothing changed (Hub.shared); the default
# builds every time (an API answer, a test).
Shared = Callable[[Hashable, Callable[[], Any]], Any]


def _fresh(key: Hashable, build: Callable[[], Any]) -> Any:
    return build()


# A clerk's workstation lists at most this many tickets of a line (the next ones to call, the latest no-shows)
# and says how many more there are: a provincial morning queue of a thousand would be a third of a megabyte
# to send to every workstation after every call, and a list no clerk scrolls (any number can be called by number).
LISTED = 50


def snapshot(db: Database, env: Env, shared: Shared = _fresh) -> dict[str, Any]:
    """Everything a screen needs to draw itself from nothing: sent on every (re)connect."""

    def build() -> dict[str, Any]:
        opts = load_options(db)
        return {
            "day": env.today(),
            "centre": {
                "name": opts["centre_name"],
                "authority": opts["authority_name"],
                "hotline": opts["hotline"],
                "address": opts["address"],
                "notice": opts["display_notice"],
            },
            "services": service_stats(db, env),
            "counters": counters(db, env),
            "recent_calls": recent_calls(db, env, int(opts["recent_calls_shown"])),
            "printers": printers(db),
            "unprinted": unprinted(db, env),
            "priority_categories": [
                {"code": r["code"], "name": r["name_vi"], "name_en": r["name_en"]}
                for r in db.query("SELECT * FROM priority_categories WHERE active = 1 ORDER BY position, code")
            ],
        }

    return {**shared("snapshot", build), "server_time": iso(env.clock(), env.tz)}


class Encoded:
    """A part of a payload turned into JSON text once and then sent as it is to every socket that gets it: a
    hundred workstations' views share the hall's counters, fields and lines (server/realtime.py's `WireJSON`
    puts the text in place). Only for Socket.IO answers; an API answer or a test gets plain values."""

    __slots__ = ("text",)

    def __init__(self, value: Any = None, *, text: str | None = None):
        self.text = json.dumps(value, separators=(",", ":")) if text is None else text

    @classmethod
    def join(cls, items: Iterable[Encoded]) -> Encoded:
        """A JSON array of parts already turned into text."""
        return cls(text="[" + ",".join(item.text for item in items) + "]")


_LISTED_FIELD = ("code", "name", "name_en", "waiting", "open")  # a field as a workstation lists it


def _listed_counter(c: dict[str, Any], taken: bool) -> dict[str, Any]:
    """A counter as another clerk's workstation lists it (to transfer a citizen there, to see who is open)."""
    return {"number": c["number"], "name": c["name"], "state": c["state"], "services": c["services"], "taken": taken}


# A counter's row as workstations list it, taken and free, as JSON text, by what it shows: a call changes no row,
# only a counter opened, paused, closed or edited is made again (cleared when it holds too many).
_LISTED_ROWS: dict[tuple[Any, ...], tuple[Encoded, Encoded]] = {}


def _listed_rows(c: dict[str, Any]) -> tuple[Encoded, Encoded]:
    key = (c["number"], c["name"], c["state"], tuple(c["services"]))
    rows = _LISTED_ROWS.get(key)
    if rows is None:
        if len(_LISTED_ROWS) > 4096:
            _LISTED_ROWS.clear()
        rows = _LISTED_ROWS[key] = (Encoded(_listed_counter(c, True)), Encoded(_listed_counter(c, False)))
    return rows


def _hall_for_workstations(db: Database, env: Env, shared: Shared) -> dict[str, Any]:
    """What every workstation's view shows alike, with its JSON made once (`Encoded`): each counter's row both
    taken and free (a clerk's own counter is free to them), the fields, unprinted tickets, printers."""

    def build() -> dict[str, Any]:
        general = snapshot(db, env, shared)
        return {
            "general": general,
            "counters": [(c["clerk"]["id"] if c["clerk"] else None, *_listed_rows(c)) for c in general["counters"]],
            "services": Encoded([{k: s[k] for k in _LISTED_FIELD} for s in general["services"]]),
            "unprinted": Encoded(general["unprinted"]),
            "printers": Encoded(general["printers"]),
        }

    return cast(dict[str, Any], shared("workstations_hall", build))


def counter_view(db: Database, env: Env, user_id: int, shared: Shared = _fresh, wire: bool = False) -> dict[str, Any]:
    """Everything a clerk's workstation shows: their counter, its lines (the first `LISTED` of each, with how
    many there are), their figures today. What is the same for every clerk comes through `shared`; with `wire`
    (a socket's answer) it comes as JSON text made once for all of them (`Encoded`), equal once decoded."""
    user = repo.user_row(db, user_id=user_id) or {}
    held = counters_held_by(db, user_id)
    hall = _hall_for_workstations(db, env, shared) if wire else None
    general = hall["general"] if hall else snapshot(db, env, shared)
    row = next((c for c in general["counters"] if c["number"] == held[0]), None) if held else None
    day = env.today()
    mine = tuple(row["services"]) if row else ()
    marks = ",".join("?" * len(mine)) or "''"
    now = env.clock()

    def listed(tickets: Iterable[Ticket]) -> list[dict[str, Any]]:
        return [{**ticket(t, env.tz), "waited_s": int(now - t.queued_at)} for t in tickets]

    def counted(status: str) -> int:
        """How many of the counter's fields' tickets today have `status`, counted from the tickets."""
        where = f"day = ? AND status = ? AND service IN ({marks})"
        total: int = db.execute(f"SELECT count(*) FROM tickets WHERE {where}", [day, status, *mine]).fetchone()[0]
        return total

    def waiting_total() -> int:
        """The fields' figures summed (made once per change for every screen): counted again, it read every waiting
        ticket of the counter's fields once more for each set of fields. Asked for as the rows are read (a commit
        since `general` was read would otherwise pair new rows with an old total, kept for every workstation until
        the next change); counted for a field the figures lack (removed since the counter took it)."""
        hall_now = general if shared is _fresh else snapshot(db, env, shared)  # unshared: read a moment ago
        figures = {s["code"]: s["waiting"] for s in hall_now["services"]}
        if all(code in figures for code in mine):
            return sum(figures[code] for code in mine)
        return counted(Status.WAITING.value)

    def line(first: Callable[[], list[dict[str, Any]]], total: Callable[[], int]) -> Callable[[], dict[str, Any]]:
        """A line's `first()` tickets, with what a row of the list shows (not every time of the ticket: these go to
        every workstation), and its `total()`; for the wire, the first ones as JSON text."""

        def build() -> dict[str, Any]:
            rows = [
                {
                    "id": r["id"],
                    "number": r["number"],
                    "service": r["service"],
                    "status": r["status"],
                    "priority": r["priority"],
                    "issued_at": iso(r["issued_at"], env.tz),
                    "waited_s": int(now - r["queued_at"]),
                }
                for r in first()
            ]
            return {"total": total(), "first": Encoded(rows) if wire else rows}

        return build

    opts = load_options(db)
    # Strict priority: priority tickets head the list; otherwise the longest wait comes first.
    strict = opts["priority_policy"] == "strict"
    waiting = shared(
        ("waiting", mine, strict, wire), line(lambda: repo.first_waiting(db, day, mine, LISTED, strict), waiting_total)
    )
    no_show = shared(
        ("no_show", mine, wire),
        line(lambda: repo.latest_no_shows(db, day, mine, LISTED), lambda: counted(Status.NO_SHOW.value)),
    )
    number = row["number"] if row else -1
    # A clerk's own counter is free to them, every other one with a clerk is taken.
    alike: dict[str, Any]  # the parts every workstation shows alike
    if hall:
        rows = (free if clerk in (None, user_id) else taken for clerk, taken, free in hall["counters"])
        alike = {"counters": Encoded.join(rows), **{k: hall[k] for k in ("services", "unprinted", "printers")}}
    else:
        alike = {
            "counters": [
                _listed_counter(c, c["clerk"] is not None and c["clerk"]["id"] != user_id) for c in general["counters"]
            ],
            "services": [{k: s[k] for k in _LISTED_FIELD} for s in general["services"]],
            "unprinted": general["unprinted"],
            "printers": general["printers"],
        }
    return {
        "day": day,
        "now": iso(now, env.tz),  # the server's clock: the page times waits and service by it, not the PC's
        "me": {
            "id": user.get("id"),
            "username": user.get("username"),
            "name": user.get("full_name"),
            "role": user.get("role"),
        },
        "counter": row,
        "counters": alike["counters"],
        "services": alike["services"],
        "waiting": waiting["first"],
        "waiting_total": waiting["total"],
        "parked": listed(
            repo.select_tickets(
                db,
                "SELECT * FROM tickets WHERE day = ? AND status = ? AND counter = ? ORDER BY last_called_at",
                [day, Status.PARKED.value, number],
            )
        ),
        "no_show": no_show["first"],
        "no_show_total": no_show["total"],
        # Served here today, newest first: a dossier code can still be linked to them until the day ends.
        "finished": listed(repo.finished_at(db, day, number, 10)),
        "unprinted": alike["unprinted"],
        "printers": alike["printers"],
        "stats": ratings.clerk_today(db, env, user_id),
        "priority_policy": opts["priority_policy"],
    }


def live_view(
    db: Database,
    env: Env,
    today: dict[str, Any],
    system_alarms: dict[str, Any],
    lang: str = "vi",
    listening_on: str | None = None,
) -> dict[str, Any]:
    """The managers' dashboard: the snapshot, today's figures (`today`, counted by server.reports) and what needs
    attention now (with the hub's `system_alarms`: a text, or messages (`Said`) said here in `lang`).
    `listening_on`: the loopback address the server listens on alone, with no proxy or public_url in front
    (server.lan.served_to_phones); None when phones can reach it."""
    snap = snapshot(db, env)
    opts = load_options(db)
    alarms = []
    target = int(opts["wait_target_s"])
    for s in snap["services"]:
        if s["waiting"] and s["longest_wait_s"] > target:
            alarms.append(
                {
                    "kind": "wait",
                    "service": s["code"],
                    "name": s["name"],
                    "name_en": s["name_en"],
                    "minutes": s["longest_wait_s"] // 60,
                    "target": target // 60,
                }
            )
    for kiosk, p in snap["printers"].items():
        if p["state"] in ("paper_out", "cover_open", "offline", "paper_low"):
            alarms.append({"kind": "printer", "kiosk": kiosk, "state": p["state"]})
    if snap["unprinted"]:
        alarms.append({"kind": "unprinted", "n": len(snap["unprinted"])})
    base = print_jobs.latest_status_base(db, env)
    if base is not None and lan.is_loopback(base):  # the QR on today's tickets opens nothing on a phone
        alarms.append({"kind": "phone_url", "url": base})
    elif base is not None and listening_on is not None:  # a LAN address in the QR, but nothing answers on it
        alarms.append({"kind": "phone_listen", "url": base, "host": listening_on})

    for failing in logins.repeated_failures(db, env.clock()):
        alarms.append({"kind": "logins", **failing})
    for kind, detail in sorted(system_alarms.items()):
        parts = detail if isinstance(detail, tuple) else (detail,)
        alarms.append({"kind": "system", "system": kind, "detail": "; ".join(str(said_in(p, lang)) for p in parts)})
    return {**snap, "today": today, "alarms": alarms, "wait_target_s": target}


PUBLIC_FIELD = (
    "service",
    "name",
    "name_en",
    "served",
    "avg_wait_s",
    "rated",
    "satisfaction_rate",
    "target",
    "meets_target",
)
PUBLIC_OFFICER = ("name", "served", "rated", "satisfaction_rate", "target", "meets_target")


def public_results(periods: list[tuple[str, dict[str, Any]]], options: dict[str, Any]) -> dict[str, Any]:
    """What /cong-khai posts (Decree 61/2018 Art. 32, QĐ 766): per period, each field's served tickets,
    average wait, ratings and satisfaction beside its target. Never a comment, a dossier code, a ticket or a
    citizen; officers' names and figures only when the centre turns `public_officers` on."""
    officers = bool(options["public_officers"])
    return {
        "authority": options["authority_name"],
        "centre": options["centre_name"],
        "hotline": options["hotline"],
        "address": options["address"],
        "officers_shown": officers,
        "satisfaction_basis": periods[0][1].get("satisfaction_basis", "rated") if periods else "rated",
        "rotation": {
            "display": bool(options["public_on_displays"]),
            "kiosk": bool(options["public_on_kiosk"]),
            "every_s": options["public_every_s"],
            "show_s": options["public_show_s"],
        },
        "periods": [
            {
                "period": kind,
                "from": report["from"],
                "to": report["to"],
                "total": {k: report["total"][k] for k in PUBLIC_FIELD if k in report["total"]},
                "services": [{k: row[k] for k in PUBLIC_FIELD} for row in report["services"]],
                **(
                    {"officers": [{k: row[k] for k in PUBLIC_OFFICER} for row in report["clerks"] if row["name"]]}
                    if officers
                    else {}
                ),
            }
            for kind, report in periods
        ],
    }


def integration_token(row: dict[str, Any], tz: str) -> dict[str, Any]:
    """A token as managers see it: never the token nor its hash."""
    return {
        "id": row["id"],
        "name": row["name"],
        "scopes": row["scopes"],
        "created_at": iso(row["created_at"], tz),
        "revoked_at": iso(row["revoked_at"], tz),
        "last_used_at": iso(row["last_used_at"], tz),
        "active": row["revoked_at"] is None,
    }


def integration_status(
    tokens: list[dict[str, Any]], receivers: list[dict[str, Any]], signed: bool, tz: str
) -> dict[str, Any]:
    """The /admin integration panel: tokens, and per webhook receiver what waits and what went wrong."""
    return {
        "tokens": [integration_token(r, tz) for r in tokens],
        "signed": signed,
        "receivers": [
            {
                **r,
                "oldest_at": iso(r["oldest_at"], tz),
                "last_ok_at": iso(r["last_ok_at"], tz),
                "next_at": iso(r["next_at"], tz) if r["next_at"] else None,
            }
            for r in receivers
        ],
    }
