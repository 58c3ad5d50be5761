"""The API the one-stop software uses (Bearer tokens, /api/integration) and the counter's dossier links."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import Blueprint, g, jsonify, request

from server import auth, payloads
from server.api import actor, body
from server.services import dossiers, integration
from server.services.base import ServiceError
from server.web import get_db, hub, run

bp = Blueprint("integration_api", __name__, url_prefix="/api")


# ---------------------------------------------------------------- the clerk links dossier codes


@bp.post("/tickets/<int:ticket_id>/dossiers")
@auth.require()
def link_dossier(ticket_id: int) -> Any:
    """Link a dossier code (typed, or scanned by a reader that types it) to a ticket served at my counter."""
    data = body({"code": (str, True)})
    return jsonify(payloads.ticket(run(dossiers.link, actor(), ticket_id, data["code"]), hub().env.tz))


@bp.delete("/tickets/<int:ticket_id>/dossiers")
@auth.require()
def unlink_dossier(ticket_id: int) -> Any:
    """Remove a code linked by mistake: {"code": …} in the body, or ?code=."""
    code = request.args.get("code") if not request.content_length else body({"code": (str, True)})["code"]
    if not code:
        raise ServiceError("bad_request", detail="missing field: code")
    return jsonify(payloads.ticket(run(dossiers.unlink, actor(), ticket_id, code), hub().env.tz))


# ---------------------------------------------------------------- machine to machine (Bearer tokens)


def token_scope(scope: str) -> Callable:
    """Endpoint decorator: an active integration token holding `scope` (401 without or revoked, 403 without the
    scope). A session cookie is not enough: these routes are for the one-stop software only."""

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            header = request.headers.get("Authorization", "")
            given = header[7:].strip() if header[:7].lower() == "bearer " else ""
            hashed = integration.hash_token(given) if given else None
            g.token = integration.authorize(get_db(), hub().env, hashed, scope)
            return view(*args, **kwargs)

        wrapper.token_scope = scope  # type: ignore[attr-defined]  # read by the route-walking tests
        return wrapper

    return decorate


def _page(rows_since: Callable, shape: Callable) -> Any:
    db, tz = get_db(), hub().env.tz
    rows, after = rows_since(
        db, integration.cursor(request.args.get("since")), integration.limit(request.args.get("limit"))
    )
    names = integration.service_names(db)
    return jsonify({"items": [shape(r, names, tz) for r in rows], "next": str(after)})


@bp.get("/integration/tickets")
@token_scope("tickets:read")
def pull_tickets() -> Any:
    """Tickets that ended (and ended tickets whose dossiers changed) after the cursor `since`, oldest first."""
    return _page(integration.tickets_since, payloads.integration_ticket)


@bp.get("/integration/ratings")
@token_scope("ratings:read")
def pull_ratings() -> Any:
    """Ratings given after the cursor `since`, oldest first."""
    return _page(integration.ratings_since, payloads.integration_rating)


@bp.post("/integration/dossiers")
@token_scope("dossiers:write")
def link_from_one_stop() -> Any:
    """The one-stop software links a dossier code to a ticket by its printed number and day."""
    data = body({"ticket": (str, True), "day": (str, True), "code": (str, True)})
    return jsonify(run(dossiers.link_by_number, g.token, data["ticket"], data["day"], data["code"]))
