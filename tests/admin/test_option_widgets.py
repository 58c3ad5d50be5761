"""Tùy chọn as a manager meets it: Vietnamese labels and help, a widget per option, no JSON, errors by the field."""

import json

import pytest
from playwright.sync_api import expect

from server.i18n import CATALOG, LANGUAGES
from server.options import OPTIONS
from tests.helpers import log_in, sql


def test_every_option_has_a_label_and_help_in_every_language():
    missing = [
        f"{key} ({lang})"
        for o in OPTIONS
        for key in (f"option.{o.name}", f"option.{o.name}.help")
        for lang in LANGUAGES
        if not CATALOG.get(key, {}).get(lang)
    ]
    assert missing == []


def test_the_sample_call_refuses_a_reading_the_options_do_not_allow(manager):
    r = manager.get("/api/admin/sample-call.wav?reading=loud")
    assert (r.status_code, r.json["error"], r.json["message"]) == (
        400,
        "bad_request",
        "Yêu cầu không hợp lệ: voice_reading: one of digits, whole",
    )


def _is_json_list_or_object(text):
    try:
        return isinstance(json.loads(text), (list, dict))
    except ValueError:
        return False


def _options(server):
    return {key: json.loads(value) for key, value in sql(server, "SELECT key, value FROM options")}


@pytest.mark.browser
@pytest.mark.live
def test_a_manager_sets_options_through_their_widgets_and_a_display_follows(make_page, live, tmp_path):
    server = live()
    display, admin = make_page(1920, 1080), make_page()
    display.goto(server.url + "/display")
    expect(display.locator("#notice")).to_have_text("Vui lòng giữ trật tự và chú ý màn hình, loa gọi số.")
    log_in(admin, server)
    admin.click('[data-tab="options"]')
    form = admin.locator("#options-form")
    expect(form.locator('[data-option="working_days"] .label')).to_have_text("Ngày làm việc trong tuần")
    values = form.evaluate("f => [...f.querySelectorAll('input, textarea')].map((el) => el.value)")
    assert [v for v in values if _is_json_list_or_object(v)] == []  # no JSON to read or type

    form.get_by_label("Thứ Bảy").check()
    form.locator('[data-add-row="holidays"]').click()
    form.locator('[data-option="holidays"] input[type=date]').last.fill("2027-01-01")
    form.locator('[data-add-row="display_quiet_hours"]').click()
    form.locator('[name="display_quiet_hours.start"]').fill("11:30")
    form.locator('[name="display_quiet_hours.end"]').fill("13:30")
    form.get_by_label("Phát sinh chi phí ngoài quy định").uncheck()
    form.locator('[data-field="A"]').fill("95")
    form.locator('[data-field="C"]').fill("")
    form.locator('[name="priority_policy"][value="strict"]').check()
    form.locator('[name="voice_reading"][value="whole"]').check()
    form.locator('[data-option="report_recipients"] textarea').fill("Như trên;\nLưu: VT, BPMC.")
    form.locator('[data-option="display_notice"] input').fill("Chiều nay làm việc đến 16 giờ 30")
    with admin.expect_response(lambda r: "/api/admin/sample-call.wav" in r.url) as heard:
        form.locator("#listen").click()
    assert (heard.value.status, heard.value.headers["content-type"]) == (200, "audio/wav")
    assert "reading=whole" in heard.value.url
    admin.screenshot(path=str(tmp_path / "options.png"), full_page=False)
    form.locator("button[type=submit]").click()
    expect(admin.locator("#flash")).to_have_text("Đã lưu. Các màn hình đã cập nhật.")
    expect(display.locator("#notice")).to_have_text("Chiều nay làm việc đến 16 giờ 30")
    assert _options(server) == {
        "enforce_hours": False,
        "working_days": [0, 1, 2, 3, 4, 5],
        "holidays": ["2027-01-01"],
        "display_quiet_hours": [["11:30", "13:30"]],
        "rating_reasons": ["time", "trips", "agencies", "information", "attitude", "complaints"],
        "satisfaction_targets": {"A": 0.95, "E": 0.85},
        "priority_policy": "strict",
        "voice_reading": "whole",
        "report_recipients": ["Như trên;", "Lưu: VT, BPMC."],
        "display_notice": "Chiều nay làm việc đến 16 giờ 30",
    }
    # Redrawn from the saved values.
    expect(form.locator('[data-option="holidays"] input[type=date]')).to_have_value("2027-01-01")
    expect(form.locator('[name="priority_policy"][value="strict"]')).to_be_checked()


@pytest.mark.browser
@pytest.mark.live
def test_a_wrong_option_is_refused_next_to_its_field_and_nothing_changes(page, live):
    server = live()
    log_in(page, server)
    page.click('[data-tab="options"]')
    form = page.locator("#options-form")
    form.locator('[name="priority_every"]').fill("50")
    form.locator('[data-add-row="display_quiet_hours"]').click()
    form.locator('[name="display_quiet_hours.start"]').fill("13:30")
    form.locator('[name="display_quiet_hours.end"]').fill("11:30")
    form.locator('[data-add-row="holidays"]').click()
    form.locator("button[type=submit]").click()
    expect(form.locator('[data-error-for="holidays"]')).to_have_text("Chọn ngày cho từng dòng, hoặc xóa dòng trống.")
    form.locator('[data-option="holidays"] .remove').click()
    form.locator("button[type=submit]").click()
    expect(form.locator('[data-error-for="priority_every"]')).to_have_text("Phải là số nguyên từ 1 đến 20")
    expect(form.locator('[data-error-for="display_quiet_hours"]')).to_have_text(
        "Để trống, hoặc tối đa 10 khoảng giờ (giờ:phút), mỗi khoảng kết thúc sau khi bắt đầu"
        " và không chồng lên khoảng khác"
    )
    expect(page.locator("#flash")).to_have_text("Chưa lưu: sửa các ô báo đỏ.")
    assert _options(server) == {"enforce_hours": False}  # as the demo seed left it
