"""Admin endpoints (/api/admin, managers and admins): configuration, staff, procedures file, audit log."""

from __future__ import annotations

import os
from typing import Any

from flask import Blueprint, jsonify, request

from server import auth, payloads
from server.i18n import Said
from server.options import OPTIONS, load_options
from server.services import administration, devices
from server.services.base import Invalid, ServiceError
from server.services.queue import service_list
from server.store import repo
from server.web import get_db, hub, language, run

bp = Blueprint("admin_api", __name__, url_prefix="/api/admin")
MANAGERS = ("manager", "admin")


def _json() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if data is None:
        raise ServiceError("bad_request", detail="body is not valid JSON")
    if not isinstance(data, dict):
        raise ServiceError("bad_request", detail="body must be a JSON object")
    return data


def _actor() -> Any:
    return auth.current_actor(get_db())


def _said(rejected: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from server import procedures

    return procedures.said(rejected, language())


@bp.get("/config")
@auth.require(*MANAGERS)
def config() -> Any:
    from server import procedures

    db = get_db()
    found = procedures.load(hub().settings["data_dir"], {s["code"] for s in service_list(db)}, hub().offload)
    return jsonify(
        {
            "services": repo.service_rows(db),
            "counters": repo.counter_rows(db),
            "users": [payloads.user(u) for u in db.query("SELECT * FROM users ORDER BY role, username")],
            "priorities": list(db.query("SELECT * FROM priority_categories ORDER BY position, code")),
            "options": load_options(db),
            "option_help": {o.name: o.help for o in OPTIONS},
            "option_allowed": {
                o.name: {"low": o.allowed.low, "high": o.allowed.high, "choices": list(o.allowed.choices)}
                for o in OPTIONS
            },
            "icons": list(administration.ICONS),
            "procedures": {"source": found.source, "count": len(found.rows), "rejected": _said(found.rejected)},
            "me": payloads.user(repo.user_row(db, user_id=_actor().user_id)),
        }
    )


@bp.post("/services")
@auth.require(*MANAGERS)
def create_service() -> Any:
    return jsonify(run(administration.save_service, _actor(), _json())), 201


@bp.put("/services/<code>")
@auth.require(*MANAGERS)
def update_service(code: str) -> Any:
    return jsonify(run(administration.save_service, _actor(), _json(), code))


@bp.post("/counters")
@auth.require(*MANAGERS)
def create_counter() -> Any:
    return jsonify(run(administration.save_counter, _actor(), _json())), 201


@bp.put("/counters/<int:number>")
@auth.require(*MANAGERS)
def update_counter(number: int) -> Any:
    return jsonify(run(administration.save_counter, _actor(), _json(), number))


@bp.post("/users")
@auth.require(*MANAGERS)
def create_user() -> Any:
    return jsonify(run(administration.save_user, _actor(), _json())), 201


@bp.put("/users/<int:user_id>")
@auth.require(*MANAGERS)
def update_user(user_id: int) -> Any:
    return jsonify(run(administration.save_user, _actor(), _json(), user_id))


@bp.post("/users/<int:user_id>/password")
@auth.require(*MANAGERS)
def reset_password(user_id: int) -> Any:
    return jsonify(run(administration.reset_password, _actor(), user_id, _json().get("password")))


@bp.post("/priorities")
@auth.require(*MANAGERS)
def create_priority() -> Any:
    return jsonify(run(administration.save_priority, _actor(), _json())), 201


@bp.put("/priorities/<code>")
@auth.require(*MANAGERS)
def update_priority(code: str) -> Any:
    return jsonify(run(administration.save_priority, _actor(), _json(), code))


@bp.put("/options")
@auth.require(*MANAGERS)
def update_options() -> Any:
    return jsonify(run(administration.save_options, _actor(), _json()))


@bp.post("/procedures")
@auth.require(*MANAGERS)
def upload_procedures() -> Any:
    """Replace the kiosk's procedures list. A file with no valid row changes nothing."""
    from server import procedures

    limit = hub().settings["max_upload_bytes"]
    request.max_content_length = limit  # uploads have their own limit; JSON bodies keep max_body_bytes
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise Invalid({"file": Said("admin.procedures.choose_file")})
    ext = os.path.splitext(upload.filename.lower())[1]
    if ext not in (".csv", ".xlsx"):
        raise Invalid({"file": Said("admin.procedures.only_csv_xlsx")})
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ServiceError("body_too_large", 413)
    db = get_db()
    try:  # off the event loop: a workbook takes a while to read
        result = hub().offload(procedures.parse, upload.filename, data, {s["code"] for s in service_list(db)})
    except Exception as exc:  # too many rows, a zip bomb, a broken workbook or text that is not UTF-8
        raise Invalid({"file": procedures.refusal(exc)}) from exc
    if not result.rows:
        raise ServiceError(
            "invalid",
            400,
            fields={"file": Said("admin.procedures.none_valid")},
            rejected=_said(result.rejected),
        )
    data_dir = hub().settings["data_dir"]
    for old in ("procedures.csv", "procedures.xlsx"):
        if os.path.exists(os.path.join(data_dir, old)):
            os.replace(os.path.join(data_dir, old), os.path.join(data_dir, old + ".previous"))
    target = os.path.join(data_dir, "procedures" + ext)
    with open(target + ".tmp", "wb") as fh:
        fh.write(data)
    os.replace(target + ".tmp", target)
    run(administration.record_procedures_upload, _actor(), upload.filename, len(result.rows), len(result.rejected))
    return jsonify(
        {
            "imported": len(result.rows),
            "rejected": _said(result.rejected),
            "procedures": [r["ten"] for r in result.rows],
        }
    )


@bp.get("/audit")
@auth.require(*MANAGERS)
def audit() -> Any:
    limit = max(1, min(1000, request.args.get("limit", 200, type=int)))
    return jsonify(administration.audit_log(get_db(), limit))


@bp.get("/devices")
@auth.require(*MANAGERS)
def list_devices() -> Any:
    return jsonify([payloads.device(r) for r in devices.listing(get_db(), hub().env)])


@bp.post("/devices/confirm")
@auth.require(*MANAGERS)
def confirm_device() -> Any:
    return jsonify(payloads.device(run(devices.confirm, _actor(), _json())))


@bp.post("/devices/<int:device_id>/revoke")
@auth.require(*MANAGERS)
def revoke_device(device_id: int) -> Any:
    return jsonify(payloads.device(run(devices.revoke, _actor(), device_id)))
