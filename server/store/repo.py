"""Rows to domain objects and back: tickets, events, services, counters, users, options."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from sqlite_utils import Database

from server.core.tickets import ACTIVE, Status, Ticket

_TICKET_FIELDS = [f.name for f in dataclasses.fields(Ticket)]
_STATUS_AT, _DOSSIERS_AT = _TICKET_FIELDS.index("status"), _TICKET_FIELDS.index("dossiers")
_STATUSES = {s.value: s for s in Status}


def _ticket(values: list[Any]) -> Ticket:
    """A ticket from its stored values, in `_TICKET_FIELDS` order (`values` is used up). Made without the
    dataclass's `__init__`: a frozen one sets its 20 fields one `object.__setattr__` at a time, and the lines'
    heads, the counters' live tickets and the workstations' lists make hundreds a second; every field is set
    here, from a row the database holds, so the ticket is the one `Ticket(**values)` would make (as long as
    `Ticket`'s `__init__` only sets its fields: checked below, when this module is loaded)."""
    values[_STATUS_AT] = _STATUSES[values[_STATUS_AT]]
    dossiers = values[_DOSSIERS_AT]
    values[_DOSSIERS_AT] = tuple(json.loads(dossiers)) if dossiers and dossiers != "[]" else ()
    ticket = object.__new__(Ticket)
    ticket.__dict__.update(zip(_TICKET_FIELDS, values, strict=True))
    return ticket


if hasattr(Ticket, "__post_init__") or not all(f.init for f in dataclasses.fields(Ticket)):
    raise TypeError("Ticket's __init__ does more than set its fields: make tickets in repo._ticket through it")


def ticket_from_row(row: dict[str, Any]) -> Ticket:
    return _ticket([row[name] for name in _TICKET_FIELDS])


def select_tickets(db: Database, sql: str, params: list[Any]) -> list[Ticket]:
    """The tickets a `SELECT * FROM tickets …` (or any SELECT with every ticket column) finds, read as tuples:
    no dict a row on the way (`Store.query` makes one, for any table)."""
    tracer = getattr(db, "_tracer", None)
    if tracer:
        tracer(sql, params)
    cursor = db.conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    at = [names.index(name) for name in _TICKET_FIELDS]
    return [_ticket([row[i] for i in at]) for row in cursor]


def select_ticket(db: Database, sql: str, params: list[Any]) -> Ticket | None:
    """The first ticket `select_tickets` finds, if any."""
    rows = select_tickets(db, sql, params)
    return rows[0] if rows else None


def ticket_to_row(ticket: Ticket) -> dict[str, Any]:
    row = {name: getattr(ticket, name) for name in _TICKET_FIELDS}  # every field is a plain value
    row["status"] = ticket.status.value
    row["dossiers"] = json.dumps(list(ticket.dossiers), ensure_ascii=False)
    if row["id"] is None:
        del row["id"]
    return row


def get_ticket(db: Database, ticket_id: int) -> Ticket | None:
    return select_ticket(db, "SELECT * FROM tickets WHERE id = ?", [ticket_id])


def _one_of(values: Iterable[Any]) -> tuple[list[Any], str]:
    """The distinct values, sorted, and the `?, ?` marks for `IN (…)` with them."""
    wanted = sorted(set(values))
    return wanted, ",".join("?" * len(wanted))


def tickets_by_id(db: Database, ids: Iterable[int]) -> dict[int, Ticket]:
    """The tickets with these ids, in one query."""
    wanted, marks = _one_of(ids)
    if not wanted:
        return {}
    return {t.id: t for t in select_tickets(db, f"SELECT * FROM tickets WHERE id IN ({marks})", wanted)}  # type: ignore[misc]


def get_ticket_by_token(db: Database, token: str) -> Ticket | None:
    return select_ticket(db, "SELECT * FROM tickets WHERE token = ?", [token])


def find_ticket_by_number(db: Database, day: str, number: str, statuses: list[Status]) -> Ticket | None:
    """The live ticket carrying a printed number today (a transferred citizen keeps theirs)."""
    marks = ",".join("?" * len(statuses))
    return select_ticket(
        db,
        f"SELECT * FROM tickets WHERE day = ? AND number = ? AND status IN ({marks}) ORDER BY id DESC LIMIT 1",
        [day, number, *[s.value for s in statuses]],
    )


def insert_ticket(db: Database, ticket: Ticket) -> Ticket:
    cursor = db.execute(
        "INSERT INTO tickets ({}) VALUES ({})".format(
            ", ".join(row := ticket_to_row(ticket)), ", ".join("?" * len(row))
        ),
        list(row.values()),
    )
    return dataclasses.replace(ticket, id=cursor.lastrowid)


def update_ticket(db: Database, before: Ticket, after: Ticket) -> None:
    """Write what changed from `before` to `after`, guarded on the status we read: a lost race raises instead of
    overwriting. Only the changed columns are set: SQLite rewrites the entry of every index on a column that is
    set, and a ticket has many (a call changes four columns of sixteen)."""
    old, new = vars(before), vars(after)
    row = {name: new[name] for name in _TICKET_FIELDS if name != "id" and old[name] != new[name]}
    if "status" in row:
        row["status"] = after.status.value
    if "dossiers" in row:
        row["dossiers"] = json.dumps(list(after.dossiers), ensure_ascii=False)
    if not row:
        row = {"status": after.status.value}  # nothing changed: still checks the guard
    assignments = ", ".join(f"{k} = ?" for k in row)
    cursor = db.execute(
        f"UPDATE tickets SET {assignments} WHERE id = ? AND status = ?",
        [*row.values(), before.id, before.status.value],
    )
    if cursor.rowcount != 1:
        raise RuntimeError(f"ticket {before.id} changed under us")


def waiting_tickets(db: Database, day: str, services: list[str] | None = None) -> list[Ticket]:
    sql = "SELECT * FROM tickets WHERE day = ? AND status = 'waiting'"
    params: list[Any] = [day]
    if services is not None:
        sql += " AND service IN ({})".format(",".join("?" * len(services)))
        params += services
    return select_tickets(db, sql + " ORDER BY queued_at, id", params)


def active_ticket_at(db: Database, counter: int, day: str) -> Ticket | None:
    marks = ",".join("?" * len(ACTIVE))
    return select_ticket(
        db,
        # By counter and status: a counter has one or two live tickets, the day has thousands (unhinted, SQLite
        # reads the whole day through tickets_day).
        f"SELECT * FROM tickets INDEXED BY tickets_counter WHERE counter = ? AND day = ? AND status IN ({marks})"
        " ORDER BY id DESC LIMIT 1",
        [counter, day, *[s.value for s in ACTIVE]],
    )


def active_tickets(db: Database, day: str, counters: Iterable[int] | None = None) -> dict[int, Ticket]:
    """Each counter's live ticket today (the latest, as `active_ticket_at` gives it), or only these counters',
    from the day-and-status index: a few rows however long the day."""
    marks = ",".join("?" * len(ACTIVE))
    wanted, among = _one_of(counters or ())
    only = "" if counters is None else f" AND counter IN ({among})"
    rows = select_tickets(
        db,
        # Hinted: unhinted, SQLite read the whole day through tickets_day (to skip sorting a few rows by id).
        f"SELECT * FROM tickets INDEXED BY tickets_day_status WHERE day = ? AND status IN ({marks})"
        f" AND counter IS NOT NULL{only} ORDER BY id",
        [day, *[s.value for s in ACTIVE], *wanted],
    )
    return {t.counter: t for t in rows}  # type: ignore[misc]  # ordered by id: the latest of a counter wins


def add_event(
    db: Database,
    *,
    ticket_id: int | None,
    action: str,
    at: float,
    day: str,
    from_status: Status | None = None,
    to_status: Status | None = None,
    counter: int | None = None,
    clerk_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    db.execute(
        "INSERT INTO events (ticket_id, action, from_status, to_status, at, day, counter, clerk_id, data)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            ticket_id,
            action,
            from_status.value if from_status else None,
            to_status.value if to_status else None,
            at,
            day,
            counter,
            clerk_id,
            json.dumps(data or {}, ensure_ascii=False),
        ],
    )


def recent_call_priorities(db: Database, counter: int, day: str, last: int | None = None) -> list[bool]:
    """This counter's first calls today (only the `last` ones when given), oldest first: True where the ticket
    had priority."""
    sql = (
        "SELECT t.priority FROM events e JOIN tickets t ON t.id = e.ticket_id"
        " WHERE e.counter = ? AND e.day = ? AND e.action = 'call' ORDER BY e.id DESC"
    )
    params: list[Any] = [counter, day]
    if last is not None:
        sql += " LIMIT ?"
        params.append(last)
    return [bool(r["priority"]) for r in db.query(sql, params)][::-1]


ARMS_AT_ONCE = 100  # lines one statement reads (three values a line: under the 999 of an older SQLite)


def _in_turns(lines: list[list[Any]]) -> Iterator[list[list[Any]]]:
    """Lines (each its parameters) as many at a time as one compound SELECT takes."""
    for start in range(0, len(lines), ARMS_AT_ONCE):
        yield lines[start : start + ARMS_AT_ONCE]


def line_heads(db: Database, day: str, services: list[str]) -> list[Ticket]:
    """The head of every line the counter draws from: per field, its oldest waiting priority ticket and its
    oldest waiting normal one (at most two rows a field, each read from the tickets_line_heads index), in one
    statement for up to fifty fields: a provincial counter serving ten fields asked twenty queries a call."""
    arm = (
        "SELECT * FROM (SELECT * FROM tickets INDEXED BY tickets_line_heads WHERE day = ? AND service = ?"
        " AND (priority IS NULL) = ? AND status = 'waiting' ORDER BY queued_at, issued_at, id LIMIT 1)"
    )
    heads = []
    for some in _in_turns([[day, service, no_priority] for service in services for no_priority in (0, 1)]):
        heads += select_tickets(db, " UNION ALL ".join([arm] * len(some)), [value for line in some for value in line])
    return heads


LISTED_COLUMNS = "id, number, service, status, priority, issued_at, queued_at"  # a ticket as a list shows it


def _firsts(
    db: Database, arm: str, lines: list[list[Any]], order: str, key: Callable[[dict[str, Any]], Any], limit: int
) -> list[dict[str, Any]]:
    """The first `limit` rows, in `order` (`key` in Python), of several lines, each read by `arm` (with its
    parameters, one list in `lines`) from an index that holds it in that order. SQLite merges the lines as they
    come and stops at `limit` (a compound SELECT's ORDER BY on arms already in order): about `limit` index entries,
    however long the lines, where one statement over them all read every row and sorted it. More lines than one
    statement takes are merged in turns, then here."""
    rows: list[dict[str, Any]] = []
    if limit <= 0:
        return rows
    for some in _in_turns(lines):
        sql = " UNION ALL ".join([arm] * len(some)) + f" ORDER BY {order} LIMIT ?"
        rows += db.query(sql, [*(value for line in some for value in line), limit])
    return sorted(rows, key=key)[:limit] if len(lines) > ARMS_AT_ONCE else rows


def first_waiting(db: Database, day: str, services: Sequence[str], limit: int, strict: bool) -> list[dict[str, Any]]:
    """The first `limit` tickets waiting in these fields, each line in the order call-next takes it (the call rule,
    core/policy.py): the longest wait first or, with strict priority, the priority tickets first. Read from the
    head of each line (the tickets_line_heads index), not the whole queue sorted: sorting a provincial morning's
    thousand waiting tickets for a list of fifty was most of a workstation's view."""
    arm = (
        f"SELECT {LISTED_COLUMNS} FROM tickets INDEXED BY tickets_line_heads WHERE day = ? AND service = ?"
        " AND (priority IS NULL) = ? AND status = 'waiting'"
    )
    in_line = "queued_at, issued_at, id"

    def first(lines: list[list[Any]], wanted: int) -> list[dict[str, Any]]:
        return _firsts(db, arm, lines, in_line, lambda r: (r["queued_at"], r["issued_at"], r["id"]), wanted)

    codes = sorted(set(services))
    if not strict:
        return first([[day, code, normal] for code in codes for normal in (0, 1)], limit)
    priority = first([[day, code, 0] for code in codes], limit)
    return priority + first([[day, code, 1] for code in codes], limit - len(priority))


def latest_no_shows(db: Database, day: str, services: Sequence[str], limit: int) -> list[dict[str, Any]]:
    """The last `limit` tickets of these fields marked a no-show today, the latest first, from each field's newest
    (the tickets_no_show index): not every no-show of a provincial day, sorted."""
    arm = (
        f"SELECT {LISTED_COLUMNS}, ended_at FROM tickets INDEXED BY tickets_no_show WHERE day = ? AND service = ?"
        " AND status = 'no_show'"
    )
    lines = [[day, code] for code in sorted(set(services))]
    return _firsts(db, arm, lines, "ended_at DESC, id DESC", lambda r: (-(r["ended_at"] or 0), -r["id"]), limit)


def finished_at(db: Database, day: str, counter: int, limit: int) -> list[Ticket]:
    """The last `limit` tickets served (or transferred on) at a counter today, newest first, from the
    tickets_counter_ended index: not the day's every ticket."""
    return select_tickets(
        db,
        "SELECT * FROM tickets INDEXED BY tickets_counter_ended WHERE counter = ? AND day = ?"
        " AND status IN ('done', 'transferred') ORDER BY ended_at DESC, id DESC LIMIT ?",
        [counter, day, limit],
    )


def line_place(db: Database, ticket: Ticket) -> tuple[int, int]:
    """Where a waiting ticket stands in its field: how many of its own line (priority or normal) are ahead of
    it, and how many wait in the other line (two counts over the tickets_line_heads index)."""
    own = (ticket.day, ticket.service, ticket.priority is None)
    (before,) = db.execute(
        "SELECT count(*) FROM tickets INDEXED BY tickets_line_heads WHERE day = ? AND service = ?"
        " AND (priority IS NULL) = ? AND status = 'waiting' AND (queued_at, issued_at, id) < (?, ?, ?)",
        [*own, ticket.queued_at, ticket.issued_at, ticket.id],
    ).fetchone()
    (other,) = db.execute(
        "SELECT count(*) FROM tickets INDEXED BY tickets_line_heads WHERE day = ? AND service = ?"
        " AND (priority IS NULL) = ? AND status = 'waiting'",
        [ticket.day, ticket.service, ticket.priority is not None],
    ).fetchone()
    return before, other


def service_row(db: Database, code: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM services WHERE code = ?", [code]))
    if not rows:
        return None
    row = rows[0]
    row["sessions"] = json.loads(row["sessions"])
    return row


def service_rows(db: Database) -> list[dict[str, Any]]:
    rows = list(db.query("SELECT * FROM services ORDER BY position, code"))
    for row in rows:
        row["sessions"] = json.loads(row["sessions"])
    return rows


def counter_row(db: Database, number: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM counters WHERE number = ?", [number]))
    if not rows:
        return None
    rows[0]["services"] = json.loads(rows[0]["services"])
    return rows[0]


def counter_rows(db: Database, numbers: Iterable[int] | None = None) -> list[dict[str, Any]]:
    """Every counter, or those numbered (in one query), by number."""
    if numbers is None:
        rows = list(db.query("SELECT * FROM counters ORDER BY number"))
    else:
        wanted, marks = _one_of(numbers)
        if not wanted:
            return []
        rows = list(db.query(f"SELECT * FROM counters WHERE number IN ({marks}) ORDER BY number", wanted))
    for row in rows:
        row["services"] = json.loads(row["services"])
    return rows


T = TypeVar("T")
_BY_COUNTERS_STAMP: dict[tuple[int, str], Any] = {}  # (the counters' stamp, what) -> what was read under it
_KEPT_ENTRIES = 256  # kept before the whole cache is dropped (a dozen entries a stamp)


def counters_stamp(db: Database) -> int:
    """The counters' stamp (migration m016): a new random one each time any counter is added, removed or changed."""
    (stamp,) = db.execute("SELECT stamp FROM versions WHERE name = 'counters'").fetchone()
    return int(stamp)


def every_counter_row(db: Database) -> list[dict[str, Any]]:
    """`counter_rows(db)`, read once until a counter changes (shared: callers must not change it)."""
    return read_once_per_counters_stamp(db, "rows", lambda: counter_rows(db))


def read_once_per_counters_stamp(db: Database, what: str, read: Callable[[], T]) -> T:
    """`read()` (which reads the counters table and nothing else), or what it gave under the same stamp: every
    process keeps its own, and a change to the counters made by any program changes the stamp. A stamp names one
    committed state of the counters, wherever it is met again (a restored backup brings back its counters with their
    stamp), so what is kept is filed only when the stamp read after `read()` is still the one read before: a change
    committed between the two is read again next time, never kept under the older stamp. The value is shared:
    callers must not change it."""
    stamp = counters_stamp(db)
    found = _BY_COUNTERS_STAMP.get((stamp, what))
    if found is None:
        found = read()
        if counters_stamp(db) == stamp:
            if len(_BY_COUNTERS_STAMP) >= _KEPT_ENTRIES:
                _BY_COUNTERS_STAMP.clear()
            _BY_COUNTERS_STAMP[stamp, what] = found
    return found


def counters_serving(db: Database, code: str) -> tuple[dict[str, Any], ...]:
    """The counters serving one field (number, name, state), by number, read once per counters' stamp (a
    provincial hall's hundred counters for every ticket were a third of its cost). Chosen by SQLite from each
    counter's list of fields: a list of fields is a JSON array of codes, each one capital letter (`PREFIX_RE`,
    checked when a field is made), so the code in quotes appears in the text of the array exactly when the array
    holds it ("AB" holds no "B" in quotes)."""

    def read() -> tuple[dict[str, Any], ...]:
        rows = db.execute(
            "SELECT number, name, state FROM counters WHERE instr(services, ?) > 0 ORDER BY number",
            [json.dumps(code)],
        )
        return tuple({"number": number, "name": name, "state": state} for number, name, state in rows)

    return read_once_per_counters_stamp(db, "serving:" + code, read)


def users_by_id(db: Database, ids: set[int]) -> dict[int, dict[str, Any]]:
    wanted, marks = _one_of(ids)
    if not wanted:
        return {}
    return {r["id"]: r for r in db.query(f"SELECT * FROM users WHERE id IN ({marks})", wanted)}


def user_row(db: Database, *, user_id: int | None = None, username: str | None = None) -> dict[str, Any] | None:
    if user_id is not None:
        rows = list(db.query("SELECT * FROM users WHERE id = ?", [user_id]))
    else:
        rows = list(db.query("SELECT * FROM users WHERE username = ?", [username]))
    return rows[0] if rows else None


def get_options(db: Database) -> dict[str, Any]:
    """The stored options; read once per request or event on a borrowed connection (its `memo`, emptied when
    the connection goes back to the pool), on every call elsewhere."""
    memo = getattr(db, "memo", None)
    if memo is not None and "options" in memo:
        return dict(memo["options"])
    options = {r["key"]: json.loads(r["value"]) for r in db.query("SELECT key, value FROM options")}
    if memo is not None:
        memo["options"] = options
    return dict(options)


def set_option(db: Database, key: str, value: Any) -> None:
    db.execute(
        "INSERT INTO options (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, json.dumps(value, ensure_ascii=False)],
    )
    memo = getattr(db, "memo", None)
    if memo is not None:
        memo.pop("options", None)
