"""The voice backlog rules: what a display says next, how many times, what it drops (pure, no clock)."""

import pytest

from server.core.backlog import CHIME, FULL, SHORT, Backlog, Call, Spoken, Step, called, moved_on, next_step, simulate
from tests.helpers import BACKLOG_CASES as CASES
from tests.helpers import play_backlog as play


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_shared_backlog_case(case):
    assert play(case) == case["expect"]


def test_a_recall_replaces_the_queued_announcement_of_its_ticket():
    a, b, b_again = Call(1, "A001", 1), Call(2, "B001", 2), Call(2, "B001", 2, at=9.0)
    voice = called(called(called(Backlog(), a), b), b_again)
    assert voice == Backlog(queue=(a, b_again))


def test_a_ticket_that_moved_on_leaves_the_queue_and_is_not_repeated():
    a, b = Call(1, "A001", 1), Call(2, "B001", 2)
    voice, _ = next_step(next_step(called(called(Backlog(), a), b))[0])  # the chime, then A001
    assert moved_on(voice, 2) == Backlog(queue=(), current=a, said=1, keep=True, run=True)
    assert moved_on(voice, 1) == Backlog(queue=(b,), current=a, said=1, keep=False, run=True)


LENGTHS = {CHIME: 1.0, FULL: 6.0, SHORT: 3.0}


def test_simulated_rush_rings_once_says_each_call_once_then_repeats_the_last():
    calls = [Call(i + 1, f"A00{i + 1}", i + 1, at=0.4 * i) for i in range(3)]
    spoken = simulate(calls, lambda step: LENGTHS[step.form])
    # The chime rings for the first call; by its end the other two wait: once each, short, the last in full,
    # then again.
    assert spoken == [
        Spoken(Step(calls[0], CHIME, chime=True, again=False), 0.0),
        Spoken(Step(calls[0], SHORT, chime=False, again=False), 1.0),
        Spoken(Step(calls[1], SHORT, chime=False, again=False), 4.0),
        Spoken(Step(calls[2], FULL, chime=False, again=False), 7.0),
        Spoken(Step(calls[2], FULL, chime=False, again=True), 13.0),
    ]
    assert [round(s.delay, 1) for s in spoken] == [0.0, 1.0, 3.6, 6.2, 12.2]


def test_simulated_moves_drop_calls_and_an_idle_speaker_waits_for_the_next_call():
    calls = [Call(1, "A001", 1, at=0.0), Call(2, "B001", 2, at=1.0), Call(3, "C001", 3, at=100.0)]
    spoken = simulate(calls, lambda step: 5.0, repeat=1, moves=[(2.0, 2)])
    assert [(s.step.call.ticket_id, s.step.form, s.step.chime, s.start) for s in spoken] == [
        (1, CHIME, True, 0.0),
        (1, FULL, False, 5.0),
        (3, CHIME, True, 100.0),
        (3, FULL, False, 105.0),
    ]
