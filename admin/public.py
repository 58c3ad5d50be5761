"""The public posting of service-quality results: /cong-khai (no login) and the JSON it reads, also shown by
the wall displays and the kiosk's idle screen when the centre turns that on (admin/static/admin/rotation.js)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

from flask import Blueprint, current_app, jsonify, render_template

from admin.reports import run_report
from server import payloads
from server.core.periods import period_range
from server.i18n import catalog, t
from server.options import load_options
from server.web import get_db, hub, language

bp = Blueprint("public", __name__, template_folder="templates")
POSTED = ("month", "quarter", "year")
FRESH_S = 300  # anyone may open the page: the three reports are counted at most once per five minutes


def _reports() -> list[tuple[str, dict[str, Any]]]:
    """This month's, this quarter's and this year's reports, from a cache kept five minutes per range."""
    cache = current_app.extensions.setdefault("xephang_public", {"lock": threading.Lock(), "reports": {}})
    today = dt.date.fromisoformat(hub().env.today())
    out = []
    with cache["lock"]:  # one count at a time, however many visitors arrive together
        for kind in POSTED:
            start, end = (d.isoformat() for d in period_range(kind, today))
            at, report = cache["reports"].get((start, end), (None, None))
            if at is None or time.monotonic() - at > FRESH_S:
                report = run_report(start, end)
                cache["reports"][(start, end)] = (time.monotonic(), report)
            out.append((kind, report))
    return out


@bp.get("/api/public/results")
def public_results() -> Any:
    return jsonify(payloads.public_results(_reports(), load_options(get_db())))


@bp.get("/cong-khai")
def public_page() -> Any:
    lang = language()
    options = load_options(get_db())
    return render_template(
        "admin/public.html",
        lang=lang,
        t=lambda key, **kw: t(key, lang, **kw),
        strings=catalog("public."),
        options=options,
    )
