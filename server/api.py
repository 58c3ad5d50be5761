"""The public JSON contract under /api: services, tickets, login, counters, actions and the live state."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify, request, session

from server import auth, clerk, payloads
from server.openapi import spec
from server.services import devices, logins, queue
from server.services.base import Actor, ServiceError
from server.services.queue import ahead_of
from server.store import repo
from server.web import Fields, check, count_issue, get_db, hub, language, print_request, request_key, run

bp = Blueprint("api", __name__, url_prefix="/api")


def json_body() -> Any:
    """The request's JSON (an empty body is {}), for a clerk.* function to check."""
    data = request.get_json(silent=True) if request.content_length else {}
    if data is None:
        raise ServiceError("bad_request", detail="body is not valid JSON")
    return data


def body(fields: Fields) -> dict[str, Any]:
    """The JSON object body, checked against {name: (types, required)}; unknown keys are refused."""
    return check(json_body(), fields)


def actor() -> Actor:
    found = auth.current_actor(get_db())
    assert found is not None  # guarded by @auth.require
    return found


@bp.get("/health")
def health() -> Any:
    get_db().execute("SELECT 1").fetchone()
    group = hub().group  # writes that shared a COMMIT (store/db.py Group): batches made, the most writes in one
    return jsonify({"ok": True, "group_commit": {"batches": group.batches, "largest": group.largest}})


@bp.get("/openapi.json")
def openapi() -> Any:
    return jsonify(spec())


@bp.get("/services")
def list_services() -> Any:
    return jsonify(payloads.service_stats(get_db(), hub().env))


@bp.get("/state")
def state() -> Any:
    return jsonify(payloads.snapshot(get_db(), hub().env))


def request_device(kind: str) -> devices.Device:
    """The paired device of `kind` making this request (its X-Device-Token), or 401 device_not_paired."""
    return devices.authorize(
        get_db(), kind, request.headers.get(DEVICE_HEADER), request.remote_addr, hub().settings["demo"]
    )


DEVICE_HEADER = "X-Device-Token"


@bp.post("/devices/pair")
def pair_device() -> Any:
    """A kiosk, display or tablet asks to be paired: its token, and the code a manager confirms in /admin."""
    data = body({"kind": (str, True), "config": (dict, False)})
    current_app.extensions["xephang_pair_limit"].hit(request.remote_addr or "?")
    auto = hub().settings["demo"] and request.remote_addr in devices.LOCAL
    result = run(devices.request_pairing, data["kind"], data.get("config"), request.remote_addr or "?", auto)
    return jsonify(result), 201


@bp.get("/devices/me")
def device_status() -> Any:
    """A device waiting for its manager (or checking it is still paired) asks with its token."""
    return jsonify(devices.status(get_db(), hub().env, request.headers.get(DEVICE_HEADER)))


@bp.post("/tickets")
def issue() -> Any:
    """Issued by a paired kiosk (on its own printer) or by staff (a clerk taking a number for someone)."""
    data = body(
        {
            "service": (str, True),
            "priority": ((str, type(None)), False),
            "kiosk": (str, False),
            "request_id": (str, False),
        }
    )
    staff = auth.current_actor(get_db())
    device = None if staff else request_device("kiosk")
    count_issue(device)
    kiosk = device.printer(data.get("kiosk")) if device else data.get("kiosk")
    printing = print_request(kiosk, language()) if kiosk is not None else None
    key = request_key(data.get("request_id"), device, staff.user_id if staff else None)
    ticket = run(
        queue.issue_ticket,
        data["service"],
        data.get("priority"),
        printing=printing,
        request_id=key,
        issued_by=staff.user_id if staff else None,
    )
    return jsonify(payloads.issued(get_db(), hub().env, ticket)), 201


@bp.get("/tickets/<int:ticket_id>")
def get_ticket(ticket_id: int) -> Any:
    db, env = get_db(), hub().env
    ticket = repo.get_ticket(db, ticket_id)
    if ticket is None:
        raise ServiceError("unknown_ticket", 404)
    return jsonify({**payloads.ticket(ticket, env.tz), "ahead": ahead_of(db, ticket)})


@bp.post("/tickets/<int:ticket_id>/reprint")
@auth.require()
def reprint(ticket_id: int) -> Any:
    return jsonify(clerk.reprint(ticket_id, body({"kiosk": (str, False)})))


@bp.post("/tickets/<int:ticket_id>/<action>")
@auth.require()
def ticket_action(ticket_id: int, action: str) -> Any:
    return jsonify(clerk.ticket_action(actor(), ticket_id, action, json_body()))


@bp.get("/ratings")
@auth.require("manager", "admin")
def list_ratings() -> Any:
    """Ratings between two days (inclusive), for managers: ticket, service, counter, clerk, score, reasons."""
    import datetime as dt

    from server.services import ratings

    days = []
    for name in ("from", "to"):
        value = request.args.get(name, "")
        try:
            days.append(dt.date.fromisoformat(value).isoformat())
        except ValueError:
            raise ServiceError("bad_request", detail=f"{name} must be a date YYYY-MM-DD") from None
    if days[0] > days[1]:
        raise ServiceError("bad_request", detail="from is after to")
    return jsonify(payloads.rating_list(ratings.list_ratings(get_db(), days[0], days[1]), hub().env.tz))


@bp.post("/login")
def login() -> Any:
    data = body({"username": (str, True), "password": (str, True)})
    done = run(
        logins.log_in, data["username"], data["password"], request.remote_addr or "?", hub().settings["session_hours"]
    )
    if done is None:
        raise ServiceError("bad_credentials", 401)
    session.clear()
    session.permanent = True
    session["sid"] = done.session_id  # the server's record decides; the cookie only names it
    session["uid"] = done.user["id"]
    return jsonify(_me(done.user))


@bp.post("/logout")
def logout() -> Any:
    """Logging out closes the clerk's counter (if nobody is at it), so no one is called to an empty desk."""
    actor = auth.current_actor(get_db())
    if actor is not None:
        for number in queue.counters_held_by(get_db(), actor.user_id):
            try:
                run(queue.set_counter_state, actor, number, "closed")
            except ServiceError:
                pass  # a citizen is still at the counter: it stays open, the clerk finishes after logging in
    run(logins.log_out, session.get("sid"))
    session.clear()
    return jsonify({"ok": True})


@bp.get("/me")
@auth.require()
def me() -> Any:
    user = repo.user_row(get_db(), user_id=actor().user_id)
    if user is None:
        raise ServiceError("login_required", 401)
    return jsonify(_me(user))


@bp.get("/me/workstation")
@auth.require()
def workstation() -> Any:
    """What the clerk's workstation shows (its socket's snapshot, `{"view"}`): the page reads it here after a press
    while its socket is down, so the screen does not keep showing what the press changed."""
    return jsonify(clerk.workstation(actor().user_id))


def _me(user: dict[str, Any]) -> dict[str, Any]:
    held = queue.counters_held_by(get_db(), user["id"])
    return {
        "id": user["id"],
        "username": user["username"],
        "name": user["full_name"],
        "role": user["role"],
        "counter": held[0] if held else None,
    }


@bp.post("/counters/<int:number>/open")
@auth.require()
def open_counter(number: int) -> Any:
    return jsonify(clerk.open_counter(actor(), number, json_body()))


@bp.post("/counters/<int:number>/<change>")
@auth.require()
def change_counter(number: int, change: str) -> Any:
    return jsonify(clerk.change_counter(actor(), number, change, json_body()))


@bp.post("/counters/<int:number>/call-next")
@auth.require()
def call_next(number: int) -> Any:
    """The next ticket for this counter; with {"close", "ticket"} the one at the counter is closed first."""
    return jsonify(clerk.call_next(actor(), number, json_body()))


@bp.post("/counters/<int:number>/call")
@auth.require()
def call_specific(number: int) -> Any:
    return jsonify(clerk.call_specific(actor(), number, json_body()))
