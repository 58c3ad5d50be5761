"""The live dashboard in real Chromium shows an account under repeated failed logins (issue 12, finding 9)."""

import pytest
import requests
from playwright.sync_api import expect

from tests.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.live]


def test_the_live_dashboard_shows_repeated_failed_logins_as_they_happen(page, live, tmp_path):
    server = live(behind_proxy=1)  # the proxy says which PC each try came from
    log_in(page, server, "/admin/live")
    expect(page.locator("#alarms .ok")).to_have_text("Không có cảnh báo")
    for address, tries in (("192.0.2.66", 3), ("192.0.2.67", 2)):  # the fifth failure raises the alarm
        for _ in range(tries):
            r = requests.post(
                server.url + "/api/login",
                json={"username": "canbo1", "password": "doan-bua"},
                headers={"X-Forwarded-For": address},
                timeout=30,
            )
            assert r.status_code == 401
    alarm = page.locator('[data-alarm="logins"]')
    expect(alarm).to_have_text("Tài khoản canbo1: 5 lần đăng nhập sai trong 1 giờ qua, từ 2 địa chỉ")
    page.screenshot(path=str(tmp_path / "live-login-alarm.png"))
    english = page.context.new_page()  # the same manager, the dashboard in English
    english.goto(server.url + "/admin/live?lang=en")
    expect(english.locator('[data-alarm="logins"]')).to_have_text(
        "Account canbo1: 5 failed logins in the last hour from 2 address(es)"
    )
    english.screenshot(path=str(tmp_path / "live-login-alarm-en.png"))
