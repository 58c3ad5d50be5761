"""/admin outside the reports as a manager meets it: the audit log, devices and the icon picker read in the
manager's language (Vietnamese, or English with ?lang=en), with no raw JSON or English names."""

import datetime as dt
import json
import re
import time
from zoneinfo import ZoneInfo

import pytest
import requests
from playwright.sync_api import expect

from server.services.administration import ICONS
from tests.helpers import log_in, sql

pytestmark = [pytest.mark.browser, pytest.mark.live]
ABSOLUTE = re.compile(r"^\d\d/\d\d/\d{4} \d\d:\d\d$")


def _send(page, method, path, body):
    r = page.request.fetch(
        page.url.split("/admin")[0] + path,
        method=method,
        data=json.dumps(body),
        headers={"Content-Type": "application/json", "X-XepHang": "1"},
    )
    assert r.ok, r.text()


def _cells(page, selector):
    return page.locator(selector).evaluate_all("rows => rows.map((r) => [...r.cells].map((c) => c.innerText))")


def test_the_audit_log_says_when_it_is_empty_then_reads_as_words(page, live, tmp_path):
    server = live()
    log_in(page, server)
    page.click('[data-tab="audit"]')
    expect(page.locator("#panel .empty")).to_have_text("Chưa có thao tác nào được ghi lại.")
    expect(page.locator("#panel table")).to_have_count(0)

    _send(page, "PUT", "/api/admin/options", {"working_days": [0, 1, 2, 3, 4, 5], "enforce_hours": True})
    _send(page, "PUT", "/api/admin/services/A", {"name_vi": "Chứng thực bản sao", "active": False})
    _send(page, "PUT", "/api/admin/counters/1", {"services": ["A", "B"]})
    page.click('[data-tab="services"]')
    page.click('[data-tab="audit"]')
    rows = page.locator('[data-table="audit"] tbody tr')
    expect(rows).to_have_count(4)
    page.screenshot(path=str(tmp_path / "audit-vi.png"))
    cells = _cells(page, '[data-table="audit"] tbody tr')
    assert [c[2:] for c in cells] == [
        ["Sửa quầy", "Quầy 1", "Lĩnh vực phục vụ: A, T", "Lĩnh vực phục vụ: A, B"],
        [
            "Sửa lĩnh vực",
            "A — Chứng thực bản sao",
            "Hoạt động: Có\nTên (tiếng Việt): Chứng thực",
            "Hoạt động: Không\nTên (tiếng Việt): Chứng thực bản sao",
        ],
        ["Sửa tùy chọn", "Chỉ cấp số trong giờ làm việc", "Không", "Có"],
        [
            "Sửa tùy chọn",
            "Ngày làm việc trong tuần",
            "Thứ Hai, Thứ Ba, Thứ Tư, Thứ Năm, Thứ Sáu",
            "Thứ Hai, Thứ Ba, Thứ Tư, Thứ Năm, Thứ Sáu, Thứ Bảy",
        ],
    ]
    assert {c[1] for c in cells} == {"admin"}
    assert all(ABSOLUTE.match(c[0]) for c in cells), cells
    assert not re.search(r'[{}"\[\]]', page.locator("#panel").inner_text())


@pytest.mark.parametrize(
    ("lang", "was", "target", "holidays"),
    [
        ("vi", "90\xa0%", "92,5\xa0%", "01/01/2027, 30/04/2027"),
        ("en", "90%", "92.5%", "1 Jan 2027, 30 Apr 2027"),
    ],
)
def test_the_audit_log_writes_percentages_and_days_as_its_reader_does(page, live, lang, was, target, holidays):
    """Reproduced: the log wrote "92,5 %" with a breakable space and English days as 01/01/2027 (read as 1 January
    in Britain, as 1 January or January 1 elsewhere; 30/04 is not a month in the US)."""
    server = live()
    log_in(page, server, f"/admin?lang={lang}")
    _send(page, "PUT", "/api/admin/options", {"satisfaction_target": 0.925, "holidays": ["2027-01-01", "2027-04-30"]})
    page.click('[data-tab="audit"]')
    cells = _cells(page, '[data-table="audit"] tbody tr')
    assert sorted(c[4:] for c in cells) == sorted([[was, target], ["—", holidays]])  # [before, after]


def _pair(server, kind, config):
    r = requests.post(server.url + "/api/devices/pair", json={"kind": kind, "config": config}, timeout=10)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def test_devices_paired_from_one_pc_are_told_apart_by_kind_job_and_last_seen(page, live, tmp_path):
    server = live()
    kiosk = _pair(server, "kiosk", {"kiosk": "sanh-a"})
    agent = _pair(server, "kiosk", {"kiosk": "sanh-a", "agent": True})
    display = _pair(server, "display", {"group": "*"})
    tablet = _pair(server, "rating", {"counter": 2})
    hall = _pair(server, "display", {"group": "main"})
    upstairs = _pair(server, "display", {"group": "tang9"})
    seen = time.time() - 3 * 86400
    sql(server, "UPDATE devices SET last_seen_at = ? WHERE id = ?", time.time() - 5, kiosk)
    sql(server, "UPDATE devices SET last_seen_at = ? WHERE id = ?", time.time() - 600, agent)
    sql(server, "UPDATE devices SET last_seen_at = ? WHERE id = ?", seen, display)
    log_in(page, server)
    page.click('[data-tab="devices"]')
    expect(page.locator('[data-table="devices"] tbody tr')).to_have_count(6)
    page.screenshot(path=str(tmp_path / "devices-vi.png"))
    heads = _cells(page, '[data-table="devices"] thead tr')[0]
    assert heads[:4] == ["Tên", "Loại", "Nhiệm vụ", "Kết nối gần nhất"]
    rows = {
        int(k): v[:4]
        for k, v in zip(
            page.locator('[data-table="devices"] tbody tr').evaluate_all("rows => rows.map((r) => r.dataset.key)"),
            _cells(page, '[data-table="devices"] tbody tr'),
            strict=True,
        )
    }
    when = dt.datetime.fromtimestamp(seen, ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%d/%m/%Y %H:%M")  # the centre's
    assert {k: v for k, v in rows.items() if k not in (hall, upstairs)} == {
        kiosk: [f"kiosk 127.0.0.1\n#{kiosk}", "Kiosk lấy số", "Lấy số, in phiếu ở máy in sanh-a", "vừa xong"],
        agent: [
            f"kiosk 127.0.0.1\n#{agent}",
            "Chương trình in phiếu",
            "In phiếu cho kiosk sanh-a",
            "10 phút trước",
        ],
        display: [f"display 127.0.0.1\n#{display}", "Màn hình gọi số", "Gọi số của tất cả các quầy", when],
        tablet: [
            f"rating 127.0.0.1\n#{tablet}",
            "Máy tính bảng đánh giá",
            "Đánh giá ở quầy số 2 (lĩnh vực A, B)",
            "Chưa kết nối",
        ],
    }
    assert {k: v[2] for k, v in rows.items() if k in (hall, upstairs)} == {
        hall: "Gọi số của nhóm main (quầy 1, 2, 3, 4, 5, 6)",
        upstairs: "Gọi số của nhóm tang9 (chưa có quầy nào trong nhóm này)",
    }
    assert len({tuple(r[1:]) for r in rows.values()}) == 6  # told apart even without their names


def test_the_icon_picker_shows_the_icons_and_works_by_touch_and_keyboard(page, live, tmp_path):
    server = live()
    log_in(page, server)
    expect(page.locator('[data-table="services"] tr[data-key="A"] svg use')).to_have_attribute("href", "#icon-stamp")
    assert "stamp" not in page.locator('[data-table="services"]').inner_text()
    page.click('[data-edit="A"]')
    picker = page.locator("#editor [data-icons]")
    expect(picker.locator("input[type=radio]")).to_have_count(len(ICONS))
    assert picker.locator("svg use").evaluate_all("us => us.map((u) => u.getAttribute('href'))") == [
        f"#icon-{i}" for i in ICONS
    ]
    for icon in ICONS:  # every icon drawn from the kiosk's own symbols, not an empty box
        assert page.locator(f"#icon-{icon}").count() == 1, icon
    box = picker.locator("label").first.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44  # a finger's size
    assert not re.search(r"\b(stamp|family|land|hands|house|shop|leaf|book|dots|info)\b", picker.inner_text())
    expect(picker.locator("input:checked")).to_have_value("stamp")
    page.screenshot(path=str(tmp_path / "icons-vi.png"))

    picker.locator('label[data-icon="land"]').tap()
    expect(picker.locator("input:checked")).to_have_value("land")
    chosen = picker.locator('label[data-icon="land"]')
    other = picker.locator('label[data-icon="house"]')
    assert chosen.evaluate("l => getComputedStyle(l).borderColor") != other.evaluate(
        "l => getComputedStyle(l).borderColor"
    )
    picker.locator("input:checked").press("ArrowRight")  # the keyboard moves the choice like any radio group
    expect(picker.locator("input:checked")).to_have_value("hands")
    expect(picker.locator('label[data-icon="hands"]')).to_have_attribute("title", "Bàn tay (hỗ trợ)")
    page.click("#editor-form button[type=submit]")
    expect(page.locator("#flash")).to_have_text("Đã lưu. Các màn hình đã cập nhật.")
    assert sql(server, "SELECT icon FROM services WHERE code = 'A'") == [("hands",)]
    expect(page.locator('[data-table="services"] tr[data-key="A"] svg use')).to_have_attribute("href", "#icon-hands")


def test_lang_en_puts_the_whole_admin_in_english(page, live, tmp_path):
    server = live()
    log_in(page, server, "/admin?lang=en")
    expect(page.locator('[data-tab="services"]')).to_have_text("Fields")
    expect(page.locator("#login")).to_be_hidden()
    assert page.locator(".top nav a").evaluate_all("as => as.map((a) => a.getAttribute('href'))") == [
        "/admin?lang=en",
        "/admin/live?lang=en",
        "/admin/reports?lang=en",
    ]
    page.click('[data-tab="audit"]')
    expect(page.locator("#panel .empty")).to_have_text("No change has been recorded yet.")
    page.click('[data-tab="options"]')
    form = page.locator("#options-form")
    expect(form.locator('[data-option="working_days"] .label')).to_have_text("Working days")
    form.locator('[name="priority_every"]').fill("50")
    form.locator("button[type=submit]").click()
    expect(form.locator('[data-error-for="priority_every"]')).to_have_text("a whole number from 1 to 20")
    expect(page.locator("#flash")).to_have_text("Not saved: correct the fields marked in red.")
    page.screenshot(path=str(tmp_path / "options-en.png"))
    page.click('[data-tab="devices"]')
    expect(page.locator('[data-table="devices"] thead th').first).to_have_text("Name")
