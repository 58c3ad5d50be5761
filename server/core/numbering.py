"""Ticket numbers (A001) and the local service day on which numbering restarts."""

from __future__ import annotations

import datetime as dt
import functools
import re
from zoneinfo import ZoneInfo

PREFIX_RE = re.compile(r"^[A-Z]$")


def format_number(prefix: str, seq: int, width: int = 3) -> str:
    """`A`, 15 -> `A015`; numbers past the width simply grow (`A1000`)."""
    return f"{prefix}{seq:0{width}d}"


def read_number(typed: str) -> str | None:
    """A printed number as a clerk types it: `d3`, `D 3`, `D03` and `D003` are all `D003`; None when it is no
    number at all (`3D`, `DD3`)."""
    found = re.fullmatch(r"([A-Za-z])\s*0*(\d{1,6})", typed.strip())
    return format_number(found.group(1).upper(), int(found.group(2))) if found else None


def service_day(at: float, tz: str) -> str:
    """The local calendar day (YYYY-MM-DD) of epoch time `at`: numbers restart at local midnight."""
    return dt.datetime.fromtimestamp(at, ZoneInfo(tz)).date().isoformat()


def local_time(at: float, tz: str) -> dt.datetime:
    return dt.datetime.fromtimestamp(at, ZoneInfo(tz))


def iso(at: float | None, tz: str) -> str | None:
    """A moment as local ISO 8601 text to the second (how every time is sent to screens and API clients)."""
    return None if at is None else _iso(at, tz)


@functools.lru_cache(maxsize=4096)
def _iso(at: float, tz: str) -> str:
    """`iso`, remembered: a call sends the same ticket's times in several payloads, and every workstation's list
    the same tickets' again."""
    return local_time(at, tz).isoformat(timespec="seconds")


def seconds_to_midnight(at: float, tz: str) -> float:
    """Seconds from `at` to the next local midnight, when numbering restarts."""
    local = local_time(at, tz)
    midnight = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(0), local.tzinfo)
    return midnight.timestamp() - at


def day_end(day: str, tz: str) -> float:
    """The epoch time of the local midnight that ends `day` (YYYY-MM-DD): when that day closes."""
    after = dt.date.fromisoformat(day) + dt.timedelta(days=1)
    return dt.datetime.combine(after, dt.time(0), ZoneInfo(tz)).timestamp()


def parse_hhmm(value: str) -> dt.time:
    """`07:30` -> time(7, 30); raises ValueError on anything else."""
    if not re.fullmatch(r"\d{2}:\d{2}", value or ""):
        raise ValueError(f"not a HH:MM time: {value!r}")
    return dt.time(int(value[:2]), int(value[3:]))


def in_sessions(at: float, tz: str, sessions: list[list[str]]) -> bool:
    """Whether local time of `at` falls in one of the [start, end) sessions, e.g. [["07:30","11:30"]]."""
    now = local_time(at, tz).time()
    return any(parse_hhmm(start) <= now < parse_hhmm(end) for start, end in sessions)
