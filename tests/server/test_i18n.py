"""One translation mechanism: every key defined once, in both languages, and every key used exists."""

import ast
import re
from pathlib import Path

from server.i18n import CATALOG, t

ROOT = Path(__file__).resolve().parents[2]


def test_no_key_is_defined_twice():
    tree = ast.parse((ROOT / "server/i18n.py").read_text(encoding="utf-8"))
    [catalog] = [
        n.value for n in ast.walk(tree) if isinstance(n, ast.AnnAssign) and getattr(n.target, "id", "") == "CATALOG"
    ]
    keys = [k.value for k in catalog.keys]
    assert sorted({k for k in keys if keys.count(k) > 1}) == []


def test_every_entry_has_vietnamese_and_english():
    assert [k for k, v in CATALOG.items() if not v.get("vi") or not v.get("en")] == []


def test_every_key_used_by_a_page_or_script_exists():
    used = set()
    for path in [*ROOT.glob("*/templates/**/*.html"), *ROOT.glob("*/static/**/*.js"), *ROOT.glob("*/*.py")]:
        if "vendor" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'data-i18n(?:-placeholder)?="([a-z_.-]+)"', text))
        used |= set(re.findall(r'\bt\("([a-z_]+\.[a-z_.-]+)"', text))
    dynamic = {k for k in used if k.endswith(".")}  # a prefix completed at run time, e.g. "kiosk.closed." + reason
    assert used and sorted(k for k in used - dynamic if k not in CATALOG) == []
    assert all(any(c.startswith(p) for c in CATALOG) for p in dynamic)


# String literals in the scripts shaped like a key that are something else: an audit log's action name.
NOT_KEYS = {"option.update"}


def test_every_key_shaped_string_in_a_script_exists():
    """A script hands keys to its own helpers too (the live dashboard's `heading("report.col.field", …)`), which the
    `t("…")` pattern above does not see: any quoted string (backticks too) of a catalogue prefix and a dot is a key."""
    prefixes = "|".join(sorted({k.split(".")[0] for k in CATALOG}))
    shaped = re.compile(rf"""["'`]((?:{prefixes})\.[a-z0-9_.-]*[a-z0-9_-])["'`]""")
    found = set()
    for path in ROOT.glob("*/static/**/*.js"):
        if "vendor" not in path.parts:
            found |= {(path.name, k) for k in shaped.findall(path.read_text(encoding="utf-8"))}
    assert ("live.js", "live.col.waiting") in found  # the pattern sees keys given to a helper
    assert sorted((name, k) for name, k in found if k not in CATALOG and k not in NOT_KEYS) == []


def test_messages_name_statuses_and_actions_in_the_same_language():
    assert t("error.illegal_transition", "vi", action="finish", status="waiting") == (
        "Không thể hoàn thành số thứ tự đang ở trạng thái đang chờ."
    )
    assert [
        t("error.illegal_transition", "en", action=a, status=s) for a, s in (("no-show", "done"), ("park", "called"))
    ] == [
        "Cannot mark no-show: the ticket is done.",
        "Cannot put on hold: the ticket is called.",
    ]


def test_no_text_is_defined_both_in_the_catalogue_and_in_the_report_texts():
    from server import i18n

    assert i18n.TWICE == []


def test_an_english_count_of_one_reads_in_the_singular_and_vietnamese_is_unchanged():
    assert [t("admin.imported", "en", n=n) for n in (1, 2, 0)] == [
        "1 procedure imported.",
        "2 procedures imported.",
        "0 procedures imported.",
    ]
    assert [t("admin.imported", "vi", n=n) for n in (1, 2)] == ["Đã nhập 1 thủ tục.", "Đã nhập 2 thủ tục."]
    assert t("live.alarm.unprinted", "en", n="1") == "1 ticket not printed"  # as a page's formatted number
    assert t("counter.counter", "en", n=1) == "Counter 1"  # an `n` that is not a count has no singular


def test_every_singular_has_its_count_and_says_the_same_in_vietnamese():
    """`<key>.one` is the English text for a count `n` of 1; Vietnamese has no plural, so it says the same."""
    ones = {k: v for k, v in CATALOG.items() if k.endswith(".one")}
    assert sorted(ones) == [
        "admin.current_list.one",
        "admin.imported.one",
        "alarm.webhooks.one",
        "counter.transfer_open.one",
        "live.alarm.unprinted.one",
        "report.comments_count.one",
    ]
    for key, entry in ones.items():
        base = CATALOG[key.removesuffix(".one")]
        assert ("{n}" in base["en"], entry["vi"]) == (True, base["vi"]), key
        assert "{n}" not in entry["en"] and entry["en"] != base["en"], key
