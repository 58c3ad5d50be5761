"""The reads of a call and of a ticket's reply stay few whatever the hall: the heads of a ten-field counter's lines in
one statement, a ticket's counters chosen by SQLite and read again only once a counter changed; and a result's
column names are never mixed up between two databases or after a table gains a column."""

import dataclasses
import json

import pytest

from server.core.estimates import estimated_wait_s
from server.core.tickets import Status, Ticket
from server.options import load_options
from server.store import repo
from server.store.db import immediate
from tests.helpers import issue

CODES = list("ABCDEFGHKT")


def _traced(db, read):
    statements = []
    db.conn.set_trace_callback(statements.append)
    try:
        return read(), statements
    finally:
        db.conn.set_trace_callback(None)


def test_a_ten_field_counter_reads_the_heads_of_its_twenty_lines_in_one_statement(client, db, hub):
    for code in CODES:
        issue(client, code)
        issue(client, code)
        issue(client, code, priority="nguoi_cao_tuoi")
    heads, statements = _traced(db, lambda: repo.line_heads(db, hub.env.today(), CODES))
    assert len(statements) == 1 and statements[0].count("INDEXED BY tickets_line_heads") == 20
    assert sorted((t.number, t.priority) for t in heads) == sorted(  # the rule sorts them: their order is free
        pair for code in CODES for pair in ((f"{code}003", "nguoi_cao_tuoi"), (f"{code}001", None))
    )


def test_a_counter_with_more_fields_than_one_statement_reads_gets_every_head(client, db, hub, monkeypatch):
    monkeypatch.setattr(repo, "ARMS_AT_ONCE", 6)  # 20 lines: 6, 6, 6 and 2
    for code in CODES:
        issue(client, code)
    heads, statements = _traced(db, lambda: repo.line_heads(db, hub.env.today(), CODES))
    assert len(statements) == 4
    assert sorted(t.number for t in heads) == [f"{code}001" for code in CODES]


def test_the_heads_of_lines_with_nobody_waiting_are_absent_and_no_field_reads_nothing(client, db, hub):
    issue(client, "B")
    assert [t.number for t in repo.line_heads(db, hub.env.today(), ["A", "B", "T"])] == ["B001"]
    assert repo.line_heads(db, hub.env.today(), []) == []


def test_a_tickets_reply_names_the_counters_of_its_field_only_and_counts_the_open_ones(client, db):
    db.execute("INSERT INTO counters (number, name, services) VALUES (7, 'Quầy 7', '[\"AB\", \"T\"]')")
    db.execute("INSERT INTO counters (number, name, services) VALUES (8, 'Quầy 8', '[\"B\", \"T\"]')")
    db.execute("UPDATE counters SET state = 'open' WHERE number IN (2, 3, 7)")  # 7 serves "AB", not "B"
    for _ in range(3):
        issue(client, "B")
    reply = issue(client, "B")
    assert reply["counters"] == [
        {"number": 2, "name": "Quầy 2", "open": True},
        {"number": 3, "name": "Quầy 3", "open": True},
        {"number": 8, "name": "Quầy 8", "open": False},
    ]
    typical = float(load_options(db)["default_service_time_s"])  # nobody served yet today
    assert (reply["ahead"], reply["estimated_wait_s"]) == (3, estimated_wait_s(3, typical, 2))
    assert repo.counters_serving(db, "B") == (
        {"number": 2, "name": "Quầy 2", "state": "open"},
        {"number": 3, "name": "Quầy 3", "state": "open"},
        {"number": 8, "name": "Quầy 8", "state": "closed"},
    )


def test_the_counters_of_a_field_are_read_once_until_a_counter_changes(db):
    first, _ = _traced(db, lambda: repo.counters_serving(db, "B"))
    again, statements = _traced(db, lambda: repo.counters_serving(db, "B"))
    assert again is first
    assert statements == ["SELECT stamp FROM versions WHERE name = 'counters'"]
    db.execute("UPDATE counters SET state = 'open' WHERE number = 2")
    changed, statements = _traced(db, lambda: repo.counters_serving(db, "B"))
    assert changed == (
        {"number": 2, "name": "Quầy 2", "state": "open"},
        {"number": 3, "name": "Quầy 3", "state": "closed"},
    )
    assert statements == [
        "SELECT stamp FROM versions WHERE name = 'counters'",
        """SELECT number, name, state FROM counters WHERE instr(services, '"B"') > 0 ORDER BY number""",
        "SELECT stamp FROM versions WHERE name = 'counters'",
    ]


def test_counters_that_change_while_they_are_read_are_read_again_when_their_stamp_comes_back(db, hub):
    """A stamp names one state of the counters: a restored backup brings back its counters with their stamp. What
    was read while another program changed them is not kept under the stamp read before."""
    other, stamp = hub.connect(), repo.counters_stamp(db)

    def read_while_another_program_renames_counter_2():
        other.execute("UPDATE counters SET name = 'Quầy mới' WHERE number = 2")
        return "counter 2 renamed"

    assert repo.read_once_per_counters_stamp(db, "names", read_while_another_program_renames_counter_2) == (
        "counter 2 renamed"
    )
    other.execute("UPDATE counters SET name = 'Quầy 2' WHERE number = 2")
    other.execute("UPDATE versions SET stamp = ? WHERE name = 'counters'", [stamp])  # the backup's counters and stamp
    assert repo.read_once_per_counters_stamp(db, "names", lambda: "read again") == "read again"
    other.close()


def test_counters_read_in_a_write_that_rolls_back_are_not_what_the_next_ticket_shows(client, db):
    with pytest.raises(RuntimeError, match="the write fails"):
        with immediate(db):
            db.execute("UPDATE counters SET state = 'open' WHERE number = 2")
            assert [c["state"] for c in repo.counters_serving(db, "B")] == ["open", "closed"]
            raise RuntimeError("the write fails")
    assert [(c["number"], c["open"]) for c in issue(client, "B")["counters"]] == [(2, False), (3, False)]


def test_every_change_to_the_counters_is_stamped_by_a_trigger_after_every_migration(db):
    triggers = db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'counters'")
    assert sorted(name for (name,) in triggers) == ["counters_added", "counters_changed", "counters_removed"]


def test_a_tickets_reply_shows_every_change_another_program_makes_to_the_counters_at_once(client, db):
    """`db` is a connection of its own, as another server process or a manager's sqlite3 would be: nothing tells
    this process's reads that the counters changed but the stamp the database keeps."""

    def listed():
        return [(c["number"], c["name"], c["open"]) for c in issue(client, "B")["counters"]]

    assert listed() == [(2, "Quầy 2", False), (3, "Quầy 3", False)]
    assert listed() == [(2, "Quầy 2", False), (3, "Quầy 3", False)]
    db.execute("UPDATE counters SET state = 'open' WHERE number = 3")
    assert listed() == [(2, "Quầy 2", False), (3, "Quầy 3", True)]
    db.execute("UPDATE counters SET name = 'Quầy hộ tịch' WHERE number = 2")
    assert listed() == [(2, "Quầy hộ tịch", False), (3, "Quầy 3", True)]
    db.execute("INSERT INTO counters (number, name, services, state) VALUES (9, 'Quầy 9', '[\"B\"]', 'open')")
    assert listed() == [(2, "Quầy hộ tịch", False), (3, "Quầy 3", True), (9, "Quầy 9", True)]
    db.execute("UPDATE counters SET services = '[\"A\"]' WHERE number = 2")
    assert listed() == [(3, "Quầy 3", True), (9, "Quầy 9", True)]
    db.execute("DELETE FROM counters WHERE number = 3")
    assert listed() == [(9, "Quầy 9", True)]
    reply, typical = issue(client, "B"), float(load_options(db)["default_service_time_s"])
    assert (reply["ahead"], reply["estimated_wait_s"]) == (7, estimated_wait_s(7, typical, 1))


def test_the_fields_open_counters_follow_every_change_another_program_makes(client, db):
    def open_counters():
        return {s["code"]: s["open_counters"] for s in client.get("/api/services").get_json()}

    assert open_counters()["B"] == 0
    db.execute("UPDATE counters SET state = 'open' WHERE number IN (2, 3)")
    assert (open_counters()["A"], open_counters()["B"]) == (1, 2)
    db.execute("UPDATE counters SET services = '[\"A\"]' WHERE number = 2")
    assert (open_counters()["A"], open_counters()["B"]) == (1, 1)
    db.execute("UPDATE counters SET state = 'paused' WHERE number = 3")
    assert (open_counters()["A"], open_counters()["B"]) == (1, 0)


def test_the_same_select_on_two_databases_whose_columns_differ_gives_each_its_own_names(tmp_path):
    from server.store.db import connect

    old, new = connect(str(tmp_path / "old.db")), connect(str(tmp_path / "new.db"))
    old.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    new.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    old.execute("INSERT INTO notes (body) VALUES ('cũ')")
    new.execute("INSERT INTO notes (text) VALUES ('mới')")
    assert list(old.query("SELECT * FROM notes")) == [{"id": 1, "body": "cũ"}]
    assert list(new.query("SELECT * FROM notes")) == [{"id": 1, "text": "mới"}]


def test_a_select_star_read_again_after_its_table_gained_a_column_gives_the_new_column(db):
    db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    db.execute("INSERT INTO notes (text) VALUES ('một')")
    assert list(db.query("SELECT * FROM notes")) == [{"id": 1, "text": "một"}]
    db.execute("ALTER TABLE notes ADD COLUMN seen INTEGER DEFAULT 0")
    assert list(db.query("SELECT * FROM notes")) == [{"id": 1, "text": "một", "seen": 0}]
    assert list(db.query("SELECT n.id, m.id FROM notes n JOIN notes m ON m.id = n.id")) == [{"id": 1, "id_2": 1}]


def test_a_ticket_read_as_a_tuple_is_the_dataclass_made_from_its_row(client, db):
    issue(client, "A")
    issue(client, "B", priority="nguoi_cao_tuoi")
    db.execute(
        "UPDATE tickets SET dossiers = ?, status = 'serving', counter = 1 WHERE number = 'A001'", ['["H1", "H2"]']
    )
    rows = list(db.query("SELECT * FROM tickets ORDER BY id"))
    made = [  # as the dataclass makes them, every field from the row
        Ticket(
            **{
                **{f.name: r[f.name] for f in dataclasses.fields(Ticket)},
                "status": Status(r["status"]),
                "dossiers": tuple(json.loads(r["dossiers"])),
            }
        )
        for r in rows
    ]
    read = repo.select_tickets(db, "SELECT * FROM tickets ORDER BY id", [])
    assert read == made == [repo.ticket_from_row(r) for r in rows]
    assert [(t.number, t.status, t.dossiers, t.priority) for t in read] == [
        ("A001", Status.SERVING, ("H1", "H2"), None),
        ("B001", Status.WAITING, (), "nguoi_cao_tuoi"),
    ]
    assert {hash(t) for t in read} == {hash(t) for t in made}
    assert dataclasses.replace(read[1], status=Status.CALLED) == dataclasses.replace(made[1], status=Status.CALLED)
    with pytest.raises(dataclasses.FrozenInstanceError):
        read[0].status = Status.DONE  # type: ignore[misc]
