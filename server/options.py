"""The centre's own options, kept in the database so managers can change them live; each declared once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from server.store import repo


@dataclass(frozen=True)
class Option:
    name: str
    default: Any
    help: str


OPTIONS: list[Option] = [
    Option("authority_name", "UBND XÃ AN BÌNH",
           "First header line of the ticket: the commune/ward People's Committee."),
    Option("centre_name", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", "The centre's name, on tickets and screens."),
    Option("hotline", "1900 0000", "Feedback hotline shown on the kiosk, tickets and status pages."),
    Option("address", "", "The centre's address, shown on the kiosk's idle screen."),
    Option("priority_policy", "interleave",
           "How priority tickets are ordered: strict (always first) or interleave (1 after every N normal)."),
    Option("priority_every", 3, "N for the interleave policy: one priority ticket after every N normal ones."),
    Option("default_service_time_s", 300, "Service time assumed for estimates until today's own figures exist."),
    Option("enforce_hours", True, "Refuse tickets outside a service's sessions and on non-working days."),
    Option("closed_early_on", "",
           "A date (YYYY-MM-DD) on which the kiosk stopped issuing early; set it to today to close early, "
           "the next day opens as usual."),
    Option("working_days", [0, 1, 2, 3, 4], "Weekdays open (0 = Monday … 6 = Sunday)."),
    Option("holidays", [], "Dates (YYYY-MM-DD) the centre is closed."),
    Option("wait_target_s", 900, "Waiting-time target (service level), in seconds."),
    Option("rating_scale", 3,
           "Satisfaction levels on the tablet: 3 (Rất hài lòng / Hài lòng / Không hài lòng), 4 or 5."),
    Option("short_service_s", 20, "Services shorter than this many seconds are flagged beside their rating in "
           "reports (a rating of a ticket served in a few seconds deserves a look)."),
    Option("rating_timeout_s", 30,
           "Seconds the tablet waits for a rating before counting the ticket as not rated."),
    Option("rating_reasons", ["time", "trips", "agencies", "information", "attitude", "costs", "complaints"],
           "Reasons offered on dissatisfaction (criteria of Decree 61/2018 Art. 31)."),
    Option("voice_reading", "digits", "How numbers are called: digits (A không một năm) or whole (A mười lăm)."),
    Option("voice_repeat", 2, "How many times a call is said when no other call waits (calls waiting: once each)."),
    Option("voice_zero_tens", "linh",
           "Word for a zero ten in whole-number reading: linh (105 một trăm linh năm) or lẻ."),
    Option("voice_thousand", "nghìn",
           "Word for a thousand in whole-number reading: nghìn (1000 một nghìn) or ngàn, the southern word "
           "(1000 một ngàn; 1005 một ngàn lẻ năm, without không trăm)."),
    Option("display_notice", "Vui lòng giữ trật tự và chú ý màn hình, loa gọi số.",
           "The scrolling notice line on the wall displays."),
    Option("display_volume", 1.0, "Announcement volume on displays, 0 to 1 (a display may lower it with ?volume=)."),
    Option("display_quiet_hours", [], "Times displays stay silent, e.g. [[\"11:30\", \"13:30\"]] (calls still show)."),
    Option("satisfaction_target", 0.9, "Target satisfaction rate overall (0.9 = 90 %), shown beside the figures."),
    Option("satisfaction_targets", {"C": 0.85, "E": 0.85},
           "Targets per field where they differ (land, construction, investment: 85 % in many plans)."),
    Option("recent_calls_shown", 10, "How many recent calls the snapshot carries for displays."),
    # The report as an administrative document (Decree 30/2020/NĐ-CP) and the public posting of results.
    Option("report_parent_body", "", "Report header, first line of the issuing body: the parent body (e.g. UBND XÃ "
           "DÂN TIẾN); empty: authority_name."),
    Option("report_unit", "", "Report header, the issuing unit (upper case, bold); empty: centre_name."),
    Option("report_place", "An Bình", "Report header: the place before the date (An Bình, ngày … tháng … năm …)."),
    Option("report_number", "", "Report number (Số: …/…); empty leaves room to write it when the report is issued."),
    Option("report_symbol", "BC-UBND", "Report symbol after the number (Số: …/BC-UBND)."),
    Option("report_addressee", "Ủy ban nhân dân tỉnh",
           "Who the report goes to (Kính gửi: …); empty: no Kính gửi line."),
    Option("report_signer_title", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
           "The signer's title, one line each (e.g. KT. CHỦ TỊCH, PHÓ CHỦ TỊCH)."),
    Option("report_signer_name", "", "The signer's full name, under the signature."),
    Option("report_recipients", ["Như trên;", "Chủ tịch, các Phó Chủ tịch UBND xã;", "Lưu: VT, BPMC."],
           "Recipients (Nơi nhận), one line each, in the decree's order, ending with Lưu: VT, …"),
    Option("public_officers", False,
           "The public page /cong-khai also posts each officer's results (off: fields and totals only)."),
    Option("public_on_displays", False, "Wall displays show the public results now and then between calls."),
    Option("public_on_kiosk", False, "The kiosk's idle screen shows the public results now and then."),
    Option("public_every_s", 120, "Seconds between two showings of the public results on displays and kiosks."),
    Option("public_show_s", 20, "Seconds the public results stay on a display or kiosk each time."),
]

DEFAULTS = {o.name: o.default for o in OPTIONS}


def load_options(db: Database) -> dict[str, Any]:
    """Every option: stored value where a manager set one, else the default."""
    return {**DEFAULTS, **{k: v for k, v in repo.get_options(db).items() if k in DEFAULTS}}


def settings_markdown() -> str:
    """docs/settings.md, generated from the declarations (`xephang settings --markdown`; a test compares)."""
    from server.settings import SETTINGS

    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    lines = [
        "# Settings", "",
        "<!-- Generated by `xephang settings --markdown > docs/settings.md`; a test keeps it in step. -->", "",
        "XếpHàng has two kinds of configuration.", "",
        "**Deployment settings** say where and how the server runs. Each is resolved in this order, later "
        "winning: the default below, then a TOML file (`XEPHANG_CONFIG=/etc/xephang.toml` or `--config`), then "
        "the environment (`XEPHANG_<NAME>`, plus the aliases shown), then command-line flags. `xephang settings` "
        "prints the same list. A bad value stops the server with a message naming the setting and its variable.",
        "", "| setting | environment | default | what it does |", "|---|---|---|---|"]
    for s in SETTINGS:
        env = ", ".join(f"`{e}`" for e in (s.env, *s.env_aliases))
        lines.append(f"| `{s.name}` | {env} | `{s.default!r}` | {cell(s.help)} |")
    lines += ["", "Example `xephang.toml`:", "", "```toml", 'data_dir = "/var/lib/xephang"', 'host = "0.0.0.0"',
              "port = 8080", 'async_mode = "eventlet"', 'printer = "usb://04b8:0202"', "```", "",
              "## Centre options", "",
              "**Centre options** belong to the centre and are kept in the database (`options` table), so that "
              "managers can change them while the system runs; every screen picks up the new value at its next "
              "update. Until a manager sets one, the default applies.", "",
              "| option | default | what it does |", "|---|---|---|"]
    lines += [f"| `{o.name}` | `{o.default!r}` | {cell(o.help)} |" for o in OPTIONS]
    lines += ["", "Demo mode (`--demo`, used by `make run`) sets `enforce_hours` to false so the demo answers at "
              "any hour.", ""]
    return "\n".join(lines)
