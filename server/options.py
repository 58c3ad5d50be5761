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
    Option("working_days", [0, 1, 2, 3, 4], "Weekdays open (0 = Monday … 6 = Sunday)."),
    Option("holidays", [], "Dates (YYYY-MM-DD) the centre is closed."),
    Option("wait_target_s", 900, "Waiting-time target (service level), in seconds."),
    Option("recent_calls_shown", 10, "How many recent calls the snapshot carries for displays."),
]

DEFAULTS = {o.name: o.default for o in OPTIONS}


def load_options(db: Database) -> dict[str, Any]:
    """Every option: stored value where a manager set one, else the default."""
    return {**DEFAULTS, **{k: v for k, v in repo.get_options(db).items() if k in DEFAULTS}}
