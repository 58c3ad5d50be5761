"""The wall display in real Chromium: calls appear at once, are announced in order, survive a crash."""

import itertools
import re

import pytest
import requests
from playwright.sync_api import expect

from tests.helpers import sql

pytestmark = [pytest.mark.browser, pytest.mark.live]

BLOCK_AUTOPLAY = """
(() => {
  const realPlay = HTMLMediaElement.prototype.play;
  window.__unlocked = false;
  document.addEventListener('click', () => { window.__unlocked = true; }, true);
  HTMLMediaElement.prototype.play = function () {
    return window.__unlocked ? realPlay.call(this) : Promise.reject(new DOMException('blocked', 'NotAllowedError'));
  };
})();
"""


def call(server, clerk, counter):
    return clerk.post(f"{server.url}/api/counters/{counter}/call-next").json()["ticket"]


def open_counter(server, username, counter):
    clerk = server.login(username)
    clerk.post(f"{server.url}/api/counters/{counter}/open")
    return clerk


def wav_requests(page):
    seen = []
    page.on(
        "request",
        lambda r: (
            seen.append(r.url.split("/api/announcements/")[1].split(".wav")[0])
            if "/api/announcements/" in r.url
            else None
        ),
    )
    return seen


def test_a_call_appears_at_once_with_its_text_and_in_the_counter_panel(page, voiced_live):
    server = voiced_live()
    requests.post(server.url + "/api/tickets", json={"service": "A"}, timeout=5)
    page.goto(server.url + "/display")
    expect(page.locator("#calling .none")).to_have_text("Chưa có số nào được gọi")
    clerk = open_counter(server, "canbo1", 1)
    call(server, clerk, 1)
    expect(page.locator("[data-called-number]")).to_have_text("A001", timeout=2000)
    expect(page.locator(".tile .to")).to_have_text("Quầy 1")
    expect(page.locator("#latest-text")).to_have_text("Xin mời công dân có số thứ tự A không không một đến quầy số một")
    expect(page.locator('[data-counter="1"] .serving')).to_have_text("A001")
    expect(page.locator("#recent li")).to_have_count(0)  # the call is a tile, not yet an older call


def test_calls_arriving_together_are_all_announced_in_order_none_cut_off(page, voiced_live):
    server = voiced_live()
    for service in ("A", "B", "C"):
        requests.post(server.url + "/api/tickets", json={"service": service}, timeout=5)
    clerks = [open_counter(server, "canbo1", 1), open_counter(server, "canbo2", 2), open_counter(server, "canbo4", 4)]
    requested = wav_requests(page)
    page.goto(server.url + "/display")
    page.wait_for_function("window.hallDisplay && window.hallDisplay.socket.connected")
    numbers = [call(server, clerk, counter)["number"] for clerk, counter in zip(clerks, (1, 2, 4), strict=True)]
    assert numbers == ["A001", "B001", "C001"]
    page.wait_for_function("window.hallDisplay.state.played.length === 3", timeout=20000)
    assert page.evaluate("window.hallDisplay.state.played") == numbers
    # One after the other: the next is fetched when the last has ended (a call is said again only while
    # nothing else waits).
    assert [ticket for ticket, _ in itertools.groupby(requested)] == ["1", "2", "3"]
    page.wait_for_function("window.hallDisplay.state.timeline.length === 6", timeout=10000)
    assert page.evaluate("window.hallDisplay.state.timeline") == [
        ["start", "A001"],
        ["end", "A001"],
        ["start", "B001"],
        ["end", "B001"],
        ["start", "C001"],
        ["end", "C001"],
    ]
    expect(page.locator(".tile .number")).to_have_text(["C001", "B001", "A001"])


def test_on_an_english_display_the_line_under_the_tiles_is_english(page, voiced_live):
    """It was the spoken Vietnamese sentence on every display; the voice itself stays Vietnamese."""
    server = voiced_live()
    requests.post(server.url + "/api/tickets", json={"service": "A"}, timeout=5)
    page.goto(server.url + "/display?lang=en")
    page.wait_for_function("window.hallDisplay && window.hallDisplay.socket.connected")
    call(server, open_counter(server, "canbo1", 1), 1)
    expect(page.locator("[data-called-number]")).to_have_text("A001", timeout=2000)
    expect(page.locator("#latest-text")).to_have_text("Number A001, please come to Counter 1")


@pytest.mark.parametrize(("lang", "day"), [("vi", "03/12/2026"), ("en", "3 Dec 2026")])
def test_the_displays_date_is_written_as_its_language_does(page, live, lang, day):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    server = live()
    page.clock.set_fixed_time(datetime(2026, 12, 3, 8, 43, 5, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))  # the centre's
    page.goto(f"{server.url}/display?lang={lang}")
    page.wait_for_function("window.hallDisplay && window.hallDisplay.socket.connected")
    expect(page.locator("#date")).to_have_text(day)  # 03/12 reads as March the 12th to some English readers
    expect(page.locator("#time")).to_have_text("08:43:05")


def test_a_recall_is_announced_again(page, voiced_live):
    server = voiced_live()
    requests.post(server.url + "/api/tickets", json={"service": "A"}, timeout=5)
    page.goto(server.url + "/display")
    page.wait_for_function("window.hallDisplay && window.hallDisplay.socket.connected")
    clerk = open_counter(server, "canbo1", 1)
    ticket = call(server, clerk, 1)
    page.wait_for_function("window.hallDisplay.state.played.length === 1", timeout=10000)
    clerk.post(f"{server.url}/api/tickets/{ticket['id']}/recall")
    page.wait_for_function("window.hallDisplay.state.played.length === 2", timeout=10000)
    assert page.evaluate("window.hallDisplay.state.played") == ["A001", "A001"]


def test_when_the_browser_blocks_sound_it_asks_for_a_click_then_speaks(page, voiced_live):
    server = voiced_live()
    requests.post(server.url + "/api/tickets", json={"service": "A"}, timeout=5)
    page.add_init_script(BLOCK_AUTOPLAY)
    page.goto(server.url + "/display")
    page.wait_for_function("window.hallDisplay && window.hallDisplay.socket.connected")
    call(server, open_counter(server, "canbo1", 1), 1)
    expect(page.locator("#sound")).to_be_visible(timeout=5000)
    expect(page.locator("#sound")).to_have_text("Bấm để bật âm thanh")
    expect(page.locator("[data-called-number]")).to_have_text("A001")  # shown even while silent
    # ...and not hidden behind the button: after a night's reboot the hall reads its calls until someone clicks.
    for width, height in ((1920, 1080), (1366, 768), (1080, 1920)):
        page.set_viewport_size({"width": width, "height": height})
        button = page.locator("#sound").bounding_box()
        for tile in page.locator(".tile").all():
            box = tile.bounding_box()
            apart = (
                box["x"] + box["width"] <= button["x"]
                or button["x"] + button["width"] <= box["x"]
                or box["y"] + box["height"] <= button["y"]
                or button["y"] + button["height"] <= box["y"]
            )
            assert apart, (width, height, box, button)
        assert button["y"] + button["height"] <= height and button["x"] + button["width"] <= width
    page.click("#sound")
    page.wait_for_function("window.hallDisplay.state.played.length === 1", timeout=10000)
    expect(page.locator("#sound")).to_be_hidden()


def test_quiet_hours_show_calls_without_sound(page, voiced_live):
    server = voiced_live()
    requests.post(server.url + "/api/tickets", json={"service": "A"}, timeout=5)
    requested = wav_requests(page)
    page.goto(server.url + "/display?quiet=00:00-23:59")
    page.wait_for_function("window.hallDisplay && window.hallDisplay.socket.connected")
    call(server, open_counter(server, "canbo1", 1), 1)
    expect(page.locator("[data-called-number]")).to_have_text("A001")
    page.wait_for_timeout(1000)
    assert requested == []


def test_a_display_of_one_group_shows_only_its_counters_and_calls(page, voiced_live):
    server = voiced_live()
    sql(server, "UPDATE counters SET display_group = 'tang1' WHERE number = 4")
    for service in ("A", "C"):
        requests.post(server.url + "/api/tickets", json={"service": service}, timeout=5)
    page.goto(server.url + "/display?group=tang1")
    expect(page.locator("[data-counter]")).to_have_count(1)
    call(server, open_counter(server, "canbo1", 1), 1)
    call(server, open_counter(server, "canbo4", 4), 4)
    expect(page.locator("[data-called-number]")).to_have_text("C001")
    page.wait_for_timeout(500)
    expect(page.locator(".tile .number")).to_have_text(["C001"])


def test_after_kill_9_and_restart_a_new_call_appears_on_the_same_page(page, voiced_live):
    server = voiced_live()
    for service in ("A", "A"):
        requests.post(server.url + "/api/tickets", json={"service": service}, timeout=5)
    page.goto(server.url + "/display")
    clerk = open_counter(server, "canbo1", 1)
    first = call(server, clerk, 1)
    expect(page.locator("[data-called-number]")).to_have_text("A001")
    server.kill9()
    expect(page.locator("#offline")).to_be_visible(timeout=10000)
    server.start(port=server.port)
    expect(page.locator("#offline")).to_be_hidden(timeout=20000)
    clerk = server.login("canbo1")
    clerk.post(f"{server.url}/api/tickets/{first['id']}/start")
    clerk.post(f"{server.url}/api/tickets/{first['id']}/finish")
    call(server, clerk, 1)
    expect(page.locator("[data-called-number]")).to_have_text("A002", timeout=5000)
    expect(page.locator(".tile .number")).to_have_text(["A002", "A001"])
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1


def test_a_finished_ticket_leaves_the_counter_panel_and_the_waiting_figures_follow_in_one_paced_update(
    page, voiced_live
):
    """Start, finish and the waiting figures reach a wall display together (`hall_changed`, at most twice a
    second); the call itself comes at once."""
    server = voiced_live()
    for _ in range(3):
        requests.post(server.url + "/api/tickets", json={"service": "A"}, timeout=5)
    page.goto(server.url + "/display")
    expect(page.locator('#waiting [data-service="A"] .n')).to_have_text("3 người")
    clerk = open_counter(server, "canbo1", 1)
    first = call(server, clerk, 1)
    expect(page.locator('[data-counter="1"] .serving')).to_have_text("A001", timeout=2000)
    expect(page.locator('#waiting [data-service="A"] .n')).to_have_text("2 người", timeout=2000)
    assert clerk.post(f"{server.url}/api/tickets/{first['id']}/start").ok
    expect(page.locator("[data-calling-number]")).to_have_count(0, timeout=2000)  # no longer called
    assert clerk.post(f"{server.url}/api/tickets/{first['id']}/finish").ok
    expect(page.locator('[data-counter="1"] .serving')).to_have_text("—", timeout=2000)
    second = call(server, clerk, 1)
    assert clerk.post(f"{server.url}/api/tickets/{second['id']}/no-show").ok
    expect(page.locator('#waiting [data-service="A"] .n')).to_have_text("1 người", timeout=2000)
    expect(page.locator('[data-counter="1"] .serving')).to_have_text("—", timeout=2000)
    expect(page.locator(".tile .number")).to_have_text(["A002", "A001"])
    expect(page.locator("[data-calling-number]")).to_have_count(0)


def test_a_tile_whose_citizen_reached_the_counter_no_longer_looks_called(page, voiced_live):
    """The tile stays (a citizen who missed the call reads where to go) but no longer looks like a call: its
    number turns from red to grey and it stops flashing."""
    server = voiced_live()
    requests.post(server.url + "/api/tickets", json={"service": "A"}, timeout=5)
    page.goto(server.url + "/display")
    page.wait_for_function("window.hallDisplay && window.hallDisplay.socket.connected")  # it hears the call itself
    clerk = open_counter(server, "canbo1", 1)
    first = call(server, clerk, 1)
    tile = page.locator(f'.tile[data-ticket="{first["id"]}"]')
    expect(tile.locator(".number")).to_have_css("color", "rgb(200, 16, 46)")
    expect(tile).to_have_class(re.compile(r"\bfresh\b"))
    assert clerk.post(f"{server.url}/api/tickets/{first['id']}/start").ok
    expect(tile).not_to_have_attribute("data-calling-number", "A001", timeout=2000)
    expect(tile.locator(".number")).to_have_css("color", "rgb(90, 103, 129)")
    expect(tile.locator(".to")).to_have_css("color", "rgb(90, 103, 129)")  # its counter too: nothing says "come"
    expect(tile).to_have_css("animation-name", "none")
    expect(tile.locator(".number")).to_have_text("A001")
