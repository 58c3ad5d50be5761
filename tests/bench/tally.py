"""Counting what a phase did and printing it: a figure is a result only if nothing failed and nothing doubled.

A `Tally` is one run of one phase: attempts, successes, failures by kind, duplicates (checked in the
database), tickets left waiting, the measured seconds and the latencies. A `Row` of the table turns each
run's tally into a number; the table prints the median and min–max over the runs, or FAILED.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


@dataclass
class Tally:
    attempts: int = 0
    ok: int = 0
    failures: Counter = field(default_factory=Counter)
    duplicates: int = 0
    left_waiting: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)  # seconds, one per success
    extra: dict[str, Any] = field(default_factory=dict)  # measured values that are not counts (memory, …)

    def fail(self, kind: str, count: int = 1) -> None:
        self.failures[kind] += count

    def merge(self, other: Tally) -> Tally:
        """Add a client process's counts to this phase's (seconds and extras stay the phase's own)."""
        self.attempts += other.attempts
        self.ok += other.ok
        self.failures.update(other.failures)
        self.duplicates += other.duplicates
        self.latencies += other.latencies
        return self

    @property
    def clean(self) -> bool:
        return not self.failures and self.duplicates == 0 and self.left_waiting == 0

    @property
    def rate(self) -> float:
        """Successes per measured second (never the nominal duration)."""
        return self.ok / self.seconds if self.seconds > 0 else float("nan")

    def p(self, percentile: float) -> float:
        return pct(self.latencies, percentile) * 1000


@dataclass(frozen=True)
class Row:
    """One line of the table: `value` reads a number from a run's tally of `phase`."""

    label: str
    phase: str
    value: Callable[[Tally], float]
    digits: int = 0
    target: str = ""  # what the issue asks of this figure, printed beside it


def spread(values: list[float], digits: int) -> str:
    """`median (min–max)`; a single run prints alone."""

    def f(v: float) -> str:
        return f"{v:,.{digits}f}"

    if len(values) == 1:
        return f(values[0])
    return f"{f(statistics.median(values))} ({f(min(values))}–{f(max(values))})"


def cell(row: Row, tallies: list[Tally] | None) -> str:
    if not tallies:
        return "—"
    if not all(t.clean for t in tallies):
        return "FAILED"
    return spread([row.value(t) for t in tallies], row.digits)


def counts(tallies: list[Tally]) -> str:
    """Every run's counts summed: attempts, ok, failures by kind, duplicates, left waiting, measured seconds."""
    failures: Counter = Counter()
    for t in tallies:
        failures.update(t.failures)
    text = (
        f"{sum(t.attempts for t in tallies):,} attempts, {sum(t.ok for t in tallies):,} ok, "
        f"{sum(failures.values()):,} failed, {sum(t.duplicates for t in tallies)} duplicates"
    )
    if all("queue" in t.extra for t in tallies):
        text = f"{'/'.join(str(t.extra['queue']) for t in tallies)} waiting at the start, " + text
    left = sum(t.left_waiting for t in tallies)
    if left or any("left_waiting" in t.extra for t in tallies):
        text += f", {left} left waiting"
    if all("printed" in t.extra for t in tallies):
        text += f", {sum(t.extra['printed'] for t in tallies):,} print jobs printed"
    if all("snapshots" in t.extra for t in tallies):
        asked = sum(t.extra["snapshots"][0] for t in tallies)
        text += f", {asked:,} workstation snapshots asked ({sum(t.extra['snapshots'][1] for t in tallies):,} answered)"
    text += f", {sum(t.seconds for t in tallies):.1f} s measured"
    if failures:
        text += " — " + "; ".join(f"{kind}: {n}" for kind, n in failures.most_common())
    return text


def table(rows: Iterable[Row], results: dict[str, dict[str, list[Tally]]], phases: dict[str, str]) -> str:
    """The figures (one column per mode), then what each phase counted. `results[mode][phase]` = one tally a run;
    `phases` names each phase as the counts section prints it."""
    rows = [r for r in rows if any(r.phase in by_phase for by_phase in results.values())]
    if not rows:
        return "no phase was measured"
    modes = list(results)
    cells = {(r.label, m): cell(r, results[m].get(r.phase)) for r in rows for m in modes}
    width = max(len(r.label) for r in rows)
    col = max([len(m) for m in modes] + [len(c) for c in cells.values()])
    aim = max((len(r.target) for r in rows), default=0)  # a target column only when some figure has a target

    def line(label: str, target: str, values: list[str]) -> str:
        head = f"{label:<{width}}  " + (f"{target:<{max(aim, 6)}}  " if aim else "")
        return head + "  ".join(f"{v:>{col}}" for v in values)

    lines = [line("metric", "target", modes)]
    lines += [line(r.label, r.target, [cells[r.label, m] for m in modes]) for r in rows]
    lines += [
        "",
        "Counts, all runs summed (a figure is printed only when its phase has 0 failed, 0 duplicates"
        " and 0 left waiting; otherwise FAILED):",
    ]
    for phase, name in phases.items():
        for m in modes:
            if phase in results[m]:
                lines.append(f"  {name} [{m}]: {counts(results[m][phase])}")
    return "\n".join(lines)
