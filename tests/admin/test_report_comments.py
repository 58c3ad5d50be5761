"""Issue 14: what citizens typed on the rating tablet (comments, dossier codes) reaches the managers' reports."""

import pytest
from playwright.sync_api import expect

from tests.counter.test_ratings import rate, requested, serve_one, tablet
from tests.helpers import log_in


def test_the_report_lists_comments_and_dossier_codes_with_field_counter_officer_and_time(
    hub, app, client, auth, make_client, clock
):
    t = tablet(hub.socketio, app, 1)
    serve_one(client, auth)
    [question] = requested(t)
    clock.advance(12)
    assert rate(
        t,
        counter=1,
        token=question["token"],
        score=1,
        reasons=["time"],
        dossier_code="000.00.12.H45-261123",
        comment="Chờ lâu quá",
    )["ok"]
    serve_one(client, auth)
    [question] = requested(t)
    assert rate(t, counter=1, token=question["token"], score=3)["ok"]  # nothing typed: not listed
    manager = make_client()
    manager.post("/api/login", json={"username": "admin", "password": "admin"})
    report = manager.get("/api/reports?from=2026-11-23&to=2026-11-23").json
    assert report["comments"] == {
        "total": 1,
        "listed": [
            {
                "day": "2026-11-23",
                "at": "2026-11-23T08:00:12+07:00",
                "number": "A001",
                "service": "A",
                "service_name": "Chứng thực",
                "counter": 1,
                "counter_name": "Quầy 1",
                "clerk_id": 2,
                "clerk": "Cán bộ quầy 1",
                "score": 1,
                "scale": 3,
                "dissatisfied": True,
                "reasons": ["time"],
                "dossier_code": "000.00.12.H45-261123",
                "comment": "Chờ lâu quá",
            }
        ],
    }
    csv = manager.get("/api/reports/export.csv?table=comments&from=2026-11-23&to=2026-11-23").data.decode("utf-8-sig")
    assert csv.splitlines() == [
        "Thời điểm,Số thứ tự,Lĩnh vực,Quầy,Cán bộ,Mức đánh giá,Mã hồ sơ,Góp ý",
        "23/11/2026 08:00,A001,A Chứng thực,Quầy 1,Cán bộ quầy 1,Không hài lòng (1/3),000.00.12.H45-261123,Chờ lâu quá",
    ]


@pytest.mark.browser
@pytest.mark.live
def test_the_reports_page_shows_what_citizens_typed(page, live):
    import requests

    from tests.helpers import sql

    server = live()
    clerk = server.login("canbo1")
    clerk.post(server.url + "/api/counters/1/open")
    requests.post(server.url + "/api/tickets", json={"service": "A"}, timeout=5)
    ticket = clerk.post(server.url + "/api/counters/1/call-next").json()["ticket"]
    clerk.post(f"{server.url}/api/tickets/{ticket['id']}/start")
    clerk.post(f"{server.url}/api/tickets/{ticket['id']}/finish")
    tablet_page = page.context.new_page()
    tablet_page.goto(f"{server.url}/counter/1/rating")
    tablet_page.tap('[data-score="1"]')
    tablet_page.fill("#dossier", "H45-0001")
    tablet_page.fill("#comment", "Cán bộ hướng dẫn chưa rõ")
    tablet_page.tap("#send")
    expect(tablet_page.locator("#thanks")).to_be_visible()
    tablet_page.close()
    [(at,)] = sql(server, "SELECT strftime('%d/%m/%Y %H:%M', created_at + 7 * 3600, 'unixepoch') FROM ratings")
    log_in(page, server, "/admin/reports")
    expect(page.locator("#comments-count")).to_have_text(
        "1 lượt đánh giá có góp ý hoặc mã hồ sơ (hiển thị 1 lượt mới nhất)."
    )
    expect(page.locator("#comments tr").nth(1).locator("td")).to_have_text(
        [
            at,
            "A001",
            "A Chứng thực",
            "Quầy 1",
            "Cán bộ quầy 1",
            "Không hài lòng (1/3)",
            "H45-0001",
            "Cán bộ hướng dẫn chưa rõ",
        ]
    )
