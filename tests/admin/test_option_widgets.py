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


def _options(server):
    return {key: json.loads(value) for key, value in sql(server, "SELECT key, value FROM options")}


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
