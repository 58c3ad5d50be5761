"""Satisfaction scales and what counts as dissatisfied (Decision 766: rate = (rated − dissatisfied) ÷ rated)."""

from __future__ import annotations

# scale size -> labels' keys from most to least satisfied; score n = position from the bottom (1 = worst).
SCALES: dict[int, tuple[str, ...]] = {
    3: ("very_satisfied", "satisfied", "dissatisfied"),
    4: ("very_satisfied", "satisfied", "neutral", "dissatisfied"),
    5: ("very_satisfied", "satisfied", "neutral", "dissatisfied", "very_dissatisfied"),
}

# What citizens may say was wrong: the criteria of Decree 61/2018 Art. 31.
REASONS = ("time", "trips", "agencies", "information", "attitude", "costs", "complaints")


def labels(scale: int) -> list[tuple[int, str]]:
    """(score, label key) from the highest score down: what the tablet shows, best first."""
    keys = SCALES[scale]
    return [(scale - i, key) for i, key in enumerate(keys)]


def is_dissatisfied(score: int, scale: int) -> bool:
    """The "không hài lòng" answers: on 5 levels both of the bottom two, otherwise the bottom one."""
    return score <= (2 if scale == 5 else 1)


def valid_score(score: object, scale: int) -> bool:
    return isinstance(score, int) and not isinstance(score, bool) and 1 <= score <= scale


def satisfaction_rate(rated: int, dissatisfied: int) -> float | None:
    return None if rated == 0 else (rated - dissatisfied) / rated
