"""Managing the centre: fields, counters, staff, priority categories, options — validated, audited, live.

Each change is one transaction that also writes its audit row (who, what, when, before, after); the
returned `config_changed` event makes every screen re-read its snapshot at once. Bad input raises
`invalid` with a message per field and changes nothing. Nothing is ever deleted: fields, categories
and staff are deactivated, so their history stays.
"""

from __future__ import annotations

import json
import re
from typing import Any

from sqlite_utils import Database

from server.core.numbering import PREFIX_RE
from server.i18n import Said
from server.options import BY_NAME, DEFAULTS, load_options, sessions_problem
from server.services.base import Actor, Env, Event, Invalid, conflict, forbidden, not_found, write_audit
from server.services.logins import ROLES, end_sessions, hash_password, hashing
from server.store import repo
from server.store.db import immediate

DEFAULT_DISPLAY_GROUP = "main"  # a counter's group unless set (the schema's default too: migrations, counters)
ICONS = ("stamp", "family", "land", "hands", "house", "shop", "leaf", "book", "dots", "info")


def _changed(what: str) -> list[Event]:
    return [Event("config_changed", {"what": what})]


def _text(data: dict[str, Any], name: str, errors: dict[str, str], *, required: bool, limit: int = 80) -> None:
    if name not in data:
        if required:
            errors[name] = Said("admin.check.required")
        return
    value = data[name]
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        errors[name] = Said("admin.check.text_between", limit=limit)
    else:
        data[name] = value.strip()


def _position(data: dict[str, Any], errors: dict[str, str]) -> None:
    value = data.get("position", 0)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 9999:
        errors["position"] = Said("option.check.whole", low=0, high=9999, unit="")


# ---------------------------------------------------------------- fields (services)

SERVICE_FIELDS = ("code", "name_vi", "name_en", "icon", "daily_cap", "sessions", "active", "position")


def _check_service(data: dict[str, Any], errors: dict[str, str], *, creating: bool) -> None:
    unknown = set(data) - set(SERVICE_FIELDS)
    if unknown:
        errors["_"] = Said("admin.check.unknown_fields", names=", ".join(sorted(unknown)))
    if creating and (not isinstance(data.get("code"), str) or not PREFIX_RE.match(data.get("code", ""))):
        errors["code"] = Said("admin.check.prefix")
    _text(data, "name_vi", errors, required=creating)
    _text(data, "name_en", errors, required=creating)
    if "icon" in data and data["icon"] not in ICONS:
        errors["icon"] = Said("option.check.one_of", choices=", ".join(ICONS))
    if (
        "daily_cap" in data
        and data["daily_cap"] is not None
        and (
            not isinstance(data["daily_cap"], int)
            or isinstance(data["daily_cap"], bool)
            or not 1 <= data["daily_cap"] <= 9999
        )
    ):
        errors["daily_cap"] = Said("admin.check.daily_cap")
    if "sessions" in data and (problem := sessions_problem(data["sessions"])):
        errors["sessions"] = problem
    if "active" in data and not isinstance(data["active"], bool):
        errors["active"] = Said("option.check.boolean")
    _position(data, errors)


def save_service(
    db: Database, env: Env, actor: Actor, data: dict[str, Any], code: str | None = None
) -> tuple[dict[str, Any], list[Event]]:
    """Create a field (code None) or change one."""
    data, errors, at = dict(data), dict[str, str](), env.clock()
    _check_service(data, errors, creating=code is None)
    with immediate(db):
        before = repo.service_row(db, code) if code else None
        if code is not None and before is None:
            raise not_found("unknown_service", service=code)
        if code is None and "code" not in errors and repo.service_row(db, data["code"]):
            errors["code"] = Said("admin.check.taken", value=data["code"])
        if errors:
            raise Invalid(errors)
        row = {
            **(
                before
                or {
                    "icon": "dots",
                    "daily_cap": None,
                    "sessions": [["07:30", "11:30"], ["13:30", "17:00"]],
                    "active": True,
                    "position": 100,
                }
            ),
            **data,
        }
        values = [
            row["name_vi"],
            row["name_en"],
            row["icon"],
            row["daily_cap"],
            json.dumps(row["sessions"]),
            int(bool(row["active"])),
            row["position"],
        ]
        if before:
            db.execute(
                "UPDATE services SET name_vi=?, name_en=?, icon=?, daily_cap=?, sessions=?, active=?, position=?"
                " WHERE code = ?",
                [*values, code],
            )
        else:
            db.execute(
                "INSERT INTO services (name_vi, name_en, icon, daily_cap, sessions, active, position, code)"
                " VALUES (?,?,?,?,?,?,?,?)",
                [*values, row["code"]],
            )
        after = repo.service_row(db, code or row["code"])
        assert after is not None
        write_audit(db, actor, "service.update" if before else "service.create", after["code"], before, after, at)
    return after, _changed("services")


# ---------------------------------------------------------------- counters


def save_counter(
    db: Database, env: Env, actor: Actor, data: dict[str, Any], number: int | None = None
) -> tuple[dict[str, Any], list[Event]]:
    data, errors, at = dict(data), dict[str, str](), env.clock()
    unknown = set(data) - {"number", "name", "services", "display_group"}
    if unknown:
        errors["_"] = Said("admin.check.unknown_fields", names=", ".join(sorted(unknown)))
    if number is None and (
        not isinstance(data.get("number"), int)
        or isinstance(data.get("number"), bool)
        or not 1 <= data["number"] <= 999
    ):
        errors["number"] = Said("admin.check.counter_number")
    if "name" in data and (not isinstance(data["name"], str) or len(data["name"]) > 40):
        errors["name"] = Said("option.check.text", limit=40)
    if isinstance(data.get("name"), str) and not data["name"].strip():  # left empty: named by its number
        data["name"] = f"Quầy {number if number is not None else data.get('number')}"
    if data.get("display_group") == "":  # left empty: the default group (a display without ?group= shows all)
        data["display_group"] = DEFAULT_DISPLAY_GROUP
    if "display_group" in data and (
        not isinstance(data["display_group"], str) or not re.fullmatch(r"[a-z0-9_-]{1,40}", data["display_group"])
    ):
        errors["display_group"] = Said("admin.check.display_group")
    with immediate(db):
        codes = {s["code"] for s in repo.service_rows(db)}
        if number is None or "services" in data:
            chosen = data.get("services")
            if not isinstance(chosen, list) or not chosen:
                errors["services"] = Said("admin.check.counter_needs_field")
            elif not all(isinstance(c, str) and c in codes for c in chosen):
                errors["services"] = Said("admin.check.unknown_field")
            else:
                data["services"] = sorted(set(chosen))
        before = repo.counter_row(db, number) if number is not None else None
        if number is not None and before is None:
            raise not_found("unknown_counter", counter=number)
        if number is None and "number" not in errors and repo.counter_row(db, data["number"]):
            errors["number"] = Said("admin.check.counter_exists", number=data["number"])
        if errors:
            raise Invalid(errors)
        row = {**(before or {"name": f"Quầy {data['number']}", "display_group": DEFAULT_DISPLAY_GROUP}), **data}
        if before:
            db.execute(
                "UPDATE counters SET name = ?, services = ?, display_group = ? WHERE number = ?",
                [row["name"], json.dumps(row["services"]), row["display_group"], number],
            )
        else:
            db.execute(
                "INSERT INTO counters (number, name, services, display_group) VALUES (?, ?, ?, ?)",
                [row["number"], row["name"], json.dumps(row["services"]), row["display_group"]],
            )
        after = repo.counter_row(db, number or row["number"])
        assert after is not None
        write_audit(
            db, actor, "counter.update" if before else "counter.create", str(after["number"]), before, after, at
        )
    return after, _changed("counters")


# ---------------------------------------------------------------- staff


def _public(user: dict[str, Any]) -> dict[str, Any]:
    """A user as the audit log keeps it (never the password hash)."""
    return {k: user[k] for k in ("id", "username", "full_name", "role", "active")}


def _may_manage(actor: Actor, role: str) -> None:
    """Managers look after clerks; only an admin creates or changes managers and admins."""
    if actor.role != "admin" and role != "clerk":
        raise forbidden("forbidden")


def _ensure_not_serving(db: Database, env: Env, user: dict[str, Any]) -> None:
    """A clerk with a citizen at their counter stays until that ticket ends: its "served" and rating are theirs."""
    for number in db.execute("SELECT number FROM counters WHERE clerk_id = ? ORDER BY number", [user["id"]]):
        busy = repo.active_ticket_at(db, number[0], env.today())
        if busy:
            raise conflict(
                "clerk_serving", name=user["full_name"] or user["username"], number=busy.number, counter=number[0]
            )


def save_user(
    db: Database, env: Env, actor: Actor, data: dict[str, Any], user_id: int | None = None
) -> tuple[dict[str, Any], list[Event]]:
    data, errors, at = dict(data), dict[str, str](), env.clock()
    allowed = (
        {"username", "full_name", "role", "password", "active"} if user_id is None else {"full_name", "role", "active"}
    )
    unknown = set(data) - allowed
    if unknown:
        errors["_"] = Said("admin.check.unknown_fields", names=", ".join(sorted(unknown)))
    if user_id is None:
        if not isinstance(data.get("username"), str) or not re.fullmatch(r"[a-z0-9._-]{3,32}", data["username"]):
            errors["username"] = Said("admin.check.username")
        if not isinstance(data.get("password"), str) or len(data["password"]) < 8:
            errors["password"] = Said("admin.check.password")
    if "role" in data and data["role"] not in ROLES:
        errors["role"] = Said("option.check.one_of", choices=", ".join(ROLES))
    if "full_name" in data and (not isinstance(data["full_name"], str) or len(data["full_name"]) > 80):
        errors["full_name"] = Said("option.check.text", limit=80)
    if "active" in data and not isinstance(data["active"], bool):
        errors["active"] = Said("option.check.boolean")
    # Hashing is slow: done before the write lock is taken, never while it is held.
    password_hash = hashing(env, hash_password, data["password"]) if user_id is None and not errors else None
    with immediate(db):
        before = repo.user_row(db, user_id=user_id) if user_id is not None else None
        if user_id is not None and before is None:
            raise not_found("not_found")
        if user_id is None and "username" not in errors and repo.user_row(db, username=data["username"]):
            errors["username"] = Said("admin.check.taken", value=data["username"])
        if errors:
            raise Invalid(errors)
        _may_manage(actor, data.get("role", before["role"] if before else "clerk"))
        if before:
            _may_manage(actor, before["role"])
            if user_id == actor.user_id and data.get("active") is False:
                raise Invalid({"active": Said("admin.check.not_yourself")})
            row = {**before, **data}
            if before["active"] and not row["active"]:
                _ensure_not_serving(db, env, before)
            db.execute(
                "UPDATE users SET full_name = ?, role = ?, active = ? WHERE id = ?",
                [row["full_name"], row["role"], int(bool(row["active"])), user_id],
            )
            if not row["active"] or row["role"] != before["role"]:
                end_sessions(db, before["id"])  # logged out everywhere: the next login carries the new role
            if not row["active"]:  # a deactivated clerk's counters are closed for them
                db.execute("UPDATE counters SET state = 'closed', clerk_id = NULL WHERE clerk_id = ?", [user_id])
            target = user_id
        else:
            cursor = db.execute(
                "INSERT INTO users (username, full_name, role, password_hash, active, created_at) VALUES (?,?,?,?,?,?)",
                [
                    data["username"],
                    data.get("full_name", ""),
                    data.get("role", "clerk"),
                    password_hash,
                    int(data.get("active", True)),
                    at,
                ],
            )
            target = cursor.lastrowid
        saved = repo.user_row(db, user_id=target)
        assert saved is not None
        after = _public(saved)
        write_audit(
            db,
            actor,
            "user.update" if before else "user.create",
            after["username"],
            _public(before) if before else None,
            after,
            at,
        )
    return after, _changed("users")


def reset_password(
    db: Database, env: Env, actor: Actor, user_id: int, password: Any
) -> tuple[dict[str, Any], list[Event]]:
    if not isinstance(password, str) or len(password) < 8:
        raise Invalid({"password": Said("admin.check.password")})
    at = env.clock()
    password_hash = hashing(env, hash_password, password)  # slow: before the write lock, off the event loop
    with immediate(db):
        user = repo.user_row(db, user_id=user_id)
        if user is None:
            raise not_found("not_found")
        _may_manage(actor, user["role"])
        db.execute("UPDATE users SET password_hash = ? WHERE id = ?", [password_hash, user_id])
        end_sessions(db, user_id)  # a cookie copied before the reset stops working
        write_audit(db, actor, "user.password", user["username"], None, None, at)  # never the password itself
    return _public(user), []


# ---------------------------------------------------------------- priority categories


def save_priority(
    db: Database, env: Env, actor: Actor, data: dict[str, Any], code: str | None = None
) -> tuple[dict[str, Any], list[Event]]:
    data, errors, at = dict(data), dict[str, str](), env.clock()
    unknown = set(data) - {"code", "name_vi", "name_en", "active", "position"}
    if unknown:
        errors["_"] = Said("admin.check.unknown_fields", names=", ".join(sorted(unknown)))
    if code is None and (not isinstance(data.get("code"), str) or not re.fullmatch(r"[a-z_]{2,32}", data["code"])):
        errors["code"] = Said("admin.check.priority_code")
    _text(data, "name_vi", errors, required=code is None)
    _text(data, "name_en", errors, required=code is None)
    if "active" in data and not isinstance(data["active"], bool):
        errors["active"] = Said("option.check.boolean")
    _position(data, errors)
    if "code" in errors:  # nothing to look up
        raise Invalid(errors)
    with immediate(db):
        rows = list(db.query("SELECT * FROM priority_categories WHERE code = ?", [code or data.get("code")]))
        before = rows[0] if rows else None
        if code is not None and before is None:
            raise not_found("unknown_priority", priority=code)
        if code is None and before is not None:
            errors["code"] = Said("admin.check.taken", value=data["code"])
        if errors:
            raise Invalid(errors)
        row = {**(before or {"active": True, "position": 100}), **data}
        db.execute(
            "INSERT INTO priority_categories (code, name_vi, name_en, active, position) VALUES (?,?,?,?,?)"
            " ON CONFLICT(code) DO UPDATE SET name_vi = excluded.name_vi, name_en = excluded.name_en,"
            " active = excluded.active, position = excluded.position",
            [code or row["code"], row["name_vi"], row["name_en"], int(bool(row["active"])), row["position"]],
        )
        after = next(iter(db.query("SELECT * FROM priority_categories WHERE code = ?", [code or row["code"]])))
        write_audit(db, actor, "priority.update" if before else "priority.create", after["code"], before, after, at)
    return after, _changed("priorities")


# ---------------------------------------------------------------- options


def save_options(db: Database, env: Env, actor: Actor, data: Any) -> tuple[dict[str, Any], list[Event]]:
    if not isinstance(data, dict) or not data:
        raise Invalid({"_": Said("option.check.object")})
    errors: dict[str, str] = {name: Said("option.check.unknown") for name in data if name not in DEFAULTS}
    errors.update(
        {
            name: problem
            for name, value in data.items()
            if name in DEFAULTS and (problem := BY_NAME[name].problem(value))
        }
    )
    if errors:
        raise Invalid(errors)
    at = env.clock()
    with immediate(db):
        before = load_options(db)
        for name, value in data.items():
            repo.set_option(db, name, value)
            write_audit(db, actor, "option.update", name, before[name], value, at)
        after = load_options(db)
    return after, _changed("options")


def record_procedures_upload(
    db: Database, env: Env, actor: Actor, name: str, imported: int, rejected: int
) -> tuple[None, list[Event]]:
    """The procedures file was replaced: audit it and tell the kiosks to read the list again."""
    with immediate(db):
        write_audit(
            db, actor, "procedures.upload", name, None, {"imported": imported, "rejected": rejected}, env.clock()
        )
    return None, _changed("procedures")


def audit_log(db: Database, limit: int = 200) -> list[dict[str, Any]]:
    rows = db.query("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", [limit])
    return [
        {
            **r,
            "before": json.loads(r["before"]) if r["before"] else None,
            "after": json.loads(r["after"]) if r["after"] else None,
        }
        for r in rows
    ]
