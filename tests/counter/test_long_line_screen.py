"""The workstation with a provincial morning's line: the first tickets listed, the rest counted, in Chromium."""

import pytest
import requests
from playwright.sync_api import expect

from server.payloads import LISTED
from tests.helpers import act_at_counter as act
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
