"""Administration → Kết nối một cửa in real Chromium: a token created (shown once), used, revoked; the webhook
backlog on the tab and as an alarm on the live dashboard."""

import pytest
import requests
from playwright.sync_api import expect

from tests.helpers import free_port, log_in

pytestmark = [pytest.mark.browser, pytest.mark.live]


def test_a_manager_creates_a_token_sees_it_once_and_revokes_it(make_page, live):
    hook = f"http://127.0.0.1:{free_port()}/hook"  # nobody listens: events wait
    server = live("threading", webhook_urls=hook, webhook_secret="s", webhook_retry_s=0.2, webhook_alarm_s=0)
    page = make_page()
    page.on("dialog", lambda d: d.accept())
    log_in(page, server)
    page.click('[data-tab="integration"]')
    page.fill("#token-name", "Một cửa tỉnh")
    page.check('[name=scope][value="tickets:read"]')
    page.click("#token-form button[type=submit]")
    expect(page.locator("#token-once")).to_contain_text("chỉ hiện lần này")
    token = page.input_value("#token-value")
    assert token.startswith("xh_")
    expect(page.locator('[data-table="tokens"] tbody tr')).to_have_count(1)
    expect(page.locator('[data-table="receivers"] tbody tr td').first).to_have_text(hook)
    page.screenshot(path=f"{server.data_dir}/admin-integration.png")
    bearer = {"Authorization": f"Bearer {token}"}
    assert requests.get(server.url + "/api/integration/tickets", headers=bearer, timeout=10).status_code == 200
    page.click("[data-revoke-token]")
    expect(page.locator("#flash")).to_have_text("Đã thu hồi mã kết nối “Một cửa tỉnh”.")
    expect(page.locator("#token-once")).to_have_count(0)  # never shown again
    assert requests.get(server.url + "/api/integration/tickets", headers=bearer, timeout=10).status_code == 401


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("vi", "Sự cố hệ thống (webhooks): 1 sự kiện chưa gửi được tới {hook}"),
        ("en", "System problem (webhooks): 1 event not yet delivered to {hook}"),
    ],
)
def test_the_live_dashboard_raises_an_alarm_while_webhook_events_wait(make_page, live, lang, said):
    hook = f"http://127.0.0.1:{free_port()}/hook"
    server = live("threading", webhook_urls=hook, webhook_secret="s", webhook_retry_s=0.2, webhook_alarm_s=0)
    clerk = server.login("canbo1")
    clerk.post(server.url + "/api/counters/1/open", timeout=10)
    requests.post(server.url + "/api/tickets", json={"service": "A"}, timeout=10)
    t = clerk.post(server.url + "/api/counters/1/call-next", timeout=10).json()["ticket"]
    clerk.post(f"{server.url}/api/tickets/{t['id']}/start", timeout=10)
    clerk.post(f"{server.url}/api/tickets/{t['id']}/finish", timeout=10)
    page = make_page()
    log_in(page, server, f"/admin/live?lang={lang}")
    expect(page.locator('[data-alarm="system"]')).to_contain_text(said.format(hook=hook), timeout=40000)
    page.screenshot(path=f"{server.data_dir}/live-alarm.png")
