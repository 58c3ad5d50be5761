"""Estimated waiting time from recent service times and the counters open for a service."""

from __future__ import annotations

import statistics
from collections.abc import Sequence


def typical_service_time(recent_durations_s: Sequence[float], default_s: float) -> float:
    """Median of recent service durations (robust to one forgotten 'finish'), else the default."""
    durations = [d for d in recent_durations_s if d > 0]
    if not durations:
        return float(default_s)
    return float(statistics.median(durations))


def estimated_wait_s(ahead: int, service_time_s: float, open_counters: int) -> int:
    """Seconds until a citizen with `ahead` people before them is called.

    The open counters work through the line in parallel; with no counter open yet we still
    estimate as if one were, rather than telling the citizen nothing.
    """
    counters = max(open_counters, 1)
    return int(round(max(ahead, 0) * service_time_s / counters))
