"""The workstation with a provincial morning's line: the first tickets listed, the rest counted, in Chromium."""

import pytest
import requests
from playwright.sync_api import expect

from server.payloads import LISTED
from tests.helpers import act_at_counter as act
from tests.helpers import free_port
from tests.helpers import log_in_at_counter as log_in


def test_a_long_line_lists_its_first_numbers_and_says_how_many_more_wait(page, live):
    server = live(kiosk_tickets_per_minute=1000)
    http = requests.Session()
    for _ in range(LISTED + 25):
        assert http.post(server.url + "/api/tickets", json={"service": "A"}, timeout=10).status_code == 201
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, server)
    expect(page.locator("#waiting-count")).to_have_text(f"({LISTED + 25})")
    expect(page.locator("#waiting .num")).to_have_count(LISTED)
    expect(page.locator("#waiting .num").first).to_have_text("A001")
    expect(page.locator("#waiting li.more")).to_have_text("… và 25 số nữa (bấm “Gọi số cụ thể” để gọi bất kỳ số nào)")
    act(page, "call-next")  # the clerk's own call: the list moves at once
    expect(page.locator("#waiting-count")).to_have_text(f"({LISTED + 24})")
    expect(page.locator("#waiting .num").first).to_have_text("A002")
    expect(page.locator("#waiting li.more")).to_have_text("… và 24 số nữa")  # A001 at the counter: no call by number


@pytest.mark.parametrize("height", [768, 657])  # the whole screen; a maximised window on that screen
def test_with_a_long_line_the_on_hold_and_no_show_lists_stay_in_sight(page, live, height):
    server = live(kiosk_tickets_per_minute=1000)
    http = requests.Session()
    for _ in range(13):
        assert http.post(server.url + "/api/tickets", json={"service": "A"}, timeout=10).status_code == 201
    page.set_viewport_size({"width": 1366, "height": height})
    log_in(page, server)
    act(page, "call-next")
    act(page, "park")  # A001 on hold
    act(page, "call-next")
    act(page, "no-show")  # A002 did not come
    expect(page.locator("#waiting-count")).to_have_text("(11)")
    for seen in ("#parked-count", "#parked .num", "#no-show-count", "#no-show .num", "#stats"):
        expect(page.locator(seen)).to_be_in_viewport(ratio=1)
    expect(page.locator("#parked .num")).to_have_text("A001")
    expect(page.locator("#no-show .num")).to_have_text("A002")
    expect(page.locator("#waiting .num").first).to_be_in_viewport(ratio=1)
    assert page.evaluate("document.scrollingElement.scrollHeight <= innerHeight")  # the page itself does not scroll


def test_full_short_lists_in_a_low_window_can_all_be_reached_and_the_page_stays_put(page, live):
    """A printer down, four who did not come and two on hold under a long line, in a maximised window on a
    1366x768 screen: every row can be reached (the column scrolls when the short lists are all full), the
    controls never move (the not-printed list, last, is then scrolled to)."""
    server = live(kiosk_tickets_per_minute=1000, printer=f"tcp://127.0.0.1:{free_port()}", print_attempts=1)
    admin = server.login("admin", "admin")
    for _ in range(2):  # T001, T002: never printed
        assert admin.post(server.url + "/api/tickets", json={"service": "T", "kiosk": "main"}, timeout=10).ok
    http = requests.Session()
    for _ in range(30):
        assert http.post(server.url + "/api/tickets", json={"service": "A"}, timeout=10).status_code == 201
    page.set_viewport_size({"width": 1366, "height": 657})
    log_in(page, server)
    for close in ("park", "park", "no-show", "no-show", "no-show", "no-show"):
        act(page, "call-next")
        act(page, close)
    expect(page.locator("#unprinted .num")).to_have_text(["T001", "T002"])
    expect(page.locator("#parked .num")).to_have_count(2)
    expect(page.locator("#no-show .num")).to_have_count(4)
    for seen in ("#parked-count", "#no-show-count"):
        expect(page.locator(seen)).to_be_in_viewport(ratio=1)  # right under the line, whatever its length
    for row in page.locator("#parked .row-action, #no-show .row-action, #unprinted .row-action").all():
        row.scroll_into_view_if_needed()
        expect(row).to_be_in_viewport(ratio=0.9)  # a list inside the scrolling column: sub-pixel scroll offsets
    assert page.evaluate("[document.scrollingElement.scrollTop, document.scrollingElement.scrollHeight]") == [0, 657]
    expect(page.locator('.actions [data-action="call-next"]')).to_be_in_viewport(ratio=1)
