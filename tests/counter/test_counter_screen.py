"""The clerk's workstation and the counter's rating tablet, in real Chromium against a live server."""

import pytest
import requests
from playwright.sync_api import expect

from tests.helpers import act_at_counter as act
from tests.helpers import log_in_at_counter as log_in
from tests.helpers import sql

OFFLINE = (  # the banner while the page's socket is down: its presses still go, over HTTP
    "Mất kết nối với máy chủ — đang kết nối lại… Danh sách có thể chưa cập nhật. Vẫn thao tác được; kết quả xem ở "
    "dòng thông báo dưới các nút."
)

pytestmark = [pytest.mark.browser, pytest.mark.live]


def issue(server, service="A", **extra):
    return requests.post(server.url + "/api/tickets", json={"service": service, **extra}, timeout=5).json()


def test_call_start_finish_then_the_paired_tablet_asks_and_stores_the_rating(make_page, live):
    server = live()
    issue(server, "A")
    clerk = make_page()
    tablet1 = make_page(1280, 800)
    tablet2 = make_page(1280, 800)
    tablet1.goto(f"{server.url}/counter/1/rating")
    tablet2.goto(f"{server.url}/counter/2/rating")
    expect(tablet1.locator("#counter")).to_have_text("Quầy số 1")
    log_in(clerk, server)
    expect(tablet1.locator("#clerk")).to_have_text("Cán bộ: Cán bộ quầy 1")
    act(clerk, "call-next")
    expect(clerk.locator("[data-current-number]")).to_have_text("A001")
    act(clerk, "start")
    act(clerk, "finish")
    expect(clerk.locator("#feedback")).to_have_text("Đã hoàn thành số A001")
    expect(tablet1.locator("#ask")).to_be_visible(timeout=1000)  # within a second
    expect(tablet1.locator("#for")).to_have_text("Số thứ tự A001")
    tablet1.tap('[data-score="3"]')
    expect(tablet1.locator("#thanks")).to_be_visible()
    assert sql(server, "SELECT ticket_id, counter, score, dissatisfied FROM ratings") == [(1, 1, 3, 0)]
    assert tablet2.locator("#ask").is_hidden()
    assert tablet2.evaluate("window.ratingTablet.state.question") is None
    expect(clerk.locator("#stats")).to_have_text("Hôm nay đã phục vụ: 1 · phục vụ TB: 0:00 · hài lòng: 100%")


def test_dissatisfied_citizen_can_give_reasons_and_a_dossier_code(make_page, live):
    server = live()
    issue(server, "A")
    clerk, tablet = make_page(), make_page(1280, 800)
    tablet.goto(f"{server.url}/counter/1/rating")
    log_in(clerk, server)
    for action in ("call-next", "start", "finish"):
        act(clerk, action)
    tablet.tap('[data-score="1"]')
    expect(tablet.locator("#why")).to_be_visible()
    tablet.tap('[data-reason="attitude"]')
    tablet.tap('[data-reason="time"]')
    tablet.fill("#dossier", "H01.22-251123-0007")
    tablet.tap("#send")
    expect(tablet.locator("#thanks")).to_be_visible()
    assert sql(server, "SELECT score, reasons, dossier_code FROM ratings") == [
        (1, '["attitude", "time"]', "H01.22-251123-0007")
    ]


def test_keyboard_shortcuts_drive_the_whole_service(page, live):
    server = live()
    issue(server, "A")
    issue(server, "A")
    log_in(page, server)
    page.keyboard.press("n")
    expect(page.locator("[data-current-number]")).to_have_text("A001")
    page.keyboard.press("v")
    expect(page.locator("#no-show .num")).to_have_text("A001")
    page.keyboard.press("n")
    expect(page.locator("[data-current-number]")).to_have_text("A002")
    page.keyboard.press("b")
    expect(page.locator("#current")).to_have_attribute("data-status", "serving")
    page.keyboard.press("h")
    expect(page.locator("#current")).to_have_attribute("data-status", "none")
    assert sql(server, "SELECT number, status FROM tickets ORDER BY id") == [("A001", "no_show"), ("A002", "done")]


def test_a_double_click_calls_one_ticket(page, live):
    server = live()
    for _ in range(3):
        issue(server, "A")
    log_in(page, server)
    page.dblclick('.actions [data-action="call-next"]')
    page.evaluate("""() => { const b = document.querySelector('.actions [data-action="call-next"]');
                             for (let i = 0; i < 5; i++) b.click(); }""")
    expect(page.locator("[data-current-number]")).to_have_text("A001")
    page.wait_for_timeout(500)
    assert sql(server, "SELECT number FROM tickets WHERE status = 'called'") == [("A001",)]
    assert sql(server, "SELECT count(*) FROM events WHERE action = 'call'") == [(1,)]


def test_a_new_ticket_appears_in_the_waiting_list_without_reload(page, live):
    server = live()
    log_in(page, server)
    expect(page.locator("#waiting-count")).to_have_text("(0)")
    issue(server, "T", priority="nguoi_cao_tuoi")
    expect(page.locator("#waiting .num")).to_have_text("T001")
    expect(page.locator("#waiting .tag")).to_have_text("Ưu tiên")


def test_another_counters_call_updates_the_list_at_once(make_page, live):
    server = live()
    issue(server, "A")
    first, second = make_page(), make_page()
    log_in(first, server, "canbo1", 1)
    log_in(second, server, "canbo2", 2)
    expect(first.locator("#waiting .num")).to_have_text("A001")
    act(second, "call-next")
    expect(first.locator("#waiting-count")).to_have_text("(0)")


def test_transfer_park_resume_requeue_and_call_a_number(page, live):
    server = live()
    for service in ("A", "A", "A"):
        issue(server, service)
    log_in(page, server)
    act(page, "call-next")
    act(page, "start")
    page.click('.actions [data-action="transfer"]')
    expect(page.locator('[data-transfer="B"] .code')).to_have_text("B")  # each field's code a badge
    expect(page.locator('[data-transfer="B"]')).to_have_text("B Hộ tịch0 người đang chờ · chưa có quầy nào mở")
    page.click('[data-transfer="B"]')
    expect(page.locator("#feedback")).to_have_text("Đã chuyển số A001 sang lĩnh vực B Hộ tịch")
    page.click('.actions [data-action="call-number"]')
    page.fill("#call-input", "a003")
    page.keyboard.press("Enter")
    expect(page.locator("[data-current-number]")).to_have_text("A003")
    act(page, "park")
    expect(page.locator("#parked .num")).to_have_text("A003")
    act(page, "call-next")
    act(page, "no-show")
    page.click('#no-show [data-action="requeue"]')
    expect(page.locator("#waiting .num")).to_have_text("A002")
    page.click('#parked [data-action="resume"]')
    expect(page.locator("[data-current-number]")).to_have_text("A003")
    assert sql(server, "SELECT number, service, status FROM tickets ORDER BY id") == [
        ("A001", "A", "transferred"),
        ("A002", "A", "waiting"),
        ("A003", "A", "called"),
        ("A001", "B", "waiting"),
    ]


def test_the_transfer_dialog_says_of_each_field_its_line_and_whether_an_open_counter_serves_it(make_page, live):
    server = live()
    for service in ("A", "C", "C", "T"):
        issue(server, service)
    first, second = make_page(), make_page()
    log_in(second, server, "canbo2", 2)  # A and B
    log_in(first, server, "canbo1", 1)  # A and T
    act(first, "call-next")
    act(first, "start")
    first.click('.actions [data-action="transfer"]')
    expect(first.locator("#transfer-title")).to_have_text("Chuyển số A001 sang lĩnh vực:")
    expect(first.locator("[data-transfer] .meta")).to_have_text(
        [
            "0 người đang chờ · 1 quầy đang mở",  # B: counter 2
            "2 người đang chờ · chưa có quầy nào mở",  # C: counter 4, closed
            *["0 người đang chờ · chưa có quầy nào mở"] * 6,  # D E F G H K
            "1 người đang chờ · 1 quầy đang mở",  # T: this counter
        ]
    )
    expect(first.locator("[data-transfer]")).to_have_count(9)
    expect(first.locator('[data-transfer="C"] .meta')).to_have_class("meta none")
    expect(first.locator('[data-transfer="B"] .meta')).to_have_class("meta")
    first.keyboard.press("Escape")
    second.goto(server.url + "/counter?lang=en")  # the same words in English, a count of one in the singular
    expect(second.locator("#work")).to_be_visible()
    first.click('.actions [data-action="transfer"]')
    first.click('[data-transfer="B"]')
    expect(first.locator("#feedback")).to_have_text("Đã chuyển số A001 sang lĩnh vực B Hộ tịch")
    act(second, "call-next")  # A001, now in B's line
    expect(second.locator("[data-current-number]")).to_have_text("A001")
    act(second, "start")
    second.click('.actions [data-action="transfer"]')
    expect(second.locator('[data-transfer="A"] .meta')).to_have_text("0 waiting · 2 counters open")
    expect(second.locator('[data-transfer="T"] .meta')).to_have_text("1 waiting · 1 counter open")
    expect(second.locator('[data-transfer="C"] .meta')).to_have_text("2 waiting · no counter open yet")


def test_refusals_are_shown_and_nothing_is_left_to_guess(page, live):
    server = live()
    log_in(page, server)
    act(page, "call-next")
    expect(page.locator("#feedback")).to_have_text("Không còn ai chờ")
    page.click('.actions [data-action="call-number"]')
    page.fill("#call-input", "Z999")
    page.keyboard.press("Enter")
    expect(page.locator("#feedback")).to_have_text("Chưa thực hiện: Hôm nay không có số Z999.")
    expect(page.locator("#feedback")).to_have_class("feedback bad")


def test_the_workstation_survives_a_server_restart_and_says_so_while_down(page, live):
    server = live()
    issue(server, "A")
    log_in(page, server)
    server.stop()
    expect(page.locator("#offline")).to_be_visible(timeout=10000)
    expect(page.locator("#offline")).to_have_text(OFFLINE)
    page.click('.actions [data-action="call-next"]')
    expect(page.locator("#feedback")).to_have_text(
        "Mất kết nối: thao tác CHƯA chắc đã thực hiện. Màn hình sẽ tự cập nhật khi có mạng."
    )
    server.start(port=server.port)
    expect(page.locator("#offline")).to_be_hidden(timeout=20000)
    act(page, "call-next")
    expect(page.locator("[data-current-number]")).to_have_text("A001")
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1


def test_pause_stops_calls_until_the_clerk_is_back(page, live):
    server = live()
    issue(server, "A")
    log_in(page, server)
    page.keyboard.press("p")
    expect(page.locator("#paused")).to_be_visible()
    expect(page.locator('.actions [data-action="call-next"]')).to_be_disabled()
    page.keyboard.press("p")
    expect(page.locator("#paused")).to_be_hidden()
    act(page, "call-next")
    expect(page.locator("[data-current-number]")).to_have_text("A001")


def test_controls_fit_a_1366x768_screen_and_a_tablet(make_page, live):
    server = live()
    for width, height in ((1366, 768), (800, 1280)):
        page = make_page(width, height)
        log_in(page, server)
        for action in ("call-next", "recall", "start", "finish", "no-show", "transfer", "park", "call-number"):
            box = page.locator(f'.actions [data-action="{action}"]').bounding_box()
            assert box["y"] + box["height"] <= height and box["x"] + box["width"] <= width, (width, action)
        page.click("#logout")
        expect(page.locator("#login")).to_be_visible()


def test_the_workstations_presses_travel_over_its_socket_and_over_http_while_it_is_down(make_page, live):
    server = live()
    for _ in range(3):
        issue(server, "A")
    clerk = make_page()
    posted = []
    clerk.on("request", lambda r: posted.append(r.url.removeprefix(server.url)) if r.method == "POST" else None)
    log_in(clerk, server)  # opening the counter at log-in is a press too
    act(clerk, "call-next")
    expect(clerk.locator("[data-current-number]")).to_have_text("A001")
    act(clerk, "start")
    act(clerk, "call-next")  # "Finish and call next"
    expect(clerk.locator("#feedback")).to_have_text("Đã hoàn thành số A001 · Đã gọi số A002")
    expect(clerk.locator("[data-current-number]")).to_have_text("A002")
    expect(clerk.locator('.actions [data-action="no-show"]')).to_be_enabled()
    assert posted == ["/api/login"]  # every press went over the socket
    # The line drops (not the page's own disconnect), and stays down: no reconnection
    clerk.evaluate(
        "(() => { const s = window.counterStation.socket; s.io.reconnection(false); s.io.engine.close(); })()"
    )
    expect(clerk.locator("#offline")).to_be_visible()
    expect(clerk.locator("#offline")).to_have_text(OFFLINE)
    act(clerk, "no-show")
    expect(clerk.locator("#feedback")).to_have_text("Số A002: vắng mặt")
    expect(clerk.locator("#no-show-count")).to_have_text("(1)")  # the screen redrew from the view read over HTTP
    expect(clerk.locator("#no-show .num")).to_have_text(["A002"])
    assert posted == ["/api/login", "/api/tickets/2/no-show"]
    assert sql(server, "SELECT number, status FROM tickets ORDER BY id") == [
        ("A001", "done"),
        ("A002", "no_show"),
        ("A003", "waiting"),
    ]


def test_a_press_after_the_session_ended_asks_for_the_login_and_the_next_login_presses_again(make_page, live):
    server = live()
    for _ in range(2):
        issue(server, "A")
    clerk = make_page()
    log_in(clerk, server)
    act(clerk, "call-next")
    expect(clerk.locator("[data-current-number]")).to_have_text("A001")
    # The session ends elsewhere (another tab logged out): the page's socket still holds the old one.
    assert clerk.request.post(server.url + "/api/logout", headers={"X-XepHang": "1"}).ok
    clerk.click('.actions [data-action="no-show"]')
    expect(clerk.locator("#login-form")).to_be_visible()
    expect(clerk.locator("#offline")).to_be_hidden()  # the page closed its own socket: no "connection lost" banner
    assert clerk.evaluate("window.counterStation.socket") is None
    clerk.fill("input[name=username]", "canbo1")
    clerk.fill("input[name=password]", "demo")
    clerk.click("#login-form button[type=submit]")
    expect(clerk.locator("#work")).to_be_visible()
    expect(clerk.locator("[data-current-number]")).to_have_text("A001")
    act(clerk, "no-show")  # over the new socket, with the new session
    expect(clerk.locator("#feedback")).to_have_text("Số A001: vắng mặt")
    assert sql(server, "SELECT number, status FROM tickets ORDER BY id") == [("A001", "no_show"), ("A002", "waiting")]


@pytest.mark.parametrize(("lang", "message"), [("vi", "Không có quầy số 99."), ("en", "There is no counter 99.")])
def test_a_refusal_over_the_socket_is_in_the_pages_language_whatever_the_browsers(make_page, live, lang, message):
    server = live()
    clerk = make_page()
    log_in(clerk, server)
    clerk.goto(f"{server.url}/counter?counter=1&lang={lang}")  # the browser says English either way
    expect(clerk.locator("#work")).to_be_visible()
    reply = clerk.evaluate(
        """() => new Promise((done) => {
             const s = window.counterStation.socket;
             const go = () => s.emit("call_next", { counter: 99 }, done);
             s.connected ? go() : s.once("connect", go);
           })"""
    )
    assert reply == {"error": "unknown_counter", "message": message}
