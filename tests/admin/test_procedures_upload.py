"""The procedures list: uploads have their own size limit (finding 14); a zip bomb or a runaway file is refused
without freezing the server, and the public list is served a page at a time (finding 2c) — issue 12."""

import csv
import io

import pytest

from tests.server.test_fuzz import snapshot


def realistic_csv(count: int = 250) -> bytes:
    """A commune's list: `count` procedures with their steps, documents, time limits and fees (about 580 bytes each)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["ma", "ten", "linh_vuc", "trinh_tu", "thanh_phan_ho_so", "thoi_han", "le_phi"])
    for i in range(count):
        writer.writerow(
            [
                f"TT{i:03d}",
                f"Thủ tục hành chính số {i} về đăng ký, xác nhận và cấp giấy tờ",
                "BACDE"[i % 5],
                "Nộp hồ sơ tại Bộ phận một cửa; công chức tiếp nhận kiểm tra, hướng dẫn bổ sung nếu thiếu; "
                "trình lãnh đạo ký; trả kết quả tại Bộ phận một cửa",
                "Tờ khai theo mẫu; Giấy tờ tùy thân (CCCD hoặc hộ chiếu); Giấy tờ chứng minh nơi cư trú; "
                "Văn bản ủy quyền có chứng thực nếu nộp thay",
                "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
                "Miễn phí hoặc 8.000 đồng/hồ sơ",
            ]
        )
    return out.getvalue().encode()


def upload(client, data: bytes, name: str):
    return client.post(
        "/api/admin/procedures", data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data"
    )


def test_a_realistic_list_of_250_procedures_uploads_fine(manager, client):
    data = realistic_csv()
    assert 130 * 1024 < len(data) < 150 * 1024
    r = upload(manager, data, "tthc.csv")
    assert (r.status_code, r.json["imported"], r.json["rejected"]) == (200, 250, [])
    assert client.get("/api/procedures?q=so 249").json["procedures"][0]["ma"] == "TT249"


def test_a_file_over_the_upload_limit_is_refused_and_changes_nothing(make_app, data_dir):
    app = make_app(max_upload_bytes=100_000)
    manager = app.test_client()
    manager.post("/api/login", json={"username": "admin", "password": "admin"})
    db = app.extensions["xephang"].connect()
    before = snapshot(db)
    r = upload(manager, realistic_csv(), "tthc.csv")
    assert (r.status_code, r.json["error"]) == (413, "body_too_large")
    assert snapshot(db) == before
    assert manager.get("/api/procedures").json["sample"] is True
    db.close()


def test_json_bodies_keep_their_own_smaller_limit(client):
    r = client.post("/api/login", json={"username": "x" * 70_000, "password": "x"})
    assert (r.status_code, r.json["error"]) == (413, "body_too_large")


# ---------------------------------------------------------------- finding 2c: zip bombs and runaway files


def workbook_with_sheet(sheet_xml: bytes | None = None, padding: int = 0) -> bytes:
    """A real XLSX (made by openpyxl) whose first sheet is replaced by `sheet_xml`, or padded with `padding` bytes
    of blanks: a few KB that unpack to much more."""
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Tên thủ tục", "Lĩnh vực"])
    book.active.append(["Đăng ký khai sinh", "B"])
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for item in source.infolist():
            if item.filename == "xl/worksheets/sheet1.xml" and sheet_xml is not None:
                bomb.writestr(item.filename, sheet_xml)
            else:
                bomb.writestr(item, source.read(item.filename))
        if padding:
            with bomb.open("xl/padding.xml", "w") as part:
                for _ in range(padding // 2**20):
                    part.write(b" " * 2**20)
    return out.getvalue()


def rows_bomb(count: int = 400_000) -> bytes:
    rows = b'<row><c t="inlineStr"><is><t>Th\xe1\xbb\xa7 t\xe1\xbb\xa5c</t></is></c></row>' * count
    return workbook_with_sheet(
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        b'2006/main"><sheetData><row><c t="inlineStr"><is><t>ten</t></is></c></row>'
        + rows
        + b"</sheetData></worksheet>"
    )


def test_a_small_workbook_of_400000_rows_is_refused_and_changes_nothing(manager, client, db):
    bomb = rows_bomb()
    assert len(bomb) < 200 * 1024
    before = snapshot(db)
    r = upload(manager, bomb, "tthc.xlsx")
    assert (r.status_code, r.json["error"]) == (400, "invalid")
    assert r.json["fields"] == {"file": "Không nhận tệp: quá 5000 dòng"}
    assert snapshot(db) == before
    listed = client.get("/api/procedures").json
    assert listed["sample"] is True


def test_a_workbook_that_unpacks_past_the_limit_is_refused_before_it_is_parsed(manager, hub, monkeypatch):
    from server import procedures

    def never(*args, **kwargs):
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr("openpyxl.load_workbook", never)
    bomb = workbook_with_sheet(padding=64 * 2**20)
    assert len(bomb) < 200 * 1024
    r = upload(manager, bomb, "tthc.xlsx")
    assert (r.status_code, r.json["fields"]) == (400, {"file": "Không nhận tệp: giải nén ra hơn 32 MB"})
    assert procedures.MAX_UNPACKED == 32 * 2**20


def test_a_csv_of_too_many_rows_is_refused(manager):
    data = ("ten,linh_vuc\n" + "Thủ tục,B\n" * 5001).encode()
    r = upload(manager, data, "tthc.csv")
    assert (r.status_code, r.json["fields"]) == (400, {"file": "Không nhận tệp: quá 5000 dòng"})
    r = manager.post(
        "/api/admin/procedures?lang=en",
        data={"file": (io.BytesIO(data), "tthc.csv")},
        content_type="multipart/form-data",
    )
    assert (r.status_code, r.json["fields"]) == (400, {"file": "refused: more than 5000 rows"})


def test_a_cell_longer_than_the_limit_rejects_its_line_only(manager):
    data = (
        "ten,linh_vuc,thanh_phan_ho_so\nĐăng ký khai sinh,B,Tờ khai\nĐăng ký kết hôn,B," + "x" * 4001 + "\n"
    ).encode()
    r = upload(manager, data, "tthc.csv")
    assert (r.status_code, r.json["imported"], r.json["rejected"]) == (
        200,
        1,
        [{"line": 3, "reason": "Có ô dài quá 4000 ký tự"}],
    )


def test_the_workbook_is_parsed_through_the_hubs_offload(manager, hub):
    """In eventlet mode server/cli.py makes `offload` eventlet's thread pool: parsing never blocks the loop (not
    `crunch`: parsing holds the interpreter lock, and a low-priority thread holding it would hold the loop)."""
    ran = []
    direct = hub.offload

    def offload(fn, *args):
        ran.append(fn.__name__)
        return direct(fn, *args)

    hub.offload = offload
    assert upload(manager, workbook_with_sheet(), "tthc.xlsx").json["imported"] == 1
    assert ran == ["parse"]


def test_the_public_list_is_served_a_page_at_a_time(manager, client):
    assert upload(manager, realistic_csv(), "tthc.csv").status_code == 200
    first = client.get("/api/procedures").json
    assert ([p["ma"] for p in first["procedures"]], first["total"], first["offset"], first["limit"]) == (
        [f"TT{i:03d}" for i in range(50)],
        250,
        0,
        50,
    )
    last = client.get("/api/procedures?offset=240&limit=20").json
    assert [p["ma"] for p in last["procedures"]] == [f"TT{i:03d}" for i in range(240, 250)]
    narrowed = client.get("/api/procedures?service=A&limit=5").json
    assert ([p["ma"] for p in narrowed["procedures"]], narrowed["total"]) == (
        ["TT001", "TT006", "TT011", "TT016", "TT021"],
        50,
    )


def test_a_page_bigger_than_the_cap_is_refused(client):
    for query in ("limit=51", "limit=0", "limit=abc", "offset=-1", "limit=99999999999999999999"):
        r = client.get(f"/api/procedures?{query}")
        assert (r.status_code, r.json["error"]) == (400, "bad_request"), query


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "vi",
            {
                "no file": "Chọn một tệp .csv hoặc .xlsx",
                "a .txt": "Chỉ nhận tệp .csv hoặc .xlsx",
                "not UTF-8": "Không đọc được tệp (UnicodeDecodeError)",
                "no name column": ["Dòng 1: Không có cột “ten” (Tên thủ tục)"],
                "empty": ["Dòng 0: Tệp không có dòng nào"],
                "none valid": "Tệp không có thủ tục hợp lệ nào",
                "lines": [
                    "Dòng 3: Thiếu tên thủ tục",
                    "Dòng 4: Lĩnh vực Z không có trong danh sách",
                    "Dòng 5: 3 ô cho 2 cột (ô có dấu phẩy phải đặt trong ngoặc kép)",
                ],
            },
        ),
        (
            "en",
            {
                "no file": "choose a .csv or .xlsx file",
                "a .txt": "only .csv or .xlsx",
                "not UTF-8": "cannot be read: UnicodeDecodeError",
                "no name column": ["Line 1: no 'ten' (Tên thủ tục) column"],
                "empty": ["Line 0: empty file"],
                "none valid": "no valid procedure in the file",
                "lines": [
                    "Line 3: no procedure name",
                    "Line 4: unknown field 'Z'",
                    "Line 5: more cells (3) than columns (2): a comma inside a cell needs quotes",
                ],
            },
        ),
    ],
)
def test_every_refusal_of_an_upload_is_said_in_the_managers_language(manager, lang, said):
    """What the upload says goes next to the field on the admin page: in the manager's language, never English
    on a Vietnamese screen."""
    from server.i18n import t

    def send(data=None, name="tthc.csv"):
        body = {} if data is None else {"file": (io.BytesIO(data), name)}
        return manager.post(f"/api/admin/procedures?lang={lang}", data=body, content_type="multipart/form-data")

    def lines(rejected):
        return [t("admin.rejected_line", lang, **x) for x in rejected]

    assert send().json["fields"] == {"file": said["no file"]}
    assert send(b"ten\nA\n", "tthc.txt").json["fields"] == {"file": said["a .txt"]}
    assert send(b"ten\n\xff\xfe\n").json["fields"] == {"file": said["not UTF-8"]}
    refused = send(b"linh_vuc\nB\n")
    assert (refused.status_code, refused.json["message"], refused.json["fields"], lines(refused.json["rejected"])) == (
        400,
        {"vi": "Dữ liệu chưa hợp lệ — file: ", "en": "Invalid — file: "}[lang] + said["none valid"],
        {"file": said["none valid"]},
        said["no name column"],
    )
    assert lines(send(b"").json["rejected"]) == said["empty"]
    r = send("ten,linh_vuc\nĐăng ký khai sinh,B\n,B\nThủ tục lạ,Z\nThủ tục,B,thừa\n".encode())
    assert (r.status_code, r.json["imported"], lines(r.json["rejected"])) == (200, 1, said["lines"])
    config = manager.get(f"/api/admin/config?lang={lang}")
    assert lines(config.json["procedures"]["rejected"]) == said["lines"]
    public = manager.get(f"/api/procedures?lang={lang}")  # the kiosk's lookup says which lines it left out
    assert lines(public.json["rejected"]) == said["lines"]


@pytest.mark.parametrize(
    ("lang", "reason"),
    [("vi", "Không nhận tệp: quá 5000 dòng"), ("en", "refused: more than 5000 rows")],
)
def test_a_file_put_in_place_by_hand_that_an_upload_would_refuse_says_why_in_the_readers_language(
    manager, data_dir, lang, reason
):
    with open(f"{data_dir}/procedures.csv", "w", encoding="utf-8") as fh:
        fh.write("ten,linh_vuc\n" + "Thủ tục,B\n" * 5001)
    for url in (f"/api/admin/config?lang={lang}", f"/api/procedures?lang={lang}"):
        r = manager.get(url)
        listed = r.json["procedures"] if "config" in url else r.json
        assert (r.status_code, listed["rejected"]) == (200, [{"line": 0, "reason": reason}]), url
