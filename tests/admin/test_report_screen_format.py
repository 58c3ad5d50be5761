"""Issue 16: the reports screen as a Vietnamese office reads it — dd/mm/yyyy dates, numbers in the reader's
format (90,5 %; 1.234 in Vietnamese, 90.5%; 1,234 in English), field names on the charts with whole-number
count axes, and tables that fit a 1366 px screen with the other figures in details each row opens."""

import pytest
from playwright.sync_api import expect

from server.core.tickets import Action
from server.services import queue, ratings
from tests.admin.test_reports import CANBO1, dataset  # noqa: F401  (the hand-worked dataset)
from tests.helpers import at, log_in

pytestmark = [pytest.mark.browser, pytest.mark.live]


@pytest.fixture
def server(dataset, db, clock, live, data_dir):  # noqa: F811
    """The hand-worked dataset (30/09 and 01/10/2026), plus on 02/10 one ticket served in ten seconds and rated
    "không hài lòng" with a dossier code and a comment; then a live server on the same database."""
    env = dataset.env
    clock.now = at(2026, 10, 2, 8, 0)
    ticket = queue.issue_ticket(db, env, "A")[0].id
    queue.open_counter(db, env, CANBO1, 1)
    queue.call_ticket(db, env, CANBO1, 1, ticket_id=ticket)
    clock.now = at(2026, 10, 2, 8, 1)
    queue.act(db, env, CANBO1, ticket, Action.START)
    clock.now = at(2026, 10, 2, 8, 1, 10)
    queue.act(db, env, CANBO1, ticket, Action.FINISH)
    token, counter = db.execute("SELECT token, counter FROM rating_requests WHERE ticket_id = ?", [ticket]).fetchone()
    ratings.submit(db, env, counter, token, 1, ["time"], "H45-0001", "Chờ lâu quá")
    return live(data_dir=data_dir)


def show(page, server, day_from, day_to, lang="vi"):
    log_in(page, server, "/admin/reports" + ("?lang=en" if lang == "en" else ""))
    page.select_option("#period", "custom")
    page.fill("#from", day_from)
    page.fill("#to", day_to)
    page.click("#period-form button[type=submit]")
    expect(page.locator("#range")).to_contain_text(day_from)
    expect(page.locator("#status")).to_have_text("")
    expect(page.locator("#report")).to_be_visible()


def main_rows(page, table):
    """The cells of a table's heading and of its rows (the details rows left out), as the reader sees them."""
    return page.evaluate(
        """(id) => [...document.querySelectorAll(`#${id} tr:not(.details)`)].map((tr) =>
            [...tr.children].map((c) => c.innerText.trim()))""",
        table,
    )


def test_the_report_reads_dates_as_dd_mm_yyyy_and_numbers_the_vietnamese_way(page, server):
    show(page, server, "30/09/2026", "01/10/2026")
    expect(page.locator("#range")).to_have_text("Từ ngày 30/09/2026 đến ngày 01/10/2026")
    assert main_rows(page, "by-service") == [
        [
            "",
            "Mã",
            "Lĩnh vực",
            "Số phiếu cấp",
            "Đã phục vụ",
            "Chờ TB (phút)",
            "Lượt đánh giá",
            "Tỷ lệ hài lòng",
            "Chỉ tiêu",
        ],
        ["Chi tiết", "A", "Chứng thực", "3", "2", "13,0", "2", "50,0\u00a0%\n(2 − 1) ÷ 2", "90,0\u00a0%"],
        ["Chi tiết", "B", "Hộ tịch", "2", "1", "22,0", "1", "100,0\u00a0%\n(1 − 0) ÷ 1", "90,0\u00a0%"],
        ["Chi tiết", "C", "Đất đai", "1", "1", "17,0", "0", "—", "85,0\u00a0%"],
        ["Chi tiết", "", "Tổng cộng", "6", "4", "17,3", "3", "66,7\u00a0%\n(3 − 1) ÷ 3", "90,0\u00a0%"],
    ]
    assert page.evaluate("[XH.num(1234), XH.num(1234.5, 1), XH.pct(0.905), XH.date('2026-10-02')]") == [
        "1.234",
        "1.234,5",
        "90,5\u00a0%",
        "02/10/2026",
    ]


def test_flagged_ratings_and_comments_carry_dd_mm_yyyy_dates(page, server):
    show(page, server, "02/10/2026", "02/10/2026")
    expect(page.locator("#range")).to_have_text("Từ ngày 02/10/2026 đến ngày 02/10/2026")
    assert main_rows(page, "flagged")[1] == [
        "02/10/2026",
        "A001",
        "A",
        "1",
        "Cán bộ quầy 1",
        "10",
        "Không",
        "Không hài lòng (1/3)",  # the level named, as the tablet named it
    ]
    assert main_rows(page, "comments")[1] == [
        "02/10/2026 08:01",
        "A001",
        "A Chứng thực",
        "Quầy 1",
        "Cán bộ quầy 1",
        "Không hài lòng (1/3)",
        "H45-0001",
        "Chờ lâu quá",
    ]


def test_the_report_in_english_uses_english_numbers_and_names(page, server):
    show(page, server, "30/09/2026", "01/10/2026", lang="en")
    expect(page.locator("#range")).to_have_text("From 30/09/2026 to 01/10/2026")
    assert main_rows(page, "by-service") == [
        ["", "Code", "Field", "Issued", "Served", "Avg wait (min)", "Rated", "Satisfaction rate", "Target"],
        ["Details", "A", "Certification", "3", "2", "13.0", "2", "50.0%\n(2 − 1) ÷ 2", "90.0%"],
        ["Details", "B", "Civil status", "2", "1", "22.0", "1", "100.0%\n(1 − 0) ÷ 1", "90.0%"],
        ["Details", "C", "Land", "1", "1", "17.0", "0", "—", "85.0%"],
        ["Details", "", "Total", "6", "4", "17.3", "3", "66.7%\n(3 − 1) ÷ 3", "90.0%"],
    ]
    assert page.evaluate("[XH.num(1234), XH.pct(0.905)]") == ["1,234", "90.5%"]
    assert page.evaluate("Chart.getChart('chart-volume').data.labels") == ["Certification", "Civil status", "Land"]


def test_chart_labels_are_field_names_and_count_axes_take_whole_numbers(page, server):
    show(page, server, "30/09/2026", "01/10/2026")
    for chart in ("chart-volume", "chart-satisfaction"):
        assert page.evaluate(f"Chart.getChart('{chart}').data.labels") == ["Chứng thực", "Hộ tịch", "Đất đai"]
    ticks = page.evaluate("Chart.getChart('chart-volume').scales.y.ticks.map((t) => t.value)")
    assert ticks == [0, 1, 2, 3]
    assert page.evaluate("Chart.getChart('chart-volume').scales.y.ticks.map((t) => t.label)") == ["0", "1", "2", "3"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_table_is_wider_than_a_1366_px_screen(page, server, lang, tmp_path):
    show(page, server, "30/09/2026", "02/10/2026", lang=lang)
    page.click("#by-clerk [data-details]")  # an open details row must fit too
    too_wide = page.evaluate(
        """() => [...document.querySelectorAll('#report, #report table')]
            .filter((el) => el.scrollWidth > el.clientWidth || el.getBoundingClientRect().right > innerWidth)
            .map((el) => el.id)"""
    )
    assert too_wide == []
    assert page.evaluate("document.documentElement.scrollWidth") == 1366
    page.screenshot(path=str(tmp_path / f"reports-{lang}.png"), full_page=True)


def test_row_details_open_by_keyboard_and_by_click(page, server):
    show(page, server, "30/09/2026", "01/10/2026")
    toggle = page.locator("#by-service tr").nth(1).locator("[data-details]")
    details = page.locator("#by-service tr.details").first
    expect(details).to_be_hidden()
    expect(toggle).to_have_accessible_name("Chi tiết: A Chứng thực")  # each row's button says whose details
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(details).to_be_visible()
    expect(details.locator('[data-figure="median_wait_s"]')).to_have_text("Chờ trung vị (phút)13,0")
    expect(details.locator('[data-figure="within_target"]')).to_have_text("Tỷ lệ chờ trong chỉ tiêu50,0\u00a0%")
    expect(details.locator('[data-figure="levels"]')).to_have_text("Số lượt theo mứcRất hài lòng: 1; Không hài lòng: 1")
    page.keyboard.press(" ")
    expect(details).to_be_hidden()
    toggle.click()
    expect(details).to_be_visible()
    toggle.tap()
    expect(details).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")


def test_days_are_typed_and_picked_as_dd_mm_yyyy(page, server):
    log_in(page, server, "/admin/reports")
    expect(page.locator("#range")).not_to_be_empty()  # this month's report, first
    centre_day = page.evaluate("XH.api('GET', '/api/state').then((s) => s.day)")
    assert page.input_value("#date") == "/".join(reversed(centre_day.split("-")))
    page.select_option("#period", "custom")
    page.evaluate(
        """() => { const p = document.getElementById('from-picker'); p.value = '2026-09-30';
            p.dispatchEvent(new Event('change')); }"""
    )
    expect(page.locator("#from")).to_have_value("30/09/2026")
    page.fill("#to", "31/09/2026")
    page.click("#period-form button[type=submit]")
    expect(page.locator("#status")).to_have_text(
        'Ngày "31/09/2026" không hợp lệ: nhập theo dạng dd/mm/yyyy, ví dụ 30/09/2026.'
    )
    expect(page.locator("#to")).to_be_focused()
    expect(page.locator("#to")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("status")).to_have_text(
        'Ngày "31/09/2026" không hợp lệ: nhập theo dạng dd/mm/yyyy, ví dụ 30/09/2026.'
    )  # a live region: a screen reader says it
    page.fill("#to", "1/10/2026")
    page.keyboard.press("Enter")
    expect(page.locator("#range")).to_have_text("Từ ngày 30/09/2026 đến ngày 01/10/2026")
    expect(page.locator("#to")).not_to_have_attribute("aria-invalid", "true")


# ---------------------------------------------------------------- after R1's report keys (issue 16, part 2)


def test_each_rate_states_its_formula_and_the_report_names_its_basis(page, server):
    show(page, server, "01/10/2026", "02/10/2026")
    expect(page.locator("#basis")).to_have_text(
        'Tỷ lệ hài lòng = (số lượt đánh giá − số lượt "không hài lòng") ÷ số lượt đánh giá '
        "(Quyết định số 766/QĐ-TTg); mẫu số: số lượt đánh giá."
    )
    assert [row[1:3] + row[7:] for row in main_rows(page, "by-service")] == [
        ["Mã", "Lĩnh vực", "Tỷ lệ hài lòng", "Chỉ tiêu"],
        ["A", "Chứng thực", "0,0\u00a0%\n(1 − 1) ÷ 1", "90,0\u00a0%"],
        ["B", "Hộ tịch", "100,0\u00a0%\n(1 − 0) ÷ 1", "90,0\u00a0%"],
        ["C", "Đất đai", "—", "85,0\u00a0%"],
        ["", "Tổng cộng", "50,0\u00a0%\n(2 − 1) ÷ 2", "90,0\u00a0%"],
    ]


def test_a_centre_dividing_by_tickets_served_sees_that_basis_and_its_numbers(page, server):
    admin = server.login("admin", "admin")
    assert admin.put(server.url + "/api/admin/options", json={"satisfaction_denominator": "served"}).ok
    show(page, server, "01/10/2026", "02/10/2026", lang="en")
    expect(page.locator("#basis")).to_have_text(
        'Satisfaction rate = (tickets served − "dissatisfied" ratings) ÷ tickets served; '
        "denominator: the tickets served."
    )
    assert main_rows(page, "by-service")[-1][7] == "66.7%\n(3 − 1) ÷ 3"


def test_reasons_for_dissatisfaction_are_named_per_field_and_per_officer(page, server):
    show(page, server, "01/10/2026", "02/10/2026")
    assert main_rows(page, "reasons-service") == [
        ["Lĩnh vực", "Không hài lòng", "Lý do chưa hài lòng (số lượt)"],
        ["A Chứng thực", "1", "Thời gian chờ, giải quyết lâu: 1"],
    ]
    assert main_rows(page, "reasons-clerk") == [
        ["Cán bộ", "Không hài lòng", "Lý do chưa hài lòng (số lượt)"],
        ["Cán bộ quầy 1", "1", "Thời gian chờ, giải quyết lâu: 1"],
    ]
    page.locator("#by-clerk tr").nth(1).locator("[data-details]").click()
    expect(page.locator("#by-clerk tr.details").first.locator('[data-figure="reasons"]')).to_have_text(
        "Lý do chưa hài lòng (số lượt)Thời gian chờ, giải quyết lâu: 1"
    )


def test_each_period_stands_beside_the_previous_one_and_a_year_earlier(page, server):
    show(page, server, "01/10/2026", "02/10/2026")
    rows = main_rows(page, "compare")
    assert rows[0] == [
        "Lĩnh vực",
        "Kỳ này\n01/10/2026 – 02/10/2026",
        "Kỳ trước\n29/09/2026 – 30/09/2026",
        "Cùng kỳ năm trước\n01/10/2025 – 02/10/2025",
    ]
    assert rows[2:] == [
        ["A Chứng thực", "1", "0,0", "0,0\u00a0%\n(1 − 1) ÷ 1", "2", "13,0", "50,0\u00a0%\n(2 − 1) ÷ 2", "0", "—", "—"],
        ["B Hộ tịch", "1", "22,0", "100,0\u00a0%\n(1 − 0) ÷ 1", "0", "—", "—", "0", "—", "—"],
        ["C Đất đai", "1", "10,0", "—", "0", "24,0", "—", "0", "—", "—"],
        ["Tổng cộng", "3", "13,5", "50,0\u00a0%\n(2 − 1) ÷ 2", "2", "16,7", "50,0\u00a0%\n(2 − 1) ÷ 2", "0", "—", "—"],
    ]


def test_a_manager_quicker_than_the_first_answer_keeps_the_days_typed_and_the_report_asked(page, server):
    """Found by CI: the screen's first answer (the centre's day) came after the manager had typed and asked, and
    overwrote the days with today's, so the report shown was not the one asked for."""
    held = []
    page.route("**/api/state", lambda route: held.append(route))  # the centre's day answers late
    page.goto(server.url + "/admin/reports")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "admin")
    page.click("#login-form button[type=submit]")
    page.select_option("#period", "custom")
    page.fill("#from", "30/09/2026")
    page.fill("#to", "01/10/2026")
    page.click("#period-form button[type=submit]")
    expect(page.locator("#range")).to_have_text("Từ ngày 30/09/2026 đến ngày 01/10/2026")
    assert len(held) == 1
    held[0].continue_()
    page.wait_for_timeout(500)  # time for what the late answer would have done
    expect(page.locator("#from")).to_have_value("30/09/2026")
    expect(page.locator("#range")).to_have_text("Từ ngày 30/09/2026 đến ngày 01/10/2026")
