"""Deployment settings, each declared once with its default and help: defaults, then file, then env.

Standard library only: the entry point reads `async_mode` from here before eventlet patches anything.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(f"not a yes/no value: {value!r}")


def _choice(*choices: str) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = str(value).strip().lower()
        if text not in choices:
            raise ValueError(f"{value!r} is not one of {', '.join(choices)}")
        return text

    return parse


def _at_least(minimum: float) -> Callable[[Any], Any]:
    kind = int if isinstance(minimum, int) else float

    def parse(value: Any) -> Any:
        number = kind(value)
        if not number >= minimum:
            raise ValueError(f"{value!r} is below {minimum}")
        return number

    return parse


def _list(value: Any) -> list[str]:
    """A list from TOML, or comma-separated text from the environment."""
    items = value if isinstance(value, list) else str(value).split(",")
    return [str(item).strip() for item in items if str(item).strip()]


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    parse: Callable[[Any], Any] = str
    env_aliases: tuple[str, ...] = field(default=())

    @property
    def env(self) -> str:
        return "XEPHANG_" + self.name.upper()


SETTINGS: list[Setting] = [
    Setting(
        "data_dir", "var", "Folder for the database, secret key, ticket previews and backups.", str, ("XEPHANG_DATA",)
    ),
    Setting("host", "127.0.0.1", "Address to listen on; 0.0.0.0 to serve the hall's LAN.", str, ("HOST",)),
    Setting("port", 8080, "TCP port to listen on.", int, ("PORT",)),
    Setting(
        "async_mode",
        "eventlet",
        "Server mode: eventlet (production) or threading (no monkey-patching; tested alternative).",
        _choice("eventlet", "threading"),
    ),
    Setting(
        "max_connections",
        4000,
        "Most connections served at once (eventlet mode); each screen holds one or two. The open-file limit "
        "is raised to match at start.",
        _at_least(64),
    ),
    Setting(
        "threading_max_sockets",
        500,
        "Threading mode only: most screens (Socket.IO connections, a few threads each) held at once; a new one beyond "
        "it is answered 503 too_many_screens and tries again. Eventlet holds thousands: use it for more.",
        _at_least(1),
    ),
    Setting(
        "request_timeout_s",
        10.0,
        "Seconds a connection may stay silent before sending a request (new or kept alive) before it is "
        "closed: idle or stuck clients cannot lock others out.",
        _at_least(1.0),
    ),
    Setting(
        "socket_timeout_s",
        60.0,
        "Seconds any other read or write on a connection (headers, body, an open websocket) may stall; at "
        "least 50, as Socket.IO pings every 25 s and waits 20 s for the answer.",
        _at_least(50.0),
    ),
    Setting("timezone", "Asia/Ho_Chi_Minh", "Local time zone: numbers restart at its midnight.", str),
    Setting("demo", False, "Seed the demo commune centre and its demo accounts (never in production).", _bool),
    Setting("secret_key", "", "Key signing session cookies; empty = generated once into <data_dir>/secret_key.", str),
    Setting(
        "sqlite_synchronous",
        "full",
        "SQLite synchronous pragma: full = every acknowledged ticket survives power loss.",
        _choice("full", "normal"),
    ),
    Setting(
        "group_commit",
        "auto",
        "Writes that arrive together share one synced commit: auto = while they come in a burst (a busy hall: "
        "fewer commits, shorter waits, docs/performance.md) or the disk is slow (an SD card, an old or busy disk), in "
        "eventlet mode only (in threading mode a batch kept its writers waiting up to a second: auto never groups); "
        "always = every write, even alone (it then holds the write lock across a turn of the server); never.",
        _choice("auto", "always", "never"),
    ),
    Setting(
        "storage_busy_s",
        5.0,
        "Seconds a write waits for the database's write lock held by another program (a second server, a "
        "backup, a manual sqlite3 session) before the client gets 503 storage_busy; others are answered "
        "meanwhile.",
        float,
    ),
    Setting(
        "printer",
        "preview://tickets",
        "Ticket printer URL: preview://folder (relative to data_dir), usb://VID:PID, "
        "serial:///dev/ttyUSB0?baudrate=19200, tcp://HOST:9100, file:///dev/usb/lp0; add ?profile=58mm for "
        "58 mm paper. 'agent' = each kiosk's printer is driven by `xephang print-agent` on the kiosk PC.",
        str,
    ),
    Setting("print_attempts", 3, "Tries per ticket before it is shown as not printed (with a reprint button).", int),
    Setting("print_timeout_s", 10, "Seconds a printer may take for one ticket before the try counts as failed.", float),
    Setting(
        "public_url",
        "",
        "Base URL citizens' phones use for the QR status page (e.g. http://192.168.1.10:8080); "
        "empty = the address the kiosk itself used, a loopback one replaced by the server's LAN address.",
        str,
    ),
    Setting(
        "agent_key",
        "",
        "Shared key a print agent must present; empty = agents are accepted from this machine only (never with "
        "behind_proxy: then an agent needs this key or a pairing).",
        str,
    ),
    Setting("backup_every_hours", 6.0, "Take an online backup this often while serving (0 = only on demand).", float),
    Setting("backup_keep_days", 30, "Keep backups this many days (the newest is always kept).", int),
    Setting("backup_dir", "", "Where backups go; empty = <data_dir>/backups. Best on another disk.", str),
    Setting(
        "message_queue",
        "",
        "Message queue URL shared by several server processes (e.g. redis://127.0.0.1:6379/0) so that "
        "every process's screens get every event; empty = one process.",
        str,
    ),
    Setting(
        "kiosk_tickets_per_minute",
        30,
        "Most tickets one kiosk (one address) may issue in a minute: a stuck or abused kiosk cannot flood the queue.",
        int,
    ),
    Setting(
        "behind_proxy",
        False,
        "Trust one reverse proxy's X-Forwarded-For/-Proto/-Host (nginx in front), so limits and logs see "
        "the real device address.",
        _bool,
    ),
    Setting("max_body_bytes", 65536, "Largest request body accepted by the API, in bytes (uploads excepted).", int),
    Setting(
        "max_upload_bytes",
        5 * 1024 * 1024,
        "Largest file a manager may upload (the procedures list, .csv or .xlsx), in bytes.",
        int,
    ),
    Setting("session_hours", 12, "A login session expires after this many hours.", int),
    Setting(
        "webhook_urls",
        [],
        "Addresses of the one-stop software that receive events by POST (ticket.finished, rating.submitted, "
        "dossier.linked); several separated by commas in the environment. See docs/integration.md.",
        _list,
    ),
    Setting(
        "webhook_secret",
        "",
        "Key of the X-XepHang-Signature HMAC-SHA256 on every webhook body; set it when webhook_urls is set.",
        str,
    ),
    Setting(
        "webhook_retry_s",
        5.0,
        "Seconds before the first retry of a webhook that failed; it doubles up to webhook_retry_max_s.",
        float,
    ),
    Setting("webhook_retry_max_s", 600.0, "Longest wait between two tries of a webhook.", float),
    Setting("webhook_timeout_s", 10.0, "Seconds a webhook receiver may take to answer one delivery.", float),
    Setting(
        "webhook_alarm_s",
        300.0,
        "The live dashboard raises an alarm when a webhook event has waited longer than this.",
        float,
    ),
]

BY_NAME = {s.name: s for s in SETTINGS}


class SettingsError(ValueError):
    pass


def load(
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
    config_file: str | None = None,
) -> dict[str, Any]:
    """Resolve every setting: default, then the TOML file, then the environment, then `overrides`."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {s.name: s.default for s in SETTINGS}
    path = config_file or environ.get("XEPHANG_CONFIG")
    if path:
        try:
            with open(path, "rb") as fh:
                from_file = tomllib.load(fh)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(f"cannot read config file {path}: {exc}") from exc
        unknown = set(from_file) - set(BY_NAME)
        if unknown:
            raise SettingsError(f"unknown settings in {path}: {', '.join(sorted(unknown))}")
        values.update(from_file)
    for setting in SETTINGS:
        for var in (*setting.env_aliases, setting.env):  # the XEPHANG_ name wins over an alias
            if var in environ:
                values[setting.name] = environ[var]
    for name, value in (overrides or {}).items():
        if name not in BY_NAME:
            raise SettingsError(f"unknown setting {name!r}")
        if value is not None:
            values[name] = value
    for setting in SETTINGS:
        try:
            values[setting.name] = setting.parse(values[setting.name])
        except (TypeError, ValueError) as exc:
            raise SettingsError(f"setting {setting.name} ({setting.env}): {exc}") from exc
    return values
