"""Paired devices: kiosks, wall displays and rating tablets, each allowed to do only its own job.

A device that has no token asks to pair (`POST /api/devices/pair`) and shows the six-digit code it gets; a
manager types that code in /admin → Devices, names the device and confirms what it is for (which printer,
display group or counter). From then on the device's token — kept in its browser, sent as `X-Device-Token`
and as `auth.device` on Socket.IO — lets a kiosk issue tickets, a display receive calls for its group and a
tablet rate service at its one counter, and nothing else. The server keeps only a hash of each token. A
manager can revoke a device: its sockets are dropped and its token stops working at once. In demo mode a
device on 127.0.0.1 is paired at once, and a local client with no token is taken as paired.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from server.i18n import Said
from server.services.base import Actor, Env, Event, Invalid, ServiceError, not_found, write_audit
from server.store.db import immediate

KINDS = ("kiosk", "display", "rating")
CODE_TTL_S = 30 * 60  # a code not confirmed within half an hour is dropped; the device asks again
LOCAL = ("127.0.0.1", "::1")
_NAME = re.compile(r"[A-Za-z0-9_-]{1,40}")


@dataclass(frozen=True)
class Device:
    """Who is on the other end of a device request: `id` None for a demo-mode local client."""

    id: int | None
    kind: str
    config: dict[str, Any]

    def printer(self, asked: Any) -> Any:
        """The kiosk whose printer a ticket goes to: the paired one's own, or what a local demo client asks."""
        return self.config.get("kiosk", asked)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_config(db: Database, kind: Any, config: Any) -> dict[str, Any]:
    """The job of a device of `kind`, checked: {"kiosk": name}, {"group": name or "*"} or {"counter": n}."""
    if kind not in KINDS:
        raise Invalid({"kind": Said("option.check.one_of", choices=", ".join(KINDS))})
    config = config if isinstance(config, dict) else {}
    if kind == "kiosk":
        name = config.get("kiosk", "main")
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            raise Invalid({"kiosk": Said("admin.check.kiosk_name")})
        # The print agent pairs as its kiosk, and says so: the admin's list tells it from the kiosk's screen.
        return {"kiosk": name, "agent": True} if config.get("agent") is True else {"kiosk": name}
    if kind == "display":
        group = config.get("group") or "*"
        if not isinstance(group, str) or not (group == "*" or _NAME.fullmatch(group)):
            raise Invalid({"group": Said("admin.check.display_group_or_all")})
        return {"group": group}
    number = config.get("counter")
    if (
        isinstance(number, bool)
        or not isinstance(number, int)
        or db.execute("SELECT 1 FROM counters WHERE number = ?", [number]).fetchone() is None
    ):
        raise Invalid({"counter": Said("admin.check.existing_counter")})
    return {"counter": number}


def _audited(row: dict[str, Any] | None) -> dict[str, Any] | None:
    """A device as the audit log keeps it (never the token hash)."""
    if row is None:
        return None
    return {k: (json.loads(v) if k == "config" else v) for k, v in row.items() if k != "token_hash"}


def _row(db: Database, device_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM devices WHERE id = ?", [device_id]))
    return rows[0] if rows else None


def request_pairing(
    db: Database, env: Env, kind: Any, config: Any, address: str, auto: bool
) -> tuple[dict[str, Any], list[Event]]:
    """A new device asks to pair: its token (shown once) and the code to show; active at once if `auto`."""
    at, token = env.clock(), secrets.token_urlsafe(32)
    with immediate(db):
        config = check_config(db, kind, config)
        db.execute("DELETE FROM devices WHERE status = 'pending' AND created_at < ?", [at - CODE_TTL_S])
        taken = {c for (c,) in db.execute("SELECT code FROM devices WHERE status = 'pending'").fetchall()}
        code = f"{secrets.randbelow(10**6):06d}"
        while code in taken:
            code = f"{secrets.randbelow(10**6):06d}"
        status = "active" if auto else "pending"
        cursor = db.execute(
            "INSERT INTO devices (kind, name, config, token_hash, code, status, address, created_at, paired_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                kind,
                f"{kind} {address}",
                json.dumps(config),
                _hash(token),
                None if auto else code,
                status,
                address,
                at,
                at if auto else None,
            ],
        )
    events = [] if auto else [Event("devices_changed", {})]
    return {
        "id": cursor.lastrowid,
        "token": token,
        "code": None if auto else code,
        "status": status,
        "kind": kind,
        "config": config,
    }, events


def by_token(db: Database, token: Any) -> dict[str, Any] | None:
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        return None
    rows = list(db.query("SELECT * FROM devices WHERE token_hash = ?", [_hash(token)]))
    return rows[0] if rows else None


def authorize(db: Database, kind: str, token: Any, address: str | None, demo: bool) -> Device:
    """The device behind a request or socket, if it is an active device of `kind`; else 401 device_not_paired."""
    if token:
        row = by_token(db, token)
        if row is not None and row["status"] == "active" and row["kind"] == kind:
            return Device(row["id"], kind, json.loads(row["config"]))
    elif demo and address in LOCAL:
        return Device(None, kind, {})
    raise ServiceError("device_not_paired", 401)


def still_active(db: Database, device: Device) -> None:
    """Before each command: a device revoked since it connected is refused."""
    if (
        device.id is not None
        and db.execute("SELECT 1 FROM devices WHERE id = ? AND status = 'active'", [device.id]).fetchone() is None
    ):
        raise ServiceError("device_not_paired", 401)


SEEN_WAIT_S = 0.5  # a connecting screen does not wait long on a lock for this note


def seen(db: Database, device: Device, at: float) -> None:
    if device.id is not None:
        with immediate(db, wait_s=SEEN_WAIT_S):
            db.execute("UPDATE devices SET last_seen_at = ? WHERE id = ?", [at, device.id])


def confirm(db: Database, env: Env, actor: Actor, data: Any) -> tuple[dict[str, Any] | None, list[Event]]:
    """A manager types the code shown on a device, gives it a name and (optionally) corrects its job.
    Returns the device's row (payloads.device shapes it)."""
    at = env.clock()
    data = data if isinstance(data, dict) else {}
    code = re.sub(r"\s", "", str(data.get("code", "")))
    name = data.get("name")
    with immediate(db):
        rows = list(
            db.query(
                "SELECT * FROM devices WHERE status = 'pending' AND code = ? AND created_at >= ?",
                [code, at - CODE_TTL_S],
            )
        )
        errors: dict[str, str] = {}
        if not rows:
            errors["code"] = Said("admin.check.pairing_code")
        if name is not None and (not isinstance(name, str) or not 1 <= len(name.strip()) <= 60):
            errors["name"] = Said("admin.check.device_name")
        if errors:
            raise Invalid(errors)
        before = rows[0]
        config = check_config(db, before["kind"], data["config"]) if "config" in data else json.loads(before["config"])
        db.execute(
            "UPDATE devices SET status = 'active', code = NULL, name = ?, config = ?, paired_at = ?,"
            " paired_by = ? WHERE id = ?",
            [(name or before["name"]).strip(), json.dumps(config), at, actor.user_id, before["id"]],
        )
        after = _row(db, before["id"])
        write_audit(db, actor, "device.pair", str(before["id"]), _audited(before), _audited(after), at)
    return after, [Event("device_changed", {"device": before["id"], "status": "active"}), Event("devices_changed", {})]


def revoke(db: Database, env: Env, actor: Actor, device_id: int) -> tuple[dict[str, Any] | None, list[Event]]:
    at = env.clock()
    with immediate(db):
        before = _row(db, device_id)
        if before is None:
            raise not_found("unknown_device", device=device_id)
        db.execute("UPDATE devices SET status = 'revoked', code = NULL, revoked_at = ? WHERE id = ?", [at, device_id])
        after = _row(db, device_id)
        write_audit(db, actor, "device.revoke", str(device_id), _audited(before), _audited(after), at)
    return after, [Event("device_changed", {"device": device_id, "status": "revoked"}), Event("devices_changed", {})]


def status(db: Database, env: Env, token: Any) -> dict[str, Any]:
    """What a device learns about itself while it waits: pending (with its code), active or revoked."""
    row = by_token(db, token)
    if row is None or (row["status"] == "pending" and row["created_at"] < env.clock() - CODE_TTL_S):
        raise ServiceError("device_not_paired", 401)
    return {
        "id": row["id"],
        "kind": row["kind"],
        "name": row["name"],
        "status": row["status"],
        "code": row["code"],
        "config": json.loads(row["config"]),
    }


def listing(db: Database, env: Env) -> list[dict[str, Any]]:
    """Every device, the pending ones first (expired codes left out), then active, then revoked."""
    rows = db.query(
        "SELECT * FROM devices WHERE status != 'pending' OR created_at >= ?"
        " ORDER BY CASE status WHEN 'pending' THEN 0 WHEN 'active' THEN 1 ELSE 2 END, id",
        [env.clock() - CODE_TTL_S],
    )
    return list(rows)
