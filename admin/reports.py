"""Report endpoints for managers: the figures as JSON, the per-service summary, XLSX and CSV exports, and the
report as a Word document (Decree 30/2020/NĐ-CP) for a month, quarter, 6 or 9 months, the year or any range."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from typing import Any

from flask import Blueprint, Response, jsonify, request

from admin.document import report_document, to_docx
from admin.export import TABLES, to_csv, to_xlsx
from server import auth
from server.core.periods import PERIODS, period_range
from server.options import load_options
from server.reports import summary
from server.services.base import ServiceError
from server.web import get_db, hub, language

bp = Blueprint("reports", __name__, url_prefix="/api/reports")
MAX_DAYS = 3 * 366


def requested_range() -> tuple[str, str]:
    """`from` and `to` (YYYY-MM-DD, inclusive), or `period` (day … year) around `date` (default today)."""
    args = request.args
    try:
        if "period" in args:
            if args["period"] not in PERIODS:
                raise ServiceError("bad_request", detail=f"period must be one of {', '.join(PERIODS)}")
            on = dt.date.fromisoformat(args.get("date") or hub().env.today())
            start, end = period_range(args["period"], on)
        else:
            start, end = dt.date.fromisoformat(args.get("from", "")), dt.date.fromisoformat(args.get("to", ""))
    except (ValueError, OverflowError):  # OverflowError: a period running past 9999-12-31
        raise ServiceError("bad_request", detail="dates are YYYY-MM-DD: give from and to, or period") from None
    if start > end:
        raise ServiceError("bad_request", detail="from is after to")
    if (end - start).days > MAX_DAYS:
        raise ServiceError("bad_request", detail="at most three years at a time")
    return start.isoformat(), end.isoformat()


def run_report(day_from: str, day_to: str) -> dict[str, Any]:
    """Compute in a child process: heavy queries never run on the server's event loop."""
    h = hub()
    result = subprocess.run(
        [sys.executable, "-m", "server.reports", h.db_path, day_from, day_to, h.env.tz, h.env.today()],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        raise RuntimeError(f"report failed: {result.stderr[-2000:]}")
    return json.loads(result.stdout)


@bp.get("")
@auth.require("manager", "admin")
def full_report() -> Any:
    return jsonify(run_report(*requested_range()))


@bp.get("/summary")
@auth.require("manager", "admin")
def summary_report() -> Any:
    return jsonify(summary(run_report(*requested_range())))


def _filename(report: dict[str, Any], ext: str) -> str:
    return f"bao-cao-{report['from']}-{report['to']}.{ext}"


@bp.get("/export.xlsx")
@auth.require("manager", "admin")
def export_xlsx() -> Any:
    report = run_report(*requested_range())
    data = to_xlsx(report, load_options(get_db())["centre_name"], language())
    return Response(
        data,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{_filename(report, "xlsx")}"'},
    )


@bp.get("/export.csv")
@auth.require("manager", "admin")
def export_csv() -> Any:
    table = request.args.get("table", "services")
    if table not in TABLES:
        raise ServiceError("bad_request", detail=f"table must be one of {', '.join(TABLES)}")
    report = run_report(*requested_range())
    return Response(
        to_csv(report, table, language()),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{table}-{_filename(report, "csv")}"'},
    )


# /api/reports/<name>.docx: the name says which period the query's numbers pick; `report` takes any range.
DOCUMENTS = {
    "monthly": ("month", "month", 12),
    "quarterly": ("quarter", "quarter", 4),
    "half-year": ("half", "half", 2),
    "nine-months": ("nine_months", "", 1),
    "yearly": ("year", "", 1),
}


def document_range(name: str) -> tuple[str, str]:
    """The days of `name`.docx: ?year= and its month (1–12), quarter (1–4) or half (1–2); report.docx reads
    from/to or period/date like every other report."""
    if name == "report":
        return requested_range()
    if name not in DOCUMENTS:
        raise ServiceError("not_found", 404)
    kind, part, parts = DOCUMENTS[name]
    try:
        year = int(request.args.get("year") or hub().env.today()[:4])
        which = int(request.args.get(part) or 1) if part else 1
        if not (2000 <= year <= 2100 and 1 <= which <= parts):
            raise ValueError
    except ValueError:
        raise ServiceError(
            "bad_request", detail=f"year (2000–2100){f' and {part} (1–{parts})' if part else ''}"
        ) from None
    first_month = {"month": which, "quarter": 3 * which - 2, "half": 6 * which - 5}.get(kind, 1)
    start, end = period_range(kind, dt.date(year, first_month, 1))
    return start.isoformat(), end.isoformat()


def build_document(day_from: str, day_to: str) -> Any:
    """The period's document, with the period before and the same period a year earlier beside it (one run:
    the report carries both)."""
    report = run_report(day_from, day_to)
    today = dt.date.fromisoformat(hub().env.today())
    return report, report_document(report, None, load_options(get_db()), today, language())


@bp.get("/<name>.docx")
@auth.require("manager", "admin")
def export_docx(name: str) -> Any:
    report, document = build_document(*document_range(name))
    return Response(
        to_docx(document, language()),
        mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        headers={"Content-Disposition": f'attachment; filename="{_filename(report, "docx")}"'},
    )
