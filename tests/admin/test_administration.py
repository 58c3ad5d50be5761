"""Administration: validated changes with clear per-field errors, an audit row for each, live on screens."""

import io
import json

import pytest

from tests.helpers import device_socket, issue


@pytest.fixture
def manager(make_client):
    client = make_client()
    client.post("/api/login", json={"username": "admin", "password": "admin"})
    return client


def audit(db):
    return db.execute("SELECT username, action, target, before, after FROM audit_log ORDER BY id").fetchall()


def test_a_new_field_is_created_audited_and_pushed_to_kiosks(app, hub, manager, db):
    kiosk = device_socket(app, "/kiosk")
    kiosk.get_received("/kiosk")
    body = {
        "code": "M",
        "name_vi": "Tư pháp",
        "name_en": "Justice",
        "icon": "book",
        "daily_cap": 40,
        "sessions": [["07:30", "11:30"]],
    }
    r = manager.post("/api/admin/services", json=body)
    assert r.status_code == 201
    assert (r.json["code"], r.json["daily_cap"], r.json["sessions"], r.json["active"]) == (
        "M",
        40,
        [["07:30", "11:30"]],
        1,
    )
    [(username, action, target, before, after)] = audit(db)
    assert (username, action, target, before) == ("admin", "service.create", "M", None)
    assert json.loads(after)["name_vi"] == "Tư pháp"
    assert [e["name"] for e in kiosk.get_received("/kiosk")] == ["config_changed"]
    assert issue(manager, "M")["number"] == "M001"


@pytest.mark.parametrize(
    "body,field",
    [
        ({"code": "A", "name_vi": "X", "name_en": "X"}, "code"),
        ({"code": "ab", "name_vi": "X", "name_en": "X"}, "code"),
        ({"code": "M", "name_vi": "", "name_en": "X"}, "name_vi"),
        ({"code": "M", "name_vi": "X", "name_en": "X", "daily_cap": 0}, "daily_cap"),
        ({"code": "M", "name_vi": "X", "name_en": "X", "sessions": [["11:30", "07:30"]]}, "sessions"),
        (
            {"code": "M", "name_vi": "X", "name_en": "X", "sessions": [["07:30", "11:30"], ["11:00", "12:00"]]},
            "sessions",
        ),
        ({"code": "M", "name_vi": "X", "name_en": "X", "icon": "rocket"}, "icon"),
        ({"code": "M", "name_vi": "X", "name_en": "X", "colour": "red"}, "_"),
    ],
)
def test_bad_fields_get_a_message_next_to_the_field_and_change_nothing(manager, db, body, field):
    r = manager.post("/api/admin/services", json=body)
    assert (r.status_code, r.json["error"]) == (400, "invalid")
    assert list(r.json["fields"]) == [field]
    assert r.json["message"].startswith("Dữ liệu chưa hợp lệ — ")
    assert db.execute("SELECT count(*) FROM services").fetchone() == (10,)
    assert audit(db) == []


def test_a_counter_must_serve_something(manager, db):
    r = manager.post("/api/admin/counters", json={"number": 7, "services": []})
    assert r.json["fields"] == {"services": "Mỗi quầy phục vụ ít nhất một lĩnh vực"}
    r = manager.put("/api/admin/counters/1", json={"services": ["A", "Q"]})
    assert r.json["fields"] == {"services": "Có lĩnh vực không tồn tại trong danh sách"}
    r = manager.post("/api/admin/counters", json={"number": 7, "services": ["C", "A"], "display_group": "tang1"})
    assert (r.status_code, r.json["services"], r.json["display_group"]) == (201, ["A", "C"], "tang1")


def test_a_counter_added_with_its_name_and_display_group_left_empty_gets_the_defaults(manager):
    """Reproduced: the add form's empty "Nhóm màn hình" was refused ("Chỉ gồm chữ a–z, chữ số, - hoặc _"), with
    nothing to say that the group every display shows is "main"; "Tầng 1" too, with no example of a group."""
    added = manager.post("/api/admin/counters", json={"number": 7, "name": " ", "services": ["A"], "display_group": ""})
    moved = manager.put("/api/admin/counters/7", json={"display_group": "tang-1"})
    cleared = manager.put("/api/admin/counters/7", json={"display_group": ""})
    spaced = manager.put("/api/admin/counters/7", json={"display_group": "Tầng 1"})

    assert [(r.status_code, r.json.get("name"), r.json.get("display_group")) for r in (added, moved, cleared)] == [
        (201, "Quầy 7", "main"),  # a name left empty is the counter's number
        (200, "Quầy 7", "tang-1"),
        (200, "Quầy 7", "main"),
    ]
    assert (spaced.status_code, spaced.json["fields"]) == (
        400,
        {"display_group": "Chỉ gồm chữ a–z, chữ số, - hoặc _, ví dụ tang-1; để trống là main (nhóm mặc định)"},
    )


def test_changing_a_counters_fields_takes_effect_on_the_next_call(manager, client, auth):
    issue(client, "C")
    manager.put("/api/admin/counters/1", json={"services": ["A", "C"]})
    auth.open(1, "canbo1")
    assert client.post("/api/counters/1/call-next").json["ticket"]["number"] == "C001"


def test_staff_accounts_roles_password_and_deactivation(manager, make_client, db):
    r = manager.post(
        "/api/admin/users",
        json={"username": "nguyenvana", "full_name": "Nguyễn Văn A", "role": "clerk", "password": "matkhau123"},
    )
    assert r.json == {"id": 8, "username": "nguyenvana", "full_name": "Nguyễn Văn A", "role": "clerk", "active": 1}
    clerk = make_client()
    assert clerk.post("/api/login", json={"username": "nguyenvana", "password": "matkhau123"}).status_code == 200
    assert clerk.post("/api/counters/6/open").status_code == 200
    manager.post("/api/admin/users/8/password", json={"password": "moi-mat-khau"})
    assert clerk.post("/api/logout").status_code == 200
    assert clerk.post("/api/login", json={"username": "nguyenvana", "password": "moi-mat-khau"}).status_code == 200
    manager.put("/api/admin/users/8", json={"active": False})
    assert clerk.get("/api/me").status_code == 401  # at once, not at the next login
    assert db.execute("SELECT state, clerk_id FROM counters WHERE number = 6").fetchone() == ("closed", None)
    assert db.execute("SELECT count(*) FROM users WHERE username = 'nguyenvana'").fetchone() == (1,)  # never deleted
    actions = [(a, t, b, af) for _, a, t, b, af in audit(db)]
    assert [a for a, *_ in actions] == ["user.create", "user.password", "user.update"]
    assert "matkhau" not in json.dumps(actions)  # no password in the log


def test_a_manager_looks_after_clerks_only(make_client, manager, db):
    manager.post("/api/admin/users", json={"username": "quanly2", "role": "manager", "password": "12345678"})
    boss = make_client()
    boss.post("/api/login", json={"username": "quanly2", "password": "12345678"})
    r = boss.post("/api/admin/users", json={"username": "quanly3", "role": "admin", "password": "12345678"})
    assert (r.status_code, r.json["error"]) == (403, "forbidden")
    assert boss.post("/api/admin/users", json={"username": "canbo7", "password": "12345678"}).status_code == 201
    assert boss.put("/api/admin/users/1", json={"active": False}).status_code == 403


def test_options_are_validated_and_reach_displays_at_once(app, hub, manager, db):
    display = device_socket(app, "/display")
    display.get_received("/display")
    r = manager.put(
        "/api/admin/options",
        json={"priority_policy": "lottery", "rating_scale": 7, "holidays": ["2026-02-30"], "nonsense": 1},
    )
    assert r.json["fields"] == {
        "nonsense": "Không có tùy chọn này",
        "priority_policy": "Phải là một trong các giá trị: strict, interleave",
        "rating_scale": "Phải là một trong các giá trị: 3, 4, 5",
        "holidays": "Phải là những ngày có thật (năm-tháng-ngày)",
    }
    r = manager.put(
        "/api/admin/options", json={"display_notice": "Sáng thứ Bảy làm việc đến 11 giờ", "hotline": "0236 3 888 888"}
    )
    assert (r.json["display_notice"], r.json["hotline"]) == ("Sáng thứ Bảy làm việc đến 11 giờ", "0236 3 888 888")
    assert [e["name"] for e in display.get_received("/display")] == ["config_changed"]
    snap = display.emit("snapshot", namespace="/display", callback=True)
    assert (snap["centre"]["hotline"], snap["centre"]["notice"]) == (
        "0236 3 888 888",
        "Sáng thứ Bảy làm việc đến 11 giờ",
    )
    assert [(a, t) for _, a, t, _, _ in audit(db)] == [
        ("option.update", "display_notice"),
        ("option.update", "hotline"),
    ]


def test_priority_categories_can_be_added_and_retired(manager, client):
    r = manager.post(
        "/api/admin/priorities", json={"code": "nguoi_ngheo", "name_vi": "Hộ nghèo", "name_en": "Poor households"}
    )
    assert r.status_code == 201
    assert issue(client, "A", "nguoi_ngheo")["priority"] == "nguoi_ngheo"
    manager.put("/api/admin/priorities/nguoi_ngheo", json={"active": False})
    assert client.post("/api/tickets", json={"service": "A", "priority": "nguoi_ngheo"}).json["error"] == (
        "unknown_priority"
    )


CSV_OK = (
    "ten,linh_vuc,thoi_han,le_phi\nĐăng ký khai sinh,B,Trong ngày,Miễn phí\n"
    ",B,,\nChứng thực chữ ký,Z,,\nChứng thực bản sao,A,Trong ngày,2.000 đồng/trang\n"
)


def test_procedures_upload_reports_what_was_imported_and_rejected(manager, client):
    r = manager.post(
        "/api/admin/procedures",
        data={"file": (io.BytesIO(CSV_OK.encode()), "tthc.csv")},
        content_type="multipart/form-data",
    )
    assert r.json == {
        "imported": 2,
        "procedures": ["Đăng ký khai sinh", "Chứng thực bản sao"],
        "rejected": [
            {"line": 3, "reason": "Thiếu tên thủ tục"},
            {"line": 4, "reason": "Lĩnh vực Z không có trong danh sách"},
        ],
    }
    listed = client.get("/api/procedures").json
    assert ([p["ten"] for p in listed["procedures"]], listed["source"], listed["sample"]) == (
        ["Đăng ký khai sinh", "Chứng thực bản sao"],
        "procedures.csv",
        False,
    )


def test_an_xlsx_list_with_vietnamese_headings_is_accepted(manager, client):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Tên thủ tục", "Lĩnh vực", "Phí, lệ phí"])
    wb.active.append(["Đăng ký kết hôn", "B", "Miễn lệ phí"])
    data = io.BytesIO()
    wb.save(data)
    data.seek(0)
    r = manager.post(
        "/api/admin/procedures", data={"file": (data, "danh-muc.xlsx")}, content_type="multipart/form-data"
    )
    assert (r.json["imported"], r.json["rejected"]) == (1, [])
    assert client.get("/api/procedures?q=ket hon").json["procedures"][0]["le_phi"] == "Miễn lệ phí"


@pytest.mark.parametrize(
    "name,data,field",
    [
        ("tthc.pdf", b"%PDF", "file"),
        ("tthc.xlsx", b"not a workbook", "file"),
        ("tthc.csv", b"ma,linh_vuc\nX1,A\n", "file"),
        ("tthc.csv", b"\xff\xfe\x00bad", "file"),
    ],
)
def test_malformed_uploads_are_rejected_and_change_nothing(manager, client, name, data, field):
    r = manager.post(
        "/api/admin/procedures", data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data"
    )
    assert (r.status_code, r.json["error"], list(r.json["fields"])) == (400, "invalid", [field])
    assert client.get("/api/procedures").json["sample"] is True


def test_every_admin_and_report_endpoint_refuses_a_clerk(app, client, auth):
    import re

    auth.login("canbo1")
    checked = 0
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(("/api/admin", "/api/reports")):
            continue
        path = re.sub(r"<int:\w+>", "1", re.sub(r"<(?:string:)?\w+>", "A", rule.rule))
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            r = client.open(path, method=method, json={})
            assert r.status_code == 403, (method, path, r.status_code)
            checked += 1
    assert checked == 25  # + the Word report, the sample call; integration status, create token, revoke token


def test_closing_the_kiosk_early_stops_issuing_today_only(manager, client, clock):
    from tests.helpers import at

    assert manager.put("/api/admin/options", json={"closed_early_on": "tomorrow"}).json["fields"] == {
        "closed_early_on": "Phải là một ngày (năm-tháng-ngày), hoặc để trống"
    }
    manager.put("/api/admin/options", json={"closed_early_on": "2026-11-23"})
    r = client.post("/api/tickets", json={"service": "A"})
    assert (r.status_code, r.json["error"], r.json["message"]) == (
        409,
        "closed_early",
        "Hôm nay trung tâm đã ngừng cấp số.",
    )
    assert {s["closed_reason"] for s in client.get("/api/services").json} == {"closed_early"}
    clock.now = at(2026, 11, 24, 8)
    assert client.post("/api/tickets", json={"service": "A"}).status_code == 201


def test_logging_out_closes_the_clerks_idle_counter(client, auth, db):
    auth.open(1, "canbo1")
    client.post("/api/logout")
    assert db.execute("SELECT state, clerk_id FROM counters WHERE number = 1").fetchone() == ("closed", None)


def test_passwords_are_hashed_before_the_write_lock_is_taken(manager, hub, monkeypatch):
    from server.services import administration, logins

    seen: list[tuple[str, bool]] = []
    connections: list = []
    real_borrow = hub.borrow

    def borrow():  # remember the request's connection, to ask it whether a transaction is open
        factory, db = real_borrow()
        connections.append(db)
        return factory, db

    def hashing(password: str) -> str:
        seen.append((password, any(db.conn.in_transaction for db in connections)))
        return logins.hash_password(password)

    monkeypatch.setattr(hub, "borrow", borrow)
    monkeypatch.setattr(administration, "hash_password", hashing)
    assert manager.post("/api/admin/users", json={"username": "canbo9", "password": "mat-khau-9"}).status_code == 201
    assert manager.post("/api/admin/users/8/password", json={"password": "mat-khau-moi"}).status_code == 200
    assert seen == [("mat-khau-9", False), ("mat-khau-moi", False)]
