"""The webhook outbox: events for the one-stop software, written in the transaction of what they tell, and the
per-receiver cursor the webhook worker (server/webhooks.py) advances outside every transaction."""

from __future__ import annotations

import json
import secrets
from typing import Any

from sqlite_utils import Database

from server.store.db import immediate

EVENTS = ("ticket.finished", "rating.submitted", "dossier.linked")


def record(db: Database, event: str, ticket_id: int | None, at: float, **data: Any) -> None:
    """Inside the caller's transaction: one outbox row, with the idempotency key every try of it will carry."""
    assert event in EVENTS and db.conn.in_transaction
    db.execute(
        "INSERT INTO outbox (event, key, ticket_id, data, created_at) VALUES (?, ?, ?, ?, ?)",
        [event, f"xh-{secrets.token_hex(12)}", ticket_id, json.dumps(data, ensure_ascii=False), at],
    )


def ensure_targets(db: Database, urls: list[str]) -> None:
    """A receiver configured for the first time gets the events written from now on."""
    with immediate(db):
        for url in urls:
            db.execute(
                "INSERT OR IGNORE INTO webhook_targets (url, delivered_id)"
                " VALUES (?, (SELECT coalesce(max(id), 0) FROM outbox))",
                [url],
            )


def claim(db: Database, url: str, owner: str, now: float, lease_s: float) -> bool:
    """Take `url`'s deliveries for `lease_s` seconds if they are due and no other process holds them."""
    with immediate(db):
        cursor = db.execute(
            "UPDATE webhook_targets SET lease_owner = ?, lease_until = ? WHERE url = ? AND next_at <= ?"
            " AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < ?)"
            " AND EXISTS (SELECT 1 FROM outbox WHERE id > webhook_targets.delivered_id)",
            [owner, now + lease_s, url, now, owner, now],
        )
        return cursor.rowcount == 1


def release(db: Database, url: str, owner: str) -> None:
    with immediate(db):
        db.execute(
            "UPDATE webhook_targets SET lease_owner = NULL, lease_until = 0 WHERE url = ? AND lease_owner = ?",
            [url, owner],
        )


def next_event(db: Database, url: str) -> dict[str, Any] | None:
    """The oldest event `url` has not acknowledged: events go out one at a time, in order."""
    rows = list(
        db.query(
            "SELECT o.* FROM outbox o, webhook_targets w WHERE w.url = ? AND o.id > w.delivered_id"
            " ORDER BY o.id LIMIT 1",
            [url],
        )
    )
    if not rows:
        return None
    row = rows[0]
    row["data"] = json.loads(row["data"])
    return row


def fix_body(db: Database, event_id: int, body: str) -> str:
    """Keep the first body built for an event: every later try (any process, after any restart) sends it."""
    with immediate(db):
        db.execute("UPDATE outbox SET body = ? WHERE id = ? AND body IS NULL", [body, event_id])
        return str(db.execute("SELECT body FROM outbox WHERE id = ?", [event_id]).fetchone()[0])


def delivered(db: Database, url: str, owner: str, event_id: int, now: float, lease_s: float) -> bool:
    """The receiver acknowledged `event_id`: move its cursor (only while we still hold the lease)."""
    with immediate(db):
        cursor = db.execute(
            "UPDATE webhook_targets SET delivered_id = ?, attempts = 0, next_at = 0, last_error = NULL,"
            " last_ok_at = ?, lease_until = ? WHERE url = ? AND lease_owner = ? AND delivered_id < ?",
            [event_id, now, now + lease_s, url, owner, event_id],
        )
        return cursor.rowcount == 1


def failed(db: Database, url: str, owner: str, error: str, now: float, first_s: float, max_s: float) -> float:
    """A try failed: wait (doubling from `first_s`, at most `max_s`) before the same event is tried again."""
    with immediate(db):
        attempts = int(db.execute("SELECT attempts FROM webhook_targets WHERE url = ?", [url]).fetchone()[0]) + 1
        delay = float(min(max_s, first_s * 2 ** (attempts - 1)))
        db.execute(
            "UPDATE webhook_targets SET attempts = ?, next_at = ?, last_error = ?, lease_owner = NULL,"
            " lease_until = 0 WHERE url = ? AND lease_owner = ?",
            [attempts, now + delay, error[:500], url, owner],
        )
    return delay


def prune(db: Database, urls: list[str]) -> None:
    """Events every configured receiver has acknowledged are dropped (all of them when none is configured)."""
    marks = ",".join("?" * len(urls)) or "''"
    with immediate(db):
        db.execute(
            f"DELETE FROM outbox WHERE id <= (SELECT coalesce(min(delivered_id), (SELECT max(id) FROM outbox))"
            f" FROM webhook_targets WHERE url IN ({marks}))",
            urls,
        )


def backlog(db: Database, urls: list[str]) -> list[dict[str, Any]]:
    """Per configured receiver: events waiting, since when, tries and the last error (for the dashboard)."""
    out = []
    for url in urls:
        rows = list(
            db.query(
                "SELECT w.*, (SELECT count(*) FROM outbox o WHERE o.id > w.delivered_id) AS waiting,"
                " (SELECT min(created_at) FROM outbox o WHERE o.id > w.delivered_id) AS oldest"
                " FROM webhook_targets w WHERE w.url = ?",
                [url],
            )
        )
        if rows:
            r = rows[0]
            out.append(
                {
                    "url": url,
                    "waiting": r["waiting"],
                    "oldest_at": r["oldest"],
                    "attempts": r["attempts"],
                    "last_error": r["last_error"],
                    "last_ok_at": r["last_ok_at"],
                    "next_at": r["next_at"],
                }
            )
    return out
