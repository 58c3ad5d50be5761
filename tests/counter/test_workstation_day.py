"""The workstation through a clerk's whole day, in Chromium: an hour's wait read in the screen's language, times
taken from the server's clock (a counter PC's clock is often minutes off), a long line scrolling in its own box
with the controls still on screen, and hints that point to a button the clerk can press."""

import re
from datetime import datetime, timedelta

import pytest
import requests
from playwright.sync_api import expect

from tests.helpers import CONTRASTS, log_in_at_counter, sql

pytestmark = [pytest.mark.browser, pytest.mark.live]


def issue(server, service="A"):
    r = requests.post(server.url + "/api/tickets", json={"service": service}, timeout=10)
    assert r.status_code == 201, r.text
    return r.json()


def log_in(page, server, lang):
    page.goto(f"{server.url}/counter?counter=1&lang={lang}")
    page.fill("input[name=username]", "canbo1")
    page.fill("input[name=password]", "demo")
    page.click("#login-form button[type=submit]")
    expect(page.locator("#work")).to_be_visible()


@pytest.mark.parametrize(("lang", "words"), [("vi", "1 giờ 5 phút"), ("en", "1 h 5 min")], ids=["vi", "en"])
def test_a_wait_of_an_hour_reads_in_the_screens_language(page, live, lang, words):
    server = live()
    old = issue(server)
    sql(server, "UPDATE tickets SET queued_at = queued_at - 3930 WHERE id = ?", old["id"])  # in the line since then
    mid = issue(server)
    sql(server, "UPDATE tickets SET queued_at = queued_at - 730 WHERE id = ?", mid["id"])
    issue(server)  # a commit after the change: every view is made again
    log_in(page, server, lang)
    expect(page.locator(f'#waiting li[data-ticket="{old["id"]}"] .wait')).to_have_text(words)
    # Under an hour in whole minutes, under a minute in words: "0:04" beside "1 giờ 6 phút" read as four minutes.
    expect(page.locator("#waiting .wait")).to_have_text(
        [words, *{"vi": ["12 phút", "dưới 1 phút"], "en": ["12 min", "under 1 min"]}[lang]]
    )
    page.click('.actions [data-action="call-next"]')
    expect(page.locator("[data-current-number]")).to_have_text("A001")
    expect(page.locator("#current-waited")).to_have_text({"vi": "Đã chờ ", "en": "Waited "}[lang] + words)


def test_waits_and_service_times_follow_the_servers_clock_not_the_counter_pcs(page, live):
    server = live()
    issue(server)
    issue(server)
    page.clock.set_system_time(datetime.now() + timedelta(hours=2, minutes=7))  # a PC two hours fast
    log_in(page, server, "vi")
    page.click('.actions [data-action="call-next"]')
    expect(page.locator("[data-current-number]")).to_have_text("A001")
    page.click('.actions [data-action="start"]')
    expect(page.locator("#current")).to_have_attribute("data-status", "serving")
    expect(page.locator("#current-timer")).to_have_text(re.compile(r"^Đang phục vụ 0:0\d$"))
    assert page.evaluate("getComputedStyle(document.querySelector('#current-timer'), '::before').content") == '"· "'
    expect(page.locator("#waiting .wait")).to_have_text(["dưới 1 phút"])  # never "0:04", read as four minutes


def a_long_line_at(make_page, live, width, height):
    """Clerk 1's workstation in a window of this size, with 75 waiting."""
    server = live(kiosk_tickets_per_minute=1000)
    for _ in range(75):
        issue(server)
    page = make_page(width, height)
    log_in(page, server, "vi")
    expect(page.locator("#waiting-count")).to_have_text("(75)")
    return page


def sizes(page):
    return page.evaluate(
        """() => ({page: document.scrollingElement.scrollHeight, window: innerHeight,
                   list: document.querySelector('#waiting').scrollHeight,
                   box: document.querySelector('#waiting').clientHeight})"""
    )


@pytest.mark.parametrize(
    ("width", "height"),
    [(1366, 768), (1366, 633), (800, 1280)],
    ids=["1366x768", "maximised-on-1366x768", "tablet"],
)
def test_a_long_line_scrolls_in_its_own_box_and_the_controls_stay_on_screen(make_page, live, width, height):
    page = a_long_line_at(make_page, live, width, height)
    page.click('.actions [data-action="call-next"]')  # a ticket at the counter: its display line shows too
    expect(page.locator("#current-display")).to_be_visible()
    expect(page.locator("#waiting-count")).to_have_text("(74)")
    size = sizes(page)
    assert size["page"] == size["window"] == height and size["list"] > size["box"] > 150, size
    page.locator("#waiting li.more").scroll_into_view_if_needed()
    assert page.evaluate("document.scrollingElement.scrollTop") == 0
    expect(page.locator("#waiting li.more")).to_be_in_viewport()
    for action in ("call-next", "call-number"):
        expect(page.locator(f'.actions [data-action="{action}"]')).to_be_in_viewport(ratio=1)
    expect(page.locator("#stats")).to_be_in_viewport(ratio=1)
    expect(page.locator("#feedback")).to_be_in_viewport(ratio=1)  # what the last button did


@pytest.mark.parametrize(
    ("width", "height"), [(683, 740), (1366, 600), (1024, 600), (800, 900)], ids=["half", "low", "short", "small"]
)
def test_a_window_too_small_for_controls_and_a_list_scrolls_as_a_whole_and_squeezes_nothing(
    make_page, live, width, height
):
    page = a_long_line_at(make_page, live, width, height)
    size = sizes(page)
    assert size["page"] > size["window"] == height and size["list"] == size["box"], size  # the list whole
    for action in ("call-next", "call-number"):
        expect(page.locator(f'.actions [data-action="{action}"]')).to_be_in_viewport(ratio=1)
    page.locator("#stats").scroll_into_view_if_needed()
    expect(page.locator("#stats")).to_be_in_viewport(ratio=1)


def test_the_more_hint_names_call_a_number_only_while_the_clerk_can_press_it(page, live):
    server = live(kiosk_tickets_per_minute=1000)
    for _ in range(53):
        issue(server)
    log_in(page, server, "vi")
    more = page.locator("#waiting li.more")
    expect(more).to_have_text("… và 3 số nữa (bấm “Gọi số cụ thể” để gọi bất kỳ số nào)")
    page.click('.actions [data-action="call-next"]')
    expect(page.locator("[data-current-number]")).to_have_text("A001")
    expect(page.locator('.actions [data-action="call-number"]')).to_be_disabled()
    expect(more).to_have_text("… và 2 số nữa")
    page.click('.actions [data-action="no-show"]')
    expect(page.locator('.actions [data-action="call-number"]')).to_be_enabled()
    expect(more).to_have_text("… và 2 số nữa (bấm “Gọi số cụ thể” để gọi bất kỳ số nào)")


def test_the_dossier_hint_goes_once_serving_starts(page, live):
    server = live()
    issue(server)
    log_in(page, server, "vi")
    expect(page.locator("#dossier-feedback")).to_have_text("Gắn mã hồ sơ khi bắt đầu phục vụ.")
    expect(page.locator("#dossier-ticket")).to_be_hidden()  # nothing to pick: no empty drop-down
    page.click('.actions [data-action="call-next"]')
    expect(page.locator("[data-current-number]")).to_have_text("A001")
    expect(page.locator("#dossier-feedback")).to_have_text("Gắn mã hồ sơ khi bắt đầu phục vụ.")
    page.click('.actions [data-action="start"]')
    expect(page.locator("#dossier-ticket")).to_have_value(
        page.evaluate("String(counterStation.view.counter.ticket.id)")
    )
    expect(page.locator("#dossier-ticket option")).to_have_text(["A001 – đang phục vụ"])
    expect(page.locator("#dossier-feedback")).to_have_text("")
    expect(page.locator("#dossier-input")).to_be_enabled()


@pytest.mark.parametrize(
    ("lang", "label", "said", "last"),
    [
        (
            "vi",
            "Hoàn thành, gọi số tiếp",
            "Đã hoàn thành số A001 · Đã gọi số A002",
            "Đã hoàn thành số A002 · Không còn ai chờ",
        ),
        ("en", "Finish and call next", "Finished A001 · Called A002", "Finished A002 · Nobody is waiting"),
    ],
    ids=["vi", "en"],
)
def test_while_serving_the_big_button_finishes_the_citizen_and_calls_the_next_in_one_press(
    make_page, live, lang, label, said, last
):
    server = live()
    issue(server)
    issue(server)
    page, tablet = make_page(), make_page(1280, 800)
    tablet.goto(f"{server.url}/counter/1/rating")
    log_in(page, server, lang)
    big = page.locator('.actions [data-action="call-next"]')
    page.click('.actions [data-action="call-next"]')
    expect(page.locator("[data-current-number]")).to_have_text("A001")
    expect(big).to_be_disabled()  # called, not yet served: the clerk decides (start, recall, no-show)
    page.click('.actions [data-action="start"]')
    expect(big).to_be_enabled()
    expect(big.locator("span").first).to_have_text(label)
    big.click()
    expect(page.locator("#feedback")).to_have_text(said)
    expect(page.locator("[data-current-number]")).to_have_text("A002")
    expect(page.locator("#current")).to_have_attribute("data-status", "called")
    expect(tablet.locator("#for")).to_contain_text("A001")  # the finished citizen is asked for a rating
    page.click('.actions [data-action="start"]')
    expect(big.locator("span").first).to_have_text(label)
    page.keyboard.press("n")  # the shortcut does the same
    expect(page.locator("#feedback")).to_have_text(last)
    expect(page.locator("#current")).to_have_attribute("data-status", "none")
    expect(big.locator("span").first).to_have_text({"vi": "Gọi số tiếp theo", "en": "Call next"}[lang])
    assert sql(server, "SELECT number, status FROM tickets ORDER BY id") == [("A001", "done"), ("A002", "done")]


@pytest.mark.parametrize(
    ("lang", "why"),
    [
        (
            "vi",
            {
                "called": "Chưa tạm nghỉ được: số A001 đang được gọi tại quầy. Bắt đầu phục vụ, đánh dấu vắng mặt "
                "hoặc tạm chờ trước.",
                "serving": "Chưa tạm nghỉ được: đang phục vụ số A001. Hoàn thành, chuyển lĩnh vực hoặc tạm chờ trước.",
                "close": "Chưa đóng quầy được: đang phục vụ số A001. Hoàn thành, chuyển lĩnh vực hoặc tạm chờ trước.",
            },
        ),
        (
            "en",
            {
                "called": "Cannot pause yet: A001 is called here. Start, mark no-show or put it on hold first.",
                "serving": "Cannot pause yet: you are serving A001. Finish, transfer or put it on hold first.",
                "close": "Cannot close yet: you are serving A001. Finish, transfer or put it on hold first.",
            },
        ),
    ],
    ids=["vi", "en"],
)
def test_pause_and_close_wait_until_no_citizen_is_at_the_counter_and_say_why(page, live, lang, why):
    """The server refuses both while a ticket is called or served: the buttons say so before anyone presses (P in
    the feedback line, Close in its tooltip)."""
    server = live()
    issue(server)
    log_in(page, server, lang)
    pause, close = page.locator("#pause"), page.locator("#close")
    expect(pause).to_be_enabled()
    expect(close).to_be_enabled()
    for action, status in (("call-next", "called"), ("start", "serving"), ("finish", "none")):
        page.click(f'.actions [data-action="{action}"]')
        expect(page.locator("#current")).to_have_attribute("data-status", status)
        for button in (pause, close):
            expect(button).to_be_enabled() if status == "none" else expect(button).to_be_disabled()
        if status != "none":
            page.keyboard.press("p")
            expect(page.locator("#feedback")).to_have_text(why[status])
        if status == "serving":
            expect(close).to_have_attribute("title", why["close"])
    expect(close).to_have_attribute("title", "")
    page.keyboard.press("p")
    expect(page.locator("#paused")).to_be_visible()
    assert sql(server, "SELECT state FROM counters WHERE number = 1") == [("paused",)]


def test_in_a_narrow_window_a_fields_code_stays_on_the_line_of_its_name(make_page, live):
    """At 683 px (a window snapped to half a 1366 screen) the header wrapped between "A" and "Certification"."""
    server = live()
    page = make_page(683, 740)
    page.goto(f"{server.url}/counter?counter=2&lang=en")
    page.fill("input[name=username]", "canbo2")
    page.fill("input[name=password]", "demo")
    page.click("#login-form button[type=submit]")
    expect(page.locator("#work")).to_be_visible()
    expect(page.locator("#counter-services")).to_have_text("A Certification, B Civil status")
    lines = page.evaluate(  # the line boxes each field's code and first word take: one each
        "() => [...document.querySelectorAll('#counter-services .field .lead')]"
        ".map((lead) => new Set([...lead.getClientRects()].map((r) => Math.round(r.bottom))).size)"
    )
    assert lines == [1, 1]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("vi", "Hôm nay đã phục vụ: 0 · phục vụ TB: chưa có · hài lòng: chưa có đánh giá"),
        ("en", "Served today: 0 · average service: not yet · satisfied: no ratings yet"),
    ],
    ids=["vi", "en"],
)
def test_the_days_figures_before_anyone_is_served_read_as_a_sentence(make_page, live, lang, words):
    """In English the line read "average none yet · satisfied none yet": each figure now says what it lacks. On a
    1366 screen the line is one line; in a 1024 window it breaks between figures, never inside one."""
    server = live()
    lines = (
        "(selector) => { const r = document.createRange(); r.selectNodeContents(document.querySelector(selector));"
        " return new Set([...r.getClientRects()].map((x) => Math.round(x.bottom))).size; }"
    )
    for width, wrapped in ((1366, False), (1024, True)):
        page = make_page(width, 768)
        log_in(page, server, lang)
        expect(page.locator("#stats")).to_have_text(words)
        assert (page.evaluate(lines, "#stats") > 1) == wrapped
        expect(page.locator("#stats .figure")).to_have_count(3)
        assert [page.evaluate(lines, f"#stats .figure:nth-of-type({i})") for i in (1, 2, 3)] == [1, 1, 1]


@pytest.mark.parametrize(
    ("lang", "names"),
    [("vi", ["Chứng thực", "Trả kết quả – Hướng dẫn"]), ("en", ["Certification", "Results and guidance"])],
)
def test_each_field_in_the_header_starts_with_its_code_set_apart_from_the_name(page, live, lang, names):
    """'T Trả kết quả – Hướng dẫn' in plain text: the dash inside a field's name read like one more separator.
    Each field is now its own element, its code a badge."""
    server = live()
    log_in(page, server, lang)  # counter 1 of the demo centre serves A and T
    fields = page.locator("#counter-services .field")
    expect(fields).to_have_count(2)
    expect(page.locator("#counter-services .field .code")).to_have_text(["A", "T"])
    expect(fields).to_have_text([f"A {names[0]}", f"T {names[1]}"])


def log_in_to_choose(page, server):
    """Clerk canbo2, who holds no counter, logs in: the counters to choose from (Vietnamese)."""
    page.goto(f"{server.url}/counter?lang=vi")
    page.fill("input[name=username]", "canbo2")
    page.fill("input[name=password]", "demo")
    page.click("#login-form button[type=submit]")


def test_a_counter_to_choose_lists_its_fields_a_line_each(page, live):
    server = live()
    log_in_to_choose(page, server)
    fields = page.locator('.counter-choice[data-counter="6"] .field')
    expect(fields).to_have_text(
        ["F Kinh doanh – Công thương", "G Nông nghiệp – Môi trường", "K Lĩnh vực khác", "T Trả kết quả – Hướng dẫn"]
    )
    tops = [round(fields.nth(i).bounding_box()["y"]) for i in range(4)]
    assert tops == sorted(set(tops)), tops  # each below the one before
    expect(page.locator('.counter-choice[data-counter="6"] .field-list')).to_have_text(  # what a screen reader says
        "F Kinh doanh – Công thương, G Nông nghiệp – Môi trường, K Lĩnh vực khác, T Trả kết quả – Hướng dẫn"
    )


WRAPPED_LINES = """() => [...document.querySelectorAll('.counter-choice .field')].flatMap((field) => {
  const word = field.querySelector('.lead').lastChild, rest = field.lastChild, first = document.createRange();
  first.setStart(word, 1); first.setEnd(word, word.length);  // the name's first word, after the no-break space
  if (rest === field.querySelector('.lead')) return [];
  const lines = document.createRange(); lines.selectNodeContents(rest);
  const left = first.getBoundingClientRect().left;
  return [...lines.getClientRects()].slice(1).map((line) => [field.querySelector('.code').textContent,
    Math.round(line.left - left)]);
})"""


def test_a_field_name_that_wraps_on_a_counter_card_goes_on_under_the_name_not_under_its_badge(make_page, live):
    server = live()
    page = make_page(1366, 768)
    log_in_to_choose(page, server)
    expect(page.locator(".counter-choice")).to_have_count(6)

    wrapped = page.evaluate(WRAPPED_LINES)  # [code, a wrapped line's left minus the first word's left (px)]

    assert sorted({code for code, _ in wrapped}) == ["D", "E", "F", "G", "H", "T"]  # the names too long for a line
    assert [(code, offset) for code, offset in wrapped if abs(offset) > 3] == []  # 1.8em against the badge's width


def test_a_counter_another_clerk_holds_is_marked_taken_in_words_read_at_full_contrast(make_page, live):
    """Reproduced: the taken card faded as a whole (.45) and its reason again (.75): 1.9:1, hard to read."""
    server = live()
    assert server.login("canbo1").post(server.url + "/api/counters/1/open", timeout=5).ok
    page = make_page(1366, 768)
    log_in_to_choose(page, server)
    expect(page.locator('.counter-choice[data-counter="1"]')).to_be_disabled()
    seen = page.evaluate(CONTRASTS, ['.counter-choice[data-counter="1"] > *', ".counter-choice"])
    assert [text for _, text, _ in seen] == [
        "Quầy 1",
        "A\xa0Chứng thực, T\xa0Trả kết quả – Hướng dẫn",
        "Cán bộ khác đang làm việc",
    ]
    assert [(text, ratio) for _, text, ratio in seen if ratio < 4.5] == []
    free = page.evaluate(CONTRASTS, ['.counter-choice[data-counter="2"] > strong', ".counter-choice"])
    assert free[0][2] > 7  # a free counter still stands out against it


def test_a_clerk_who_logged_in_at_the_wrong_pc_logs_out_from_the_counters_to_choose_from(page, live):
    """Reproduced: the choose screen had no *Đăng xuất*: a clerk who logged in at a colleague's PC could only wait
    for the session to end (the tools bar showed at work only)."""
    server = live()
    log_in_to_choose(page, server)
    expect(page.locator("#choose")).to_be_visible()
    expect(page.locator("#logout")).to_be_visible()
    expect(page.locator("#pause")).to_be_hidden()  # nothing to pause or close before a counter is taken
    expect(page.locator("#close")).to_be_hidden()
    page.click("#logout")
    expect(page.locator("#login")).to_be_visible()
    expect(page.locator("#tools")).to_be_hidden()
    page.reload()
    expect(page.locator("#login")).to_be_visible()  # the session is over on the server too


def test_a_provinces_hundred_counters_to_choose_from_scroll_in_their_own_box(make_page, live):
    """The commas a screen reader reads between a card's fields are placed out of sight inside their card: placed
    against the page, a hundred cards' commas would make the whole page scroll, header and all."""
    server = live()
    for number in range(7, 101):
        sql(
            server,
            "INSERT INTO counters (number, name, services) VALUES (?, ?, ?)",
            number,
            f"Quầy {number}",
            '["A","B","T"]',
        )
    page = make_page(1366, 768)
    log_in_to_choose(page, server)
    expect(page.locator(".counter-choice")).to_have_count(100)
    assert page.evaluate("[document.scrollingElement.scrollHeight, innerHeight]") == [768, 768]


def test_closing_the_counter_after_a_reload_closes_it_the_counter_in_the_address_is_opened_once(page, live):
    """Reproduced: logged in at /counter?counter=6, F5, then "Đóng quầy": the screen said "Đã nhận quầy 6" and the
    counter was open again (the reloaded page held the address's counter and opened it as soon as it was free). The
    counter PC's bookmark still takes its counter when it is opened again."""
    server = live()
    log_in_at_counter(page, server, "canbo2", counter=6)
    page.reload()
    expect(page.locator("#counter-name")).to_have_text("Quầy 6")
    page.click("#close")

    expect(page.locator("#choose")).to_be_visible()
    page.wait_for_timeout(1000)  # an open asked for after the close would be answered by now
    expect(page.locator("#choose")).to_be_visible()
    assert sql(server, "SELECT state, clerk_id FROM counters WHERE number = 6") == [("closed", None)]
    page.reload()  # "Đóng quầy" took counter 6 out of the address: a reload does not open it again either
    expect(page.locator('.counter-choice[data-counter="6"]')).to_be_enabled()
    page.wait_for_timeout(1000)
    expect(page.locator("#choose")).to_be_visible()
    assert sql(server, "SELECT state, clerk_id FROM counters WHERE number = 6") == [("closed", None)]

    page.goto(f"{server.url}/counter?counter=6")  # the counter PC's bookmark, opened again: it takes counter 6
    expect(page.locator("#counter-name")).to_have_text("Quầy 6")
