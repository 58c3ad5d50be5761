"""Pairing in real Chromium: an unpaired kiosk shows its code, a manager confirms it in /admin, the kiosk
starts by itself; revoked, it goes back to the pairing screen. A real centre's server (not demo mode)."""

import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.helpers import ROOT, LiveServer, log_in, sql

pytestmark = [pytest.mark.browser, pytest.mark.live]


@pytest.fixture
def centre(tmp_path):
    """A server that pairs nothing by itself: the demo accounts, but demo mode off."""
    data = str(tmp_path / "var")
    subprocess.run(
        [sys.executable, "-m", "server.cli", "init", "--demo", "--data", data],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    server = LiveServer(data, mode="eventlet", demo=False).start()
    yield server
    server.stop()


def test_a_kiosk_is_paired_by_a_manager_and_revoked(make_page, centre):
    kiosk, admin = make_page(), make_page()
    kiosk.goto(centre.url + "/kiosk?kiosk=sanh-a")
    code = kiosk.locator("#pairing .pairing-code")
    expect(code).to_be_visible(timeout=10_000)
    shown = code.get_attribute("data-code")
    assert code.inner_text() == f"{shown[:3]} {shown[3:]}" and len(shown) == 6
    expect(kiosk.locator("#pairing .pairing-kind")).to_have_text("Kiosk lấy số — máy in sanh-a")

    log_in(admin, centre)
    admin.click('[data-tab="devices"]')
    expect(admin.locator('[data-table="devices"] tr[data-status="pending"]')).to_have_count(1)
    admin.fill("#pair-code", "000000" if shown != "000000" else "111111")
    admin.click("#pair-form button[type=submit]")
    expect(admin.locator('[data-error-for="code"]')).to_have_text(
        "Không có thiết bị nào đang hiện mã này (mã chỉ có hiệu lực 30 phút)"
    )
    admin.fill("#pair-code", f"{shown[:3]} {shown[3:]}")
    admin.fill("#pair-name", "Kiosk sảnh A")
    admin.click("#pair-form button[type=submit]")
    expect(admin.locator("#flash")).to_have_text("Đã ghép nối: Kiosk sảnh A.")

    expect(kiosk.locator("#pairing")).to_be_hidden(timeout=10_000)  # it polls, then connects by itself
    kiosk.locator('[data-service="A"]').tap()
    expect(kiosk.locator("[data-ticket-number]")).to_have_text("A001")
    assert sql(centre, "SELECT kiosk FROM print_jobs") == [("sanh-a",)]
    assert sql(centre, "SELECT name, status FROM devices") == [("Kiosk sảnh A", "active")]

    admin.on("dialog", lambda dialog: dialog.accept())
    admin.click('[data-table="devices"] [data-revoke]')
    expect(admin.locator("#flash")).to_have_text("Đã thu hồi: Kiosk sảnh A.")
    expect(kiosk.locator("#pairing .pairing-code")).to_be_visible(timeout=10_000)
    assert kiosk.locator("#pairing .pairing-code").get_attribute("data-code") != shown
    assert sql(centre, "SELECT status FROM devices ORDER BY id") == [("revoked",), ("pending",)]
