"""Opening the SQLite database (WAL, busy timeout, durable commits) and write transactions."""

from __future__ import annotations

import contextlib
import copy
import fcntl
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from typing import Any

from sqlite_utils import Database
from sqlite_utils.utils import dedupe_keys

BUSY_TIMEOUT_MS = 20  # SQLite's own wait on a lock holds the thread (the event loop): reads only, kept short
WRITE_WAIT_S = 5.0  # how long a write waits, yielding, for a lock another process holds (setting storage_busy_s)


class StorageBusy(sqlite3.OperationalError):
    """Another connection held the write lock for longer than this one waits."""


class Store(Database):
    """A connection with how long its writes wait for the write lock, the process's queue of writers (a lock
    shared by all its connections) and how its COMMIT runs."""

    write_wait_s: float = WRITE_WAIT_S
    writers: Any = None  # a lock: this process's writers wait here, in turn, never spinning on SQLite's lock
    committer: Callable[..., Any] | None = None  # `committer(fn, *args)`: runs the COMMIT (and its fsync) off the loop
    memo: dict[str, Any] | None = None  # what one request or event has read already (the hub's borrowed connections)
    group: Any = None  # a `Group`: this connection's writes share their COMMIT with the process's other writers
    written: int = 0  # write transactions committed through this connection that changed something

    def query(
        self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None
    ) -> Generator[dict[str, Any], None, None]:
        """For a plain SELECT, sqlite-utils' `query` without the savepoint it puts around every statement (two
        more statements for each read, a quarter of a ticket's cost): run now, rows as dicts (repeated column
        names made unique, as sqlite-utils does) as they are read. Anything else — a write with RETURNING, a
        PRAGMA, a statement that returns no rows — goes to sqlite-utils' own `query`, with its guard."""
        if not sql.lstrip()[:6].upper() == "SELECT":
            return super().query(sql, params)
        if self._tracer:
            self._tracer(sql, params)
        cursor = self.conn.execute(sql, params or [])
        return _dicts(cursor)


class DiskPace:
    """A `committer` that runs the COMMIT where it costs least: in the calling thread while the disk answers
    fast (an fsync of a quarter millisecond costs less than handing it to a thread pool, which under eventlet
    costs about a millisecond of CPU and halves issuing), and through `offload` (eventlet: a native thread)
    once the commits timed in the calling thread average more than `slow_s` — a slow SD card or a busy disk
    then never holds the event loop. Only commits run in the calling thread are timed (one in a pool thread
    also waits for the interpreter lock, which says nothing of the disk): while offloading, every
    `probe_every`-th commit is run and timed in the calling thread, so a disk that is fast again is noticed.
    A probe that stalls (over `stall_s`) doubles the gap to the next one (up to `longest_gap`): under a backup or
    a report writing hundreds of megabytes, one synced commit can take a quarter of a second, and a probe every 32
    commits held the whole hall that long about once a second. A probe that is merely slow (a disk busy with the
    hall's own commits) keeps the gap short, so that the commits come back to the loop as soon as they can: kept
    off it longer, issuing flat out lost a tenth of its rate."""

    def __init__(
        self,
        offload: Callable[..., Any],
        slow_s: float = 0.003,
        probe_every: int = 32,
        longest_gap: int = 1024,
        stall_s: float = 0.03,
    ):
        self.offload, self.slow_s, self.probe_every, self.longest_gap = offload, slow_s, probe_every, longest_gap
        self.stall_s = stall_s
        self.recent_s = 0.0  # moving average of the commits timed in the calling thread
        self.since_probe = 0
        self.gap = probe_every  # commits between two probes now

    @property
    def slow(self) -> bool:
        return self.recent_s > self.slow_s

    def __call__(self, fn: Callable[..., Any], *args: Any) -> Any:
        probing = self.slow
        if probing:
            self.since_probe += 1
            if self.since_probe < self.gap:
                return self.offload(fn, *args)
            self.since_probe = 0
        started = time.perf_counter()
        try:
            return fn(*args)
        finally:
            took = time.perf_counter() - started
            weight = 0.5 if self.slow else 0.2  # probes are rare: each counts more
            self.recent_s = (1 - weight) * self.recent_s + weight * took
            if probing:
                self.gap = min(self.gap * 2, self.longest_gap) if took > self.stall_s else self.probe_every


def _dicts(cursor: sqlite3.Cursor) -> Generator[dict[str, Any], None, None]:
    keys = dedupe_keys(d[0] for d in cursor.description or ())
    for row in cursor:
        yield dict(zip(keys, row, strict=True))


def connect(
    path: str,
    synchronous: str = "full",
    write_wait_s: float = WRITE_WAIT_S,
    writers: Any = None,
    committer: Callable[..., Any] | None = None,
    autocheckpoint: bool = True,
    group: Group | None = None,
) -> Database:
    """A connection in autocommit mode: every write goes through `immediate()`. `autocheckpoint=False`: its
    commits never copy the WAL back into the database (a serving process does that off the loop: `Checkpointer`)."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    if mode != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA synchronous = {synchronous.upper()}")
    if not autocheckpoint:
        conn.execute("PRAGMA wal_autocheckpoint = 0")
    db = Store(conn)
    db.write_wait_s = write_wait_s
    db.writers, db.committer, db.group = writers, committer, group
    return db


CHECKPOINT_BYTES = 1 << 20  # a serving process copies the WAL back once it holds this much (SQLite's own: 4 MB)


class Checkpointer:
    """Copies the WAL back into the database (PASSIVE: what no reader still needs, waiting for nobody), for a
    serving process whose connections never do it themselves (`connect(autocheckpoint=False)`): SQLite's own
    checkpoint ran inside the commit that crossed 4 MB, syncing the database in front of every kiosk and
    counter. `due()` is cheap and takes no lock; `run()` is for a thread off the event loop."""

    def __init__(self, path: str, at_least: int = CHECKPOINT_BYTES):
        self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=5)
        self.wal, self.at_least = path + "-wal", at_least
        self.seen: int | None = None  # the data_version at the last checkpoint

    def _version(self) -> int:
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])  # moves when another connection commits

    def due(self) -> bool:
        """Something was committed since the last checkpoint and the WAL file holds `at_least` bytes (the file
        keeps its size once grown: the commits since the last complete checkpoint say whether there is anything
        new; once grown, that is every second with a commit)."""
        try:
            big = os.path.getsize(self.wal) >= self.at_least
        except OSError:  # no WAL yet
            return False
        return big and self._version() != self.seen

    def run(self) -> None:
        version = self._version()
        busy, frames, copied = self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        if busy == 0 and frames == copied:  # all copied; else (a reader still needs some) tried again next time
            self.seen = version


_BUSY_CODES = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def is_busy(exc: sqlite3.Error) -> bool:
    """Another writer holds the lock: SQLite's own refusal, or this server's (`StorageBusy`)."""
    return (
        isinstance(exc, StorageBusy)
        or getattr(exc, "sqlite_errorcode", None) in _BUSY_CODES
        or "database is locked" in str(exc)
    )


def _try_begin(db: Database) -> sqlite3.OperationalError | None:
    """BEGIN IMMEDIATE; the refusal when another connection holds the write lock (any other error is raised)."""
    try:
        db.conn.execute("BEGIN IMMEDIATE")
        return None
    except sqlite3.OperationalError as exc:
        if not is_busy(exc):
            raise
        return exc


def _begin(db: Database, wait_s: float | None) -> None:
    """BEGIN IMMEDIATE, retried while another connection holds the write lock.

    Between tries the thread sleeps, which under eventlet yields to every other client; after `write_wait_s`
    the write gives up with StorageBusy (`wait_s`, when given, is shorter). No transaction is open while it waits.
    No try waits inside SQLite (busy_timeout, a sleep that holds the thread: under eventlet, the event loop; the
    first try used to, up to 20 ms each time the report child was writing), and the tries come at least every
    10 ms: the writer holds this server's writer turn meanwhile, so every kiosk and counter waits as long as it
    does.
    """
    deadline = time.monotonic() + (getattr(db, "write_wait_s", WRITE_WAIT_S) if wait_s is None else wait_s)
    db.conn.execute("PRAGMA busy_timeout = 0")  # 4 µs with the line in finally: a write costs about 1,500
    try:
        busy = _try_begin(db)
        pause = 0.002
        while busy is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise StorageBusy("database is locked by another program") from busy
            time.sleep(min(pause, left))
            pause = min(pause * 2, 0.01)
            busy = _try_begin(db)
    finally:
        db.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


GROUP_MAX = 64  # writes one shared COMMIT answers at most (a burst longer than that makes several)


class Batch:
    """One write transaction shared by several writers of a process (`Group`): the connection it runs on (the
    first writer's), how many joined, whether it still takes more, and once its COMMIT is done, how it went."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn, self.size, self.open = conn, 1, True
        self.done = threading.Event()  # green under eventlet: made after monkey_patch, like the writers lock
        self.error: BaseException | None = None
        self.failed_by: Any = None  # the writer (its connection) whose failure failed the batch
        self.committing = False  # its COMMIT has begun: nothing can fail it any more but the COMMIT itself
        self.deciding = threading.Lock()  # `committing` is set, or the batch failed by a joiner, one at a time


BURST_S = 0.01  # a write that comes this soon after the one before is in a burst (setting group_commit "auto")


class Group:
    """Group commit: while writes come in a burst, or the disk is slow, the writes of one process share one synced
    COMMIT.

    Every writer used to wait, holding the process's writer turn, for its own COMMIT and fsync: under a provincial
    hall's load (a write every two milliseconds) the writes went one fsync at a time, and on a slow disk (an SD
    card, an old hard disk, a disk busy with a backup: `DiskPace` then runs COMMITs off the loop) one slow fsync at
    a time. In a group, the first writer opens a transaction on its own connection, makes its change inside a
    savepoint and, before committing, lets every other client that is ready run (`settle`: under eventlet a yield
    to the loop, in threading mode to the other threads). Each writer that comes meanwhile (or queued while the
    previous batch was being synced) takes the writer turn, makes its change on the same transaction inside its own
    savepoint (a refusal undoes only its own change) and waits. Then the first writer commits once for all, and
    every one of them is answered only after that COMMIT: nobody is told "done" before the disk has it, and if the
    COMMIT fails, every writer of the batch gets the error and nothing of any of them stays.

    `when()` says whether to group now (the hub, setting `group_commit`: "auto" while `burst` — this write came
    within `BURST_S` of another client's — or while its `DiskPace` finds the disk slow). A write alone commits at
    once: it never holds SQLite's write lock across a turn of the loop (which a second server process, the
    report's child or the command line would wait for). The turn is taken per change, not for the whole batch; the
    checkpoint takes it between batches (`quiet`)."""

    def __init__(
        self, settle: Callable[[], Any] = lambda: time.sleep(0), when: Callable[[], bool] = lambda: True
    ) -> None:
        self.batch: Batch | None = None
        self.batches, self.largest = 0, 0  # batches committed or failed, and the most writes one held
        self.settle = settle  # what the first writer does before it commits: let the others that are ready join
        self.when = when
        self.last_write, self.burst = -BURST_S, False  # when the latest write came; whether it came in a burst
        self.last_writer: int | None = None  # the thread (green thread under eventlet) that made it

    def arrived(self, now: float) -> None:
        """A write comes: is it in a burst — within `BURST_S` of the one before, made by another thread (under
        eventlet another green thread: another connection)? One client's own writes in a row (a call, then its
        no-show) are not: it waits for each answer, so nobody would join them."""
        me = threading.get_ident()
        self.burst = now - self.last_write < BURST_S and me != self.last_writer
        self.last_write, self.last_writer = now, me

    @contextlib.contextmanager
    def quiet(self, writers: Any, wait_s: float) -> Iterator[bool]:
        """The writer turn at a moment no batch is being made, for work beside the commits (the checkpoint): it
        waits for the batch being made to be committed and takes the turn before a new one opens. Yields False if
        batches kept coming for `wait_s` (under eventlet the turn is handed over in order, so one comes soon)."""
        deadline = time.monotonic() + wait_s
        writers.acquire()
        held = True
        try:
            while self.batch is not None:
                batch = self.batch
                writers.release()
                held = False
                batch.done.wait(max(0.0, deadline - time.monotonic()))
                writers.acquire()
                held = True
                if self.batch is not None and time.monotonic() >= deadline:
                    break
            yield self.batch is None
        finally:
            if held:  # never a turn it does not hold (an interrupted acquire holds nothing)
                writers.release()


@contextlib.contextmanager
def immediate(db: Database, wait_s: float | None = None) -> Iterator[Database]:
    """A write transaction that takes SQLite's write lock at BEGIN.

    A deferred BEGIN that later tries to write can fail at once with SQLITE_BUSY when another
    process wrote in between; BEGIN IMMEDIATE waits (`_begin`) instead, which is what makes
    numbering and call-next safe across processes. Within one process, writers first queue on the
    connection's `writers` lock (green under eventlet), so none of them spins on SQLite's lock or
    blocks the loop in SQLite's busy handler; the COMMIT, which waits for the disk (fsync), runs
    through the connection's `committer` (`DiskPace`: off the loop while the disk is slow), and a
    connection of a `Group` then shares its COMMIT with the writers that come at the same moment.
    """
    wait = getattr(db, "write_wait_s", WRITE_WAIT_S) if wait_s is None else wait_s
    writers = getattr(db, "writers", None)
    group = getattr(db, "group", None)
    started = time.monotonic()
    if group is not None:
        group.arrived(started)
    if writers is not None and not writers.acquire(timeout=wait):
        raise StorageBusy("another write of this server held the database too long")
    if writers is not None and group is not None and (group.batch is not None or group.when()):
        with _grouped(db, group, writers, wait, started):  # it gives the turn back
            yield db
        return
    try:
        _begin(db, max(0.0, wait - (time.monotonic() - started)))
        _forget(db)  # what the request read before its turn may have changed meanwhile
        changes = db.conn.total_changes
        try:
            yield db
        except BaseException:
            if db.conn.in_transaction:
                db.conn.execute("ROLLBACK")
            _forget(db)  # nothing read or written inside counts any more
            raise
        changed = db.conn.total_changes != changes
        _commit(db, db.conn)
        if changed:
            db.written = getattr(db, "written", 0) + 1  # type: ignore[attr-defined]
    finally:
        if writers is not None:
            writers.release()


def _commit(db: Database, conn: sqlite3.Connection) -> None:
    """COMMIT through the connection's `committer`; a refused COMMIT (disk full, I/O error) leaves nothing."""
    try:
        runner = getattr(db, "committer", None)
        if runner is None:
            conn.execute("COMMIT")
        else:
            runner(conn.execute, "COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        _forget(db)
        raise


@contextlib.contextmanager
def _grouped(db: Database, group: Group, writers: Any, wait: float, started: float) -> Iterator[None]:
    """`immediate()` for a connection of a `Group`, called holding the writer turn: join the batch being made, or
    open one and commit it. A refusal is answered once the batch is settled (it may rest on what the writers before
    it changed): with the batch's error if its COMMIT failed.

    Whatever fails, the batch is settled and its writers are woken. A statement of the batch's own that fails (its
    SAVEPOINT, a RELEASE, a ROLLBACK TO) leaves nobody knowing what the shared transaction holds: the whole batch
    fails with that error and nothing of it stays. So does an interruption of the first writer before its COMMIT
    (an eventlet Timeout, a killed green thread). Nobody is told "done" for a change that was not committed."""

    def left() -> float:
        return max(0.0, wait - (time.monotonic() - started))

    holding = True
    try:
        while group.batch is not None and not group.batch.open:  # being committed: wait for it, then a new one
            closing = group.batch
            writers.release()
            holding = False
            if not closing.done.wait(left()) or not writers.acquire(timeout=left()):
                raise StorageBusy("another write of this server held the database too long")
            holding = True
        batch = group.batch
        host = batch is None
        if batch is None:
            _begin(db, left())
            batch = group.batch = Batch(db.conn)
        else:
            batch.size += 1
            batch.open = batch.open and batch.size < GROUP_MAX  # never open again once its COMMIT is due
    except BaseException:
        if holding:
            writers.release()
        raise
    # From here the batch counts on this writer: whatever happens, it ends settled and everyone in it answered.
    refused: BaseException | None = None
    changed, own = False, db.conn
    try:
        db.conn = batch.conn
        _forget(db)  # what the request read before its turn may have changed meanwhile
        batch.conn.execute("SAVEPOINT write")
        changes = batch.conn.total_changes
        try:
            yield
        except BaseException as exc:
            refused = exc
            _forget(db)  # nothing read or written inside counts any more
            if host or not batch.conn.in_transaction:
                # The first writer's change is refused (it runs before any other joins: nothing to keep), or SQLite
                # dropped the whole transaction (an I/O error, a full disk): the batch fails with it.
                _fail(batch, exc, db)
            else:
                batch.conn.execute("ROLLBACK TO write")
                batch.conn.execute("RELEASE write")
        else:
            changed = batch.conn.total_changes != changes
            batch.conn.execute("RELEASE write")
    except BaseException as exc:  # the batch's own SAVEPOINT, RELEASE or ROLLBACK TO failed
        _fail(batch, exc, db)
    finally:
        db.conn = own
        writers.release()
    if host:
        try:
            if batch.error is None:
                group.settle()  # every other client ready now runs, and its write joins this batch
        except BaseException as exc:  # interrupted before the COMMIT: the batch is rolled back, not half-told
            _fail(batch, exc, db)
        finally:
            _close_batch(db, group, batch, writers)
    else:
        interrupted = _wait_for(batch, db)
        if interrupted is not None and batch.error is not None:  # (committed, it is told so: the change is kept)
            refused = interrupted
    if batch.error is not None:
        _forget(db)
        if batch.error is refused or batch.failed_by is db:
            raise batch.error
        if refused is not None and not isinstance(refused, Exception):  # its own interruption, not the batch's
            raise refused
        raise _for_another(batch.error) from batch.error
    if refused is not None:
        raise refused
    if changed:
        db.written = getattr(db, "written", 0) + 1  # type: ignore[attr-defined]


def _wait_for(batch: Batch, db: Database) -> BaseException | None:
    """A joiner waits for its batch to be settled (the first writer settles it whatever happens: `_grouped` and
    `_close_batch`), and is not torn out of the wait halfway: interrupted before the COMMIT has begun, it fails the
    whole batch (nothing of it will be kept), then still waits; interrupted once the COMMIT runs, it waits for the
    outcome. Returns the interruption, if any."""
    interrupted: BaseException | None = None
    while True:
        try:
            batch.done.wait()
            return interrupted
        except BaseException as exc:  # noqa: BLE001 - an interruption: the batch's outcome is still awaited
            interrupted = interrupted or exc
            with batch.deciding:
                if not batch.committing:
                    _fail(batch, exc, db)


def _fail(batch: Batch, exc: BaseException, db: Database) -> None:
    """The batch fails (its first failure stands): it takes nobody more, and nothing of it will be committed."""
    if batch.error is None:
        batch.error, batch.failed_by = exc, db
    batch.open = False


def _for_another(exc: BaseException) -> BaseException:
    """The batch's error as another writer of it gets it: an exception object of its own (one object raised in
    several threads at once shares one traceback, which every raise rewrites). An interruption of the first writer
    (an eventlet Timeout, a GreenletExit: never copied, a Timeout starts a timer when made) is, for the others, a
    busy database: nothing of theirs was kept, they may try again."""
    if isinstance(exc, Exception):
        with contextlib.suppress(Exception):
            fresh = copy.copy(exc)
            if type(fresh) is type(exc) and str(fresh) == str(exc):
                return fresh
    return StorageBusy("a write this one shared its commit with was interrupted; nothing of it was kept")


def _close_batch(db: Database, group: Group, batch: Batch, writers: Any) -> None:
    """The first writer commits the batch once for all who joined it (or rolls back a batch that failed), then
    wakes them, whatever happens. Its wait for the writer turn is not given up halfway: interrupted, it still takes
    the turn and rolls the batch back (committing it would tell the interrupted writer "failed" for a change kept)."""
    batch.open = False
    interrupted: BaseException | None = None
    while True:
        try:
            writers.acquire()
            break
        except BaseException as exc:  # noqa: BLE001 - an interruption: the batch must still be settled
            interrupted = interrupted or exc
    try:
        if interrupted is not None:
            _fail(batch, interrupted, db)
        group.batch = None
        group.batches, group.largest = group.batches + 1, max(group.largest, batch.size)
        with batch.deciding:  # a joiner interrupted while it waits fails the batch up to this moment, not after
            batch.committing = True
        if batch.error is not None:
            if batch.conn.in_transaction:
                batch.conn.execute("ROLLBACK")
        else:
            try:
                _commit(db, batch.conn)
            except BaseException as exc:
                _fail(batch, exc, db)
    finally:
        writers.release()
        batch.done.set()


def _forget(db: Database) -> None:
    memo = getattr(db, "memo", None)
    if memo:
        memo.clear()


@contextlib.contextmanager
def file_lock(path: str) -> Iterator[None]:
    """An exclusive lock on `path` across processes (two servers starting on one database)."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
