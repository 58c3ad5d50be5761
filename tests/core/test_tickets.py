import dataclasses
import itertools

import pytest

from server.core.tickets import (
    TERMINAL,
    TRANSITIONS,
    Action,
    IllegalTransition,
    Status,
    Ticket,
    allowed_actions,
    apply,
    transferred_copy,
)

T0 = 1_000.0


def ticket(status: Status = Status.WAITING, **kw) -> Ticket:
    values = dict(service="A", number="A015", seq=15, day="2026-11-23", status=status, id=7, issued_at=T0, queued_at=T0)
    return Ticket(**{**values, **kw})


EXPECTED = {
    (Status.WAITING, Action.CALL): Status.CALLED,
    (Status.WAITING, Action.CANCEL): Status.CANCELLED,
    (Status.CALLED, Action.RECALL): Status.CALLED,
    (Status.CALLED, Action.START): Status.SERVING,
    (Status.CALLED, Action.NO_SHOW): Status.NO_SHOW,
    (Status.CALLED, Action.RETURN): Status.WAITING,
    (Status.CALLED, Action.PARK): Status.PARKED,
    (Status.SERVING, Action.FINISH): Status.DONE,
    (Status.SERVING, Action.TRANSFER): Status.TRANSFERRED,
    (Status.SERVING, Action.PARK): Status.PARKED,
    (Status.PARKED, Action.RESUME): Status.CALLED,
    (Status.PARKED, Action.CANCEL): Status.CANCELLED,
    (Status.NO_SHOW, Action.REQUEUE): Status.WAITING,
    (Status.WAITING, Action.EXPIRE): Status.EXPIRED,
    (Status.CALLED, Action.EXPIRE): Status.EXPIRED,
    (Status.SERVING, Action.EXPIRE): Status.EXPIRED,
    (Status.PARKED, Action.EXPIRE): Status.EXPIRED,
}


def test_transition_table_is_exactly_the_documented_lifecycle():
    assert TRANSITIONS == EXPECTED


@pytest.mark.parametrize("status,action", list(itertools.product(Status, Action)))
def test_every_status_action_pair_gives_the_tables_result_or_raises(status, action):
    before = ticket(status, counter=3 if status is not Status.WAITING else None)
    if (status, action) in EXPECTED:
        assert apply(before, action, at=T0 + 60, counter=3, clerk_id=2).status is EXPECTED[(status, action)]
    else:
        with pytest.raises(IllegalTransition) as info:
            apply(before, action, at=T0 + 60)
        assert (info.value.status, info.value.action) == (status, action)
        assert str(info.value) == f"cannot {action.value} a ticket that is {status.value}"


@pytest.mark.parametrize("status", sorted(TERMINAL, key=lambda s: s.value))
def test_terminal_tickets_allow_no_action(status):
    assert allowed_actions(status) == []


def test_call_sets_counter_clerk_and_first_call_time():
    called = apply(ticket(), Action.CALL, at=T0 + 120, counter=3, clerk_id=2)
    assert called == dataclasses.replace(
        ticket(), status=Status.CALLED, counter=3, clerk_id=2, called_at=T0 + 120, last_called_at=T0 + 120, calls=1
    )


def test_recall_keeps_the_first_call_time_and_counts_calls():
    called = apply(ticket(), Action.CALL, at=T0 + 120, counter=3, clerk_id=2)
    recalled = apply(called, Action.RECALL, at=T0 + 180)
    assert (recalled.called_at, recalled.last_called_at, recalled.calls) == (T0 + 120, T0 + 180, 2)


def test_return_puts_a_mistaken_call_back_at_its_old_place():
    called = apply(ticket(), Action.CALL, at=T0 + 120, counter=3, clerk_id=2)
    assert apply(called, Action.RETURN, at=T0 + 130) == ticket(calls=1)


def test_requeued_no_show_joins_the_end_of_the_line():
    called = apply(ticket(), Action.CALL, at=T0 + 120, counter=3, clerk_id=2)
    gone = apply(called, Action.NO_SHOW, at=T0 + 300)
    assert gone.ended_at == T0 + 300
    back = apply(gone, Action.REQUEUE, at=T0 + 900)
    assert back == ticket(queued_at=T0 + 900, calls=1)


def test_service_timestamps_follow_start_and_finish():
    t = apply(ticket(), Action.CALL, at=T0 + 60, counter=1, clerk_id=2)
    t = apply(t, Action.START, at=T0 + 90)
    t = apply(t, Action.FINISH, at=T0 + 400)
    assert (t.status, t.called_at, t.started_at, t.ended_at) == (Status.DONE, T0 + 60, T0 + 90, T0 + 400)


def test_resumed_parked_ticket_is_called_again_at_the_resuming_counter():
    t = apply(ticket(), Action.CALL, at=T0 + 60, counter=1, clerk_id=2)
    t = apply(apply(t, Action.START, at=T0 + 90), Action.PARK, at=T0 + 100)
    resumed = apply(t, Action.RESUME, at=T0 + 700, counter=4, clerk_id=5)
    assert (
        resumed.status,
        resumed.counter,
        resumed.clerk_id,
        resumed.called_at,
        resumed.last_called_at,
        resumed.calls,
    ) == (Status.CALLED, 4, 5, T0 + 60, T0 + 700, 2)


def test_transferred_copy_keeps_number_priority_and_place_in_line():
    original = ticket(priority="nguoi_cao_tuoi", status=Status.TRANSFERRED, counter=1, called_at=T0 + 60)
    assert transferred_copy(original, "B", T0 + 300) == Ticket(
        service="B",
        number="A015",
        seq=15,
        day="2026-11-23",
        priority="nguoi_cao_tuoi",
        issued_at=T0,
        queued_at=T0,
        transferred_from=7,
        arrived_at=T0 + 300,
    )
