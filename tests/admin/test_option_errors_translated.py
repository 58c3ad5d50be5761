"""A refused option is explained next to its field in the manager's language: Vietnamese first, English when asked."""

from server.i18n import CATALOG, LANGUAGES
from server.options import OPTIONS, sessions_problem

WRONG = {
    "rating_timeout_s": 0,
    "priority_every": 50,
    "display_volume": 2,
    "priority_policy": "lottery",
    "hotline": "0" * 41,
    "enforce_hours": "yes",
    "closed_early_on": "tomorrow",
    "working_days": [7],
    "holidays": ["2026-02-30"],
    "display_quiet_hours": [["13:30", "11:30"]],
    "rating_reasons": ["weather"],
    "satisfaction_targets": {"c": 2},
    "report_recipients": "Như trên;",
    "dossier_pattern": "[",
    "nonsense": 1,
}

SAID_VI = {
    "rating_timeout_s": "Phải là số nguyên từ 5 đến 600 (giây)",
    "priority_every": "Phải là số nguyên từ 1 đến 20",
    "display_volume": "Phải là số từ 0 đến 1",
    "priority_policy": "Phải là một trong các giá trị: strict, interleave",
    "hotline": "Phải là chữ, tối đa 40 ký tự",
    "enforce_hours": "Phải là Có hoặc Không",
    "closed_early_on": "Phải là một ngày (năm-tháng-ngày), hoặc để trống",
    "working_days": "Các ngày trong tuần, từ Thứ Hai đến Chủ Nhật, mỗi ngày một lần",
    "holidays": "Phải là những ngày có thật (năm-tháng-ngày)",
    "display_quiet_hours": "Để trống, hoặc tối đa 10 khoảng giờ (giờ:phút), mỗi khoảng kết thúc sau khi bắt đầu"
    " và không chồng lên khoảng khác",
    "rating_reasons": "Chỉ chọn trong các lý do có sẵn, mỗi lý do một lần",
    "satisfaction_targets": "Mỗi lĩnh vực (mã là một chữ cái in hoa) có một chỉ tiêu từ 0 đến 100 %",
    "report_recipients": "Tối đa 10 dòng chữ, mỗi dòng tối đa 200 ký tự",
    "dossier_pattern": "Biểu thức chính quy không hợp lệ: unterminated character set at position 0",
    "nonsense": "Không có tùy chọn này",
}

SAID_EN = {
    "rating_timeout_s": "a whole number from 5 to 600 seconds",
    "priority_every": "a whole number from 1 to 20",
    "display_volume": "a number from 0 to 1",
    "priority_policy": "one of strict, interleave",
    "hotline": "text of at most 40 characters",
    "enforce_hours": "true or false",
    "closed_early_on": "a date YYYY-MM-DD, or empty",
    "working_days": "weekday numbers 0 (Monday) to 6 (Sunday), each once",
    "holidays": "dates YYYY-MM-DD",
    "display_quiet_hours": "empty, or up to 10 spans of time from HH:MM to HH:MM, each ending after it starts,"
    " none overlapping",
    "rating_reasons": "reasons among time, trips, agencies, information, attitude, costs, complaints, each once",
    "satisfaction_targets": "{field code (one capital letter): target from 0 to 1}",
    "report_recipients": "up to 10 lines of text, each at most 200 characters",
    "dossier_pattern": "not a valid regular expression: unterminated character set at position 0",
    "nonsense": "unknown option",
}


def _parts(message, opening):
    assert message.startswith(opening), message
    return sorted(message.removeprefix(opening).split("; "))


def test_a_refused_option_is_said_in_vietnamese_next_to_its_field(manager, db):
    r = manager.put("/api/admin/options", json=WRONG)
    assert (r.status_code, r.json["error"], r.json["fields"]) == (400, "invalid", SAID_VI)
    assert _parts(r.json["message"], "Dữ liệu chưa hợp lệ — ") == sorted(f"{k}: {v}" for k, v in SAID_VI.items())
    assert db.execute("SELECT count(*) FROM options WHERE key != 'enforce_hours'").fetchone() == (0,)


def test_a_refused_option_is_said_in_english_when_the_page_is_english(manager):
    for asked in ({"headers": {"Accept-Language": "en"}}, {"query_string": {"lang": "en"}}):
        r = manager.put("/api/admin/options", json=WRONG, **asked)
        assert (r.status_code, r.json["fields"]) == (400, SAID_EN), asked
        assert _parts(r.json["message"], "Invalid — ") == sorted(f"{k}: {v}" for k, v in SAID_EN.items())


def test_a_field_with_wrong_sessions_is_refused_in_the_managers_language(manager):
    body = {"sessions": [["11:30", "07:30"]]}
    vi = manager.put("/api/admin/services/A", json=body)
    en = manager.put("/api/admin/services/A", json=body, headers={"Accept-Language": "en"})
    assert (vi.json["fields"], en.json["fields"]) == (
        {"sessions": "Mỗi buổi bắt đầu trước khi kết thúc, các buổi không chồng lên nhau"},
        {"sessions": "each session starts before it ends, and sessions do not overlap"},
    )


def test_not_an_object_of_options_is_said_in_vietnamese(manager):
    r = manager.put("/api/admin/options", json={})
    assert r.json["fields"] == {"_": "Cần gửi ít nhất một tùy chọn, dạng tên: giá trị"}


def test_every_refusal_an_option_can_give_is_translated_into_every_language():
    problems = [o.allowed.allowed for o in OPTIONS] + [
        sessions_problem("x"),
        sessions_problem([["7h", "8h"]]),
        sessions_problem([["08:00", "07:00"]]),
    ]
    untranslated = [
        f"{p.key} ({lang})" if hasattr(p, "key") else repr(p)
        for p in problems
        for lang in LANGUAGES
        if not hasattr(p, "key") or not CATALOG.get(p.key, {}).get(lang)
    ]
    assert untranslated == []


def test_the_other_admin_forms_are_refused_in_the_managers_language(manager):
    body = {"number": 7, "services": []}
    vi = manager.post("/api/admin/counters", json=body)
    en = manager.post("/api/admin/counters?lang=en", json=body)
    assert (vi.json["fields"], en.json["fields"]) == (
        {"services": "Mỗi quầy phục vụ ít nhất một lĩnh vực"},
        {"services": "a counter serves at least one field"},
    )
    r = manager.post("/api/admin/users", json={"username": "x", "password": "1234"})
    assert r.json["fields"] == {"username": "Từ 3 đến 32 ký tự: a–z, 0–9, . _ -", "password": "Ít nhất 8 ký tự"}
    r = manager.post("/api/admin/services", json={"code": "a", "name_vi": "", "name_en": "X", "icon": "rocket"})
    assert r.json["fields"] == {
        "code": "Một chữ cái in hoa, từ A đến Z",
        "name_vi": "Phải là chữ, từ 1 đến 80 ký tự",
        "icon": "Phải là một trong các giá trị: stamp, family, land, hands, house, shop, leaf, book, dots, info",
    }
    r = manager.post("/api/admin/devices/confirm", json={"code": "000000"})
    assert r.json["fields"] == {"code": "Không có thiết bị nào đang hiện mã này (mã chỉ có hiệu lực 30 phút)"}
