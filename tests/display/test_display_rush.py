"""The opening rush in real Chromium (autoplay on) against a live server: six counters call together; every
call is on the wall at once, the voice keeps up with the hall, groups do not wait for each other, and the
clerk sees when the hall was shown and told."""

import re
import time

import pytest
import requests
from playwright.sync_api import expect

from server.core.speech import CLIPS
from tests.helpers import act_at_counter as act
from tests.helpers import log_in_at_counter as log_in
from tests.helpers import sql, tone

pytestmark = [pytest.mark.browser, pytest.mark.live]

# One waiting ticket per counter, issued so that counter n calls NUMBERS[n - 1] (demo counters' fields).
ISSUE = ["A", "A", "B", "C", "D", "F"]
NUMBERS = ["A001", "A002", "B001", "C001", "D001", "F001"]

# When each number first got an element marked as being called, on the page's clock.
WATCH = """() => {
  window.__appeared = {};
  const seen = () => document.querySelectorAll('[data-calling-number]').forEach((el) => {
    window.__appeared[el.dataset.callingNumber] ??= Date.now();
  });
  new MutationObserver(seen).observe(document.body, { subtree: true, childList: true, attributes: true });
}"""


def start_rush(live):
    """A live server with six tickets waiting and six counters open."""
    server = live()
    for service in ISSUE:
        assert requests.post(server.url + "/api/tickets", json={"service": service}, timeout=5).ok
    clerks = [server.login(f"canbo{n}") for n in range(1, 7)]
    for n, clerk in enumerate(clerks, 1):
        assert clerk.post(f"{server.url}/api/counters/{n}/open").ok
    return server, clerks


@pytest.fixture
def rush(live, default_clips):
    """The rush with the default (espeak-ng) clips, whose lengths the budget is about."""
    if default_clips is None:
        pytest.fail("espeak-ng is missing: `make test` installs Debian's espeak-ng package")
    return start_rush(live)  # the server's folder gets the default clips, made once for the session


@pytest.fixture
def toned_rush(live, tmp_path):
    """The rush with the centre's own clips, tones of a quarter second: a saying lasts one to three seconds, a third
    of espeak-ng's, long enough for what happens while one is said; for the tests about order, not length."""
    folder = tmp_path / "var" / "voice"
    folder.mkdir(parents=True)
    for i, name in enumerate(CLIPS):
        (folder / f"{name}.wav").write_bytes(tone(400 + 10 * i, 0.25))
    return start_rush(live)


def wav_requests(page):
    """(ticket, form, chime, leading pause) of every announcement the page fetched, in order."""
    seen = []

    def record(request):
        m = re.search(r"/api/announcements/(\d+)\.wav\?repeat=1&form=(\w+)&chime=(\d)&pause=(\d)", request.url)
        if m:
            seen.append((int(m[1]), m[2], m[3] == "1", m[4] == "1"))

    page.on("request", record)
    return seen


def open_display(page, server, query=""):
    page.goto(f"{server.url}/display{query}")
    page.wait_for_function("window.hallDisplay && window.hallDisplay.socket.connected")
    page.evaluate(WATCH)


def call_all(server, clerks):
    """Each counter calls its next ticket, one right after the other; returns the tickets and when (ms)."""
    out = []
    for n, clerk in enumerate(clerks, 1):
        before = time.time() * 1000
        out.append((clerk.post(f"{server.url}/api/counters/{n}/call-next").json()["ticket"], before))
    return out


def sayings(page, count):
    page.wait_for_function(f"window.hallDisplay.state.sayings.filter((s) => s.end_ms).length >= {count}", timeout=90000)
    return page.evaluate("window.hallDisplay.state.sayings")


def test_six_calls_together_are_all_on_the_wall_at_once_and_spoken_in_order_within_budget(page, rush, tmp_path):
    server, clerks = rush
    page.set_viewport_size({"width": 1920, "height": 1080})
    requested = wav_requests(page)
    open_display(page, server)
    calls = call_all(server, clerks)
    tickets = [t for t, _ in calls]
    assert [t["number"] for t in tickets] == NUMBERS
    assert calls[-1][1] - calls[0][1] < 2000
    for number in NUMBERS:
        expect(page.locator(f'[data-calling-number="{number}"]')).to_be_attached(timeout=1000)
    appeared = page.evaluate("window.__appeared")
    assert {n: appeared[n] - at < 1000 for (_, at), n in zip(calls, NUMBERS, strict=True)} == dict.fromkeys(
        NUMBERS, True
    )
    # The four newest as tiles, marked until spoken; the two oldest listed under them.
    expect(page.locator(".tile .number")).to_have_text(["F001", "D001", "C001", "B001"])
    expect(page.locator(".tile.pending .badge").first).to_have_text("Đang gọi")
    expect(page.locator("#recent li")).to_have_text(["A002Quầy 2", "A001Quầy 1"])
    page.screenshot(path=str(tmp_path / "rush-1920x1080.png"))
    said = sayings(page, 8)
    ids = [t["id"] for t in tickets]
    # The chime rings at once; the calls that came meanwhile wait behind the first, which is then said short
    # (in full had it stayed alone). The others once each, short; the last (nothing behind it) in full, again.
    first = said[1]["form"]
    assert requested == [
        (ids[0], "chime", True, False),
        (ids[0], first, False, False),
        *[(i, "short", False, False) for i in ids[1:5]],
        (ids[5], "full", False, False),
        (ids[5], "full", False, True),
    ]
    assert [s["number"] for s in said] == ["A001", *NUMBERS, "F001"]
    firsts = [s for s in said if not s["again"] and s["form"] != "chime"]
    delays = [s["start_ms"] - at for s, (_, at) in zip(firsts, calls, strict=True)]
    assert delays[-1] <= 20000, delays
    assert max(delays) <= 30000, delays
    expect(page.locator(".tile.pending")).to_have_count(0)  # every call spoken


def test_a_ticket_started_before_its_turn_is_not_spoken_and_a_recall_is_spoken_once_at_its_new_place(page, toned_rush):
    server, clerks = toned_rush
    requested = wav_requests(page)
    open_display(page, server)
    ids = [t["id"] for t, _ in call_all(server, clerks)]
    # While A001 is being said: counter 4's citizen walks up at once, counter 3 recalls B001.
    assert clerks[3].post(f"{server.url}/api/tickets/{ids[3]}/start").ok
    assert clerks[2].post(f"{server.url}/api/tickets/{ids[2]}/recall").ok
    said = sayings(page, 7)
    assert requested == [
        (ids[0], "chime", True, False),
        (ids[0], said[1]["form"], False, False),
        (ids[1], "short", False, False),
        (ids[4], "short", False, False),
        (ids[5], "short", False, False),
        (ids[2], "full", False, False),
        (ids[2], "full", False, True),
    ]
    assert [(s["number"], s["again"]) for s in said] == [
        ("A001", False),
        ("A001", False),
        ("A002", False),
        ("D001", False),
        ("F001", False),
        ("B001", False),
        ("B001", True),
    ]
    assert page.locator('[data-calling-number="C001"]').count() == 0  # being served, no longer called
    expect(page.locator(".tile .number").first).to_have_text("B001")  # the recall, shown again at once


def test_two_display_groups_show_and_speak_only_their_own_in_parallel(make_page, toned_rush):
    server, clerks = toned_rush
    sql(server, "UPDATE counters SET display_group = 'tang1' WHERE number >= 4")
    ground, upstairs = make_page(), make_page()
    heard = {"main": wav_requests(ground), "tang1": wav_requests(upstairs)}
    open_display(ground, server, "?group=main")
    open_display(upstairs, server, "?group=tang1")
    ids = [t["id"] for t, _ in call_all(server, clerks)]
    expect(ground.locator(".tile .number")).to_have_text(["B001", "A002", "A001"])
    expect(upstairs.locator(".tile .number")).to_have_text(["F001", "D001", "C001"])
    said = {"main": sayings(ground, 5), "tang1": sayings(upstairs, 5)}
    # Each group: the chime, its first call, the second short, the third in full and again: three calls'
    # backlog, not six.
    for group, mine in (("main", ids[:3]), ("tang1", ids[3:])):
        assert heard[group] == [
            (mine[0], "chime", True, False),
            (mine[0], said[group][1]["form"], False, False),
            (mine[1], "short", False, False),
            (mine[2], "full", False, False),
            (mine[2], "full", False, True),
        ]
    # In parallel: each display started its first call before the other one had finished its own first call.
    first = {g: s[1] for g, s in said.items()}
    assert first["main"]["start_ms"] < first["tang1"]["end_ms"]
    assert first["tang1"]["start_ms"] < first["main"]["end_ms"]


def test_the_clerk_sees_when_the_call_was_shown_and_spoken_in_the_hall(make_page, voiced_live, tmp_path):  # noqa: F811
    server = voiced_live()
    requests.post(server.url + "/api/tickets", json={"service": "A"}, timeout=5)
    display, workstation = make_page(1920, 1080), make_page()
    open_display(display, server)
    log_in(workstation, server)
    line = workstation.locator("#current-display")
    expect(line).to_be_hidden()
    act(workstation, "call-next")
    expect(workstation.locator("#current-number")).to_have_text("A001")
    time_ = r"\d\d:\d\d:\d\d"
    expect(line).to_have_text(re.compile(rf"^Màn hình sảnh: đã hiển thị {time_} · (chờ đọc|đã đọc {time_})$"))
    expect(line).to_have_attribute("data-spoken", "yes", timeout=15000)
    expect(line).to_have_text(re.compile(rf"^Màn hình sảnh: đã hiển thị {time_} · đã đọc {time_}$"))
    workstation.screenshot(path=str(tmp_path / "counter-shown-spoken.png"))
    act(workstation, "start")
    expect(line).to_be_hidden()
