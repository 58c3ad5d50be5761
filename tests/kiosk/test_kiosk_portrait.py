"""Issue 14: the kiosk on a 1080×1920 portrait screen — procedures in view with an on-screen Vietnamese
keyboard, honest waits, tiles that use the height, and a priority number that says so."""

import pytest
import requests
from playwright.sync_api import expect

from server.procedures import SAMPLE, parse, search

pytestmark = [pytest.mark.browser, pytest.mark.live]

FIELDS = {
    "A": "Chứng thực Certification",
    "B": "Hộ tịch Civil status",
    "C": "Đất đai Land",
    "D": "Lao động",
    "E": "Xây dựng",
    "F": "Kinh doanh",
}


def portrait(make_page, server):
    page = make_page(1080, 1920)
    page.goto(f"{server.url}/kiosk")
    page.wait_for_selector('[data-service="A"]:not([disabled])')
    return page


def names(rows):
    return [r["ten"] for r in rows]


def test_search_without_diacritics_finds_what_the_accented_words_find():
    rows = parse("sample.csv", SAMPLE.read_bytes(), set(FIELDS) | {"G", "H", "K", "T"}).rows
    for plain, accented in (
        ("chung thuc", "Chứng thực"),
        ("khai sinh", "Khai sinh"),
        ("dat dai", "Đất đai"),
        ("DANG KY", "đăng ký"),
    ):
        found = names(search(rows, plain, field_names=FIELDS))
        assert found == names(search(rows, accented, field_names=FIELDS)) and found, plain
    assert names(search(rows, "dat dai", field_names=FIELDS)) == [
        "Đăng ký biến động quyền sử dụng đất, tài sản gắn liền với đất",
        "Tách thửa hoặc hợp thửa đất",
    ]


def test_procedure_details_open_in_view_and_a_large_back_returns_to_the_list(make_page, live):
    server = live()
    page = portrait(make_page, server)
    page.tap("#procedures-open")
    for key in ["c", "h", "ư", "n", "g", "\u0301", "space", "t", "h", "ư", "c", "\u0323"]:  # on-screen keys only
        page.tap(f'[data-key="{key}"]')
    assert page.input_value("#procedure-search") == "chứng thực"
    expect(page.locator(".procedure")).to_have_text(
        [
            "Chứng thực bản sao từ bản chính",
            "Chứng thực chữ ký",
            "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản",
        ]
    )
    page.locator(".procedure").nth(1).tap()
    detail = page.locator("#procedure-detail")
    expect(detail.locator("h2")).to_have_text("Chứng thực chữ ký")
    box = detail.bounding_box()
    back = page.locator("#procedure-close").bounding_box()
    assert box["y"] < 1920 * 0.25 and back["y"] >= 0 and back["y"] + back["height"] < box["y"] + 1
    assert back["height"] >= 100  # a large "Quay lại"
    expect(page.locator("#procedure-close")).to_have_text("Quay lại")
    page.tap("#procedure-close")
    expect(page.locator(".procedure")).to_have_count(3)
    assert page.input_value("#procedure-search") == "chứng thực"
    page.tap('[data-key="clear"]')
    page.click("#procedure-search")
    page.keyboard.type("dat dai")  # a physical keyboard works too
    expect(page.locator(".procedure")).to_have_text(
        ["Đăng ký biến động quyền sử dụng đất, tài sản gắn liền với đất", "Tách thửa hoặc hợp thửa đất"]
    )


def test_a_field_with_no_open_counter_never_says_no_wait(make_page, live):
    server = live()
    page = portrait(make_page, server)
    meta = page.locator('[data-service="A"] .meta > span')
    expect(meta).to_have_text(["Đang chờ: 0", "Chưa có quầy mở"])
    clerk = server.login("canbo1")
    clerk.post(server.url + "/api/counters/1/open")
    expect(meta).to_have_text(["Đang chờ: 0", "Không phải chờ"])
    expect(page.locator('[data-service="B"] .meta > span')).to_have_text(["Đang chờ: 0", "Chưa có quầy mở"])
    page.tap('[data-service="B"]')
    expect(page.locator("#result-wait")).to_have_text(
        "Chưa có quầy nào mở cho lĩnh vực này; bạn sẽ được gọi khi quầy mở."
    )


def test_a_wait_with_people_ahead_never_says_no_wait(make_page, live):
    """Reproduced: "Số người chờ trước bạn: 1" above "Không phải chờ" (one person ahead, two counters open: the
    estimate is no wait, which a citizen reads as a contradiction)."""
    server = live()
    clerks = {counter: server.login(clerk) for clerk, counter in (("canbo1", 1), ("canbo2", 2))}  # both serve A
    for counter, clerk in clerks.items():
        assert clerk.post(f"{server.url}/api/counters/{counter}/open").ok
    requests.post(server.url + "/api/tickets", json={"service": "A"}, timeout=5)
    served = clerks[1].post(f"{server.url}/api/counters/1/call-next").json()["ticket"]["id"]
    for action in ("start", "finish"):  # served in an instant: today's service time of A is nil, and so the estimate
        assert clerks[1].post(f"{server.url}/api/tickets/{served}/{action}").ok
    requests.post(server.url + "/api/tickets", json={"service": "A"}, timeout=5)
    page = portrait(make_page, server)

    expect(page.locator('[data-service="A"] .meta > span')).to_have_text(["Đang chờ: 1", "Chờ không lâu"])
    page.tap('[data-service="A"]')
    expect(page.locator("#result-ahead")).to_have_text("Số người chờ trước bạn: 1")
    expect(page.locator("#result-wait")).to_have_text("Sắp đến lượt bạn")


def test_the_tiles_fill_the_portrait_screen_in_large_type_without_wrapped_waits(make_page, live):
    server = live()
    page = portrait(make_page, server)
    layout = page.evaluate("""() => ({
        tiles: [...document.querySelectorAll('.service')].map((b) => Math.round(b.getBoundingClientRect().height)),
        bottom: document.querySelector('.home-actions').getBoundingClientRect().bottom,
        nameSize: parseFloat(getComputedStyle(document.querySelector('.service .name')).fontSize),
        metaSize: parseFloat(getComputedStyle(document.querySelector('.service .meta')).fontSize),
        wrapped: [...document.querySelectorAll('.service .meta > span')].filter((s) => s.getClientRects().length > 1
            || s.getBoundingClientRect().height > 1.6 * parseFloat(getComputedStyle(s).fontSize)).length })""")
    assert len(layout["tiles"]) == 10 and min(layout["tiles"]) >= 120  # ten large tiles, one a row
    assert 1920 - 200 < layout["bottom"] <= 1920  # the height is used, nothing falls off the screen
    assert layout["nameSize"] >= 34 and layout["metaSize"] >= 27
    assert layout["wrapped"] == 0


def test_a_priority_number_says_it_is_priority_and_which_counters_serve_it(make_page, live):
    server = live()
    requests.post(server.url + "/api/tickets", json={"service": "A"}, timeout=5)
    page = portrait(make_page, server)
    page.tap("#priority-open")
    page.tap('[data-priority="nguoi_cao_tuoi"]')
    page.tap('[data-service="A"]')
    expect(page.locator("[data-ticket-number]")).to_have_text("A002")
    expect(page.locator("#result-priority")).to_have_text("Số ưu tiên: Người cao tuổi")
    expect(page.locator("#result-counters")).to_have_text("Quầy phục vụ: 1, 2")
    expect(page.locator("#result-ahead")).to_have_text("Số người chờ trước bạn: 0")  # called before A001


def test_the_priority_button_names_the_centres_own_priorities_whole(make_page, live):
    """Reproduced: the button said a fixed "người cao tuổi, khuyết tật, phụ nữ mang thai…" whatever the centre
    lists (DOMAIN.md: the list is local and editable), its "…" read as text cut off."""
    server = live()
    manager = server.login("admin", "admin")
    assert manager.put(server.url + "/api/admin/priorities/phu_nu_mang_thai", json={"active": False}, timeout=5).ok
    page = portrait(make_page, server)
    button = page.locator("#priority-open")
    expect(button.locator(".title")).to_have_text("Lấy số ưu tiên")
    expect(button.locator("#priority-who")).to_have_text(
        "Thương binh, bệnh binh\xa0· Người có công với cách mạng\xa0· Người cao tuổi\xa0· Người khuyết tật"
        "\xa0· Người đi cùng trẻ nhỏ"
    )
    expect(button).to_be_in_viewport(ratio=1)
    assert button.evaluate("b => b.scrollHeight <= b.clientHeight && b.scrollWidth <= b.clientWidth")  # nothing cut
    assert page.evaluate(  # the taller button pushes the tiles up, never over the last one
        "[...document.querySelectorAll('.service')].at(-1).getBoundingClientRect().bottom"
        " <= document.querySelector('.home-actions').getBoundingClientRect().top"
    )
    page.tap("#lang")
    expect(button.locator(".title")).to_have_text("Priority number")
    expect(button.locator("#priority-who")).to_have_text(
        "War invalids\xa0· People with merit to the revolution\xa0· Elderly people\xa0· People with disabilities"
        "\xa0· People with small children"
    )
    expect(button).to_be_in_viewport(ratio=1)


def test_a_field_served_at_many_counters_names_them_as_runs(make_page, live):
    from tests.helpers import sql

    server = live()
    for number in range(7, 41):  # a provincial hall: counters 7–40 serve field A too (with 1 and 2)
        sql(server, "INSERT INTO counters (number, name, services) VALUES (?, ?, ?)", number, f"Quầy {number}", '["A"]')
    page = portrait(make_page, server)
    page.tap('[data-service="A"]')
    expect(page.locator("#result-counters")).to_have_text("Quầy phục vụ: 1, 2, 7 đến 40")
    page.goto(f"{server.url}/kiosk")  # the next citizen, in English
    page.wait_for_selector('[data-service="A"]:not([disabled])')
    page.tap("#lang")
    page.tap('[data-service="A"]')
    expect(page.locator("#result-counters")).to_have_text("Served at counter(s): 1, 2, 7 to 40")
