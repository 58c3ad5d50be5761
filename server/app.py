"""create_app(): settings, database, Socket.IO, the API and every screen's blueprint and namespace."""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import sqlite3
import time
import zlib
from collections.abc import Callable
from typing import Any

from flask import Flask, abort, jsonify, request
from flask_socketio import SocketIO
from werkzeug.exceptions import HTTPException

from server import settings as settings_mod
from server.core.tickets import IllegalTransition
from server.hub import Hub
from server.print_agent import PrinterAgentNamespace
from server.print_worker import PrintWorker
from server.realtime import register_screen
from server.services.base import Env, ServiceError
from server.serving import SOCKET_PATH
from server.store.migrations import migrate
from server.web import IdConverter, JSONProvider, Sessions, close_db, error_body, error_response, storage_refusal
from server.webhooks import WebhookWorker

log = logging.getLogger("xephang")


def _secret_key(data_dir: str, configured: str) -> str:
    """The configured key, else one generated once and shared by every process on this data folder."""
    if configured:
        return configured
    path = os.path.join(data_dir, "secret_key")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    except FileExistsError:
        pass
    for _ in range(50):  # another process may have created it and not yet written it
        with open(path) as fh:
            key = fh.read().strip()
        if key:
            return key
        time.sleep(0.01)
    raise RuntimeError(f"empty secret key file {path}")


def prepare_database(hub: Hub) -> list[tuple[str, str, str]]:
    """Migrate, fill defaults on first run, and in demo mode add the demo centre. Returns demo accounts."""
    from server.services.seed import seed_defaults, seed_demo

    db = hub.connect()
    try:
        migrate(db, hub.settings["data_dir"])
        seed_defaults(db)
        return seed_demo(db) if hub.settings["demo"] else []
    finally:
        db.close()


def create_app(test_config: dict[str, Any] | None = None, *, clock: Callable[[], float] | None = None) -> Flask:
    conf = settings_mod.load(overrides=test_config)
    data_dir = os.path.abspath(conf["data_dir"])
    conf["data_dir"] = data_dir
    os.makedirs(data_dir, exist_ok=True)

    app = Flask(__name__)
    app.json = JSONProvider(app)  # a body nested too deep is bad JSON (400), never a crash
    app.url_map.converters["int"] = IdConverter  # before any route is added
    app.config.update(
        SECRET_KEY=_secret_key(data_dir, conf["secret_key"]),
        MAX_CONTENT_LENGTH=conf["max_body_bytes"],
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=conf["session_hours"]),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # The cookie only names a server-side session whose expiry is absolute (session_hours from login): it is
        # set at login and never re-signed on every answer.
        SESSION_REFRESH_EACH_REQUEST=False,
        JSON_AS_ASCII=False,
    )
    app.json.ensure_ascii = False
    hub = Hub(
        settings=conf,
        env=Env(clock=clock or time.time, tz=conf["timezone"]),
        db_path=os.path.join(data_dir, "xephang.db"),
    )
    app.extensions["xephang"] = hub
    app.config["DEMO_ACCOUNTS"] = prepare_database(hub)
    # Every screen's clock keeps the centre's time, whatever zone its device is set to (templates/_head.html).
    app.context_processor(lambda: {"centre_zone": hub.env.tz})

    from server import security
    from server.dispatch import Pacer
    from server.realtime import TextPacket

    hub.socketio = SocketIO(
        app,
        async_mode=conf["async_mode"],
        cors_allowed_origins=security.own_origins(conf),
        message_queue=conf["message_queue"] or None,
        channel=f"xephang-{zlib.crc32(data_dir.encode()):08x}",
        serializer=TextPacket,
        # Threading mode: a socket's events run in its own thread one after the other, not a new thread each (a
        # hundred workstations asking for their views after every call piled up 1,300 threads and stalled the hall).
        async_handlers=conf["async_mode"] != "threading",
    )  # one channel per centre
    app.session_interface = Sessions()  # a cookie verified once; a socket's events use the session it kept
    # Flask-SocketIO runs each Socket.IO event in a request context made from the socket's first request, on
    # /socket.io/. With no rule for that path werkzeug raised NotFound (WebsocketMismatch for a websocket) for every
    # event and kept it on the request; its traceback held the handler's frames, and the answer built in them, in a
    # reference cycle that only the garbage collector frees: 6,400 objects a second in a provincial hall, a full pass
    # every 5 s holding every call in flight 65–83 ms (docs/performance.md, session 15). The rules only name the path,
    # for a socket that starts by long-polling and for a websocket: Socket.IO's middleware answers it before Flask.
    for websocket in (False, True):  # (an endpoint without a dot: Flask would read "socket" as a blueprint)
        app.add_url_rule(f"{SOCKET_PATH}/", "socket_io", _not_served, strict_slashes=False, websocket=websocket)
    if conf["async_mode"] == "threading":  # a thread per open socket: a ceiling, not a slow hall
        from server.serving import SocketCeiling

        eio = hub.socketio.server.eio
        app.wsgi_app = SocketCeiling(  # type: ignore[method-assign]
            app.wsgi_app,
            lambda: sum(not s.closed for s in list(eio.sockets.values())),
            conf["threading_max_sockets"],
            session_cookie=app.config["SESSION_COOKIE_NAME"],
        )
    if conf["behind_proxy"]:  # around Socket.IO's middleware too: sockets see the device's address, not nginx's
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
    hub.printing = PrintWorker(hub)
    hub.pacer = Pacer(hub)
    hub.webhooks = WebhookWorker(hub)
    hub.socketio.on_namespace(PrinterAgentNamespace("/printer"))
    app.teardown_appcontext(close_db)
    _register_errors(app)
    security.install(app)
    app.extensions["xephang_issue_limit"] = security.RateLimit(conf["kiosk_tickets_per_minute"])
    app.extensions["xephang_pair_limit"] = security.RateLimit(10, code="too_many_requests")  # per address

    import counter
    import display
    import kiosk
    from admin.api import bp as admin_api_bp
    from admin.integration import bp as admin_integration_bp
    from admin.pages import AdminNamespace
    from admin.pages import bp as admin_pages_bp
    from admin.public import bp as public_bp
    from admin.reports import bp as reports_bp
    from server.api import bp as api_bp
    from server.integration_api import bp as integration_bp
    from server.pages import bp as pages_bp

    for blueprint in (
        api_bp,
        integration_bp,
        reports_bp,
        admin_api_bp,
        admin_integration_bp,
        admin_pages_bp,
        public_bp,
        pages_bp,
    ):
        app.register_blueprint(blueprint)
    for part in (kiosk, counter, display):
        part.register(app, hub.socketio)
    hub.socketio.on_namespace(AdminNamespace("/admin"))
    for name, path in (
        ("screen.admin", "/admin"),
        ("screen.live", "/admin/live"),
        ("screen.reports", "/admin/reports"),
        ("screen.public", "/cong-khai"),
    ):
        register_screen(app, name, path)
    return app


def _not_served() -> Any:
    """/socket.io/ as Flask would serve it (never: Socket.IO's middleware answers it first)."""
    abort(404)


def _register_errors(app: Flask) -> None:
    @app.errorhandler(ServiceError)
    def service_error(exc: ServiceError) -> Any:
        return error_response(exc.code, exc.http_status, **exc.params)

    @app.errorhandler(IllegalTransition)
    def illegal(exc: IllegalTransition) -> Any:
        return error_response("illegal_transition", 409, action=exc.action.value, status=exc.status.value)

    @app.errorhandler(sqlite3.OperationalError)
    def storage(exc: sqlite3.OperationalError) -> Any:
        """A busy, full or read-only database: say so clearly (503), raise the alarm, keep serving reads."""
        refusal = storage_refusal(exc)
        return service_error(refusal) if refusal else internal(exc)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Any:
        if not request.path.startswith("/api/"):
            return exc
        code = {404: "not_found", 405: "method_not_allowed", 413: "body_too_large"}.get(exc.code or 400, "bad_request")
        return jsonify(error_body(code, detail=exc.description)), exc.code

    @app.errorhandler(Exception)
    def internal(exc: Exception) -> Any:
        log.exception("unhandled error on %s %s", request.method, request.path)
        return jsonify(error_body("internal")), 500
