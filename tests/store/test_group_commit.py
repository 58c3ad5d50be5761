"""Writes that come together share one synced COMMIT (server/store/db.py, Group), and still each writer is
answered only once the disk has its change; a refusal undoes only the writer's own change; a COMMIT that fails
leaves nothing of anyone. Under eventlet (the production mode) a burst of writers makes few commits."""

import os
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from server.hub import Hub
from server.store.db import Group, connect, immediate
from tests.helpers import ROOT


class Counted:
    """A committer that counts the COMMITs it runs (and can refuse them, as a full disk does)."""

    def __init__(self, refuse: bool = False):
        self.commits, self.refuse = 0, refuse

    def __call__(self, fn, *args):
        self.commits += 1
        if self.refuse:
            raise OSError(28, "No space left on device")
        return fn(*args)


def _writers(path, count, committer, settle):
    """`count` connections of one process (one writer turn, one group) on a table t."""
    setup = connect(str(path))
    setup.execute("CREATE TABLE IF NOT EXISTS t (x INTEGER)")
    setup.close()
    lock, group = threading.Lock(), Group(settle=settle)
    return group, [connect(str(path), writers=lock, committer=committer, group=group) for _ in range(count)]


def _rows(path):
    db = connect(str(path))
    try:
        return sorted(r["x"] for r in db.query("SELECT x FROM t"))
    finally:
        db.close()


def _burst(dbs, group, write):
    """The first connection writes; while it settles, the others write too (each in its own thread), and it
    commits once they have all joined its batch. Returns what each writer raised (None: it was answered)."""
    outcome = [None] * len(dbs)
    joined = threading.Semaphore(0)

    def writer(i):
        try:
            with immediate(dbs[i]):
                try:
                    write(dbs[i], i)
                finally:  # its change is made (or refused): the first writer may commit
                    if i:
                        joined.release()
        except BaseException as exc:  # noqa: BLE001 - the test looks at it (an interruption too)
            outcome[i] = exc

    others = [threading.Thread(target=writer, args=(i,)) for i in range(1, len(dbs))]

    def settle():
        for t in others:
            t.start()
        for _ in others:
            joined.acquire(timeout=10)

    group.settle = settle
    writer(0)
    for t in others:
        t.join(10)
    group.settle = lambda: None
    return outcome


def test_writers_that_come_together_share_one_commit_and_each_change_is_kept(tmp_path):
    committer = Counted()
    group, dbs = _writers(tmp_path / "x.db", 5, committer, settle=lambda: None)
    outcome = _burst(dbs, group, lambda db, i: db.execute("INSERT INTO t VALUES (?)", [i]))
    assert (outcome, committer.commits, _rows(tmp_path / "x.db")) == ([None] * 5, 1, [0, 1, 2, 3, 4])
    assert [db.conn.in_transaction for db in dbs] == [False] * 5
    assert [db.written for db in dbs] == [1] * 5  # what clears the dashboard's storage alarm (server/web.py)
    assert group.batch is None


def test_a_writer_alone_commits_at_once(tmp_path):
    committer = Counted()
    _, (db,) = _writers(tmp_path / "x.db", 1, committer, settle=lambda: None)
    for i in range(3):
        with immediate(db):
            db.execute("INSERT INTO t VALUES (?)", [i])
    assert (committer.commits, _rows(tmp_path / "x.db")) == (3, [0, 1, 2])


def _second_refused(db, i):
    """Every writer adds its row; the second one is then refused (as a ticket already called would be)."""
    db.execute("INSERT INTO t VALUES (?)", [i])
    if i == 1:
        raise ValueError("ticket already called")


def test_a_refused_change_in_a_shared_batch_undoes_only_that_writers_change(tmp_path):
    committer = Counted()
    group, dbs = _writers(tmp_path / "x.db", 3, committer, settle=lambda: None)
    outcome = _burst(dbs, group, _second_refused)
    assert [type(o).__name__ for o in outcome] == ["NoneType", "ValueError", "NoneType"]
    assert (committer.commits, _rows(tmp_path / "x.db")) == (1, [0, 2])
    assert [db.written for db in dbs] == [1, 0, 1]


def test_a_refused_first_change_leaves_no_batch_open(tmp_path):
    committer = Counted()
    _, (first, second) = _writers(tmp_path / "x.db", 2, committer, settle=lambda: None)
    with pytest.raises(ValueError), immediate(first):
        first.execute("INSERT INTO t VALUES (1)")
        raise ValueError("refused")
    with immediate(second):
        second.execute("INSERT INTO t VALUES (2)")
    assert (committer.commits, first.conn.in_transaction, _rows(tmp_path / "x.db")) == (1, False, [2])


def test_a_commit_the_disk_refuses_fails_every_writer_of_the_batch_and_keeps_nothing(tmp_path):
    committer = Counted(refuse=True)
    group, dbs = _writers(tmp_path / "x.db", 4, committer, settle=lambda: None)
    outcome = _burst(dbs, group, lambda db, i: db.execute("INSERT INTO t VALUES (?)", [i]))
    assert [str(o) for o in outcome] == ["[Errno 28] No space left on device"] * 4
    assert (committer.commits, _rows(tmp_path / "x.db")) == (1, [])
    assert [db.conn.in_transaction for db in dbs] == [False] * 4
    assert [db.written for db in dbs] == [0] * 4
    committer.refuse = False  # space is back: the next write works
    with immediate(dbs[2]):
        dbs[2].execute("INSERT INTO t VALUES (9)")
    assert _rows(tmp_path / "x.db") == [9]


def test_no_writer_of_a_batch_is_answered_before_its_commit(tmp_path):
    """While the first writer's COMMIT runs, every other writer of its batch is still inside `immediate`."""
    inside = set()
    seen_at_commit = []

    def committer(fn, *args):
        seen_at_commit.append(sorted(inside))
        return fn(*args)

    group, dbs = _writers(tmp_path / "x.db", 4, committer, settle=lambda: None)
    real_immediate = immediate

    def write(db, i):
        db.execute("INSERT INTO t VALUES (?)", [i])
        inside.add(i)

    outcome = [None] * 4

    def tracked(i):
        try:
            with real_immediate(dbs[i]):
                write(dbs[i], i)
        except Exception as exc:  # noqa: BLE001
            outcome[i] = exc
        inside.discard(i)  # answered

    others = [threading.Thread(target=tracked, args=(i,)) for i in (1, 2, 3)]

    def settle():
        _start_until(others, lambda: inside >= {1, 2, 3})

    group.settle = settle
    tracked(0)
    for t in others:
        t.join(10)
    assert (outcome, seen_at_commit, inside) == ([None] * 4, [[0, 1, 2, 3]], set())


EVENTLET_BURST = r"""
import eventlet
eventlet.monkey_patch()
import sys, threading
from server.store.db import Group, connect, immediate

path = sys.argv[1]
setup = connect(path)
setup.execute("CREATE TABLE t (x INTEGER)")
commits = []

def counted(fn, *args):
    commits.append(1)
    return fn(*args)

lock, group = threading.Lock(), Group()
dbs = [connect(path, writers=lock, committer=counted, group=group) for _ in range(40)]

def write(i):
    with immediate(dbs[i]):
        dbs[i].execute("INSERT INTO t VALUES (?)", [i])

pool = eventlet.GreenPool()
for i in range(40):
    pool.spawn(write, i)
pool.waitall()
rows = sorted(r["x"] for r in setup.query("SELECT x FROM t"))
print(len(commits), rows == list(range(40)))
"""


def test_under_eventlet_forty_writers_at_once_make_a_few_commits_and_every_row_is_kept(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", EVENTLET_BURST, str(tmp_path / "x.db")],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": ROOT},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    commits, all_kept = done.stdout.split()
    assert (int(commits) <= 2, all_kept) == (True, "True")


def _hub_as(made: Hub, mode: str) -> Hub:
    """A hub of its own on `made`'s database and clock, reading its settings as `mode` would (an app is made in
    threading mode here; eventlet's would patch the test process)."""
    return Hub(settings={**made.settings, "async_mode": mode}, env=made.env, db_path=made.db_path)


@pytest.mark.parametrize(
    ("mode", "rule", "disk", "burst", "grouped"),
    [
        ("eventlet", "auto", "fast", False, False),  # the default: a write alone commits at once
        ("eventlet", "auto", "fast", True, True),  # writes coming close together share commits
        ("eventlet", "auto", "slow", False, True),
        # Threading mode: every write commits alone (grouped, the slowest of twenty clerks' calls took 0.5-1.1 s,
        # against 0.17 s alone; and its commits, timed with the wait for the interpreter lock, passed for a slow disk).
        ("threading", "auto", "fast", False, False),
        ("threading", "auto", "fast", True, False),
        ("threading", "auto", "slow", False, False),
        ("eventlet", "always", "fast", False, True),
        ("threading", "always", "fast", True, True),
        ("eventlet", "always", "slow", False, True),
        ("eventlet", "never", "slow", True, False),
    ],
)
def test_a_servers_writes_share_commits_by_its_mode_and_rule_while_they_come_in_a_burst_or_its_disk_is_slow(
    make_app, monkeypatch, mode, rule, disk, burst, grouped
):
    made = (make_app() if rule == "auto" else make_app(group_commit=rule)).extensions["xephang"]  # threading mode
    hub = _hub_as(made, mode)
    factory, db = hub.borrow()
    hub._disk_pace().recent_s = 1.0 if disk == "slow" else 0.0001  # as DiskPace measured the last commits
    # Another client's write came just before (a busy hall: one every two milliseconds; a burst lasts a minute
    # here, so that a slow moment of the test's machine cannot end it), or an hour before.
    monkeypatch.setattr("server.store.db.BURST_S", 60.0)
    hub.group.last_write = time.monotonic() - (0.002 if burst else 3600.0)
    hub.group.last_writer = -1
    seen = []
    try:
        with immediate(db):
            seen.append(hub.group.batch is not None)
            db.execute("UPDATE options SET value = value WHERE 0")
    finally:
        hub.give_back(factory, db)
    assert (seen, hub.group.batch) == ([grouped], None)


def test_a_write_alone_never_holds_the_write_lock_across_a_turn_and_a_burst_of_several_clients_shares_it(
    tmp_path, monkeypatch
):
    """Writes an hour apart each commit at once (no settle: the lock is never held while the loop runs others), and
    so do one client's writes in a row (it waits for each answer: nobody would join); writes of two clients a
    millisecond apart share commits (a burst lasts a minute here: a slow moment of the test's machine cannot end
    it)."""
    monkeypatch.setattr("server.store.db.BURST_S", 60.0)
    committer = Counted()
    group, (db, other) = _writers(tmp_path / "x.db", 2, committer, settle=lambda: None)
    group.when = lambda: group.burst
    settled = []
    group.settle = lambda: settled.append(1)
    for i in range(3):
        group.last_write = time.monotonic() - 3600.0
        with immediate(db):
            db.execute("INSERT INTO t VALUES (?)", [i])
    for i in range(3, 6):  # one client, back to back
        with immediate(db):
            db.execute("INSERT INTO t VALUES (?)", [i])
    alone = len(settled)
    writer = threading.Thread(target=_insert(other, 6))  # another client, a moment later
    writer.start()
    writer.join(5)
    assert (alone, len(settled), committer.commits, _rows(tmp_path / "x.db")) == (0, 1, 7, list(range(7)))


def test_the_checkpoint_waits_for_the_batch_being_made_and_runs_before_the_next(tmp_path):
    """Under sustained writes a batch is nearly always being made: the checkpoint used to skip its round whenever
    one was, and could be put off long enough for the WAL to grow. It now waits for the batch's COMMIT and takes
    the turn before a new batch opens."""
    committer = Counted()
    group, (first, second) = _writers(tmp_path / "x.db", 2, committer, settle=lambda: None)
    lock = first.writers
    in_settle, go_on = threading.Event(), threading.Event()

    def settle():
        in_settle.set()
        go_on.wait(5)

    group.settle = settle
    writer = threading.Thread(target=_insert(first, 1))
    writer.start()
    in_settle.wait(5)
    seen = []

    def checkpoint():
        with group.quiet(lock, 5) as quiet:
            seen.append((quiet, group.batch, committer.commits, _rows(tmp_path / "x.db")))

    checker = threading.Thread(target=checkpoint)
    checker.start()
    time.sleep(0.05)
    assert seen == []  # still waiting: the batch is being made
    go_on.set()
    writer.join(5)
    checker.join(5)
    assert seen == [(True, None, 1, [1])]
    assert lock.acquire(timeout=0) is True  # the turn was given back
    lock.release()


def test_on_a_slow_disk_tickets_issued_at_once_share_commits_and_keep_unique_numbers(make_app):
    """Twelve kiosks at once while every COMMIT waits 20 ms for the disk (run off the caller, as under eventlet):
    the ones that queued during a commit share the next; every ticket is kept with its own number."""
    from server.services import queue

    hub = _hub_as(make_app().extensions["xephang"], "eventlet")  # threading mode never groups by itself
    commits = []

    def slow_disk(fn, *args):
        if args == ("COMMIT",):
            commits.append(1)
            time.sleep(0.02)
        return fn(*args)

    hub.offload = slow_disk
    hub._disk_pace().recent_s = 1.0
    hub._disk_pace().gap = 10**6  # no probe in the caller during the test
    numbers, errors = [], []

    def kiosk():
        factory, db = hub.borrow()
        try:
            ticket, _ = queue.issue_ticket(db, hub.env, "A")
            numbers.append(ticket.number)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            hub.give_back(factory, db)

    threads = [threading.Thread(target=kiosk) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert (errors, sorted(numbers)) == ([], [f"A{n:03d}" for n in range(1, 13)])
    assert len(commits) < 12


def test_a_write_that_loses_the_whole_shared_transaction_fails_the_batch_with_its_own_error(tmp_path):
    """A disk I/O error (or a full disk) can make SQLite roll back the whole transaction, not one statement: the
    writer's own error is what every writer of the batch gets (a 503, never "no such savepoint"), the batch takes
    nobody more, nothing stays, and the next write works."""
    committer = Counted()
    group, dbs = _writers(tmp_path / "x.db", 3, committer, settle=lambda: None)
    outcome = [None] * 3
    seen_open = []

    def writer(i):
        try:
            with immediate(dbs[i]):
                dbs[i].execute("INSERT INTO t VALUES (?)", [i])
                if i == 2:
                    dbs[i].conn.execute("ROLLBACK")  # what SQLite does itself on SQLITE_IOERR or SQLITE_FULL
                    raise sqlite3.OperationalError("disk I/O error")
        except Exception as exc:  # noqa: BLE001 - the test looks at it
            outcome[i] = exc

    others = [threading.Thread(target=writer, args=(i,)) for i in (1, 2)]

    def settle():  # the two others join one after the other while the first waits to commit
        for i, t in enumerate(others, start=1):
            t.start()
            for _ in range(500):
                if group.batch is not None and group.batch.size == i + 1:
                    break
                time.sleep(0.01)
        time.sleep(0.05)
        seen_open.append(group.batch.open)

    group.settle = settle
    writer(0)
    for t in others:
        t.join(10)
    assert [str(o) for o in outcome] == ["disk I/O error"] * 3
    assert (seen_open, committer.commits, _rows(tmp_path / "x.db"), group.batch) == ([False], 0, [], None)
    assert [db.conn.in_transaction for db in dbs] == [False] * 3
    group.settle = lambda: None
    with immediate(dbs[1]):
        dbs[1].execute("INSERT INTO t VALUES (9)")
    assert (_rows(tmp_path / "x.db"), committer.commits) == ([9], 1)


def test_a_refusal_in_a_batch_whose_commit_fails_gets_the_commits_error(tmp_path):
    """A refusal may rest on what earlier writers of the batch changed: it is answered once the batch is settled,
    and if the COMMIT failed, with the COMMIT's error."""
    committer = Counted(refuse=True)
    group, dbs = _writers(tmp_path / "x.db", 3, committer, settle=lambda: None)
    outcome = _burst(dbs, group, _second_refused)
    assert [str(o) for o in outcome] == ["[Errno 28] No space left on device"] * 3


def test_every_connection_has_its_own_connection_back_after_a_batch(tmp_path):
    committer = Counted()
    group, dbs = _writers(tmp_path / "x.db", 3, committer, settle=lambda: None)
    own = [db.conn for db in dbs]
    _burst(dbs, group, _second_refused)
    assert [db.conn is conn for db, conn in zip(dbs, own, strict=True)] == [True] * 3


class Interrupted(BaseException):
    """What interrupts a green thread where it waits (eventlet's Timeout, GreenletExit): not an Exception."""


class Failing:
    """A connection that refuses one statement (as a disk I/O error would) and otherwise is the real one."""

    def __init__(self, conn, statement):
        self._conn, self.statement = conn, statement

    def execute(self, sql, *args):
        if sql == self.statement:
            self.statement = None  # once
            raise sqlite3.OperationalError("disk I/O error")
        return self._conn.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._conn, name)


def _in_thread(fn, timeout=5):
    """`fn()` in a thread: what it raised (None: it returned), or "still waiting" after `timeout` seconds."""
    outcome = ["still waiting"]

    def run():
        try:
            fn()
            outcome[0] = None
        except Exception as exc:  # noqa: BLE001 - the test looks at it
            outcome[0] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout)
    return outcome[0]


def _insert(db, x):
    def write():
        with immediate(db):
            db.execute("INSERT INTO t VALUES (?)", [x])

    return write


def test_a_first_writer_whose_savepoint_fails_leaves_no_batch_open_and_the_next_write_works(tmp_path):
    committer = Counted()
    group, (first, second) = _writers(tmp_path / "x.db", 2, committer, settle=lambda: None)
    first.conn = Failing(first.conn, "SAVEPOINT write")
    outcome = [_in_thread(_insert(first, 1)), _in_thread(_insert(second, 2))]
    assert [str(o) for o in outcome] == ["disk I/O error", "None"]
    assert (group.batch, _rows(tmp_path / "x.db"), first.conn.in_transaction) == (None, [2], False)


def test_a_writer_whose_release_fails_fails_the_whole_batch_and_nothing_stays(tmp_path):
    """After a failed RELEASE nobody knows what the shared transaction holds: every writer of the batch gets the
    error, nothing of any of them is kept, and the next write works."""
    committer = Counted()
    group, dbs = _writers(tmp_path / "x.db", 2, committer, settle=lambda: None)

    def write(db, i):
        db.execute("INSERT INTO t VALUES (?)", [i])
        if i == 1:  # its RELEASE runs on the batch's connection, the first writer's
            dbs[0].conn.statement = "RELEASE write"

    real = dbs[0].conn
    dbs[0].conn = Failing(real, None)
    outcome = _burst(dbs, group, write)
    assert [str(o) for o in outcome] == ["disk I/O error"] * 2
    assert (committer.commits, _rows(tmp_path / "x.db"), group.batch, real.in_transaction) == (0, [], None, False)
    with immediate(dbs[1]):
        dbs[1].execute("INSERT INTO t VALUES (9)")
    assert _rows(tmp_path / "x.db") == [9]


def test_a_first_writer_interrupted_while_the_others_join_fails_the_batch_and_wakes_them(tmp_path):
    """An interruption (an eventlet Timeout, a killed green thread) while the first writer lets the others join:
    nobody waits forever, nobody is told "done" for a change that was not committed."""
    committer = Counted()
    group, dbs = _writers(tmp_path / "x.db", 3, committer, settle=lambda: None)
    outcome = [None] * 3
    joined = threading.Semaphore(0)

    def writer(i):
        try:
            with immediate(dbs[i]):
                dbs[i].execute("INSERT INTO t VALUES (?)", [i])
            if i:
                joined.release()
        except BaseException as exc:  # noqa: BLE001 - the test looks at it
            outcome[i] = exc
            if i:
                joined.release()

    others = [threading.Thread(target=writer, args=(i,), daemon=True) for i in (1, 2)]

    def settle():
        for t in others:
            t.start()
        for _ in range(500):
            if group.batch.size == 3:
                break
            time.sleep(0.01)
        raise Interrupted("interrupted")

    group.settle = settle
    writer(0)
    for _ in others:
        joined.acquire(timeout=5)
    # The interrupted writer gets its interruption; the others, whose changes went with it, a busy database.
    assert [type(o).__name__ for o in outcome] == ["Interrupted", "StorageBusy", "StorageBusy"]
    assert (committer.commits, _rows(tmp_path / "x.db"), group.batch) == (0, [], None)


class Interrupting:
    """A writer turn whose `acquire`, the `nth` time, is interrupted once (an eventlet Timeout while waiting)."""

    def __init__(self, nth):
        self.lock, self.calls, self.nth = threading.Lock(), 0, nth

    def acquire(self, *args, **kwargs):
        self.calls += 1
        if self.calls == self.nth:
            raise Interrupted("interrupted")
        return self.lock.acquire(*args, **kwargs)

    def release(self):
        self.lock.release()

    def __enter__(self):
        self.acquire()

    def __exit__(self, *exc):
        self.release()


def test_a_batch_whose_commit_turn_is_interrupted_tells_nobody_it_was_kept(tmp_path):
    setup = connect(str(tmp_path / "x.db"))
    setup.execute("CREATE TABLE t (x INTEGER)")
    committer, group = Counted(), Group(settle=lambda: None)
    turn = Interrupting(nth=4)  # 1: first writer; 2, 3: the two who join; 4: the first writer's turn to commit
    dbs = [connect(str(tmp_path / "x.db"), writers=turn, committer=committer, group=group) for _ in range(3)]
    outcome = _burst(dbs, group, lambda db, i: db.execute("INSERT INTO t VALUES (?)", [i]))
    assert [type(o).__name__ for o in outcome] == ["Interrupted", "StorageBusy", "StorageBusy"]
    assert (committer.commits, _rows(tmp_path / "x.db"), group.batch) == (0, [], None)
    assert [db.conn.in_transaction for db in dbs] == [False] * 3
    with immediate(dbs[1]):
        dbs[1].execute("INSERT INTO t VALUES (9)")
    assert _rows(tmp_path / "x.db") == [9]


def test_every_writer_of_a_failed_batch_gets_its_own_error_object(tmp_path):
    """The same exception raised in several threads at once shares one traceback, which each raise rewrites."""
    group, dbs = _writers(tmp_path / "x.db", 3, Counted(refuse=True), settle=lambda: None)
    outcome = _burst(dbs, group, lambda db, i: db.execute("INSERT INTO t VALUES (?)", [i]))
    assert [str(o) for o in outcome] == ["[Errno 28] No space left on device"] * 3
    assert [type(o) for o in outcome] == [OSError] * 3
    assert len({id(o) for o in outcome}) == 3


def test_a_refused_writer_of_a_batch_forgets_what_it_read_inside(tmp_path):
    """A request's memo (the counters a dispatch has read) may hold rows its refused change made: they are gone."""
    group, dbs = _writers(tmp_path / "x.db", 3, Counted(), settle=lambda: None)
    for db in dbs:
        db.memo = {}

    def write(db, i):
        db.execute("INSERT INTO t VALUES (?)", [i])
        db.memo["read inside"] = i
        if i == 1:
            raise ValueError("ticket already called")

    outcome = _burst(dbs, group, write)
    assert [type(o).__name__ for o in outcome] == ["NoneType", "ValueError", "NoneType"]
    assert [db.memo for db in dbs] == [{"read inside": 0}, {}, {"read inside": 2}]


class InterruptedWait(threading.Event):
    """A batch's `done` whose wait, in the thread named `victim`, is interrupted once `when()` holds."""

    def __init__(self, victim, when):
        super().__init__()
        self.victim, self.when, self.fired = victim, when, threading.Event()

    def wait(self, timeout=None):
        if threading.current_thread().name != self.victim or self.fired.is_set():
            return super().wait(timeout)
        while not super().wait(0.005):
            if self.when():
                self.fired.set()
                raise Interrupted("interrupted")
        return True


def _start_until(threads, ready):
    """The other writers start while the first one settles, and have until `ready()` (up to 5 s) to join."""
    for t in threads:
        t.start()
    for _ in range(500):
        if ready():
            return
        time.sleep(0.01)


def _joined_batch(tmp_path, committer, when, before_commit):
    """Three writers in one batch; the second one's wait for the COMMIT is interrupted once `when(batch)` holds
    (`before_commit`: the first writer lets the others join until it was)."""
    group, dbs = _writers(tmp_path / "x.db", 3, committer, settle=lambda: None)
    outcome = [None] * 3

    def writer(i):
        try:
            with immediate(dbs[i]):
                dbs[i].execute("INSERT INTO t VALUES (?)", [i])
        except BaseException as exc:  # noqa: BLE001 - the test looks at it
            outcome[i] = exc

    others = [threading.Thread(target=writer, args=(i,), name=f"writer-{i}", daemon=True) for i in (1, 2)]
    batches = []

    def settle():
        batch = group.batch
        batches.append(batch)
        batch.done = InterruptedWait("writer-1", lambda: when(batch))
        _start_until(others, lambda: batch.size == 3 and (batch.done.fired.is_set() or not before_commit))

    group.settle = settle
    writer(0)
    for t in others:
        t.join(5)
    return outcome, group, batches[0]


def test_a_writer_interrupted_while_it_waits_for_the_commit_fails_the_whole_batch_before_the_commit(tmp_path):
    """Its change is in the shared transaction: interrupted before the COMMIT begins, nothing of the batch is kept,
    it gets its interruption and the others a busy database, never "done" for a change that was not kept."""
    committer = Counted()
    outcome, group, _ = _joined_batch(tmp_path, committer, when=lambda batch: batch.size == 3, before_commit=True)
    assert [type(o).__name__ for o in outcome] == ["StorageBusy", "Interrupted", "StorageBusy"]
    assert (committer.commits, _rows(tmp_path / "x.db"), group.batch) == (0, [], None)


def test_a_writer_interrupted_while_the_commit_runs_is_answered_by_the_commit(tmp_path):
    """Once the COMMIT has begun its outcome stands for everyone in the batch: the interrupted writer is not told
    "failed" for a change that was kept."""
    started = []

    def slow_commit(fn, *args):
        started.append(1)
        time.sleep(0.1)  # the interruption comes while the disk syncs
        return fn(*args)

    outcome, group, batch = _joined_batch(tmp_path, slow_commit, when=lambda batch: bool(started), before_commit=False)
    assert (outcome, batch.done.fired.is_set(), started) == ([None, None, None], True, [1])
    assert (_rows(tmp_path / "x.db"), group.batch) == ([0, 1, 2], None)


def test_the_checkpoints_turn_is_never_given_back_twice_when_its_wait_is_interrupted(tmp_path):
    """An interrupted re-acquire holds nothing: releasing it would let two writers in at once."""
    group, (db,) = _writers(tmp_path / "x.db", 1, Counted(), settle=lambda: None)
    turn = Interrupting(nth=2)  # 1: the checkpoint takes the turn; 2: it takes it again after the batch
    from server.store.db import Batch

    batch = Batch(db.conn)
    group.batch = batch
    threading.Timer(0.05, lambda: (setattr(group, "batch", None), batch.done.set())).start()
    with pytest.raises(Interrupted), group.quiet(turn, 5):
        pass
    assert turn.lock.acquire(timeout=0) is True  # nobody holds it, and it was not released twice
    turn.lock.release()
