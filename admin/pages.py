"""Managers' pages: administration, the live dashboard (/admin namespace) and reports, with a print view."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template
from flask_socketio import ConnectionRefusedError

from server import auth, lan, payloads, rooms
from server.i18n import LANGUAGES, catalog, t
from server.options import load_options
from server.realtime import SnapshotNamespace
from server.reports import compute
from server.web import get_db, hub, language

bp = Blueprint(
    "admin_pages", __name__, template_folder="templates", static_folder="static/admin", static_url_path="/admin/static"
)
STRINGS = (
    "admin.",
    "live.",
    "report.",
    "counter.",
    "error.",
    "weekday.",
    "rating.",
    "status.",
    "screen.",
    "device.",
    "option.",
)


def _page(template: str, **context: Any) -> Any:
    lang = language()
    return render_template(
        template,
        lang=lang,
        t=lambda key, **kw: t(key, lang, **kw),
        strings=catalog(*STRINGS),
        options=load_options(get_db()),
        **context,
    )


@bp.get("/admin")
def admin_page() -> Any:
    return _page("admin/admin.html")


@bp.get("/admin/live")
def live_page() -> Any:
    return _page("admin/live.html")


@bp.get("/admin/reports")
def reports_page() -> Any:
    return _page("admin/reports.html")


@bp.get("/admin/reports/print")
@auth.require("manager", "admin")
def reports_print() -> Any:
    from admin import formats
    from admin.export import TABLES, columns, rows, text
    from admin.reports import build_document, requested_range

    report, document = build_document(*requested_range())  # the same parts as the Word document
    lang = language()
    tables = [
        (
            t(f"report.sheet.{name}", lang),
            [t("doc.col.formula", lang) if key == "formula" else heading for key, heading, _ in cols],  # basis above
            [[text(row.get(key), kind, lang, "—") for key, _, kind in cols] for row in rows(report, name, lang)],
        )
        for name in TABLES
        for cols in [columns(report, name, lang)]
    ]
    dates = {"from": formats.date(report["from"]), "to": formats.date(report["to"])}
    return _page(
        "admin/print.html",
        report=report,
        document=document,
        tables=tables,
        dates=dates,
        basis=formats.basis(report, lang),
    )


def _is_live(auth_data: dict[str, Any]) -> bool:
    """Whether an /admin socket is the live dashboard's (it connects with {"live": true})."""
    return auth_data.get("live") is True


class AdminNamespace(SnapshotNamespace):
    """/admin: managers only. The live dashboard connects with `{"live": true}`: it gets the dashboard's snapshot
    and every change of the hall (room `rooms.LIVE_DASHBOARD`). The other admin pages hear only what they show
    (a device asking to pair, a manager's change): no ticket events, and no snapshot, whose figures of the day
    are counted for it."""

    role = "admin"

    def rooms_for(self, auth_data: dict[str, Any]) -> list[str]:
        actor = auth.current_actor(get_db())
        if actor is None or not actor.is_manager:
            raise ConnectionRefusedError("forbidden")
        return [rooms.LIVE_DASHBOARD] if _is_live(auth_data) else []

    def snapshot_on_connect(self, auth_data: dict[str, Any]) -> bool:
        return _is_live(auth_data)

    def snapshot(self, auth_data: dict[str, Any]) -> dict[str, Any]:
        actor = auth.current_actor(get_db())
        if actor is None or not actor.is_manager:
            return {"error": "forbidden"}
        h = hub()
        day = h.env.today()
        today = compute(h.db_path, day, day, h.env.tz, day)["total"]  # one day: small enough to count in-process
        asked = auth_data.get("lang")
        lang = asked if isinstance(asked, str) and asked in LANGUAGES else language()  # the page's, else the browser's
        conf = h.settings
        alone = not lan.served_to_phones(conf["host"], conf["public_url"], conf["behind_proxy"])
        return payloads.live_view(get_db(), h.env, today, h.alarms, lang, conf["host"] if alone else None)
