"""The clerk's workstation page and the rating tablet page of each counter."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request

from server.i18n import catalog, t
from server.options import load_options
from server.services import queue
from server.web import get_db, language

bp = Blueprint(
    "counter", __name__, template_folder="templates", static_folder="static/counter", static_url_path="/counter/static"
)


def _page(template: str, lang: str | None = None, **context: Any) -> Any:
    lang = lang or language()
    return render_template(
        template, lang=lang, t=lambda key, **kw: t(key, lang, **kw), options=load_options(get_db()), **context
    )


@bp.get("/counter")
def workstation() -> Any:
    wanted = request.args.get("counter", type=int)
    return _page(
        "counter/counter.html",
        wanted=wanted,
        strings=catalog("counter.", "status.", "action.", "error.", "kiosk.closed."),
    )


@bp.get("/counter/<int:number>/rating")
def tablet(number: int) -> Any:
    if not queue.counter_exists(get_db(), number):
        abort(404)
    # It faces citizens: Vietnamese, as the kiosk starts, unless the address asks for English (a cheap tablet set up
    # in English would otherwise ask every citizen in English).
    lang = "en" if request.args.get("lang") == "en" else "vi"
    return _page("counter/rating.html", lang, number=number, strings=catalog("rating.", "error.", "device."))
