"""One server's writers queue on one lock and commit through the hub's runner (off the event loop under
eventlet), so a commit waiting for the disk never stalls the others, and no writer spins on SQLite's lock."""

import threading
import time

import pytest

from server.store.db import DiskPace, StorageBusy, connect, immediate


def _table(path):
    db = connect(str(path))
    db.execute("CREATE TABLE IF NOT EXISTS t (x INTEGER)")
    return db


def test_the_commit_runs_through_the_connections_runner(tmp_path):
    ran = []

    def runner(fn, *args):
        ran.append(args)
        return fn(*args)

    db = connect(str(tmp_path / "x.db"), committer=runner)
    db.execute("CREATE TABLE t (x INTEGER)")
    with immediate(db):
        db.execute("INSERT INTO t VALUES (1)")
    assert ran == [("COMMIT",)]
    assert [r["x"] for r in db.query("SELECT x FROM t")] == [1]


def test_a_refused_commit_leaves_nothing_and_no_open_transaction(tmp_path):
    def refusing(fn, *args):
        raise OSError("disk full")

    db = connect(str(tmp_path / "x.db"), committer=refusing)
    db.execute("CREATE TABLE t (x INTEGER)")
    with pytest.raises(OSError), immediate(db):
        db.execute("INSERT INTO t VALUES (1)")
    assert db.conn.in_transaction is False
    assert list(db.query("SELECT x FROM t")) == []


def test_a_second_writer_waits_its_turn_longer_than_sqlites_busy_timeout_and_then_writes(tmp_path):
    lock = threading.Lock()
    path = tmp_path / "x.db"
    _table(path)
    first, second = connect(str(path), writers=lock), connect(str(path), writers=lock)
    holding, done = threading.Event(), []

    def slow_writer():
        with immediate(first):
            first.execute("INSERT INTO t VALUES (1)")
            holding.set()
            time.sleep(0.3)  # far longer than SQLite's 20 ms busy timeout

    thread = threading.Thread(target=slow_writer)
    thread.start()
    holding.wait()
    with immediate(second):  # queued on the lock, not failing on SQLITE_BUSY
        second.execute("INSERT INTO t VALUES (2)")
        done.append(True)
    thread.join()
    assert done == [True]
    assert [r["x"] for r in second.query("SELECT x FROM t ORDER BY x")] == [1, 2]


def test_a_writer_kept_waiting_past_its_limit_gets_storage_busy_and_writes_nothing(tmp_path):
    lock = threading.Lock()
    path = tmp_path / "x.db"
    _table(path)
    waiting = connect(str(path), writers=lock, write_wait_s=0.1)
    with lock:  # another writer of this server holds its turn
        with pytest.raises(StorageBusy), immediate(waiting):
            waiting.execute("INSERT INTO t VALUES (1)")
    assert list(waiting.query("SELECT x FROM t")) == []
    assert lock.acquire(timeout=0) is True  # the refused writer did not keep the turn
    lock.release()


def test_commits_stay_in_the_loop_while_the_disk_is_fast_and_move_off_it_while_it_is_slow():
    offloaded = []

    def offload(fn, *args):
        offloaded.append(True)
        return fn(*args)

    pace = DiskPace(offload, slow_s=0.002, probe_every=4)
    for _ in range(5):
        pace(lambda: None)  # a fast disk: every commit in the calling thread
    assert offloaded == []
    for _ in range(3):
        pace(time.sleep, 0.05)  # the disk slows down: after the first slow commit, off the loop
    assert pace.slow is True
    offloaded.clear()
    for _ in range(8):
        pace(lambda: None)  # offloaded, but every 4th commit is a probe in the calling thread
    assert (len(offloaded), pace.slow) == (6, True)
    for _ in range(20):
        pace(lambda: None)  # the probes find the disk fast again: back in the loop
    assert pace.slow is False
    offloaded.clear()
    pace(lambda: None)
    assert offloaded == []


def test_while_commits_stall_each_probe_in_the_calling_thread_waits_twice_as_long_as_the_last(monkeypatch):
    """Under a backup writing hundreds of megabytes one synced commit can take a quarter of a second: a probe in
    the event loop every 32 commits held the whole hall that long about once a second. A disk merely slow (busy
    with the hall's own commits) keeps probing at the usual gap, so that commits come back to the loop soon."""
    import types

    import server.store.db as store_db

    clock = [0.0]
    monkeypatch.setattr(store_db, "time", types.SimpleNamespace(perf_counter=lambda: clock[0]))
    in_thread, offloaded = [], []
    pace = DiskPace(lambda fn, *args: offloaded.append(fn), slow_s=0.002, probe_every=4, longest_gap=32)

    def commit_taking(seconds):
        def commit():
            in_thread.append(seconds)
            clock[0] += seconds

        return commit

    for _ in range(200):
        pace(commit_taking(0.25))
    # the first commit stalls; the probes come after 4, 8, 16, then every 32 commits
    assert (len(in_thread), len(offloaded), pace.gap) == (9, 191, 32)
    while pace.since_probe:  # the next probe takes 10 ms: slow, no stall: the gap is back to 4
        pace(commit_taking(0.01))
    assert (pace.slow, pace.gap) == (True, 4)
    in_thread.clear()
    for _ in range(40):
        pace(commit_taking(0.01))
    assert (len(in_thread), pace.gap) == (10, 4)  # every 4th commit, as long as the disk is only slow


def test_a_writer_waiting_for_another_programs_lock_retries_every_10_ms_without_sqlites_own_blocking_wait(
    tmp_path, monkeypatch
):
    """It holds this server's writer turn while it waits, so every kiosk and counter waits with it: a pause that kept
    doubling to 100 ms made the whole hall wait up to 100 ms more after the other program (the report child writing
    day summaries) had let go; and each try waited again inside SQLite (busy_timeout, 20 ms), which under eventlet
    holds the event loop itself. The tries are instant and the pauses green sleeps."""
    path = tmp_path / "x.db"
    _table(path)
    other = connect(str(path))
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    waiting = connect(str(path), write_wait_s=0.2)
    pauses = []
    clock = [0.0]

    def sleep(seconds):
        busy_timeout = waiting.conn.execute("PRAGMA busy_timeout").fetchone()[0]
        pauses.append((round(seconds, 4), busy_timeout))
        clock[0] += seconds
        if len(pauses) == 8:
            other.execute("COMMIT")  # it lets go while the writer sleeps

    monkeypatch.setattr(time, "sleep", sleep)
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    with immediate(waiting):
        waiting.execute("INSERT INTO t VALUES (1)")
    assert pauses == [(0.002, 0), (0.004, 0), (0.008, 0), (0.01, 0), (0.01, 0), (0.01, 0), (0.01, 0), (0.01, 0)]
    assert waiting.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 20  # as before, for everything else
    assert list(other.query("SELECT x FROM t")) == [{"x": 1}]


def _busy_timeout_at_each_begin(db) -> list[int]:
    """SQLite's own wait (busy_timeout, in ms) in force at each BEGIN IMMEDIATE the connection sends, read from the
    statements it sends (the trace callback sees each one as it starts)."""
    now, seen = [db.conn.execute("PRAGMA busy_timeout").fetchone()[0]], []

    def traced(statement: str) -> None:
        if statement.startswith("PRAGMA busy_timeout = "):
            now[0] = int(statement.removeprefix("PRAGMA busy_timeout = "))
        elif statement == "BEGIN IMMEDIATE":
            seen.append(now[0])

    db.conn.set_trace_callback(traced)
    return seen


@pytest.mark.parametrize("held", [False, True], ids=["lock free", "lock held by another program"])
def test_no_try_of_a_write_waits_inside_sqlite_the_first_included(tmp_path, monkeypatch, held):
    """SQLite's own wait is a sleep that holds the thread, and under eventlet the thread is the event loop: in the
    provincial bench the first try waited there 20 ms at a time while the report child wrote its day summaries, 11
    times in one run (every kiosk and counter waiting with it). Every try is instant; the waits are green sleeps."""
    path = tmp_path / "x.db"
    _table(path)
    other = connect(str(path))
    if held:
        other.execute("BEGIN IMMEDIATE")  # it lets go while the writer sleeps after its third refusal
        sleeps = []
        monkeypatch.setattr(time, "sleep", lambda s: sleeps.append(s) if len(sleeps) < 2 else other.execute("COMMIT"))
    waiting = connect(str(path), write_wait_s=5)
    begins = _busy_timeout_at_each_begin(waiting)
    with immediate(waiting):
        waiting.execute("INSERT INTO t VALUES (1)")
    waiting.conn.set_trace_callback(None)
    assert begins == ([0, 0, 0, 0] if held else [0])
    assert waiting.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 20  # as before, for everything else
    assert list(other.query("SELECT x FROM t")) == [{"x": 1}]
