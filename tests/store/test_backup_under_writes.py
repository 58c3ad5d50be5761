"""A backup of a big database finishes while the hall keeps writing: copied in steps, SQLite starts the copy
again after every write by another connection, and a provincial year under a few writes a second never got to
its end (the bench's backup of a million-ticket year ran past 15 minutes)."""

import sqlite3
import threading

from server.backup import make_backup


def test_a_backup_of_a_big_database_finishes_while_another_connection_writes_all_the_time(tmp_path):
    path = tmp_path / "xephang.db"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB)")
    db.execute("BEGIN")
    db.executemany("INSERT INTO t (body) VALUES (?)", ((b"x" * 3000,) for _ in range(10_000)))  # about 40 MB
    db.execute("COMMIT")
    stop, writes = threading.Event(), []

    def hall() -> None:  # a write every moment, each committed, as kiosks and counters do
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA synchronous = OFF")
        while not stop.is_set():
            conn.execute("INSERT INTO t (body) VALUES (x'00')")
            writes.append(1)
        conn.close()

    writer = threading.Thread(target=hall, daemon=True)
    writer.start()
    done: list = []
    copier = threading.Thread(target=lambda: done.append(make_backup(str(path), tmp_path / "backups", 0)), daemon=True)
    copier.start()
    copier.join(60)
    finished_while_writing, written = not copier.is_alive(), len(writes)
    stop.set()
    writer.join(10)
    copier.join(60)  # (a copy in steps gets to its end once the writes stop: that is not a pass)
    assert (finished_while_writing, len(done), written > 100) == (True, 1, True)
    copy = sqlite3.connect(done[0])
    assert copy.execute("SELECT count(*) >= 10000, max(length(body)) FROM t").fetchone() == (1, 3000)
    copy.close()
    db.close()
