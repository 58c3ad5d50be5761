"""Backups taken while the centre works, restored after a disaster; storage trouble is an alarm."""

import os
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
import requests

from server.backup import BackupError, make_backup, prune, restore
from tests.helpers import ROOT

pytestmark = pytest.mark.live


def xephang(*args):
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_online_backup_while_issuing_then_restore_brings_every_ticket_back(live, tmp_path):
    server = live("eventlet")
    stop = threading.Event()
    issued = []

    def kiosk():
        while not stop.is_set():
            r = requests.post(server.url + "/api/tickets", json={"service": "A"}, timeout=10)
            issued.append(r.json()["number"])

    worker = threading.Thread(target=kiosk)
    worker.start()
    while len(issued) < 30:
        time.sleep(0.01)
    result = xephang("backup", "--data", server.data_dir)
    stop.set()
    worker.join()
    assert result.returncode == 0, result.stderr
    [backup] = sorted((tmp_path / "var" / "backups").glob("xephang-*.db"))
    in_backup = [n for (n,) in sqlite3.connect(backup).execute("SELECT number FROM tickets ORDER BY id")]
    assert len(in_backup) >= 30 and in_backup == issued[: len(in_backup)]  # a consistent prefix, no gap
    server.stop()
    os.remove(f"{server.data_dir}/xephang.db")  # the disaster
    result = xephang("restore", "--data", server.data_dir, str(backup))
    assert result.returncode == 0, result.stderr
    server.start()
    got = requests.post(server.url + "/api/tickets", json={"service": "A"}, timeout=10).json()
    assert got["number"] == f"A{len(in_backup) + 1:03d}"


def test_old_backups_are_pruned_but_the_newest_is_kept(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    for name, age_days in (("xephang-20260101-000000.db", 40), ("xephang-20260201-000000.db", 35)):
        path = folder / name
        path.write_bytes(b"x")
        old = time.time() - age_days * 86400
        os.utime(path, (old, old))
    assert [p.name for p in prune(folder, 30, time.time())] == ["xephang-20260101-000000.db"]
    assert [p.name for p in folder.iterdir()] == ["xephang-20260201-000000.db"]


def test_a_backup_to_a_place_it_cannot_write_says_why(tmp_path, template_dir):
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    with pytest.raises(BackupError, match="backup to .* failed"):
        make_backup(f"{template_dir}/xephang.db", not_a_dir, time.time())


def test_restoring_something_that_is_not_a_backup_is_refused(tmp_path):
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"not a database at all" * 100)
    with pytest.raises(BackupError):
        restore(bogus, str(tmp_path / "xephang.db"))
    assert not (tmp_path / "xephang.db").exists()


def test_a_read_only_database_gives_a_clear_error_and_an_alarm_not_a_crash(make_app, data_dir):
    app = make_app()
    client = app.test_client()
    assert client.post("/api/tickets", json={"service": "A"}).status_code == 201
    hub = app.extensions["xephang"]
    real_connect = hub.connect

    def read_only():
        db = real_connect()
        db.conn.execute("PRAGMA query_only = ON")  # what a remounted read-only disk looks like to SQLite
        return db

    hub.connect = read_only
    r = client.post("/api/tickets", json={"service": "A"})
    assert (r.status_code, r.json["error"]) == (503, "storage_unavailable")
    assert "Báo ngay cho quản trị viên" in r.json["message"]
    assert client.get("/api/services").status_code == 200  # reading still works
    assert "storage" in hub.alarms


def _big_database(path, rows):
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)")
    db.executemany("INSERT INTO t (body) VALUES (?)", ((f"{i:08d}" * 50,) for i in range(rows)))
    db.commit()
    return db


def _rows(path):
    return sqlite3.connect(path).execute("SELECT count(*), sum(length(body)), max(id) FROM t").fetchone()


def test_a_database_that_fits_in_memory_is_written_to_disk_a_few_megabytes_at_a_time_each_step_synced(
    tmp_path, monkeypatch
):
    """Written in one go, a provincial database filled the disk cache and the server's own synced commits waited
    ~300 ms behind its flushing. Through memory it reaches the disk in synced steps of STEP_PAGES pages."""
    import server.backup as backup

    source = _big_database(tmp_path / "big.db", 30_000)  # ~13 MB: four steps of 4 MB
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(backup.os, "fsync", lambda fd: (synced.append(os.fstat(fd).st_size), real_fsync(fd))[1])
    made = make_backup(str(tmp_path / "big.db"), tmp_path / "backups", 0, memory=10**9)
    size = made.stat().st_size
    assert (
        len(synced) >= 4,
        synced[-1],
        max(b - a for a, b in zip([0, *synced], synced, strict=False)) <= 4 * 1024 * 1024,
    ) == (
        True,
        size,
        True,
    )
    assert _rows(made) == _rows(tmp_path / "big.db") == (30_000, 30_000 * 400, 30_000)
    source.close()


def test_a_database_too_big_for_memory_is_copied_straight_to_disk_and_is_as_complete(tmp_path):
    source = _big_database(tmp_path / "big.db", 5_000)
    made = make_backup(str(tmp_path / "big.db"), tmp_path / "backups", 0, memory=0)
    assert _rows(made) == (5_000, 5_000 * 400, 5_000)
    assert sqlite3.connect(made).execute("PRAGMA integrity_check").fetchone() == ("ok",)
    source.close()


def test_a_full_disk_while_writing_the_copy_from_memory_is_a_backup_error_and_leaves_no_partial_file(
    tmp_path, monkeypatch
):
    import errno

    import server.backup as backup

    source = _big_database(tmp_path / "big.db", 3_000)

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup.os, "fsync", full)
    with pytest.raises(BackupError, match="No space left on device"):
        make_backup(str(tmp_path / "big.db"), tmp_path / "backups", 0, memory=10**9)
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == []
    source.close()


def test_a_database_sqlite_cannot_hold_in_memory_is_copied_straight_to_disk_instead(tmp_path, monkeypatch):
    import server.backup as backup

    source = _big_database(tmp_path / "big.db", 3_000)

    def no_memory(*args):
        raise MemoryError

    monkeypatch.setattr(backup, "_through_memory", no_memory)
    made = make_backup(str(tmp_path / "big.db"), tmp_path / "backups", 0, memory=10**9)
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == [made.name]  # no partial file left
    assert _rows(made) == (3_000, 3_000 * 400, 3_000)
    source.close()
