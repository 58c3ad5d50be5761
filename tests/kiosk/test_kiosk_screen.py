"""The kiosk in real Chromium: one tap one ticket, the number whatever the printer does, self-healing."""

import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import requests
from playwright.sync_api import expect

from printer.escpos_render import decode, texts
from tests.helpers import free_port, sql, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.live]


def wait_for_file(path, timeout=10):
    wait_until(lambda: os.path.exists(path), timeout, what=f"{path} written")


def open_kiosk(page, server, query=""):
    page.goto(f"{server.url}/kiosk{query}")
    page.wait_for_selector('[data-service="A"]:not([disabled])')


def press_done(page):
    """The citizen presses "Xong" on the result screen, and the kiosk is ready for the next one at once (not after the
    20 s countdown). The screen ignores taps for 0.8 s after the number shows (a stuck finger): a person takes that
    long to read it."""
    page.wait_for_timeout(1000)
    page.click("#done", timeout=5000)
    expect(page.locator("#home")).to_be_visible(timeout=2000)


def test_tapping_a_service_shows_the_number_and_prints_the_ticket(page, live):
    server = live(fresh=True)  # a new centre: the server's first start, on an empty folder
    open_kiosk(page, server)
    page.tap('[data-service="B"]')
    number = page.locator("[data-ticket-number]")
    expect(number).to_have_text("B001")
    assert page.locator("#result-service").inner_text() == "Hộ tịch"
    assert page.locator("#result-ahead").inner_text() == "Số người chờ trước bạn: 0"
    wait_for_file(f"{server.data_dir}/tickets/B001.png")
    with open(f"{server.data_dir}/tickets/B001.bin", "rb") as fh:
        assert texts(decode(fh.read())) == ["B001"]
    page.wait_for_function("document.getElementById('result-print').textContent === 'Vui lòng nhận phiếu bên dưới'")
    assert page.locator("#result-qr").evaluate("img => img.complete && img.naturalWidth > 0")


def test_a_double_tap_issues_one_ticket(page, live):
    server = live()
    open_kiosk(page, server)
    button = page.locator('[data-service="A"]')
    button.dblclick()
    # A stuck finger: a burst of taps dispatched as fast as the page takes them.
    page.evaluate("""() => { const b = document.querySelector('[data-service="A"]');
                             for (let i = 0; i < 5; i++) b.click(); }""")
    expect(page.locator("[data-ticket-number]")).to_have_text("A001")
    page.wait_for_timeout(1000)
    assert sql(server, "SELECT number FROM tickets") == [("A001",)]


def double_tap(page, selector):
    """Two taps on the same spot as fast as a finger makes them: the second lands on what the first brought up."""
    page.locator(selector).scroll_into_view_if_needed()
    box = page.locator(selector).bounding_box()
    page.mouse.dblclick(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(1000)  # a ticket the second tap asked for would be on the screen by now


def test_a_double_tap_that_changes_the_screen_never_issues_a_ticket_from_the_next_one(page, live):
    """Reproduced: a double tap on a priority, on "Quay lại" or on "Xong" issued a ticket of whatever field lay under
    the finger on the screen that came up (A007 Chứng thực, E001, T003)."""
    server = live()
    page.clock.install()  # the idle screen comes after 90 s without a touch: the test moves the page's time
    open_kiosk(page, server)
    seen = []
    for opener, target in [
        ("#priority-open", "#priority-back"),  # back to the fields
        ("#priority-open", '[data-priority="nguoi_cao_tuoi"]'),  # the priority is chosen, the fields come back
    ]:
        page.click(opener)
        page.wait_for_timeout(1000)
        double_tap(page, target)
        seen.append((page.locator("#home").is_visible(), sql(server, "SELECT count(*) FROM tickets")[0][0]))
    page.tap('[data-service="B"]')
    expect(page.locator("[data-ticket-number]")).to_have_text("B001")
    page.wait_for_timeout(1000)  # the number is read before "Xong" takes taps
    double_tap(page, "#done")
    seen.append((page.locator("#home").is_visible(), sql(server, "SELECT count(*) FROM tickets")[0][0]))
    tile = page.locator('[data-service="A"]').bounding_box()
    page.clock.run_for(91_000)
    expect(page.locator("#idle")).to_be_visible()
    page.mouse.dblclick(tile["x"] + tile["width"] / 2, tile["y"] + tile["height"] / 2)  # on the idle screen
    page.wait_for_timeout(1000)
    seen.append((page.locator("#home").is_visible(), sql(server, "SELECT count(*) FROM tickets")[0][0]))

    assert seen == [(True, 0), (True, 0), (True, 1), (True, 1)]
    assert sql(server, "SELECT number, priority FROM tickets") == [("B001", "nguoi_cao_tuoi")]


def test_the_number_still_shows_with_a_message_when_the_printer_fails(page, live):
    server = live(printer=f"tcp://127.0.0.1:{free_port()}", print_attempts=1)
    open_kiosk(page, server)
    page.tap('[data-service="C"]')
    expect(page.locator("[data-ticket-number]")).to_have_text("C001")
    page.wait_for_function("document.getElementById('result-print').classList.contains('failed')", timeout=10000)
    assert page.locator("#result-print").inner_text() == (
        "Máy in tạm thời gặp sự cố, vui lòng ghi nhớ số của bạn hoặc chụp mã QR"
    )
    assert page.locator("#reprint").is_visible()
    assert sql(server, "SELECT number, status FROM tickets") == [("C001", "waiting")]
    # The next citizen is warned at once: the kiosk knows the printer is down.
    press_done(page)
    page.tap('[data-service="C"]')
    expect(page.locator("[data-ticket-number]")).to_have_text("C002")
    assert page.locator("#result-print").get_attribute("class") == "result-print failed"


def test_the_kiosk_recovers_by_itself_after_a_server_restart(page, live):
    server = live()
    open_kiosk(page, server)
    page.tap('[data-service="A"]')
    page.locator("[data-ticket-number]").wait_for()
    press_done(page)
    server.stop()
    page.wait_for_selector("#offline:not([hidden])", timeout=10000)
    server.start(port=server.port)
    page.wait_for_selector("#offline", state="hidden", timeout=20000)
    page.wait_for_selector('[data-service="A"]:not([disabled])')
    page.tap('[data-service="A"]')
    expect(page.locator("[data-ticket-number]")).to_have_text("A002")
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1  # never reloaded


def test_closed_and_sold_out_services_are_shown_with_the_reason(page, live):
    server = live()
    sql(server, "UPDATE services SET daily_cap = 1 WHERE code = 'C'")
    sql(server, "UPDATE services SET active = 0 WHERE code = 'G'")
    requests.post(server.url + "/api/tickets", json={"service": "C"}, timeout=5)
    open_kiosk(page, server)
    c = page.locator('[data-service="C"]')
    assert (c.is_disabled(), c.locator(".meta").inner_text()) == (True, "Hết số hôm nay")
    g = page.locator('[data-service="G"]')
    assert (g.is_disabled(), g.locator(".meta").inner_text()) == (True, "Tạm ngừng tiếp nhận")


def test_waiting_counts_update_live_without_reload(page, live):
    server = live()
    open_kiosk(page, server)
    for _ in range(3):
        requests.post(server.url + "/api/tickets", json={"service": "D"}, timeout=5)
    page.wait_for_function(
        """document.querySelector('[data-service="D"] .meta').textContent.startsWith('Đang chờ: 3')"""
    )


def test_a_priority_citizen_gets_a_priority_ticket(page, live):
    server = live()
    open_kiosk(page, server)
    page.tap("#priority-open")
    page.tap('[data-priority="nguoi_cao_tuoi"]')
    assert page.locator("#priority-name").inner_text() == "Lấy số ưu tiên: Người cao tuổi"
    page.tap('[data-service="A"]')
    page.locator("[data-ticket-number]").wait_for()
    assert sql(server, "SELECT number, priority FROM tickets") == [("A001", "nguoi_cao_tuoi")]


def test_english_toggle_and_back_to_vietnamese_for_the_next_citizen(page, live):
    server = live()
    open_kiosk(page, server, "?result_seconds=1")
    page.tap("#lang")
    assert page.locator('[data-service="B"] .name').inner_text() == "Civil status"
    page.tap('[data-service="B"]')
    expect(page.locator("#result")).to_be_visible()
    expect(page.locator(".result-label")).to_have_text("Your number")
    assert sql(server, "SELECT lang FROM print_jobs") == [("en",)]
    expect(page.locator("#result")).to_be_hidden(timeout=5000)
    assert page.locator("h1").first.inner_text() == "Chạm vào lĩnh vực bạn cần giải quyết"


def test_the_kiosk_clock_writes_the_date_as_each_language_does(page, live):
    server = live()
    page.clock.set_fixed_time(datetime(2026, 12, 3, 8, 43, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))  # the centre's time
    open_kiosk(page, server)
    expect(page.locator("#clock")).to_have_text("08:43  03/12/2026")
    page.tap("#lang")
    expect(page.locator("#clock")).to_have_text("08:43  3 Dec 2026")  # 03/12 reads as March the 12th to some
    page.tap("#lang")
    expect(page.locator("#clock")).to_have_text("08:43  03/12/2026")


def test_keyboard_alone_can_take_a_number(page, live):
    server = live()
    open_kiosk(page, server)
    page.focus('[data-service="A"]')
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("[data-ticket-number]")).to_have_text("B001")


def test_procedures_lookup_finds_a_procedure_without_accents(page, live):
    server = live()
    open_kiosk(page, server)
    page.tap("#procedures-open")
    page.fill("#procedure-search", "khai sinh")
    page.wait_for_selector(".procedure >> text=Đăng ký khai sinh")
    assert page.locator("#procedure-sample").is_visible()
    page.tap(".procedure >> text=Đăng ký khai sinh")
    detail = page.locator("#procedure-detail")
    assert "Tờ khai đăng ký khai sinh" in detail.inner_text()


def test_idle_screen_shows_centre_hotline_and_hours_then_returns_on_touch(page, live):
    server = live()
    open_kiosk(page, server, "?idle_seconds=1")
    page.wait_for_selector("#idle:not([hidden])", timeout=5000)
    assert page.locator("#idle-hotline").inner_text() == "Đường dây nóng: 1900 0000"
    assert page.locator("#idle-hours").inner_text() == "Giờ làm việc: T2–T6: 07:30–11:30, 13:30–17:00"
    page.tap("#idle")
    page.wait_for_selector("#home:not([hidden])")


def test_status_page_updates_live_when_the_ticket_is_called(make_page, live):
    server = live()
    issued = requests.post(server.url + "/api/tickets", json={"service": "A"}, timeout=5).json()
    requests.post(server.url + "/api/tickets", json={"service": "A"}, timeout=5)
    mine = requests.post(server.url + "/api/tickets", json={"service": "A"}, timeout=5).json()
    phone = make_page(390, 844)
    phone.goto(server.url + mine["status_url"])
    state = phone.locator("#state")
    phone.wait_for_function("document.getElementById('state').textContent.includes('trước bạn: 2')")
    clerk = server.login("canbo1")
    clerk.post(server.url + "/api/counters/1/open")
    clerk.post(server.url + "/api/counters/1/call-next")  # A001
    phone.wait_for_function("document.getElementById('state').textContent.includes('trước bạn: 1')")
    clerk.post(f"{server.url}/api/tickets/{issued['id']}/no-show")
    clerk.post(server.url + "/api/counters/1/call", json={"number": "A003"})
    phone.wait_for_function("document.body.dataset.status === 'called'")
    assert state.inner_text() == "Đến lượt bạn — mời đến quầy số 1"
    assert phone.locator("[data-ticket-number]").inner_text() == "A003"


def test_status_page_for_an_unknown_token_says_so(page, live):
    server = live()
    response = page.goto(server.url + "/t/not-a-real-token-at-all")
    assert response.status == 404
    assert "Không tìm thấy số thứ tự" in page.inner_text("body")


def test_reprint_from_the_kiosk_once_the_paper_is_back(page, live):
    from tests.printer.fake_printer import TcpPrinter

    printer = TcpPrinter()
    printer.state = "paper_out"
    try:
        server = live(printer=printer.url, print_attempts=1)
        open_kiosk(page, server)
        page.tap('[data-service="A"]')
        expect(page.locator("#reprint")).to_be_visible(timeout=10000)
        assert printer.data == b""
        printer.state = "ready"
        page.tap("#reprint")
        expect(page.locator("#result-print")).to_have_text("Vui lòng nhận phiếu bên dưới", timeout=10000)
        assert texts(decode(printer.data)) == ["A001"]
        assert sql(server, "SELECT status FROM print_jobs ORDER BY id") == [("failed",), ("printed",)]
    finally:
        printer.stop()
