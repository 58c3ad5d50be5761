"""The home page: which screens this server offers and where the API is described."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, render_template

from server.i18n import t
from server.web import language

bp = Blueprint("pages", __name__)


@bp.get("/")
def home() -> Any:
    lang = language()
    return render_template(
        "home.html", lang=lang, t=lambda key, **kw: t(key, lang, **kw), screens=current_app.config.get("SCREENS", [])
    )
