"""/cong-khai: the service-quality results a centre must post publicly (QĐ 766, Decree 61/2018 Art. 32)."""

import json

import pytest
import requests
from playwright.sync_api import expect

from tests.admin import test_reports

dataset, manager = test_reports.dataset, test_reports.manager  # the hand-worked days, a manager logged in
SHOTS = "/tmp/xephang-shots"


def test_the_public_results_need_no_login_and_agree_with_the_report(dataset, client, manager):
    got = client.get("/api/public/results")  # nobody logged in; the centre's day is 15/10/2026
    assert got.status_code == 200
    posted = got.json
    assert [(p["period"], p["from"], p["to"]) for p in posted["periods"]] == [
        ("month", "2026-10-01", "2026-10-31"),
        ("quarter", "2026-10-01", "2026-12-31"),
        ("year", "2026-01-01", "2026-12-31"),
    ]
    assert posted["periods"][1]["services"] == [
        {
            "service": "A",
            "name": "Chứng thực",
            "name_en": "Certification",
            "served": 0,
            "avg_wait_s": None,
            "rated": 0,
            "satisfaction_rate": None,
            "target": 0.9,
            "meets_target": None,
        },
        {
            "service": "B",
            "name": "Hộ tịch",
            "name_en": "Civil status",
            "served": 1,
            "avg_wait_s": 1320.0,
            "rated": 1,
            "satisfaction_rate": 1.0,
            "target": 0.9,
            "meets_target": True,
        },
        {
            "service": "C",
            "name": "Đất đai",
            "name_en": "Land",
            "served": 1,
            "avg_wait_s": 600.0,
            "rated": 0,
            "satisfaction_rate": None,
            "target": 0.85,
            "meets_target": None,
        },
    ]
    assert posted["periods"][2]["total"] == {
        "served": 4,
        "avg_wait_s": 1040.0,
        "rated": 3,
        "satisfaction_rate": 0.6667,
        "target": 0.9,
        "meets_target": False,
    }
    assert (posted["hotline"], posted["officers_shown"], "officers" in posted["periods"][0]) == (
        "1900 0000",
        False,
        False,
    )
    for period in posted["periods"]:
        report = manager.get(f"/api/reports?from={period['from']}&to={period['to']}").json
        keys = ("served", "avg_wait_s", "rated", "satisfaction_rate", "target", "meets_target")
        assert [{k: s[k] for k in keys} for s in period["services"]] == [
            {k: s[k] for k in keys} for s in report["services"]
        ]
        assert period["total"] == {k: report["total"][k] for k in keys}


def test_no_personal_data_is_posted_unless_the_centre_turns_officers_on(dataset, db, client, manager):
    with db.conn:  # the land officer's citizen was unhappy, and wrote why and the dossier's code
        db.execute(
            "INSERT INTO ratings (ticket_id, day, service, counter, clerk_id, score, scale, dissatisfied,"
            " reasons, dossier_code, comment, created_at) SELECT id, day, service, counter, clerk_id, 1, 3, 1,"
            " '[\"attitude\"]', 'H12.34-261015-0001', 'Cán bộ Trần Thị Mai nói chuyện khó nghe', 0"
            " FROM tickets WHERE service = 'C' AND status = 'done'"
        )
    text = client.get("/api/public/results").data.decode()
    for private in (
        "Cán bộ quầy",
        "canbo",
        "Trần Thị Mai",
        "khó nghe",
        "H12.34",
        "comment",
        "dossier",
        "B001",
        "clerk",
        "attitude",
        "username",
    ):
        assert private not in text, private
    assert "Cán bộ quầy" not in client.get("/cong-khai").data.decode()
    manager.put("/api/admin/options", json={"public_officers": True})
    posted = json.loads(client.get("/api/public/results").data)
    assert posted["periods"][1]["officers"] == [
        {
            "name": "Cán bộ quầy 2",
            "served": 1,
            "rated": 1,
            "satisfaction_rate": 1.0,
            "target": 0.9,
            "meets_target": True,
        },
        {
            "name": "Cán bộ quầy 4",
            "served": 1,
            "rated": 1,
            "satisfaction_rate": 0.0,
            "target": 0.9,
            "meets_target": False,
        },
    ]
    assert "khó nghe" not in json.dumps(posted) and "H12.34" not in json.dumps(posted)


def _serve(server, service, minutes_waited):
    """A citizen takes a number, waits, is served and rates 'rất hài lòng'."""
    from tests.helpers import sql

    clerk = server.login("canbo1")
    clerk.post(server.url + "/api/counters/1/open", timeout=5)
    ticket = requests.post(server.url + "/api/tickets", json={"service": service}, timeout=5).json()
    sql(
        server,
        "UPDATE tickets SET queued_at = queued_at - ?, issued_at = issued_at - ?, arrived_at = arrived_at - ?"
        " WHERE id = ?",
        minutes_waited * 60,
        minutes_waited * 60,
        minutes_waited * 60,
        ticket["id"],
    )
    clerk.post(server.url + "/api/counters/1/call", json={"ticket": ticket["id"]}, timeout=5).raise_for_status()
    for action in ("start", "finish"):
        clerk.post(server.url + f"/api/tickets/{ticket['id']}/{action}", timeout=5).raise_for_status()
    return ticket


@pytest.mark.parametrize(
    ("lang", "heading", "hotline"),
    [
        (
            "vi",
            "Công khai kết quả đánh giá chất lượng phục vụ",
            "Phản ánh, kiến nghị về chất lượng phục vụ: đường dây nóng 1900 0000",
        ),
        ("en", "Service quality results", "Complaints about the service: hotline 1900 0000"),
    ],
)
def test_the_public_page_on_a_wall_screen_and_a_phone(make_page, live, lang, heading, hotline):
    import os

    os.makedirs(SHOTS, exist_ok=True)
    server = live()
    _serve(server, "A", 12)
    for width, height, name in ((1920, 1080, "wall"), (390, 844, "phone")):
        page = make_page(width, height)
        page.goto(f"{server.url}/cong-khai?lang={lang}")
        expect(page.locator("h1")).to_have_text(heading)
        expect(page.locator(".public-hotline")).to_have_text(hotline)
        month = page.locator('[data-period="month"] tbody tr')
        expect(month.first).to_contain_text("12,0 phút" if lang == "vi" else "12.0 min")
        assert page.locator('[data-period="month"] tbody tr').first.locator("td").all_inner_texts()[:2] == [
            "1",
            "12,0 phút" if lang == "vi" else "12.0 min",
        ]
        target = month.first.locator("td").last  # a percentage as the reader writes it (it was "90,0 %" in English)
        expect(target).to_have_text("90,0\xa0%" if lang == "vi" else "90.0%")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scroll
        page.screenshot(path=f"{SHOTS}/cong-khai-{name}-{lang}.png", full_page=True)


def test_displays_and_the_idle_kiosk_show_the_results_by_option_and_give_way_to_a_call(make_page, live):
    server = live()
    admin = server.login("admin", "admin")
    admin.put(
        server.url + "/api/admin/options",
        json={"public_on_displays": True, "public_on_kiosk": True, "public_every_s": 5, "public_show_s": 60},
    ).raise_for_status()
    display = make_page(1920, 1080)
    display.goto(server.url + "/display")
    overlay = display.locator("#public-overlay")
    expect(overlay).to_be_visible(timeout=20000)
    expect(overlay.locator("h1")).to_have_text("Công khai kết quả đánh giá chất lượng phục vụ")
    display.screenshot(path=f"{SHOTS}/display-public-rotation.png")
    _serve(server, "A", 3)  # a call: the display's latest number changes and the results step aside
    expect(overlay).to_be_hidden(timeout=10000)
    expect(display.locator("#calling [data-called-number]")).to_have_text("A001")

    kiosk = make_page(1920, 1080)
    kiosk.goto(server.url + "/kiosk?idle_seconds=1")
    expect(kiosk.locator("#idle")).to_be_visible(timeout=15000)
    expect(kiosk.locator("#public-overlay")).to_be_visible(timeout=20000)
    kiosk.locator("#public-overlay").click(force=True)  # a citizen touches the screen: the kiosk wakes
    expect(kiosk.locator("#idle")).to_be_hidden()
    expect(kiosk.locator("#public-overlay")).to_be_hidden()
