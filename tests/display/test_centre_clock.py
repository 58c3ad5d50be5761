"""The kiosk's and the wall display's clocks, and the display's quiet hours, keep the centre's time (the `timezone`
setting) whatever zone the device itself is set to."""

import datetime as dt

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.live]

AT = dt.datetime(2026, 12, 3, 17, 58, 20, tzinfo=dt.UTC)  # 00:58:20 on 04/12/2026 in Hanoi


def device(browser, zone, width, height):
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="vi-VN", timezone_id=zone, bypass_csp=True
    )
    page = context.new_page()
    page.clock.install(time=AT - dt.timedelta(minutes=1))
    page.clock.pause_at(AT)
    return context, page


@pytest.mark.parametrize("zone", ["Etc/UTC", "America/New_York", "Asia/Ho_Chi_Minh"])
def test_the_kiosk_and_the_display_keep_the_centres_time_whatever_the_devices_zone(browser, live, zone):
    """Reproduced: a kiosk browser set to UTC showed 17:58 03/12/2026 while its tickets were dated 04/12, and a
    display's quiet hours (11:30–13:30 by the option) would have fallen at the device's noon."""
    server = live()
    kiosk_context, kiosk = device(browser, zone, 1080, 1920)
    display_context, display = device(browser, zone, 1920, 1080)
    try:
        kiosk.goto(server.url + "/kiosk")
        display.goto(server.url + "/display?quiet=00:30-01:30")
        expect(kiosk.locator("#clock")).to_have_text("00:58  04/12/2026")
        expect(display.locator("#time")).to_have_text("00:58:20")
        expect(display.locator("#date")).to_have_text("04/12/2026")
        quiet = display.evaluate("window.hallDisplay.quietNow()")
        display.goto(server.url + "/display?quiet=17:30-18:30")  # the device's own hour in UTC
        display.wait_for_function("window.hallDisplay !== undefined")
        assert (quiet, display.evaluate("window.hallDisplay.quietNow()")) == (True, False)
    finally:
        kiosk_context.close()
        display_context.close()
