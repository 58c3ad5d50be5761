"""Managers' screens in real Chromium: changes reach kiosks and displays at once; dashboard; reports."""

import pytest
import requests
from playwright.sync_api import expect

from tests.helpers import log_in, sql

pytestmark = [pytest.mark.browser, pytest.mark.live]


def test_admin_changes_reach_a_live_kiosk_and_display_without_reload(make_page, live):
    server = live()
    kiosk, display, admin = make_page(), make_page(1920, 1080), make_page()
    kiosk.goto(server.url + "/kiosk")
    expect(kiosk.locator('[data-service="C"]')).to_be_enabled()
    display.goto(server.url + "/display")
    expect(display.locator("#notice")).to_have_text("Vui lòng giữ trật tự và chú ý màn hình, loa gọi số.")
    log_in(admin, server)
    # Close field C: the kiosk greys it out at once.
    admin.click('[data-edit="C"]')
    admin.uncheck("#f-active")
    admin.click("#editor-form button[type=submit]")
    expect(admin.locator("#flash")).to_have_text("Đã lưu. Các màn hình đã cập nhật.")
    expect(kiosk.locator('[data-service="C"]')).to_be_disabled()
    expect(kiosk.locator('[data-service="C"] .meta')).to_have_text("Tạm ngừng tiếp nhận")
    # Rename a field: the kiosk shows the new name.
    admin.click('[data-edit="A"]')
    admin.fill("#f-name_vi", "Chứng thực bản sao, chữ ký")
    admin.click("#editor-form button[type=submit]")
    expect(kiosk.locator('[data-service="A"] .name')).to_have_text("Chứng thực bản sao, chữ ký")
    # Change the display's notice line.
    admin.click('[data-tab="options"]')
    admin.fill('[data-option="display_notice"] input', "Chiều nay làm việc đến 16 giờ 30")
    admin.click("#options-form button[type=submit]")
    expect(display.locator("#notice")).to_have_text("Chiều nay làm việc đến 16 giờ 30")
    for page in (kiosk, display):
        assert page.evaluate("performance.getEntriesByType('navigation').length") == 1
    assert sql(server, "SELECT username, action, target FROM audit_log ORDER BY id") == [
        ("admin", "service.update", "C"),
        ("admin", "service.update", "A"),
        ("admin", "option.update", "display_notice"),
    ]


def test_bad_input_shows_next_to_the_field_and_changes_nothing(page, live):
    server = live()
    log_in(page, server)
    page.click('[data-add="services"]')
    page.fill("#f-code", "A")
    page.fill("#f-name_vi", "Trùng mã")
    page.fill("#f-name_en", "Duplicate")
    page.click("#editor-form button[type=submit]")
    expect(page.locator('[data-error-for="code"]')).to_have_text("A đã được dùng")
    page.click("#editor-form button:has-text('Hủy')")
    page.click('[data-tab="counters"]')
    page.click('[data-edit="1"]')
    for box in page.locator("#f-services input[type=checkbox]").all():
        box.uncheck()
    page.click("#editor-form button[type=submit]")
    expect(page.locator('[data-error-for="services"]')).to_have_text("Mỗi quầy phục vụ ít nhất một lĩnh vực")
    assert sql(server, "SELECT count(*) FROM audit_log") == [(0,)]
    assert sql(server, "SELECT services FROM counters WHERE number = 1") == [('["A", "T"]',)]


def test_a_new_counter_is_added_with_the_form_as_it_opens(page, live):
    """Reproduced: the form's "Nhóm màn hình" opened empty, and an empty group was refused."""
    server = live()
    log_in(page, server)
    page.click('[data-tab="counters"]')
    page.click('[data-add="counters"]')
    expect(page.locator("#f-display_group")).to_have_value("main")
    page.fill("#f-number", "7")
    page.locator('#f-services input[value="C"]').check()
    page.click("#editor-form button[type=submit]")
    expect(page.locator('[data-table="counters"] [data-key="7"] td').first).to_have_text("7")
    assert sql(server, "SELECT name, services, display_group FROM counters WHERE number = 7") == [
        ("Quầy 7", '["C"]', "main")
    ]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "vi",
            (
                "Đã nhập 1 thủ tục.",
                "Dòng 3: Lĩnh vực Z không có trong danh sách",
                "Danh mục đang dùng: procedures.csv (1 thủ tục)",
            ),
        ),
        ("en", ("1 procedure imported.", "Line 3: unknown field 'Z'", "In use: procedures.csv (1 procedure)")),
    ],
)
def test_procedures_upload_shows_what_was_imported_and_rejected_in_the_pages_language(page, live, tmp_path, lang, said):
    server = live()
    upload = tmp_path / "tthc.csv"
    upload.write_text("ten,linh_vuc\nĐăng ký khai sinh,B\nThủ tục lạ,Z\n", encoding="utf-8")
    log_in(page, server, f"/admin?lang={lang}")
    page.click('[data-tab="procedures"]')
    page.set_input_files("#procedures-file", str(upload))
    page.click("#procedures-upload")
    expect(page.locator("#procedures-result .good")).to_have_text(said[0])  # one procedure: the English singular
    expect(page.locator("#procedures-result .bad")).to_have_text(said[1])
    expect(page.locator("#procedures-info")).to_have_text(said[2])


def test_staff_accounts_are_created_and_deactivated_never_deleted(page, live):
    server = live()
    log_in(page, server)
    page.click('[data-tab="users"]')
    page.click('[data-add="users"]')
    page.fill("#f-username", "tranthib")
    page.fill("#f-full_name", "Trần Thị B")
    page.fill("#f-password", "matkhau-1")
    page.click("#editor-form button[type=submit]")
    expect(page.locator('[data-key="8"] td').first).to_have_text("tranthib")
    page.click('[data-edit="8"]')
    page.uncheck("#f-active")
    page.click("#editor-form button[type=submit]")
    expect(page.locator('[data-key="8"]')).to_have_class("inactive")
    assert sql(server, "SELECT username, active FROM users WHERE id = 8") == [("tranthib", 0)]


def test_live_dashboard_raises_an_alarm_when_a_wait_passes_the_target(page, live):
    server = live()
    requests.post(server.url + "/api/tickets", json={"service": "B"}, timeout=5)
    admin = server.login("admin", "admin")
    log_in(page, server, "/admin/live")
    expect(page.locator("#issued")).to_have_text("1")
    expect(page.locator("#alarms .ok")).to_have_text("Không có cảnh báo")
    admin.put(server.url + "/api/admin/options", json={"wait_target_s": 60})
    sql(server, "UPDATE tickets SET queued_at = queued_at - 600")  # the citizen has waited ten minutes
    requests.post(server.url + "/api/tickets", json={"service": "A"}, timeout=5)
    expect(page.locator('[data-alarm="wait"]')).to_have_text("B Hộ tịch: có người chờ 10 phút (chỉ tiêu 1 phút)")
    expect(page.locator("#issued")).to_have_text("2")


def test_live_dashboard_in_english_names_fields_in_english_and_waits_in_minutes(page, live):
    """A wait of four seconds read "0:04" (hours and minutes, to a manager); the English page listed the fields by
    their Vietnamese names. Both pages now say waits in words, the English one in English."""
    server = live()
    requests.post(server.url + "/api/tickets", json={"service": "B"}, timeout=5)
    requests.post(server.url + "/api/tickets", json={"service": "A"}, timeout=5)
    sql(server, "UPDATE tickets SET queued_at = queued_at - 725 WHERE service = 'B'")  # 12 minutes and 5 seconds
    admin = server.login("admin", "admin")
    admin.put(server.url + "/api/admin/options", json={"wait_target_s": 600})
    log_in(page, server, "/admin/live")
    rows = page.locator("#services tr")
    expect(page.locator('[data-service="B"]')).to_have_text("B Hộ tịch112 phút")
    expect(page.locator('[data-service="A"]')).to_have_text("A Chứng thực1dưới 1 phút")
    expect(page.locator('[data-alarm="wait"]')).to_have_text("B Hộ tịch: có người chờ 12 phút (chỉ tiêu 10 phút)")
    english = page.context.new_page()  # the same manager, the dashboard in English
    english.set_viewport_size({"width": 1366, "height": 768})
    english.goto(server.url + "/admin/live?lang=en")
    expect(english.locator('[data-service="B"]')).to_have_text("B Civil status112 min")
    expect(english.locator('[data-service="A"]')).to_have_text("A Certification1under 1 min")
    expect(english.locator('[data-alarm="wait"]')).to_have_text(
        "B Civil status: someone has waited 12 min (target 10 min)"
    )
    assert rows.count() == english.locator("#services tr").count()


def test_reports_page_shows_tables_charts_and_downloads(page, live):
    server = live()
    requests.post(server.url + "/api/tickets", json={"service": "B"}, timeout=5)
    log_in(page, server, "/admin/reports")
    expect(page.locator("#by-service tr:not(.details)")).to_have_count(3)  # heading, B, total
    expect(page.locator("#by-service tr").nth(1).locator("td").nth(3)).to_have_text("1")  # details, code, name, issued
    assert page.evaluate("Object.keys(window.Chart.instances).length") == 2
    xlsx = page.get_attribute("#xlsx", "href")
    response = page.request.get(server.url + xlsx)
    assert (response.status, response.headers["content-type"]) == (
        200,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    printed = page.request.get(server.url + page.get_attribute("#print", "href"))
    assert "Báo cáo kết quả tiếp nhận và mức độ hài lòng" in printed.text()


def test_live_dashboard_tables_say_what_each_column_is_in_both_languages(page, live):
    """The counters' table was four unnamed columns (a name, a state, a person, a number): a manager had to guess
    which was the clerk and which the ticket at the counter. The lines' first column said "Tên" (name) for a
    field, and a closed counter "Đóng", which also reads as the command "close"."""
    server = live()
    issued = requests.post(server.url + "/api/tickets", json={"service": "A"}, timeout=5)
    clerk = server.login("canbo1")
    opened = clerk.post(server.url + "/api/counters/1/open", timeout=5)
    called = clerk.post(server.url + "/api/counters/1/call-next", timeout=5)
    assert (issued.status_code, opened.status_code, called.status_code) == (201, 200, 200)
    log_in(page, server, "/admin/live")
    expect(page.locator("#counters tr").first.locator("th")).to_have_text(
        ["Quầy", "Trạng thái", "Cán bộ", "Số đang gọi / phục vụ", ""]
    )
    expect(page.locator('#counters [data-counter="1"] td')).to_have_text(
        ["Quầy 1", "Đang mở", "Cán bộ quầy 1", "A001 · đã gọi", "Đóng quầy"]
    )
    expect(page.locator('#counters [data-counter="3"] td')).to_have_text(["Quầy 3", "Đã đóng", "", "", ""])
    expect(page.locator("#services tr").first.locator("th")).to_have_text(["Lĩnh vực", "Số người chờ", "Chờ lâu nhất"])
    english = page.context.new_page()
    english.set_viewport_size({"width": 1366, "height": 768})
    english.goto(server.url + "/admin/live?lang=en")
    expect(english.locator("#counters tr").first.locator("th")).to_have_text(
        ["Counter", "Status", "Clerk", "Current ticket", ""]
    )
    expect(english.locator('#counters [data-counter="1"] td')).to_have_text(
        ["Quầy 1", "Open", "Cán bộ quầy 1", "A001 · called", "Close counter"]
    )
    expect(english.locator("#services tr").first.locator("th")).to_have_text(
        ["Field", "People waiting", "Longest wait"]
    )


def test_a_manager_closes_a_counter_its_clerk_left_open_from_the_live_dashboard(page, live):
    """Reproduced: clerks who closed the browser left their counters open (the kiosk still promised a short wait,
    other clerks found them taken), and only the API could close them: /admin/live had no button."""
    server = live()
    left = server.login("canbo1")
    busy = server.login("canbo2")
    assert left.post(server.url + "/api/counters/1/open", timeout=5).ok
    assert busy.post(server.url + "/api/counters/2/open", timeout=5).ok
    requests.post(server.url + "/api/tickets", json={"service": "B"}, timeout=5)
    assert busy.post(server.url + "/api/counters/2/call-next", timeout=5).json()["ticket"]["number"] == "B001"
    log_in(page, server, "/admin/live")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))

    page.click('#counters [data-counter="1"] [data-close]')
    expect(page.locator('#counters [data-counter="1"] td')).to_have_text(["Quầy 1", "Đã đóng", "", "", ""])
    expect(page.locator("#live-message")).to_have_text("Đã đóng Quầy 1.")
    expect(page.locator("#live-message")).to_have_class("live-message flash")
    page.click('#counters [data-counter="2"] [data-close]')
    expect(page.locator("#live-message")).to_have_text("Số B001 vẫn đang ở quầy 2: hãy kết thúc số đó trước.")
    expect(page.locator("#live-message")).to_have_class("live-message flash bad")  # a refusal looks like one
    assert page.eval_on_selector("#live-message", "e => getComputedStyle(e).color") == "rgb(200, 16, 46)"

    assert asked == [
        "Đóng Quầy 1 của Cán bộ quầy 1? Cán bộ sẽ phải nhận quầy lại khi quay về.",
        "Đóng Quầy 2 của Cán bộ quầy 2? Cán bộ sẽ phải nhận quầy lại khi quay về.",
    ]
    assert sql(server, "SELECT number, state, clerk_id IS NULL FROM counters WHERE number IN (1, 2)") == [
        (1, "closed", 1),
        (2, "open", 0),
    ]
