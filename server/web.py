"""Glue between Flask and the use cases: the per-request database, running a use case, JSON errors."""

from __future__ import annotations

from typing import Any

from flask import current_app, g, jsonify, request
from sqlite_utils import Database

from server.dispatch import dispatch
from server.hub import Hub
from server.i18n import pick_language, t
from server.services.base import ServiceError
from server.services.queue import PrintRequest


def hub() -> Hub:
    """The running system of the current app."""
    return current_app.extensions["xephang"]


def get_db() -> Database:
    """This request's (or Socket.IO event's) connection, opened on first use, closed at teardown."""
    if "db" not in g:
        g.db_factory, g.db = hub().borrow()
    return g.db


def close_db(_exc: BaseException | None = None) -> None:
    db = g.pop("db", None)
    if db is not None:
        hub().give_back(g.pop("db_factory"), db)


def run(use_case: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a use case in its own transaction, then dispatch its events once committed."""
    h = hub()
    db = get_db()
    result, events = use_case(db, h.env, *args, **kwargs)
    dispatch(h, db, events)
    return result


def count_issue(device: Any) -> None:
    """One more ticket against the flood limit: per paired kiosk, else per address (staff, demo clients)."""
    key = f"device:{device.id}" if device is not None and device.id is not None else request.remote_addr or "?"
    current_app.extensions["xephang_issue_limit"].hit(key)


def language() -> str:
    try:
        return pick_language(request.args.get("lang"), request.headers.get("Accept-Language"))
    except RuntimeError:  # outside a request
        return "vi"


def error_body(code: str, **params: Any) -> dict[str, Any]:
    body = {"error": code, "message": t(f"error.{code}", language(), **params)}
    for extra in ("fields", "rejected"):  # per-field messages for forms; rejected lines of an upload
        if extra in params:
            body[extra] = params[extra]
    return body


def error_response(code: str, http_status: int, **params: Any) -> Any:
    return jsonify(error_body(code, **params)), http_status


def print_request(kiosk: Any, lang: str) -> PrintRequest:
    """Print on `kiosk`'s printer in `lang`, with a QR to this server's status page (`phone_url`)."""
    from server.services.queue import PrintRequest

    if not isinstance(kiosk, str) or not kiosk or len(kiosk) > 40:
        raise ServiceError("bad_request", detail="kiosk must be 1 to 40 characters")
    return PrintRequest(kiosk=kiosk, lang=lang if lang in ("vi", "en") else "vi",
                        base_url=phone_url())


def phone_url() -> str:
    """Where a citizen's phone reaches this server: `public_url`, else the address this request came to, a
    loopback one replaced by the LAN address (server.lan)."""
    from server import lan

    return lan.phone_base(request.host_url, hub().settings["public_url"], lan.lan_address())
