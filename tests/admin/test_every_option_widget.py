"""Every centre option set through its own widget in Tùy chọn — nothing typed as JSON — saved in one go, stored
as it should be and taken up by a live wall display; a new option fails here until its widget is driven too."""

import json

import pytest
from playwright.sync_api import expect

from server.options import DEFAULTS
from tests.helpers import log_in, sql

pytestmark = [pytest.mark.browser, pytest.mark.live]


def _text(value):
    return lambda form, name: form.locator(f'[data-option="{name}"] input').fill(value)


def _number(value):
    return lambda form, name: form.locator(f'input[name="{name}"]').fill(str(value))


def _radio(value):
    return lambda form, name: form.locator(f'input[name="{name}"][value="{value}"]').check()


def _switch_on(form, name):
    form.locator(f'input[name="{name}"]').check()


def _lines(text):
    return lambda form, name: form.locator(f'[data-option="{name}"] textarea').fill(text)


def _holiday(form, name):
    form.locator('[data-add-row="holidays"]').click()
    form.locator('[data-option="holidays"] input[name="holidays"]').last.fill("1/1/2027")  # typed as written


def _quiet_hours(form, name):
    form.locator('[data-add-row="display_quiet_hours"]').click()
    form.locator('[name="display_quiet_hours.start"]').fill("11:30")
    form.locator('[name="display_quiet_hours.end"]').fill("13:30")


def _targets(form, name):
    form.locator('[data-field="A"]').fill("92")
    form.locator('[data-field="C"]').fill("")


# option: (what the manager does in its widget, the value stored)
WIDGETS = {
    "authority_name": (_text("UBND PHƯỜNG HÒA CƯỜNG"), "UBND PHƯỜNG HÒA CƯỜNG"),
    "centre_name": (_text("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG"), "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG"),
    "hotline": (_text("0236 3 888 888"), "0236 3 888 888"),
    "address": (_text("12 Lê Lợi, phường Hòa Cường"), "12 Lê Lợi, phường Hòa Cường"),
    "priority_policy": (_radio("strict"), "strict"),
    "priority_every": (_number(4), 4),
    "default_service_time_s": (_number(240), 240),
    "enforce_hours": (_switch_on, True),  # the demo seed turned it off
    "closed_early_on": (
        lambda form, name: form.locator('input[name="closed_early_on"]').fill("02/01/2027"),
        "2027-01-02",
    ),
    "working_days": (lambda form, name: form.get_by_label("Thứ Bảy").check(), [0, 1, 2, 3, 4, 5]),
    "holidays": (_holiday, ["2027-01-01"]),
    "wait_target_s": (_number(600), 600),
    "rating_scale": (_radio(5), 5),
    "short_service_s": (_number(30), 30),
    "rating_timeout_s": (_number(45), 45),
    "rating_reasons": (
        lambda form, name: form.get_by_label("Phát sinh chi phí ngoài quy định").uncheck(),
        ["time", "trips", "agencies", "information", "attitude", "complaints"],
    ),
    "voice_reading": (_radio("whole"), "whole"),
    "voice_repeat": (_number(1), 1),
    "voice_zero_tens": (_radio("lẻ"), "lẻ"),
    "voice_thousand": (_radio("ngàn"), "ngàn"),
    "display_notice": (_text("Chiều nay làm việc đến 16 giờ 30"), "Chiều nay làm việc đến 16 giờ 30"),
    "display_volume": (_number(80), 0.8),
    "display_quiet_hours": (_quiet_hours, [["11:30", "13:30"]]),
    "satisfaction_target": (_number(95), 0.95),
    "satisfaction_targets": (_targets, {"A": 0.92, "E": 0.85}),
    "satisfaction_denominator": (_radio("served"), "served"),
    "dossier_pattern": (_text("[0-9.H-]{10,30}"), "[0-9.H-]{10,30}"),
    "recent_calls_shown": (_number(8), 8),
    "report_parent_body": (_text("UBND QUẬN HẢI CHÂU"), "UBND QUẬN HẢI CHÂU"),
    "report_unit": (_text("UBND PHƯỜNG HÒA CƯỜNG"), "UBND PHƯỜNG HÒA CƯỜNG"),
    "report_place": (_text("Hòa Cường"), "Hòa Cường"),
    "report_number": (_text("12"), "12"),
    "report_symbol": (_text("BC-VP"), "BC-VP"),
    "report_addressee": (_text("UBND thành phố Đà Nẵng"), "UBND thành phố Đà Nẵng"),
    "report_signer_title": (_lines("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"), ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
    "report_signer_name": (_text("Nguyễn Văn An"), "Nguyễn Văn An"),
    "report_recipients": (_lines("Như trên;\n\nLưu: VT, BPMC."), ["Như trên;", "Lưu: VT, BPMC."]),
    "public_officers": (_switch_on, True),
    "public_on_displays": (_switch_on, True),
    "public_on_kiosk": (_switch_on, True),
    "public_every_s": (_number(300), 300),
    "public_show_s": (_number(15), 15),
}


def _is_json_list_or_object(text):
    try:
        return isinstance(json.loads(text), (list, dict))
    except ValueError:
        return False


def test_every_option_is_driven_through_its_widget_here():
    assert sorted(WIDGETS) == sorted(DEFAULTS)
    assert [name for name, (_, value) in WIDGETS.items() if value == DEFAULTS[name] and name != "enforce_hours"] == []


def test_a_manager_sets_every_option_through_its_widget_and_a_display_takes_it_up(make_page, live, tmp_path):
    server = live()
    display, admin = make_page(1920, 1080), make_page()
    display.goto(server.url + "/display")
    expect(display.locator("#notice")).to_have_text("Vui lòng giữ trật tự và chú ý màn hình, loa gọi số.")
    log_in(admin, server)
    admin.click('[data-tab="options"]')
    form = admin.locator("#options-form")
    expect(form.locator('[data-option="working_days"] .label')).to_have_text("Ngày làm việc trong tuần")
    assert sorted(form.locator("[data-option]").evaluate_all("els => els.map((e) => e.dataset.option)")) == sorted(
        set(DEFAULTS) - {"priority_every"}  # drawn inside the priority policy's interleave choice
    )
    for name, (act, _) in WIDGETS.items():
        act(form, name)
    values = form.evaluate("f => [...f.querySelectorAll('input, textarea')].map((el) => el.value)")
    assert [v for v in values if _is_json_list_or_object(v)] == []  # nothing to read or type as JSON
    with admin.expect_response(lambda r: "/api/admin/sample-call.wav" in r.url) as heard:
        form.locator("#listen").click()  # "Nghe thử": a sample call read as the widgets now say
    assert (heard.value.status, heard.value.headers["content-type"]) == (200, "audio/wav")
    assert "reading=whole" in heard.value.url
    form.locator("button[type=submit]").click()
    expect(admin.locator("#flash")).to_have_text("Đã lưu. Các màn hình đã cập nhật.")
    stored = {key: json.loads(value) for key, value in sql(server, "SELECT key, value FROM options")}
    assert stored == {name: value for name, (_, value) in WIDGETS.items()}
    expect(display.locator("#notice")).to_have_text("Chiều nay làm việc đến 16 giờ 30")
    expect(display.locator("#centre")).to_contain_text("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG")
    # Redrawn from what was saved: the widgets show the new values, still no JSON.
    expect(form.locator('[data-option="holidays"] input[name="holidays"]')).to_have_value("01/01/2027")
    expect(form.locator('input[name="display_volume"]')).to_have_value("80")
    expect(form.locator('input[name="rating_scale"][value="5"]')).to_be_checked()
    admin.screenshot(path=str(tmp_path / "options-saved.png"), full_page=True)


def test_a_wrong_value_is_refused_next_to_its_field_in_vietnamese_and_nothing_is_saved(page, live):
    server = live()
    log_in(page, server)
    page.click('[data-tab="options"]')
    form = page.locator("#options-form")
    form.locator('input[name="display_volume"]').fill("150")  # a percentage: checked here, in per cent
    form.locator("button[type=submit]").click()
    expect(form.locator('[data-error-for="display_volume"]')).to_have_text("Phải là số phần trăm từ 0 đến 100")
    form.locator('input[name="display_volume"]').fill("50")
    form.locator('input[name="rating_timeout_s"]').fill("900")
    form.locator('[data-option="hotline"] input').fill("0" * 41)
    form.locator("button[type=submit]").click()
    expect(form.locator('[data-error-for="rating_timeout_s"]')).to_have_text("Phải là số nguyên từ 5 đến 600 (giây)")
    expect(form.locator('[data-error-for="hotline"]')).to_have_text("Phải là chữ, tối đa 40 ký tự")
    expect(form.locator('[data-error-for="display_volume"]')).to_have_text("")
    expect(page.locator("#flash")).to_have_text("Chưa lưu: sửa các ô báo đỏ.")
    assert sql(server, "SELECT key FROM options") == [("enforce_hours",)]  # as the demo seed left it


def test_in_an_english_browser_days_are_still_typed_day_first_and_a_wrong_one_is_refused(browser, live):
    """Reproduced: the options' date boxes followed the browser's language, mm/dd/yyyy in an English Chrome (common
    on office PCs), where a manager typing 02/09 (National Day) set 9 February."""
    server = live()
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-US", bypass_csp=True)
    try:
        page = context.new_page()
        log_in(page, server, "/admin?lang=en")
        page.click('[data-tab="options"]')
        form = page.locator("#options-form")
        form.locator('[data-add-row="holidays"]').click()
        holiday = form.locator('[data-option="holidays"] input[name="holidays"]').last
        expect(holiday).to_have_attribute("placeholder", "dd/mm/yyyy")
        holiday.fill("31/02/2027")
        form.locator('input[name="closed_early_on"]').fill("2/9/2027")
        form.locator("button[type=submit]").click()
        expect(form.locator('[data-error-for="holidays"]')).to_have_text(
            '"31/02/2027" is not a valid day: type it as dd/mm/yyyy, e.g. 30/09/2026.'
        )
        assert sql(server, "SELECT key FROM options WHERE key IN ('holidays', 'closed_early_on')") == []
        holiday.fill("02/09/2027")
        form.locator("button[type=submit]").click()
        expect(page.locator("#flash")).to_have_text("Saved. Screens are updated.")
        assert dict(sql(server, "SELECT key, value FROM options WHERE key IN ('holidays', 'closed_early_on')")) == {
            "holidays": '["2027-09-02"]',
            "closed_early_on": '"2027-09-02"',
        }
        expect(form.locator('input[name="closed_early_on"]')).to_have_value("02/09/2027")
        form.locator('[data-option="closed_early_on"] .calendar').click()  # the calendar opens on the typed day
        assert form.locator('[data-option="closed_early_on"] .picker').input_value() == "2027-09-02"
    finally:
        context.close()
