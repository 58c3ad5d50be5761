"""A ticket's write sets only the columns that changed (SQLite rewrites the index entries of every column set),
and still refuses to overwrite a ticket whose status changed under it."""

import dataclasses

import pytest

from server.core.tickets import Status
from server.store import repo
from tests.helpers import issue


def test_a_call_sets_only_the_columns_it_changes(client, db):
    ticket = repo.get_ticket(db, issue(client, "A")["id"])
    called = dataclasses.replace(
        ticket, status=Status.CALLED, counter=1, clerk_id=2, calls=1, called_at=100.0, last_called_at=100.0
    )
    written = []
    db.conn.set_trace_callback(written.append)
    try:
        repo.update_ticket(db, ticket, called)
    finally:
        db.conn.set_trace_callback(None)
    assert [w for w in written if w.startswith("UPDATE tickets SET")][0] == (
        "UPDATE tickets SET status = 'called', called_at = 100.0, last_called_at = 100.0, counter = 1, clerk_id = 2,"
        f" calls = 1 WHERE id = {ticket.id} AND status = 'waiting'"
    )
    assert repo.get_ticket(db, ticket.id) == called


def test_a_write_that_changes_nothing_still_refuses_a_ticket_changed_under_it(client, db):
    ticket = repo.get_ticket(db, issue(client, "A")["id"])
    db.execute("UPDATE tickets SET status = 'cancelled' WHERE id = ?", [ticket.id])
    with pytest.raises(RuntimeError, match=f"ticket {ticket.id} changed under us"):
        repo.update_ticket(db, ticket, ticket)
    assert repo.get_ticket(db, ticket.id).status is Status.CANCELLED
