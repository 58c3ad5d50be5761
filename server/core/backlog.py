"""What a wall display says next when calls pile up: the voice backlog rules, pure.

The display runs these rules in the browser (display/static/display/backlog.js mirrors them line for line;
tests/core/backlog_cases.json holds the cases both must agree on). The voice is a small state machine:

- `called`: a call joins the end of the queue; a recall replaces the queued announcement of its ticket,
  so it is said once, at its new place.
- `moved_on`: a ticket that was started, finished, marked no-show, transferred, returned or parked is no
  longer announced (the saying under way is never cut off, but it is not repeated).
- `next`: when the speaker is free. From idle, the chime comes first, on its own: calls that arrive while
  it rings are known before the first call is said. A call is said in full ("Xin mời công dân có số thứ tự
  … đến quầy số …") and said again (up to `repeat` times) only while nothing else waits; with calls
  waiting each is said once, in the short form ("Mời số … quầy …"). The chime opens a run, not every call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

FULL, SHORT, CHIME = "full", "short", "chime"


@dataclass(frozen=True)
class Call:
    ticket_id: int
    number: str
    counter: int
    at: float = 0.0  # when the call reached the display; used by `simulate` only


@dataclass(frozen=True)
class Step:
    """One saying: the call, its form (CHIME: the chime alone, before that call), whether it repeats the call
    just said. `chime` is True for the CHIME step only."""

    call: Call
    form: str
    chime: bool
    again: bool


@dataclass(frozen=True)
class Backlog:
    queue: tuple[Call, ...] = ()
    current: Call | None = None  # the call being said (or just said), None when the speaker is idle
    said: int = 0  # how many times `current` has been said
    keep: bool = True  # False once `current`'s ticket moved on: finish the saying, never repeat it
    run: bool = False  # the chime has rung: calls follow without another until the speaker is idle


def called(backlog: Backlog, call: Call) -> Backlog:
    queue = tuple(c for c in backlog.queue if c.ticket_id != call.ticket_id) + (call,)
    return replace(backlog, queue=queue)


def moved_on(backlog: Backlog, ticket_id: int) -> Backlog:
    queue = tuple(c for c in backlog.queue if c.ticket_id != ticket_id)
    keep = backlog.keep and (backlog.current is None or backlog.current.ticket_id != ticket_id)
    return replace(backlog, queue=queue, keep=keep)


def next_step(backlog: Backlog, repeat: int = 2) -> tuple[Backlog, Step | None]:
    """The speaker is free (idle, or the last saying ended): what to say now, and the backlog after it."""
    if backlog.current is not None and backlog.keep and not backlog.queue and backlog.said < repeat:
        return replace(backlog, said=backlog.said + 1), Step(backlog.current, FULL, chime=False, again=True)
    if not backlog.queue:
        return Backlog(), None
    if not backlog.run:
        return replace(backlog, current=None, run=True), Step(backlog.queue[0], CHIME, chime=True, again=False)
    call, rest = backlog.queue[0], backlog.queue[1:]
    step = Step(call, SHORT if rest else FULL, chime=False, again=False)
    return Backlog(queue=rest, current=call, said=1, keep=True, run=True), step


@dataclass(frozen=True)
class Spoken:
    step: Step
    start: float  # seconds on the same clock as `Call.at`

    @property
    def delay(self) -> float:
        return self.start - self.step.call.at


def simulate(
    calls: Iterable[Call], length: Callable[[Step], float], repeat: int = 2, moves: Iterable[tuple[float, int]] = ()
) -> list[Spoken]:
    """Play a timeline through the rules: calls (by `at`), tickets moving on at given times, each saying
    lasting `length(step)` seconds. Returns every saying with its start: the backlog figures."""
    events = sorted([(c.at, 0, c) for c in calls] + [(at, 1, tid) for at, tid in moves], key=lambda e: e[:2])
    backlog, free_at, out = Backlog(), 0.0, []
    i = 0
    while i < len(events) or backlog.queue or backlog.current is not None:
        # Everything that happened before the speaker is free is known when it chooses.
        while i < len(events) and (events[i][0] <= free_at or (backlog.current is None and not backlog.queue)):
            at, kind, item = events[i]
            if backlog.current is None and not backlog.queue:
                free_at = max(free_at, at)
            if isinstance(item, Call):
                backlog = called(backlog, item)
            else:
                backlog = moved_on(backlog, item)
            i += 1
        backlog, step = next_step(backlog, repeat)
        if step is None:
            if i >= len(events):
                break
            continue
        out.append(Spoken(step, free_at))
        free_at += length(step)
    return out
