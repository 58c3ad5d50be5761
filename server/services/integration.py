"""Integration tokens for the one-stop software, and the two pull feeds (tickets, ratings) with their cursors.

A token is shown once and only its sha256 is stored; the caller hashes it (never inside a transaction). Each
token carries scopes; creating and revoking one is audited. A feed answers the items after a cursor in a
stable order: tickets by `feed_seq` (taken when a ticket ends, and again when its dossiers change after
that), ratings by id (a rating never changes). A cursor is the last of those numbers, so it survives restarts.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from typing import Any

from sqlite_utils import Database

from server.i18n import Said
from server.services.base import Actor, Env, Event, Invalid, ServiceError, not_found, write_audit
from server.store.db import immediate

SCOPES = ("tickets:read", "ratings:read", "dossiers:write")
MAX_LIMIT = 500
TOUCH_EVERY_S = 60.0  # last_used_at is written at most this often per token


def _clean(name: Any, scopes: Any) -> tuple[str, list[str]]:
    fields: dict[str, Any] = {}
    if not isinstance(name, str) or not 1 <= len(name.strip()) <= 60:
        fields["name"] = Said("admin.check.text_between", limit=60)
    if not isinstance(scopes, list) or not scopes or not all(s in SCOPES for s in scopes):
        fields["scopes"] = Said("admin.check.scopes", scopes=", ".join(SCOPES))
    if fields:
        raise Invalid(fields)
    return name.strip(), sorted(set(scopes), key=SCOPES.index)


def create_token(
    db: Database, env: Env, actor: Actor | None, name: Any, scopes: Any, token_hash: str, by: str | None = None
) -> tuple[dict[str, Any], list[Event]]:
    """Store a new token's hash with its scopes (`by` names a creator without an account: the command line)."""
    name, scopes = _clean(name, scopes)
    at = env.clock()
    with immediate(db):
        token_id = int(
            db.execute(
                "INSERT INTO integration_tokens (name, scopes, token_hash, created_at, created_by)"
                " VALUES (?, ?, ?, ?, ?)",
                [name, json.dumps(scopes), token_hash, at, actor.user_id if actor else None],
            ).lastrowid
            or 0
        )
        row = token_row(db, token_id)
        assert row is not None
        write_audit(
            db, actor, "token.create", f"token:{token_id}", None, {"name": name, "scopes": scopes}, at, username=by
        )
    return row, []


def revoke_token(
    db: Database, env: Env, actor: Actor | None, token_id: int, by: str | None = None
) -> tuple[dict[str, Any], list[Event]]:
    """The token stops working at once; its row stays for the audit trail."""
    at = env.clock()
    with immediate(db):
        before = token_row(db, token_id)
        if before is None:
            raise not_found("unknown_token")
        if before["revoked_at"] is None:
            db.execute("UPDATE integration_tokens SET revoked_at = ? WHERE id = ?", [at, token_id])
            write_audit(
                db,
                actor,
                "token.revoke",
                f"token:{token_id}",
                {"name": before["name"]},
                {"name": before["name"], "revoked": True},
                at,
                username=by,
            )
        row = token_row(db, token_id)
    assert row is not None
    return row, []


def token_row(db: Database, token_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM integration_tokens WHERE id = ?", [token_id]))
    return _decoded(rows[0]) if rows else None


def token_rows(db: Database) -> list[dict[str, Any]]:
    return [_decoded(r) for r in db.query("SELECT * FROM integration_tokens ORDER BY revoked_at IS NOT NULL, id")]


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "scopes": json.loads(row["scopes"])}


def authorize(db: Database, env: Env, token_hash: str | None, scope: str) -> dict[str, Any]:
    """The active token with this hash, if it holds `scope`: else 401 (unknown or revoked) or 403 (scope)."""
    rows = list(db.query("SELECT * FROM integration_tokens WHERE token_hash = ?", [token_hash])) if token_hash else []
    if not rows or rows[0]["revoked_at"] is not None:
        raise ServiceError("token_refused", 401)
    token = _decoded(rows[0])
    if scope not in token["scopes"]:
        raise ServiceError("token_scope", 403, scope=scope)
    at = env.clock()
    if (token["last_used_at"] or 0) < at - TOUCH_EVERY_S:
        with immediate(db):
            db.execute("UPDATE integration_tokens SET last_used_at = ? WHERE id = ?", [at, token["id"]])
    return token


def cursor(value: str | None) -> int:
    """A cursor given back by the client: the decimal number of the last item it saw ('' = from the start)."""
    if not value:
        return 0
    if not value.isdigit() or len(value) > 18:
        raise ServiceError("bad_request", detail="since must be a cursor given by a previous answer")
    return int(value)


def limit(value: str | None) -> int:
    if value is None or value == "":
        return MAX_LIMIT
    if not value.isdigit() or not 1 <= int(value) <= MAX_LIMIT:
        raise ServiceError("bad_request", detail=f"limit must be a whole number from 1 to {MAX_LIMIT}")
    return int(value)


_TICKET_SELECT = "SELECT t.*, u.username, u.full_name FROM tickets t LEFT JOIN users u ON u.id = t.clerk_id"
_RATING_SELECT = (
    "SELECT r.*, t.number, t.dossiers, t.issued_at, t.started_at, t.ended_at, u.username, u.full_name"
    " FROM ratings r JOIN tickets t ON t.id = r.ticket_id LEFT JOIN users u ON u.id = r.clerk_id"
)


def tickets_since(db: Database, since: int, n: int) -> tuple[list[dict[str, Any]], int]:
    """Ended tickets after the cursor, in feed order, and the cursor after them (one statement: one snapshot)."""
    rows = list(db.query(f"{_TICKET_SELECT} WHERE t.feed_seq > ? ORDER BY t.feed_seq LIMIT ?", [since, n]))
    return rows, rows[-1]["feed_seq"] if rows else since


def ratings_since(db: Database, since: int, n: int) -> tuple[list[dict[str, Any]], int]:
    rows = list(db.query(f"{_RATING_SELECT} WHERE r.id > ? ORDER BY r.id LIMIT ?", [since, n]))
    return rows, rows[-1]["id"] if rows else since


def ticket_item_row(db: Database, ticket_id: int) -> dict[str, Any] | None:
    rows = list(db.query(f"{_TICKET_SELECT} WHERE t.id = ?", [ticket_id]))
    return rows[0] if rows else None


def rating_item_row(db: Database, rating_id: int) -> dict[str, Any] | None:
    rows = list(db.query(f"{_RATING_SELECT} WHERE r.id = ?", [rating_id]))
    return rows[0] if rows else None


def service_names(db: Database) -> dict[str, str]:
    return {r["code"]: r["name_vi"] for r in db.query("SELECT code, name_vi FROM services")}


def new_token() -> tuple[str, str]:
    """A fresh token and its hash: hash it here, before any transaction."""
    token = "xh_" + secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
