"""A live server across midnight, its clock moved by libfaketime: the day close reaches connected screens, and a
server that was off over midnight closes the day when it starts."""

import datetime as dt
import glob
import time

import pytest
import requests
from playwright.sync_api import expect

from server.dispatch import PACE_S
from tests.helpers import VN, Listener, LiveServer, log_in, session_cookie, sql, wait_until

pytestmark = pytest.mark.live

# A day a week ahead of the real one: the test's own HTTP client keeps cookies by the real clock.
DAY = dt.datetime.now(VN).date() + dt.timedelta(days=7)
NEXT = DAY + dt.timedelta(days=1)
MIDNIGHT = dt.datetime.combine(NEXT, dt.time(0), VN).timestamp()
CHANGES = ["ticket_changed", "queue_changed", "counter_changed", "hall_changed", "config_changed"]


def faked(start: str) -> dict[str, str]:
    """The environment that starts a process's clock at `start` (the centre's local time), running on from there."""
    libs = glob.glob("/usr/lib/*/faketime/libfaketime.so.1")
    if not libs:
        pytest.fail("libfaketime is missing: `make test` installs Debian's faketime package")
    return {"LD_PRELOAD": libs[0], "FAKETIME": f"@{start}", "TZ": "Asia/Ho_Chi_Minh"}


@pytest.fixture
def server_at(data_dir):
    servers: list[LiveServer] = []

    def start(when: str) -> LiveServer:
        if servers:
            servers[-1].stop()
        server = LiveServer(data_dir, env=faked(when)).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def test_at_midnight_the_ticket_being_served_expires_and_the_screens_get_the_new_day(server_at):
    server = server_at(f"{DAY} 23:59:52")  # setting up takes about 2 s here, the rest is waiting for midnight
    clerk = server.login("canbo1")
    assert clerk.post(server.url + "/api/counters/1/open").ok
    for _ in range(2):
        assert requests.post(server.url + "/api/tickets", json={"service": "A"}, timeout=5).status_code == 201
    serving = clerk.post(server.url + "/api/counters/1/call-next").json()["ticket"]
    assert clerk.post(f"{server.url}/api/tickets/{serving['id']}/start").ok
    time.sleep(2 * PACE_S)  # the waiting figures of these steps have gone out (paced) before the screens connect
    display = Listener(server.url, "/display", ["display_snapshot", *CHANGES]).connect()
    workstation = Listener(
        server.url, "/counter", ["counter_snapshot", *CHANGES], cookie=session_cookie(clerk)
    ).connect()
    try:
        before = display.wait_for("display_snapshot")[0]
        assert (before["day"], before["counters"][0]["ticket"]["number"]) == (str(DAY), "A001")
        workstation.wait_for("counter_snapshot")
        display.wait_for("config_changed", timeout=30)
        workstation.wait_for("config_changed", timeout=5)
        assert sql(server, "SELECT day, number, status, counter, ended_at FROM tickets ORDER BY id") == [
            (str(DAY), "A001", "expired", 1, MIDNIGHT),
            (str(DAY), "A002", "expired", None, MIDNIGHT),
        ]
        # The wall, in one update before the re-read: the ended ticket leaves its voice queue, counter 1 shows no
        # number and the line is empty; then every screen re-reads its snapshot.
        assert [n for n in display.names() if n != "display_snapshot"] == ["hall_changed", "config_changed"]
        [hall] = display.of("hall_changed")
        assert [(t["number"], t["status"]) for t in hall["tickets"]] == [("A001", "expired")]
        assert [(c["number"], c["state"], c["clerk"], c["ticket"]) for c in hall["counters"]] == [
            (1, "closed", None, None)
        ]
        assert [(s["code"], s["waiting"]) for s in hall["services"]] == [("A", 0)]
        assert workstation.of("ticket_changed") == [
            {
                "changed": "ticket_changed",
                "counter": 1,
                "counters": [1],
                "ticket": {"id": serving["id"], "number": "A001", "status": "expired"},
            }
        ]
        after = display.call("snapshot")
        assert (after["day"], after["counters"][0]["state"], after["counters"][0]["ticket"]) == (
            str(NEXT),
            "closed",
            None,
        )
        view = workstation.call("snapshot")["view"]
        assert (view["day"], view["counter"], view["waiting"]) == (str(NEXT), None, [])
        # Yesterday's ticket is over for good; the clerk opens the counter again and calls today's first number.
        refused = clerk.post(f"{server.url}/api/tickets/{serving['id']}/finish")
        assert (refused.status_code, refused.json()["error"]) == (409, "ticket_expired")
        assert requests.post(server.url + "/api/tickets", json={"service": "A"}, timeout=5).json()["number"] == "A001"
        assert clerk.post(server.url + "/api/counters/1/open").ok
        called = clerk.post(server.url + "/api/counters/1/call-next").json()["ticket"]
        assert (called["number"], called["status"], called["counter"]) == ("A001", "called", 1)
    finally:
        display.close()
        workstation.close()


def test_a_server_off_over_midnight_closes_the_day_when_it_starts(server_at, page, tmp_path):
    server = server_at(f"{DAY} 16:00:00")
    clerk = server.login("canbo2")
    assert clerk.post(server.url + "/api/counters/2/open").ok
    for service in "AB":
        requests.post(server.url + "/api/tickets", json={"service": service}, timeout=5)
    called = clerk.post(server.url + "/api/counters/2/call-next").json()["ticket"]
    assert called["number"] == "A001"
    server = server_at(f"{NEXT} 07:30:00")  # stopped at 16:00, started the next morning
    wait_until(
        lambda: sql(server, "SELECT count(*) FROM tickets WHERE status = 'expired'") == [(2,)],
        what="the start-up day close",
    )
    assert sql(server, "SELECT number, status, ended_at FROM tickets ORDER BY id") == [
        ("A001", "expired", MIDNIGHT),
        ("B001", "expired", MIDNIGHT),
    ]
    assert sql(server, "SELECT state, clerk_id FROM counters WHERE number = 2") == [("closed", None)]
    manager = server.login("admin", "admin")
    total = manager.get(server.url + f"/api/reports?from={DAY}&to={DAY}").json()["total"]
    assert {k: total[k] for k in ("issued", "served", "expired", "still_open")} == {
        "issued": 2,
        "served": 0,
        "expired": 2,
        "still_open": 0,
    }
    # The reports screen shows the figure beside the other outcomes, at a manager's screen size.
    log_in(page, server, "/admin/reports")
    expect(page.locator("#range")).not_to_be_empty()  # this month's report, first
    page.select_option("#period", "day")
    page.fill("#date", DAY.strftime("%d/%m/%Y"))
    page.click("#period-form button[type=submit]")
    expect(page.locator("#range")).to_have_text(f"Từ ngày {DAY:%d/%m/%Y} đến ngày {DAY:%d/%m/%Y}")
    headings = page.locator("#by-service tr").first.locator("th").all_inner_texts()
    total = page.locator("#by-service tr:not(.details)").last.locator("td").all_inner_texts()
    shown = dict(zip(headings, total, strict=True))
    # The other outcomes are in the total row's details (the table fits 1366 px).
    figures = page.locator("#by-service tr.details").last.locator("[data-figure]")
    for label, value in zip(
        figures.locator("dt").all_inner_texts(), figures.locator("dd").all_inner_texts(), strict=True
    ):
        shown[label] = value
    assert {
        k: shown[k] for k in ("Số phiếu cấp", "Đã phục vụ", "Chưa hoàn thành trong ngày", "Còn đang chờ, đang phục vụ")
    } == {"Số phiếu cấp": "2", "Đã phục vụ": "0", "Chưa hoàn thành trong ngày": "2", "Còn đang chờ, đang phục vụ": "0"}
    page.screenshot(path=str(tmp_path / "reports-after-day-close.png"), full_page=True)
