"""Managers' side of the one-stop software link: integration tokens (created, shown once, revoked) and the
webhook receivers' backlog."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

from admin.api import MANAGERS, _actor, _json
from server import auth, payloads
from server.services import integration, outbox
from server.web import get_db, hub, run

bp = Blueprint("admin_integration", __name__, url_prefix="/api/admin")


@bp.get("/integration")
@auth.require(*MANAGERS)
def status() -> Any:
    db = get_db()
    return jsonify(
        payloads.integration_status(
            integration.token_rows(db),
            outbox.backlog(db, hub().settings["webhook_urls"]),
            bool(hub().settings["webhook_secret"]),
            hub().env.tz,
        )
    )


@bp.post("/tokens")
@auth.require(*MANAGERS)
def create_token() -> Any:
    data = _json()
    token, hashed = integration.new_token()  # hashed here, before the transaction
    row = run(integration.create_token, _actor(), data.get("name"), data.get("scopes"), hashed)
    return jsonify({**payloads.integration_token(row, hub().env.tz), "token": token}), 201


@bp.post("/tokens/<int:token_id>/revoke")
@auth.require(*MANAGERS)
def revoke_token(token_id: int) -> Any:
    return jsonify(payloads.integration_token(run(integration.revoke_token, _actor(), token_id), hub().env.tz))
