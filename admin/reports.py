"""Report endpoints for managers: the figures as JSON, the per-service summary, XLSX and CSV exports."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from typing import Any

from flask import Blueprint, Response, jsonify, request

from admin.export import TABLES, to_csv, to_xlsx
from server import auth
from server.core.periods import PERIODS, period_range
from server.options import load_options
from server.reports import summary
from server.services.base import ServiceError
from server.web import get_db, hub

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
    result = subprocess.run([sys.executable, "-m", "server.reports", h.db_path, day_from, day_to, h.env.tz,
                             h.env.today()],
                            capture_output=True, text=True, timeout=300)
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
    data = to_xlsx(report, load_options(get_db())["centre_name"])
    return Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{_filename(report, "xlsx")}"'})


@bp.get("/export.csv")
@auth.require("manager", "admin")
def export_csv() -> Any:
    table = request.args.get("table", "services")
    if table not in TABLES:
        raise ServiceError("bad_request", detail=f"table must be one of {', '.join(TABLES)}")
    report = run_report(*requested_range())
    return Response(to_csv(report, table), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{table}-{_filename(report, "csv")}"'})
