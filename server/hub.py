"""The running system: settings, clock and zone, the database, the Socket.IO server and the print worker."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from sqlite_utils import Database

from server.i18n import Said
from server.services.base import Env
from server.store.db import DiskPace, Group, connect


class Printing(Protocol):
    """What the hub needs of the print worker (server/print_worker.py)."""

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def wake(self, kiosk: str | None = None) -> None: ...


@dataclass
class Hub:
    """The running system: settings, clock and zone, the database path and the Socket.IO server."""

    settings: dict[str, Any]
    env: Env
    db_path: str
    socketio: Any = None  # flask_socketio.SocketIO, set by create_app
    printing: Printing | None = None  # the print worker, set by create_app
    webhooks: Any = None  # the webhook worker (server/webhooks.py), set by create_app
    pacer: Any = None  # paced figures and wall displays' hall_changed (server/dispatch.py Pacer), set by create_app
    alarms: dict[str, str | tuple[Said, ...]] = field(default_factory=dict)  # system troubles on the dashboard

    pool: list[tuple[Any, Database]] = field(default_factory=list)  # idle request connections
    # This process's writers take turns here (a green lock under eventlet: made after monkey_patch).
    writers: Any = field(default_factory=lambda: threading.Lock())
    pace: DiskPace | None = None  # where COMMITs run: in the loop while the disk is fast, else off it
    group: Group = field(
        default_factory=Group
    )  # writes that come in a burst, or while the disk is slow, share a COMMIT (store/db.py)
    checkpointing: bool = False  # a serving process copies the WAL back off the loop (server/cli.py); commits never
    # What every screen of a kind is sent alike (server/payloads.py), with the moment it was read: see `shared`.
    views: dict[Hashable, tuple[tuple[int, int], Any]] = field(default_factory=dict)
    building: dict[Hashable, Any] = field(default_factory=dict)  # a lock per key of `views` while it is read
    watcher: sqlite3.Connection | None = None  # never writes: its data_version moves with every commit
    watching: Any = field(default_factory=lambda: threading.Lock())

    def __post_init__(self) -> None:
        # Writes share a COMMIT while they come in a burst or the disk is slow (group_commit "auto"), or whenever they
        # come together ("always").
        # Threading mode never groups by itself ("auto" reads as "never" there): with the interpreter lock passed among
        # twenty request threads, a batch held open for the others kept its writers 0.5-1.1 s, where each committing
        # alone waited at most 0.17 s; and a commit timed in a thread also counts its wait for that lock, so a busy
        # moment passed for a slow disk and turned grouping on (docs/performance.md, session 17).
        rule = self.settings.get("group_commit", "auto")
        if rule == "auto" and self.settings.get("async_mode", "eventlet") != "threading":
            self.group.when = lambda: self.group.burst or (self.pace is not None and self.pace.slow)
        else:
            self.group.when = lambda: rule == "always"

    @property
    def offload(self) -> Callable[..., Any]:
        """`offload(fn, *args)`: run blocking work (slow commits, checkpoints, parsing, printing) off the event loop
        and return its result. server/cli.py sets it to eventlet's `tpool.execute` when serving with eventlet;
        otherwise it calls `fn` directly."""
        return self.env.offload

    @offload.setter
    def offload(self, runner: Callable[..., Any]) -> None:
        self.env = replace(self.env, offload=runner)  # use cases reach it through their env

    @property
    def crunch(self) -> Callable[..., Any]:
        """`crunch(fn, *args)`: run CPU-heavy work that releases the interpreter lock (a password hash) off the event
        loop at the lowest CPU priority (server/background.py); server/cli.py sets it when serving, otherwise it
        calls `fn` directly."""
        return self.env.crunch

    @crunch.setter
    def crunch(self, runner: Callable[..., Any]) -> None:
        self.env = replace(self.env, crunch=runner)

    def checkpoint_off_the_loop(self) -> None:
        """From now on no commit copies the WAL back into the database (the caller runs `store.db.Checkpointer`
        off the loop); the idle connections opened before are closed."""
        self.checkpointing = True
        while self.pool:
            self.pool.pop()[1].close()

    def connect(self) -> Database:
        return connect(
            self.db_path,
            self.settings["sqlite_synchronous"],
            self.settings["storage_busy_s"],
            writers=self.writers,
            committer=self._disk_pace(),
            autocheckpoint=not self.checkpointing,
            group=self.group,
        )

    def _disk_pace(self) -> DiskPace:
        """One for the process (it remembers how fast the disk has been), renewed if `offload` is replaced."""
        if self.pace is None or self.pace.offload is not self.env.offload:
            self.pace = DiskPace(self.env.offload)
        return self.pace

    def data_version(self) -> int:
        """A number that changes whenever any connection, of this process or another, commits a write: SQLite's
        `PRAGMA data_version` of a connection that never writes itself."""
        with self.watching:
            if self.watcher is None:
                self.watcher = sqlite3.connect(self.db_path, isolation_level=None, check_same_thread=False)
            version: int = self.watcher.execute("PRAGMA data_version").fetchone()[0]
            return version

    def shared(self, key: Hashable, build: Callable[[], Any]) -> Any:
        """`build()`, or the value it gave for `key` when nothing has been committed since and the clock is still
        in the same second: when a call reaches a hundred counter workstations and each asks for its view, the
        parts that are the same for all of them (the lines, the counters, the fields' figures) are read once.
        The value is shared: callers never change it."""
        moment = (self.data_version(), int(self.env.clock()))
        kept = self.views.get(key)
        if kept is not None and kept[0] == moment:
            return kept[1]
        # Threading mode: the workstations' threads all ask at once after a commit; one reads, the others wait for
        # it and take its value (under eventlet a read never yields, so nobody waits here).
        lock = self.building.setdefault(key, threading.Lock())
        with lock:
            kept = self.views.get(key)
            if kept is not None and kept[0] == moment:
                return kept[1]
            value = build()
            if len(self.views) > SHARED_VIEWS:  # keys are few (a counter's set of fields): never grows without end
                self.views.clear()
                self.building = {key: lock}
            self.views[key] = (moment, value)
            return value

    def borrow(self) -> tuple[Any, Database]:
        """A connection for one request or event, reused: opening SQLite with its pragmas costs more than a
        whole ticket. Only one opened by the current `connect` is handed out (tests swap it)."""
        factory = self.connect
        while self.pool:
            made_by, db = self.pool.pop()
            if made_by == factory:
                db.memo = {}  # type: ignore[attr-defined]
                return factory, db
            db.close()
        db = factory()
        db.memo = {}  # type: ignore[attr-defined]
        return factory, db

    def give_back(self, factory: Any, db: Database) -> None:
        if db.conn.in_transaction:  # never expected: every write is an immediate() block
            db.conn.execute("ROLLBACK")
        db.memo = None  # type: ignore[attr-defined]
        if len(self.pool) < POOL_SIZE:
            self.pool.append((factory, db))
        else:
            db.close()


# Idle connections kept: as many as requests in flight at a busy moment (20 clerks and a few kiosks at once),
# so a burst never pays for opening SQLite again; each holds at most SQLite's default 2 MB page cache.
POOL_SIZE = 24
SHARED_VIEWS = 256  # views kept by `Hub.shared` before they are all forgotten
