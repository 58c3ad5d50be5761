"""Glue between Flask and the use cases: the per-request database, running a use case, JSON errors."""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Mapping
from typing import Any, cast

from flask import Flask, Request, current_app, g, jsonify, request
from flask.json.provider import DefaultJSONProvider
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from itsdangerous import BadSignature
from sqlite_utils import Database
from werkzeug.routing import IntegerConverter

from server.dispatch import dispatch
from server.hub import Hub
from server.i18n import pick_language, said_in, t
from server.services.base import ServiceError
from server.services.queue import PrintRequest
from server.store.db import is_busy

log = logging.getLogger("xephang")


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON, but a body nested too deep for the parser is bad JSON (400), not a crash (500)."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("nested too deep") from None


class IdConverter(IntegerConverter):
    """`<int:…>` in a route: an id SQLite can hold (64 bits); a larger one is simply not found (404)."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", 2**63 - 1)
        super().__init__(map, *args, **kwargs)


class Sessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, each cookie's signature checked once, not on every request.

    A clerk's cookie stays the same from login to logout (`SESSION_REFRESH_EACH_REQUEST` is off: the session's end
    is the server's record, `session_hours` after login), yet Flask checked its signature and decoded it on every
    request and for every Socket.IO event: 4–10 % of the instructions of a clerk's presses (`make bench-cost`).
    Here a cookie whose signature was found good is kept with the time it was signed, and the same cookie
    again is read from what was kept, its age checked as Flask checks it (older than the session lifetime, or signed
    in the future: a new, empty session). Only cookies found good are kept, at most `KEEP` (then forgotten all at
    once), each given out as a new session, and all forgotten when the secret keys change. A Socket.IO event's request
    context gets the session Flask-SocketIO keeps for its socket (`saved_session`, made in its connect handler),
    which it would otherwise put in place of the one opened. Whoever the cookie names is still checked in the
    database on every request and press (`auth.current_actor`): a logged-out session's cookie is refused there, as
    before."""

    KEEP = 4096

    def __init__(self) -> None:
        self.verified: dict[str, tuple[dict[str, Any], int]] = {}  # cookie -> (its data, when it was signed)
        self.keys: tuple[Any, ...] = ()  # the keys they were checked with: other keys, nothing kept stands

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        kept = request.environ.get("saved_session")
        if isinstance(kept, SessionMixin):  # Flask-SocketIO's session class (a dict with Flask's session marks):
            return cast(SecureCookieSession, kept)  # all an event's context reads of it, not a cookie session
        return self.from_cookie(app, request)

    def from_cookie(self, app: Flask, request: Request) -> SecureCookieSession | None:
        """The session the request's cookie holds (a new, empty one without a good cookie)."""
        cookie = request.cookies.get(self.get_cookie_name(app))
        if not cookie or not app.secret_key:
            return super().open_session(app, request)
        max_age = int(app.permanent_session_lifetime.total_seconds())
        keys = (app.secret_key, *(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        if keys != self.keys:
            self.verified, self.keys = {}, keys
        known = self.verified.get(cookie)
        if known is not None:
            data, signed = known
            if 0 <= int(time.time()) - signed <= max_age:
                return self.session_class(data)  # a copy: a session holds plain values (sid, uid)
            self.verified.pop(cookie, None)
            return self.session_class()  # expired: what Flask answers for it
        serializer = self.get_signing_serializer(app)
        assert serializer is not None  # made whenever a secret key is set
        try:
            data, signed_at = serializer.loads(cookie, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        if len(self.verified) >= self.KEEP:
            self.verified.clear()
        self.verified[cookie] = (dict(data), int(signed_at.timestamp()))
        return self.session_class(data)


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
    written = getattr(db, "written", 0)
    result, events = use_case(db, h.env, *args, **kwargs)
    if getattr(db, "written", 0) != written:  # a write went through: the disk takes writes again
        h.alarms.pop("storage", None)
    dispatch(h, db, events)
    return result


Fields = Mapping[str, tuple[type | tuple[type, ...], bool]]


def check(data: Any, fields: Fields) -> dict[str, Any]:
    """A request's fields (a JSON body, or a Socket.IO event's data) checked against {name: (types, required)}: not
    a JSON object, unknown keys, wrong types, over-long strings and out-of-range numbers are refused (400
    bad_request, saying which). The JSON API's routes and the sockets' commands share it."""
    if not isinstance(data, dict):
        raise ServiceError("bad_request", detail="body must be a JSON object")
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise ServiceError("bad_request", detail=f"unknown field(s): {', '.join(map(str, unknown))}")
    for name, (types, required) in fields.items():
        if name not in data:
            if required:
                raise ServiceError("bad_request", detail=f"missing field: {name}")
            continue
        value = data[name]
        if isinstance(value, bool) and bool not in (types if isinstance(types, tuple) else (types,)):
            raise ServiceError("bad_request", detail=f"wrong type for {name}")
        if not isinstance(value, types):
            raise ServiceError("bad_request", detail=f"wrong type for {name}")
        if isinstance(value, str) and len(value) > 200:
            raise ServiceError("bad_request", detail=f"{name} is too long")
        if isinstance(value, int) and not -(2**63) <= value < 2**63:
            raise ServiceError("bad_request", detail=f"{name} is out of range")
    return data


def storage_refusal(exc: sqlite3.OperationalError) -> ServiceError | None:
    """What a client is told when storage fails: 503 storage_busy while another program holds the write lock;
    503 storage_unavailable, and the dashboard's storage alarm, on a full disk or a read-only database; None
    for anything else (a bug: 500)."""
    if is_busy(exc):
        log.warning("storage busy: %s", exc)
        return ServiceError("storage_busy", 503)
    text = str(exc).lower()
    if any(sign in text for sign in ("readonly", "read-only", "disk is full", "disk i/o")):
        hub().alarms["storage"] = str(exc)
        log.error("storage problem: %s", exc)
        return ServiceError("storage_unavailable", 503, detail=str(exc))
    return None


def count_issue(device: Any) -> None:
    """One more ticket against the flood limit: per paired kiosk, else per address (staff, demo clients)."""
    key = f"device:{device.id}" if device is not None and device.id is not None else request.remote_addr or "?"
    current_app.extensions["xephang_issue_limit"].hit(key)


def request_key(request_id: Any, device: Any, user_id: int | None = None) -> str | None:
    """A kiosk's request_id (a resent tap is one ticket), made its own: the same id from another kiosk, staff
    member or address is another request, never a way to read someone else's ticket and token."""
    if request_id is None:
        return None
    if not isinstance(request_id, str) or not 8 <= len(request_id) <= 64:
        raise ServiceError("bad_request", detail="request_id must be 8 to 64 characters")
    if device is not None and device.id is not None:
        owner = f"device:{device.id}"
    elif user_id is not None:
        owner = f"user:{user_id}"
    else:  # a demo kiosk on this machine, unpaired
        owner = f"address:{request.remote_addr}"
    return f"{owner} {request_id}"


def language() -> str:
    try:
        return pick_language(request.args.get("lang"), request.headers.get("Accept-Language"))
    except RuntimeError:  # outside a request
        return "vi"


def error_body(code: str, **params: Any) -> dict[str, Any]:
    lang = language()
    if isinstance(params.get("fields"), dict):  # per-field messages, said in the request's language
        params["fields"] = {name: said_in(text, lang) for name, text in params["fields"].items()}
        params.setdefault("detail", "; ".join(f"{name}: {text}" for name, text in params["fields"].items()))
    body = {"error": code, "message": t(f"error.{code}", lang, **params)}
    for extra in ("fields", "rejected", "retry_after_s"):  # per-field messages; an upload's rejected lines; waits
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
    return PrintRequest(kiosk=kiosk, lang=lang if lang in ("vi", "en") else "vi", base_url=phone_url())


def phone_url() -> str:
    """Where a citizen's phone reaches this server: `public_url`, else the address this request came to, a
    loopback one replaced by the LAN address (server.lan)."""
    from server import lan

    return lan.phone_base(request.host_url, hub().settings["public_url"], lan.lan_address())
