"""The centre's own options, kept in the database so managers can change them live; each declared once."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from server.core.numbering import PREFIX_RE, parse_hhmm
from server.core.rating import REASONS, SCALES
from server.core.speech import THOUSANDS
from server.i18n import Said
from server.store import repo


@dataclass(frozen=True)
class Check:
    """What an option accepts: `allowed` is said to the manager when `test` fails, in the manager's language when it
    is a `Said` (its English text is what docs/settings.md shows)."""

    allowed: str
    test: Callable[[Any], bool]
    low: float | None = None  # the range or the choices, for the admin's widget (number input, radios, boxes)
    high: float | None = None
    choices: tuple[Any, ...] = ()

    def problem(self, value: Any) -> str | None:
        try:
            return None if self.test(value) else self.allowed
        except (TypeError, ValueError, OverflowError, re.error):
            return self.allowed


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def whole(low: int, high: int, unit: str = "") -> Check:
    said = Said("option.check.whole_seconds", low=low, high=high) if unit == " seconds" else None
    said = said or Said("option.check.whole", low=low, high=high, unit=unit)
    return Check(said, lambda v: _is_int(v) and low <= v <= high, low, high)


def number(low: float, high: float) -> Check:
    return Check(
        Said("option.check.number", low=f"{low:g}", high=f"{high:g}"),
        lambda v: (_is_int(v) or isinstance(v, float)) and low <= v <= high,
        low,
        high,
    )


def one_of(*choices: Any) -> Check:
    return Check(
        Said("option.check.one_of", choices=", ".join(map(str, choices))),
        lambda v: any(type(v) is type(c) and v == c for c in choices),
        choices=choices,
    )


def text(limit: int) -> Check:
    return Check(Said("option.check.text", limit=limit), lambda v: isinstance(v, str) and len(v) <= limit)


def _date(value: Any) -> bool:
    return isinstance(value, str) and bool(dt.date.fromisoformat(value))


def sessions_problem(value: Any, most: int = 10) -> str | None:
    """None for a list of 1 to `most` [start, end] times of day in order, else what is expected."""
    if not isinstance(value, list) or not value or len(value) > most:
        return Said("option.check.sessions", most=most)
    try:
        pairs = sorted((parse_hhmm(a), parse_hhmm(b)) for a, b in value)
    except (TypeError, ValueError, AttributeError):
        return Said("option.check.sessions_times")
    if any(a >= b for a, b in pairs) or any(pairs[i][1] > pairs[i + 1][0] for i in range(len(pairs) - 1)):
        return Said("option.check.sessions_order")
    return None


LINES = Check(
    Said("option.check.lines"),
    lambda v: isinstance(v, list) and len(v) <= 10 and all(isinstance(line, str) and len(line) <= 200 for line in v),
)


class _Pattern(Check):
    """A regular expression: when it does not compile, the manager is told why."""

    def problem(self, value: Any) -> str | None:
        if not isinstance(value, str) or not 1 <= len(value) <= 200:
            return self.allowed
        try:
            re.compile(value)
        except re.error as exc:
            return Said("option.check.pattern_broken", error=str(exc))
        return None


PATTERN = _Pattern(Said("option.check.pattern"), lambda v: True)
BOOLEAN = Check(Said("option.check.boolean"), lambda v: isinstance(v, bool))
DATE_OR_EMPTY = Check(Said("option.check.date_or_empty"), lambda v: v == "" or _date(v))
WEEKDAYS = Check(
    Said("option.check.weekdays"),
    lambda v: isinstance(v, list) and all(_is_int(d) and 0 <= d <= 6 for d in v) and len(set(v)) == len(v),
)
HOLIDAYS = Check(
    Said("option.check.holidays"), lambda v: isinstance(v, list) and len(v) <= 1000 and all(_date(d) for d in v)
)
QUIET_HOURS = Check(
    Said("option.check.quiet_hours"),
    lambda v: v == [] or sessions_problem(v) is None,
)
RATING_REASONS = Check(
    Said("option.check.rating_reasons", reasons=", ".join(REASONS)),
    lambda v: isinstance(v, list) and all(isinstance(r, str) and r in REASONS for r in v) and len(set(v)) == len(v),
    choices=tuple(REASONS),
)
TARGETS = Check(
    Said("option.check.targets"),
    lambda v: isinstance(v, dict) and all(PREFIX_RE.match(k) and number(0, 1).test(t) for k, t in v.items()),
)


@dataclass(frozen=True)
class Option:
    name: str
    default: Any
    help: str
    check: Check | None = None  # None: judged by the default's type (text, true/false, 0 to 1, whole number)

    @property
    def allowed(self) -> Check:
        if self.check is not None:
            return self.check
        if isinstance(self.default, bool):
            return BOOLEAN
        if isinstance(self.default, int):
            return whole(0, 86_400)
        if isinstance(self.default, float):
            return number(0, 1)
        if isinstance(self.default, str):
            return text(300)
        return Check(Said("option.check.like_default"), lambda v: type(v) is type(self.default))

    def problem(self, value: Any) -> str | None:
        """None when `value` is allowed, else what is (said next to the field)."""
        return self.allowed.problem(value)


OPTIONS: list[Option] = [
    Option(
        "authority_name",
        "UBND XÃ AN BÌNH",
        "First header line of the ticket: the commune/ward People's Committee.",
        text(120),
    ),
    Option("centre_name", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", "The centre's name, on tickets and screens.", text(120)),
    Option("hotline", "1900 0000", "Feedback hotline shown on the kiosk, tickets and status pages.", text(40)),
    Option("address", "", "The centre's address, shown on the kiosk's idle screen.", text(300)),
    Option(
        "priority_policy",
        "interleave",
        "How priority tickets are ordered: strict (always first) or interleave (1 after every N normal).",
        one_of("strict", "interleave"),
    ),
    Option(
        "priority_every", 3, "N for the interleave policy: one priority ticket after every N normal ones.", whole(1, 20)
    ),
    Option(
        "default_service_time_s",
        300,
        "Service time assumed for estimates until today's own figures exist.",
        whole(10, 14_400, " seconds"),
    ),
    Option("enforce_hours", True, "Refuse tickets outside a service's sessions and on non-working days.", BOOLEAN),
    Option(
        "closed_early_on",
        "",
        "A date (YYYY-MM-DD) on which the kiosk stopped issuing early; set it to today to close early, "
        "the next day opens as usual.",
        DATE_OR_EMPTY,
    ),
    Option("working_days", [0, 1, 2, 3, 4], "Weekdays open (0 = Monday … 6 = Sunday).", WEEKDAYS),
    Option("holidays", [], "Dates (YYYY-MM-DD) the centre is closed.", HOLIDAYS),
    Option("wait_target_s", 900, "Waiting-time target (service level), in seconds.", whole(60, 14_400, " seconds")),
    Option(
        "rating_scale",
        3,
        "Satisfaction levels on the tablet: 3 (Rất hài lòng / Hài lòng / Không hài lòng), 4 or 5.",
        one_of(*SCALES),
    ),
    Option(
        "short_service_s",
        20,
        "Services shorter than this many seconds are flagged beside their rating in "
        "reports (a rating of a ticket served in a few seconds deserves a look).",
        whole(1, 3600, " seconds"),
    ),
    Option(
        "rating_timeout_s",
        30,
        "Seconds the tablet waits for a rating before counting the ticket as not rated; every touch or key "
        "restarts them (a question closes at the latest 10 minutes after it was asked).",
        whole(5, 600, " seconds"),
    ),
    Option(
        "rating_reasons",
        ["time", "trips", "agencies", "information", "attitude", "costs", "complaints"],
        "Reasons offered on dissatisfaction (criteria of Decree 61/2018 Art. 31).",
        RATING_REASONS,
    ),
    Option(
        "voice_reading",
        "digits",
        "How numbers are called: digits (A không một năm) or whole (A mười lăm).",
        one_of("digits", "whole"),
    ),
    Option(
        "voice_repeat",
        2,
        "How many times a call is said when no other call waits (calls waiting: once each).",
        whole(1, 3),
    ),
    Option(
        "voice_zero_tens",
        "linh",
        "Word for a zero ten in whole-number reading: linh (105 một trăm linh năm) or lẻ.",
        one_of("linh", "lẻ"),
    ),
    Option(
        "voice_thousand",
        "nghìn",
        "Word for a thousand in whole-number reading: nghìn (1000 một nghìn) or ngàn, the southern word "
        "(1000 một ngàn; 1005 một ngàn lẻ năm, without không trăm).",
        one_of(*THOUSANDS),
    ),
    Option(
        "display_notice",
        "Vui lòng giữ trật tự và chú ý màn hình, loa gọi số.",
        "The scrolling notice line on the wall displays.",
        text(300),
    ),
    Option(
        "display_volume",
        1.0,
        "Announcement volume on displays, 0 to 1 (a display may lower it with ?volume=).",
        number(0, 1),
    ),
    Option(
        "display_quiet_hours",
        [],
        'Times displays stay silent, e.g. [["11:30", "13:30"]] (calls still show).',
        QUIET_HOURS,
    ),
    Option(
        "satisfaction_target",
        0.9,
        "Target satisfaction rate overall (0.9 = 90 %), shown beside the figures.",
        number(0, 1),
    ),
    Option(
        "satisfaction_targets",
        {"C": 0.85, "E": 0.85},
        "Targets per field where they differ (land, construction, investment: 85 % in many plans).",
        TARGETS,
    ),
    Option(
        "satisfaction_denominator",
        "rated",
        "What satisfaction rates divide by: rated ((ratings − không hài lòng) ÷ ratings, QĐ 766 per rating), "
        "dossiers (÷ all dossiers received) or served (÷ all tickets served); reports print the formula.",
        one_of("rated", "dossiers", "served"),
    ),
    Option(
        "dossier_pattern",
        r"[A-Za-z0-9./-]{6,40}",
        "The shape of a dossier code (mã hồ sơ) a clerk or the one-stop software links to a ticket: a regular "
        "expression the whole code must match (codes differ by province: set your own). Default: 6 to 40 "
        "letters, digits, dots, hyphens or slashes.",
        PATTERN,
    ),
    Option("recent_calls_shown", 10, "How many recent calls the snapshot carries for displays.", whole(1, 50)),
    # The report as an administrative document (Decree 30/2020/NĐ-CP) and the public posting of results.
    Option(
        "report_parent_body",
        "",
        "Report header, first line of the issuing body: the parent body (e.g. UBND XÃ "
        "DÂN TIẾN); empty: authority_name.",
        text(200),
    ),
    Option("report_unit", "", "Report header, the issuing unit (upper case, bold); empty: centre_name.", text(200)),
    Option(
        "report_place",
        "An Bình",
        "Report header: the place before the date (An Bình, ngày … tháng … năm …).",
        text(200),
    ),
    Option(
        "report_number",
        "",
        "Report number (Số: …/…); empty leaves room to write it when the report is issued.",
        text(200),
    ),
    Option("report_symbol", "BC-UBND", "Report symbol after the number (Số: …/BC-UBND).", text(200)),
    Option(
        "report_addressee",
        "Ủy ban nhân dân tỉnh",
        "Who the report goes to (Kính gửi: …); empty: no Kính gửi line.",
        text(200),
    ),
    Option(
        "report_signer_title",
        ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
        "The signer's title, one line each (e.g. KT. CHỦ TỊCH, PHÓ CHỦ TỊCH).",
        LINES,
    ),
    Option("report_signer_name", "", "The signer's full name, under the signature.", text(200)),
    Option(
        "report_recipients",
        ["Như trên;", "Chủ tịch, các Phó Chủ tịch UBND xã;", "Lưu: VT, BPMC."],
        "Recipients (Nơi nhận), one line each, in the decree's order, ending with Lưu: VT, …",
        LINES,
    ),
    Option(
        "public_officers",
        False,
        "The public page /cong-khai also posts each officer's results (off: fields and totals only).",
        BOOLEAN,
    ),
    Option("public_on_displays", False, "Wall displays show the public results now and then between calls.", BOOLEAN),
    Option("public_on_kiosk", False, "The kiosk's idle screen shows the public results now and then.", BOOLEAN),
    Option(
        "public_every_s",
        120,
        "Seconds between two showings of the public results on displays and kiosks.",
        whole(5, 86400, " seconds"),
    ),
    Option(
        "public_show_s",
        20,
        "Seconds the public results stay on a display or kiosk each time.",
        whole(5, 3600, " seconds"),
    ),
]
BY_NAME = {o.name: o for o in OPTIONS}

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
        "# Settings",
        "",
        "<!-- Generated by `xephang settings --markdown > docs/settings.md`; a test keeps it in step. -->",
        "",
        "XếpHàng has two kinds of configuration.",
        "",
        "**Deployment settings** say where and how the server runs. Each is resolved in this order, later "
        "winning: the default below, then a TOML file (`XEPHANG_CONFIG=/etc/xephang.toml` or `--config`), then "
        "the environment (`XEPHANG_<NAME>`, plus the aliases shown), then command-line flags. `xephang settings` "
        "prints the same list. A bad value stops the server with a message naming the setting and its variable.",
        "",
        "| setting | environment | default | what it does |",
        "|---|---|---|---|",
    ]
    for s in SETTINGS:
        env = ", ".join(f"`{e}`" for e in (s.env, *s.env_aliases))
        lines.append(f"| `{s.name}` | {env} | `{s.default!r}` | {cell(s.help)} |")
    lines += [
        "",
        "Example `xephang.toml`:",
        "",
        "```toml",
        'data_dir = "/var/lib/xephang"',
        'host = "0.0.0.0"',
        "port = 8080",
        'async_mode = "eventlet"',
        'printer = "usb://04b8:0202"',
        "```",
        "",
        "## Centre options",
        "",
        "**Centre options** belong to the centre and are kept in the database (`options` table), so that "
        "managers can change them while the system runs; every screen picks up the new value at its next "
        "update. Until a manager sets one, the default applies.",
        "",
        "A value outside what an option allows is refused with a message naming the option; nothing changes.",
        "",
        "| option | default | allowed | what it does |",
        "|---|---|---|---|",
    ]
    lines += [f"| `{o.name}` | `{o.default!r}` | {cell(o.allowed.allowed)} | {cell(o.help)} |" for o in OPTIONS]
    lines += [
        "",
        "Demo mode (`--demo`, used by `make run`) sets `enforce_hours` to false so the demo answers at any hour.",
        "",
    ]
    return "\n".join(lines)
