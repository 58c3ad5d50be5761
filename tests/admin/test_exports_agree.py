"""CSV, XLSX, the Word document, the print page and /cong-khai say the same figures, figure for figure, on a day
worked out by hand (written straight into a live server's tables, on the centre's today).

Field A (Chứng thực, target 90 %), counter 1, canbo1 ("Cán bộ quầy 1"):
  A001 issued 08:00, called 08:06 (wait 360 s),  served 08:07–08:17, rated 3/3 rất hài lòng
  A002 issued 08:02, called 08:20 (wait 1080 s), served 08:21–08:30, rated 1/3 không hài lòng (attitude, time)
  A003 issued 08:05, called 08:35 (wait 1800 s), no-show
  A004 issued 08:10, called 08:30 (wait 1200 s), served 08:31–08:40, rated 2/3 hài lòng
  → issued 4, served 3, average wait 4440 ÷ 4 = 1110 s = 18,5 min, 3 ratings, (3 − 1) ÷ 3 = 66,7 %,
    levels 1 / 1 / 1.
Field C (Đất đai, target 85 %), counter 4, canbo4 ("Cán bộ quầy 4"):
  C001 issued 08:00, called 08:04 (wait 240 s),  served 08:05–08:25, rated 2/3 hài lòng
  C002 issued 08:15, called 08:45 (wait 1800 s), served 08:46–09:00, not rated
  → issued 2, served 2, average wait 2040 ÷ 2 = 1020 s = 17,0 min, 1 rating, (1 − 0) ÷ 1 = 100,0 %,
    levels 0 / 1 / 0.
Total: issued 6, served 5, average wait 6480 ÷ 6 = 1080 s = 18,0 min, 4 ratings, (4 − 1) ÷ 4 = 75,0 %,
  levels 1 / 2 / 1.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.helpers import sql

TICKETS = [  # id, field, number, status, issued, called, started, ended, counter, clerk
    (1, "A", "A001", "done", "08:00", "08:06", "08:07", "08:17", 1, 2),
    (2, "A", "A002", "done", "08:02", "08:20", "08:21", "08:30", 1, 2),
    (3, "A", "A003", "no_show", "08:05", "08:35", None, "08:36", 1, 2),
    (4, "A", "A004", "done", "08:10", "08:30", "08:31", "08:40", 1, 2),
    (5, "C", "C001", "done", "08:00", "08:04", "08:05", "08:25", 4, 5),
    (6, "C", "C002", "done", "08:15", "08:45", "08:46", "09:00", 4, 5),
]
RATINGS = [(1, 3, "[]"), (2, 1, '["attitude", "time"]'), (4, 2, "[]"), (5, 2, "[]")]  # ticket, score, reasons

# (name, issued, served, average wait in minutes, ratings, satisfaction, formula, rất hài lòng, hài lòng, không)
EXPECTED = [
    ("Chứng thực", 4, 3, "18,5", 3, "66,7 %", "(3 − 1) ÷ 3", 1, 1, 1),
    ("Đất đai", 2, 2, "17,0", 1, "100,0 %", "(1 − 0) ÷ 1", 0, 1, 0),
    ("Tổng cộng", 6, 5, "18,0", 4, "75,0 %", "(4 − 1) ÷ 4", 1, 2, 1),
]
LEVELS = ["Rất hài lòng", "Hài lòng", "Không hài lòng"]


@pytest.fixture
def day(live):
    """A live server holding the hand-worked day, on the centre's today (so this month, quarter and year)."""
    server = live()
    today = dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()

    def at(hhmm):
        if hhmm is None:
            return None
        hh, mm = map(int, hhmm.split(":"))
        return dt.datetime.combine(today, dt.time(hh, mm), ZoneInfo("Asia/Ho_Chi_Minh")).timestamp()

    for tid, field, number, status, issued, called, started, ended, counter, clerk in TICKETS:
        sql(
            server,
            "INSERT INTO tickets (id, service, number, seq, day, status, token, issued_at, queued_at, arrived_at,"
            " called_at, last_called_at, started_at, ended_at, counter, clerk_id, calls)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
            tid,
            field,
            number,
            int(number[1:]),
            today.isoformat(),
            status,
            f"agree-{tid}",
            at(issued),
            at(issued),
            at(issued),
            at(called),
            at(called),
            at(started),
            at(ended),
            counter,
            clerk,
        )
    for tid, score, reasons in RATINGS:
        field, counter, clerk = next((t[1], t[8], t[9]) for t in TICKETS if t[0] == tid)
        sql(
            server,
            "INSERT INTO ratings (ticket_id, day, service, counter, clerk_id, score, scale, dissatisfied, reasons,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, 3, ?, ?, ?)",
            tid,
            today.isoformat(),
            field,
            counter,
            clerk,
            score,
            int(score == 1),
            reasons,
            at("09:30"),
        )
    return server, today


class Tables(HTMLParser):
    """Every <table> of a page as rows of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def test_every_export_and_the_public_page_agree_figure_for_figure(day, page):
    server, today = day
    manager = server.login("admin", "admin")
    span = f"from={today}&to={today}"

    # CSV: Vietnamese numbers, the formula beside the rate, a column per level.
    text = manager.get(f"{server.url}/api/reports/export.csv?{span}&table=services").content.decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text)))
    formula_head = "Cách tính: (số lượt đánh giá − không hài lòng) ÷ số lượt đánh giá"
    assert [
        (
            r["Lĩnh vực"],
            int(r["Số phiếu cấp"]),
            int(r["Đã phục vụ"]),
            r["Chờ TB (phút)"],
            int(r["Lượt đánh giá"]),
            r["Tỷ lệ hài lòng"],
            r[formula_head],
            *[int(r[f'Số lượt "{level}"']) for level in LEVELS],
        )
        for r in table
    ] == EXPECTED
    assert [(r["Lĩnh vực"], r["Lý do chưa hài lòng (số lượt)"]) for r in table] == [
        ("Chứng thực", "Thái độ cán bộ chưa tốt (1); Thời gian chờ, giải quyết lâu (1)"),
        ("Đất đai", ""),
        ("Tổng cộng", "Thái độ cán bộ chưa tốt (1); Thời gian chờ, giải quyết lâu (1)"),
    ]

    text = manager.get(f"{server.url}/api/reports/export.csv?{span}&table=reasons_by").content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text))) == [
        ["Theo", "Lĩnh vực / cán bộ", "Lý do", "Số lượt"],
        ["Lĩnh vực", "Chứng thực", "Thái độ cán bộ chưa tốt", "1"],
        ["Lĩnh vực", "Chứng thực", "Thời gian chờ, giải quyết lâu", "1"],
        ["Cán bộ", "Cán bộ quầy 1", "Thái độ cán bộ chưa tốt", "1"],
        ["Cán bộ", "Cán bộ quầy 1", "Thời gian chờ, giải quyết lâu", "1"],
    ]
    text = manager.get(f"{server.url}/api/reports/export.csv?{span}&table=compare").content.decode("utf-8-sig")
    day_before, year_before = (today - dt.timedelta(days=1)).strftime("%d/%m/%Y"), f"{today:%d/%m}/{today.year - 1}"
    assert [(r[0], r[1], r[2], r[4], r[5], r[12], r[13]) for r in csv.reader(io.StringIO(text))][1:] == [
        ("Kỳ này", f"{today:%d/%m/%Y}", f"{today:%d/%m/%Y}", "Chứng thực", "4", "66,7 %", "(3 − 1) ÷ 3"),
        ("Kỳ này", f"{today:%d/%m/%Y}", f"{today:%d/%m/%Y}", "Đất đai", "2", "100,0 %", "(1 − 0) ÷ 1"),
        ("Kỳ này", f"{today:%d/%m/%Y}", f"{today:%d/%m/%Y}", "Tổng cộng", "6", "75,0 %", "(4 − 1) ÷ 4"),
        ("Kỳ trước", day_before, day_before, "Tổng cộng", "0", "", "—"),  # the day before: nothing
        ("Cùng kỳ năm trước", year_before, year_before, "Tổng cộng", "0", "", "—"),
    ]

    # XLSX: the same figures as numbers (minutes, fractions shown as percent), dates as date cells.
    book = load_workbook(io.BytesIO(manager.get(f"{server.url}/api/reports/export.xlsx?{span}").content))
    sheet = book["Lĩnh vực"]
    head = [c.value for c in sheet[3]]
    cells = [dict(zip(head, row, strict=True)) for row in sheet.iter_rows(min_row=4, max_col=len(head))]
    assert [
        (
            c["Lĩnh vực"].value,
            c["Số phiếu cấp"].value,
            c["Đã phục vụ"].value,
            c["Chờ TB (phút)"].value,
            c["Lượt đánh giá"].value,
            c["Tỷ lệ hài lòng"].value,
            c[formula_head].value,
            *[c[f'Số lượt "{level}"'].value for level in LEVELS],
        )
        for c in cells
    ] == [
        ("Chứng thực", 4, 3, 18.5, 3, 0.6667, "(3 − 1) ÷ 3", 1, 1, 1),
        ("Đất đai", 2, 2, 17.0, 1, 1.0, "(1 − 0) ÷ 1", 0, 1, 0),
        ("Tổng cộng", 6, 5, 18.0, 4, 0.75, "(4 − 1) ÷ 4", 1, 2, 1),
    ]
    assert {(c["Tỷ lệ hài lòng"].number_format, c["Số phiếu cấp"].number_format) for c in cells} == {("0.0%", "#,##0")}
    for ws in book.worksheets:
        assert (ws["A2"].value, ws["B2"].value, ws["C2"].value, ws["D2"].value) == (
            "Từ ngày",
            dt.datetime.combine(today, dt.time()),
            "Đến ngày",
            dt.datetime.combine(today, dt.time()),
        )
        assert (ws["B2"].is_date, ws["B2"].number_format, ws["D2"].is_date) == (True, "dd/mm/yyyy", True)
    compare = book["So sánh các kỳ"]
    assert [
        (r[0].value, r[1].value, r[4].value, r[5].value, r[12].value)
        for r in compare.iter_rows(min_row=4)
        if r[0].value == "Kỳ này"
    ] == [
        ("Kỳ này", dt.datetime.combine(today, dt.time()), "Chứng thực", 4, 0.6667),
        ("Kỳ này", dt.datetime.combine(today, dt.time()), "Đất đai", 2, 1.0),
        ("Kỳ này", dt.datetime.combine(today, dt.time()), "Tổng cộng", 6, 0.75),
    ]
    assert compare["B4"].is_date and compare["B4"].number_format == "dd/mm/yyyy"

    # The Word document and the print page: volumes, satisfaction and levels tables.
    doc = Document(io.BytesIO(manager.get(f"{server.url}/api/reports/report.docx?{span}").content))
    docx_tables = [[[c.text for c in r.cells] for r in table.rows] for table in doc.tables]
    parser = Tables()
    parser.feed(manager.get(f"{server.url}/admin/reports/print?{span}").text)
    body_tables = parser.tables[1:-1]  # without the header and the signature's layout tables
    for tables in (docx_tables[1:-1], body_tables[: len(docx_tables) - 2]):
        volumes, satisfaction, _, levels, _ = tables[:5]
        assert [(r[1], r[2], r[4], r[6]) for r in volumes[1:]] == [
            (name, str(issued), str(served), wait) for name, issued, served, wait, *_ in EXPECTED
        ]
        assert [(r[1], r[2], r[4], r[5]) for r in satisfaction[1:]] == [
            (name, str(rated), rate, formula) for name, _, _, _, rated, rate, formula, *_ in EXPECTED
        ]
        assert levels[0][2:] == [*LEVELS, "Lượt đánh giá"]
        assert [(r[1], *r[2:6]) for r in levels[1:]] == [
            (name, str(a), str(b), str(c), str(rated)) for name, _, _, _, rated, _, _, a, b, c in EXPECTED
        ]
    docx_text = "\n".join(p.text for p in doc.paragraphs)
    assert "tỷ lệ hài lòng chung đạt 75,0 % = (4 − 1) ÷ 4" in docx_text
    assert "mẫu số: số lượt đánh giá." in docx_text
    # The print page's appendix has the CSV's table in the same words (the basis stated once above it).
    appendix = parser.tables[len(docx_tables) :]  # after the header, the body's tables and the signature
    services = appendix[0]
    assert [[r[services[0].index(h)] for h in ("Lĩnh vực", "Tỷ lệ hài lòng", "Cách tính")] for r in services[1:]] == [
        [name, rate, formula] for name, _, _, _, _, rate, formula, *_ in EXPECTED
    ]

    # /cong-khai: this month's table, drawn by the page's JavaScript.
    page.goto(f"{server.url}/cong-khai")
    month = page.locator('[data-period="month"] tbody tr')
    expect(month).to_have_count(3)
    shown = [
        (
            *month.nth(i).locator("th, td.num:not(.rate)").all_inner_texts()[:4],
            month.nth(i).locator(".rate strong").inner_text(),
        )
        for i in range(3)
    ]
    expect(page.locator(".public-basis")).to_have_text(
        "Theo Quyết định số 766/QĐ-TTg và Nghị định số 61/2018/NĐ-CP. Tỷ lệ hài lòng = (số lượt đánh giá − số lượt "
        '"không hài lòng") ÷ số lượt đánh giá.'
    )
    assert shown == [  # a screen keeps "66,7 %" on one line (a no-break space, as every screen writes it)
        ("Chứng thực", "3", "18,5 phút", "3", "66,7\xa0%"),
        ("Đất đai", "2", "17,0 phút", "1", "100,0\xa0%"),
        ("Toàn trung tâm", "5", "18,0 phút", "4", "75,0\xa0%"),
    ]


def test_an_english_csv_uses_english_numbers(day):
    server, today = day
    manager = server.login("admin", "admin")
    text = manager.get(
        f"{server.url}/api/reports/export.csv?from={today}&to={today}&table=services&lang=en"
    ).content.decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text)))
    assert [
        (r["Field"], r["Avg wait (min)"], r["Satisfaction rate"], r['"Very satisfied" ratings']) for r in table
    ] == [
        ("Certification", "18.5", "66.7%", "1"),
        ("Land", "17.0", "100.0%", "0"),
        ("Total", "18.0", "75.0%", "1"),
    ]
