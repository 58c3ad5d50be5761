"""Dossier codes at the clerk's workstation in real Chromium: typed, scanned into the field, scanned while the
field is not focused (the scan must not press the one-key shortcuts), removed; the rating carries them."""

import pytest
from playwright.sync_api import expect

from tests.counter.test_counter_screen import act, issue, log_in
from tests.helpers import sql

pytestmark = [pytest.mark.browser, pytest.mark.live]

CODE = "000.00.12.H12-251123-0001"  # holds an H: the shortcut of "finish"


def serving(page, server):
    issue(server, "A")
    log_in(page, server)
    act(page, "call-next")
    act(page, "start")
    expect(page.locator("#dossier-ticket")).to_have_value("1")


def test_a_clerk_types_a_code_and_removes_a_mistake(make_page, live):
    server = live()
    page = make_page()
    serving(page, server)
    page.click("#dossier-input")
    page.keyboard.type("HS-2025-0042", delay=60)  # a person typing
    page.click("#dossier-add")
    expect(page.locator("#dossier-codes li")).to_have_text(["HS-2025-0042×"])
    expect(page.locator("#dossier-feedback")).to_have_text("Đã gắn mã hồ sơ HS-2025-0042 vào số A001")
    page.fill("#dossier-input", "AB 1")
    page.keyboard.press("Enter")
    expect(page.locator("#dossier-feedback")).to_have_text(
        "Chưa thực hiện: Mã hồ sơ “AB 1” không đúng dạng quy định (mẫu: [A-Za-z0-9./-]{6,40})."
    )
    page.click('[data-code="HS-2025-0042"] .remove')
    expect(page.locator("#dossier-codes li")).to_have_count(0)
    assert sql(server, "SELECT dossiers FROM tickets") == [("[]",)]
    assert sql(server, "SELECT action FROM audit_log WHERE action LIKE 'dossier.%' ORDER BY id") == [
        ("dossier.link",),
        ("dossier.unlink",),
    ]


def test_a_scanner_types_into_the_focused_field_and_ends_with_enter(make_page, live):
    server = live()
    page = make_page()
    serving(page, server)
    page.keyboard.press("m")  # the shortcut that puts the cursor in the field
    expect(page.locator("#dossier-input")).to_be_focused()
    page.keyboard.type(CODE, delay=4)
    page.keyboard.press("Enter")
    expect(page.locator("#dossier-codes li")).to_have_text([CODE + "×"])
    expect(page.locator("#dossier-input")).to_have_value("")
    expect(page.locator("#dossier-input")).to_be_focused()  # ready for the next receipt
    assert sql(server, "SELECT status, dossiers FROM tickets") == [("serving", f'["{CODE}"]')]


def test_a_scan_while_the_field_is_not_focused_links_the_code_and_presses_no_shortcut(make_page, live):
    server = live()
    page = make_page()
    serving(page, server)
    page.locator("body").click(position={"x": 5, "y": 740})
    page.keyboard.type(CODE, delay=4)
    page.keyboard.press("Enter")
    expect(page.locator("#dossier-codes li")).to_have_text([CODE + "×"])
    expect(page.locator("[data-current-number]")).to_have_text("A001")
    assert sql(server, "SELECT status, dossiers FROM tickets") == [("serving", f'["{CODE}"]')]
    page.locator("body").click(position={"x": 5, "y": 740})
    page.keyboard.press("h")  # one key pressed by a person is still its shortcut
    expect(page.locator("#feedback")).to_have_text("Đã hoàn thành số A001")


def test_a_code_is_linked_after_finishing_and_the_rating_carries_it(make_page, live):
    server = live()
    page = make_page()
    tablet = make_page(1280, 800)
    tablet.goto(f"{server.url}/counter/1/rating")
    serving(page, server)
    act(page, "finish")
    expect(page.locator("#dossier-ticket option")).to_have_text(["A001 – đã xong"])
    page.fill("#dossier-input", "HS-2025-0043")
    page.keyboard.press("Enter")
    expect(page.locator("#dossier-codes li")).to_have_text(["HS-2025-0043×"])
    tablet.tap('[data-score="3"]')
    expect(tablet.locator("#thanks")).to_be_visible()
    page.screenshot(path=f"{server.data_dir}/counter-dossier.png")
    admin = server.login("admin", "admin")
    [rating] = admin.get(server.url + "/api/ratings?from=2000-01-01&to=2100-01-01", timeout=10).json()
    assert (rating["number"], rating["dossiers"]) == ("A001", ["HS-2025-0043"])
