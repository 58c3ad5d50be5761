"""Issue 14: the citizen's phone — a QR a phone can open, the true count ahead, yesterday's number, the centre."""

import pytest
import requests
from playwright.sync_api import expect

from printer.escpos_render import decode
from server import lan
from server.services import queue
from server.services.queue import PrintRequest
from tests.helpers import log_in, sql, wait_until


def in_chromium(test):
    """A test that drives a live server from real Chromium (the others here are plain)."""
    return pytest.mark.live(pytest.mark.browser(test))


def issue(server, service="A", **extra):
    r = requests.post(server.url + "/api/tickets", json={"service": service, **extra}, timeout=5)
    assert r.status_code == 201, r.text
    return r.json()


def test_loopback_addresses_are_replaced_by_the_lan_address_unless_public_url_is_set():
    assert lan.phone_base("http://127.0.0.1:8080/", "", "192.168.1.10") == "http://192.168.1.10:8080"
    assert lan.phone_base("http://localhost:8080/", "", "192.168.1.10") == "http://192.168.1.10:8080"
    assert lan.phone_base("http://192.168.1.20:8080/", "", "192.168.1.10") == "http://192.168.1.20:8080"
    assert lan.phone_base("http://127.0.0.1:8080/", "http://xephang.lan/", "192.168.1.10") == "http://xephang.lan"
    assert lan.phone_base("http://127.0.0.1:8080/", "", None) == "http://127.0.0.1:8080"  # no network: alarm
    assert [
        lan.is_loopback(u)
        for u in ("http://127.0.0.1:1", "http://[::1]:1", "http://localhost", "http://10.0.0.2", "http://kiosk.lan")
    ] == [True, True, True, False, False]


@in_chromium
def test_a_kiosk_on_the_server_pc_prints_a_qr_with_the_lan_address(page, live):
    address = lan.lan_address()
    assert address is not None, "this test needs a network interface besides loopback"
    server = live()
    page.goto(f"{server.url}/kiosk")  # the kiosk's browser on the server's own PC: 127.0.0.1
    page.tap('[data-service="A"]:not([disabled])')
    expect(page.locator("[data-ticket-number]")).to_have_text("A001")
    path = f"{server.data_dir}/tickets/A001.bin"
    wait_until(lambda: sql(server, "SELECT status FROM print_jobs") == [("printed",)], what="A001 printed")
    with open(path, "rb") as fh:
        [qr] = [item.value[0] for item in decode(fh.read()) if item.kind == "qr"]
    [(token,)] = sql(server, "SELECT token FROM tickets")
    assert qr == f"http://{address}:{server.port}/t/{token}"
    banner = server.log()
    assert "QR trên phiếu trỏ tới" in banner  # served on 127.0.0.1 only: the start-up banner warns


@in_chromium
def test_live_dashboard_warns_while_tickets_carry_an_address_no_phone_can_reach(page, live):
    server = live()
    issue(server, "B")
    admin = server.login("admin", "admin")
    admin.post(server.url + "/api/tickets", json={"service": "B", "kiosk": "main"})
    sql(server, "UPDATE print_jobs SET base_url = 'http://127.0.0.1:8080'")  # a server with no network
    log_in(page, server, "/admin/live")
    expect(page.locator('[data-alarm="phone_url"]')).to_have_text(
        "Mã QR trên phiếu trỏ tới http://127.0.0.1:8080: điện thoại của công dân không mở được. Đặt public_url"
        " (ví dụ http://192.168.1.10:8080) hoặc nối mạng cho máy chủ."
    )
    # The LAN address in the QR, but this server listens on 127.0.0.1 alone (no proxy in front): still unreachable
    sql(server, "UPDATE print_jobs SET base_url = 'http://192.168.1.10:8080'")
    page.reload()
    expect(page.locator('[data-alarm^="phone"]')).to_have_text(
        [
            "Mã QR trên phiếu trỏ tới http://192.168.1.10:8080, nhưng máy chủ chỉ nhận kết nối trên 127.0.0.1: điện"
            " thoại của công dân không mở được. Chạy máy chủ với --host 0.0.0.0 (XEPHANG_HOST=0.0.0.0), hoặc đặt"
            " sau proxy."
        ]
    )


def test_live_view_alarm_follows_the_latest_printed_address(db, hub):
    from server import payloads

    queue.issue_ticket(db, hub.env, "A", printing=PrintRequest(base_url="http://127.0.0.1:8080"))
    assert [a for a in payloads.live_view(db, hub.env, {}, {})["alarms"] if a["kind"] == "phone_url"] == [
        {"kind": "phone_url", "url": "http://127.0.0.1:8080"}
    ]
    queue.issue_ticket(db, hub.env, "A", printing=PrintRequest(base_url="http://192.168.1.10:8080"))
    assert [a for a in payloads.live_view(db, hub.env, {}, {})["alarms"] if a["kind"] == "phone_url"] == []


@in_chromium
def test_people_before_you_counts_as_the_priority_policy_calls(make_page, live):
    server = live()
    first = issue(server, "A")
    issue(server, "A", priority="nguoi_cao_tuoi")
    phone = make_page(390, 844)
    phone.goto(server.url + first["status_url"])
    expect(phone.locator("#state")).to_have_text("Đang chờ. Số người chờ trước bạn: 1")
    clerk = server.login("canbo1")
    clerk.post(server.url + "/api/counters/1/open")
    called = clerk.post(server.url + "/api/counters/1/call-next").json()
    assert called["ticket"]["number"] == "A002"  # the same rule called the priority ticket first
    expect(phone.locator("#state")).to_have_text("Đang chờ. Số người chờ trước bạn: 0")


@in_chromium
def test_the_phone_says_when_no_counter_serves_the_field_yet_and_when_the_turn_is_near(make_page, live):
    """Reproduced: "Đang chờ. Số người chờ trước bạn: 0" and nothing else while no counter serving F was open (the
    kiosk had said so)."""
    server = live()
    mine = issue(server, "F")  # in the demo centre only counter 6 serves F, and it is closed
    phone = make_page(390, 844)
    phone.goto(server.url + mine["status_url"])
    expect(phone.locator("#state")).to_have_text("Đang chờ. Số người chờ trước bạn: 0")
    expect(phone.locator("#estimate")).to_have_text(
        "Chưa có quầy nào mở cho lĩnh vực này; bạn sẽ được gọi khi quầy mở."
    )
    assert server.login("canbo2").post(f"{server.url}/api/counters/6/open").ok
    phone.reload()
    expect(phone.locator("#state")).to_have_text("Đang chờ. Số người chờ trước bạn: 0")
    expect(phone.locator("#estimate")).to_have_text("Sắp đến lượt bạn")


@in_chromium
def test_a_ticket_of_yesterday_says_it_is_no_longer_valid(make_page, live):
    server = live()
    mine = issue(server, "A")
    sql(server, "UPDATE tickets SET day = '2020-01-31'")  # midnight has passed since it was issued
    phone = make_page(390, 844)
    phone.goto(server.url + mine["status_url"])
    expect(phone.locator("#state")).to_have_text(
        "Số thứ tự này của ngày 31/01/2020 đã hết giá trị. Vui lòng lấy số mới tại kiosk."
    )
    assert phone.locator("#estimate").inner_text() == ""


@in_chromium
def test_the_page_names_the_centre_and_vibrates_only_once_touched(make_page, live):
    server = live()
    mine = issue(server, "A")
    phone = make_page(390, 844)
    # Chromium refuses, with a console error, to vibrate for a page the citizen has not touched: record the calls.
    phone.add_init_script(
        "window.vibrations = []; navigator.vibrate = (p) => { window.vibrations.push(p); return true; };"
    )
    phone.goto(server.url + mine["status_url"])
    expect(phone.locator("#centre-name")).to_have_text("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG")
    clerk = server.login("canbo1")
    clerk.post(server.url + "/api/counters/1/open")
    clerk.post(server.url + "/api/counters/1/call-next")
    expect(phone.locator("#state")).to_have_text("Đến lượt bạn — mời đến quầy số 1")
    assert phone.evaluate("window.vibrations") == []
    phone.tap("#state")
    assert clerk.post(f"{server.url}/api/tickets/{mine['id']}/recall").status_code == 200
    phone.wait_for_function("window.vibrations.length === 1")
    assert phone.evaluate("window.vibrations") == [[300, 150, 300]]


def test_the_start_up_banner_says_where_the_ticket_qr_sends_phones():
    from server.cli import phone_line

    address = lan.lan_address()
    assert address is not None, "this test needs a network interface besides loopback"
    label = "QR trên phiếu (điện thoại công dân) / Ticket QR (citizens' phones)"
    assert phone_line("", "0.0.0.0", 8080) == f"  {label:<44} http://{address}:8080/t/…"
    assert phone_line("http://xephang.lan", "0.0.0.0", 8080).endswith(" http://xephang.lan/t/…")
    assert phone_line("", "127.0.0.1", 8080).startswith(
        f"  ! QR trên phiếu trỏ tới http://{address}:8080: điện thoại không mở được. Chạy với --host 0.0.0.0"
    )
    # 127.0.0.1 behind the centre's proxy (docs/deployment.md): phones reach the proxy, at its own address and port
    assert phone_line("", "127.0.0.1", 8081, behind_proxy=True) == (
        f"  {label:<44} địa chỉ kiosk mở qua proxy (đặt public_url để cố định)"
        " / the address the kiosk opens through the proxy (set public_url to fix it)"
    )
    assert phone_line("http://xephang.lan", "127.0.0.1", 8081, behind_proxy=True).endswith(" http://xephang.lan/t/…")


@pytest.mark.parametrize(
    ("host", "public_url", "behind_proxy", "reached"),
    [
        ("127.0.0.1", "", False, False),
        ("localhost", "", False, False),
        ("::1", "", False, False),
        ("127.0.0.1", "", True, True),
        ("127.0.0.1", "http://xephang.lan", False, True),
        ("0.0.0.0", "", False, True),
        ("::", "", False, True),
        ("192.168.1.10", "", False, True),
    ],
)
def test_phones_reach_a_server_that_listens_beyond_this_machine_or_stands_behind_a_proxy(
    host, public_url, behind_proxy, reached
):
    assert lan.served_to_phones(host, public_url, behind_proxy) is reached


def test_live_view_warns_when_the_qr_names_the_lan_but_the_server_listens_on_loopback_alone(db, hub):
    """Reproduced: a server on 127.0.0.1 without a proxy printed the LAN address in its QR codes (the kiosk's
    loopback replaced), which nothing answers; only the start-up line said so, the dashboard showed no alarm."""
    from server import payloads

    queue.issue_ticket(db, hub.env, "A", printing=PrintRequest(base_url="http://192.168.1.10:8080"))
    assert [
        a for a in payloads.live_view(db, hub.env, {}, {}, "vi", "127.0.0.1")["alarms"] if "phone" in a["kind"]
    ] == [{"kind": "phone_listen", "url": "http://192.168.1.10:8080", "host": "127.0.0.1"}]
    assert [a for a in payloads.live_view(db, hub.env, {}, {}, "vi", None)["alarms"] if "phone" in a["kind"]] == []
