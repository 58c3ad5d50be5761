"""Output is escaped everywhere: a field named like a script shows as text and runs nowhere."""

import pytest
import requests
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.live]

EVIL = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def test_a_hostile_field_name_shows_as_text_on_every_screen(make_page, live):
    server = live()
    admin = server.login("admin", "admin")
    r = admin.put(server.url + "/api/admin/services/B", json={"name_vi": EVIL[:80]})
    assert r.status_code == 200, r.text
    requests.post(server.url + "/api/tickets", json={"service": "B"}, timeout=5)
    dialogs = []
    for path, selector in (
        ("/kiosk", '[data-service="B"] .name'),
        ("/display", '[data-service="B"] .svc'),
        ("/admin/reports", "#by-service"),
    ):
        page = make_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        if path.startswith("/admin"):
            page.goto(server.url + path)
            page.fill("input[name=username]", "admin")
            page.fill("input[name=password]", "admin")
            page.click("#login-form button[type=submit]")
        else:
            page.goto(server.url + path)
        expect(page.locator(selector)).to_contain_text("<script>alert(1)</script>")
        assert page.locator("img[src=x]").count() == 0
    page = make_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(server.url + "/counter?counter=3")
    page.fill("input[name=username]", "canbo3")
    page.fill("input[name=password]", "demo")
    page.click("#login-form button[type=submit]")
    expect(page.locator("#waiting .svc")).to_contain_text("<script>alert(1)</script>")
    assert dialogs == []


def test_every_screen_runs_under_the_real_content_security_policy(browser, live):
    server = live()
    context = browser.new_context(locale="vi-VN")  # no bypass: the browser enforces our CSP
    violations = []
    try:
        for path in ("/kiosk", "/display", "/counter", "/counter/1/rating", "/admin", "/admin/live", "/admin/reports"):
            page = context.new_page()
            page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
            page.on("pageerror", lambda e: violations.append(str(e)))
            page.goto(server.url + path)
            page.wait_for_load_state("networkidle")
            page.close()
        page = context.new_page()
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        page.goto(server.url + "/admin/reports")
        page.fill("input[name=username]", "admin")
        page.fill("input[name=password]", "admin")
        page.click("#login-form button[type=submit]")
        expect(page.locator("#by-service")).to_be_visible()  # charts drawn, tables filled
    finally:
        context.close()
    assert violations == []
