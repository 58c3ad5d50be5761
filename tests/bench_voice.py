"""`make bench-voice` (also at the end of `make bench`): announcement lengths and the voice backlog figures.

With the default clips (made with espeak-ng into a temporary folder), how long each kind of saying lasts,
and what the backlog rules of server/core/backlog.py make of calls arriving together, beside the old rule
(every call said twice, chime included, one after the other). Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import sys
import tempfile

from display.voice import Voice, VoiceError, generate_defaults, saying_length, seconds
from server.core.backlog import CHIME, FULL, SHORT, Call, Spoken, Step, simulate
from server.core.speech import clip_plan

SAMPLES = [("A001", 1), ("D012", 5), ("B017", 20)]
# (name, numbers called at the counters 1, 2, …, seconds between two calls)
RUSHES = [("6 calls within 2 s", 6, 0.4), ("10 calls within 3 s", 10, 0.33), ("20 calls within 5 s", 20, 0.25)]
PREFIXES = "ABCDEFGHKT"


def lengths(voice: Voice) -> None:
    print("Announcement lengths, default clips (seconds)")
    print(f"{'call':<14}{'chime':>7}{'full':>7}{'short':>7}{'full+again':>12}{'old (chime, twice)':>20}")
    chime = seconds(voice.assemble(["chime"]))
    for number, counter in SAMPLES:
        call = Call(0, number, counter)
        full, short, again = (
            saying_length(voice, Step(call, form, chime=False, again=rep))
            for form, rep in ((FULL, False), (SHORT, False), (FULL, True))
        )
        old = seconds(voice.assemble(clip_plan(number, counter)))
        print(
            f"{number + ' → ' + str(counter):<14}{chime:>7.2f}{full:>7.2f}{short:>7.2f}{full + again:>12.2f}"
            f"{old:>20.2f}"
        )


def old_rule(voice: Voice, calls: list[Call]) -> tuple[str, list[Spoken], float]:
    """Before issue 13: each call in full, chime included, said twice, one after the other. A saying's start
    is counted after its chime, as for the new rule."""
    chime = seconds(voice.assemble(["chime"]))
    spoken, free_at = [], 0.0
    for call in calls:
        start = max(free_at, call.at)
        spoken.append(Spoken(Step(call, FULL, chime=True, again=False), start + chime))
        free_at = start + seconds(voice.assemble(clip_plan(call.number, call.counter)))
    return "old", spoken, free_at


def backlog(voice: Voice) -> None:
    print()
    print("Backlog: seconds from a call to the start of its first saying")
    print(f"{'rush':<22}{'rule':<6}{'sayings':>8}{'first':>8}{'last':>8}{'worst':>8}{'quiet at':>10}")
    for name, count, gap in RUSHES:
        calls = [Call(i + 1, f"{PREFIXES[i % 10]}{i // 10 + 1:03d}", i + 1, at=i * gap) for i in range(count)]
        new = simulate(calls, lambda step: saying_length(voice, step))
        new_end = new[-1].start + saying_length(voice, new[-1].step)
        for rule, spoken, end in (("new", new, new_end), old_rule(voice, calls)):
            firsts = [s for s in spoken if not s.step.again and s.step.form != CHIME]
            print(
                f"{name:<22}{rule:<6}{len(spoken):>8}{firsts[0].delay:>8.1f}{firsts[-1].delay:>8.1f}"
                f"{max(s.delay for s in firsts):>8.1f}{end:>10.1f}"
            )
    print("Budget (issue 13): six calls within 2 s -> the last starts within 20 s, none later than 30 s.")


def main() -> int:
    with tempfile.TemporaryDirectory() as data_dir:
        try:
            generate_defaults(f"{data_dir}/voice-default")
        except VoiceError as exc:
            print(f"bench-voice: {exc}")
            return 1
        voice = Voice(data_dir)
        lengths(voice)
        backlog(voice)
    return 0


if __name__ == "__main__":
    sys.exit(main())
