"""The kiosk page, the citizen's status page behind the QR, its QR image, and the procedures lookup API."""

from __future__ import annotations

import io
from typing import Any

import qrcode
import qrcode.image.svg
from flask import Blueprint, Response, abort, jsonify, render_template, request

from server import payloads, procedures
from server.i18n import catalog, t
from server.options import load_options
from server.services import queue
from server.services.base import ServiceError
from server.web import get_db, hub, language, phone_url

bp = Blueprint(
    "kiosk", __name__, template_folder="templates", static_folder="static/kiosk", static_url_path="/kiosk/static"
)

WEEKDAYS = {"vi": ["T2", "T3", "T4", "T5", "T6", "T7", "CN"], "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]}


def opening_hours(lang: str) -> str:
    """`T2–T6: 07:30–11:30, 13:30–17:00` from the centre's working days and the first service's sessions."""
    db = get_db()
    opts = load_options(db)
    rows = [s for s in queue.service_list(db) if s["active"]]
    sessions = rows[0]["sessions"] if rows else []
    days = sorted(opts["working_days"])
    names = WEEKDAYS[lang]
    if days and days == list(range(days[0], days[-1] + 1)):
        day_text = f"{names[days[0]]}–{names[days[-1]]}" if len(days) > 1 else names[days[0]]
    else:
        day_text = ", ".join(names[d] for d in days)
    return f"{day_text}: " + ", ".join(f"{a}–{b}" for a, b in sessions)


@bp.get("/kiosk")
def kiosk_page() -> Any:
    lang = language()
    opts = load_options(get_db())
    return render_template(
        "kiosk/kiosk.html",
        lang=lang,
        t=lambda key, **kw: t(key, lang, **kw),
        strings=catalog("kiosk.", "procedure.", "error.", "device.", "public."),
        kiosk=request.args.get("kiosk", "main")[:40] or "main",
        hours={code: opening_hours(code) for code in ("vi", "en")},
        options=opts,
    )


@bp.get("/t/<token>")
def status_page(token: str) -> Any:
    lang = language()
    db = get_db()
    ticket = queue.ticket_by_token(db, token)
    if ticket is None:
        return render_template(
            "kiosk/status.html",
            lang=lang,
            t=lambda key, **kw: t(key, lang, **kw),
            token=None,
            strings=catalog("phone.", "status."),
            number=None,
            options=load_options(db),
        ), 404
    return render_template(
        "kiosk/status.html",
        lang=lang,
        t=lambda key, **kw: t(key, lang, **kw),
        token=token,
        strings=catalog("phone.", "status."),
        number=ticket.number,
        options=load_options(db),
    )


@bp.get("/t/<token>/qr.svg")
def status_qr(token: str) -> Any:
    if queue.ticket_by_token(get_db(), token) is None:
        abort(404)
    image = qrcode.make(f"{phone_url()}/t/{token}", image_factory=qrcode.image.svg.SvgPathImage, border=2)
    out = io.BytesIO()
    image.save(out)
    return Response(out.getvalue(), mimetype="image/svg+xml", headers={"Cache-Control": "max-age=86400"})


PAGE = 50  # procedures a page: the kiosk searches, it never needs the whole list at once
REJECTED_SHOWN = 20


def _whole(name: str, default: int, low: int, high: int) -> int:
    text = request.args.get(name)
    if text is None:
        return default
    if not text.isdigit() or not low <= int(text) <= high:
        raise ServiceError("bad_request", detail=f"{name} must be a whole number from {low} to {high}")
    return int(text)


@bp.get("/api/procedures")
def list_procedures() -> Any:
    """One page (`limit`, at most PAGE, from `offset`) of the procedures matching `q` and `service`."""
    limit, offset = _whole("limit", PAGE, 1, PAGE), _whole("offset", 0, 0, 10**6)
    db = get_db()
    names = {s["code"]: f"{s['name_vi']} {s['name_en']}" for s in queue.service_list(db)}
    found = procedures.load(hub().settings["data_dir"], set(names), hub().offload)
    rows = procedures.search(found.rows, request.args.get("q", "")[:100], request.args.get("service", "")[:4], names)
    return jsonify(
        {
            "procedures": rows[offset : offset + limit],
            "total": len(rows),
            "offset": offset,
            "limit": limit,
            "source": found.source,
            "sample": found.source == procedures.SAMPLE.name,
            "rejected": procedures.said(found.rejected[:REJECTED_SHOWN], language()),
            "rejected_count": len(found.rejected),
        }
    )


def ticket_status(token: str) -> dict[str, Any] | None:
    """The status page's view of a ticket: where the citizen is now, how many before them, the estimate."""
    db = get_db()
    ticket = queue.ticket_by_token(db, token)
    return None if ticket is None else payloads.ticket_status(db, hub().env, ticket)
