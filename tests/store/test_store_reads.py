"""The store's fast reads keep sqlite-utils' meaning, and what a request remembers never outlives a change."""

import sqlite3

import pytest

from server.store import repo
from server.store.db import connect, immediate


@pytest.fixture
def store(tmp_path):
    db = connect(str(tmp_path / "x.db"))
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER)")
    db.execute("CREATE TABLE options (key TEXT PRIMARY KEY, value TEXT)")
    return db


def test_a_join_with_repeated_column_names_keeps_both_values(store):
    store.execute("INSERT INTO t (id, x) VALUES (1, 10)")
    assert list(store.query("SELECT a.id, b.id, a.x FROM t a JOIN t b ON a.id = b.id")) == [
        {"id": 1, "id_2": 1, "x": 10}
    ]


def test_a_write_with_returning_through_query_takes_effect_and_leaves_no_lock(store, tmp_path):
    rows = store.query("INSERT INTO t (x) VALUES (5) RETURNING id, x")
    assert next(rows) == {"id": 1, "x": 5}
    other = sqlite3.connect(str(tmp_path / "x.db"), timeout=0.05, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # not "database is locked": the write is done and released
    other.execute("ROLLBACK")
    assert other.execute("SELECT x FROM t").fetchall() == [(5,)]


def test_a_statement_that_returns_no_rows_is_refused_by_query_and_changes_nothing(store):
    store.execute("INSERT INTO t (id, x) VALUES (1, 7)")
    with pytest.raises(ValueError):
        store.query("UPDATE t SET x = 1")
    assert list(store.query("SELECT id, x FROM t")) == [{"id": 1, "x": 7}]


def test_options_remembered_before_a_write_are_read_again_inside_it(store, tmp_path):
    store.memo = {}
    repo.set_option(store, "closed_early_on", "2026-12-01")
    assert repo.get_options(store)["closed_early_on"] == "2026-12-01"  # remembered for the request
    manager = connect(str(tmp_path / "x.db"))
    repo.set_option(manager, "closed_early_on", "2026-12-02")  # a manager saves meanwhile
    with immediate(store):
        assert repo.get_options(store)["closed_early_on"] == "2026-12-02"


def test_options_written_in_a_write_that_fails_are_not_remembered(store):
    store.memo = {}
    repo.set_option(store, "hotline", "1")
    with pytest.raises(RuntimeError), immediate(store):
        repo.set_option(store, "hotline", "2")
        assert repo.get_options(store)["hotline"] == "2"
        raise RuntimeError("refused")
    assert repo.get_options(store)["hotline"] == "1"
