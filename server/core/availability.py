"""Whether a service takes new tickets now: active, working day, within its sessions, under its cap."""

from __future__ import annotations

from .numbering import in_sessions, local_time


def closed_reason(
    *,
    active: bool,
    sessions: list[list[str]],
    daily_cap: int | None,
    issued_today: int,
    at: float,
    tz: str,
    enforce_hours: bool,
    working_days: list[int],
    holidays: list[str],
    closed_early_on: str = "",
) -> str | None:
    """None when a ticket may be issued, else the reason code: service_closed, closed_early, outside_hours,
    sold_out."""
    if not active:
        return "service_closed"
    if closed_early_on and local_time(at, tz).date().isoformat() == closed_early_on:
        return "closed_early"
    if enforce_hours:
        local = local_time(at, tz)
        if local.weekday() not in working_days or local.date().isoformat() in holidays:
            return "outside_hours"
        if not in_sessions(at, tz, sessions):
            return "outside_hours"
    if daily_cap is not None and issued_today >= daily_cap:
        return "sold_out"
    return None
