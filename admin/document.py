"""The report as an administrative document (Decree 30/2020/NĐ-CP): its parts as plain data, then as DOCX.

`report_document` turns a period's report, the previous period's and the centre's options into the parts of
the document in order; `to_docx` writes them with python-docx and the print page renders the same parts
(admin/templates/admin/_document.html), so Word and paper never say different things.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from admin import formats
from admin.formats import date, minutes, number, percent
from server.core.periods import kind_of, previous_range, year_earlier
from server.i18n import t

ROMAN = ("I", "II", "III", "IV")


# ---------------------------------------------------------------- periods


@dataclass(frozen=True)
class Period:
    kind: str  # month, quarter, half, nine_months, year, custom
    start: dt.date
    end: dt.date

    def name(self, lang: str) -> str:
        s = self.start
        params = {
            "month": s.month,
            "quarter": ROMAN[(s.month - 1) // 3],
            "year": s.year,
            "from": date(s),
            "to": date(self.end),
        }
        key = f"doc.period.{self.kind}" + ("_first" if self.kind == "half" and s.month == 1 else "")
        return t(key, lang, **params)

    def previous(self) -> Period:
        """The period before, to compare with (server.core.periods.previous_range)."""
        return Period(self.kind, *previous_range(self.start, self.end))

    def year_earlier(self) -> Period:
        """The same period a year earlier."""
        return Period(self.kind, *year_earlier(self.start, self.end))


def period_of(start: dt.date, end: dt.date) -> Period:
    """The reporting period these days make up: a month, quarter, half, 9 months, year, or a custom range."""
    return Period(kind_of(start, end), start, end)


# ---------------------------------------------------------------- the document's parts


@dataclass
class Table:
    head: list[str]
    rows: list[list[str]]
    total: bool = False  # the last row is a total (bold)


@dataclass
class Document:
    parent: str
    unit: str
    number: str
    place_date: str
    summary: str
    addressee: str
    motto: str
    freedom: str
    kind: str
    body: list[tuple[str, Any]] = field(default_factory=list)  # ("heading" | "para", text) or ("table", Table)
    signer_title: list[str] = field(default_factory=list)
    signer_name: str = ""
    recipients_title: str = ""
    recipients: list[str] = field(default_factory=list)


def _met(row: dict[str, Any], lang: str) -> str:
    if row["meets_target"] is None:
        return "—"
    return t("report.meets" if row["meets_target"] else "report.misses", lang)


def _change(now: float | None, before: float | None, kind: str, lang: str) -> str:
    if now is None or before is None:
        return "—"
    diff = now - before
    sign = "+" if diff > 0 else ("−" if diff < 0 else "")
    if kind == "pct":
        return f"{sign}{number(abs(diff) * 100, 1, lang)} {t('doc.points', lang)}"
    if kind == "min":
        return f"{sign}{minutes(abs(diff), lang)}"
    return f"{sign}{number(abs(diff), 0, lang)}"


def _shown(value: Any, kind: str, lang: str) -> str:
    return {"pct": percent, "min": minutes}.get(kind, lambda v, lg: number(v, 0, lg))(value, lang)


def _volumes(report: dict[str, Any], lang: str) -> list[tuple[str, Any]]:
    total = report["total"]
    rows = [
        [
            str(i),
            s["name"] if lang == "vi" else s.get("name_en", s["name"]),
            number(s["issued"], 0, lang),
            number(s["transferred_in"], 0, lang),
            number(s["served"], 0, lang),
            number(s["no_show"], 0, lang),
            minutes(s["avg_wait_s"], lang),
            minutes(s["avg_service_s"], lang),
        ]
        for i, s in enumerate(report["services"], start=1)
    ]
    rows.append(
        [
            "",
            t("report.total", lang),
            number(total["issued"], 0, lang),
            number(total["transferred_in"], 0, lang),
            number(total["served"], 0, lang),
            number(total["no_show"], 0, lang),
            minutes(total["avg_wait_s"], lang),
            minutes(total["avg_service_s"], lang),
        ]
    )
    head = [
        t(k, lang)
        for k in (
            "doc.col.no",
            "report.col.name",
            "report.col.issued",
            "doc.col.transferred_in",
            "report.col.served",
            "report.col.no_show",
            "report.col.avg_wait_s",
            "report.col.avg_service_s",
        )
    ]
    n = {
        k: number(total[k], 0, lang)
        for k in ("issued", "served", "no_show", "cancelled", "transferred", "transferred_in", "waiting_left")
    }
    whole = report["wait_target_s"] % 60 == 0
    return [
        ("heading", t("doc.h.volumes", lang)),
        ("para", t("doc.volumes", lang, **n)),
        ("table", Table(head, rows, total=True)),
        ("heading", t("doc.h.times", lang)),
        (
            "para",
            t(
                "doc.times",
                lang,
                avg=minutes(total["avg_wait_s"], lang),
                p90=minutes(total["p90_wait_s"], lang),
                max=minutes(total["max_wait_s"], lang),
                target=number(report["wait_target_s"] / 60, 0 if whole else 1, lang),
                within=percent(total["within_target"], lang),
                service=minutes(total["avg_service_s"], lang),
                service_p90=minutes(total["p90_service_s"], lang),
            ),
        ),
    ]


def _satisfaction(report: dict[str, Any], lang: str) -> list[tuple[str, Any]]:
    total = report["total"]
    head = [
        t(k, lang)
        for k in (
            "doc.col.no",
            "report.col.name",
            "report.col.rated",
            "report.col.dissatisfied",
            "report.col.satisfaction_rate",
            "doc.col.formula",
            "report.col.target",
            "doc.col.result",
        )
    ]

    def line(i: int | str, name: str, r: dict[str, Any]) -> list[str]:
        return [
            str(i),
            name,
            number(r["rated"], 0, lang),
            number(r["dissatisfied"], 0, lang),
            percent(r["satisfaction_rate"], lang),
            formats.formula(r["formula"], lang),
            percent(r["target"], lang),
            _met(r, lang),
        ]

    named_fields = [(s["name"] if lang == "vi" else s.get("name_en", s["name"]), s) for s in report["services"]]
    named_officers = [(c["name"] or c["username"] or "—", c) for c in report["clerks"]]
    fields = [line(i, name, s) for i, (name, s) in enumerate(named_fields, start=1)]
    fields.append(line("", t("report.total", lang), total))
    officers = [line(i, name, c) for i, (name, c) in enumerate(named_officers, start=1)]
    missed = [
        f"{s['name'] if lang == 'vi' else s.get('name_en', s['name'])} "
        f"({percent(s['satisfaction_rate'], lang)} / {percent(s['target'], lang)})"
        for s in report["services"]
        if s["meets_target"] is False
    ]
    missed_officers = [
        f"{c['name'] or c['username']} ({percent(c['satisfaction_rate'], lang)} / {percent(c['target'], lang)})"
        for c in report["clerks"]
        if c["meets_target"] is False
    ]
    reasons = formats.reasons(report["reasons"], lang)
    parts: list[tuple[str, Any]] = [
        ("heading", t("doc.h.satisfaction", lang)),
        ("para", formats.basis(report, lang)),
        (
            "para",
            t(
                "doc.satisfaction",
                lang,
                rated=number(total["rated"], 0, lang),
                share=percent(total["rated_share"], lang),
                satisfied=number(total["satisfied"], 0, lang),
                dissatisfied=number(total["dissatisfied"], 0, lang),
                rate=formats.rate_with_formula(total, lang),
                target=percent(total["target"], lang),
            ),
        ),
        ("heading", t("doc.h.by_field", lang)),
        ("table", Table(head, fields, total=True)),
        ("heading", t("doc.h.by_officer", lang)),
        ("table", Table([*head[:1], t("doc.col.officer", lang), *head[2:]], officers)),
        ("heading", t("doc.h.missed", lang)),
        ("para", t("doc.missed_fields", lang, names="; ".join(missed)) if missed else t("doc.all_fields_met", lang)),
        (
            "para",
            t("doc.missed_officers", lang, names="; ".join(missed_officers))
            if missed_officers
            else t("doc.all_officers_met", lang),
        ),
        ("heading", t("doc.h.dissatisfied", lang)),
        (
            "para",
            t("doc.dissatisfied", lang, n=number(total["dissatisfied"], 0, lang), reasons=reasons)
            if total["dissatisfied"]
            else t("doc.none_dissatisfied", lang),
        ),
    ]
    if total["dissatisfied"] and not reasons:
        parts[-1] = ("para", t("doc.dissatisfied_no_reason", lang, n=number(total["dissatisfied"], 0, lang)))
    for key, rows in (("doc.reasons_by_field", named_fields), ("doc.reasons_by_officer", named_officers)):
        items = [f"{name}: {formats.reasons(r['reasons'], lang, ', ')}" for name, r in rows if r["reasons"]]
        if items:
            parts.append(("para", t(key, lang, items="; ".join(items))))
    return [*parts, *_levels(report, named_fields, named_officers, lang)]


def _levels(
    report: dict[str, Any],
    fields: list[tuple[str, dict[str, Any]]],
    officers: list[tuple[str, dict[str, Any]]],
    lang: str,
) -> list[tuple[str, Any]]:
    """The ratings at each level (rất hài lòng, hài lòng, …) per field, in total and per officer."""
    keys = formats.level_keys(report)
    head = [
        t("doc.col.no", lang),
        t("report.col.name", lang),
        *[formats.level_name(k, keys, lang) for k in keys],
        t("report.col.rated", lang),
    ]

    def line(i: int | str, name: str, r: dict[str, Any]) -> list[str]:
        return [str(i), name, *[number(r["levels"].get(k, 0), 0, lang) for k in keys], number(r["rated"], 0, lang)]

    by_field = [line(i, name, r) for i, (name, r) in enumerate(fields, start=1)]
    by_field.append(line("", t("report.total", lang), report["total"]))
    by_officer = [line(i, name, r) for i, (name, r) in enumerate(officers, start=1)]
    return [
        ("heading", t("doc.h.levels", lang)),
        ("table", Table(head, by_field, total=True)),
        ("para", t("doc.h.levels_by_officer", lang)),
        ("table", Table([head[0], t("doc.col.officer", lang), *head[2:]], by_officer)),
    ]


COMPARED = [
    ("issued", "report.col.issued", "int"),
    ("served", "report.col.served", "int"),
    ("no_show", "report.col.no_show", "int"),
    ("avg_wait_s", "report.col.avg_wait_s", "min"),
    ("within_target", "report.col.within_target", "pct"),
    ("avg_service_s", "report.col.avg_service_s", "min"),
    ("rated", "report.col.rated", "int"),
    ("dissatisfied", "report.col.dissatisfied", "int"),
    ("satisfaction_rate", "report.col.satisfaction_rate", "pct"),
]


def _comparison(report: dict[str, Any], previous: dict[str, Any], period: Period, lang: str) -> list[tuple[str, Any]]:
    """The period's totals beside the period before's and, when that is not already the year before, beside the
    same period a year earlier's, with the change from each."""
    before, year = period.previous(), period.year_earlier()
    now = report["total"]
    earlier = [(before, previous["total"])]
    if (year.start, year.end) != (before.start, before.end) and "year_before" in report:
        earlier.append((year, report["year_before"]["total"]))
    head = [t("doc.col.figure", lang), t("doc.col.this_period", lang)]
    for when, _ in earlier:
        head += [when.name(lang), t("doc.col.change", lang)]
    rows = []
    for k, label, kind in COMPARED:
        row = [t(label, lang), _shown(now[k], kind, lang)]
        for _, then in earlier:
            row += [_shown(then[k], kind, lang), _change(now[k], then[k], kind, lang)]
        rows.append(row)
    rows.append(
        [t("doc.col.formula", lang), formats.formula(now["formula"], lang)]
        + [cell for _, then in earlier for cell in (formats.formula(then["formula"], lang), "")]
    )
    title = "doc.h.compare_both" if len(earlier) > 1 else "doc.h.compare"
    return [("heading", t(title, lang, period=before.name(lang).upper())), ("table", Table(head, rows))]


def report_document(
    report: dict[str, Any], previous: dict[str, Any] | None, options: dict[str, Any], today: dt.date, lang: str = "vi"
) -> Document:
    """The document's parts in order, from the figures (`compute`) of the period, which carry the period before
    and the same period a year earlier (`previous`, if given, stands for the period before)."""
    period = period_of(dt.date.fromisoformat(report["from"]), dt.date.fromisoformat(report["to"]))
    previous = previous or report["previous"]
    number_text = options["report_number"].strip() or "\u00a0" * 6
    title = options["report_signer_title"]
    return Document(
        parent=(options["report_parent_body"] or options["authority_name"]).upper(),
        unit=(options["report_unit"] or options["centre_name"]).upper(),
        number=t("doc.number", lang, number=number_text, symbol=options["report_symbol"]),
        place_date=t(
            "doc.place_date",
            lang,
            place=options["report_place"],
            d=f"{today.day:02d}",
            m=f"{today.month:02d}",
            y=today.year,
        ),
        summary=t("doc.summary", lang, period=period.name(lang)),
        addressee=t("doc.to", lang, name=options["report_addressee"]) if options["report_addressee"] else "",
        motto=t("doc.motto", lang),
        freedom=t("doc.freedom", lang),
        kind=t("doc.kind", lang),
        body=[
            ("para", t("doc.intro", lang, **{"from": date(period.start), "to": date(period.end)})),
            ("heading", t("doc.h.results", lang)),
            *_volumes(report, lang),
            *_satisfaction(report, lang),
            *_comparison(report, previous, period, lang),
        ],
        signer_title=[line.upper() for line in (title if isinstance(title, list) else [title])],
        signer_name=options["report_signer_name"],
        recipients_title=t("doc.recipients", lang),
        recipients=[f"- {r}" for r in options["report_recipients"]],
    )


# ---------------------------------------------------------------- DOCX


def to_docx(doc: Document, lang: str = "vi") -> bytes:
    """The document as DOCX: A4, margins 20/20/30/15 mm, Times New Roman 14 pt (13 pt in tables, 12 pt for the
    recipients), the header as a borderless two-by-two table like the decree's Appendix I."""
    from docx import Document as Docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    out = Docx()
    section = out.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = out.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(14)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), "Times New Roman")
    normal.paragraph_format.space_after = Pt(0)
    center, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
    doc_no = t("doc.col.no", lang)

    def para(
        where: Any,
        text: str,
        *,
        bold: bool = False,
        italic: bool = False,
        size: float | None = None,
        align: Any = None,
        indent: bool = False,
        after: float = 0,
        before: float = 0,
    ) -> Any:
        p = where.add_paragraph()
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
        if align is not None:
            p.alignment = align
        fmt = p.paragraph_format
        fmt.space_after, fmt.space_before = Pt(after), Pt(before)
        if indent:
            fmt.first_line_indent = Mm(10)
        return p

    def rule(where: Any, length_mm: float, room_mm: float) -> None:
        """The short line under the motto, the issuing body and the summary: an empty paragraph two points
        high with a bottom border, indented so that it is `length_mm` long and centred in `room_mm`."""
        p = where.add_paragraph()
        fmt = p.paragraph_format
        fmt.line_spacing, fmt.space_after = Pt(2), Pt(2)
        fmt.left_indent = fmt.right_indent = Mm((room_mm - length_mm) / 2)
        border = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
            bottom.set(qn(k), v)
        border.append(bottom)
        p._p.get_or_add_pPr().append(border)

    def table(rows: int, widths: list[float], style: str | None = None) -> Any:
        grid = out.add_table(rows=rows, cols=len(widths))
        if style:
            grid.style = style
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER
        grid.autofit = False
        for column, width in zip(grid.columns, widths, strict=True):
            column.width = Mm(width)  # LibreOffice reads the grid's widths, Word the cells'
        for row in grid.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Mm(width)
                cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
        return grid

    head = table(2, [65, 100])
    (left, right), (number_cell, date_cell) = head.rows[0].cells, head.rows[1].cells
    para(left, doc.parent, size=13, align=center)
    para(left, doc.unit, bold=True, size=13, align=center)
    rule(left, 25, 65)
    para(right, doc.motto, bold=True, size=13, align=center)
    para(right, doc.freedom, bold=True, size=14, align=center)
    rule(right, 60, 100)
    para(number_cell, doc.number, size=13, align=center, before=4)
    para(date_cell, doc.place_date, italic=True, size=14, align=center, before=4)

    para(out, doc.kind, bold=True, align=center, before=18)
    para(out, doc.summary, bold=True, align=center)
    rule(out, 40, 165)
    if doc.addressee:
        para(out, doc.addressee, align=center, before=6, after=12)
    for kind, content in doc.body:
        if kind == "table":
            name = 1 if content.head[0] == doc_no else 0  # the column of names, left-aligned and wide
            fixed = [10.0, 45.0] if name else [50.0]
            rest = (165 - sum(fixed)) / (len(content.head) - len(fixed))
            grid = table(1 + len(content.rows), [*fixed, *[rest] * (len(content.head) - len(fixed))], "Table Grid")
            for r, values in enumerate([content.head, *content.rows]):
                bold = r == 0 or (content.total and r == len(content.rows))
                for c, value in enumerate(values):
                    para(grid.cell(r, c), value, bold=bold, size=12, align=center if r == 0 or c != name else None)
            para(out, "", after=0)
        else:
            para(out, content, bold=kind == "heading", align=justify, indent=True, after=6)

    foot = table(1, [80, 85])
    left, right = foot.rows[0].cells
    para(left, doc.recipients_title, bold=True, italic=True, size=12)
    for line in doc.recipients:
        para(left, line, size=11)
    for line in doc.signer_title:
        para(right, line, bold=True, size=14, align=center)
    para(right, doc.signer_name, bold=True, size=14, align=center, before=72)  # room for signature and seal
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
