"""Issue 14: the citizen's "people before you" follows the order call-next will really take."""

from hypothesis import given
from hypothesis import strategies as st

from server.core.policy import INTERLEAVE, STRICT, PriorityPolicy, ahead_in_order, call_order, choose_next
from tests.core.test_policy import waiting


@given(
    mode=st.sampled_from([STRICT, INTERLEAVE]),
    every=st.integers(1, 4),
    arrivals=st.lists(st.tuples(st.booleans(), st.sampled_from("AB")), max_size=40),
    history=st.lists(st.booleans(), max_size=8),
)
def test_call_order_is_call_next_applied_again_and_again(mode, every, arrivals, history):
    policy = PriorityPolicy(mode, every)
    line = [waiting(i, service, priority="p" if p else None) for i, (p, service) in enumerate(arrivals, start=1)]
    expected, calls, left = [], list(history), list(line)
    while (chosen := choose_next(left, ["A"], policy, calls)) is not None:
        expected.append(chosen)
        calls.append(bool(chosen.priority))
        left.remove(chosen)
    assert call_order(line, ["A"], policy, history) == expected


def test_a_later_priority_ticket_is_called_before_an_earlier_normal_one():
    line = [waiting(1), waiting(2, priority="nguoi_cao_tuoi")]
    assert [t.number for t in call_order(line, ["A"], PriorityPolicy(STRICT))] == ["A002", "A001"]
    # Interleave: a counter that has just called a priority ticket takes `every` normal ones first.
    assert [t.number for t in call_order(line, ["A"], PriorityPolicy(INTERLEAVE, 2), [True])] == ["A001", "A002"]


@given(
    mode=st.sampled_from([STRICT, INTERLEAVE]),
    every=st.integers(1, 4),
    arrivals=st.lists(st.booleans(), min_size=1, max_size=40),
    history=st.lists(st.booleans(), max_size=8),
)
def test_people_ahead_from_counts_is_the_place_in_call_order(mode, every, arrivals, history):
    """Issue 15: a ticket's "people before you" is counted from two line counts, never by reading the queue."""
    policy = PriorityPolicy(mode, every)
    line = [waiting(i, priority="p" if p else None) for i, p in enumerate(arrivals, start=1)]
    order = call_order(line, ["A"], policy, history)
    for ticket in line:
        own = [t for t in line if bool(t.priority) == bool(ticket.priority)]
        counted = ahead_in_order(
            policy,
            history,
            priority=bool(ticket.priority),
            before_in_line=own.index(ticket),
            other_line=len(line) - len(own),
        )
        assert counted == order.index(ticket)
