"""Report tables as an XLSX workbook (Vietnamese headings, real numbers and dates, ready to print), as CSV and
as the print page's appendix: one description of each table serves all three."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from admin import formats
from server.i18n import t

# kind: int, min (seconds shown as minutes), pct, text, date (YYYY-MM-DD), datetime (ISO with its zone)
# Outcomes add up: issued + transferred_in = served + no_show + transferred + cancelled + expired + still_open.
_FIGURES = [
    ("issued", "int"),
    ("transferred_in", "int"),
    ("served", "int"),
    ("no_show", "int"),
    ("transferred", "int"),
    ("cancelled", "int"),
    ("expired", "int"),
    ("still_open", "int"),
    ("avg_wait_s", "min"),
    ("median_wait_s", "min"),
    ("p90_wait_s", "min"),
    ("max_wait_s", "min"),
    ("within_target", "pct"),
    ("avg_service_s", "min"),
    ("p90_service_s", "min"),
    ("priority_share", "pct"),
    ("rated", "int"),
    ("satisfied", "int"),
    ("dissatisfied", "int"),
    ("satisfaction_rate", "pct"),
    ("target", "pct"),
    ("rated_share", "pct"),
]
# Satisfaction per dossier (QĐ 766), beside the per-rating rate.
_DOSSIERS = [
    ("dossiers", "int"),
    ("dossiers_dissatisfied", "int"),
    ("dossier_satisfaction_rate", "pct"),
    ("target", "pct"),
    ("served_without_dossier", "int"),
    ("satisfaction_rate", "pct"),
]
# table -> [(key in the row, heading key, kind)]
TABLES: dict[str, list[tuple[str, str, str]]] = {
    "services": [("service", "service", "text"), ("name", "name", "text"), *[(k, k, c) for k, c in _FIGURES]],
    "counters": [("counter", "counter", "int"), ("name", "counter_name", "text"), *[(k, k, c) for k, c in _FIGURES]],
    "clerks": [
        ("username", "username", "text"),
        ("name", "full_name", "text"),
        *[(k, k, c) for k, c in _FIGURES],
        ("flagged_rated", "flagged_rated", "int"),
    ],
    "dossiers": [("service", "service", "text"), ("name", "name", "text"), *[(k, k, c) for k, c in _DOSSIERS]],
    "clerk_dossiers": [
        ("username", "username", "text"),
        ("name", "full_name", "text"),
        *[(k, k, c) for k, c in _DOSSIERS],
    ],
    "reasons": [("reason", "reason", "text"), ("count", "count", "int")],
    "reasons_by": [
        ("by", "by", "text"),
        ("name", "who", "text"),
        ("reason", "reason", "text"),
        ("count", "count", "int"),
    ],
    "load": [("weekday", "weekday", "text"), ("hour", "hour", "int"), ("issued", "issued", "int")],
    "flagged": [
        ("day", "day", "date"),
        ("number", "number", "text"),
        ("service", "service", "text"),
        ("counter", "counter", "int"),
        ("clerk", "full_name", "text"),
        ("service_s", "service_s", "int"),
        ("staff_issued", "staff_issued", "text"),
        ("score", "score", "text"),
    ],
    "comments": [
        ("at", "at", "datetime"),
        ("number", "number", "text"),
        ("field", "field", "text"),
        ("counter_name", "counter", "text"),
        ("clerk", "officer", "text"),
        ("score", "score", "text"),
        ("dossier_code", "dossier_code", "text"),
        ("comment", "comment", "text"),
    ],
    # Each period beside the one before and the same period a year earlier: the total and each field.
    "compare": [
        ("period", "period", "text"),
        ("from", "from", "date"),
        ("to", "to", "date"),
        ("service", "service", "text"),
        ("name", "name", "text"),
        ("issued", "issued", "int"),
        ("served", "served", "int"),
        ("no_show", "no_show", "int"),
        ("avg_wait_s", "avg_wait_s", "min"),
        ("within_target", "within_target", "pct"),
        ("rated", "rated", "int"),
        ("dissatisfied", "dissatisfied", "int"),
        ("satisfaction_rate", "satisfaction_rate", "pct"),
        ("formula", "formula", "text"),
    ],
}


def _level(rating: dict[str, Any], lang: str) -> str:
    """A rating's level as the tablet named it, then its place on the scale: "Không hài lòng (1/3)"."""
    key = f"{rating['score']}/{rating['scale']}"
    return f"{formats.level_name(key, [key], lang)} ({key})"


RATED_TABLES = ("services", "counters", "clerks")  # these carry the formula and the counts per level
REASON_TABLES = ("services", "clerks")  # and these the reasons


def columns(report: dict[str, Any], table: str, lang: str = "vi") -> list[tuple[str, str, str]]:
    """(key in the row, heading, kind) of a table: TABLES' columns, then for the satisfaction tables the formula
    beside the rate (its heading says the denominator), one column per level answered, and the reasons."""
    out = [(key, t(f"report.col.{heading}", lang), kind) for key, heading, kind in TABLES[table]]
    if table not in RATED_TABLES:
        return out
    at = [key for key, _, _ in out].index("satisfaction_rate") + 1
    basis = report.get("satisfaction_basis", "rated")
    out.insert(at, ("formula", t(f"report.formula_head.{basis}", lang), "text"))
    keys = formats.level_keys(report)
    out += [(f"level:{k}", t("report.col.level", lang, name=formats.level_name(k, keys, lang)), "int") for k in keys]
    if table in REASON_TABLES:
        out.append(("reasons_text", t("report.col.reasons", lang), "text"))
    return out


def _rated(row: dict[str, Any], keys: list[str], lang: str) -> dict[str, Any]:
    return {
        **row,
        "formula": formats.formula(row["formula"], lang),
        **{f"level:{k}": row["levels"].get(k, 0) for k in keys},
        "reasons_text": formats.reasons(row.get("reasons", {}), lang),
    }


def _compared(report: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    out = []
    for kind, period in (("this", report), ("previous", report["previous"]), ("year_before", report["year_before"])):
        for row in [*period["services"], {"service": "", "name": t("report.total", lang), **period["total"]}]:
            out.append(
                {
                    **row,
                    "name": row["name"] if lang == "vi" else row.get("name_en", row["name"]),
                    "period": formats.period_name(kind, lang),
                    "from": period["from"],
                    "to": period["to"],
                    "formula": formats.formula(row["formula"], lang),
                }
            )
    return out


def rows(report: dict[str, Any], table: str, lang: str = "vi") -> list[dict[str, Any]]:
    if table == "reasons":
        return [{"reason": formats.reason_name(k, lang), "count": v} for k, v in report["reasons"].items()]
    if table == "reasons_by":
        by = [(t("report.col.field", lang), s["name"] if lang == "vi" else s["name_en"], s) for s in report["services"]]
        by += [(t("report.col.officer", lang), c["name"] or c["username"] or "—", c) for c in report["clerks"]]
        return [
            {"by": kind, "name": name, "reason": formats.reason_name(k, lang), "count": n}
            for kind, name, row in by
            for k, n in row["reasons"].items()
        ]
    if table == "compare":
        return _compared(report, lang)
    if table == "load":
        return [{**r, "weekday": t(f"weekday.{r['weekday']}", lang)} for r in report["load"]]
    if table == "flagged":
        return [
            {
                **r,
                "score": _level(r, lang),
                "staff_issued": t("report.yes" if r["staff_issued"] else "report.no", lang),
            }
            for r in report["flags"]["flagged_ratings"]
        ]
    if table == "comments":
        return [
            {**r, "field": f"{r['service']} {r['service_name']}", "score": _level(r, lang)}
            for r in report["comments"]["listed"]
        ]
    if table in ("services", "dossiers"):
        fields = [{**s, "name": s["name"] if lang == "vi" else s.get("name_en", s["name"])} for s in report["services"]]
        listed = [*fields, {"service": "", "name": t("report.total", lang), **report["total"]}]
    else:
        listed = report["clerks" if table == "clerk_dossiers" else table]
    if table not in RATED_TABLES:
        return listed
    keys = formats.level_keys(report)
    return [_rated(r, keys, lang) for r in listed]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would run as a formula (a counter named "=1+1") gets a quote in front (OWASP's advice
    against CSV injection); numbers, even negative ones, stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def cell(value: Any, kind: str) -> Any:
    """A workbook cell's value: numbers as numbers (minutes from seconds), dates as dates, text neutralised."""
    if value is None:
        return None
    if kind == "min":
        return round(value / 60, 1)
    if kind == "date":
        return dt.date.fromisoformat(value)
    if kind == "datetime":  # the centre's own time of day (a workbook has no time zones)
        return dt.datetime.fromisoformat(value).replace(tzinfo=None)
    return neutralise(value)


def text(value: Any, kind: str, lang: str = "vi", empty: str = "") -> str:
    """A figure as people read it: 1.234, 17,3 (minutes), 90,5 %, dd/mm/yyyy — English formats when lang=en."""
    if value is None:
        return empty
    if kind == "int" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return formats.number(value, 0, lang)
    if kind == "min":
        return formats.minutes(value, lang)
    if kind == "pct":
        return formats.percent(value, lang)
    if kind == "date":
        return formats.date(value)
    if kind == "datetime":
        return dt.datetime.fromisoformat(value).strftime("%d/%m/%Y %H:%M")
    return str(value)


def headings(table: str, lang: str = "vi") -> list[str]:
    """TABLES' headings of a table (the satisfaction tables add columns per report: `columns`)."""
    return [t(f"report.col.{heading}", lang) for _, heading, _ in TABLES[table]]


def to_csv(report: dict[str, Any], table: str, lang: str = "vi") -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    cols = columns(report, table, lang)
    writer.writerow([neutralise(heading) for _, heading, _ in cols])
    for row in rows(report, table, lang):
        writer.writerow([neutralise(text(row.get(key), kind, lang)) for key, _, kind in cols])
    return "\ufeff" + out.getvalue()  # BOM: Excel opens Vietnamese CSV correctly


NUMBER_FORMATS = {
    "int": "#,##0",
    "pct": "0.0%",
    "min": "0.0",
    "date": "dd/mm/yyyy",
    "datetime": "dd/mm/yyyy hh:mm",
}


def to_xlsx(report: dict[str, Any], centre: str, lang: str = "vi") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin", color="999999")
    box = Border(top=thin, bottom=thin, left=thin, right=thin)
    for table in TABLES:
        cols = columns(report, table, lang)
        title = t(f"report.sheet.{table}", lang)
        ws = wb.create_sheet(title)
        ws.append([neutralise(f"{centre} — {title}")])
        ws.append(
            [
                t("report.col.from", lang),
                dt.date.fromisoformat(report["from"]),
                t("report.col.to", lang),
                dt.date.fromisoformat(report["to"]),
                formats.basis(report, lang),
            ]
        )
        for date_cell in (ws["B2"], ws["D2"]):
            date_cell.number_format = NUMBER_FORMATS["date"]
        ws["A1"].font = Font(bold=True, size=13)
        ws.append([heading for _, heading, _ in cols])
        for heading_cell in ws[3]:
            heading_cell.font = Font(bold=True, color="FFFFFF")
            heading_cell.fill = PatternFill("solid", fgColor="0B4EA2")
            heading_cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
            heading_cell.border = box
        for row in rows(report, table, lang):
            ws.append([cell(row.get(key), kind) for key, _, kind in cols])
            for (_, _, kind), written in zip(cols, ws[ws.max_row][: len(cols)], strict=True):
                if isinstance(written.value, str):
                    written.data_type = "s"  # openpyxl would store text starting with = as a formula
                written.border = box
                written.number_format = NUMBER_FORMATS.get(kind, "General")
        for i, (_, heading, kind) in enumerate(cols, start=1):
            ws.column_dimensions[get_column_letter(i)].width = 30 if kind == "text" else max(11, len(heading) // 2 + 4)
        ws.freeze_panes = "A4"
        ws.print_title_rows = "3:3"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    for ws in wb.worksheets:  # text cells of row 2 too (the basis sentence) stay text
        for c in ws[2]:
            if isinstance(c.value, str):
                c.data_type = "s"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
