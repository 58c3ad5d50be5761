import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.core.policy import INTERLEAVE, STRICT, PriorityPolicy, choose_next, normals_since_priority
from server.core.tickets import Status, Ticket


def waiting(n: int, service: str = "A", priority: str | None = None, at: float = 0.0) -> Ticket:
    return Ticket(
        service=service,
        number=f"{service}{n:03d}",
        seq=n,
        day="d",
        id=n,
        priority=priority,
        issued_at=at or n,
        queued_at=at or n,
    )


def test_oldest_ticket_of_the_counters_services_comes_first():
    line = [waiting(3, "A"), waiting(1, "C"), waiting(2, "B")]
    assert choose_next(line, ["A", "B"], PriorityPolicy()) == waiting(2, "B")


def test_nobody_waiting_gives_none():
    assert choose_next([waiting(1, "C")], ["A"], PriorityPolicy()) is None
    assert choose_next([], ["A"], PriorityPolicy()) is None


def test_strict_policy_always_takes_priority_first():
    line = [waiting(1), waiting(2), waiting(3, priority="nguoi_cao_tuoi")]
    assert choose_next(line, ["A"], PriorityPolicy(STRICT), [True, True, True]).id == 3


def test_interleave_takes_one_priority_then_every_normals():
    policy = PriorityPolicy(INTERLEAVE, every=2)
    line = [waiting(i) for i in range(1, 6)] + [waiting(10 + i, priority="p", at=0.5 + i) for i in range(3)]
    order, history = [], []
    while (chosen := choose_next(line, ["A"], policy, history)) is not None:
        order.append(chosen.number)
        history.append(bool(chosen.priority))
        line = [t for t in line if t is not chosen]
    assert order == ["A010", "A001", "A002", "A011", "A003", "A004", "A012", "A005"]


def test_normals_since_priority_counts_back_to_the_last_priority_call():
    assert normals_since_priority([]) is None
    assert normals_since_priority([False, False]) is None
    assert normals_since_priority([False, True, False, False]) == 2
    assert normals_since_priority([True]) == 0


@pytest.mark.parametrize("mode,every", [("fifo", 3), (INTERLEAVE, 0)])
def test_bad_policy_is_refused(mode, every):
    with pytest.raises(ValueError):
        PriorityPolicy(mode, every)


def test_only_waiting_tickets_are_candidates():
    from dataclasses import replace

    line = [replace(waiting(1), status=Status.CALLED), waiting(2)]
    assert choose_next(line, ["A"], PriorityPolicy()).id == 2


@settings(max_examples=200, deadline=None)
@given(every=st.integers(1, 5), arrivals=st.lists(st.booleans(), min_size=1, max_size=60))
def test_interleave_never_starves_normal_tickets(every, arrivals):
    """With normal tickets waiting, at most one priority ticket is called in a row; and a waiting
    priority ticket waits at most `every` normal calls."""
    policy = PriorityPolicy(INTERLEAVE, every)
    line = [waiting(i, priority="p" if p else None) for i, p in enumerate(arrivals, start=1)]
    history: list[bool] = []
    while (chosen := choose_next(line, ["A"], policy, history)) is not None:
        normals_left = any(not t.priority for t in line if t is not chosen)
        priorities_left = any(t.priority for t in line if t is not chosen)
        if chosen.priority and history and history[-1] and normals_left:
            raise AssertionError("two priority calls in a row while normal tickets waited")
        if not chosen.priority and priorities_left:
            assert normals_since_priority(history) is not None
            assert normals_since_priority(history) < every
        history.append(bool(chosen.priority))
        line = [t for t in line if t is not chosen]
    assert len(history) == len(arrivals)
