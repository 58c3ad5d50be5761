"""After a transaction commits: turn its events into Socket.IO emits, from one routing table."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, cast

import socketio
from sqlite_utils import Database

from server import payloads, rooms
from server.core.tickets import TRANSITIONS, Status
from server.hub import Hub
from server.services.base import Env, Event
from server.store import repo

log = logging.getLogger("xephang")

# A route: (namespace, rooms(event, db) -> list of rooms or [None] for everyone, emitted event name).
Route = tuple[str, Callable[[Event, Database], list[str | None]], str]

_everyone: Callable[[Event, Database], list[str | None]] = lambda event, db: [None]  # noqa: E731


def _counter_of(event: Event) -> int | None:
    if "ticket" in event.data:
        return event.data["ticket"].counter
    return event.data.get("counter")


def _counter_room(event: Event, db: Database) -> list[str | None]:
    number = _counter_of(event)
    return [rooms.counter(number)] if number is not None else []


def _display_rooms(event: Event, db: Database) -> list[str | None]:
    number = _counter_of(event)
    if number is None:  # a mistaken call returned to the line: every group's displays may be announcing it
        groups = [r["display_group"] for r in db.query("SELECT DISTINCT display_group FROM counters")]
        return [rooms.ALL_DISPLAYS, *[rooms.display(g) for g in groups]]
    row = _counter_row(db, number)
    return [rooms.ALL_DISPLAYS, *([rooms.display(row["display_group"])] if row else [])]


_COUNTERS_READ = "dispatch: counters"  # the key of the counter rows one dispatch has read, in the connection's memo


def _counter_row(db: Database, number: int) -> dict[str, Any] | None:
    """A counter's row, read once per dispatch: a call's display rooms, its no-show's and its counter_changed
    payload all need the same counter (read again by the next dispatch: `dispatch` forgets them)."""
    memo = getattr(db, "memo", None)
    if memo is None:
        return repo.counter_row(db, number)
    read = memo.setdefault(_COUNTERS_READ, {})
    if number not in read:
        read[number] = repo.counter_row(db, number)
    return cast(dict[str, Any] | None, read[number])


# Actions that take a ticket out of "called": a display stops announcing it (finish, transfer come later).
_LEAVE_CALLED = {a.value for (s, a), to in TRANSITIONS.items() if s is Status.CALLED and to is not Status.CALLED}


def _displays_if_left_called(event: Event, db: Database) -> list[str | None]:
    return _display_rooms(event, db) if event.data.get("action") in _LEAVE_CALLED else []


def _live(event: Event, db: Database) -> list[str | None]:
    """The managers' live dashboards: the other admin pages (settings, reports, devices) do not redraw on every
    ticket, and are not told of one."""
    return [rooms.LIVE_DASHBOARD]


def _if(flag: str) -> Callable[[Event, Database], list[str | None]]:
    """Everyone, unless the event says its `flag` part did not change (wall displays skip what they do not show)."""
    return lambda event, db: [None] if event.data.get(flag, True) else []


def _ticket_room(event: Event, db: Database) -> list[str | None]:
    return [rooms.ticket(event.data["ticket"].token)]


ROUTES: dict[str, list[Route]] = {
    "ticket_issued": [("/counter", _everyone, "ticket_issued"), ("/admin", _live, "ticket_issued")],
    "ticket_called": [
        ("/display", _display_rooms, "ticket_called"),
        ("/counter", _everyone, "ticket_called"),
        ("/rating", _counter_room, "ticket_called"),
        ("/ticket", _ticket_room, "ticket_called"),
        ("/admin", _live, "ticket_called"),
    ],
    "ticket_changed": [
        ("/display", _displays_if_left_called, "ticket_changed"),
        ("/counter", _everyone, "ticket_changed"),
        ("/rating", _counter_room, "ticket_changed"),
        ("/ticket", _ticket_room, "ticket_changed"),
        ("/admin", _live, "ticket_changed"),
    ],
    "queue_changed": [
        ("/ticket", _everyone, "queue_changed"),
        ("/kiosk", _everyone, "queue_changed"),
        ("/display", _if("waiting"), "queue_changed"),
        ("/counter", _everyone, "queue_changed"),
        ("/admin", _live, "queue_changed"),
    ],
    "counter_changed": [
        ("/display", _if("wall"), "counter_changed"),
        ("/counter", _everyone, "counter_changed"),
        ("/rating", _counter_room, "counter_changed"),
        ("/admin", _live, "counter_changed"),
    ],
    "print_status": [
        ("/kiosk", _everyone, "print_status"),
        ("/counter", _everyone, "print_status"),
        ("/admin", _live, "print_status"),
    ],
    "printer_status": [
        ("/kiosk", _everyone, "printer_status"),
        ("/counter", _everyone, "printer_status"),
        ("/admin", _live, "printer_status"),
    ],
    "print_requested": [],
    # Managers changed something: every screen re-reads its snapshot.
    "config_changed": [
        (ns, _everyone, "config_changed") for ns in ("/kiosk", "/display", "/counter", "/rating", "/ticket", "/admin")
    ],
    # The one-time token goes to that counter's tablets only, never to a clerk's screen.
    "rating_requested": [("/rating", _counter_room, "rating_requested")],
    "rating_submitted": [
        ("/rating", _counter_room, "rating_submitted"),
        ("/counter", _everyone, "rating_submitted"),
        ("/admin", _live, "rating_submitted"),
    ],
}

# A wall display showed or said a counter's call: that counter's workstation shows it to the clerk.
ROUTES["call_reported"] = [("/counter", _counter_room, "call_reported")]

DEVICE_NAMESPACES = ("/kiosk", "/display", "/rating", "/printer")  # where a paired device's sockets are
ROUTES["device_changed"] = [
    (ns, lambda event, db: [rooms.device(event.data["device"])], "device_changed") for ns in DEVICE_NAMESPACES
]  # the device's own sockets only
ROUTES["devices_changed"] = [("/admin", _everyone, "devices_changed")]  # a device asks to pair, or was paired
ROUTES["logins_failing"] = [("/admin", _live, "logins_failing")]  # an account's failed logins reach the alarm


def _drop_revoked(hub: Hub, event: Event) -> None:
    """A revoked device's sockets on this process are closed (it can no longer reconnect)."""
    if event.data["status"] != "revoked":
        return
    manager = hub.socketio.server.manager
    for namespace in DEVICE_NAMESPACES:
        for sid, _ in list(manager.get_participants(namespace, rooms.device(event.data["device"]))):
            hub.socketio.server.disconnect(sid, namespace=namespace)


# Effects other than emits: event type -> what to call with the hub.
HOOKS: dict[str, Callable[[Hub, Event], None]] = {
    "print_requested": lambda hub, event: hub.printing.wake(event.data["kiosk"]) if hub.printing else None,
    "device_changed": _drop_revoked,
}


def build_payload(event: Event, db: Database, env: Env) -> dict[str, Any]:
    data = event.data
    if event.type == "queue_changed":
        return {"services": payloads.service_stats(db, env, list(data["services"]))}
    if event.type == "counter_changed":
        row = _counter_row(db, data["counter"])
        return {"counter": payloads.counter(db, env, row) if row else None}
    if event.type in (
        "print_status",
        "printer_status",
        "print_requested",
        "rating_requested",
        "rating_submitted",
        "config_changed",
        "device_changed",
        "devices_changed",
    ):
        return dict(data)
    if event.type == "call_reported":
        return payloads.call_report(data["ticket"], data["report"], data["at"], env.tz)
    out: dict[str, Any] = {"ticket": payloads.ticket(data["ticket"], env.tz)}
    if event.type == "ticket_called":
        out["recall"] = data["recall"]
        out["counter"] = data["ticket"].counter
        out["announcement"] = payloads.announcement(db, data["ticket"].number, data["ticket"].counter)
    if event.type == "ticket_changed":
        out["action"] = data["action"]
    return out


def merge(events: Iterable[Event]) -> list[Event]:
    """One queue_changed for all services touched, one counter_changed per counter, in first-seen order.

    Flags for wall displays: `waiting` (a waiting count may have changed) and `wall` (the number shown at the
    counter changed, and no ticket_called of this batch already tells the display).
    """
    events = list(events)
    called = {e.data["ticket"].counter for e in events if e.type == "ticket_called"}
    merged: list[Event] = []
    services: list[str] = []
    waiting = False
    walls: dict[int, Event] = {}
    for event in events:
        if event.type == "queue_changed":
            services += [s for s in event.data["services"] if s not in services]
            waiting = waiting or event.data.get("waiting", True)
            continue
        if event.type == "counter_changed":
            number = event.data["counter"]
            if number is None:
                continue
            wall = event.data.get("wall", True) and number not in called
            if number in walls:
                walls[number].data["wall"] = walls[number].data["wall"] or wall
                continue
            event = walls[number] = Event("counter_changed", {"counter": number, "wall": wall})
        merged.append(event)
    if services:
        merged.append(Event("queue_changed", {"services": services, "waiting": waiting}))
    return merged


# The clerk's workstation and the managers' dashboard redraw from a fresh snapshot of their own (it holds
# per-clerk lists and today's figures that no delta carries): they are told what changed, never sent deltas.
NOTIFIED = frozenset({"/counter", "/admin"})
NOTICES = frozenset(
    {
        "ticket_issued",
        "ticket_called",
        "ticket_changed",
        "queue_changed",
        "counter_changed",
        "print_status",
        "printer_status",
        "rating_submitted",
        "logins_failing",
    }
)


# Routes the Pacer sends instead (when the hub has one): the waiting figures to the screens that show them, and
# what a wall display shows besides the calls themselves.
PACED = frozenset(
    {
        ("queue_changed", "/ticket"),
        ("queue_changed", "/kiosk"),
        ("queue_changed", "/display"),
        ("ticket_changed", "/display"),
        ("counter_changed", "/display"),
    }
)
PACE_S = 0.5
# The clerks' workstations: the notice of a transaction goes at once to the workstations of the counters it touched
# (their room); every other workstation is told by the Pacer, at once or at most once a pace with one notice for
# everything changed meanwhile. A workstation redraws a change elsewhere at most once a second anyway (counter.js);
# told of every press at every counter, a hundred workstations cost the server a websocket frame each, every press:
# twenty workstations connected took call-next and no-show from about 450 to 195–271 a second (session 20).
WORKSTATIONS = "/counter"
Notice = tuple[str, dict[str, Any], list[int]]  # a workstation notice: its name, its body, the counters told at once
Parts = tuple[list[str], bool, list[int], list[int], Notice | None]
PACER_SENDS = frozenset({"queue_changed", "hall_changed"})  # the events the Pacer emits


class Pacer:
    """What changes often and is read, not heard, goes out at once, then at most once every `every_s` with the
    latest state of everything changed meanwhile: the waiting figures to kiosks and phones (`queue_changed`), and
    to wall displays one `hall_changed` with the fields' figures, the counters whose shown number changed and the
    tickets that stopped being called. In a provincial hall a ticket is issued, called, started or finished
    several times a second, and each change went to five hundred displays; a call is the one thing a display
    must show and say at once, and calls are never paced. The workstations of the counters a change did not touch
    hear of it here too, in one notice a pace (see WORKSTATIONS). Every part is read when it is sent (after the
    transaction's calls and notices), and a failed send is tried again at the next turn (or, when no worker can
    be started, with the next change)."""

    def __init__(self, hub: Hub, every_s: float = PACE_S):
        self.hub, self.every_s = hub, every_s
        self.last = float("-inf")
        self.services: list[str] = []
        self.waiting = False  # a waiting count may have changed (wall displays show only those)
        self.counters: list[int] = []
        self.tickets: list[int] = []
        self.notice: Notice | None = None  # what the workstations of the counters not touched are told next
        self.due = False  # a later send is scheduled
        self.lock = threading.Lock()
        self.sending = threading.Lock()  # taken after `lock` is released, never the other way round

    def push(
        self,
        db: Database,
        services: Iterable[str] = (),
        waiting: bool = False,
        counters: Iterable[int] = (),
        tickets: Iterable[int] = (),
        notice: Notice | None = None,
    ) -> None:
        now = time.monotonic()
        with self.lock:
            self._add(services, waiting, counters, tickets, notice)
            at_once = not self.due and now - self.last >= self.every_s
            if at_once:
                self.last = now
                parts = self._take()
            else:
                schedule, self.due = not self.due, True
        if at_once:
            try:
                self._send(db, *parts)
            except Exception:  # noqa: BLE001 - the transaction is committed: its calls and notices still go out
                log.exception("the paced update of the screens failed; it is sent again at the next turn")
                self._retry(parts)
        elif schedule and not self._schedule(max(0.0, self.last + self.every_s - now)):
            self.flush()  # no worker: the update goes out now rather than never

    def _add(
        self,
        services: Iterable[str],
        waiting: bool,
        counters: Iterable[int],
        tickets: Iterable[int],
        notice: Notice | None = None,
    ) -> None:
        """Under the lock: what changed joins what waits for its turn. Two workstation notices are one, named by
        the first, skipping only the workstations of the counters both touched (told of both at once)."""
        self.services += [s for s in services if s not in self.services]
        self.waiting = self.waiting or waiting
        self.counters += [c for c in counters if c not in self.counters]
        self.tickets += [t for t in tickets if t not in self.tickets]
        if notice is None:
            return
        if self.notice is None:
            self.notice = notice
        else:  # one notice for both; a workstation told of both at once is not told again
            name, _, told = self.notice
            self.notice = (name, payloads.notice(name, None), [n for n in told if n in notice[2]])

    def _schedule(self, delay: float) -> bool:
        try:
            self.hub.socketio.start_background_task(self._later, delay)
            return True
        except Exception:  # noqa: BLE001 - the caller decides what to do without a worker
            log.exception("could not schedule the paced update")
            return False

    def _retry(self, parts: Parts) -> None:
        """A send failed: its parts wait for the next turn with whatever changes meanwhile. Only a worker sends
        them again (never this call: a send that fails every time would call itself without end); without a
        worker they go out with the next change."""
        with self.lock:
            self._add(*parts)
            schedule, self.due = not self.due, True
        if schedule and not self._schedule(self.every_s):
            with self.lock:
                self.due = False

    def _take(self) -> Parts:
        parts = (self.services, self.waiting, self.counters, self.tickets, self.notice)
        self.services, self.waiting, self.counters, self.tickets, self.notice = [], False, [], [], None
        return parts

    def _later(self, delay: float) -> None:
        self.hub.socketio.sleep(delay)
        self.flush()

    def flush(self) -> None:
        """Send what waits for its turn now (the scheduled send then finds nothing to do)."""
        with self.lock:
            if not self.due:
                return
            parts = self._take()
            self.due, self.last = False, time.monotonic()
        factory = db = None
        try:
            factory, db = self.hub.borrow()
            self._send(db, *parts)
        except Exception:  # noqa: BLE001 - a failed update must not kill the worker; it is sent again
            log.exception("the paced update of the screens failed; it is sent again at the next turn")
            self._retry(parts)
        finally:
            if db is not None:
                self.hub.give_back(factory, db)

    def _send(
        self,
        db: Database,
        services: list[str],
        waiting: bool,
        counters: list[int],
        tickets: list[int],
        notice: Notice | None = None,
    ) -> None:
        """Read and send, one send at a time: in threading mode a worker's send and a request's may run together,
        and a later reading sent first would leave the screens on the older one until the next change."""
        env, emit = self.hub.env, self.hub.socketio.emit
        with self.sending:
            if notice is not None:  # to every workstation but those of the counters told at once
                name, body, touched = notice
                told = [
                    sid
                    for n in touched
                    for sid, _ in self.hub.socketio.server.manager.get_participants(WORKSTATIONS, rooms.counter(n))
                ]
                emit(name, body, namespace=WORKSTATIONS, skip_sid=told or None)
            figures = payloads.service_stats(db, env, services) if services else []
            if figures:
                for namespace in ("/ticket", "/kiosk"):
                    emit("queue_changed", {"services": figures}, namespace=namespace)
            hall = payloads.hall_changed(db, env, figures if waiting else [], counters, tickets)
            if hall["services"] or hall["counters"] or hall["tickets"]:
                emit("hall_changed", hall, namespace="/display")


def _paced_parts(events: list[Event]) -> dict[str, Any]:
    """What of a transaction's events the Pacer sends (see PACED)."""
    parts: dict[str, Any] = {"services": [], "waiting": False, "counters": [], "tickets": [], "notice": None}
    for event in events:
        if event.type == "queue_changed":
            parts["services"] += event.data["services"]
            parts["waiting"] = parts["waiting"] or event.data.get("waiting", True)
        elif event.type == "ticket_changed" and event.data.get("action") in _LEAVE_CALLED:
            parts["tickets"].append(event.data["ticket"].id)
        elif event.type == "counter_changed" and event.data.get("wall", True):
            parts["counters"].append(event.data["counter"])
    return parts


def dispatch(hub: Hub, db: Database, events: Iterable[Event]) -> None:
    """Emit every event to its routes, then run its hooks. Call only after the transaction has committed.

    Each payload is built once per event, whatever the number of rooms and sockets it reaches. A screen that
    redraws from its own snapshot gets one notice for the whole transaction (a call is also a counter and a
    queue change: three notices to a hundred workstations would be three redraws asked for one), named by its
    first event and listing every counter it touched."""
    if db.conn.in_transaction:
        raise RuntimeError("events are dispatched after commit, never inside a transaction")
    try:
        _dispatch(hub, db, events)
    finally:
        memo = getattr(db, "memo", None)
        if memo is not None:
            memo.pop(_COUNTERS_READ, None)  # the next dispatch reads them again: they may have changed since


def _audience(hub: Hub) -> Callable[[str, str | None], bool]:
    """`heard(namespace, room)`: is a socket of this process in that room (`None`: in the namespace)? Nothing is
    read, built or sent for a room nobody is in (docs/architecture.md). With a message queue every room may hear:
    the other processes' sockets are not known here. (`type(...) is`, not `isinstance`: every message-queue manager
    is a subclass of `socketio.Manager`.)"""
    manager = hub.socketio.server.manager
    if type(manager) is not socketio.Manager:
        return lambda namespace, room: True
    joined = manager.rooms  # {namespace: {room: {sid: eio_sid}}}; an empty room or namespace is removed

    def heard(namespace: str, room: str | None) -> bool:
        return bool(joined.get(namespace, {}).get(room))

    return heard


def _dispatch(hub: Hub, db: Database, events: Iterable[Event]) -> None:
    heard = _audience(hub)
    merged = merge(events)
    noticed = [e for e in merged if e.type in NOTICES]
    notice: dict[str, Any] | None = None
    touched: list[int] = []
    if noticed:
        touched = sorted({n for n in map(_counter_of, noticed) if n is not None})
        notice = payloads.notice(noticed[0].type, noticed[0].data.get("ticket"), _counter_of(noticed[0]), touched)
    told: set[tuple[str, str | None]] = set()
    paced = hub.pacer is not None
    parts = _paced_parts(merged) if paced else None
    if (
        parts is not None
        and notice is not None
        and any(ns == WORKSTATIONS for e in noticed for ns, _, _ in ROUTES[e.type])
    ):
        parts["notice"] = (noticed[0].type, notice, touched)
    if parts is not None and not (parts["services"] or parts["counters"] or parts["tickets"] or parts["notice"]):
        parts = None
    for event in merged:
        routes = ROUTES[event.type]
        payload: dict[str, Any] | None = None
        if paced and event.type == "config_changed":  # what waits goes before the screens re-read everything
            if parts is not None:
                hub.pacer.push(db, **parts)
                parts = None
            hub.pacer.flush()
        for namespace, rooms_for, name in routes:
            if paced and (event.type, namespace) in PACED:
                continue
            if not heard(namespace, None):  # no screen of this kind is connected: nothing to read, build or send
                continue
            targets: list[str | None] | None = None
            body: dict[str, Any] | None = None
            if namespace in NOTIFIED and event.type in NOTICES:
                name = noticed[0].type
                if paced and namespace == WORKSTATIONS:  # at once to the counters touched; the others: WORKSTATIONS
                    targets = [rooms.counter(n) for n in touched]
                body = notice
            heard_in = [r for r in (rooms_for(event, db) if targets is None else targets) if heard(namespace, r)]
            if heard_in and body is None:
                payload = payload if payload is not None else build_payload(event, db, hub.env)
                body = payload
            for room in heard_in:
                if body is notice:
                    if (namespace, room) in told:
                        continue
                    told.add((namespace, room))
                hub.socketio.emit(name, body, namespace=namespace, to=room)
        if event.type in HOOKS:
            HOOKS[event.type](hub, event)
    if parts is not None:  # after the calls and notices: the paced update never holds up a call
        hub.pacer.push(db, **parts)
