"""The day close's transition: every ticket still open at midnight ends as `expired`, timestamped, where it was."""

import dataclasses

import pytest

from server.core.numbering import day_end
from server.core.tickets import OPEN, TERMINAL, Action, IllegalTransition, Status, Ticket, apply
from tests.helpers import at

T0 = at(2026, 11, 23, 16, 0)
MIDNIGHT = at(2026, 11, 24, 0, 0)


def ticket(status: Status, **kw) -> Ticket:
    values = dict(
        service="A",
        number="A015",
        seq=15,
        day="2026-11-23",
        status=status,
        id=7,
        issued_at=T0,
        queued_at=T0,
        arrived_at=T0,
    )
    return Ticket(**{**values, **kw})


def test_the_day_close_ends_exactly_the_tickets_still_waiting_called_serving_or_parked():
    assert OPEN == {Status.WAITING, Status.CALLED, Status.SERVING, Status.PARKED}
    assert Status.EXPIRED in TERMINAL


@pytest.mark.parametrize("status", [Status.CALLED, Status.SERVING, Status.PARKED])
def test_a_ticket_at_a_counter_expires_at_midnight_keeping_its_counter_and_clerk(status):
    before = ticket(
        status,
        counter=3,
        clerk_id=2,
        called_at=T0 + 60,
        last_called_at=T0 + 60,
        calls=1,
        started_at=None if status is Status.CALLED else T0 + 90,
    )
    assert apply(before, Action.EXPIRE, at=MIDNIGHT) == dataclasses.replace(
        before, status=Status.EXPIRED, ended_at=MIDNIGHT
    )


def test_a_waiting_ticket_expires_at_midnight_never_having_been_called():
    assert apply(ticket(Status.WAITING), Action.EXPIRE, at=MIDNIGHT) == ticket(Status.EXPIRED, ended_at=MIDNIGHT)


@pytest.mark.parametrize("status", [Status.DONE, Status.NO_SHOW, Status.TRANSFERRED, Status.CANCELLED, Status.EXPIRED])
def test_an_outcome_is_never_expired(status):
    with pytest.raises(IllegalTransition):
        apply(ticket(status), Action.EXPIRE, at=MIDNIGHT)


@pytest.mark.parametrize("action", [a for a in Action if a is not Action.EXPIRE])
def test_an_expired_ticket_never_moves_again(action):
    with pytest.raises(IllegalTransition):
        apply(ticket(Status.EXPIRED, ended_at=MIDNIGHT), action, at=MIDNIGHT + 60, counter=1, clerk_id=2)


def test_a_day_ends_at_the_centres_midnight():
    assert day_end("2026-11-23", "Asia/Ho_Chi_Minh") == MIDNIGHT
    assert day_end("2026-12-31", "Asia/Ho_Chi_Minh") == at(2027, 1, 1, 0, 0)
