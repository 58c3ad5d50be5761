"""Reporting periods: a day, week, month, quarter, 6 or 9 months, a year — as inclusive day ranges."""

from __future__ import annotations

import calendar
import datetime as dt

PERIODS = ("day", "week", "month", "quarter", "half", "nine_months", "year")


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])  # December 9999 too


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


def kind_of(start: dt.date, end: dt.date) -> str:
    """The reporting period these days make up: month, quarter, half, nine_months, year, or custom."""
    for kind in ("month", "quarter", "half", "nine_months", "year"):
        if period_range(kind, start) == (start, end):
            return kind
    return "custom"


def _days_back(day: dt.date, days: int) -> dt.date:
    """`days` before `day`, or the first day there is."""
    return day - dt.timedelta(days=days) if (day - dt.date.min).days >= days else dt.date.min


def _year_back(day: dt.date, month_end: bool) -> dt.date:
    if day.year == 1:  # no year before the first
        return dt.date.min
    if month_end:  # 29/02 → 28/02, and 28/02 of a leap year → 29/02: a month-end stays a month-end
        return _month_end(day.year - 1, day.month)
    return day.replace(year=day.year - 1, day=min(day.day, _month_end(day.year - 1, day.month).day))


def year_earlier(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The same days a year earlier (a period ending on a month's last day ends on that month's last day)."""
    return _year_back(start, False), _year_back(end, end == _month_end(end.year, end.month))


def previous_range(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The period to compare with: the month, quarter or half before; the same 9 months or year a year earlier;
    before any other range, as many days just before it."""
    kind = kind_of(start, end)
    if kind in ("month", "quarter", "half"):
        return period_range(kind, _days_back(start, 1))
    if kind in ("nine_months", "year"):
        return year_earlier(start, end)
    days = (end - start).days + 1
    return _days_back(start, days), _days_back(start, 1)
