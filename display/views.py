"""The wall display page and the announcement WAV of a called ticket."""

from __future__ import annotations

import threading
from typing import Any

from flask import Blueprint, Response, current_app, render_template, request

from display.voice import Voice, VoiceError, generate_defaults
from server import auth
from server.core.speech import clip_plan
from server.i18n import catalog, t
from server.options import BY_NAME, load_options
from server.services import queue
from server.services.base import ServiceError
from server.web import get_db, hub, language

bp = Blueprint(
    "display", __name__, template_folder="templates", static_folder="static/display", static_url_path="/display/static"
)
_generating = threading.Lock()


def voice() -> Voice:
    return current_app.extensions["xephang_voice"]


def ensure_default_clips(data_dir: str) -> list[str]:
    """Generate the default clip set once (espeak-ng), if any clip is missing; safe to call concurrently."""
    with _generating:
        return generate_defaults(f"{data_dir}/voice-default")


def _volume(asked: str | None, default: float) -> float:
    """?volume= lowers this display's announcements: a number from 0 to 1."""
    if asked is None:
        return float(default)
    try:
        value = float(asked)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 1:  # also refuses nan and inf
        raise ServiceError("bad_request", detail="volume must be a number from 0 to 1")
    return value


@bp.get("/display")
def display_page() -> Any:
    lang = language()
    opts = load_options(get_db())
    group = request.args.get("group", "")[:40]
    config = {
        "group": group,
        "lang": lang,
        "repeat": int(opts["voice_repeat"]),
        "volume": _volume(request.args.get("volume"), opts["display_volume"]),
        "quiet": opts["display_quiet_hours"],
        "notice": opts["display_notice"],
        "centre": opts["centre_name"],
        "authority": opts["authority_name"],
    }
    quiet = request.args.get("quiet")
    if quiet:  # ?quiet=11:30-13:30,17:00-23:59
        config["quiet"] = [part.split("-", 1) for part in quiet.split(",") if "-" in part]
    return render_template(
        "display/display.html",
        lang=lang,
        t=lambda key, **kw: t(key, lang, **kw),
        strings=catalog("display.", "kiosk.closed.", "device.", "public."),
        config=config,
    )


def _wav(plan: list[str]) -> Any:
    try:
        if voice().missing():
            ensure_default_clips(hub().settings["data_dir"])
        wav = voice().assemble(plan)
    except (VoiceError, OSError) as exc:
        raise ServiceError("voice_unavailable", 503, detail=str(exc)) from exc
    return Response(wav, mimetype="audio/wav", headers={"Cache-Control": "no-store"})


@bp.get("/api/admin/sample-call.wav")
@auth.require("manager", "admin")
def sample_announcement() -> Any:
    """A sample call (A105 at counter 3, said once) read as ?reading=&zero_tens=&thousand= say: the admin's Nghe thử."""
    opts = load_options(get_db())
    asked = {
        name: request.args.get(arg, opts[name])
        for name, arg in (
            ("voice_reading", "reading"),
            ("voice_zero_tens", "zero_tens"),
            ("voice_thousand", "thousand"),
        )
    }
    for name, value in asked.items():
        if problem := BY_NAME[name].problem(value):
            raise ServiceError("bad_request", detail=f"{name}: {problem}")
    return _wav(clip_plan("A105", 3, asked["voice_reading"], asked["voice_zero_tens"], 1, asked["voice_thousand"]))


@bp.get("/api/announcements/<int:ticket_id>.wav")
def announcement(ticket_id: int) -> Any:
    db = get_db()
    ticket = queue.get_ticket(db, ticket_id)
    if ticket is None:
        raise ServiceError("unknown_ticket", 404)
    if ticket.counter is None or ticket.called_at is None:
        raise ServiceError("not_called", 409)
    opts = load_options(db)
    # The display asks for one saying at a time (?repeat=1&form=short&chime=0&pause=1, see
    # server/core/backlog.py); without parameters the whole announcement, said voice_repeat times.
    args = request.args
    repeat = min(int(opts["voice_repeat"]), max(1, args.get("repeat", int(opts["voice_repeat"]), type=int)))
    plan = clip_plan(
        ticket.number,
        ticket.counter,
        opts["voice_reading"],
        opts["voice_zero_tens"],
        repeat,
        opts["voice_thousand"],
        form=args.get("form", "full") if args.get("form") in ("short", "chime") else "full",
        chime=args.get("chime") != "0",
        lead_pause=args.get("pause") == "1",
    )
    return _wav(plan)
