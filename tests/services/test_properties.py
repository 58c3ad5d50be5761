"""Invariants over the real database, driven by hypothesis: numbering, and terminal tickets never moving."""

import shutil
import tempfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.app import create_app
from server.core.tickets import TERMINAL, Action, IllegalTransition, Status
from server.services import queue
from server.services.base import Actor, ServiceError
from tests.helpers import Clock, at

ADMIN = Actor(1, "admin")


def fresh(template_dir):
    tmp = tempfile.mkdtemp()
    for name in ("xephang.db", "secret_key"):
        shutil.copy(f"{template_dir}/{name}", f"{tmp}/{name}")
    clock = Clock(at(2026, 11, 23, 8))
    app = create_app({"data_dir": tmp, "demo": True, "async_mode": "threading"}, clock=clock)
    hub = app.extensions["xephang"]
    return tmp, clock, hub, hub.connect()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.sampled_from("ABC"), st.integers(0, 20_000)), min_size=1, max_size=40))
def test_numbers_are_unique_and_increasing_per_service_per_day(template_dir, steps):
    tmp, clock, hub, db = fresh(template_dir)
    try:
        for service, gap in steps:
            clock.advance(gap)  # may cross midnight
            queue.issue_ticket(db, hub.env, service)
        rows = db.execute("SELECT day, service, seq, number FROM tickets ORDER BY id").fetchall()
        seen: dict[tuple[str, str], list[int]] = {}
        for day, service, seq, number in rows:
            seen.setdefault((day, service), []).append(seq)
            assert number == f"{service}{seq:03d}"
        for seqs in seen.values():
            assert seqs == list(range(1, len(seqs) + 1))
    finally:
        db.close()
        shutil.rmtree(tmp)


ACTIONS = [a for a in Action if a not in (Action.CALL, Action.EXPIRE)]  # expire: the day close only


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    script=st.lists(
        st.tuples(st.sampled_from(["call"] + [a.value for a in ACTIONS]), st.integers(1, 4)), min_size=1, max_size=60
    )
)
def test_terminal_tickets_never_move_whatever_is_tried(template_dir, script):
    tmp, clock, hub, db = fresh(template_dir)
    try:
        for _ in range(4):
            queue.issue_ticket(db, hub.env, "A")
        queue.open_counter(db, hub.env, ADMIN, 1)
        for action, ticket_id in script:
            clock.advance(5)
            before = {row[0]: row for row in db.execute("SELECT * FROM tickets").fetchall()}
            try:
                if action == "call":
                    queue.call_next(db, hub.env, ADMIN, 1)
                else:
                    queue.act(db, hub.env, ADMIN, ticket_id, Action(action), service="B")
            except (IllegalTransition, ServiceError):
                after = {row[0]: row for row in db.execute("SELECT * FROM tickets").fetchall()}
                assert after == before  # a refused action changes nothing
                continue
            after = {row[0]: row for row in db.execute("SELECT * FROM tickets").fetchall()}
            for tid, row in before.items():
                if Status(row[5]) in TERMINAL:
                    assert after[tid] == row, f"ticket {tid} moved out of {row[5]} by {action}"
        # And the event log agrees with every ticket's current status.
        for ticket_id, status in db.execute("SELECT id, status FROM tickets").fetchall():
            last = db.execute(
                "SELECT to_status FROM events WHERE ticket_id = ? ORDER BY id DESC LIMIT 1", [ticket_id]
            ).fetchone()
            assert last == (status,)
    finally:
        db.close()
        shutil.rmtree(tmp)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    mode=st.sampled_from(["strict", "interleave"]),
    every=st.integers(1, 4),
    arrivals=st.lists(st.tuples(st.sampled_from("ABT"), st.booleans(), st.integers(0, 3)), min_size=1, max_size=30),
    calls=st.integers(1, 30),
)
def test_call_next_from_the_heads_of_the_lines_calls_what_the_policy_says_over_the_whole_queue(
    template_dir, mode, every, arrivals, calls
):
    from server.core.policy import PriorityPolicy, choose_next
    from server.store import repo

    tmp, clock, hub, db = fresh(template_dir)
    try:
        repo.set_option(db, "priority_policy", mode)
        repo.set_option(db, "priority_every", every)
        for service, priority, gap in arrivals:  # gap 0: several tickets in the same second (ties)
            clock.advance(gap)
            queue.issue_ticket(db, hub.env, service, "nguoi_cao_tuoi" if priority else None)
        queue.open_counter(db, hub.env, ADMIN, 1)  # counter 1 serves A and T
        day = hub.env.today()
        for _ in range(calls):
            whole_queue = repo.waiting_tickets(db, day)
            expected = choose_next(
                whole_queue, ["A", "T"], PriorityPolicy(mode, every), repo.recent_call_priorities(db, 1, day)
            )
            called, _ = queue.call_next(db, hub.env, ADMIN, 1)
            assert (called.id if called else None) == (expected.id if expected else None)
            if called is None:
                break
            clock.advance(1)
            queue.act(db, hub.env, ADMIN, called.id, Action.START)
            queue.act(db, hub.env, ADMIN, called.id, Action.FINISH)
    finally:
        db.close()
        shutil.rmtree(tmp)
