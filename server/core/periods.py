"""Reporting periods: a day, week, month, quarter, 6 or 9 months, a year — as inclusive day ranges."""

from __future__ import annotations

import datetime as dt

PERIODS = ("day", "week", "month", "quarter", "half", "nine_months", "year")


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def period_range(kind: str, on: dt.date) -> tuple[dt.date, dt.date]:
    """The period of `kind` containing `on`. 6 and 9 months run from January (the reporting year)."""
    if kind == "day":
        return on, on
    if kind == "week":
        start = on - dt.timedelta(days=on.weekday())
        return start, start + dt.timedelta(days=6)
    if kind == "month":
        return on.replace(day=1), _month_end(on.year, on.month)
    if kind == "quarter":
        first = 3 * ((on.month - 1) // 3) + 1
        return dt.date(on.year, first, 1), _month_end(on.year, first + 2)
    if kind == "half":
        first = 1 if on.month <= 6 else 7
        return dt.date(on.year, first, 1), _month_end(on.year, first + 5)
    if kind == "nine_months":
        return dt.date(on.year, 1, 1), _month_end(on.year, 9)
    if kind == "year":
        return dt.date(on.year, 1, 1), dt.date(on.year, 12, 31)
    raise ValueError(f"unknown period {kind!r}; one of {', '.join(PERIODS)}")
