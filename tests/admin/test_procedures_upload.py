"""The procedures list: uploads have their own size limit (finding 14); a zip bomb or a runaway file is refused
without freezing the server, and the public list is served a page at a time (finding 2c) — issue 12."""

import csv
import io

from tests.server.test_fuzz import snapshot


def realistic_csv(count: int = 250) -> bytes:
    """A commune's list: `count` procedures with their steps, documents, time limits and fees (about 580 bytes each)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["ma", "ten", "linh_vuc", "trinh_tu", "thanh_phan_ho_so", "thoi_han", "le_phi"])
    for i in range(count):
        writer.writerow([f"TT{i:03d}", f"Thủ tục hành chính số {i} về đăng ký, xác nhận và cấp giấy tờ", "BACDE"[i % 5],
                         "Nộp hồ sơ tại Bộ phận một cửa; công chức tiếp nhận kiểm tra, hướng dẫn bổ sung nếu thiếu; "
                         "trình lãnh đạo ký; trả kết quả tại Bộ phận một cửa",
                         "Tờ khai theo mẫu; Giấy tờ tùy thân (CCCD hoặc hộ chiếu); Giấy tờ chứng minh nơi cư trú; "
                         "Văn bản ủy quyền có chứng thực nếu nộp thay",
                         "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ", "Miễn phí hoặc 8.000 đồng/hồ sơ"])
    return out.getvalue().encode()


def upload(client, data: bytes, name: str):
    return client.post("/api/admin/procedures", data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


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
