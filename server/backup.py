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


def make_backup(db_path: str, target_dir: str | Path, at: float, tz: str = "Asia/Ho_Chi_Minh") -> Path:
    target_dir = Path(target_dir)
    stamp = dt.datetime.fromtimestamp(at, ZoneInfo(tz)).strftime("%Y%m%d-%H%M%S")
    final = target_dir / NAME.format(stamp=stamp)
    tmp = target_dir / f".{final.name}.tmp"
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)
        dest = sqlite3.connect(tmp)
        try:
            # In one step: one read of a consistent snapshot, which in WAL mode holds up no writer. Copied in
            # steps, SQLite starts the copy again after every write by another connection, and a big database
            # under the hall's steady writes never got to its end.
            source.backup(dest, pages=-1)
            ok = dest.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            dest.close()
            source.close()
        if ok != "ok":
            raise BackupError(f"the copy failed its integrity check: {ok}")
        os.replace(tmp, final)
    except (OSError, sqlite3.Error) as exc:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        raise BackupError(f"backup to {target_dir} failed: {exc}") from exc
    return final


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
