"""Opening the SQLite database (WAL, busy timeout, durable commits) and write transactions."""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
from collections.abc import Iterator

from sqlite_utils import Database

BUSY_TIMEOUT_MS = 10_000


def connect(path: str, synchronous: str = "full") -> Database:
    """A connection in autocommit mode: every write goes through `immediate()`."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    if mode != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA synchronous = {synchronous.upper()}")
    return Database(conn)


@contextlib.contextmanager
def immediate(db: Database) -> Iterator[Database]:
    """A write transaction that takes SQLite's write lock at BEGIN.

    A deferred BEGIN that later tries to write can fail at once with SQLITE_BUSY when another
    process wrote in between; BEGIN IMMEDIATE waits (busy_timeout) instead, which is what makes
    numbering and call-next safe across processes.
    """
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    else:
        db.conn.execute("COMMIT")


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
