"""Satisfaction ratings: asked of the counter's tablet when a ticket is finished, stored once, never changed.

Finishing a ticket opens a rating request with a one-time token that is sent only to the tablets in that
counter's room. A rating must carry that token, come in before the request expires, and is stored once
(unique per ticket; triggers refuse any update or delete). A clerk's screen never receives the token.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from sqlite_utils import Database

from server.core import rating
from server.core.tickets import Status, Ticket
from server.options import load_options
from server.services import outbox
from server.services.base import Env, Event, ServiceError, conflict
from server.store import repo
from server.store.db import immediate

MAX_DOSSIER = 40
MAX_COMMENT = 500
# A citizen still answering (a touch or a key on the tablet) restarts the question's time. The tablet reports
# at most every few seconds, so the server's deadline keeps this grace beyond the tablet's own countdown; and
# however long the typing, a question closes this long after it was asked.
STILL_HERE_GRACE_S = 10.0
ANSWER_LIMIT_S = 600.0


def open_request(db: Database, ticket: Ticket, at: float) -> Event:
    """Inside the finishing transaction: ask the counter's tablet to rate this ticket.

    A question still open at the tablet is never cut short by the counter's next finish: the new one waits
    behind it (oldest first), and its time starts when the one before it would have run out."""
    opts = load_options(db)
    token = secrets.token_urlsafe(16)
    queued_behind = db.execute(
        "SELECT max(expires_at) FROM rating_requests WHERE counter = ? AND status = 'pending' AND expires_at > ?",
        [ticket.counter, at],
    ).fetchone()[0]
    expires = max(at, queued_behind or at) + float(opts["rating_timeout_s"])
    db.execute(
        "INSERT OR REPLACE INTO rating_requests (ticket_id, counter, clerk_id, token, requested_at,"
        " expires_at) VALUES (?, ?, ?, ?, ?, ?)",
        [ticket.id, ticket.counter, ticket.clerk_id, token, at, expires],
    )
    return Event(
        "rating_requested",
        {
            "counter": ticket.counter,
            "ticket_id": ticket.id,
            "number": ticket.number,
            "token": token,
            "expires_at": expires,
        },
    )


def pending_request(db: Database, env: Env, counter: int) -> dict[str, Any] | None:
    """The oldest open question of this counter's tablet: shown (again) until answered or expired."""
    rows = list(
        db.query(
            "SELECT r.*, t.number FROM rating_requests r JOIN tickets t ON t.id = r.ticket_id"
            " WHERE r.counter = ? AND r.status = 'pending' AND r.expires_at > ?"
            " ORDER BY r.requested_at, r.ticket_id LIMIT 1",
            [counter, env.clock()],
        )
    )
    if not rows:
        return None
    r = rows[0]
    return {
        "counter": counter,
        "ticket_id": r["ticket_id"],
        "number": r["number"],
        "token": r["token"],
        "expires_at": r["expires_at"],
    }


def still_here(db: Database, env: Env, counter: int, token: Any) -> tuple[dict[str, Any], list[Event]]:
    """The citizen touched or typed on the tablet: the open question's deadline restarts (up to ANSWER_LIMIT_S
    after it was asked), and the questions queued behind it move back by as much."""
    at = env.clock()
    if not isinstance(token, str) or not token:
        raise ServiceError("rating_refused", 403)
    timeout = float(load_options(db)["rating_timeout_s"])
    with immediate(db):
        rows = list(db.query("SELECT * FROM rating_requests WHERE token = ?", [token]))
        request = rows[0] if rows else None
        if request is None or request["counter"] != counter:
            raise ServiceError("rating_refused", 403)
        if request["status"] != "pending" or request["expires_at"] <= at:
            raise conflict("rating_expired")
        expires = max(
            request["expires_at"], min(at + timeout + STILL_HERE_GRACE_S, request["requested_at"] + ANSWER_LIMIT_S)
        )
        shift = expires - request["expires_at"]
        if shift > 0:
            db.execute(
                "UPDATE rating_requests SET expires_at = expires_at + ? WHERE counter = ? AND status = 'pending'"
                " AND (requested_at > ? OR (requested_at = ? AND ticket_id >= ?))",
                [shift, counter, request["requested_at"], request["requested_at"], request["ticket_id"]],
            )
    return {"expires_at": expires, "now": at}, []


def form(db: Database) -> dict[str, Any]:
    """The scale and reasons the tablet shows, from the centre's options."""
    opts = load_options(db)
    scale = int(opts["rating_scale"]) if int(opts["rating_scale"]) in rating.SCALES else 3
    return {
        "scale": scale,
        "choices": [
            {"score": s, "label": key, "dissatisfied": rating.is_dissatisfied(s, scale)}
            for s, key in rating.labels(scale)
        ],
        "reasons": [r for r in opts["rating_reasons"] if r in rating.REASONS],
        "timeout_s": float(opts["rating_timeout_s"]),
    }


def submit(
    db: Database,
    env: Env,
    counter: int,
    token: Any,
    score: Any,
    reasons: Any = None,
    dossier_code: Any = None,
    comment: Any = None,
) -> tuple[dict[str, Any], list[Event]]:
    """Store a citizen's rating; refused (and nothing stored) unless every check passes."""
    at = env.clock()
    if not isinstance(token, str) or not token:
        raise ServiceError("rating_refused", 403)
    reasons = reasons if reasons is not None else []
    if not isinstance(reasons, list) or not all(isinstance(r, str) and r in rating.REASONS for r in reasons):
        raise ServiceError("bad_request", detail="reasons must be a list of known reason codes")
    for name, value, limit in (("dossier_code", dossier_code, MAX_DOSSIER), ("comment", comment, MAX_COMMENT)):
        if value is not None and (not isinstance(value, str) or len(value) > limit):
            raise ServiceError("bad_request", detail=f"{name} must be text of at most {limit} characters")
    with immediate(db):
        rows = list(db.query("SELECT * FROM rating_requests WHERE token = ?", [token]))
        request = rows[0] if rows else None
        if request is None or request["counter"] != counter:
            raise ServiceError("rating_refused", 403)
        if (
            request["status"] == "rated"
            or db.execute("SELECT 1 FROM ratings WHERE ticket_id = ?", [request["ticket_id"]]).fetchone()
        ):
            raise conflict("already_rated")
        if request["status"] != "pending" or request["expires_at"] <= at:
            raise conflict("rating_expired")
        ticket = repo.get_ticket(db, request["ticket_id"])
        if ticket is None or ticket.status is not Status.DONE:
            raise conflict("rating_refused")
        scale = form(db)["scale"]
        if not rating.valid_score(score, scale):
            raise ServiceError("bad_request", detail=f"score must be a whole number from 1 to {scale}")
        unhappy = rating.is_dissatisfied(score, scale)
        row = {
            "ticket_id": ticket.id,
            "day": ticket.day,
            "service": ticket.service,
            "counter": counter,
            "clerk_id": request["clerk_id"],
            "score": score,
            "scale": scale,
            "dissatisfied": int(unhappy),
            "reasons": json.dumps(reasons if unhappy else []),
            "dossier_code": (dossier_code or "").strip() or None,
            "comment": (comment or "").strip() or None,
            "created_at": at,
        }
        rating_id = db.execute(
            "INSERT INTO ratings ({}) VALUES ({})".format(", ".join(row), ", ".join("?" * len(row))), list(row.values())
        ).lastrowid
        outbox.record(db, "rating.submitted", ticket.id, at, rating_id=rating_id)
        db.execute("UPDATE rating_requests SET status = 'rated' WHERE ticket_id = ?", [ticket.id])
        repo.add_event(
            db,
            ticket_id=ticket.id,
            action="rate",
            at=at,
            day=ticket.day,
            from_status=ticket.status,
            to_status=ticket.status,
            counter=counter,
            clerk_id=request["clerk_id"],
            data={"score": score, "scale": scale},
        )
    return {"ticket_id": ticket.id, "score": score}, [
        Event("rating_submitted", {"counter": counter, "ticket_id": ticket.id, "clerk_id": request["clerk_id"]})
    ]


def list_ratings(db: Database, day_from: str, day_to: str) -> list[dict[str, Any]]:
    """The ratings given between two days, with the ticket's number and the clerk (rows; payloads shapes them)."""
    return list(
        db.query(
            "SELECT r.*, t.number, t.dossiers, u.username, u.full_name FROM ratings r"
            " JOIN tickets t ON t.id = r.ticket_id"
            " LEFT JOIN users u ON u.id = r.clerk_id WHERE r.day BETWEEN ? AND ? ORDER BY r.id",
            [day_from, day_to],
        )
    )


def clerk_today(db: Database, env: Env, clerk_id: int) -> dict[str, Any]:
    """A clerk's own figures for today: served, average service time, satisfaction so far."""
    day = env.today()
    served, avg = db.execute(
        "SELECT count(*), avg(ended_at - started_at) FROM tickets WHERE day = ? AND clerk_id = ? AND status = 'done'",
        [day, clerk_id],
    ).fetchone()
    rated, unhappy = db.execute(
        "SELECT count(*), coalesce(sum(dissatisfied), 0) FROM ratings WHERE day = ? AND clerk_id = ?", [day, clerk_id]
    ).fetchone()
    rate = rating.satisfaction_rate(rated, unhappy)
    return {
        "served": served,
        "avg_service_s": None if avg is None else int(avg),
        "rated": rated,
        "satisfied": rated - unhappy,
        "satisfaction_rate": None if rate is None else round(rate, 4),
    }
