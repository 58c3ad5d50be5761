"""Online backups with SQLite's backup API, kept for N days, and restoring one (server stopped).

A backup is a consistent copy taken while the server runs (`sqlite3.Connection.backup`), checked with
`PRAGMA integrity_check`, written under a temporary name and renamed, so a half-written file never looks
like a backup. A full disk or a read-only folder raises BackupError with the reason.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from pathlib import Path
from zoneinfo import ZoneInfo

NAME = "xephang-{stamp}.db"


class BackupError(RuntimeError):
    pass


def backup_dir(data_dir: str) -> Path:
    return Path(data_dir) / "backups"


STEP_PAGES = 1024  # written to disk this many pages (4 MB) at a time, each step synced before the next


def memory_budget() -> int:
    """Bytes a backup may hold in memory: a quarter of what the machine has available, or of what is left under the
    service's own memory limit (systemd's MemoryMax, a container's; cgroup v2) when that is smaller; 0 if
    unknown."""
    available = 0
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    available = int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return 0
    try:  # cgroup v2: this process's group (a systemd service's), whose limit the server shares with the backup
        with open("/proc/self/cgroup") as fh:
            group = next(line.split("::", 1)[1].strip() for line in fh if line.startswith("0::"))
        with open(f"/sys/fs/cgroup{group}/memory.max") as fh:
            limit = fh.read().strip()
        with open(f"/sys/fs/cgroup{group}/memory.current") as fh:
            used = int(fh.read().strip())
        if limit.isdigit():
            available = min(available, max(0, int(limit) - used))
    except (OSError, ValueError, StopIteration):  # no cgroup v2, or no limit: the machine's memory
        pass
    return available // 4


def make_backup(
    db_path: str, target_dir: str | Path, at: float, tz: str = "Asia/Ho_Chi_Minh", memory: int | None = None
) -> Path:
    """A consistent copy of the database in `target_dir`, checked, under its final name only once complete.

    When it fits in `memory` bytes (default: `memory_budget()`), the snapshot is read into memory, checked there,
    then written to disk STEP_PAGES at a time, each step synced: a 370 MB provincial database written in one go
    filled the disk cache, and the server's own commits (each one synced) then waited ~300 ms behind its
    flushing, in front of every kiosk and counter. Larger than that, it is copied straight to disk as before."""
    target_dir = Path(target_dir)
    stamp = dt.datetime.fromtimestamp(at, ZoneInfo(tz)).strftime("%Y%m%d-%H%M%S")
    final = target_dir / NAME.format(stamp=stamp)
    tmp = target_dir / f".{final.name}.tmp"
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)
        try:
            pages, page_size = (source.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_count", "page_size"))
            budget = memory_budget() if memory is None else memory
            fits = pages * page_size <= budget
            try:
                if fits:
                    _through_memory(source, tmp)
            except MemoryError:  # SQLite could not hold it after all
                fits = False
                tmp.unlink(missing_ok=True)
            if not fits:
                _straight(source, tmp)
        finally:
            source.close()
        os.replace(tmp, final)
    except (OSError, sqlite3.Error, BackupError) as exc:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        if isinstance(exc, BackupError):
            raise
        raise BackupError(f"backup to {target_dir} failed: {exc}") from exc
    return final


def _check(db: sqlite3.Connection) -> None:
    ok = db.execute("PRAGMA integrity_check").fetchone()[0]
    if ok != "ok":
        raise BackupError(f"the copy failed its integrity check: {ok}")


def _straight(source: sqlite3.Connection, tmp: Path) -> None:
    dest = sqlite3.connect(tmp)
    try:
        # In one step: one read of a consistent snapshot, which in WAL mode holds up no writer. Copied in
        # steps, SQLite starts the copy again after every write by another connection, and a big database
        # under the hall's steady writes never got to its end.
        source.backup(dest, pages=-1)
        _check(dest)
    finally:
        dest.close()


def _through_memory(source: sqlite3.Connection, tmp: Path) -> None:
    snapshot = sqlite3.connect(":memory:")
    try:
        source.backup(snapshot, pages=-1)  # one read of a consistent snapshot (see `_straight`)
        _check(snapshot)
        fd = os.open(tmp, os.O_RDONLY | os.O_CREAT, 0o644)
        dest = None
        try:
            dest = sqlite3.connect(tmp)
            # Nobody else writes the snapshot, so copying it in steps never starts again. The file is only renamed
            # into place once complete and synced: it needs no journal of its own.
            dest.execute("PRAGMA journal_mode=OFF")
            dest.execute("PRAGMA synchronous=OFF")
            snapshot.backup(dest, pages=STEP_PAGES, progress=lambda *_: os.fsync(fd))
            dest.close()
            os.fsync(fd)
        finally:
            os.close(fd)
            if dest is not None:
                dest.close()
    finally:
        snapshot.close()


def prune(target_dir: str | Path, keep_days: int, at: float) -> list[Path]:
    """Delete backups older than `keep_days`, always keeping the newest one."""
    files = sorted(Path(target_dir).glob("xephang-*.db"))
    removed = []
    for path in files[:-1]:
        if path.stat().st_mtime < at - keep_days * 86400:
            path.unlink()
            removed.append(path)
    return removed


def restore(backup: str | Path, db_path: str) -> Path:
    """Put a backup in place of the database (the server must be stopped); the current file is kept aside."""
    backup = Path(backup)
    check = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        ok = check.execute("PRAGMA integrity_check").fetchone()[0]
        check.execute("SELECT count(*) FROM tickets").fetchone()
    except sqlite3.Error as exc:
        raise BackupError(f"{backup} is not a XếpHàng database: {exc}") from exc
    finally:
        check.close()
    if ok != "ok":
        raise BackupError(f"{backup} failed its integrity check: {ok}")
    aside = Path(f"{db_path}.before-restore")
    if os.path.exists(db_path):
        con = sqlite3.connect(db_path)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.close()
        shutil.copy2(db_path, aside)
    for suffix in ("-wal", "-shm"):
        Path(db_path + suffix).unlink(missing_ok=True)
    tmp = Path(f"{db_path}.restoring")
    shutil.copy2(backup, tmp)
    os.replace(tmp, db_path)
    return aside
