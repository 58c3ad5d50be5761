"""Report tables as an XLSX workbook (Vietnamese headings, ready to print) and as CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

from server.i18n import t

# kind: int, min (seconds shown as minutes), pct, text
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
    "load": [("weekday", "weekday", "text"), ("hour", "hour", "int"), ("issued", "issued", "int")],
    "flagged": [
        ("day", "day", "text"),
        ("number", "number", "text"),
        ("service", "service", "text"),
        ("counter", "counter", "int"),
        ("clerk", "full_name", "text"),
        ("service_s", "service_s", "int"),
        ("staff_issued", "staff_issued", "text"),
        ("score", "score", "text"),
    ],
    "comments": [
        ("at", "at", "text"),
        ("number", "number", "text"),
        ("field", "field", "text"),
        ("counter_name", "counter", "text"),
        ("clerk", "officer", "text"),
        ("score", "score", "text"),
        ("dossier_code", "dossier_code", "text"),
        ("comment", "comment", "text"),
    ],
}


def rows(report: dict[str, Any], table: str, lang: str = "vi") -> list[dict[str, Any]]:
    if table == "reasons":
        return [{"reason": t(f"rating.reason.{k}", lang), "count": v} for k, v in report["reasons"].items()]
    if table == "load":
        return [{**r, "weekday": t(f"weekday.{r['weekday']}", lang)} for r in report["load"]]
    if table == "flagged":
        return [
            {
                **r,
                "day": "/".join(reversed(r["day"].split("-"))),
                "score": f"{r['score']}/{r['scale']}",
                "staff_issued": t("report.yes" if r["staff_issued"] else "report.no", lang),
            }
            for r in report["flags"]["flagged_ratings"]
        ]
    if table == "comments":
        return [
            {
                **r,
                "at": f"{r['at'][8:10]}/{r['at'][5:7]}/{r['at'][:4]} {r['at'][11:16]}",
                "field": f"{r['service']} {r['service_name']}",
                "score": f"{r['score']}/{r['scale']}",
            }
            for r in report["comments"]["listed"]
        ]
    if table in ("services", "dossiers"):
        return [*report["services"], {"service": "", "name": t("report.total", lang), **report["total"]}]
    return report["clerks" if table == "clerk_dossiers" else table]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would run as a formula (a counter named "=1+1") gets a quote in front (OWASP's advice
    against CSV injection); numbers, even negative ones, stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _value(value: Any, kind: str) -> Any:
    if value is None:
        return None
    return round(value / 60, 1) if kind == "min" else neutralise(value)


def headings(table: str, lang: str = "vi") -> list[str]:
    return [t(f"report.col.{heading}", lang) for _, heading, _ in TABLES[table]]


def to_csv(report: dict[str, Any], table: str, lang: str = "vi") -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headings(table, lang))
    for row in rows(report, table, lang):
        writer.writerow(["" if (v := _value(row.get(key), kind)) is None else v for key, _, kind in TABLES[table]])
    return "\ufeff" + out.getvalue()  # BOM: Excel opens Vietnamese CSV correctly


def to_xlsx(report: dict[str, Any], centre: str, lang: str = "vi") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin", color="999999")
    box = Border(top=thin, bottom=thin, left=thin, right=thin)
    for table, columns in TABLES.items():
        title = t(f"report.sheet.{table}", lang)
        ws = wb.create_sheet(title)
        ws.append([neutralise(f"{centre} — {title}")])
        ws.append([t("report.range", lang, **{"from": report["from"], "to": report["to"]})])
        ws["A1"].font = Font(bold=True, size=13)
        ws.append(headings(table, lang))
        for cell in ws[3]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor="0B4EA2")
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
            cell.border = box
        for row in rows(report, table, lang):
            ws.append([_value(row.get(key), kind) for key, _, kind in columns])
            for (_, _, kind), cell in zip(columns, ws[ws.max_row], strict=True):
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # openpyxl would store text starting with = as a formula
                cell.border = box
                cell.number_format = {"pct": "0.0%", "min": "0.0"}.get(kind, "General")
        for i, ((_, _, kind), heading) in enumerate(zip(columns, headings(table, lang), strict=True), start=1):
            ws.column_dimensions[get_column_letter(i)].width = 30 if kind == "text" else max(10, len(heading) // 2 + 4)
        ws.freeze_panes = "A4"
        ws.print_title_rows = "3:3"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
