"""Every centre option has a type and a range; a value outside it is refused with the option named, and nothing
changes (issue 12, finding 7)."""

import pytest

from server.options import DEFAULTS, OPTIONS

INF = float("inf")
# For every option: values that must be refused (wrong type or out of range).
BAD = {
    "authority_name": [None, 7, ["x"], "x" * 121],
    "centre_name": [None, 7, "x" * 121],
    "hotline": [None, 1900, "1" * 41],
    "address": [None, 0, "x" * 301],
    "priority_policy": ["lottery", "", None, 1],
    "priority_every": [0, 21, 2**63, 1.5, "3", True, INF],
    "default_service_time_s": [INF, 1e400, 0, 9, 14_401, 2**63, -300, 300.5, "300", None],
    "enforce_hours": [1, "yes", None],
    "closed_early_on": ["tomorrow", "2026-02-30", 20261123, None],
    "working_days": [[7], [-1], [0, 0], "0,1", [1.0], [True], None],
    "holidays": [["2026-02-30"], "2026-01-01", [1], ["2026-01-01"] * 1001, None],
    "wait_target_s": [59, 14_401, INF, 2**63, "900", None],
    "rating_scale": [7, 2, 3.0, "3", True, None],
    "rating_timeout_s": [INF, 1e400, 4, 601, 2**63, 30.5, "30", None],
    "rating_reasons": [["bribes"], "time", [1], ["time", "time"], None],
    "voice_reading": ["letters", None, 1],
    "voice_repeat": [300, 0, 4, 2**63, 2.0, "2", INF, None],
    "voice_zero_tens": ["le", None, 0],
    "display_notice": [None, 1, "x" * 301],
    "display_volume": [1.01, -0.1, INF, 2**63, "1", None, True],
    "display_quiet_hours": [
        [["13:30", "11:30"]],
        [["25:00", "26:00"]],
        "11:30-13:30",
        [["11:30"]],
        [["08:00", "08:01"]] * 11,
        None,
    ],
    "satisfaction_target": [1.5, -0.1, INF, "0.9", None, True],
    "satisfaction_targets": [{"C": 1.5}, {"land": 0.8}, {"C": "0.8"}, {"C": INF}, [], None],
    "satisfaction_denominator": ["tickets", "Rated", None, 1],
    "recent_calls_shown": [2**63, 0, 51, 10.0, "10", INF, None],
    "dossier_pattern": ["", None, 1, "x" * 201],  # one that does not compile: tests/counter/test_dossiers.py
    "short_service_s": [0, 3601, 2**63, 20.5, "20", INF, None],
    "voice_thousand": ["ngan", "nghin", None, 1000],
    "report_parent_body": [None, 1, "x" * 201],
    "report_unit": [None, 1, "x" * 201],
    "report_place": [None, 1, "x" * 201],
    "report_number": [None, 12, "x" * 201],
    "report_symbol": [None, 1, "x" * 201],
    "report_addressee": [None, 1, "x" * 201],
    "report_signer_title": ["CHỦ TỊCH", [1], ["x" * 201], ["x"] * 11, None],
    "report_signer_name": [None, 1, "x" * 201],
    "report_recipients": ["Như trên;", [None], ["x" * 201], ["x"] * 11, None],
    "public_officers": [1, "yes", None],
    "public_on_displays": [1, "yes", None],
    "public_on_kiosk": [0, "no", None],
    "public_every_s": [4, 86_401, 2**63, 120.5, "120", INF, None],
    "public_show_s": [4, 3601, 2**63, 20.5, "20", INF, None],
}


def test_every_option_has_bad_values_to_try():
    assert sorted(BAD) == sorted(DEFAULTS)


def test_every_default_is_allowed_by_its_own_option():
    assert {o.name: o.problem(o.default) for o in OPTIONS} == {name: None for name in DEFAULTS}


@pytest.mark.parametrize("name", sorted(BAD))
def test_out_of_range_and_wrong_type_values_are_refused_with_the_option_named(manager, db, name):
    stored = db.execute("SELECT * FROM options ORDER BY key").fetchall()
    allowed = next(o for o in OPTIONS if o.name == name).allowed.allowed.said_in("vi")  # the manager's language
    for value in BAD[name]:
        r = manager.put("/api/admin/options", json={name: value})
        assert (r.status_code, r.json["error"], r.json["fields"]) == (400, "invalid", {name: allowed}), (name, value)
        assert r.json["message"] == f"Dữ liệu chưa hợp lệ — {name}: {allowed}"
        assert db.execute("SELECT * FROM options ORDER BY key").fetchall() == stored
        assert db.execute("SELECT count(*) FROM audit_log").fetchone() == (0,)
        assert manager.get("/api/state").status_code == 200


def test_the_values_from_the_review_are_refused(manager):
    for body in (
        '{"default_service_time_s": 1e400}',
        '{"recent_calls_shown": 9223372036854775808}',
        '{"rating_timeout_s": 1e400}',
        '{"voice_repeat": 300}',
    ):
        r = manager.put("/api/admin/options?lang=en", data=body, content_type="application/json")
        assert r.status_code == 400, body
        assert r.json["message"].startswith("Invalid — ")
    assert manager.get("/api/state").status_code == 200
    assert manager.get("/api/services").status_code == 200


def test_values_at_the_edges_of_their_range_are_accepted(manager):
    edges = {
        "default_service_time_s": 14_400,
        "recent_calls_shown": 50,
        "rating_timeout_s": 5,
        "voice_repeat": 3,
        "display_volume": 0,
        "wait_target_s": 60,
        "working_days": [],
        "display_quiet_hours": [],
    }
    r = manager.put("/api/admin/options", json=edges)
    assert r.status_code == 200, r.json
    assert {k: r.json[k] for k in edges} == edges
    assert manager.get("/api/state").status_code == 200


def test_the_settings_page_says_what_each_option_allows():
    from server.options import settings_markdown

    page = settings_markdown()
    assert (
        "| `voice_repeat` | `2` | a whole number from 1 to 3 | How many times a call is said when no other call"
        " waits (calls waiting: once each). |"
    ) in page
