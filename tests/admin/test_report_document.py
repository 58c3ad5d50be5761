"""The report as a Word document laid out by Decree 30/2020/NĐ-CP, and its print page, on the hand-worked dataset."""

import io
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest
from docx import Document
from docx.shared import Pt

from admin.document import minutes, number, percent
from tests.admin import test_reports

dataset, manager = test_reports.dataset, test_reports.manager  # the hand-worked days, a manager logged in

HEADER_OPTIONS = {
    "report_parent_body": "UBND xã Dân Tiến",
    "report_unit": "Bộ phận Một cửa",
    "report_place": "Dân Tiến",
    "report_symbol": "BC-BPMC",
    "report_number": "",
    "report_addressee": "Ủy ban nhân dân tỉnh Thái Nguyên",
    "report_signer_title": ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
    "report_signer_name": "Nguyễn Văn An",
    "report_recipients": ["Như trên;", "Chủ tịch UBND xã;", "Lưu: VT, BPMC."],
}
BLANK = "\u00a0" * 6  # room to write the number when the report is registered


@pytest.fixture
def headed(manager):
    r = manager.put("/api/admin/options", json=HEADER_OPTIONS)
    assert r.status_code == 200, r.json
    return manager


def _text(element):
    return "".join(t.text or "" for t in element.iter() if t.tag.endswith("}t"))


def blocks(doc):
    """The document in reading order: ("p", text) for a paragraph, ("row", [cell texts]) for each table row."""
    out = []
    for block in doc.element.body.iterchildren():
        if block.tag.endswith("}p") and _text(block):
            out.append(("p", _text(block)))
        elif block.tag.endswith("}tbl"):
            out += [
                (
                    "row",
                    [
                        "\n".join(_text(p) for p in cell if p.tag.endswith("}p") and _text(p))
                        for cell in row
                        if cell.tag.endswith("}tc")
                    ],
                )
                for row in block
                if row.tag.endswith("}tr")
            ]
    return out


def find(doc, text):
    """The paragraph (in the body or a table) whose text is `text`."""
    candidates = [
        *doc.paragraphs,
        *(p for table in doc.tables for row in table.rows for cell in row.cells for p in cell.paragraphs),
    ]
    [found] = [p for p in candidates if p.text == text][:1]
    return found


def has_rule_beneath(paragraph):
    after = paragraph._p.getnext()
    return (
        after is not None
        and not _text(after)
        and after.find(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr") is not None
    )


QUARTER_4 = [
    ("row", ["UBND XÃ DÂN TIẾN\nBỘ PHẬN MỘT CỬA", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"]),
    ("row", [f"Số: {BLANK}/BC-BPMC", "Dân Tiến, ngày 15 tháng 10 năm 2026"]),
    ("p", "BÁO CÁO"),
    ("p", "Kết quả tiếp nhận, phục vụ và mức độ hài lòng của người dân, doanh nghiệp quý IV năm 2026"),
    ("p", "Kính gửi: Ủy ban nhân dân tỉnh Thái Nguyên."),
    (
        "p",
        "Thực hiện nhiệm vụ tiếp nhận, giải quyết thủ tục hành chính và đánh giá mức độ hài lòng của người dân, "
        "doanh nghiệp theo Quyết định số 766/QĐ-TTg, đơn vị báo cáo kết quả từ ngày 01/10/2026 đến ngày 31/12/2026 "
        "như sau:",
    ),
    ("p", "I. KẾT QUẢ THỰC HIỆN"),
    ("p", "1. Số lượt tiếp nhận, phục vụ theo lĩnh vực"),
    (
        "p",
        "Trong kỳ, hệ thống đã cấp 4 số thứ tự; đã phục vụ xong 2 lượt; vắng mặt 0 lượt; hủy 1 lượt; chuyển sang "
        "lĩnh vực khác 1 lượt (nhận chuyển đến 1 lượt); còn chờ 1 lượt.",
    ),
    (
        "row",
        [
            "STT",
            "Lĩnh vực",
            "Số phiếu cấp",
            "Nhận chuyển đến",
            "Đã phục vụ",
            "Vắng mặt",
            "Chờ TB (phút)",
            "Phục vụ TB (phút)",
        ],
    ),
    ("row", ["1", "Chứng thực", "2", "0", "0", "0", "—", "—"]),
    ("row", ["2", "Hộ tịch", "2", "0", "1", "0", "22,0", "5,0"]),  # waits 20 and 24 min; B001 served in 5
    ("row", ["3", "Đất đai", "0", "1", "1", "0", "10,0", "10,0"]),  # B002 moved at 9:30, called 9:40, done 9:51
    ("row", ["", "Tổng cộng", "4", "1", "2", "0", "18,0", "7,5"]),
    ("p", "2. Thời gian chờ và thời gian phục vụ"),
    (
        "p",
        "Thời gian chờ trung bình 18,0 phút; 90 % công dân chờ không quá 24,0 phút; lâu nhất 24,0 phút. Tỷ lệ được "
        "gọi trong 15 phút (chỉ tiêu): 33,3 %. Thời gian phục vụ trung bình 7,5 phút (90 % không quá 10,0 phút).",
    ),
    ("p", "3. Mức độ hài lòng của người dân, doanh nghiệp"),
    (
        "p",
        'Tỷ lệ hài lòng = (số lượt đánh giá − số lượt "không hài lòng") ÷ số lượt đánh giá (Quyết định số '
        "766/QĐ-TTg); mẫu số: số lượt đánh giá.",
    ),
    (
        "p",
        'Có 1 lượt đánh giá (50,0 % số lượt đã phục vụ), trong đó 1 lượt hài lòng trở lên và 0 lượt "không hài '
        'lòng"; tỷ lệ hài lòng chung đạt 100,0 % = (1 − 0) ÷ 1 (chỉ tiêu 90,0 %).',
    ),
    ("p", "a) Theo lĩnh vực"),
    (
        "row",
        ["STT", "Lĩnh vực", "Lượt đánh giá", "Không hài lòng", "Tỷ lệ hài lòng", "Cách tính", "Chỉ tiêu", "Kết quả"],
    ),
    ("row", ["1", "Chứng thực", "0", "0", "—", "—", "90,0 %", "—"]),
    ("row", ["2", "Hộ tịch", "1", "0", "100,0 %", "(1 − 0) ÷ 1", "90,0 %", "Đạt"]),
    ("row", ["3", "Đất đai", "0", "0", "—", "—", "85,0 %", "—"]),
    ("row", ["", "Tổng cộng", "1", "0", "100,0 %", "(1 − 0) ÷ 1", "90,0 %", "Đạt"]),
    ("p", "b) Theo cán bộ"),
    (
        "row",
        ["STT", "Cán bộ", "Lượt đánh giá", "Không hài lòng", "Tỷ lệ hài lòng", "Cách tính", "Chỉ tiêu", "Kết quả"],
    ),
    ("row", ["1", "Cán bộ quầy 2", "1", "0", "100,0 %", "(1 − 0) ÷ 1", "90,0 %", "Đạt"]),
    ("row", ["2", "Cán bộ quầy 4", "0", "0", "—", "—", "90,0 %", "—"]),
    ("p", "c) Lĩnh vực, cán bộ chưa đạt chỉ tiêu"),
    ("p", "Các lĩnh vực có đánh giá đều đạt chỉ tiêu."),
    ("p", "Các cán bộ có đánh giá đều đạt chỉ tiêu."),
    ("p", 'd) Ý kiến "không hài lòng" và lý do'),
    ("p", 'Không có lượt "không hài lòng".'),
    ("p", "đ) Số lượt đánh giá theo từng mức"),  # every level of the 3-level scale, B001's "hài lòng" alone
    ("row", ["STT", "Lĩnh vực", "Rất hài lòng", "Hài lòng", "Không hài lòng", "Lượt đánh giá"]),
    ("row", ["1", "Chứng thực", "0", "0", "0", "0"]),
    ("row", ["2", "Hộ tịch", "0", "1", "0", "1"]),
    ("row", ["3", "Đất đai", "0", "0", "0", "0"]),
    ("row", ["", "Tổng cộng", "0", "1", "0", "1"]),
    ("p", "Theo cán bộ:"),
    ("row", ["STT", "Cán bộ", "Rất hài lòng", "Hài lòng", "Không hài lòng", "Lượt đánh giá"]),
    ("row", ["1", "Cán bộ quầy 2", "0", "1", "0", "1"]),
    ("row", ["2", "Cán bộ quầy 4", "0", "0", "0", "0"]),
    ("p", "II. SO SÁNH VỚI QUÝ III NĂM 2026 VÀ CÙNG KỲ NĂM TRƯỚC"),
    (
        "row",
        ["Nội dung", "Kỳ này", "quý III năm 2026", "Tăng (+) / giảm (−)", "quý IV năm 2025", "Tăng (+) / giảm (−)"],
    ),  # nothing happened in the fourth quarter of 2025
    ("row", ["Số phiếu cấp", "4", "3", "+1", "0", "+4"]),
    ("row", ["Đã phục vụ", "2", "2", "0", "0", "+2"]),
    ("row", ["Vắng mặt", "0", "1", "−1", "0", "0"]),
    ("row", ["Chờ TB (phút)", "18,0", "16,7", "+1,3", "—", "—"]),  # 30 September: waits of 10, 16 and 24 min
    ("row", ["Tỷ lệ chờ trong chỉ tiêu", "33,3 %", "33,3 %", "0,0 điểm %", "—", "—"]),
    ("row", ["Phục vụ TB (phút)", "7,5", "15,0", "−7,5", "—", "—"]),
    ("row", ["Lượt đánh giá", "1", "2", "−1", "0", "+1"]),
    ("row", ["Không hài lòng", "0", "1", "−1", "0", "0"]),
    ("row", ["Tỷ lệ hài lòng", "100,0 %", "50,0 %", "+50,0 điểm %", "—", "—"]),
    ("row", ["Cách tính", "(1 − 0) ÷ 1", "(2 − 1) ÷ 2", "", "—", ""]),  # 30 September: rated 3/3 and 1/3
    (
        "row",
        ["Nơi nhận:\n- Như trên;\n- Chủ tịch UBND xã;\n- Lưu: VT, BPMC.", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn An"],
    ),
]


def test_the_quarterly_report_is_a_decree_30_document_with_every_part_in_order(dataset, headed):
    response = headed.get("/api/reports/quarterly.docx?year=2026&quarter=4")
    assert (response.status_code, response.headers["Content-Type"], response.headers["Content-Disposition"]) == (
        200,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        'attachment; filename="bao-cao-2026-10-01-2026-12-31.docx"',
    )
    doc = Document(io.BytesIO(response.data))
    assert blocks(doc) == QUARTER_4


def test_the_document_is_typed_and_laid_out_as_the_decree_asks(dataset, headed):
    doc = Document(io.BytesIO(headed.get("/api/reports/quarterly.docx?year=2026&quarter=4").data))
    section = doc.sections[0]
    assert [
        round(length.mm)
        for length in (
            section.page_width,
            section.page_height,
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ] == [210, 297, 20, 20, 30, 15]  # A4; margins in mm (Word keeps twentieths of a point)
    assert (doc.styles["Normal"].font.name, doc.styles["Normal"].font.size) == ("Times New Roman", Pt(14))
    look = {
        text: (
            find(doc, text).runs[0].bold,
            find(doc, text).runs[0].italic,
            (find(doc, text).runs[0].font.size or Pt(14)).pt,
            has_rule_beneath(find(doc, text)),
        )
        for text in (
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "UBND XÃ DÂN TIẾN",
            "BỘ PHẬN MỘT CỬA",
            f"Số: {BLANK}/BC-BPMC",
            "Dân Tiến, ngày 15 tháng 10 năm 2026",
            "BÁO CÁO",
            "Nơi nhận:",
            "Nguyễn Văn An",
        )
    }
    assert look == {  # (bold, italic, size, a rule beneath)
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM": (True, False, 13, False),
        "Độc lập - Tự do - Hạnh phúc": (True, False, 14, True),
        "UBND XÃ DÂN TIẾN": (False, False, 13, False),
        "BỘ PHẬN MỘT CỬA": (True, False, 13, True),
        f"Số: {BLANK}/BC-BPMC": (False, False, 13, False),
        "Dân Tiến, ngày 15 tháng 10 năm 2026": (False, True, 14, False),
        "BÁO CÁO": (True, False, 14, False),
        "Nơi nhận:": (True, True, 12, False),
        "Nguyễn Văn An": (True, False, 14, False),
    }


def test_the_document_has_the_figures_of_the_json_report(dataset, headed):
    report = headed.get("/api/reports?period=quarter&date=2026-10-01").json
    rows = [
        r
        for kind, r in blocks(Document(io.BytesIO(headed.get("/api/reports/quarterly.docx?year=2026&quarter=4").data)))
        if kind == "row"
    ]
    total = report["total"]
    assert (
        rows[6]
        == [
            "",
            "Tổng cộng",
            number(total["issued"]),
            number(total["transferred_in"]),
            number(total["served"]),
            number(total["no_show"]),
            minutes(total["avg_wait_s"]),
            minutes(total["avg_service_s"]),
        ]
        == ["", "Tổng cộng", "4", "1", "2", "0", "18,0", "7,5"]
    )
    assert rows[11] == [
        "",
        "Tổng cộng",
        number(total["rated"]),
        number(total["dissatisfied"]),
        percent(total["satisfaction_rate"]),
        f"({number(total['formula']['denominator'])} − {number(total['formula']['dissatisfied'])}) ÷ "
        f"{number(total['formula']['denominator'])}",
        percent(total["target"]),
        "Đạt",
    ]
    assert [r[1:5] for r in rows[3:6]] == [
        [s["name"], number(s["issued"]), number(s["transferred_in"]), number(s["served"])] for s in report["services"]
    ]


def test_fields_and_officers_below_target_and_the_reasons_of_the_dissatisfied(dataset, headed):
    doc = Document(io.BytesIO(headed.get("/api/reports/report.docx?from=2026-09-30&to=2026-10-01").data))
    text = [t for kind, t in blocks(doc) if kind == "p"]
    start = text.index("c) Lĩnh vực, cán bộ chưa đạt chỉ tiêu")
    assert text[start:] == [
        "c) Lĩnh vực, cán bộ chưa đạt chỉ tiêu",
        "Lĩnh vực chưa đạt chỉ tiêu (tỷ lệ / chỉ tiêu): Chứng thực (50,0 % / 90,0 %).",
        "Cán bộ chưa đạt chỉ tiêu (tỷ lệ / chỉ tiêu): Cán bộ quầy 1 (50,0 % / 90,0 %).",
        'd) Ý kiến "không hài lòng" và lý do',
        'Có 1 lượt "không hài lòng"; lý do người dân chọn (số lượt): Thái độ cán bộ chưa tốt (1); Thời gian chờ, '
        "giải quyết lâu (1).",
        "Theo lĩnh vực: Chứng thực: Thái độ cán bộ chưa tốt (1), Thời gian chờ, giải quyết lâu (1).",
        "Theo cán bộ: Cán bộ quầy 1: Thái độ cán bộ chưa tốt (1), Thời gian chờ, giải quyết lâu (1).",
        "đ) Số lượt đánh giá theo từng mức",
        "Theo cán bộ:",
        "II. SO SÁNH VỚI TỪ NGÀY 28/09/2026 ĐẾN NGÀY 29/09/2026 VÀ CÙNG KỲ NĂM TRƯỚC",
    ]
    assert text[1] == (
        "Kết quả tiếp nhận, phục vụ và mức độ hài lòng của người dân, doanh nghiệp từ ngày 30/09/2026 "
        "đến ngày 01/10/2026"
    )


@pytest.mark.parametrize(
    ("query", "days", "summary", "before"),
    [
        ("monthly.docx?year=2026&month=9", "2026-09-01-2026-09-30", "tháng 9 năm 2026", "tháng 8 năm 2026"),
        ("half-year.docx?year=2026&half=2", "2026-07-01-2026-12-31", "6 tháng cuối năm 2026", "6 tháng đầu năm 2026"),
        ("nine-months.docx?year=2026", "2026-01-01-2026-09-30", "9 tháng năm 2026", "9 tháng năm 2025"),
        ("yearly.docx?year=2026", "2026-01-01-2026-12-31", "năm 2026", "năm 2025"),
        ("report.docx?period=quarter&date=2026-08-20", "2026-07-01-2026-09-30", "quý III năm 2026", "quý II năm 2026"),
    ],
)
def test_a_month_six_and_nine_months_and_the_year(dataset, headed, query, days, summary, before):
    response = headed.get(f"/api/reports/{query}")
    assert response.headers["Content-Disposition"] == f'attachment; filename="bao-cao-{days}.docx"'
    text = [t for kind, t in blocks(Document(io.BytesIO(response.data))) if kind == "p"]
    both = "" if query.startswith(("nine", "yearly")) else " VÀ CÙNG KỲ NĂM TRƯỚC"  # there the same period
    assert (text[1], [t for t in text if t.startswith("II. ")]) == (
        f"Kết quả tiếp nhận, phục vụ và mức độ hài lòng của người dân, doanh nghiệp {summary}",
        [f"II. SO SÁNH VỚI {before.upper()}{both}"],
    )


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("quarterly.docx?year=2026&quarter=5", 400),
        ("monthly.docx?year=2026&month=0", 400),
        ("yearly.docx?year=abc", 400),
        ("weekly.docx?year=2026", 404),
        ("report.docx?period=fortnight", 400),
    ],
)
def test_a_wrong_period_is_refused(headed, path, status):
    r = headed.get(f"/api/reports/{path}")
    assert (r.status_code, r.json["error"]) == (status, "bad_request" if status == 400 else "not_found")


def test_clerks_cannot_download_the_document(client, auth):
    assert client.get("/api/reports/quarterly.docx?year=2026&quarter=4").status_code == 401
    auth.login("canbo1")
    assert client.get("/api/reports/quarterly.docx?year=2026&quarter=4").status_code == 403


def test_the_print_page_has_the_same_parts_and_figures_as_the_document(dataset, headed):
    html = headed.get("/admin/reports/print?period=quarter&date=2026-10-01").data.decode()
    chunks: list[str] = []
    parser = HTMLParser()
    parser.handle_data = lambda data: chunks.append(" ".join(data.split()))
    parser.feed(html.split("<body>", 1)[1].split('<section class="appendix">')[0])
    pieces = [
        piece
        for kind, part in QUARTER_4
        for cell in (part if kind == "row" else [part])
        for piece in cell.split("\n")
        if piece
    ]
    assert [c for c in chunks if c] == [" ".join(p.split()) for p in pieces]


def test_the_document_opens_in_libreoffice_as_an_a4_page(dataset, headed, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("LibreOffice (soffice) is missing: `make system-deps` installs libreoffice-writer-nogui")
    (tmp_path / "bao-cao.docx").write_bytes(headed.get("/api/reports/quarterly.docx?year=2026&quarter=4").data)
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "bao-cao.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = (tmp_path / "bao-cao.pdf").read_bytes()
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert boxes and {(round(float(w)), round(float(h))) for w, h in boxes} == {(595, 842)}  # A4 in points
