"""The `xephang` command; `serve` is the one entry point that patches for eventlet, before anything else.

Only the standard library and `server.settings` (itself stdlib-only) are imported at the top of this
module, so that in eventlet mode `eventlet.monkey_patch()` runs before Flask, Socket.IO or sqlite are
loaded. No other module calls monkey_patch (a test holds that line).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import getpass
import os
import sys
from typing import TYPE_CHECKING, Any

from server import serving
from server import settings as settings_mod

if TYPE_CHECKING:  # typing only: nothing but the standard library is imported before eventlet patches
    from server.hub import Hub


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", dest="data_dir", help="data folder (setting data_dir, env XEPHANG_DATA)")
    parser.add_argument("--config", help="TOML settings file (env XEPHANG_CONFIG)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="xephang", description="XếpHàng queue-ticket system")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the server (API, screens, Socket.IO)")
    _common(serve)
    serve.add_argument("--host", help="listen address (env HOST)")
    serve.add_argument("--port", type=int, help="listen port (env PORT)")
    serve.add_argument("--async-mode", choices=["eventlet", "threading"], help="server mode")
    serve.add_argument("--demo", action="store_true", default=None, help="demo centre with demo accounts")

    init = sub.add_parser("init", help="create or migrate the database and fill the default fields")
    _common(init)
    init.add_argument("--demo", action="store_true", default=None, help="also add the demo centre")

    user = sub.add_parser("create-user", help="add a clerk, manager or admin account")
    _common(user)
    user.add_argument("username")
    user.add_argument("--role", choices=["clerk", "manager", "admin"], default="clerk")
    user.add_argument("--full-name", default="")
    user.add_argument("--password-stdin", action="store_true", help="read the password from standard input")

    agent = sub.add_parser("print-agent", help="drive this kiosk PC's printer for a server elsewhere")
    agent.add_argument("--server", required=True, help="the server's URL, e.g. http://192.168.1.10:8080")
    agent.add_argument("--printer", required=True, help="printer URL, e.g. usb://04b8:0202 or serial:///dev/ttyUSB0")
    agent.add_argument("--kiosk", default="main", help="the kiosk name this printer serves (default main)")
    agent.add_argument(
        "--key", default=os.environ.get("XEPHANG_AGENT_KEY", ""), help="the server's agent_key (env XEPHANG_AGENT_KEY)"
    )
    agent.add_argument(
        "--pair",
        action="store_true",
        help="pair as a kiosk device instead of using a key: shows a code to confirm in /admin",
    )
    agent.add_argument(
        "--token-file",
        default=os.path.expanduser("~/.config/xephang/agent.token"),
        help="where --pair keeps this PC's device token (default ~/.config/xephang/agent.token)",
    )

    test = sub.add_parser("print-test", help="print a sample ticket so a technician can check a printer")
    test.add_argument("--printer", required=True, help="printer URL (see docs/printing.md)")
    test.add_argument("--lang", choices=["vi", "en"], default="vi")

    backup = sub.add_parser("backup", help="take an online backup now (safe while the server runs)")
    _common(backup)
    restore = sub.add_parser("restore", help="put a backup back in place (stop the server first)")
    _common(restore)
    restore.add_argument("file", help="the backup file, e.g. var/backups/xephang-20261123-120000.db")

    token = sub.add_parser("create-token", help="create an integration token for the one-stop software (shown once)")
    _common(token)
    token.add_argument("name", help="who will use it, e.g. 'Một cửa tỉnh'")
    token.add_argument(
        "--scope",
        action="append",
        required=True,
        choices=["tickets:read", "ratings:read", "dossiers:write"],
        help="what it may do; repeat for several",
    )
    revoke = sub.add_parser("revoke-token", help="revoke an integration token: it stops working at once")
    _common(revoke)
    revoke.add_argument("id", type=int, help="the token's number, as create-token printed it or /admin lists it")

    listing = sub.add_parser("settings", help="list every setting with its default, environment variable and help")
    listing.add_argument("--markdown", action="store_true", help="print docs/settings.md")
    return parser


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    names = ("data_dir", "host", "port", "async_mode", "demo")
    return {n: getattr(args, n) for n in names if getattr(args, n, None) is not None}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "config", None):
        os.environ["XEPHANG_CONFIG"] = args.config
    try:
        if args.command == "serve":
            return serve(_overrides(args))
        if args.command == "init":
            return init(_overrides(args))
        if args.command == "create-user":
            return create_user(args)
        if args.command == "print-agent":
            return print_agent(args)
        if args.command == "print-test":
            return print_test(args)
        if args.command == "backup":
            return backup_now(_overrides(args))
        if args.command == "restore":
            return restore_backup(_overrides(args), args.file)
        if args.command in ("create-token", "revoke-token"):
            return token_command(args)
        return print_settings(markdown=args.markdown)
    except settings_mod.SettingsError as exc:
        print(f"xephang: {exc}", file=sys.stderr)
        return 2


def unwritable(data_dir: str) -> str | None:
    """Why the server cannot keep its data in `data_dir`, in one line; None when it can."""
    folder = os.path.abspath(data_dir)
    try:
        os.makedirs(folder, exist_ok=True)
        probe = os.path.join(folder, f".write-test-{os.getpid()}")
        with open(probe, "w") as fh:
            fh.write("ok")
        os.remove(probe)
        for name in ("xephang.db", "xephang.db-wal", "xephang.db-shm", "secret_key"):
            path = os.path.join(folder, name)
            if os.path.exists(path) and not os.access(path, os.W_OK):
                raise PermissionError(13, "Permission denied", path)
    except OSError as exc:
        return (
            f"cannot write to the data folder {folder} ({exc.strerror or exc}): the server keeps its database "
            "there; give the service's user write access, or set data_dir to a writable folder"
        )
    return None


def serve(overrides: dict[str, Any]) -> int:
    conf = settings_mod.load(overrides=overrides)
    problem = unwritable(conf["data_dir"])
    if problem:
        print(f"xephang: {problem}", file=sys.stderr)
        return 2
    wanted = conf["max_connections"] + serving.FILES_PER_CONNECTION_MARGIN
    limit = serving.raise_open_files(wanted)
    if limit < wanted:
        print(
            f"xephang: the open-file limit is {limit}, below the {wanted} that max_connections needs: raise it "
            "(LimitNOFILE= in the systemd unit) or lower max_connections",
            file=sys.stderr,
            flush=True,
        )
    if conf["async_mode"] == "eventlet":
        import warnings

        with warnings.catch_warnings():  # its deprecation notice is known: see docs/deployment.md
            warnings.simplefilter("ignore")
            import eventlet
        eventlet.monkey_patch()
    from server.app import create_app

    app = create_app(overrides)
    if conf["async_mode"] == "eventlet":
        from eventlet import tpool

        app.extensions["xephang"].offload = tpool.execute  # commits' fsync and printing never stall the event loop
    app.extensions["xephang"].crunch = _background_pool(conf["async_mode"])
    app.extensions["xephang"].checkpoint_off_the_loop()
    socketio = app.extensions["xephang"].socketio
    print(banner(app, conf["host"], conf["port"]), flush=True)
    _tune_the_garbage_collector()  # before the workers and loops start: what they hold in flight is not start-up's
    app.extensions["xephang"].printing.start()
    app.extensions["xephang"].webhooks.start()
    socketio.start_background_task(_backup_loop, app, overrides)
    socketio.start_background_task(_rollover_loop, app)
    socketio.start_background_task(_checkpoint_loop, app)
    socketio.start_background_task(_prepare_voice, app.extensions["xephang"].settings["data_dir"])  # absolute
    if conf["async_mode"] == "eventlet":
        serve_eventlet(app, conf["host"], conf["port"], serving.server_options(conf))
    else:
        socketio.run(app, host=conf["host"], port=conf["port"], log_output=False, **serving.server_options(conf))
    return 0


# A full collection after this many collections of the middle generation (Python's default: 10).
FULL_COLLECTION_EVERY = 100
# One full collection in this many thaws what the others froze and scans it all
# (_freeze_what_outlives_a_full_collection).
RESCAN_EVERY = 30


def serve_eventlet(app: Any, host: str, port: int, options: dict[str, Any]) -> None:
    """Flask-SocketIO's eventlet server (`socketio.run`), on a listening socket with TCP_NODELAY set, which the
    connections it accepts inherit (Linux). A workstation's press over its websocket is answered by a small frame
    written right after the change notices' frames; with Nagle's algorithm on, that answer waited for the client
    to acknowledge the notices — up to its delayed-ACK timer, 40 ms — and twenty clerks pressing over their
    sockets made 174 calls a second instead of 268 (docs/performance.md, session 20)."""
    import eventlet.wsgi

    eventlet.wsgi.server(listen_without_delay(host, port), app, log_output=False, **options)


def listen_without_delay(host: str, port: int) -> Any:
    """An eventlet listening socket on (host, port) whose accepted connections send small writes at once."""
    import socket

    import eventlet

    family, _, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    listener = eventlet.listen(address, family)
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return listener


def _tune_the_garbage_collector() -> None:
    """What start-up made — modules, classes, the app, about 93,000 objects — lives as long as the process: frozen
    (`gc.freeze`), the garbage collector no longer scans it, so that a full collection scans only what serving made.
    With 700 screens connected one took 80–121 ms, holding the event loop and every call in flight; without the
    start-up objects, 39–57 ms (docs/performance.md, session 9). A frozen object is still freed when nothing refers
    to it; a reference cycle among frozen objects waits for a rescan (below).

    The 700 screens' own objects (about 110,000) still made a full collection 55–91 ms, and Python's default ran
    one every 6 s in a provincial hall calling five times a second: each held the call in flight. After 100
    collections of the middle generation instead of 10, about once a minute (session 15); and what outlives a full
    collection is frozen in its turn (session 16), so the next ones scan only what came since. Serving makes few
    reference cycles (none of a Socket.IO event's request since session 15: server/app.py; none of a screen that
    connects and leaves, measured in session 16). (Python 3.11's collector; 3.13's counts differently.)"""
    gc.collect()
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_EVERY)
    if _freeze_what_outlives_a_full_collection not in gc.callbacks:
        gc.callbacks.append(_freeze_what_outlives_a_full_collection)


_rescans = {"since": 0, "next": False}  # full collections since the last rescan; a rescan asked for


def _freeze_what_outlives_a_full_collection(phase: str, info: dict[str, int]) -> None:
    """(A `gc.callbacks` hook of the serving process.) What a full collection leaves is mostly the hall's
    long-lived state — the screens' sockets and green threads, the clerks' sessions, the caches — and whatever was in
    flight at that moment: frozen, so that the next full collection scans only what came after it.

    Every `RESCAN_EVERY`-th full collection, and the one `collect_everything` asks for (the night's day close),
    first thaws everything, start-up's objects too, and scans it all (with 700 screens about 200,000 objects: the
    80–121 ms of session 9, once where there were thirty pauses of 55–91 ms). A reference cycle among frozen objects
    that nothing uses any more is freed then. The thaw runs inside the collection (Python runs one collection at a
    time, its callbacks included), so no other thread's collection can come between the thaw and the scan."""
    if info["generation"] != 2:
        return
    if phase == "start":
        _rescans["since"] += 1
        if _rescans["next"] or _rescans["since"] >= RESCAN_EVERY:
            _rescans.update(since=0, next=False)
            gc.unfreeze()  # this collection scans everything; what it leaves is frozen again at its stop
    else:
        gc.freeze()


def collect_everything() -> None:
    """A full collection of every object, the frozen ones too. When serving, the hook thaws them inside the
    collection (a thaw before it would leave a moment in which another thread's collection freezes them again, or
    a reader sees nothing frozen); if one is running (Python then skips this one), the next full collection is the
    rescan."""
    if _freeze_what_outlives_a_full_collection in gc.callbacks:
        _rescans["next"] = True
    else:
        gc.unfreeze()
    gc.collect()


def _rollover_loop(app: Any) -> None:
    """At local midnight, close the day (docs/architecture.md, "The day close") and tell every screen to re-read
    its state: yesterday's line is history. At start-up the close catches up on the days the server was off.

    At start-up and after each midnight, the closed days get their report summaries, in a child process.
    """
    from server.core.numbering import seconds_to_midnight

    hub = app.extensions["xephang"]
    with app.app_context():
        close_day(hub)
    while True:
        summarise_closed_days(hub)
        hub.socketio.sleep(seconds_to_midnight(hub.env.clock(), hub.env.tz) + 1)
        with app.app_context():
            close_day(hub)
            announce_new_day(hub)


def close_day(hub: Hub) -> None:
    """End the tickets still open from earlier days and close counters left open, then tell the screens."""
    from server.dispatch import dispatch
    from server.services.day_close import close_days

    db = hub.connect()
    try:
        closed, events = close_days(db, hub.env)
        dispatch(hub, db, events)
    except Exception as exc:  # the loop must live on: the next start-up or midnight closes what is left
        print(f"day close failed: {exc!r}", file=sys.stderr, flush=True)
        return
    finally:
        db.close()
    if closed.expired or closed.counters:
        print(
            f"day close: {len(closed.expired)} tickets unfinished, counters closed: {list(closed.counters)}", flush=True
        )
    collect_everything()  # at midnight the hall is empty; at start-up serving has made little yet


def summarise_closed_days(hub: Hub) -> None:
    import subprocess

    result = subprocess.run(
        [sys.executable, "-m", "server.reports", "--summarise", hub.db_path, hub.env.tz, hub.env.today()],
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if result.returncode != 0:
        print(f"report summaries failed: {result.stderr.strip()[-300:]}", file=sys.stderr, flush=True)


def announce_new_day(hub: Hub) -> None:
    from server.dispatch import dispatch
    from server.services.base import Event

    db = hub.connect()
    try:
        dispatch(hub, db, [Event("config_changed", {"what": "day"})])
    finally:
        db.close()


def _background_pool(async_mode: str) -> Any:
    """Password hashes on two real threads at the lowest CPU priority (server/background.py); under eventlet the
    unpatched threading and queue, waited for through its thread pool."""
    from server.background import BackgroundPool

    if async_mode != "eventlet":
        return BackgroundPool(2)
    from eventlet import patcher, tpool

    return BackgroundPool(
        2, threading=patcher.original("threading"), queue=patcher.original("queue"), wait=tpool.execute
    )


CHECKPOINT_EVERY_S = 1.0


def _checkpoint_loop(app: Any) -> None:
    """Every second, the WAL copied back into the database off the event loop (`store.db.Checkpointer`, through
    the hub's `offload`: a native thread under eventlet) rather than inside a request's commit. It takes the
    process's writer turn, as SQLite's own checkpoint does: beside the commits, its sync of the database made
    theirs slower (issuing and call-next lost a tenth of their rate)."""
    from server.store.db import Checkpointer

    hub = app.extensions["xephang"]
    wal = Checkpointer(hub.db_path)
    last_error = ""
    while True:
        hub.socketio.sleep(CHECKPOINT_EVERY_S)
        try:
            if wal.due():
                # This process's commits wait, as for SQLite's own checkpoint (all else goes on); a shared
                # transaction being made is committed first, never put off round after round.
                with hub.group.quiet(hub.writers, CHECKPOINT_EVERY_S) as quiet:
                    if quiet:
                        hub.offload(wal.run)
            error = ""
        except Exception as exc:  # noqa: BLE001 - a full disk, a bug: tried again in a second, the loop never ends
            error = f"{type(exc).__name__}: {exc}"
        if error != last_error:  # said once when it starts failing, once when it works again
            print(f"checkpoint: {error or 'copying the WAL back again'}", flush=True)
            last_error = error


def _backup_loop(app: Any, overrides: dict[str, Any]) -> None:
    """Every `backup_every_hours`, an online backup in a child process; a failure becomes a visible alarm."""
    import subprocess

    hub = app.extensions["xephang"]
    hours = float(hub.settings["backup_every_hours"])
    if hours <= 0:
        return
    args = [sys.executable, "-m", "server.cli", "backup", "--data", hub.settings["data_dir"]]
    while True:
        hub.socketio.sleep(hours * 3600)
        try:
            result = subprocess.run(args, capture_output=True, text=True, timeout=3600)
            failed = "" if result.returncode == 0 else (result.stderr or result.stdout).strip()[-300:]
        except (OSError, subprocess.TimeoutExpired) as exc:  # the loop goes on: the next backup is still taken
            failed = f"{type(exc).__name__}: {exc}"[-300:]
        if not failed:
            hub.alarms.pop("backup", None)
        else:
            hub.alarms["backup"] = failed
            print(f"backup failed: {failed}", flush=True)


def _prepare_voice(data_dir: str) -> None:
    """At start, make the default clips if any is missing (the display speaks once they exist)."""
    from display.views import ensure_default_clips
    from display.voice import VoiceError

    try:
        made = ensure_default_clips(data_dir)
        if made:
            print(f"voice: generated {len(made)} clips in {data_dir}/voice-default", flush=True)
    except (VoiceError, OSError) as exc:
        print(f"voice: {exc}", flush=True)


def banner(app: Any, host: str, port: int) -> str:
    from server.i18n import t

    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    base = f"http://{shown}:{port}"
    conf = app.extensions["xephang"].settings
    lines = [
        f"XếpHàng — {base}/  (mode: {conf['async_mode']}, data: {conf['data_dir']})",
        f"{t('cli.screens', 'vi')} / {t('cli.screens', 'en')}:",
        f"  {'Trang chủ / Home':<44} {base}/",
    ]
    for name, path in app.config.get("SCREENS", []):
        lines.append(f"  {t(name, 'vi') + ' / ' + t(name, 'en'):<44} {base}{path}")
    lines += [
        f"  {'Trạng thái / Live state (JSON)':<44} {base}/api/state",
        f"  {'API (OpenAPI)':<44} {base}/api/openapi.json",
    ]
    if host in ("0.0.0.0", "::"):
        lines.append("  (listening on every interface: use this machine's LAN address from other devices)")
    lines.append(phone_line(conf["public_url"], host, port, conf["behind_proxy"]))
    pairing = "cli.pairing_demo" if conf["demo"] else "cli.pairing"
    lines += [t(pairing, "vi"), t(pairing, "en")]
    accounts = app.config.get("DEMO_ACCOUNTS") or []
    if accounts:
        lines += ["", "!" * 78, t("cli.demo_warning", "vi"), t("cli.demo_warning", "en")]
        lines += [f"  {user:<10} / {password:<8} ({role})" for user, password, role in accounts]
        lines.append("!" * 78)
    return "\n".join(lines)


def phone_line(public_url: str, host: str, port: int, behind_proxy: bool = False) -> str:
    """Where the QR on tickets sends citizens' phones, said at start-up (server.lan decides it per request)."""
    from server import lan
    from server.i18n import t

    listened = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"
    base = lan.phone_base(listened, public_url, lan.lan_address())
    label = f"{t('cli.phones', 'vi') + ' / ' + t('cli.phones', 'en'):<44}"
    if behind_proxy and not public_url:  # the proxy's address (and port), which the kiosk opens: not known here
        return f"  {label} {t('cli.phones_proxy', 'vi')} / {t('cli.phones_proxy', 'en')}"
    if lan.is_loopback(base) or not lan.served_to_phones(host, public_url, behind_proxy):
        return t("cli.phones_unreachable", "vi", url=base) + "\n" + t("cli.phones_unreachable", "en", url=base)
    return f"  {label} {base}/t/…"


def init(overrides: dict[str, Any]) -> int:
    from server.app import create_app

    problem = unwritable(settings_mod.load(overrides=overrides)["data_dir"])
    if problem:
        print(f"xephang: {problem}", file=sys.stderr)
        return 2
    app = create_app(overrides)
    print(f"database ready: {app.extensions['xephang'].db_path}")
    return 0


def create_user(args: argparse.Namespace) -> int:
    from server.app import create_app
    from server.services.logins import create_user as create

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Mật khẩu / Password: ")
        if password != getpass.getpass("Nhập lại / Repeat: "):
            print("xephang: passwords differ", file=sys.stderr)
            return 2
    if len(password) < 8:
        print("xephang: password must have at least 8 characters", file=sys.stderr)
        return 2
    app = create_app(_overrides(args))
    db = app.extensions["xephang"].connect()
    try:
        if db.execute("SELECT 1 FROM users WHERE username = ?", [args.username]).fetchone():
            print(f"xephang: user {args.username} exists", file=sys.stderr)
            return 2
        create(db, args.username, password, args.role, args.full_name)
    finally:
        db.close()
    print(f"created {args.role} {args.username}")
    return 0


def token_command(args: argparse.Namespace) -> int:
    """create-token prints the token once (only its hash is kept); revoke-token stops one at once. Audited."""
    from server.app import create_app
    from server.services import integration
    from server.services.base import ServiceError

    hub = create_app(_overrides(args)).extensions["xephang"]
    db = hub.connect()
    try:
        if args.command == "create-token":
            token, hashed = integration.new_token()
            row, _ = integration.create_token(db, hub.env, None, args.name, args.scope, hashed, by="cli")
            print(f"token {row['id']} '{row['name']}' ({', '.join(row['scopes'])}); shown only now, keep it safe:")
            print(token)
        else:
            row, _ = integration.revoke_token(db, hub.env, None, args.id, by="cli")
            print(f"token {row['id']} '{row['name']}' revoked")
    except ServiceError as exc:
        print(f"xephang: {exc.code} {exc.params}", file=sys.stderr)
        return 2
    finally:
        db.close()
    return 0


def print_agent(args: argparse.Namespace) -> int:
    import logging

    from printer.agent import PrintAgent, pair

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    token = (
        pair(args.server, args.kiosk, args.token_file, say=lambda text: print(text, flush=True)) if args.pair else ""
    )
    agent = PrintAgent(args.server, args.printer, kiosk=args.kiosk, key=args.key, device_token=token)
    print(f"print agent: kiosk {args.kiosk}, printer {args.printer}, server {args.server}", flush=True)
    agent.run_forever()
    return 0


def print_test(args: argparse.Namespace) -> int:
    """Status, then a sample ticket, then the outcome; exit 1 when the printer did not print."""
    import time

    from printer.layout import render_ticket
    from printer.transports import PrinterError, SerialTransport, from_url, url_options
    from server.i18n import CATALOG, t
    from server.services.print_jobs import sample_text

    lang = args.lang
    try:
        transport = from_url(args.printer, data_dir=os.getcwd())
    except ValueError as exc:
        print(f"xephang: {exc}", file=sys.stderr)
        return 2

    asked = url_options(args.printer).get("status") != "none"

    def state_text(state: str) -> str:
        return t("counter.printer." + state, lang) if "counter.printer." + state in CATALOG else state

    data = render_ticket(sample_text(lang), transport.profile)
    line = t("printtest.sending", lang, size=len(data), profile=transport.profile.name)
    if isinstance(transport, SerialTransport):
        line += t(
            "printtest.line_time", lang, seconds=f"{len(data) * 10 / transport.baudrate:.1f}", baud=transport.baudrate
        )
    print(
        t(
            "printtest.status_before",
            lang,
            state=state_text(transport.status()) if asked else t("printtest.not_asked", lang),
        )
    )
    print(line, flush=True)
    started = time.monotonic()
    try:
        state = transport.print_job(data, name="print-test")
    except PrinterError as exc:
        technical = exc.detail and not transport.unanswered  # no answer: said in the next line, translated
        reason = f"{state_text(exc.state)} ({exc.detail})" if technical else state_text(exc.state)
        print(t("printtest.not_printed", lang, reason=reason), file=sys.stderr)
        if transport.unanswered:
            url = args.printer + ("&" if "?" in args.printer else "?") + "status=none"
            print(t("printtest.no_status_answer", lang, url=url), file=sys.stderr)
        return 1
    finally:
        transport.close()
    print(
        t(
            "printtest.printed",
            lang,
            seconds=f"{time.monotonic() - started:.1f}",
            state=state_text(state) if asked else t("printtest.not_asked", lang),
        )
    )
    return 0


def _backup_target(conf: dict[str, Any]) -> str:
    return conf["backup_dir"] or os.path.join(os.path.abspath(conf["data_dir"]), "backups")


def backup_now(overrides: dict[str, Any]) -> int:
    import time

    from server.backup import BackupError, make_backup, prune

    conf = settings_mod.load(overrides=overrides)
    db_path = os.path.join(os.path.abspath(conf["data_dir"]), "xephang.db")
    if not os.path.exists(db_path):
        print(f"xephang: no database at {db_path}", file=sys.stderr)
        return 2
    with contextlib.suppress(AttributeError, OSError):  # the hall's requests first: a backup can wait
        os.nice(19)
    try:
        path = make_backup(db_path, _backup_target(conf), time.time(), conf["timezone"])
    except BackupError as exc:
        print(f"xephang: {exc}", file=sys.stderr)
        return 1
    removed = prune(_backup_target(conf), conf["backup_keep_days"], time.time())
    print(f"backup written: {path} ({os.path.getsize(path)} bytes); {len(removed)} old backups removed")
    return 0


def restore_backup(overrides: dict[str, Any], file: str) -> int:
    from server.backup import BackupError, restore

    conf = settings_mod.load(overrides=overrides)
    db_path = os.path.join(os.path.abspath(conf["data_dir"]), "xephang.db")
    try:
        aside = restore(file, db_path)
    except BackupError as exc:
        print(f"xephang: {exc}", file=sys.stderr)
        return 1
    print(f"restored {file} into {db_path}; the previous database is kept as {aside}")
    return 0


def print_settings(markdown: bool = False) -> int:
    if markdown:
        from server.options import settings_markdown

        print(settings_markdown(), end="")
        return 0
    for s in settings_mod.SETTINGS:
        aliases = "".join(f", {a}" for a in s.env_aliases)
        print(f"{s.name} (env {s.env}{aliases}; default {s.default!r})\n    {s.help}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
